//! One time step of a recurrent cell: forward, and its backward for BPTT.
//!
//! Weights are stored with the gate blocks stacked, row-major:
//! W is (gates·H) × n_in, U is (gates·H) × H, b has gates·H entries.
//!
//! * Vanilla (Elman) RNN: h_t = tanh(W x_t + U h_{t−1} + b).
//! * LSTM, blocks [i, f, o, g]: i, f, o = σ(W x_t + U h_{t−1} + b) per block,
//!   g = tanh(W_g x_t + U_g h_{t−1} + b_g); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).
//!   The cell and input/output gates are Hochreiter & Schmidhuber (1997); the forget gate
//!   is Gers, Schmidhuber & Cummins (2000), whose bias starts at 1 (also Jozefowicz et al.
//!   2015) so the cell remembers by default. No peepholes.
//! * GRU, blocks [z, r, n]: z = σ(W_z x + U_z h_{t−1} + b_z), r = σ(W_r x + U_r h_{t−1} + b_r),
//!   ĥ = tanh(W_n x + U_n (r ⊙ h_{t−1}) + b_n), h_t = (1 − z) ⊙ h_{t−1} + z ⊙ ĥ.
//!   This is the form of Cho et al. (2014, eqs. 5–8): the reset gate multiplies h_{t−1}
//!   *before* U_n (PyTorch and cuDNN apply it after, r ⊙ (U_n h_{t−1} + b)). Cho et al.
//!   write h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ; we use the convention of Chung et al. (2014),
//!   where z = 1 takes the new candidate — the same model with z ↔ 1 − z.

use std::fmt;
use std::str::FromStr;

use super::init::{glorot_uniform, RecurrentInit};
use crate::engine::math::{sigmoid, tanh};
use crate::engine::rng::Rng;
use crate::engine::words::Vocabulary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellKind {
    Vanilla,
    Lstm,
    Gru,
}

impl CellKind {
    /// Number of H-sized blocks stacked in W, U and b.
    pub fn gates(self) -> usize {
        match self {
            CellKind::Vanilla => 1,
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
        }
    }
}

impl fmt::Display for CellKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CellKind::Vanilla => "rnn",
            CellKind::Lstm => "lstm",
            CellKind::Gru => "gru",
        })
    }
}

impl FromStr for CellKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rnn" | "vanilla" | "elman" => Ok(CellKind::Vanilla),
            "lstm" => Ok(CellKind::Lstm),
            "gru" => Ok(CellKind::Gru),
            _ => Err(crate::t!(
                "engine.unknown.cell",
                word = s,
                known = "rnn, lstm, gru"
            )),
        }
    }
}

impl Vocabulary for CellKind {
    const MENU: &'static [(Self, &'static str)] = &[
        (CellKind::Vanilla, "vanilla tanh RNN"),
        (CellKind::Lstm, "LSTM"),
        (CellKind::Gru, "GRU"),
    ];
}

crate::word_serde!(CellKind);

/// A cell's parameters. A gradient has the same shape, so it is a `Cell` too.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub kind: CellKind,
    pub n_in: usize,
    pub hidden: usize,
    /// Input weights, (gates·H) × n_in.
    pub w: Vec<f64>,
    /// Recurrent weights, (gates·H) × H.
    pub u: Vec<f64>,
    pub b: Vec<f64>,
}

/// What one forward step keeps for its backward step.
#[derive(Clone, Debug)]
pub struct StepCache {
    pub x: Vec<f64>,
    pub h_prev: Vec<f64>,
    /// Empty unless LSTM.
    pub c_prev: Vec<f64>,
    /// Gate values after their nonlinearity, gates·H (for the vanilla cell, h itself).
    pub act: Vec<f64>,
    /// GRU only: r ⊙ h_{t−1}.
    pub rh: Vec<f64>,
    /// LSTM only: c_t.
    pub c: Vec<f64>,
    pub h: Vec<f64>,
}

impl Cell {
    /// Glorot-uniform input weights (each gate block on its own, fan n_in → H), the
    /// recurrent blocks from `init` (each block drawn on its own), zero biases except the
    /// LSTM forget gate's, which start at 1.
    pub fn new(
        kind: CellKind,
        n_in: usize,
        hidden: usize,
        init: RecurrentInit,
        rng: &mut Rng,
    ) -> Self {
        let g = kind.gates();
        let mut w = Vec::with_capacity(g * hidden * n_in);
        let mut u = Vec::with_capacity(g * hidden * hidden);
        for _ in 0..g {
            w.extend(glorot_uniform(n_in, hidden, rng));
        }
        for _ in 0..g {
            u.extend(init.matrix(hidden, rng));
        }
        let mut b = vec![0.0; g * hidden];
        if kind == CellKind::Lstm {
            b[hidden..2 * hidden].iter_mut().for_each(|v| *v = 1.0);
        }
        Cell {
            kind,
            n_in,
            hidden,
            w,
            u,
            b,
        }
    }

    /// Sets every LSTM forget-gate bias to `b` (1 at initialization). A larger bias, such as
    /// 3, makes f = σ(b) ≈ 0.95, so the gradient along the cell state fades by ~5% a step
    /// instead of ~27%. Returns false, changing nothing, for cells without a forget gate.
    pub fn set_forget_bias(&mut self, b: f64) -> bool {
        if self.kind != CellKind::Lstm {
            return false;
        }
        let h = self.hidden;
        self.b[h..2 * h].iter_mut().for_each(|v| *v = b);
        true
    }

    /// A cell of zeros with this one's shape: an empty gradient.
    pub fn zeros_like(&self) -> Self {
        Cell {
            kind: self.kind,
            n_in: self.n_in,
            hidden: self.hidden,
            w: vec![0.0; self.w.len()],
            u: vec![0.0; self.u.len()],
            b: vec![0.0; self.b.len()],
        }
    }

    /// The recurrent block of gate `k` (an H × H row-major slice).
    pub fn u_block(&self, k: usize) -> &[f64] {
        let hh = self.hidden * self.hidden;
        &self.u[k * hh..(k + 1) * hh]
    }

    /// The recurrent block of the tanh candidate (vanilla: all of U; LSTM: U_g; GRU: U_n):
    /// the matrix the lecture's ∂h_t/∂h_{t−1} ∝ U argument is about.
    pub fn candidate_block(&self) -> &[f64] {
        self.u_block(match self.kind {
            CellKind::Vanilla => 0,
            CellKind::Lstm => 3,
            CellKind::Gru => 2,
        })
    }

    /// Initial state: h₀ = 0 (and c₀ = 0 for the LSTM).
    pub fn zero_state(&self) -> (Vec<f64>, Vec<f64>) {
        let c = if self.kind == CellKind::Lstm {
            vec![0.0; self.hidden]
        } else {
            Vec::new()
        };
        (vec![0.0; self.hidden], c)
    }

    /// One step forward from (h_{t−1}, c_{t−1}) on input x_t.
    pub fn forward(&self, x: &[f64], h_prev: &[f64], c_prev: &[f64]) -> StepCache {
        let hn = self.hidden;
        let mut a = self.b.clone();
        mv_add(&mut a, &self.w, 0, x);
        let mut rh = Vec::new();
        let mut c = Vec::new();
        let (act, h) = match self.kind {
            CellKind::Vanilla => {
                mv_add(&mut a, &self.u, 0, h_prev);
                let h: Vec<f64> = a.iter().map(|&v| tanh(v)).collect();
                (h.clone(), h)
            }
            CellKind::Lstm => {
                mv_add(&mut a, &self.u, 0, h_prev);
                let act: Vec<f64> = a
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| if k < 3 * hn { sigmoid(v) } else { tanh(v) })
                    .collect();
                let (i, f, o, g) = split4(&act, hn);
                c = (0..hn).map(|j| f[j] * c_prev[j] + i[j] * g[j]).collect();
                let h = (0..hn).map(|j| o[j] * tanh(c[j])).collect();
                (act, h)
            }
            CellKind::Gru => {
                mv_add(&mut a[..2 * hn], &self.u, 0, h_prev);
                let mut act: Vec<f64> = a[..2 * hn].iter().map(|&v| sigmoid(v)).collect();
                rh = (0..hn).map(|j| act[hn + j] * h_prev[j]).collect();
                mv_add(&mut a[2 * hn..], &self.u, 2 * hn, &rh);
                act.extend(a[2 * hn..].iter().map(|&v| tanh(v)));
                let (z, n) = (&act[..hn], &act[2 * hn..]);
                let h = (0..hn)
                    .map(|j| (1.0 - z[j]) * h_prev[j] + z[j] * n[j])
                    .collect();
                (act, h)
            }
        };
        StepCache {
            x: x.to_vec(),
            h_prev: h_prev.to_vec(),
            c_prev: c_prev.to_vec(),
            act,
            rh,
            c,
            h,
        }
    }

    /// One step backward. `dh` = ∂L/∂h_t and `dc` = ∂L/∂c_t (LSTM; empty otherwise) are
    /// total derivatives, everything later already folded in. Adds this step's share of
    /// the parameter gradients to `grad` and returns (∂L/∂h_{t−1}, ∂L/∂c_{t−1}).
    pub fn backward(
        &self,
        s: &StepCache,
        dh: &[f64],
        dc: &[f64],
        grad: &mut Cell,
    ) -> (Vec<f64>, Vec<f64>) {
        let hn = self.hidden;
        // da: ∂L/∂(pre-activation) of every gate block.
        let mut da = vec![0.0; self.kind.gates() * hn];
        let mut dh_prev = vec![0.0; hn];
        let mut dc_prev = Vec::new();
        match self.kind {
            CellKind::Vanilla => {
                for j in 0..hn {
                    da[j] = dh[j] * (1.0 - s.h[j] * s.h[j]);
                }
                outer_add(&mut grad.u, 0, &da, &s.h_prev);
                mtv_add(&mut dh_prev, &self.u, 0, &da);
            }
            CellKind::Lstm => {
                let (i, f, o, g) = split4(&s.act, hn);
                dc_prev = vec![0.0; hn];
                for j in 0..hn {
                    let tc = tanh(s.c[j]);
                    let dcj = dc[j] + dh[j] * o[j] * (1.0 - tc * tc);
                    da[j] = dcj * g[j] * i[j] * (1.0 - i[j]);
                    da[hn + j] = dcj * s.c_prev[j] * f[j] * (1.0 - f[j]);
                    da[2 * hn + j] = dh[j] * tc * o[j] * (1.0 - o[j]);
                    da[3 * hn + j] = dcj * i[j] * (1.0 - g[j] * g[j]);
                    dc_prev[j] = dcj * f[j];
                }
                outer_add(&mut grad.u, 0, &da, &s.h_prev);
                mtv_add(&mut dh_prev, &self.u, 0, &da);
            }
            CellKind::Gru => {
                let (z, r, n) = (&s.act[..hn], &s.act[hn..2 * hn], &s.act[2 * hn..]);
                // Candidate block first: it feeds the reset gate's gradient.
                for j in 0..hn {
                    da[2 * hn + j] = dh[j] * z[j] * (1.0 - n[j] * n[j]);
                }
                outer_add(&mut grad.u, 2 * hn, &da[2 * hn..], &s.rh);
                let mut drh = vec![0.0; hn];
                mtv_add(&mut drh, &self.u, 2 * hn, &da[2 * hn..]);
                for j in 0..hn {
                    da[j] = dh[j] * (n[j] - s.h_prev[j]) * z[j] * (1.0 - z[j]);
                    da[hn + j] = drh[j] * s.h_prev[j] * r[j] * (1.0 - r[j]);
                    dh_prev[j] = dh[j] * (1.0 - z[j]) + drh[j] * r[j];
                }
                outer_add(&mut grad.u, 0, &da[..2 * hn], &s.h_prev);
                mtv_add(&mut dh_prev, &self.u, 0, &da[..2 * hn]);
            }
        }
        outer_add(&mut grad.w, 0, &da, &s.x);
        for (gb, d) in grad.b.iter_mut().zip(&da) {
            *gb += d;
        }
        (dh_prev, dc_prev)
    }
}

fn split4(v: &[f64], h: usize) -> (&[f64], &[f64], &[f64], &[f64]) {
    (&v[..h], &v[h..2 * h], &v[2 * h..3 * h], &v[3 * h..4 * h])
}

/// out[i] += Σ_j M[row0 + i, j]·v[j], M row-major with v.len() columns.
pub(super) fn mv_add(out: &mut [f64], m: &[f64], row0: usize, v: &[f64]) {
    let cols = v.len();
    for (i, o) in out.iter_mut().enumerate() {
        let row = &m[(row0 + i) * cols..(row0 + i + 1) * cols];
        *o += row.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
    }
}

/// out[j] += Σ_i M[row0 + i, j]·d[i]: the transpose of the rows row0..row0 + d.len().
pub(super) fn mtv_add(out: &mut [f64], m: &[f64], row0: usize, d: &[f64]) {
    let cols = out.len();
    for (i, &di) in d.iter().enumerate() {
        let row = &m[(row0 + i) * cols..(row0 + i + 1) * cols];
        for (o, a) in out.iter_mut().zip(row) {
            *o += a * di;
        }
    }
}

/// G[row0 + i, j] += d[i]·v[j], G row-major with v.len() columns.
pub(super) fn outer_add(g: &mut [f64], row0: usize, d: &[f64], v: &[f64]) {
    let cols = v.len();
    for (i, &di) in d.iter().enumerate() {
        let row = &mut g[(row0 + i) * cols..(row0 + i + 1) * cols];
        for (gij, vj) in row.iter_mut().zip(v) {
            *gij += di * vj;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<CellKind>();
    }

    #[test]
    fn words() {
        for k in CellKind::values() {
            assert_eq!(k.to_string().parse::<CellKind>().unwrap(), k);
        }
        assert_eq!("LSTM".parse::<CellKind>().unwrap(), CellKind::Lstm);
        assert!("transformer".parse::<CellKind>().is_err());
    }

    #[test]
    fn lstm_forget_bias_starts_at_one() {
        let c = Cell::new(
            CellKind::Lstm,
            2,
            3,
            RecurrentInit::Orthogonal { scale: 1.0 },
            &mut Rng::new(1),
        );
        assert_eq!(c.b, [0., 0., 0., 1., 1., 1., 0., 0., 0., 0., 0., 0.]);
    }
}
