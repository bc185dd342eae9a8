//! The visitor widget's dialog bundle (`panel.js` + `panel_bg.wasm`), loaded by the launcher bundle on the first
//! interaction: set the panic hook, start the dialog.

fn main() {
    console_error_panic_hook::set_once();
    chatgate_panel::start();
}
