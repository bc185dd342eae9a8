//! The widget's components in a real browser (headless Chromium via wasm-bindgen-test), mounted with `mount_to`.
#![cfg(target_arch = "wasm32")]

use chatgate::core::phone::normalize_phone;
use chatgate::core::widget_config::parse_widget_config;
use chatgate::ui::widget::Widget;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Leptos run the effects a signal change scheduled.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn mount_widget(config: serde_json::Value) -> (web_sys::HtmlElement, RwSignal<bool>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&parent).unwrap();
    let config = parse_widget_config(&config).expect("test config is valid");
    let open = RwSignal::new(false);
    leptos::mount::mount_to(parent.clone(), move || view! { <Widget config=config open=open/> }).forget();
    (parent, open)
}

fn find(parent: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    parent.query_selector(selector).unwrap().map(|element| element.unchecked_into())
}

#[wasm_bindgen_test]
async fn launcher_toggles_the_panel_with_the_chat_link() {
    let (parent, open) = mount_widget(serde_json::json!({
        "business": "Acme", "phone": "+44 7911 123456", "message": "Hi, I have a question"
    }));
    let launcher = find(&parent, "button.cg-launcher").expect("launcher is rendered");
    assert_eq!(launcher.get_attribute("aria-label").as_deref(), Some("Chat with Acme"));
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(find(&parent, ".cg-panel").is_none());

    launcher.click();
    next_tick().await;
    assert!(open.get_untracked());
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("true"));
    let link = find(&parent, ".cg-panel a.cg-chat").expect("panel shows the chat link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://wa.me/447911123456?text=Hi%2C%20I%20have%20a%20question"));

    launcher.click();
    next_tick().await;
    assert!(find(&parent, ".cg-panel").is_none());
}

#[wasm_bindgen_test]
async fn config_strings_are_rendered_as_text() {
    let (parent, open) = mount_widget(serde_json::json!({"business": "<img src=x onerror=alert(1)>", "phone": "+447911123456"}));
    open.set(true);
    next_tick().await;
    let title = find(&parent, ".cg-title").expect("panel title");
    assert_eq!(title.text_content().as_deref(), Some("Chat with <img src=x onerror=alert(1)>"));
    assert!(parent.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
fn the_core_reads_numbers_the_same_in_wasm() {
    assert_eq!(normalize_phone("8 (912) 345-67-89", Some("RU")).unwrap().as_string(), "+79123456789");
    assert_eq!(normalize_phone("+1 876 555 0119", None).unwrap().region(), "JM");
    assert!(normalize_phone("+44 7911", None).is_err());
}
