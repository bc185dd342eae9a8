//! The launcher's DOM after the loader drew it (`www/loader.js`): its accessible name and language, its
//! `aria-expanded` and `aria-busy` states, and removing the widget root. Labels are set as attributes, never
//! parsed as HTML.

/// Sets `aria-expanded` on the launcher.
pub fn set_expanded(element: &web_sys::HtmlElement, expanded: bool) {
    let _ = element.set_attribute("aria-expanded", if expanded { "true" } else { "false" });
}

/// Names the launcher `label` in language `lang` (screen readers pick the voice from `lang`).
pub fn label_launcher(element: &web_sys::HtmlElement, label: &str, lang: &str) {
    let _ = element.set_attribute("aria-label", label);
    let _ = element.set_attribute("lang", lang);
}

/// Removes an element from the document (the widget root the loader drew, when the config is refused).
pub fn remove_element(element: &web_sys::Element) {
    element.remove();
}

/// Marks an element busy (`aria-busy="true"`) or not: the launcher while the dialog it was asked for loads.
pub fn set_busy(element: &web_sys::HtmlElement, busy: bool) {
    let _ = if busy {
        element.set_attribute("aria-busy", "true")
    } else {
        element.remove_attribute("aria-busy")
    };
}
