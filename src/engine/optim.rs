//! Optimizers, with Keras's update rules and default constants.
//!
//! Each parameter tensor has a slot (its index in visiting order) holding that
//! tensor's state: velocity, squared-gradient averages. `begin_step` advances the
//! step count t that Adam's bias correction uses.

use std::fmt;
use std::str::FromStr;

use super::real::Real;
use super::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerKind {
    /// w ← w − lr·g
    Sgd,
    /// v ← μv − lr·g; w ← w + v  (Keras SGD with momentum)
    Momentum,
    /// v ← μv − lr·g; w ← w + μv − lr·g  (Keras SGD with nesterov=True)
    Nesterov,
    /// a ← a + g²; w ← w − lr·g/√(a + ε), a starts at 0.1 (Keras 3 puts ε under the root)
    Adagrad,
    /// Zeiler (2012) as Keras computes it: a ← ρa + (1 − ρ)g²;
    /// Δ ← −√(d + ε)/√(a + ε)·g; d ← ρd + (1 − ρ)Δ²; w ← w + lr·Δ
    Adadelta,
    /// s ← ρs + (1 − ρ)g²; w ← w − lr·g/√(s + ε)  (Keras 3 puts ε under the root)
    Rmsprop,
    /// Kingma & Ba (2015) as Keras computes it: m ← m + (g − m)(1 − β₁),
    /// v ← v + (g² − v)(1 − β₂); w ← w − m·lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)/(√v + ε)
    Adam,
}

/// An optimizer's hyper-parameters (those it does not use are ignored).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    pub lr: f64,
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    /// RMSProp's decay of the squared-gradient average.
    pub rho: f64,
    /// Adadelta's decay of both its averages (Keras's default differs from RMSProp's).
    pub adadelta_rho: f64,
    pub epsilon: f64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            lr: 0.01,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            rho: 0.9,
            adadelta_rho: 0.95,
            epsilon: 1e-7,
        }
    }
}

/// Keras's initial AdaGrad accumulator.
const ADAGRAD_INITIAL: f64 = 0.1;

#[derive(Clone, Debug)]
pub struct Optimizer<T: Real> {
    pub kind: OptimizerKind,
    pub hyper: Hyper,
    /// Steps taken, counting the current one after `begin_step`.
    pub t: u64,
    /// Per tensor: first state (velocity / accumulator / m), second state (v of Adam).
    slots: Vec<(Vec<T>, Vec<T>)>,
}

impl<T: Real> Optimizer<T> {
    pub fn new(kind: OptimizerKind, hyper: Hyper) -> Self {
        Optimizer {
            kind,
            hyper,
            t: 0,
            slots: Vec::new(),
        }
    }

    /// Removes `remove` tensors' state at `at` and puts `insert` fresh ones there
    /// (empty state starts as a new tensor's would): for parameters added or dropped
    /// mid-run, so every other tensor keeps its own state.
    pub fn splice_slots(&mut self, at: usize, remove: usize, insert: usize) {
        if at > self.slots.len() {
            return;
        }
        let end = (at + remove).min(self.slots.len());
        self.slots.splice(
            at..end,
            std::iter::repeat_with(|| (Vec::new(), Vec::new())).take(insert),
        );
    }

    /// Sets the learning rate of the coming steps (a schedule's lr for the epoch).
    pub fn set_lr(&mut self, lr: f64) {
        self.hyper.lr = lr;
    }

    pub fn lr(&self) -> f64 {
        self.hyper.lr
    }

    pub fn begin_step(&mut self) {
        self.t += 1;
    }

    /// Updates tensor `slot`'s parameters `w` with gradient `g`.
    pub fn update(&mut self, slot: usize, w: &mut [T], g: &[T]) {
        while self.slots.len() <= slot {
            self.slots.push((Vec::new(), Vec::new()));
        }
        let h = self.hyper;
        let lr = T::from_f64(h.lr);
        let (s1, s2) = &mut self.slots[slot];
        if s1.len() != w.len() {
            let init = if self.kind == OptimizerKind::Adagrad {
                ADAGRAD_INITIAL
            } else {
                0.0
            };
            *s1 = vec![T::from_f64(init); w.len()];
            *s2 = vec![T::ZERO; w.len()];
        }
        // Constants such as 1 − ρ are worked out in f64 and rounded once, as Keras
        // does with Python floats, so f32 runs round like Keras's f32 runs.
        let c = |v: f64| T::from_f64(v);
        let eps = c(h.epsilon);
        match self.kind {
            OptimizerKind::Sgd => {
                for (wi, &gi) in w.iter_mut().zip(g) {
                    *wi -= lr * gi;
                }
            }
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let mu = c(h.momentum);
                let nesterov = self.kind == OptimizerKind::Nesterov;
                for ((wi, &gi), vi) in w.iter_mut().zip(g).zip(s1.iter_mut()) {
                    *vi = *vi * mu - gi * lr;
                    *wi += if nesterov { *vi * mu - gi * lr } else { *vi };
                }
            }
            OptimizerKind::Adagrad => {
                for ((wi, &gi), ai) in w.iter_mut().zip(g).zip(s1.iter_mut()) {
                    *ai += gi * gi;
                    *wi -= lr * gi / (*ai + eps).sqrt();
                }
            }
            OptimizerKind::Adadelta => {
                let (rho, keep) = (c(h.adadelta_rho), c(1.0 - h.adadelta_rho));
                for (((wi, &gi), ai), di) in
                    w.iter_mut().zip(g).zip(s1.iter_mut()).zip(s2.iter_mut())
                {
                    *ai = rho * *ai + keep * (gi * gi);
                    let delta = -((*di + eps).sqrt() * gi / (*ai + eps).sqrt());
                    *di = rho * *di + keep * (delta * delta);
                    *wi += lr * delta;
                }
            }
            OptimizerKind::Rmsprop => {
                let (rho, keep) = (c(h.rho), c(1.0 - h.rho));
                for ((wi, &gi), si) in w.iter_mut().zip(g).zip(s1.iter_mut()) {
                    *si = rho * *si + keep * (gi * gi);
                    *wi -= lr * gi / (*si + eps).sqrt();
                }
            }
            OptimizerKind::Adam => {
                let (b1, b2) = (c(h.beta1), c(h.beta2));
                let (k1, k2) = (c(1.0 - h.beta1), c(1.0 - h.beta2));
                let t = self.t.max(1) as i32;
                let alpha = lr * (T::ONE - b2.powi(t)).sqrt() / (T::ONE - b1.powi(t));
                for (((wi, &gi), mi), vi) in
                    w.iter_mut().zip(g).zip(s1.iter_mut()).zip(s2.iter_mut())
                {
                    *mi += (gi - *mi) * k1;
                    *vi += (gi * gi - *vi) * k2;
                    *wi -= *mi * alpha / (vi.sqrt() + eps);
                }
            }
        }
    }

    /// Tensor `slot`'s state: (velocity, accumulator or m; Adadelta's and Adam's
    /// second average). None before its first update.
    pub fn state(&self, slot: usize) -> Option<(&[T], &[T])> {
        self.slots
            .get(slot)
            .filter(|(a, _)| !a.is_empty())
            .map(|(a, b)| (a.as_slice(), b.as_slice()))
    }

    /// The velocity v of a momentum method (what it carries into the next step).
    pub fn velocity(&self, slot: usize) -> Option<&[T]> {
        match self.kind {
            OptimizerKind::Momentum | OptimizerKind::Nesterov => self.state(slot).map(|(v, _)| v),
            _ => None,
        }
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::Adadelta => "adadelta",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adam => "adam",
        })
    }
}

impl FromStr for OptimizerKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        expect_params(&name, &p, 0, 0)?;
        Ok(match name.as_str() {
            "sgd" => OptimizerKind::Sgd,
            "momentum" => OptimizerKind::Momentum,
            "nesterov" => OptimizerKind::Nesterov,
            "adagrad" => OptimizerKind::Adagrad,
            "adadelta" => OptimizerKind::Adadelta,
            "rmsprop" => OptimizerKind::Rmsprop,
            "adam" => OptimizerKind::Adam,
            _ => {
                return Err(crate::t!(
                    "engine.unknown.optimizer",
                    word = s,
                    known = "sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam"
                ))
            }
        })
    }
}

impl Vocabulary for OptimizerKind {
    const MENU: &'static [(Self, &'static str)] = &[
        (OptimizerKind::Sgd, "SGD"),
        (OptimizerKind::Momentum, "momentum"),
        (OptimizerKind::Nesterov, "Nesterov"),
        (OptimizerKind::Adagrad, "AdaGrad"),
        (OptimizerKind::Adadelta, "Adadelta"),
        (OptimizerKind::Rmsprop, "RMSProp"),
        (OptimizerKind::Adam, "Adam"),
    ];
}

crate::word_serde!(OptimizerKind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<OptimizerKind>();
    }

    /// Two steps on w = [1, −2] with gradients [0.5, −1] then [0.2, 0.4].
    fn two_steps(kind: OptimizerKind, hyper: Hyper) -> Vec<f64> {
        let mut opt = Optimizer::<f64>::new(kind, hyper);
        let mut w = vec![1.0, -2.0];
        for g in [[0.5, -1.0], [0.2, 0.4]] {
            opt.begin_step();
            opt.update(0, &mut w, &g);
        }
        w
    }

    fn close(a: &[f64], b: &[f64]) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{a:?} != {b:?}");
        }
    }

    #[test]
    fn updates_equal_hand_computed_values() {
        let h = Hyper {
            lr: 0.1,
            momentum: 0.9,
            ..Hyper::default()
        };
        // SGD: 1 − 0.05 − 0.02; −2 + 0.1 − 0.04
        close(&two_steps(OptimizerKind::Sgd, h), &[0.93, -1.94]);
        // Momentum: v1 = [−0.05, 0.1]; v2 = 0.9·v1 − 0.1·g2 = [−0.065, 0.05]
        close(
            &two_steps(OptimizerKind::Momentum, h),
            &[1.0 - 0.05 - 0.065, -2.0 + 0.1 + 0.05],
        );
        // Nesterov: step1 adds 0.9·v1 − 0.1·g1 = [−0.095, 0.19]; step2 adds 0.9·v2 − 0.1·g2 = [−0.0785, 0.005]
        close(
            &two_steps(OptimizerKind::Nesterov, h),
            &[1.0 - 0.095 - 0.0785, -2.0 + 0.19 + 0.005],
        );
        // AdaGrad: a1 = 0.1 + g1²; a2 = a1 + g2²
        let e = 1e-7;
        let a1 = [0.1 + 0.25, 0.1 + 1.0];
        let a2 = [a1[0] + 0.04, a1[1] + 0.16];
        let want = [
            1.0 - 0.1 * 0.5 / (a1[0] + e).sqrt() - 0.1 * 0.2 / (a2[0] + e).sqrt(),
            -2.0 + 0.1 * 1.0 / (a1[1] + e).sqrt() - 0.1 * 0.4 / (a2[1] + e).sqrt(),
        ];
        close(&two_steps(OptimizerKind::Adagrad, h), &want);
        // RMSProp: s1 = 0.1·g1²; s2 = 0.9·s1 + 0.1·g2²
        let s1 = [0.025, 0.1];
        let s2 = [0.9 * s1[0] + 0.1 * 0.04, 0.9 * s1[1] + 0.1 * 0.16];
        let want = [
            1.0 - 0.1 * 0.5 / (s1[0] + e).sqrt() - 0.1 * 0.2 / (s2[0] + e).sqrt(),
            -2.0 + 0.1 * 1.0 / (s1[1] + e).sqrt() - 0.1 * 0.4 / (s2[1] + e).sqrt(),
        ];
        close(&two_steps(OptimizerKind::Rmsprop, h), &want);
        // Adadelta (ρ 0.95): a ← ρa + 0.05g²; Δ = −√(d + ε)/√(a + ε)·g; d ← ρd + 0.05Δ²
        let (r, k) = (0.95, 0.05);
        let mut want = vec![1.0, -2.0];
        let (mut a, mut d) = ([0.0; 2], [0.0; 2]);
        for g in [[0.5, -1.0], [0.2, 0.4]] {
            for i in 0..2 {
                a[i] = r * a[i] + k * g[i] * g[i];
                let delta = -(d[i] + e).sqrt() * g[i] / (a[i] + e).sqrt();
                d[i] = r * d[i] + k * delta * delta;
                want[i] += 0.1 * delta;
            }
        }
        close(&two_steps(OptimizerKind::Adadelta, h), &want);
        // Adam: step 1 moves each weight by ≈ lr·sign(g) (m̂/√v̂ = ±1).
        let w = two_steps(OptimizerKind::Adam, h);
        let (b1, b2) = (0.9f64, 0.999f64);
        let m1 = [0.05, -0.1];
        let v1 = [0.001 * 0.25, 0.001];
        let m2 = [b1 * m1[0] + 0.1 * 0.2, b1 * m1[1] + 0.1 * 0.4];
        let v2 = [b2 * v1[0] + 0.001 * 0.04, b2 * v1[1] + 0.001 * 0.16];
        let a1 = 0.1 * (1.0 - b2).sqrt() / (1.0 - b1);
        let a2 = 0.1 * (1.0 - b2 * b2).sqrt() / (1.0 - b1 * b1);
        let want = [
            1.0 - a1 * m1[0] / (v1[0].sqrt() + e) - a2 * m2[0] / (v2[0].sqrt() + e),
            -2.0 - a1 * m1[1] / (v1[1].sqrt() + e) - a2 * m2[1] / (v2[1].sqrt() + e),
        ];
        close(&w, &want);
        // Adam's first step moves every weight by lr·sign(g) (m̂/√v̂ = ±1, up to ε).
        let mut opt = Optimizer::<f64>::new(OptimizerKind::Adam, h);
        let mut w1 = vec![1.0, -2.0];
        opt.begin_step();
        opt.update(0, &mut w1, &[0.5, -1.0]);
        // ε = 1e-7 against √v ≈ 0.016 shifts it by ≈ 6e-7.
        assert!(
            (w1[0] - 0.9).abs() < 1e-5 && (w1[1] + 1.9).abs() < 1e-5,
            "{w1:?}"
        );
    }

    #[test]
    fn slots_are_independent() {
        let mut opt = Optimizer::<f64>::new(
            OptimizerKind::Momentum,
            Hyper {
                lr: 1.0,
                momentum: 0.5,
                ..Hyper::default()
            },
        );
        let (mut a, mut b) = (vec![0.0], vec![0.0]);
        opt.begin_step();
        opt.update(0, &mut a, &[1.0]);
        opt.update(1, &mut b, &[-1.0]);
        opt.begin_step();
        opt.update(0, &mut a, &[0.0]);
        opt.update(1, &mut b, &[0.0]);
        assert_eq!((a[0], b[0]), (-1.5, 1.5));
    }
}
