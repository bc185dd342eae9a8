//! Files the visitor chooses and files the page offers: reading the first chosen file as text, and offering text
//! as a download through a temporary object URL (revoked at once).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::timers::spawn;

/// Reads the first file chosen in a file input as text and calls `done` with it (or why it could not).
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(Result<(String, String), String>) + 'static,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let name = file.name();
    spawn(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        done(
            text.ok()
                .and_then(|value| value.as_string())
                .map(|text| (name, text))
                .ok_or_else(|| "the file could not be read".to_string()),
        );
    });
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", file_name);
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
