//! The visitor widget's dialog bundle (`panel.js` + `panel_bg.wasm`), loaded by the launcher bundle on the first
//! interaction: set the panic hook, start the dialog.

/// The allocator: a free list (lol_alloc, about 1 KB of code) instead of the standard library's dlmalloc (about
/// 7 KB, 3 KB gzip). The dialog holds few blocks at a time (a form, a few records, the reactive graph of one
/// screen), so walking the list costs little; freed neighbours are merged, so the memory a visit leaves behind
/// stays that of its largest screen (issue 15).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread, as AssumeSingleThreaded
// requires.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// A panic (a bug) is one console error with its message and place, as `console_error_panic_hook` writes it
/// less the JavaScript stack, which that crate's glue cost the dialog about 1 KB gzip for (issue 15).
fn main() {
    std::panic::set_hook(Box::new(|panic| {
        chatgate_web::console_error(&panic.to_string())
    }));
    chatgate_panel::start();
}
