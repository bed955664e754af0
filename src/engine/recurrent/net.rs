//! A recurrent net: a cell run over the sequence, then a dense read-out H → n_out on the
//! last hidden state (identity output, for regression), trained on mean squared error by
//! full backpropagation through time.
//!
//! The loss of one example is L = (1/n_out)·Σ_k (y_k − target_k)²; a mini-batch's loss and
//! gradients are the mean over its examples.

use super::cell::{mtv_add, mv_add, outer_add, Cell, CellKind, StepCache};
use super::init::{glorot_uniform, spectral_radius, RecurrentInit};
use crate::engine::clip::{norm, Clip};
use crate::engine::optim::Optimizer;
use crate::engine::rng::Rng;

#[derive(Clone, Debug, PartialEq)]
pub struct RecurrentNet {
    pub cell: Cell,
    pub n_out: usize,
    /// Read-out weights, n_out × H.
    pub out_w: Vec<f64>,
    pub out_b: Vec<f64>,
}

/// Gradients, shaped like the parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads {
    pub cell: Cell,
    pub out_w: Vec<f64>,
    pub out_b: Vec<f64>,
}

/// What one backward pass gives.
#[derive(Clone, Debug)]
pub struct Backprop {
    pub loss: f64,
    pub grads: Grads,
    /// dh_norms[t − 1] = ‖∂L/∂h_t‖ for t = 1..T: the total derivative of the loss with
    /// respect to the hidden state at step t, through every later step. (For the LSTM,
    /// with c_t held fixed: the gradient reaching c_t is carried separately.) For a batch
    /// it is the norm over the whole batch's h_t, of the batch-mean loss.
    pub dh_norms: Vec<f64>,
}

/// What one training step reports. Never panics on NaN or ∞: it says so here.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    /// Loss of the batch before the step.
    pub loss: f64,
    /// Global norm of the gradient before clipping.
    pub grad_norm: f64,
    /// Whether clipping changed the gradient.
    pub clipped: bool,
    pub dh_norms: Vec<f64>,
    /// The loss or a gradient was NaN or ∞. The parameters are then left unchanged.
    pub non_finite: bool,
}

impl Grads {
    /// The five gradient tensors, in [`RecurrentNet::params`] order: W, U, b, read-out W, b.
    pub fn tensors_mut(&mut self) -> [&mut [f64]; 5] {
        five_mut(&mut self.cell, &mut self.out_w, &mut self.out_b)
    }

    pub fn flat(&self) -> Vec<f64> {
        flatten(&self.cell, &self.out_w, &self.out_b)
    }

    /// Global L2 norm over every tensor.
    pub fn norm(&self) -> f64 {
        norm(&self.flat())
    }

    /// Clips in place with the engine's modes (the five tensors are what `Clip::Norm`
    /// treats one at a time); returns whether anything changed.
    pub fn clip(&mut self, clip: Clip) -> bool {
        clip.apply(&mut self.tensors_mut())
    }
}

impl RecurrentNet {
    /// Cell weights as in [`Cell::new`]; the read-out is Glorot uniform with zero bias.
    pub fn new(
        kind: CellKind,
        n_in: usize,
        hidden: usize,
        n_out: usize,
        init: RecurrentInit,
        rng: &mut Rng,
    ) -> Self {
        let cell = Cell::new(kind, n_in, hidden, init, rng);
        let out_w = glorot_uniform(hidden, n_out, rng);
        RecurrentNet {
            cell,
            n_out,
            out_w,
            out_b: vec![0.0; n_out],
        }
    }

    /// Runs the cell over `xs` (T steps × n_in) and returns every step's cache and the
    /// output. `nudge = Some((t, δ))` adds δ to h_t (t in 1..=T) after it is computed,
    /// before step t + 1 or the read-out sees it: finite differences of the loss in δ are
    /// then ∂L/∂h_t, which checks `dh_norms`.
    fn run(&self, xs: &[Vec<f64>], nudge: Option<(usize, &[f64])>) -> (Vec<StepCache>, Vec<f64>) {
        let (mut h, mut c) = self.cell.zero_state();
        let mut caches = Vec::with_capacity(xs.len());
        for (t, x) in xs.iter().enumerate() {
            let s = self.cell.forward(x, &h, &c);
            h = s.h.clone();
            c = s.c.clone();
            if let Some((tn, delta)) = nudge {
                if tn == t + 1 {
                    h.iter_mut().zip(delta).for_each(|(a, d)| *a += d);
                }
            }
            caches.push(s);
        }
        let mut y = self.out_b.clone();
        mv_add(&mut y, &self.out_w, 0, &h);
        (caches, y)
    }

    /// Forward: the output for one sequence.
    pub fn forward(&self, xs: &[Vec<f64>]) -> Vec<f64> {
        self.run(xs, None).1
    }

    /// Mean squared error of one sequence.
    pub fn loss(&self, xs: &[Vec<f64>], target: &[f64]) -> f64 {
        mse(&self.forward(xs), target)
    }

    /// The loss with δ added to h_t (t in 1..=T); see `run`.
    pub fn loss_with_nudge(&self, xs: &[Vec<f64>], target: &[f64], t: usize, delta: &[f64]) -> f64 {
        mse(&self.run(xs, Some((t, delta))).1, target)
    }

    /// Mean loss over a batch.
    pub fn batch_loss(&self, inputs: &[Vec<Vec<f64>>], targets: &[Vec<f64>]) -> f64 {
        let sum: f64 = inputs
            .iter()
            .zip(targets)
            .map(|(x, y)| self.loss(x, y))
            .sum();
        sum / inputs.len() as f64
    }

    /// Backward for one sequence.
    pub fn backward(&self, xs: &[Vec<f64>], target: &[f64]) -> Backprop {
        self.batch_backward(&[xs.to_vec()], &[target.to_vec()])
    }

    /// Full BPTT over a batch: the batch-mean loss, its gradient and ‖∂L/∂h_t‖ per step.
    pub fn batch_backward(&self, inputs: &[Vec<Vec<f64>>], targets: &[Vec<f64>]) -> Backprop {
        assert_eq!(inputs.len(), targets.len(), "one target per sequence");
        let hn = self.cell.hidden;
        let steps = inputs.first().map_or(0, |x| x.len());
        let scale = 1.0 / inputs.len().max(1) as f64;
        let mut grads = Grads {
            cell: self.cell.zeros_like(),
            out_w: vec![0.0; self.out_w.len()],
            out_b: vec![0.0; self.n_out],
        };
        let mut dh_sq = vec![0.0; steps];
        let mut loss = 0.0;
        for (xs, target) in inputs.iter().zip(targets) {
            assert_eq!(
                xs.len(),
                steps,
                "every sequence in a batch has the same length"
            );
            let (caches, y) = self.run(xs, None);
            loss += scale * mse(&y, target);
            // Read-out: y = V h_T + c, dL/dy = scale·2(y − target)/n_out.
            let dy: Vec<f64> = y
                .iter()
                .zip(target)
                .map(|(a, b)| scale * 2.0 * (a - b) / self.n_out as f64)
                .collect();
            let h_last = caches.last().map_or(vec![0.0; hn], |s| s.h.clone());
            outer_add(&mut grads.out_w, 0, &dy, &h_last);
            grads.out_b.iter_mut().zip(&dy).for_each(|(g, d)| *g += d);
            let mut dh = vec![0.0; hn];
            mtv_add(&mut dh, &self.out_w, 0, &dy);
            let mut dc = self.cell.zero_state().1;
            // Through time, last step first.
            for (t, s) in caches.iter().enumerate().rev() {
                dh_sq[t] += dh.iter().map(|v| v * v).sum::<f64>();
                let (dh_prev, dc_prev) = self.cell.backward(s, &dh, &dc, &mut grads.cell);
                dh = dh_prev;
                dc = dc_prev;
            }
        }
        Backprop {
            loss,
            grads,
            dh_norms: dh_sq.into_iter().map(f64::sqrt).collect(),
        }
    }

    /// One step on a batch: backward, clip, then the optimizer's update (plain SGD:
    /// θ ← θ − lr·g). If the loss or the gradient is not finite, nothing changes and
    /// the report says so.
    pub fn step(
        &mut self,
        inputs: &[Vec<Vec<f64>>],
        targets: &[Vec<f64>],
        optimizer: &mut Optimizer<f64>,
        clip: Clip,
    ) -> StepReport {
        let Backprop {
            loss,
            mut grads,
            dh_norms,
        } = self.batch_backward(inputs, targets);
        let grad_norm = grads.norm();
        let non_finite = !loss.is_finite() || !grad_norm.is_finite();
        let mut clipped = false;
        if !non_finite {
            clipped = grads.clip(clip);
            optimizer.begin_step();
            for (slot, (p, g)) in self
                .tensors_mut()
                .into_iter()
                .zip(grads.tensors_mut())
                .enumerate()
            {
                optimizer.update(slot, p, g);
            }
        }
        StepReport {
            loss,
            grad_norm,
            clipped,
            dh_norms,
            non_finite,
        }
    }

    /// The spectral radius of the candidate's recurrent matrix (see [`Cell::candidate_block`]).
    pub fn recurrent_radius(&self) -> f64 {
        spectral_radius(self.cell.candidate_block(), self.cell.hidden)
    }

    /// The five parameter tensors: cell W, U, b, read-out W, b.
    pub fn tensors_mut(&mut self) -> [&mut [f64]; 5] {
        five_mut(&mut self.cell, &mut self.out_w, &mut self.out_b)
    }

    /// Every parameter in one vector, in the order of [`Grads::flat`].
    pub fn params(&self) -> Vec<f64> {
        flatten(&self.cell, &self.out_w, &self.out_b)
    }

    /// Sets every parameter from a vector laid out as [`Self::params`].
    pub fn set_params(&mut self, flat: &[f64]) {
        let mut rest = flat;
        for t in self.tensors_mut() {
            let (head, tail) = rest.split_at(t.len());
            t.copy_from_slice(head);
            rest = tail;
        }
        assert!(
            rest.is_empty(),
            "set_params: {} values too many",
            rest.len()
        );
    }

    pub fn param_count(&self) -> usize {
        let c = &self.cell;
        c.w.len() + c.u.len() + c.b.len() + self.out_w.len() + self.out_b.len()
    }
}

/// A net and its gradient share one layout: cell W, U, b, then read-out W, b.
fn five_mut<'a>(
    cell: &'a mut Cell,
    out_w: &'a mut [f64],
    out_b: &'a mut [f64],
) -> [&'a mut [f64]; 5] {
    [&mut cell.w, &mut cell.u, &mut cell.b, out_w, out_b]
}

/// The five tensors of [`five_mut`] end to end.
fn flatten(cell: &Cell, out_w: &[f64], out_b: &[f64]) -> Vec<f64> {
    [&cell.w[..], &cell.u, &cell.b, out_w, out_b].concat()
}

fn mse(y: &[f64], target: &[f64]) -> f64 {
    assert_eq!(y.len(), target.len(), "output and target sizes differ");
    y.iter()
        .zip(target)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        / y.len() as f64
}
