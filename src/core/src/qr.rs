//! QR codes of chat links, as SVG path data (no canvas, no inline styles: fine under a strict CSP).
//!
//! Encoding is Nayuki's `qrcodegen` (the reference-quality implementation, no dependencies); this module only
//! turns the modules into one `<path d>` of unit squares, with the quiet zone the scanner needs.

use qrcodegen::{QrCode, QrCodeEcc};

/// A QR code ready to draw: the `viewBox` size (modules plus the quiet zone) and the path of dark modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrSvg {
    pub size: i32,
    pub path: String,
}

/// Modules of light border around the code (the standard asks for four).
const QUIET_ZONE: i32 = 4;

/// Encodes `text` (a URL up to the click-to-chat cap) with medium error correction; `None` if it does not fit.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::with_capacity((size * size) as usize * 4);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            // One rectangle per horizontal run of dark modules keeps the path short.
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            path.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE,
                x - start,
                x - start
            ));
        }
    }
    Some(QrSvg {
        size: size + 2 * QUIET_ZONE,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_runs_inside_the_quiet_zone() {
        let qr = qr_svg("https://wa.me/447911123456?text=Hello").expect("fits");
        assert_eq!(
            (qr.size - 2 * QUIET_ZONE - 17) % 4,
            0,
            "a QR side is 17 + 4k modules"
        );
        assert!(
            qr.path.starts_with("M4 4h7v1h-7z"),
            "the top-left finder pattern: {}",
            &qr.path[..20]
        );
        assert!(qr_svg(&"x".repeat(5000)).is_none());
        let long = qr_svg(&format!(
            "https://wa.me/447911123456?text={}",
            "%D0%9F".repeat(300)
        ))
        .expect("the link cap fits");
        assert!(long.size > qr.size);
    }
}
