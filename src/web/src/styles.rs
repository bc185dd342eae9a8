//! Styles for the widget's shadow root, as constructable (adopted) stylesheets: allowed under a strict CSP
//! (`style-src` without `unsafe-inline`), unlike `<style>` elements or `style` attributes, which the widget never
//! writes. The loader adopts widget.css and the accent's sheet before any wasm runs; the launcher bundle only
//! re-applies the accent as the core computes it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Replaces the accent's stylesheet, the second one the loader adopted (after widget.css), with `css`. Where the
/// loader had to link widget.css instead (no constructable stylesheets), the accent stays its CSSOM writes.
pub fn replace_accent_stylesheet(root: &web_sys::ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheets = js_sys::Reflect::get(root, &JsValue::from_str("adoptedStyleSheets"))?;
    let Ok(sheets) = sheets.dyn_into::<js_sys::Array>() else {
        return Ok(());
    };
    if sheets.length() < 2 {
        return Ok(());
    }
    let sheet: web_sys::CssStyleSheet = sheets.get(1).dyn_into()?;
    sheet.replace_sync(css)
}
