//! A large file fetched once and kept (the assistant's sentence-encoder model): from the browser's Cache
//! Storage when it is there, else over the network with progress, then put in the cache for the next visit.
//! Where Cache Storage is unavailable (an insecure context), the file is fetched each time.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The cache the page keeps large files in; a new model file name is a new entry.
const CACHE_NAME: &str = "chatgate-assistant-v1";

/// Where the bytes came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Cache,
    Network,
}

/// The bytes of `url`, and where they came from. `progress(received, expected)` is called as bytes arrive
/// (`expected` from `Content-Length`, when the server gives it and the body is not compressed on the way).
pub async fn fetch_kept(
    url: &str,
    progress: impl Fn(f64, Option<f64>),
) -> Result<(Vec<u8>, Source), String> {
    let window = web_sys::window().ok_or("no window")?;
    let cache: Option<web_sys::Cache> = match window.caches() {
        Ok(storage) => JsFuture::from(storage.open(CACHE_NAME))
            .await
            .ok()
            .and_then(|cache| cache.dyn_into().ok()),
        Err(_) => None,
    };
    if let Some(cache) = &cache {
        if let Ok(found) = JsFuture::from(cache.match_with_str(url)).await {
            if let Ok(response) = found.dyn_into::<web_sys::Response>() {
                let bytes = read_body(&response, &progress).await?;
                return Ok((bytes, Source::Cache));
            }
        }
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let bytes = read_body(&response, &progress).await?;
    if let Some(cache) = &cache {
        let body = js_sys::Uint8Array::from(bytes.as_slice());
        if let Ok(copy) = web_sys::Response::new_with_opt_buffer_source(Some(&body)) {
            // A full quota only means the next visit fetches the file again.
            let _ = JsFuture::from(cache.put_with_str(url, &copy)).await;
        }
    }
    Ok((bytes, Source::Network))
}

/// Reads a response's body chunk by chunk, reporting progress.
async fn read_body(
    response: &web_sys::Response,
    progress: &impl Fn(f64, Option<f64>),
) -> Result<Vec<u8>, String> {
    let headers = response.headers();
    let encoded = headers.get("content-encoding").ok().flatten().is_some();
    let expected = headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<f64>().ok())
        .filter(|_| !encoded);
    let body = response.body().ok_or("the response has no body")?;
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| "the body cannot be read".to_string())?;
    let mut bytes = Vec::with_capacity(expected.unwrap_or(0.0) as usize);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| "the download broke off".to_string())?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|done| done.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|_| "a chunk could not be read".to_string())?;
        bytes.extend(js_sys::Uint8Array::new(&value).to_vec());
        progress(bytes.len() as f64, expected);
    }
    Ok(bytes)
}
