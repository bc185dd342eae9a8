//! Styles for the widget's shadow root, as constructable (adopted) stylesheets: allowed under a strict CSP
//! (`style-src` without `unsafe-inline`), unlike `<style>` elements or `style` attributes, which the widget never
//! writes.

use wasm_bindgen::prelude::*;

/// Applies a stylesheet to a shadow root as a constructable stylesheet.
pub fn adopt_stylesheet(root: &web_sys::ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
    Ok(())
}
