//! The visitor widget's browser entry: set the panic hook, start the widget. Everything else is in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    chatgate::ui::launcher::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the widget runs in the browser: build it with `make build` (Trunk), run the CLI with `--bin chatgate`");
}
