//! The QR encoder the loader imports on demand (`Chatgate._boot.qr`, `src/qr`), and whether the screen is one
//! that shows QR codes (a media query).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::global::chatgate;

/// The QR encoder's answer for `text` (`core::qr::QrSvg::from_answer` reads it); `None` when the encoder could
/// not be loaded (the next call tries again) or there is no loader.
pub async fn qr_answer(text: &str) -> Option<String> {
    let promise = chatgate()?.loader_boot()?.qr(text).ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    answer.as_string()
}

/// Calls `callback` once `query` matches (`matchMedia`): now, or when the screen changes so that it does.
pub fn when_media_matches(query: &str, callback: impl FnOnce() + 'static) {
    let Some(list) = web_sys::window().and_then(|window| window.match_media(query).ok().flatten())
    else {
        return;
    };
    if list.matches() {
        callback();
        return;
    }
    let mut callback = Some(callback);
    let target = list.clone();
    let listener: std::rc::Rc<std::cell::RefCell<Option<Closure<dyn FnMut()>>>> =
        Default::default();
    let kept = listener.clone();
    *listener.borrow_mut() = Some(Closure::new(move || {
        if !target.matches() {
            return;
        }
        if let Some(callback) = callback.take() {
            callback();
        }
        // Matched once: the listener removes itself (its closure is dropped after this call returns).
        if let Some(closure) = kept.borrow_mut().take() {
            let _ = target
                .remove_event_listener_with_callback("change", closure.as_ref().unchecked_ref());
            wasm_bindgen_futures::spawn_local(async move { drop(closure) });
        }
    }));
    let registered = listener.borrow();
    if let Some(closure) = registered.as_ref() {
        let _ = list.add_event_listener_with_callback("change", closure.as_ref().unchecked_ref());
    }
}
