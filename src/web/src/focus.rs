//! Focus inside the widget: the first control, the element a screen marks `data-autofocus`, and keeping Tab
//! inside the open dialog. It works across the shadow root (the focused element is read from the root the
//! container lives in), and never moves focus on the host page outside the widget.

use wasm_bindgen::JsCast;

/// The visible elements inside `container` that take focus, in order.
fn focusable_in(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let selector = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
    let Ok(list) = container.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|element| element.offset_parent().is_some())
        .collect()
}

/// The element that has focus inside the widget's shadow root.
fn focused_in(container: &web_sys::Element) -> Option<web_sys::Element> {
    let root = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok();
    match root {
        Some(root) => root.active_element(),
        None => web_sys::window()?.document()?.active_element(),
    }
}

/// Moves focus to the first focusable element inside `container` (or the container itself).
pub fn focus_first(container: &web_sys::Element) {
    match focusable_in(container).first() {
        Some(element) => {
            let _ = element.focus();
        }
        None => {
            if let Some(element) = container.dyn_ref::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    }
}

/// Focuses the element marked `data-autofocus` inside `container` (a screen's heading), else its first control.
pub fn focus_autofocus_or_first(container: &web_sys::Element) {
    if !focus_matching(container, "[data-autofocus]") {
        focus_first(container);
    }
}

/// Focuses the first element inside `container` that `selector` matches; `false` when none does.
pub fn focus_matching(container: &web_sys::Element, selector: &str) -> bool {
    let element = container
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    element.is_some_and(|element| element.focus().is_ok())
}

/// Whether the focused element is `container` or inside it (in its shadow root or the document).
pub fn focus_is_inside(container: &web_sys::Element) -> bool {
    let root = container.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.active_element()),
    };
    active.is_some_and(|active| container.contains(Some(&active)))
}

/// Moves focus to `element`.
pub fn focus(element: &impl AsRef<web_sys::HtmlElement>) {
    let _ = element.as_ref().focus();
}

/// Keeps Tab inside `container`: when focus would leave it, wraps to the other end. Returns whether it moved focus
/// (the caller then prevents the browser's default).
pub fn trap_tab(container: &web_sys::Element, backwards: bool) -> bool {
    let focusable = focusable_in(container);
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return false;
    };
    let current = focused_in(container);
    let inside = current
        .as_ref()
        .is_some_and(|element| container.contains(Some(element)));
    let at = |target: &web_sys::HtmlElement| {
        current
            .as_ref()
            .is_some_and(|element| element == target.unchecked_ref::<web_sys::Element>())
    };
    let target = if !inside {
        Some(if backwards { last } else { first })
    } else if backwards && at(first) {
        Some(last)
    } else if !backwards && at(last) {
        Some(first)
    } else {
        None
    };
    match target {
        Some(element) => {
            let _ = element.focus();
            true
        }
        None => false,
    }
}
