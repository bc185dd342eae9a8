//! Small dense kernels: `out += a · w` with `w` kept as the model file's int8 values and
//! per-column scales, in 16-column panels. A panel is dequantised (`q as f32 * scale`, the
//! same f32 as dequantising the whole matrix at load) into a small buffer that stays in L1
//! while every group of rows passes over it; one row (the head) dequantises on the fly.
//! Weights take a quarter of the memory and of the memory traffic of f32.
//! Plain Rust that auto-vectorises: a portable kernel (4×8 tiles: wasm simd128, SSE2) and, on
//! x86-64, AVX2+FMA (6×16) and AVX-512 (8×32 and 12×16) builds of the same code picked at run time
//! (no intrinsics, no `unsafe` beyond calling those copies after detection).

/// Panel width (columns per packed panel); every matrix width is a multiple of it.
pub(super) const NR: usize = 16;

/// A `k × n` int8 matrix with per-column scales, stored as `n / 16` panels of `k × 16`.
pub struct Packed {
    k: usize,
    n: usize,
    q: Vec<[i8; NR]>,
    scale: Vec<f32>,
}

impl Packed {
    /// Packs a row-major `k × n` int8 matrix; `n` must be a multiple of 16 (true for all USE layers).
    pub fn new(q: &[i8], scale: &[f32], k: usize, n: usize) -> Self {
        debug_assert!(n.is_multiple_of(NR) && q.len() == k * n && scale.len() == n);
        let mut data = Vec::with_capacity(k * n / NR);
        for jb in 0..n / NR {
            for row in q.chunks_exact(n).take(k) {
                let mut v = [0i8; NR];
                v.copy_from_slice(&row[jb * NR..(jb + 1) * NR]);
                data.push(v);
            }
        }
        Packed {
            k,
            n,
            q: data,
            scale: scale.to_vec(),
        }
    }

    /// Panel `jb`: its `k` rows of 16 int8 values and its 16 scales.
    pub(super) fn panel(&self, jb: usize) -> (&[[i8; NR]], &[f32; NR]) {
        let (scale, _) = self.scale[jb * NR..].as_chunks::<NR>();
        (&self.q[jb * self.k..(jb + 1) * self.k], &scale[0])
    }

    pub(super) fn panels(&self) -> usize {
        self.n / NR
    }
}

/// Reusable buffers of [`gemm_acc`]: the rows interleaved, one dequantised panel.
#[derive(Default)]
pub struct Buffers {
    rows: Vec<f32>,
    panel: Vec<[f32; NR]>,
    /// The second panel of [`kernel_pairs`].
    #[cfg(target_arch = "x86_64")]
    pair: Vec<[f32; NR]>,
}

#[inline(always)]
fn dequantise(panel: &mut Vec<[f32; NR]>, q: &[[i8; NR]], scale: &[f32; NR]) {
    // a plain loop: an iterator adaptor here may stay out of line, compiled without the
    // caller's target features
    panel.resize(q.len(), [0.0; NR]);
    for (dst, row) in panel.iter_mut().zip(q) {
        for c in 0..NR {
            dst[c] = f32::from(row[c]) * scale[c];
        }
    }
}

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// Defines `$name`: `out[r0..r0 + rows] += a · panel` for one 16-column panel and up to `$mr`
/// rows, `ap` being those rows interleaved (`ap[kk][r]`, see [`pack_rows`]), with an `$mr × W`
/// accumulator tile per `W`-column slice of the panel (`W` divides `NR`). One named array per
/// row rather than an `[[f32; W]; MR]`, so the tile always lives in registers: with a 2-D
/// array LLVM sometimes left it in memory and vectorised across `kk` with gathers and
/// scatters (30x slower).
macro_rules! tile_fn {
    ($name:ident, $mr:literal, $($r:literal $acc:ident),+) => {
        #[inline(always)]
        fn $name<const FMA: bool, const W: usize>(
            out: &mut [f32],
            ldo: usize,
            (col, r0, rows): (usize, usize, usize),
            ap: &[[f32; $mr]],
            panel: &[[f32; NR]],
        ) {
            for half in 0..NR / W {
                $(let mut $acc = [0f32; W];)+
                for (wrow, av) in panel.iter().zip(ap) {
                    let Ok(wv) = <&[f32; W]>::try_from(&wrow[half * W..half * W + W]) else {
                        continue;
                    };
                    $(for c in 0..W {
                        $acc[c] = madd::<FMA>(av[$r], wv[c], $acc[c]);
                    })+
                }
                $(if $r < rows {
                    let o = (r0 + $r) * ldo + col + half * W;
                    for (dst, v) in out[o..o + W].iter_mut().zip(&$acc) {
                        *dst += v;
                    }
                })+
            }
        }
    };
}

tile_fn!(tile4, 4, 0 a0, 1 a1, 2 a2, 3 a3);
#[cfg(target_arch = "x86_64")]
tile_fn!(tile6, 6, 0 a0, 1 a1, 2 a2, 3 a3, 4 a4, 5 a5);
/// Defines `$name`: like `tile_fn`'s, for two adjacent panels at once (`$mr × 32`).
#[cfg(target_arch = "x86_64")]
macro_rules! tile_pair_fn {
    ($name:ident, $mr:literal, $($r:literal $acc:ident $acc2:ident),+) => {
        #[inline(always)]
        fn $name(
            out: &mut [f32],
            ldo: usize,
            (col, r0, rows): (usize, usize, usize),
            ap: &[[f32; $mr]],
            (p0, p1): (&[[f32; NR]], &[[f32; NR]]),
        ) {
            $(let mut $acc = [0f32; NR]; let mut $acc2 = [0f32; NR];)+
            for ((w0, w1), av) in p0.iter().zip(p1).zip(ap) {
                $(for c in 0..NR {
                    $acc[c] = av[$r].mul_add(w0[c], $acc[c]);
                    $acc2[c] = av[$r].mul_add(w1[c], $acc2[c]);
                })+
            }
            $(if $r < rows {
                let o = (r0 + $r) * ldo + col;
                let (lo, hi) = out[o..o + 2 * NR].split_at_mut(NR);
                for (dst, v) in lo.iter_mut().zip(&$acc) {
                    *dst += v;
                }
                for (dst, v) in hi.iter_mut().zip(&$acc2) {
                    *dst += v;
                }
            })+
        }
    };
}

#[cfg(target_arch = "x86_64")]
tile_pair_fn!(tile8x32, 8, 0 a0 b0, 1 a1 b1, 2 a2 b2, 3 a3 b3, 4 a4 b4, 5 a5 b5, 6 a6 b6, 7 a7 b7);
#[cfg(target_arch = "x86_64")]
tile_fn!(tile12, 12, 0 a0, 1 a1, 2 a2, 3 a3, 4 a4, 5 a5, 6 a6, 7 a7, 8 a8, 9 a9, 10 a10, 11 a11);

/// Copies `rows` rows of `a` (`k` values each, stride `lda`) into `pack` as groups of `MR` rows
/// interleaved value by value (`[group][kk][r]`), the last group padded with zeros.
fn pack_rows<const MR: usize>(pack: &mut Vec<f32>, rows: usize, a: &[f32], lda: usize, k: usize) {
    pack.clear();
    pack.resize(rows.div_ceil(MR) * MR * k, 0.0);
    for (g, group) in pack.chunks_exact_mut(MR * k).enumerate() {
        let (group, _) = group.as_chunks_mut::<MR>();
        for r in 0..MR.min(rows - g * MR) {
            let s = (g * MR + r) * lda;
            for (dst, &v) in group.iter_mut().zip(&a[s..s + k]) {
                dst[r] = v;
            }
        }
    }
}

/// Several rows: panel by panel (a `k × 16` panel, 16–48 KB, stays in L1 while every group of
/// `MR` rows passes over it).
#[inline(always)]
fn kernel<const MR: usize>(
    tile: impl Fn(&mut [f32], usize, (usize, usize, usize), &[[f32; MR]], &[[f32; NR]]),
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    (a, lda): (&[f32], usize),
    w: &Packed,
    buf: &mut Buffers,
) {
    let k = w.k;
    pack_rows::<MR>(&mut buf.rows, rows, a, lda, k);
    for jb in 0..w.panels() {
        let (q, scale) = w.panel(jb);
        dequantise(&mut buf.panel, q, scale);
        let panel = &buf.panel[..];
        for (g, group) in buf.rows.chunks_exact(MR * k).enumerate() {
            let (ap, _) = group.as_chunks::<MR>();
            let r0 = g * MR;
            tile(out, ldo, (jb * NR, r0, (rows - r0).min(MR)), ap, panel);
        }
    }
}

/// Like [`kernel`], two adjacent panels at a time (32 columns; every multi-row product has an
/// even number of panels).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn kernel_pairs<const MR: usize>(
    tile: impl Fn(&mut [f32], usize, (usize, usize, usize), &[[f32; MR]], (&[[f32; NR]], &[[f32; NR]])),
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    (a, lda): (&[f32], usize),
    w: &Packed,
    buf: &mut Buffers,
) {
    let k = w.k;
    pack_rows::<MR>(&mut buf.rows, rows, a, lda, k);
    for jb in (0..w.panels() / 2).map(|p| 2 * p) {
        let ((q0, s0), (q1, s1)) = (w.panel(jb), w.panel(jb + 1));
        dequantise(&mut buf.panel, q0, s0);
        dequantise(&mut buf.pair, q1, s1);
        let panels = (&buf.panel[..], &buf.pair[..]);
        for (g, group) in buf.rows.chunks_exact(MR * k).enumerate() {
            let (ap, _) = group.as_chunks::<MR>();
            let r0 = g * MR;
            tile(out, ldo, (jb * NR, r0, (rows - r0).min(MR)), ap, panels);
        }
    }
}

/// One row (the head's matrix-vector products): `P` panels side by side, so `P` independent
/// accumulators hide the multiply-add latency while each column keeps its summation order.
#[inline(always)]
fn kernel_vec<const FMA: bool, const P: usize>(out: &mut [f32], a: &[f32], w: &Packed) {
    let a = &a[..w.k];
    let full = w.panels() / P * P;
    for jb in (0..full).step_by(P) {
        kernel_vec_from::<FMA, P>(out, a, w, jb);
    }
    for jb in full..w.panels() {
        kernel_vec_from::<FMA, 1>(out, a, w, jb);
    }
}

/// Panels `jb..jb + P` of [`kernel_vec`].
#[inline(always)]
fn kernel_vec_from<const FMA: bool, const P: usize>(
    out: &mut [f32],
    a: &[f32],
    w: &Packed,
    jb: usize,
) {
    let k = a.len();
    let panels: [(&[[i8; NR]], &[f32; NR]); P] = std::array::from_fn(|p| {
        let (q, scale) = w.panel(jb + p);
        (&q[..k], scale)
    });
    let mut acc = [[0f32; NR]; P];
    for (kk, &av) in a.iter().enumerate() {
        for p in 0..P {
            let (q, scale) = panels[p];
            for c in 0..NR {
                let wv = f32::from(q[kk][c]) * scale[c];
                acc[p][c] = madd::<FMA>(av, wv, acc[p][c]);
            }
        }
    }
    let o = jb * NR;
    for (dst, v) in out[o..o + P * NR].iter_mut().zip(acc.as_flattened()) {
        *dst += v;
    }
}

/// AVX2+FMA: 6×16 tiles (12 of the 16 ymm registers), four panels at a time for one row.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn kernel_avx2(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    buf: &mut Buffers,
) {
    if rows == 1 {
        kernel_vec::<true, 4>(out, a, w);
    } else {
        kernel(tile6::<true, NR>, out, ldo, rows, (a, lda), w, buf);
    }
}

/// AVX-512: 8×32 tiles over two adjacent panels (16 of the 32 zmm registers; per step two
/// weight loads and eight broadcasts for sixteen multiply-adds, where 12×16 needed thirteen
/// loads for twelve: about 10% faster), 12×16 for an odd number of panels.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn kernel_avx512(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    buf: &mut Buffers,
) {
    if rows == 1 {
        kernel_vec::<true, 4>(out, a, w);
    } else if w.panels().is_multiple_of(2) {
        kernel_pairs(tile8x32, out, ldo, rows, (a, lda), w, buf);
    } else {
        kernel(tile12::<true, NR>, out, ldo, rows, (a, lda), w, buf);
    }
}

/// `out[r][..n] += a[r][..k] · w` for `rows` rows; row strides `ldo` and `lda`.
pub fn gemm_acc(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    buf: &mut Buffers,
) {
    if rows == 0 || w.k == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU supports the features `kernel_avx512` was compiled for.
        unsafe { kernel_avx512(out, ldo, rows, a, lda, w, buf) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `kernel_avx2` was compiled for.
        unsafe { kernel_avx2(out, ldo, rows, a, lda, w, buf) };
        return;
    }
    portable(out, ldo, rows, a, lda, w, buf);
}

/// Without FMA: 4×8 tiles (8 accumulator registers of 4 lanes: wasm simd128, SSE2).
/// In wasm this function (and what it inlines) is compiled with simd128, 128-bit SIMD, which
/// every current engine runs (Chrome 91, Firefox 89, Safari 16.4 and later); without it the
/// kernels are scalar, about 4x slower. An engine without SIMD would reject the whole module,
/// and only the modules that link this crate (the assistant, the benchmark) contain it.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn portable(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    buf: &mut Buffers,
) {
    if rows == 1 {
        kernel_vec::<false, 2>(out, a, w);
    } else {
        kernel(tile4::<false, 8>, out, ldo, rows, (a, lda), w, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(out: &[f32], a: &[f32], w: &[f32], rows: usize, k: usize, n: usize) -> Vec<f32> {
        let mut want = out.to_vec();
        for r in 0..rows {
            for c in 0..n {
                want[r * n + c] += (0..k).map(|i| a[r * k + i] * w[i * n + c]).sum::<f32>();
            }
        }
        want
    }

    #[test]
    fn matches_naive_product() {
        // rows: one (the matrix-vector path), a partial tile, several tiles of every kernel;
        // n = 80: a group of four panels and one left over
        for (rows, k, n) in [
            (1, 5, 16),
            (1, 7, 80),
            (6, 5, 16),
            (13, 33, 80),
            (26, 9, 32),
        ] {
            let a: Vec<f32> = (0..rows * k).map(|i| (i % 7) as f32 - 3.0).collect();
            let q: Vec<i8> = (0..k * n).map(|i| (i % 5) as i8 - 2).collect();
            let scale: Vec<f32> = (0..n).map(|c| 0.5 + c as f32 / 64.0).collect();
            let w: Vec<f32> = (0..k * n).map(|i| f32::from(q[i]) * scale[i % n]).collect();
            let packed = Packed::new(&q, &scale, k, n);
            let start: Vec<f32> = (0..rows * n).map(|i| (i % 3) as f32).collect();
            let want = naive(&start, &a, &w, rows, k, n);
            let mut buf = Buffers::default();
            let mut out = start.clone();
            gemm_acc(&mut out, n, rows, &a, k, &packed, &mut buf);
            let mut kernels = vec![("dispatched", out)];
            let mut out = start.clone();
            portable(&mut out, n, rows, &a, k, &packed, &mut buf);
            kernels.push(("portable", out));
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                let mut out = start.clone();
                // SAFETY: the CPU has the features.
                unsafe { kernel_avx2(&mut out, n, rows, &a, k, &packed, &mut buf) };
                kernels.push(("avx2", out));
            }
            for (name, got) in kernels {
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() < 1e-4,
                        "{name} {rows}x{k}x{n} at {i}: {g} != {w}"
                    );
                }
            }
        }
    }
}
