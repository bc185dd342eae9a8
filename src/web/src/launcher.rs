//! The launcher's DOM, built with plain DOM calls (the launcher bundle has no Leptos): the widget root, the
//! button and its WhatsApp mark, its accessible name and language, and its `aria-expanded` and `aria-busy`
//! states. Labels are set as attributes, never parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::mount::mount_point;

/// Sets `aria-expanded` on the launcher.
pub fn set_expanded(element: &web_sys::HtmlElement, expanded: bool) {
    let _ = element.set_attribute("aria-expanded", if expanded { "true" } else { "false" });
}

/// Names the launcher `label` in language `lang` (screen readers pick the voice from `lang`).
pub fn label_launcher(element: &web_sys::HtmlElement, label: &str, lang: &str) {
    let _ = element.set_attribute("aria-label", label);
    let _ = element.set_attribute("lang", lang);
}

/// The SVG of the launcher's WhatsApp mark (path data only; drawn with DOM calls, no HTML parsing).
const LAUNCHER_ICON: &str = "M16 3C8.8 3 3 8.6 3 15.6c0 2.5.7 4.8 2 6.8L3.6 29l6.8-1.8c1.7.9 3.6 1.4 5.6 1.4 7.2 0 13-5.6 13-12.6S23.2 3 16 3zm0 23c-1.8 0-3.5-.5-5-1.3l-.4-.2-4 1 1-3.8-.3-.4A10.1 10.1 0 0 1 5.6 15.6C5.6 10 10.3 5.5 16 5.5s10.4 4.5 10.4 10.1S21.7 26 16 26zm5.7-7.6c-.3-.2-1.8-.9-2.1-1s-.5-.2-.7.2-.8 1-1 1.2-.4.2-.7 0a8.5 8.5 0 0 1-4.2-3.6c-.3-.5.3-.5.9-1.6.1-.2 0-.4 0-.5l-1-2.3c-.2-.6-.5-.5-.7-.5h-.6c-.2 0-.5.1-.8.4s-1 1-1 2.5 1.1 2.9 1.2 3.1c.2.2 2.1 3.2 5.1 4.5 1.9.8 2.6.9 3.6.7.6-.1 1.8-.7 2-1.4.3-.7.3-1.3.2-1.4l-.2-.4z";

/// Creates the widget root (`classes`) in the shadow root with the launcher button labelled `label` (in language
/// `lang`) inside it. Returns (root, launcher). The label is set as an attribute, never parsed as HTML.
pub fn create_launcher(
    shadow: &web_sys::ShadowRoot,
    classes: &str,
    label: &str,
    lang: &str,
) -> Result<(web_sys::HtmlElement, web_sys::HtmlElement), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let root = mount_point(shadow)?;
    root.set_class_name(classes);
    let button = document.create_element("button")?;
    button.set_class_name("cg-launcher");
    for (name, value) in [
        ("type", "button"),
        ("aria-haspopup", "dialog"),
        ("aria-expanded", "false"),
    ] {
        button.set_attribute(name, value)?;
    }
    label_launcher(button.unchecked_ref(), label, lang);
    let svg_ns = Some("http://www.w3.org/2000/svg");
    let svg = document.create_element_ns(svg_ns, "svg")?;
    for (name, value) in [
        ("viewBox", "0 0 32 32"),
        ("width", "28"),
        ("height", "28"),
        ("aria-hidden", "true"),
        ("focusable", "false"),
    ] {
        svg.set_attribute(name, value)?;
    }
    let path = document.create_element_ns(svg_ns, "path")?;
    path.set_attribute("fill", "currentColor")?;
    path.set_attribute("d", LAUNCHER_ICON)?;
    svg.append_child(&path)?;
    button.append_child(&svg)?;
    root.append_child(&button)?;
    Ok((root, button.unchecked_into()))
}

/// Marks an element busy (`aria-busy="true"`) or not: the launcher while the dialog it was asked for loads.
pub fn set_busy(element: &web_sys::HtmlElement, busy: bool) {
    let _ = if busy {
        element.set_attribute("aria-busy", "true")
    } else {
        element.remove_attribute("aria-busy")
    };
}
