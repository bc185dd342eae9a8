//! The widget's components in a real browser (headless Chromium via wasm-bindgen-test), mounted with `mount_to`.
#![cfg(target_arch = "wasm32")]

use chatgate_core::phone::normalize_phone;
use chatgate_core::widget_config::parse_widget_config;
use chatgate_panel::{Widget, WidgetState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Leptos run the effects a signal change scheduled.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The dialog embeds no phone or zone table (the core's `fetched-tables`): the bundle fetches the lines it
/// needs; these tests install both tables whole.
fn install_tables() {
    chatgate_core::phone::fetched::install(chatgate_core::phone::METADATA_TEXT);
    chatgate_core::time::fetched_zones::install(include_str!("../../core/src/time/tz.txt"));
}

fn mount_widget(config: serde_json::Value) -> (web_sys::HtmlElement, WidgetState) {
    install_tables();
    let document = web_sys::window().unwrap().document().unwrap();
    let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&parent).unwrap();
    let config = parse_widget_config(&config.into()).expect("test config is valid");
    let state = WidgetState::new(config, vec!["en-GB".to_string()], Vec::new(), None);
    leptos::mount::mount_to(parent.clone(), move || view! { <Widget state=state/> }).forget();
    (parent, state)
}

fn find(parent: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    parent
        .query_selector(selector)
        .unwrap()
        .map(|element| element.unchecked_into())
}

#[wasm_bindgen_test]
async fn opening_shows_the_prepared_dialog_with_the_chat_link_and_closing_hides_it() {
    let (parent, state) = mount_widget(serde_json::json!({
        "business": "Acme", "phone": "+44 7911 123456", "message": "Hi, I have a question"
    }));
    assert!(
        find(&parent, ".cg-panel").is_none(),
        "nothing is built before the bundle prepares the dialog"
    );
    state.prepare();
    next_tick().await;
    let dialog = find(&parent, "[role=dialog]").expect("the dialog, built ahead of the first open");
    assert!(dialog.hidden(), "built hidden");
    state.set_open(true);
    next_tick().await;
    assert!(!dialog.hidden());
    let prepared: &web_sys::Node = dialog.as_ref();
    assert!(
        find(&parent, "[role=dialog]")
            .unwrap()
            .is_same_node(Some(prepared)),
        "opening shows the prepared dialog"
    );
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let link = find(&parent, ".cg-panel a.cg-primary").expect("the chat link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://wa.me/447911123456?text=Hi%2C%20I%20have%20a%20question")
    );
    state.set_open(false);
    next_tick().await;
    assert!(find(&parent, ".cg-panel").unwrap().hidden());
}

#[wasm_bindgen_test]
async fn config_strings_are_rendered_as_text() {
    let (parent, state) = mount_widget(
        serde_json::json!({"business": "<img src=x onerror=alert(1)>", "phone": "+447911123456"}),
    );
    state.set_open(true);
    next_tick().await;
    let title = find(&parent, ".cg-title").expect("panel title");
    assert_eq!(
        title.text_content().as_deref(),
        Some("Chat with <img src=x onerror=alert(1)>")
    );
    let message = find(&parent, "textarea").expect("the message field");
    assert!(message
        .unchecked_ref::<web_sys::HtmlTextAreaElement>()
        .value()
        .is_empty());
    assert!(parent.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
fn the_core_reads_numbers_the_same_in_wasm() {
    install_tables();
    assert_eq!(
        normalize_phone("8 (912) 345-67-89", Some("RU"))
            .unwrap()
            .as_string(),
        "+79123456789"
    );
    assert_eq!(
        normalize_phone("+1 876 555 0119", None).unwrap().region(),
        "JM"
    );
    assert!(normalize_phone("+44 7911", None).is_err());
}

fn input(parent: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    find(parent, selector)
        .unwrap_or_else(|| panic!("{selector} is rendered"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_opt_in_explains_errors_and_records_a_consent() {
    let (parent, state) = mount_widget(serde_json::json!({
        "business": "Acme", "phone": "+44 7911 123456", "chat": false, "privacy_url": "https://acme.example/privacy",
        "purposes": [{"id": "results", "label": "Test results"}, {"id": "offers", "label": "Offers"}]
    }));
    state.set_open(true);
    next_tick().await;
    let submit = find(&parent, "button[type=submit]").expect("submit button");
    submit.click();
    next_tick().await;
    assert_eq!(
        find(&parent, "#cg-phone-error")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("Enter your WhatsApp number.")
    );
    assert_eq!(
        find(&parent, "#cg-purposes-error")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("Tick at least one box to get updates.")
    );
    assert_eq!(
        input(&parent, "#cg-phone")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    let phone = input(&parent, "#cg-phone");
    phone.set_value("07911 12");
    phone
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    submit.click();
    next_tick().await;
    assert_eq!(
        find(&parent, "#cg-phone-error")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("This number is too short for the country chosen.")
    );

    phone.set_value("07700 900123");
    phone
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    input(&parent, "#cg-purpose-1").click();
    next_tick().await;
    submit.click();
    next_tick().await;
    let records = state.records.get_value();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].phone.as_string(), "+447700900123");
    assert_eq!(records[0].purposes, vec!["offers".to_string()]);
    assert!(records[0].text.contains("privacy"), "{}", records[0].text);
    assert!(parent
        .text_content()
        .unwrap_or_default()
        .contains(&records[0].reference_code()));
}

// ---- the dialog's view type (`chatgate_panel::dom`) ----------------------------------------------------------

fn mount_node(build: impl FnOnce() -> chatgate_panel::dom::Node + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&parent).unwrap();
    leptos::mount::mount_to(parent.clone(), build).forget();
    parent
}

#[wasm_bindgen_test]
fn a_node_s_text_is_text_and_its_attributes_and_svg_are_what_was_asked() {
    use chatgate_panel::dom::{el, svg};
    let parent = mount_node(|| {
        el("p")
            .class("cg-text")
            .attr("title", "<i>quoted</i>")
            .flag("hidden", false)
            .flag("data-autofocus", true)
            .child("<b>not bold</b> & ")
            .child(String::from("<img src=x onerror=alert(1)>"))
            .child(
                svg("svg")
                    .attr("viewBox", "0 0 1 1")
                    .child(svg("path").attr("d", "M0 0")),
            )
            .into()
    });
    let p = find(&parent, "p.cg-text").expect("the paragraph");
    assert_eq!(
        p.text_content().unwrap(),
        "<b>not bold</b> & <img src=x onerror=alert(1)>"
    );
    assert!(
        p.query_selector("b, img").unwrap().is_none(),
        "text is never read as HTML"
    );
    assert_eq!(p.get_attribute("title").as_deref(), Some("<i>quoted</i>"));
    assert!(!p.has_attribute("hidden"), "a flag that is off is left out");
    assert_eq!(p.get_attribute("data-autofocus").as_deref(), Some(""));
    let path = p
        .query_selector("svg > path")
        .unwrap()
        .expect("the SVG path");
    assert_eq!(
        path.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg"),
        "SVG elements are made in the SVG namespace (or they do not draw)"
    );
}

#[wasm_bindgen_test]
async fn a_dynamic_part_is_rebuilt_when_its_signal_changes_and_its_listeners_and_attributes_follow()
{
    use chatgate_panel::dom::{dynamic, el, list, Node};
    let count = RwSignal::new(0);
    let invalid = RwSignal::new(false);
    let clicks = StoredValue::new(0);
    let parent = mount_node(move || {
        list([
            el("h3").child("before").into(),
            dynamic(move || {
                let n = count.get();
                el("button")
                    .on("click", move |_| clicks.update_value(|c| *c += 1))
                    .child(format!("n={n}"))
                    .into()
            }),
            el("input")
                .reactive("aria-invalid", move || {
                    invalid.get().then(|| "true".to_string())
                })
                .property("value", move || format!("v{}", count.get()))
                .into(),
            dynamic(move || -> Node {
                (count.get() > 0).then_some(el("em").child("shown")).into()
            }),
            el("h4").child("after").into(),
        ])
    });
    let buttons = || parent.query_selector_all("button").unwrap().length();
    assert_eq!(buttons(), 1);
    assert!(find(&parent, "em").is_none());
    find(&parent, "button").unwrap().click();
    assert_eq!(clicks.get_value(), 1);

    count.set(1);
    invalid.set(true);
    next_tick().await;
    assert_eq!(
        buttons(),
        1,
        "the old part is taken out when the new one is put in"
    );
    let button = find(&parent, "button").unwrap();
    assert_eq!(button.text_content().unwrap(), "n=1");
    button.click();
    assert_eq!(
        clicks.get_value(),
        2,
        "the rebuilt part's listener runs, once"
    );
    let input: web_sys::HtmlInputElement = find(&parent, "input").unwrap().unchecked_into();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.value(), "v1");
    assert_eq!(
        find(&parent, "em").unwrap().text_content().unwrap(),
        "shown"
    );
    let order: Vec<String> = (0..parent.children().length())
        .map(|i| parent.children().item(i).unwrap().tag_name())
        .collect();
    assert_eq!(
        order,
        ["H3", "BUTTON", "INPUT", "EM", "H4"],
        "each part stays in its place"
    );

    invalid.set(false);
    count.set(0);
    next_tick().await;
    assert!(
        !input.has_attribute("aria-invalid"),
        "`None` takes the attribute out"
    );
    assert!(find(&parent, "em").is_none());
}

#[wasm_bindgen_test]
fn a_built_view_unmounts_mounts_again_before_a_marker_and_is_rebuilt_in_place() {
    use chatgate_panel::dom::{el, list, Node};
    use leptos::tachys::view::{Mountable, Render};
    let document = web_sys::window().unwrap().document().unwrap();
    let parent: web_sys::Element = document.create_element("div").unwrap();
    let marker: web_sys::Node = document.create_element("hr").unwrap().into();
    parent.append_child(&marker).unwrap();
    let tags = |parent: &web_sys::Element| -> Vec<String> {
        (0..parent.children().length())
            .map(|i| parent.children().item(i).unwrap().tag_name())
            .collect()
    };
    let view = || -> Node { list([el("h3").into(), el("p").into()]) };

    let mut built = view().build();
    built.mount(&parent, Some(&marker));
    assert_eq!(
        tags(&parent),
        ["H3", "P", "HR"],
        "mounted before the marker"
    );
    assert_eq!(built.elements().len(), 2);
    built.unmount();
    assert_eq!(tags(&parent), ["HR"], "unmounting takes all of it out");
    built.mount(&parent, None);
    assert_eq!(
        tags(&parent),
        ["HR", "H3", "P"],
        "and it mounts again, here at the end"
    );

    // Rebuilding puts the new view where the old one was.
    Node::from(el("em")).rebuild(&mut built);
    assert_eq!(tags(&parent), ["HR", "EM"]);

    // An empty view still has a place (an empty text node), so a view can be put before it.
    let mut empty = Node::List(Vec::new()).build();
    empty.mount(&parent, Some(&marker));
    assert_eq!(tags(&parent), ["HR", "EM"]);
    assert!(empty.elements().is_empty());
}
