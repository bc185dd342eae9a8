//! SentencePiece `nmt_nfkc` normalisation driven by the model's precompiled charsmap
//! (a darts-clone double-array trie followed by NUL-terminated replacement strings), plus
//! the whitespace rules of the USE model: dummy prefix, `▁` escaping, extra-space removal.

use super::ModelError;

/// The escaped space, U+2581 `▁`.
pub const SPACE: &str = "\u{2581}";

pub struct Normalizer {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

fn offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
}

/// Byte length of the UTF-8 sequence starting with `first` (1 for invalid leads).
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        b if b >> 5 == 0x6 => 2,
        b if b >> 4 == 0xE => 3,
        b if b >> 3 == 0x1E => 4,
        _ => 1,
    }
}

impl Normalizer {
    pub fn new(charsmap: &[u8]) -> Result<Self, ModelError> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                replacements: Vec::new(),
            });
        }
        let bad = || ModelError::Invalid("norm.charsmap is truncated".into());
        let head = charsmap.get(..4).ok_or_else(bad)?;
        let trie_size = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = trie_size.checked_add(4).ok_or_else(bad)?;
        let trie = charsmap.get(4..end).ok_or_else(bad)?;
        if !trie_size.is_multiple_of(4) || trie_size == 0 {
            return Err(ModelError::Invalid(
                "norm.charsmap trie size is not 4-aligned".into(),
            ));
        }
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Normalizer {
            units,
            replacements: charsmap[end..].to_vec(),
        })
    }

    /// Longest charsmap match at `data[pos..]`: (replacement, consumed bytes).
    fn prefix<'s>(&'s self, data: &'s [u8], pos: usize) -> (&'s [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = offset(root);
            for (i, &c) in data[pos..].iter().enumerate() {
                node ^= usize::from(c);
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00FF != u32::from(c) {
                    break;
                }
                node ^= offset(unit);
                if unit & 0x100 != 0 {
                    let Some(&value) = self.units.get(node) else {
                        break;
                    };
                    best_len = i + 1;
                    best_value = (value & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.replacements.len() {
            let mut len = utf8_len(data[pos]);
            let cont = |k: usize| data.get(pos + k).is_some_and(|&b| b & 0xC0 == 0x80);
            if !(1..len).all(cont) {
                len = 1;
            }
            return (&data[pos..pos + len], len);
        }
        let tail = &self.replacements[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    /// Normalises `text`: NFKC-like mapping, spaces become `▁`, a leading `▁` is added and
    /// leading/trailing/repeated whitespace is removed. Returns "" for blank input.
    pub fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut pos = 0;
        while pos < raw.len() {
            let (p, adv) = self.prefix(raw, pos);
            if p != b" " {
                break;
            }
            pos += adv;
        }
        if pos >= raw.len() {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(raw.len() * 3 / 2 + 3);
        out.extend_from_slice(SPACE.as_bytes());
        let mut prev_space = true;
        while pos < raw.len() {
            let (mut p, adv) = self.prefix(raw, pos);
            pos += adv;
            if prev_space {
                while let [b' ', rest @ ..] = p {
                    p = rest;
                }
            }
            if let Some(&last) = p.last() {
                for &b in p {
                    if b == b' ' {
                        out.extend_from_slice(SPACE.as_bytes());
                    } else {
                        out.push(b);
                    }
                }
                prev_space = last == b' ';
            }
        }
        while out.ends_with(SPACE.as_bytes()) {
            out.truncate(out.len() - SPACE.len());
        }
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}
