//! Scheduling on the page's event loop: one-shot timers and their cancellation, the next task
//! (`scheduler.postTask`, else `setTimeout(0)`) that keeps start-up work in short tasks, and spawning futures.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `f` as a JavaScript function to call once. Boxed first, so wasm-bindgen's closure code is compiled once for
/// every caller's closure rather than once per closure type (issue 15).
fn once(f: impl FnOnce() + 'static) -> JsValue {
    let f: Box<dyn FnOnce()> = Box::new(f);
    Closure::once_into_js(f)
}

/// Calls `f` once after `ms` milliseconds.
pub fn set_timeout(ms: f64, f: impl FnOnce() + 'static) -> Option<i32> {
    let window = web_sys::window()?;
    let closure = once(f);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            closure.unchecked_ref(),
            ms.clamp(0.0, 2_147_483_647.0) as i32,
        )
        .ok()
}

/// Runs `f` in a task of its own, soon: `scheduler.postTask` (not throttled like timers in a background tab)
/// where the browser has it, else `setTimeout(0)`. Used to keep start-up work in tasks shorter than 50 ms.
pub fn next_task(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = once(f);
    let post_task = js_sys::Reflect::get(&window, &JsValue::from_str("scheduler"))
        .ok()
        .filter(|scheduler| scheduler.is_object())
        .and_then(|scheduler| {
            let post = js_sys::Reflect::get(&scheduler, &JsValue::from_str("postTask"))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()?;
            Some((scheduler, post))
        });
    let posted =
        post_task.is_some_and(|(scheduler, post)| post.call1(&scheduler, &closure).is_ok());
    if !posted {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), 0);
    }
}

/// Runs a future on the page's event loop. Boxed first, so the executor's code is compiled once rather than
/// once per future type (issue 15).
pub fn spawn(future: impl std::future::Future<Output = ()> + 'static) {
    let future: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = Box::pin(future);
    wasm_bindgen_futures::spawn_local(future);
}
