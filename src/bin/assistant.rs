//! The agent assistant page's bundle (`assistant.js` + `assistant_bg.wasm`). Everything is in
//! `chatgate::ui::assistant`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    chatgate::ui::assistant::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the assistant page runs in the browser: build it with `make build` and open /assistant/ of `make run`");
}
