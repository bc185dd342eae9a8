//! The only code that touches the browser, one concern per file: the loader's hand-overs (`boot`, over the
//! `Chatgate` global declared once in `global`), adopted stylesheets, mount points, the launcher's DOM, DOM
//! events, `dataLayer`, the console, the host page, the clock, User Timing, the QR encoder, randomness, localStorage, `Intl`,
//! focus, timers and tasks, `fetch`, the clipboard, text fields, files and JSON across the boundary. The UI
//! crates call these through the flat paths re-exported here (`chatgate_web::take_boot`); the core never sees
//! them, and nothing here decides what the widget does.

mod boot;
mod clipboard;
mod clock;
mod console;
mod data_layer;
mod events;
mod fetch;
mod files;
mod focus;
mod global;
mod intl;
mod json;
mod large_file;
mod launcher;
mod mount;
mod on_demand;
mod page;
mod performance;
mod random;
mod storage;
mod styles;
mod text_field;
mod timers;

pub use boot::{register_api_handler, signal_panel_started, take_boot, Boot, WaitingCalls};
pub use clipboard::copy_text;
pub use clock::{local_offset_minutes, now_ms, now_seconds};
pub use console::console_error;
pub use data_layer::push_data_layer;
pub use events::{dispatch_event, listen};
pub use fetch::{get_text, post_json_with_token};
pub use files::{download, read_chosen_file};
pub use focus::{
    focus, focus_autofocus_or_first, focus_first, focus_is_inside, focus_matching, trap_tab,
};
pub use intl::{collate, region_names};
pub use json::{js_to_json, js_to_value};
pub use large_file::{fetch_kept, Source};
pub use launcher::{label_launcher, remove_element, set_busy, set_expanded};
pub use mount::{mount_point, panel_beside, panel_mount_point};
pub use on_demand::{deliver, qr_code, table_file};
pub use page::{
    browser_languages, global_json, open_in_new_tab, page_address, page_title, page_url,
    query_param,
};
pub use performance::{perf_mark, perf_measure};
pub use random::random_bytes;
pub use storage::{
    session_get, session_remove, session_set, storage_get, storage_remove, storage_set,
};
pub use styles::replace_accent_stylesheet;
pub use text_field::{caret_chars, select_chars};
pub use timers::{next_task, set_timeout, spawn};
