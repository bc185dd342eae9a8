//! The caret and selection of a text field in chars: the DOM counts UTF-16 code units, the core counts chars,
//! and this file is where one becomes the other.

/// The caret of a text field, in chars (the DOM counts UTF-16 units; the core counts chars).
pub fn caret_chars(field: &web_sys::HtmlTextAreaElement) -> usize {
    let units = field.selection_start().ok().flatten().unwrap_or(0) as usize;
    utf16_to_chars(&field.value(), units)
}

/// Selects chars `start..end` of a text field (the DOM counts UTF-16 units).
pub fn select_chars(field: &web_sys::HtmlTextAreaElement, start: usize, end: usize) {
    let value = field.value();
    let to_units = |chars: usize| {
        value
            .chars()
            .take(chars)
            .map(char::len_utf16)
            .sum::<usize>() as u32
    };
    let _ = field.set_selection_range(to_units(start), to_units(end));
}

fn utf16_to_chars(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (index, c) in text.chars().enumerate() {
        if seen >= units {
            return index;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}
