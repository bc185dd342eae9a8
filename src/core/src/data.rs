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

/// `text[range]` without a panic path: the part, or `""` where the range is not on character boundaries or
/// not inside the text. Every `&text[a..b]` links the standard library's message for a bad slice, which
/// prints the character it cut with `{:?}` and so brings Unicode's printable tables and `Debug` formatting
/// (about 5 KB, 2 KB gzip, in the config checker every visitor downloads: issue 15). The widget's parsers cut
/// only where they found a boundary, so the two agree on every text they read.
pub fn part<R: std::slice::SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    text.get(range).unwrap_or("")
}

/// Sorts a short list in place by `less` (insertion sort). The standard library's sorts are fast on long lists,
/// but each call site with its own comparison gets its own copy of 1.5–3 KB of sorting code, and these lists
/// (a region's prefixes, a translation file) are short and sorted once: the visitor widget's bundles use this
/// instead (issue 15).
pub fn sort_short_by<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && less(&items[at], &items[at - 1]) {
            items.swap(at, at - 1);
            at -= 1;
        }
    }
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

    #[test]
    fn short_lists_sort_stably() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        super::sort_short_by(&mut items, |a, b| a.0 < b.0);
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }
}
