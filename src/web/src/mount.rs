//! Where the widget's views mount inside the shadow root: the widget root the launcher bundle creates, and the
//! slot the dialog bundle creates before the launcher. Nothing here reads or renders page content.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Creates the element the Leptos view mounts into, inside the shadow root.
pub fn mount_point(root: &web_sys::ShadowRoot) -> Result<web_sys::HtmlElement, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let element = document.create_element("div")?;
    element.set_class_name("chatgate");
    root.append_child(&element)?;
    Ok(element.unchecked_into())
}

/// Creates the element the dialog mounts into, before the launcher inside the widget root.
pub fn panel_mount_point(
    container: &web_sys::HtmlElement,
    launcher: &web_sys::HtmlElement,
) -> Result<web_sys::HtmlElement, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let element = document.create_element("div")?;
    element.set_class_name("cg-panel-slot");
    container.insert_before(&element, Some(launcher))?;
    Ok(element.unchecked_into())
}

/// The dialog beside `launcher` in the widget root (`.cg-panel` in the slot before it), once it is built.
pub fn panel_beside(launcher: &web_sys::HtmlElement) -> Option<web_sys::Element> {
    launcher
        .parent_element()?
        .query_selector(".cg-panel")
        .ok()
        .flatten()
}
