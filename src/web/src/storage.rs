//! localStorage: reads, writes, removals and prefix listings, with errors that say why a write failed (private
//! mode, quota). Reading writes nothing; the widget writes nothing before the visitor interacts.

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "localStorage is blocked".to_string())?
        .ok_or_else(|| "localStorage is unavailable".to_string())
}

/// Reads `key` from localStorage (reading writes nothing).
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Writes `key` to localStorage; the error says why it could not (private mode, quota).
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| "localStorage is full or blocked".to_string())
}

/// Removes `key` from localStorage.
pub fn storage_remove(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// sessionStorage of this tab: what must not outlive it (the assistant's admin token).
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Reads `key` from this tab's sessionStorage.
pub fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Writes `key` to this tab's sessionStorage (quietly nothing where it is blocked: the value is asked again).
pub fn session_set(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes `key` from this tab's sessionStorage.
pub fn session_remove(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}
