//! The visitor widget's QR encoder (`qr.js` + `qr_bg.wasm`): `core::qr` and nothing else, a plain module with
//! no imports like the config checker (`src/check`). The dialog shows a chat link's QR code on desktop-sized
//! screens only; phones never do, so the encoder is not in the dialog bundle every visitor who opens the widget
//! downloads: the dialog asks the loader for it (`Chatgate._boot.qr`) when it first draws a code on a screen that
//! shows one (issue 15).

use chatgate_core::qr::qr_svg;
use chatgate_plain::{answer, argument};

/// Never frees, as the checker's allocator (`src/check`): a dialog draws a few dozen codes at most (one per
/// change of the chat message, about 10 KB each), so nothing is worth freeing.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread, as AssumeSingleThreaded
// requires.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::LeakingAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::LeakingAllocator::new()) };

/// The QR code of `text` as `core::qr::QrSvg::to_answer` writes it, or empty when the text does not fit.
pub fn qr_answer(text: &str) -> String {
    qr_svg(text).map(|qr| qr.to_answer()).unwrap_or_default()
}

// ---- the module's exports: text in and out as `chatgate_plain` says ----------------------------------------------
// `www/qr.js` passes the text's UTF-8 in a buffer from `cg_alloc` and gives the answer's buffer back with
// `cg_free` (which frees nothing with this allocator).
chatgate_plain::exports!();

/// [`qr_answer`] for `www/qr.js`.
///
/// # Safety
/// `text` and `len` must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
pub unsafe extern "C" fn qr(text: *mut u8, len: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    answer(qr_answer(&unsafe { argument(text, len) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatgate_core::qr::QrSvg;

    #[test]
    fn answers_a_code_the_dialog_reads_or_nothing() {
        let link = "https://wa.me/447911123456?text=Hello";
        assert_eq!(QrSvg::from_answer(&qr_answer(link)), qr_svg(link));
        assert!(QrSvg::from_answer(&qr_answer(link)).is_some());
        assert_eq!(qr_answer(&"x".repeat(5000)), "");
    }
}
