//! The visitor widget's launcher bundle (`widget.js` + `widget_bg.wasm`, built by Trunk from `index.html`):
//! set the panic hook, start the launcher.

mod launcher;

fn main() {
    console_error_panic_hook::set_once();
    launcher::start();
}
