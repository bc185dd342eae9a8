//! The visitor widget's dialog bundle (`panel.js` + `panel_bg.wasm`), loaded by the launcher bundle on the first
//! interaction. Everything is in `chatgate::ui::widget`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    chatgate::ui::widget::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the widget's dialog runs in the browser: build it with `make build`");
}
