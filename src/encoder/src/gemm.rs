//! Small dense kernels: `out += a · w` with `w` pre-packed into 16-column panels so the
//! inner loop streams contiguous memory and keeps a 4×16 (AVX2) or 4×8 (portable)
//! accumulator tile in registers.
//! Plain Rust that auto-vectorises: a portable kernel (bounds-check-free zip loop, which
//! matters for wasm) and, on x86-64, an AVX2+FMA build of the same idea picked at run time
//! (no intrinsics, no `unsafe` beyond calling that copy after detection).

/// Panel width (columns per packed panel); every matrix width is a multiple of it.
const NR: usize = 16;
/// Rows per register tile.
const MR: usize = 4; // the zip in `kernel` assumes 4

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

/// `W`: columns per register tile (a divisor of `NR`); the portable build uses 8 so the
/// 4×8 accumulator tile fits in 16 SIMD registers (wasm simd128, SSE2), AVX2 uses 16.
#[inline(always)]
fn kernel<const FMA: bool, const W: usize>(
    out: &mut [f32],
    ldo: usize,
    rows: usize,
    a: &[f32],
    lda: usize,
    w: &Packed,
) {
    let k = w.k;
    let mut r0 = 0;
    while r0 < rows {
        let tile = (rows - r0).min(MR);
        let ar: [&[f32]; MR] = std::array::from_fn(|r| {
            let s = (r0 + r.min(tile - 1)) * lda;
            &a[s..s + k]
        });
        for (jb, panel) in w.data.chunks_exact(k * NR).enumerate() {
            let (panel, _) = panel.as_chunks::<NR>();
            for half in 0..NR / W {
                let mut acc = [[0f32; W]; MR];
                let rows_k = panel.iter().zip(ar[0]).zip(ar[1]).zip(ar[2]).zip(ar[3]);
                for ((((wrow, &a0), &a1), &a2), &a3) in rows_k {
                    let Ok(wv) = <&[f32; W]>::try_from(&wrow[half * W..half * W + W]) else {
                        continue;
                    };
                    for (r, av) in [a0, a1, a2, a3].into_iter().enumerate() {
                        for c in 0..W {
                            acc[r][c] = madd::<FMA>(av, wv[c], acc[r][c]);
                        }
                    }
                }
                for (r, row) in acc.iter().enumerate().take(tile) {
                    let o = (r0 + r) * ldo + jb * NR + half * W;
                    for (dst, v) in out[o..o + W].iter_mut().zip(row) {
                        *dst += v;
                    }
                }
            }
        }
        r0 += tile;
    }
}

/// AVX2+FMA variant: whole 16-wide panel rows as the register tile.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn kernel_fma(out: &mut [f32], ldo: usize, rows: usize, a: &[f32], lda: usize, w: &Packed) {
    let k = w.k;
    let mut r0 = 0;
    while r0 < rows {
        let tile = (rows - r0).min(MR);
        let ar: [&[f32]; MR] = std::array::from_fn(|r| {
            let s = (r0 + r.min(tile - 1)) * lda;
            &a[s..s + k]
        });
        for (jb, panel) in w.data.chunks_exact(k * NR).enumerate() {
            let (panel, _) = panel.as_chunks::<NR>();
            let mut acc = [[0f32; NR]; MR];
            for (kk, wv) in panel.iter().enumerate() {
                for r in 0..MR {
                    let av = ar[r][kk];
                    for c in 0..NR {
                        acc[r][c] = av.mul_add(wv[c], acc[r][c]);
                    }
                }
            }
            for (r, row) in acc.iter().enumerate().take(tile) {
                let o = (r0 + r) * ldo + jb * NR;
                for (dst, v) in out[o..o + NR].iter_mut().zip(row) {
                    *dst += v;
                }
            }
        }
        r0 += tile;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn kernel_avx2(out: &mut [f32], ldo: usize, rows: usize, a: &[f32], lda: usize, w: &Packed) {
    kernel_fma(out, ldo, rows, a, lda, w);
}

/// `out[r][..n] += a[r][..k] · w` for `rows` rows; row strides `ldo` and `lda`.
pub fn gemm_acc(out: &mut [f32], ldo: usize, rows: usize, a: &[f32], lda: usize, w: &Packed) {
    if rows == 0 || w.k == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features `kernel_avx2` was compiled for.
        unsafe { kernel_avx2(out, ldo, rows, a, lda, w) };
        return;
    }
    kernel::<false, 8>(out, ldo, rows, a, lda, w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_product() {
        let (rows, k, n) = (6, 5, 16);
        let a: Vec<f32> = (0..rows * k).map(|i| (i % 7) as f32 - 3.0).collect();
        let w: Vec<f32> = (0..k * n).map(|i| (i % 5) as f32 * 0.5 - 1.0).collect();
        let packed = Packed::new(&w, k, n);
        let mut out = vec![1.0f32; rows * n];
        gemm_acc(&mut out, n, rows, &a, k, &packed);
        // the portable kernel too (gemm_acc may have picked the AVX2 one)
        let mut portable = vec![1.0f32; rows * n];
        kernel::<false, 8>(&mut portable, n, rows, &a, k, &packed);
        assert_eq!(out.len(), portable.len());
        for (x, y) in out.iter().zip(&portable) {
            assert!((x - y).abs() < 1e-4);
        }
        for r in 0..rows {
            for c in 0..n {
                let want: f32 = 1.0 + (0..k).map(|i| a[r * k + i] * w[i * n + c]).sum::<f32>();
                assert!((out[r * n + c] - want).abs() < 1e-4, "({r},{c})");
            }
        }
    }
}
