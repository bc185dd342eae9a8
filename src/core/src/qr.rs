//! QR codes of chat links, as SVG path data (no canvas, no inline styles: fine under a strict CSP).
//!
//! Encoding is Nayuki's `qrcodegen` (the reference-quality implementation, no dependencies); this module only
//! turns the modules into one `<path d>` of unit squares, with the quiet zone the scanner needs.
//!
//! In the visitor widget the encoder is a module of its own (`src/qr`, `qr.js` + `qr_bg.wasm`, 6.7 KB gzip), which
//! the dialog loads when it first shows a QR code on a desktop-sized screen: phones never show one, so the
//! dialog does not carry it (issue 15). The two speak in [`QrSvg::to_answer`]'s text.

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
            // Written without `format!`, so the QR module links no formatting code.
            for (mark, value) in [
                ("M", start + QUIET_ZONE),
                (" ", y + QUIET_ZONE),
                ("h", x - start),
                ("v1h-", x - start),
            ] {
                path.push_str(mark);
                push_number(&mut path, value);
            }
            path.push('z');
        }
    }
    Some(QrSvg {
        size: size + 2 * QUIET_ZONE,
        path,
    })
}

/// Appends a non-negative number's decimal digits.
fn push_number(text: &mut String, value: i32) {
    let value = value.max(0) as u32;
    if value >= 10 {
        push_number(text, (value / 10) as i32);
    }
    text.push(char::from(b'0' + (value % 10) as u8));
}

impl QrSvg {
    /// The code as the QR module answers the dialog: the `viewBox` size, a newline, the path.
    pub fn to_answer(&self) -> String {
        let mut answer = String::new();
        push_number(&mut answer, self.size);
        answer.push('\n');
        answer.push_str(&self.path);
        answer
    }

    /// Reads [`QrSvg::to_answer`]'s text; `None` for anything else (the link did not fit: an empty answer).
    pub fn from_answer(answer: &str) -> Option<QrSvg> {
        let (size, path) = answer.split_once('\n')?;
        let size: i32 = size.parse().ok()?;
        let drawable = path.starts_with('M')
            && path
                .bytes()
                .all(|byte| byte.is_ascii_digit() || b"Mhvz- ".contains(&byte));
        (size > 0 && drawable).then(|| QrSvg {
            size,
            path: path.to_string(),
        })
    }
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

    #[test]
    fn the_path_is_the_runs_in_order() {
        let qr = qr_svg("https://wa.me/447911123456").expect("fits");
        let code =
            QrCode::encode_text("https://wa.me/447911123456", QrCodeEcc::Medium).expect("fits");
        let mut expected = String::new();
        for y in 0..code.size() {
            let mut x = 0;
            while x < code.size() {
                let start = x;
                while x < code.size() && code.get_module(x, y) {
                    x += 1;
                }
                if x > start {
                    let (left, top, run) = (start + QUIET_ZONE, y + QUIET_ZONE, x - start);
                    expected.push_str(&format!("M{left} {top}h{run}v1h-{run}z"));
                } else {
                    x += 1;
                }
            }
        }
        assert_eq!(qr.path, expected);
    }

    #[test]
    fn an_answer_reads_back_and_nothing_else_draws() {
        let qr = qr_svg("https://wa.me/447911123456?text=Hi").expect("fits");
        assert_eq!(QrSvg::from_answer(&qr.to_answer()), Some(qr.clone()));
        assert!(qr.to_answer().starts_with(&format!("{}\n", qr.size)));
        for answer in [
            "",
            "29",
            "29\n",
            "x\nM4 4h1v1h-1z",
            "0\nM4 4h1v1h-1z",
            "29\n<script>",
            "29\nM4 4\"/>",
        ] {
            assert_eq!(QrSvg::from_answer(answer), None, "{answer:?}");
        }
        let mut number = String::new();
        for value in [0, 7, 10, 120, 2048] {
            push_number(&mut number, value);
            number.push(',');
        }
        assert_eq!(number, "0,7,10,120,2048,");
    }
}
