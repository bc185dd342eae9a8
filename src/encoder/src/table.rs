//! The token embedding table in two tiers.
//!
//! * exact rows: the reference's own 6-bit codes, centred per (chunk, dim) and
//!   Huffman-coded per row; decoded on lookup, so they dequantise bit-identically.
//! * lossy rows: `mu + Σ_k a_k · (exact_row(j_k) − mu)`, a few scaled exact rows chosen by
//!   matching pursuit in `convert.py` (neighbouring pieces are often translations or
//!   inflections of each other, which is why this beats a PCA code of the same size),
//!   plus for the more important ones a 1-bit residual `± s` per dimension.

use super::format::{DType, Sections};
use super::huffman;
use super::net::DIM;
use super::ModelError;

const CHUNKS: usize = 17;
const LOSSY: u32 = 1 << 31;

pub struct Table {
    /// Per pruned id: exact row index, or `LOSSY | lossy row index`.
    row_of: Vec<u32>,
    /// Byte offset of each exact row in `stream` (plus the end).
    row_start: Vec<u32>,
    stream: Vec<u8>,
    codes: Vec<huffman::Table>,
    exact_chunk: Vec<u8>,
    offset: Vec<u8>,
    lo: Vec<f32>,
    scale: Vec<f32>,
    mu: Vec<f32>,
    atoms: usize,
    /// Per lossy row `atoms` pairs of (exact row, coefficient).
    atom: Vec<(u32, f32)>,
    /// Per lossy row: index into `res_sign`/`res_scale`, or `u32::MAX`.
    res_of: Vec<u32>,
    res_sign: Vec<u8>,
    res_scale: Vec<f32>,
}

/// IEEE half → f32.
fn f16_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1F);
    let man = f32::from(bits & 0x3FF);
    match exp {
        0 => sign * man * 2f32.powi(-24),
        31 => sign * f32::INFINITY,
        _ => sign * (1.0 + man / 1024.0) * 2f32.powi(exp - 15),
    }
}

fn u16s(b: &[u8]) -> impl Iterator<Item = u16> + '_ {
    b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]))
}

fn invalid(msg: &str) -> ModelError {
    ModelError::Invalid(msg.to_string())
}

impl Table {
    pub fn load(s: &Sections, n_pieces: usize) -> Result<Self, ModelError> {
        let is_exact = s.shaped("exact.is_exact", DType::U8, &[n_pieces.div_ceil(8)])?;
        let mut row_of = Vec::with_capacity(n_pieces);
        let (mut ne, mut nl) = (0u32, 0u32);
        for id in 0..n_pieces {
            if is_exact[id / 8] >> (id % 8) & 1 == 1 {
                row_of.push(ne);
                ne += 1;
            } else {
                row_of.push(LOSSY | nl);
                nl += 1;
            }
        }
        let (n_exact, n_lossy) = (ne as usize, nl as usize);
        let exact_chunk = s.shaped("exact.chunk", DType::U8, &[n_exact])?.to_vec();
        if exact_chunk.iter().any(|&c| usize::from(c) >= CHUNKS) {
            return Err(invalid("exact.chunk holds a chunk index >= 17"));
        }
        let stream = s.get("exact.stream", DType::U8)?.data.to_vec();
        let rb = s.shaped("exact.row_bytes", DType::U8, &[n_exact, 2])?;
        let mut row_start = vec![0u32];
        let mut pos = 0u32;
        for len in u16s(rb) {
            pos = pos.saturating_add(u32::from(len));
            row_start.push(pos);
        }
        if pos as usize != stream.len() {
            return Err(invalid(
                "exact.row_bytes do not add up to the exact.stream length",
            ));
        }
        let lens = s.shaped("exact.code_len", DType::U8, &[CHUNKS, 256])?;
        let codes = lens
            .chunks_exact(256)
            .map(huffman::Table::new)
            .collect::<Result<_, _>>()?;

        let sec = s.get("lossy.atom", DType::U8)?;
        let atoms = match sec.shape[..] {
            [rows, k, 2] if rows == n_lossy => k,
            _ => return Err(invalid("lossy.atom must be [lossy rows, atoms, 2]")),
        };
        let idx = sec.data;
        let scl = s.shaped("lossy.scale", DType::U8, &[n_lossy, atoms, 2])?;
        let atom: Vec<(u32, f32)> = u16s(idx)
            .map(u32::from)
            .zip(u16s(scl).map(f16_to_f32))
            .collect();
        if atom.iter().any(|&(j, _)| j >= ne) {
            return Err(invalid("lossy.atom refers to a missing exact row"));
        }
        let has = s.shaped("resid.has", DType::U8, &[n_lossy.div_ceil(8)])?;
        let mut n_res = 0u32;
        let res_of: Vec<u32> = (0..n_lossy)
            .map(|i| {
                if has[i / 8] >> (i % 8) & 1 == 1 {
                    n_res += 1;
                    n_res - 1
                } else {
                    u32::MAX
                }
            })
            .collect();
        let n_res = n_res as usize;
        let res_scale = s.shaped("resid.scale", DType::U8, &[n_res, 2])?;
        Ok(Table {
            res_of,
            res_sign: s
                .shaped("resid.sign", DType::U8, &[n_res, DIM / 8])?
                .to_vec(),
            res_scale: u16s(res_scale).map(f16_to_f32).collect(),
            row_of,
            row_start,
            stream,
            codes,
            exact_chunk,
            offset: s
                .shaped("exact.offset", DType::U8, &[CHUNKS, DIM])?
                .to_vec(),
            lo: s.f32s("exact.lo", &[CHUNKS])?,
            scale: s.f32s("exact.scale", &[CHUNKS])?,
            mu: s.f32s("lossy.mu", &[DIM])?,
            atoms,
            atom,
        })
    }

    /// Calls `f(dim, value)` for the 512 values of exact row `r`.
    fn exact_row(&self, r: usize, mut f: impl FnMut(usize, f32)) {
        let ch = usize::from(self.exact_chunk[r]);
        let (lo, sc) = (self.lo[ch], self.scale[ch]);
        let bytes = &self.stream[self.row_start[r] as usize..self.row_start[r + 1] as usize];
        let mut codes = [0u8; DIM];
        // a corrupt row decodes as far as it can; the rest stays at the chunk offset
        let _ = self.codes[ch].decode(bytes, &mut codes);
        let off = &self.offset[ch * DIM..(ch + 1) * DIM];
        for (d, (&c, &o)) in codes.iter().zip(off).enumerate() {
            f(d, f32::from(c.wrapping_add(o)) * sc + lo);
        }
    }

    /// Appends the 512-dim embedding of pruned piece `id` to `out`.
    pub fn push_row(&self, id: u32, out: &mut Vec<f32>) {
        let row = self.row_of.get(id as usize).copied().unwrap_or(0);
        if row & LOSSY == 0 {
            self.exact_row(row as usize, |_, v| out.push(v));
            return;
        }
        let start = out.len();
        out.extend_from_slice(&self.mu);
        let dst = &mut out[start..];
        let r = (row & !LOSSY) as usize;
        for &(j, a) in &self.atom[r * self.atoms..(r + 1) * self.atoms] {
            self.exact_row(j as usize, |d, v| dst[d] += a * (v - self.mu[d]));
        }
        let Some(&a) = self.res_scale.get(self.res_of[r] as usize) else {
            return;
        };
        let q = self.res_of[r] as usize; // < res_scale.len(), so no overflow below
        let bits = &self.res_sign[q * DIM / 8..(q + 1) * DIM / 8];
        for (d, v) in dst.iter_mut().enumerate() {
            *v += if bits[d / 8] >> (d % 8) & 1 == 1 {
                a
            } else {
                -a
            };
        }
    }
}
