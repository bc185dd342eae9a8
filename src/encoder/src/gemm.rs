//! Small dense kernels: `out += a · w` with `w` pre-packed into 16-column panels so the
//! inner loop streams contiguous memory and keeps a 4×16 (AVX2) or 4×8 (portable)
//! accumulator tile in registers.
//! Plain Rust that auto-vectorises: a portable kernel (bounds-check-free zip loop, which
//! matters for wasm) and, on x86-64, an AVX2+FMA build of the same idea picked at run time
//! (no intrinsics, no `unsafe` beyond calling that copy after detection).

/// Panel width (columns per packed panel); every matrix width is a multiple of it.
const NR: usize = 16;
/// Rows per register tile.
const MR512: usize = 12;

/// A `k × n` row-major f32 matrix stored as `n / 16` panels of `k × 16`.
pub struct Packed {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl Packed {
    /// Packs a row-major `k × n` matrix; `n` must be a multiple of 16 (true for all USE layers).
    pub fn new(w: &[f32], k: usize, n: usize) -> Self {
        debug_assert!(n.is_multiple_of(NR) && w.len() == k * n);
        let mut data = Vec::with_capacity(k * n);
        for jb in 0..n / NR {
            for row in w.chunks_exact(n).take(k) {
                data.extend_from_slice(&row[jb * NR..(jb + 1) * NR]);
            }
        }
        Packed { k, n, data }
    }

    pub fn cols(&self) -> usize {
        self.n
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

/// `out[r0..r0 + rows] += a · panel` for one 16-column panel and up to `MR` rows, `ap` being
/// those rows interleaved (`ap[kk][r]`, see [`pack_rows`]): an `MR × W` accumulator tile per
/// `W`-column slice of the panel (`W` divides `NR`).
#[inline(always)]
fn tile<const FMA: bool, const MR: usize, const W: usize>(
    out: &mut [f32],
    ldo: usize,
    (col, r0, rows): (usize, usize, usize),
    ap: &[[f32; MR]],
    panel: &[[f32; NR]],
) {
    for half in 0..NR / W {
        let mut acc = [[0f32; W]; MR];
        for (wrow, av) in panel.iter().zip(ap) {
            let Ok(wv) = <&[f32; W]>::try_from(&wrow[half * W..half * W + W]) else {
                continue;
            };
            for r in 0..MR {
                for c in 0..W {
                    acc[r][c] = madd::<FMA>(av[r], wv[c], acc[r][c]);
                }
            }
        }
        for (r, row) in acc.iter().enumerate().take(rows) {
            let o = (r0 + r) * ldo + col + half * W;
            for (dst, v) in out[o..o + W].iter_mut().zip(row) {
                *dst += v;
            }
        }
    }
}

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
fn kernel<const FMA: bool, const MR: usize, const W: usize>(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    pack: &mut Vec<f32>,
) {
    let k = w.k;
    pack_rows::<MR>(pack, rows, a, lda, k);
    for (jb, panel) in w.data.chunks_exact(k * NR).enumerate() {
        let (panel, _) = panel.as_chunks::<NR>();
        for (g, group) in pack.chunks_exact(MR * k).enumerate() {
            let (ap, _) = group.as_chunks::<MR>();
            let r0 = g * MR;
            tile::<FMA, MR, W>(out, ldo, (jb * NR, r0, (rows - r0).min(MR)), ap, panel);
        }
    }
}

/// One row (the head's matrix-vector products): `P` panels side by side, so `P` independent
/// accumulators hide the multiply-add latency while each column keeps its summation order.
#[inline(always)]
fn kernel_vec<const FMA: bool, const P: usize>(out: &mut [f32], a: &[f32], w: &Packed) {
    let k = w.k;
    let a = &a[..k];
    let mut groups = w.data.chunks_exact(k * NR * P);
    for (g, group) in groups.by_ref().enumerate() {
        let panels: [&[[f32; NR]]; P] = std::array::from_fn(|p| {
            let (panel, _) = group[p * k * NR..(p + 1) * k * NR].as_chunks::<NR>();
            &panel[..k]
        });
        let mut acc = [[0f32; NR]; P];
        for (kk, &av) in a.iter().enumerate() {
            for p in 0..P {
                for c in 0..NR {
                    acc[p][c] = madd::<FMA>(av, panels[p][kk][c], acc[p][c]);
                }
            }
        }
        let o = g * P * NR;
        for (dst, v) in out[o..o + P * NR].iter_mut().zip(acc.as_flattened()) {
            *dst += v;
        }
    }
    let rest = groups.remainder();
    if !rest.is_empty() {
        let done = w.data.len() - rest.len();
        let tail = Packed {
            k,
            n: rest.len() / k,
            data: rest.to_vec(),
        };
        kernel_vec::<FMA, 1>(&mut out[done / k..], a, &tail);
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
    pack: &mut Vec<f32>,
) {
    if rows == 1 {
        kernel_vec::<true, 4>(out, a, w);
    } else {
        kernel::<true, 6, NR>(out, ldo, rows, a, lda, w, pack);
    }
}

/// AVX-512: 12×16 tiles (12 of the 32 zmm registers).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn kernel_avx512(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    pack: &mut Vec<f32>,
) {
    if rows == 1 {
        kernel_vec::<true, 4>(out, a, w);
    } else {
        kernel::<true, MR512, NR>(out, ldo, rows, a, lda, w, pack);
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
    pack: &mut Vec<f32>,
) {
    if rows == 0 || w.k == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU supports the features `kernel_avx512` was compiled for.
        unsafe { kernel_avx512(out, ldo, rows, a, lda, w, pack) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `kernel_avx2` was compiled for.
        unsafe { kernel_avx2(out, ldo, rows, a, lda, w, pack) };
        return;
    }
    portable(out, ldo, rows, a, lda, w, pack);
}

/// Without FMA: 4×8 tiles (8 accumulator registers of 4 lanes: wasm simd128, SSE2).
fn portable(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
    pack: &mut Vec<f32>,
) {
    if rows == 1 {
        kernel_vec::<false, 2>(out, a, w);
    } else {
        kernel::<false, 4, 8>(out, ldo, rows, a, lda, w, pack);
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
            let w: Vec<f32> = (0..k * n).map(|i| (i % 5) as f32 * 0.5 - 1.0).collect();
            let packed = Packed::new(&w, k, n);
            let start: Vec<f32> = (0..rows * n).map(|i| (i % 3) as f32).collect();
            let want = naive(&start, &a, &w, rows, k, n);
            let mut pack = Vec::new();
            let mut out = start.clone();
            gemm_acc(&mut out, n, rows, &a, k, &packed, &mut pack);
            let mut kernels = vec![("dispatched", out)];
            let mut out = start.clone();
            portable(&mut out, n, rows, &a, k, &packed, &mut pack);
            kernels.push(("portable", out));
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                let mut out = start.clone();
                // SAFETY: the CPU has the features.
                unsafe { kernel_avx2(&mut out, n, rows, &a, k, &packed, &mut pack) };
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
