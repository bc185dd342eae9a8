//! QR codes of chat links, as SVG path data (no canvas, no inline styles: fine under a strict CSP).
//!
//! Encoding is Nayuki's `qrcodegen` (the reference-quality implementation, no dependencies); this module only
//! turns the modules into one `<path d>` of unit squares, with the quiet zone the scanner needs.

use qrcodegen::{QrCode, QrCodeEcc, QrSegment};

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
    // One byte-mode segment: what `encode_text` chooses for a chat link (lowercase letters are outside the
    // alphanumeric mode), without its mode detection, whose substring search and slicing would link the standard
    // library's slicing panic message and its Unicode tables into the dialog (issue 15).
    let code =
        QrCode::encode_segments(&[QrSegment::make_bytes(text.as_bytes())], QrCodeEcc::Medium)
            .ok()?;
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

    #[test]
    fn chat_links_encode_as_encode_text_would() {
        for link in [
            "https://wa.me/447911123456?text=Hello",
            "https://api.whatsapp.com/send?phone=447911123456&text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
            "https://web.whatsapp.com/send?phone=8613812345678&text=%E4%BD%A0%E5%A5%BD",
            "https://wa.me/15551234567",
        ] {
            let expected = QrCode::encode_text(link, QrCodeEcc::Medium).expect("fits");
            let ours = QrCode::encode_segments(&[QrSegment::make_bytes(link.as_bytes())], QrCodeEcc::Medium)
                .expect("fits");
            let modules = |code: &QrCode| {
                (0..code.size())
                    .flat_map(|y| (0..code.size()).map(move |x| (x, y)))
                    .map(|(x, y)| code.get_module(x, y))
                    .collect::<Vec<_>>()
            };
            assert_eq!(modules(&ours), modules(&expected), "{link}");
            assert_eq!(qr_svg(link).expect("fits").size, expected.size() + 2 * QUIET_ZONE);
        }
    }
}
