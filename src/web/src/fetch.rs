//! HTTP through `fetch`: a GET of a text file, and the assistant's staff POST. The visitor's consents are sent by
//! the consent courier (`src/deliver`, `www/deliver.js`); callers keep the rule that the widget requests nothing
//! before the visitor acts.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// GETs a text file (the assistant's configured template library).
pub async fn get_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| format!("{url}: the body could not be read"))?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// POSTs JSON with a bearer token (staff requests: the assistant recording a STOP reply), without cookies or
/// cache: the status and the body's text, or why there was no answer.
pub async fn post_json_with_token(
    url: &str,
    body: &str,
    token: &str,
) -> Result<(u16, String), String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = js_sys::Object::new();
    for (name, value) in [
        ("Content-Type", "application/json".to_string()),
        ("Authorization", format!("Bearer {token}")),
    ] {
        let _ = js_sys::Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(&value),
        );
    }
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| format!("{url} could not be reached"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}
