//! Integer kernels for the products with many rows (the projection and the n-gram convolutions):
//! `out += a · w` with each row of `a` quantised to int16 with a scale of its own
//! ([`QuantRows`]) and `w` the model file's int8 values with per-column scales, widened to i16
//! at load ([`WidePacked`]). The products are summed exactly in i32 and scaled once per output,
//! `acc as f32 * (row scale * column scale)`, so every kernel gives the same bits, natively and in
//! wasm.
//!
//! In a 16-column panel pairs of rows are interleaved (`[w[2p][c], w[2p + 1][c]]` per column),
//! the layout of the pairwise multiply-adds: wasm `i32x4.dot_i16x8_s` (8 multiply-adds an
//! instruction where f32 does 4 with two), x86-64 `vpmaddwd` (AVX2) and `vpdpwssd` (AVX-512
//! VNNI), picked at run time; a plain loop elsewhere. Nothing here allocates once the
//! [`QuantRows`] have grown.
//!
//! Activations are rounded to at most 32,767 levels either side of zero, so a row's error is
//! under 1/65,534 of its largest value: the sentence vectors move by a cosine of about 1e-6.

use std::ops::Range;

use super::gemm::{Packed, NR};

/// Rows of activations quantised to int16, one scale per row (`a ≈ q · scale`), each row stored
/// as pairs of consecutive values (the odd last value paired with 0).
#[derive(Default)]
pub struct QuantRows {
    pairs: usize,
    q: Vec<[i16; 2]>,
    scale: Vec<f32>,
}

impl QuantRows {
    /// Quantises `rows` rows of `k` values of `a` (row stride `lda`).
    pub fn quantise(&mut self, rows: usize, a: &[f32], lda: usize, k: usize) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports the features `quantise_avx2` was compiled for.
            unsafe { quantise_avx2(self, rows, a, lda, k) };
            return;
        }
        quantise_portable(self, rows, a, lda, k);
    }

    fn row(&self, r: usize) -> &[[i16; 2]] {
        &self.q[r * self.pairs..(r + 1) * self.pairs]
    }
}

/// The largest level for rows of `k` values: a sum of `k` products of a level and an int8 weight
/// (|w| ≤ 128) stays inside i32 (32,767 for every `k` up to 512, the widest product here).
fn max_level(k: usize) -> f32 {
    let bound = i32::MAX as usize / (k.max(1) * 128);
    bound.min(i16::MAX as usize) as f32
}

#[inline(always)]
fn quantise_into(dst: &mut QuantRows, rows: usize, a: &[f32], lda: usize, k: usize) {
    let pairs = k.div_ceil(2).max(1);
    let level = max_level(2 * pairs);
    dst.pairs = pairs;
    dst.q.clear();
    dst.q.resize(rows * pairs, [0; 2]);
    dst.scale.clear();
    for (r, q) in dst.q.chunks_exact_mut(pairs).enumerate() {
        let row = &a[r * lda..r * lda + k];
        let largest = largest_magnitude(row);
        // zero, infinite or NaN rows (a corrupt model file) quantise to zeros
        let (inverse, scale) = if largest > 0.0 && largest.is_finite() {
            (level / largest, largest / level)
        } else {
            (0.0, 0.0)
        };
        round_row(&mut q.as_flattened_mut()[..k], row, inverse);
        dst.scale.push(scale);
    }
}

/// The largest |value| of `row` (NaN ignored), in 8 lanes and with a compare-and-select (not
/// `f32::max`, which wasm SIMD has no instruction for) so that it vectorises.
#[inline(always)]
fn largest_magnitude(row: &[f32]) -> f32 {
    let larger = |m: f32, v: f32| if v.abs() > m { v.abs() } else { m };
    let (chunks, rest) = row.as_chunks::<8>();
    let mut lanes = [0f32; 8];
    for chunk in chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            *m = larger(*m, v);
        }
    }
    lanes.iter().chain(rest).fold(0f32, |m, &v| larger(m, v))
}

/// `q = round(v · inverse)`, 8 at a time so that it vectorises; |v · inverse| ≤ 32,767.
#[inline(always)]
fn round_row(q: &mut [i16], row: &[f32], inverse: f32) {
    let (q8, q_rest) = q.as_chunks_mut::<8>();
    let (v8, v_rest) = row.as_chunks::<8>();
    for (q, v) in q8.iter_mut().zip(v8) {
        for (d, &v) in q.iter_mut().zip(v) {
            *d = (v * inverse).round_ties_even() as i32 as i16;
        }
    }
    for (d, &v) in q_rest.iter_mut().zip(v_rest) {
        *d = (v * inverse).round_ties_even() as i32 as i16;
    }
}

/// Without AVX2; in wasm with simd128 (see [`portable`]).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn quantise_portable(dst: &mut QuantRows, rows: usize, a: &[f32], lda: usize, k: usize) {
    quantise_into(dst, rows, a, lda, k);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn quantise_avx2(dst: &mut QuantRows, rows: usize, a: &[f32], lda: usize, k: usize) {
    quantise_into(dst, rows, a, lda, k);
}

/// A quantised pair as the 32-bit word the kernels broadcast (little-endian: the first value in
/// the low half, as in memory).
#[inline(always)]
fn pair_bits(p: [i16; 2]) -> i32 {
    (u32::from(p[0] as u16) | u32::from(p[1] as u16) << 16) as i32
}

/// A `k × n` int8 matrix with per-column scales, as `n / 16` panels of `k / 2` rows of 16
/// column pairs widened to i16 (`[w[2p][c], w[2p + 1][c]]`; an odd last row paired with 0):
/// twice the memory of [`Packed`], and no widening per product.
pub struct WidePacked {
    k: usize,
    n: usize,
    pairs: Vec<[i16; 2 * NR]>,
    scale: Vec<f32>,
}

impl WidePacked {
    /// Packs a row-major `k × n` int8 matrix; `n` must be a multiple of 16 (true for all USE layers).
    pub fn new(q: &[i8], scale: &[f32], k: usize, n: usize) -> Self {
        let packed = Packed::new(q, scale, k, n);
        let mut pairs = Vec::with_capacity(n / NR * k.div_ceil(2));
        for jb in 0..packed.panels() {
            let (q, _) = packed.panel(jb);
            for rows in q.chunks(2) {
                let mut wide = [0i16; 2 * NR];
                for c in 0..NR {
                    wide[2 * c] = i16::from(rows[0][c]);
                    wide[2 * c + 1] = rows.get(1).map_or(0, |r| i16::from(r[c]));
                }
                pairs.push(wide);
            }
        }
        WidePacked {
            k,
            n,
            pairs,
            scale: scale.to_vec(),
        }
    }

    /// The number of columns.
    pub fn n(&self) -> usize {
        self.n
    }

    fn panels(&self) -> usize {
        self.n / NR
    }

    /// Panel `jb`: its `k / 2` rows of 16 column pairs and its 16 scales.
    fn panel(&self, jb: usize) -> (&[[i16; 2 * NR]], &[f32; NR]) {
        let rows = self.k.div_ceil(2);
        let (scale, _) = self.scale[jb * NR..].as_chunks::<NR>();
        (&self.pairs[jb * rows..(jb + 1) * rows], &scale[0])
    }
}

/// `out[r][col..col + 16] += acc[r] · (row scale · column scale)` for the tile's `rows` real rows.
#[inline(always)]
fn finish<const MR: usize>(
    out: &mut [f32],
    (ldo, col, rows): (usize, usize, usize),
    acc: &[[i32; NR]; MR],
    row_scale: &[f32],
    col_scale: &[f32; NR],
) {
    for ((acc, &sa), r) in acc.iter().zip(row_scale).zip(0..rows) {
        let o = r * ldo + col;
        for ((dst, &v), &sw) in out[o..o + NR].iter_mut().zip(acc).zip(col_scale) {
            *dst += v as f32 * (sa * sw);
        }
    }
}

/// A tile: `acc[r] = Σ_p rows[r][p] · panel[p]` (pairwise), for `MR` rows and one panel.
type Rows<'a, const MR: usize> = [&'a [[i16; 2]]; MR];

/// Panel by panel (a `k × 16` panel, 8–16 KB, stays in L1 while every group of `MR` rows passes
/// over it); the last group repeats its last row rather than reading past `rows`.
#[inline(always)]
fn kernel<const MR: usize>(
    tile: impl Fn(&mut [[i32; NR]; MR], Rows<'_, MR>, &[[i16; 2 * NR]]),
    out: &mut [f32],
    ldo: usize,
    (a, rows): (&QuantRows, Range<usize>),
    w: &WidePacked,
) {
    let count = rows.len();
    let mut acc = [[0i32; NR]; MR];
    for jb in 0..w.panels() {
        let (panel, col_scale) = w.panel(jb);
        for r0 in (0..count).step_by(MR) {
            let m = (count - r0).min(MR);
            let first = rows.start + r0;
            let tile_rows: Rows<'_, MR> =
                std::array::from_fn(|r| &a.row(first + r.min(m - 1))[..panel.len()]);
            tile(&mut acc, tile_rows, panel);
            finish(
                &mut out[r0 * ldo..],
                (ldo, jb * NR, m),
                &acc,
                &a.scale[first..first + m],
                col_scale,
            );
        }
    }
}

/// The plain loop (no SIMD assumed; LLVM vectorises what it can).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn tile_scalar<const MR: usize>(
    acc: &mut [[i32; NR]; MR],
    rows: Rows<'_, MR>,
    panel: &[[i16; 2 * NR]],
) {
    *acc = [[0; NR]; MR];
    for (r, row) in rows.iter().enumerate() {
        for (&[a0, a1], w) in row.iter().zip(panel) {
            for c in 0..NR {
                acc[r][c] +=
                    i32::from(a0) * i32::from(w[2 * c]) + i32::from(a1) * i32::from(w[2 * c + 1]);
            }
        }
    }
}

/// wasm simd128: `MR` rows × 8 columns per pass (`2·MR` accumulators of 4 lanes), two passes a
/// panel.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn tile_wasm<const MR: usize>(
    acc: &mut [[i32; NR]; MR],
    rows: Rows<'_, MR>,
    panel: &[[i16; 2 * NR]],
) {
    use core::arch::wasm32::{
        i32x4_add, i32x4_dot_i16x8, i32x4_splat, v128, v128_load, v128_store,
    };
    for half in 0..2 {
        let mut t = [[i32x4_splat(0); 2]; MR];
        for (p, w) in panel.iter().enumerate() {
            let w = &w[half * NR..half * NR + NR];
            // SAFETY: `w` holds 16 i16 (32 bytes), two 16-byte loads; v128_load needs no alignment.
            let (w0, w1) = unsafe {
                (
                    v128_load(w.as_ptr().cast::<v128>()),
                    v128_load(w.as_ptr().add(8).cast::<v128>()),
                )
            };
            for r in 0..MR {
                let a = i32x4_splat(pair_bits(rows[r][p]));
                t[r][0] = i32x4_add(t[r][0], i32x4_dot_i16x8(a, w0));
                t[r][1] = i32x4_add(t[r][1], i32x4_dot_i16x8(a, w1));
            }
        }
        for (dst, t) in acc.iter_mut().zip(&t) {
            let dst = &mut dst[half * 8..half * 8 + 8];
            // SAFETY: `dst` holds 8 i32 (32 bytes), two 16-byte stores; no alignment needed.
            unsafe {
                v128_store(dst.as_mut_ptr().cast::<v128>(), t[0]);
                v128_store(dst.as_mut_ptr().add(4).cast::<v128>(), t[1]);
            }
        }
    }
}

/// AVX2: 6 rows × 16 columns (12 of the 16 ymm registers), `vpmaddwd` + `vpaddd`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn tile_avx2(acc: &mut [[i32; NR]; 6], rows: Rows<'_, 6>, panel: &[[i16; 2 * NR]]) {
    use std::arch::x86_64::*;
    let mut t = [[_mm256_setzero_si256(); 2]; 6];
    for (p, w) in panel.iter().enumerate() {
        // SAFETY: `w` holds 32 i16 (64 bytes), two 32-byte loads; loadu needs no alignment.
        let (w0, w1) = unsafe {
            (
                _mm256_loadu_si256(w.as_ptr().cast::<__m256i>()),
                _mm256_loadu_si256(w.as_ptr().add(16).cast::<__m256i>()),
            )
        };
        for r in 0..6 {
            let a = _mm256_set1_epi32(pair_bits(rows[r][p]));
            t[r][0] = _mm256_add_epi32(t[r][0], _mm256_madd_epi16(a, w0));
            t[r][1] = _mm256_add_epi32(t[r][1], _mm256_madd_epi16(a, w1));
        }
    }
    for (dst, t) in acc.iter_mut().zip(&t) {
        // SAFETY: `dst` holds 16 i32 (64 bytes), two 32-byte stores; storeu needs no alignment.
        unsafe {
            _mm256_storeu_si256(dst.as_mut_ptr().cast::<__m256i>(), t[0]);
            _mm256_storeu_si256(dst.as_mut_ptr().add(8).cast::<__m256i>(), t[1]);
        }
    }
}

/// AVX-512 VNNI: 12 rows × 16 columns (12 zmm accumulators), one `vpdpwssd` per row and pair.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[inline]
fn tile_vnni(acc: &mut [[i32; NR]; 12], rows: Rows<'_, 12>, panel: &[[i16; 2 * NR]]) {
    use std::arch::x86_64::*;
    let mut t = [_mm512_setzero_si512(); 12];
    for (p, w) in panel.iter().enumerate() {
        // SAFETY: `w` holds 32 i16 (64 bytes), one 64-byte load; loadu needs no alignment.
        let w = unsafe { _mm512_loadu_si512(w.as_ptr().cast::<__m512i>()) };
        for r in 0..12 {
            let a = _mm512_set1_epi32(pair_bits(rows[r][p]));
            t[r] = _mm512_dpwssd_epi32(t[r], a, w);
        }
    }
    for (dst, t) in acc.iter_mut().zip(&t) {
        // SAFETY: `dst` holds 16 i32 (64 bytes), one 64-byte store; storeu needs no alignment.
        unsafe { _mm512_storeu_si512(dst.as_mut_ptr().cast::<__m512i>(), *t) };
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn kernel_avx2(out: &mut [f32], ldo: usize, a: (&QuantRows, Range<usize>), w: &WidePacked) {
    kernel(
        |acc, rows, panel| tile_avx2(acc, rows, panel),
        out,
        ldo,
        a,
        w,
    );
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni,avx2")]
fn kernel_vnni(out: &mut [f32], ldo: usize, a: (&QuantRows, Range<usize>), w: &WidePacked) {
    kernel(
        |acc, rows, panel| tile_vnni(acc, rows, panel),
        out,
        ldo,
        a,
        w,
    );
}

/// Without AVX2: the plain loop; in wasm the simd128 tile. In wasm this function (and what it
/// inlines) is compiled with simd128, as [`super::gemm`]'s portable kernel is.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn portable(out: &mut [f32], ldo: usize, a: (&QuantRows, Range<usize>), w: &WidePacked) {
    #[cfg(target_arch = "wasm32")]
    kernel(tile_wasm::<4>, out, ldo, a, w);
    #[cfg(not(target_arch = "wasm32"))]
    kernel(tile_scalar::<4>, out, ldo, a, w);
}

/// `out[i][..n] += a[rows.start + i] · w` for each row of `rows`; row stride `ldo`. `a` must have
/// been quantised with `k` = `w`'s row count.
pub fn gemm_q_acc(out: &mut [f32], ldo: usize, a: &QuantRows, rows: Range<usize>, w: &WidePacked) {
    if rows.is_empty() || w.k == 0 {
        return;
    }
    assert_eq!(a.pairs, w.k.div_ceil(2), "rows quantised for another width");
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx512bw") && std::is_x86_feature_detected!("avx512vnni") {
        // SAFETY: the CPU supports the features `kernel_vnni` was compiled for.
        unsafe { kernel_vnni(out, ldo, (a, rows), w) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports the features `kernel_avx2` was compiled for.
        unsafe { kernel_avx2(out, ldo, (a, rows), w) };
        return;
    }
    portable(out, ldo, (a, rows), w);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact result: integer sums of the quantised values, scaled as the kernels scale them.
    fn naive(
        out: &[f32],
        a: &QuantRows,
        rows: Range<usize>,
        q: &[i8],
        scale: &[f32],
        n: usize,
    ) -> Vec<f32> {
        let mut want = out.to_vec();
        for (i, r) in rows.enumerate() {
            let values = a.row(r).as_flattened();
            for c in 0..n {
                let sum: i32 = (0..q.len() / n)
                    .map(|k| i32::from(values[k]) * i32::from(q[k * n + c]))
                    .sum();
                want[i * n + c] += sum as f32 * (a.scale[r] * scale[c]);
            }
        }
        want
    }

    #[test]
    fn every_kernel_gives_the_exact_integer_product() {
        // rows: one, a partial tile of every kernel, several tiles; an odd k (a padded pair);
        // k = 512 with the largest weights: the sums come close to the i32 bound
        for (rows, k, n, extreme) in [
            (1, 6, 16, false),
            (5, 7, 32, false),
            (13, 33, 48, false),
            (30, 64, 16, false),
            (14, 512, 32, true),
        ] {
            let a: Vec<f32> = (0..(rows + 2) * k)
                .map(|i| {
                    if extreme {
                        3.0
                    } else {
                        ((i * 37) % 23) as f32 - 11.5
                    }
                })
                .collect();
            let q: Vec<i8> = (0..k * n)
                .map(|i| {
                    if extreme {
                        -128
                    } else {
                        ((i * 13) % 31) as i8 - 15
                    }
                })
                .collect();
            let scale: Vec<f32> = (0..n).map(|c| 0.01 + c as f32 / 512.0).collect();
            let packed = WidePacked::new(&q, &scale, k, n);
            let mut quantised = QuantRows::default();
            quantised.quantise(rows + 2, &a, k, k);
            let start: Vec<f32> = (0..rows * n).map(|i| (i % 3) as f32).collect();
            // rows 1.. of the quantised ones: the kernels start at an offset
            let range = 1..rows + 1;
            let want = naive(&start, &quantised, range.clone(), &q, &scale, n);
            let mut kernels = Vec::new();
            let mut out = start.clone();
            gemm_q_acc(&mut out, n, &quantised, range.clone(), &packed);
            kernels.push(("dispatched", out));
            let mut out = start.clone();
            portable(&mut out, n, (&quantised, range.clone()), &packed);
            kernels.push(("portable", out));
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") {
                let mut out = start.clone();
                // SAFETY: the CPU has the features.
                unsafe { kernel_avx2(&mut out, n, (&quantised, range.clone()), &packed) };
                kernels.push(("avx2", out));
            }
            for (name, got) in kernels {
                assert_eq!(got, want, "{name} {rows}x{k}x{n}");
            }
        }
    }

    #[test]
    fn quantised_rows_are_close_and_bounded() {
        let a = [0.5f32, -1.0, 0.25, 0.0, 1e-6, 0.75, -0.999];
        let mut q = QuantRows::default();
        q.quantise(1, &a, 7, 7);
        let values = q.row(0).as_flattened();
        assert_eq!(
            values[1],
            -i16::MAX,
            "the largest value takes the top level"
        );
        assert_eq!(values[7], 0, "the odd value is paired with zero");
        for (v, x) in values.iter().zip(a) {
            assert!((f32::from(*v) * q.scale[0] - x).abs() <= q.scale[0] / 2.0);
        }
        // a zero row, a row with NaN: zeros, no panic
        q.quantise(2, &[0.0, 0.0, f32::NAN, 1.0], 2, 2);
        assert_eq!(q.row(0), &[[0, 0]]);
        assert_eq!(max_level(512), 32_767.0);
        assert!(max_level(1024) * 1024.0 * 128.0 <= i32::MAX as f32);
    }
}
