//! Decoder for the canonical, LSB-first, length-limited Huffman code that `huffman.py`
//! uses for the exact embedding rows (one code table per embedding chunk).

use super::ModelError;

/// Longest code `huffman.py` emits.
pub const MAX_LEN: u32 = 12;

/// A `2^MAX_LEN` lookup table: entry = `symbol << 4 | length` (length 0 = invalid).
pub struct Table(Vec<u16>);

impl Table {
    /// Builds the table from 256 code lengths, rejecting over-subscribed codes.
    pub fn new(lens: &[u8]) -> Result<Self, ModelError> {
        let mut order: Vec<usize> = (0..lens.len()).filter(|&s| lens[s] != 0).collect();
        order.sort_by_key(|&s| (lens[s], s));
        let mut table = vec![0u16; 1 << MAX_LEN];
        let (mut code, mut prev) = (0u32, 0u32);
        for s in order {
            let len = u32::from(lens[s]);
            if len > MAX_LEN {
                return Err(ModelError::Invalid(format!(
                    "Huffman code length {len} > 12"
                )));
            }
            code <<= len - prev;
            prev = len;
            if code >> len != 0 {
                return Err(ModelError::Invalid(
                    "Huffman code lengths are over-subscribed".into(),
                ));
            }
            let rev = code.reverse_bits() >> (32 - len);
            let entry = (s as u16) << 4 | len as u16;
            let mut i = rev as usize;
            while i < table.len() {
                table[i] = entry;
                i += 1 << len;
            }
            code += 1;
        }
        Ok(Table(table))
    }

    /// Decodes `out.len()` symbols from `bytes`; returns false on a corrupt stream.
    pub fn decode(&self, bytes: &[u8], out: &mut [u8]) -> bool {
        let mut buf = 0u64;
        let mut have = 0u32;
        let mut next = bytes.iter();
        for o in out.iter_mut() {
            while have <= 56 {
                match next.next() {
                    Some(&b) => buf |= u64::from(b) << have,
                    None if have >= MAX_LEN => break,
                    None => {} // zero padding past the end
                }
                have += 8;
            }
            let entry = self.0[(buf & ((1 << MAX_LEN) - 1)) as usize];
            let len = u32::from(entry & 15);
            if len == 0 {
                return false;
            }
            *o = (entry >> 4) as u8;
            buf >>= len;
            have -= len;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_hand_made_stream() {
        // lengths: sym 0 -> 1 bit (code 0), sym 1 -> 2 bits (10), sym 2 -> 2 bits (11)
        let mut lens = [0u8; 256];
        lens[..3].copy_from_slice(&[1, 2, 2]);
        let t = Table::new(&lens).expect("valid code");
        // symbols 1,0,2,2 -> codes 10,0,11,11 reversed LSB-first: 01 0 11 11 -> 0b1111_0_01
        let mut out = [9u8; 4];
        assert!(t.decode(&[0b0111_1001], &mut out));
        assert_eq!(out, [1, 0, 2, 2]);
    }

    #[test]
    fn rejects_oversubscribed_lengths() {
        let mut lens = [0u8; 256];
        lens[..3].copy_from_slice(&[1, 1, 1]);
        assert!(Table::new(&lens).is_err());
    }
}
