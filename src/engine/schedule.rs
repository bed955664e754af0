//! Learning-rate schedules: the lr of each epoch, after PyTorch's schedulers.
//!
//! Schedules are per epoch. `e` is the number of epochs completed (PyTorch's
//! `last_epoch`, 0 before training): the lr of epoch e + 1 is set after epoch e,
//! and epoch 1 trains with the configured lr, lr₀.
//!
//! - `constant`: lr₀ for every epoch (the default; runs are bit-identical to
//!   runs from before schedules existed).
//! - `step` (`torch.optim.lr_scheduler.StepLR`): lr₀·γ^⌊e/N⌋, N = `step_every`.
//!   Computed as PyTorch's chainable form does: the running lr is multiplied by γ
//!   whenever e is a multiple of N, so the rounding is PyTorch's too.
//! - `exponential` (`ExponentialLR`): lr₀·γ^e, again by multiplying the running lr
//!   by γ after each epoch.
//! - `cosine` (`CosineAnnealingLR`): η_min + (lr₀ − η_min)(1 + cos(π e/T))/2, with
//!   T the run's `epochs` and η_min = `min_lr`. This is PyTorch's closed form
//!   (`_get_closed_form_lr`); its recursive `get_lr` equals it when nothing else
//!   changes the lr. The cosine is libm's, so the browser gets the same bits.
//! - `plateau` (`ReduceLROnPlateau`, mode `min`, threshold_mode `rel`, cooldown 0):
//!   watches a loss at each evaluated epoch. `best` starts at +∞; a loss `a` is
//!   better if a < best·(1 − threshold), and then best = a and the bad-epoch count
//!   is reset, else it grows by one. When it exceeds `plateau_patience`, the lr
//!   becomes max(lr·factor, min_lr), but only if that lowers it by more than
//!   eps = 1e-8, and the count is reset. Only evaluated epochs count: with
//!   `eval_every` > 1, patience is in evaluations, as it is in PyTorch when
//!   `step(metric)` is called after each validation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::settings::ConfigError;
use super::words::{parse_serde_word, write_serde_word, Vocabulary};

/// How the learning rate changes from epoch to epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Schedule {
    Constant,
    Step,
    Exponential,
    Cosine,
    Plateau,
}

impl fmt::Display for Schedule {
    /// The word configs and URLs use: serde's name ("step").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_serde_word(self, f)
    }
}

impl FromStr for Schedule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_serde_word(s)
    }
}

impl Vocabulary for Schedule {
    const MENU: &'static [(Self, &'static str)] = &[
        (Schedule::Constant, "constant"),
        (Schedule::Step, "step decay"),
        (Schedule::Exponential, "exponential decay"),
        (Schedule::Cosine, "cosine annealing"),
        (Schedule::Plateau, "reduce on plateau"),
    ];
}

/// PyTorch's ReduceLROnPlateau `eps`: smaller reductions are ignored.
const PLATEAU_EPS: f64 = 1e-8;

/// A schedule's settings, taken from the config.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScheduleSpec {
    pub kind: Schedule,
    /// lr₀: the configured lr, that of the first epoch.
    pub lr: f64,
    /// N of step decay, in epochs.
    pub step_every: usize,
    /// γ of step and exponential decay.
    pub gamma: f64,
    /// η_min of cosine annealing; the floor of plateau reductions.
    pub min_lr: f64,
    /// T of cosine annealing: the run's epochs.
    pub epochs: usize,
    pub plateau_patience: usize,
    pub plateau_factor: f64,
    pub plateau_threshold: f64,
}

/// A schedule and its state: the lr of the coming epoch and, for `plateau`,
/// the best loss so far and the count of evaluations without improvement.
#[derive(Clone, Debug, PartialEq)]
pub struct LrSchedule {
    spec: ScheduleSpec,
    lr: f64,
    best: f64,
    bad_epochs: usize,
}

impl LrSchedule {
    pub fn new(spec: ScheduleSpec) -> Self {
        LrSchedule {
            spec,
            lr: spec.lr,
            best: f64::INFINITY,
            bad_epochs: 0,
        }
    }

    /// The lr of the coming (or current) epoch.
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// A rate set mid-run: the current rate and the base cosine anneals from.
    pub fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
        self.spec.lr = lr;
    }

    /// After epoch `e` (epochs completed, from 1): sets the lr of epoch e + 1.
    /// `loss` is the watched loss when epoch e was evaluated, for `plateau`.
    pub fn epoch_end(&mut self, e: usize, loss: Option<f64>) {
        let s = &self.spec;
        match s.kind {
            Schedule::Constant => {}
            Schedule::Step => {
                if e.is_multiple_of(s.step_every.max(1)) {
                    self.lr *= s.gamma;
                }
            }
            Schedule::Exponential => self.lr *= s.gamma,
            Schedule::Cosine => {
                let t = s.epochs.max(1) as f64;
                let cos = libm::cos(std::f64::consts::PI * e as f64 / t);
                self.lr = s.min_lr + (s.lr - s.min_lr) * (1.0 + cos) / 2.0;
            }
            Schedule::Plateau => {
                if let Some(a) = loss {
                    self.plateau(a);
                }
            }
        }
    }

    fn plateau(&mut self, a: f64) {
        let s = &self.spec;
        // PyTorch computes rel_epsilon = 1 − threshold once, then best·rel_epsilon.
        if a < self.best * (1.0 - s.plateau_threshold) {
            self.best = a;
            self.bad_epochs = 0;
        } else {
            self.bad_epochs += 1;
        }
        if self.bad_epochs > s.plateau_patience {
            let new = (self.lr * s.plateau_factor).max(s.min_lr);
            if self.lr - new > PLATEAU_EPS {
                self.lr = new;
            }
            self.bad_epochs = 0;
        }
    }
}

impl ScheduleSpec {
    /// The schedule's settings; those of another schedule are not checked.
    pub fn check(&self) -> Result<(), ConfigError> {
        let c = self;
        match c.kind {
            Schedule::Constant => return Ok(()),
            Schedule::Step | Schedule::Exponential => {
                if !(c.gamma > 0.0 && c.gamma <= 1.0) {
                    return Err(ConfigError::new(
                        "gamma",
                        c.gamma,
                        crate::t!("engine.schedule.gamma", schedule = c.kind),
                    ));
                }
                if c.kind == Schedule::Step && c.step_every < 1 {
                    return Err(ConfigError::new(
                        "step_every",
                        c.step_every,
                        crate::t!("engine.schedule.step-every"),
                    ));
                }
            }
            Schedule::Cosine => {
                if c.epochs < 1 {
                    return Err(ConfigError::new(
                        "epochs",
                        c.epochs,
                        crate::t!("engine.schedule.cosine-epochs"),
                    ));
                }
            }
            Schedule::Plateau => {
                if !(c.plateau_factor > 0.0 && c.plateau_factor < 1.0) {
                    return Err(ConfigError::new(
                        "plateau_factor",
                        c.plateau_factor,
                        crate::t!("engine.range.oo", lo = 0, hi = 1),
                    ));
                }
                if !(c.plateau_threshold.is_finite() && (0.0..1.0).contains(&c.plateau_threshold)) {
                    return Err(ConfigError::new(
                        "plateau_threshold",
                        c.plateau_threshold,
                        crate::t!("engine.schedule.plateau-threshold"),
                    ));
                }
            }
        }
        if c.kind != Schedule::Step
            && c.kind != Schedule::Exponential
            && !(c.min_lr.is_finite() && c.min_lr >= 0.0 && c.min_lr < c.lr)
        {
            return Err(ConfigError::new(
                "min_lr",
                c.min_lr,
                crate::t!("engine.schedule.min-lr", lr = c.lr),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: Schedule) -> ScheduleSpec {
        ScheduleSpec {
            kind,
            lr: 0.1,
            step_every: 3,
            gamma: 0.5,
            min_lr: 0.0,
            epochs: 10,
            plateau_patience: 2,
            plateau_factor: 0.1,
            plateau_threshold: 1e-4,
        }
    }

    /// The lr of epochs 1..=n, with `losses[e − 1]` watched after epoch e.
    fn lrs(spec: ScheduleSpec, n: usize, losses: &[f64]) -> Vec<f64> {
        let mut s = LrSchedule::new(spec);
        let mut out = Vec::new();
        for e in 1..=n {
            out.push(s.lr());
            s.epoch_end(e, losses.get(e - 1).copied());
        }
        out
    }

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Schedule>();
        assert_eq!(Schedule::Plateau.to_string(), "plateau");
    }

    #[test]
    fn constant_keeps_lr0_bit_for_bit() {
        let got = lrs(spec(Schedule::Constant), 20, &[1.0; 20]);
        assert!(got.iter().all(|&lr| lr.to_bits() == 0.1f64.to_bits()));
    }

    #[test]
    fn step_exponential_and_cosine_follow_their_formulas() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-15 * b.abs().max(1e-300);
        for (kind, gamma) in [
            (Schedule::Step, 0.5),
            (Schedule::Step, 0.9),
            (Schedule::Exponential, 0.9),
            (Schedule::Cosine, 0.5),
        ] {
            let sp = ScheduleSpec {
                gamma,
                min_lr: if kind == Schedule::Cosine { 0.01 } else { 0.0 },
                ..spec(kind)
            };
            for (i, &lr) in lrs(sp, 10, &[]).iter().enumerate() {
                let e = i as f64; // epochs completed before epoch i + 1
                let want = match kind {
                    Schedule::Step => 0.1 * gamma.powi((i / 3) as i32),
                    Schedule::Exponential => 0.1 * gamma.powi(i as i32),
                    _ => 0.01 + 0.09 * (1.0 + (std::f64::consts::PI * e / 10.0).cos()) / 2.0,
                };
                assert!(close(lr, want), "{kind} epoch {}: {lr} vs {want}", i + 1);
            }
        }
        // γ = 0.5 is exact: step decay halves at epochs 4, 7 and 10.
        assert_eq!(
            lrs(spec(Schedule::Step), 10, &[]),
            [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]
        );
        // Cosine starts at lr₀ and reaches η_min at e = T.
        let mut c = LrSchedule::new(ScheduleSpec {
            min_lr: 0.01,
            ..spec(Schedule::Cosine)
        });
        assert_eq!(c.lr(), 0.1);
        c.epoch_end(10, None);
        assert!(close(c.lr(), 0.01), "{}", c.lr());
    }

    /// PyTorch's StepLR(step_size=2, gamma=0.1) on lr 1, traced by hand through
    /// `get_lr`: after the constructor last_epoch = 0 and lr = 1; each
    /// `scheduler.step()` adds 1 to last_epoch and multiplies the lr by γ when
    /// last_epoch % step_size == 0. So the lr of epochs 1..6 (read before each
    /// epoch's step) is 1, 1, 0.1, 0.1, 0.1·0.1, 0.1·0.1: the products in that
    /// order, as Python's floats round them. (Not run against torch: it is not
    /// installed on the machine this was written on.)
    #[test]
    fn step_matches_a_hand_traced_pytorch_steplr() {
        let sp = ScheduleSpec {
            lr: 1.0,
            step_every: 2,
            gamma: 0.1,
            ..spec(Schedule::Step)
        };
        let g = 0.1f64;
        assert_eq!(lrs(sp, 6, &[]), [1.0, 1.0, g, g, g * g, g * g]);
    }

    /// PyTorch's ReduceLROnPlateau(lr=1, factor=0.5, patience=1, threshold=0.1,
    /// min_lr=0.2) fed the losses below, traced by hand through `step(metrics)`
    /// (best starts at inf; better means a < best·(1 − 0.1) = best·0.9; reduce
    /// when num_bad_epochs > 1, then reset it):
    ///
    /// | e | loss | better than          | best | bad | lr after step     |
    /// |---|------|----------------------|------|-----|-------------------|
    /// | 1 | 10   | inf·0.9 yes          | 10   | 0   | 1                 |
    /// | 2 | 9.5  | 9 no                 | 10   | 1   | 1                 |
    /// | 3 | 8.9  | 9 yes                | 8.9  | 0   | 1                 |
    /// | 4 | 8.9  | 8.01 no              | 8.9  | 1   | 1                 |
    /// | 5 | 8.5  | 8.01 no              | 8.9  | 2→0 | 0.5               |
    /// | 6 | 8.5  | no                   | 8.9  | 1   | 0.5               |
    /// | 7 | 8.5  | no                   | 8.9  | 2→0 | max(0.25,0.2)=0.25|
    /// | 8 | 8.5  | no                   | 8.9  | 1   | 0.25              |
    /// | 9 | 8.5  | no                   | 8.9  | 2→0 | max(.125,.2)=0.2  |
    /// |10 | 8.5  | no                   | 8.9  | 1   | 0.2               |
    /// |11 | 8.5  | no                   | 8.9  | 2→0 | 0.2 (0.2−0.2 ≤ eps: unchanged) |
    ///
    /// The lr of epoch e + 1 is the "lr after step" of row e. (Not run against
    /// torch: it is not installed on the machine this was written on.)
    #[test]
    fn plateau_matches_a_hand_traced_pytorch_reduce_lr_on_plateau() {
        let sp = ScheduleSpec {
            lr: 1.0,
            min_lr: 0.2,
            plateau_patience: 1,
            plateau_factor: 0.5,
            plateau_threshold: 0.1,
            ..spec(Schedule::Plateau)
        };
        let losses = [10.0, 9.5, 8.9, 8.9, 8.5, 8.5, 8.5, 8.5, 8.5, 8.5, 8.5];
        assert_eq!(
            lrs(sp, 12, &losses),
            [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2]
        );
        // Epochs without an evaluation do not count.
        let mut s = LrSchedule::new(sp);
        for e in 1..=10 {
            s.epoch_end(e, None);
        }
        assert_eq!(s.lr(), 1.0);
    }
}
