//! The agent assistant page's bundle (`assistant.js` + `assistant_bg.wasm`): set the panic hook, start the page.

fn main() {
    console_error_panic_hook::set_once();
    chatgate_assistant::start();
}
