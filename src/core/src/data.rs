//! The one reader of the line-based data files compiled into the core (tone word lists, limits and messages,
//! classification signals, ranking expansions, time zones, translations): one record a line, fields separated
//! by tabs, `#` comments and blank lines skipped. Each file documents its own fields in its header; the phone
//! table (`phone/metadata.txt`) is read at compile time by its own `const fn` and is not a tab file.

/// The records of a data file, each as an iterator over its tab-separated fields.
pub fn records(text: &str) -> impl Iterator<Item = std::str::Split<'_, char>> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_fields_split_on_tabs() {
        let text = "# header\n\na\tb c\t\n  \nd\n#x\te\n";
        let rows: Vec<Vec<&str>> = records(text).map(Iterator::collect).collect();
        assert_eq!(rows, vec![vec!["a", "b c", ""], vec!["d"]]);
    }
}
