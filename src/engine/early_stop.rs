//! Early stopping: end a run when the watched loss has stopped improving.
//!
//! Keras's `EarlyStopping` (keras/src/callbacks/early_stopping.py) with
//! monitor = the validation loss, mode `min`, baseline None, start_from_epoch 0:
//! `best` starts at +∞ and `wait` at 0. At each evaluated epoch, `wait` grows by
//! one; if loss − (−min_delta) < best, i.e. loss + min_delta < best, the epoch
//! improves: best = loss, the best epoch is this one, `wait` = 0. Otherwise, if
//! `wait` ≥ `patience` and this is not the first evaluation (Keras: `epoch > 0`),
//! training stops. So patience p stops at the p-th evaluation in a row without
//! improvement (p = 0: at the first one).
//!
//! Where we differ from Keras:
//! - The watched loss is the test loss, or the training loss when there is no test
//!   set (Keras would warn and never stop); only evaluated epochs count (`eval_every`).
//! - `restore_best` defaults to true (Keras's `restore_best_weights` to false). The
//!   best state is the whole network, batch-norm running averages included (as
//!   Keras's `get_weights`, which holds non-trainable weights too). The optimizer's
//!   state is not restored (nor in Keras).
//! - The network is restored only when the run stops early; Keras 3 also restores
//!   at the end of a run that ran all its epochs.
//!
//! This file holds the counting; the trainer keeps the copy of the best network.

use serde::Serialize;

/// Early stopping's settings, from the config.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStopSpec {
    /// Evaluations in a row without improvement before stopping.
    pub patience: usize,
    /// The least decrease of the loss that counts as an improvement (absolute).
    pub min_delta: f64,
    /// On stopping, put back the network of the best evaluation.
    pub restore_best: bool,
}

/// What one evaluation means for the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A new best: keep this state.
    Improved,
    /// No improvement yet; carry on.
    Wait,
    /// Patience is used up: stop.
    Stop,
}

/// The counters of early stopping.
#[derive(Clone, Debug, PartialEq)]
pub struct EarlyStop {
    pub spec: EarlyStopSpec,
    /// The lowest loss so far (+∞ before the first evaluation).
    pub best: f64,
    /// The epoch (1-based) of `best`, 0 before the first evaluation.
    pub best_epoch: usize,
    /// Evaluations since the last improvement (Keras's `wait`).
    pub wait: usize,
    seen: usize,
}

impl EarlyStop {
    pub fn new(spec: EarlyStopSpec) -> Self {
        EarlyStop {
            spec,
            best: f64::INFINITY,
            best_epoch: 0,
            wait: 0,
            seen: 0,
        }
    }

    /// Keras's `on_epoch_end` for the evaluation of epoch `epoch` with loss `loss`.
    pub fn observe(&mut self, epoch: usize, loss: f64) -> Verdict {
        self.seen += 1;
        self.wait += 1;
        if loss + self.spec.min_delta < self.best {
            self.best = loss;
            self.best_epoch = epoch;
            self.wait = 0;
            return Verdict::Improved;
        }
        if self.best_epoch == 0 {
            // Keras keeps the first state as the best even when it does not improve.
            self.best_epoch = epoch;
        }
        if self.wait >= self.spec.patience && self.seen > 1 {
            Verdict::Stop
        } else {
            Verdict::Wait
        }
    }
}

/// How an early stop ended a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stopped {
    /// The epoch (1-based) after whose evaluation the run stopped.
    pub epoch: usize,
    /// The epoch whose loss was the lowest.
    pub best_epoch: usize,
    /// That loss (the test loss, or the training loss without a test set).
    pub best_loss: f64,
    /// Whether the network now holds the best epoch's state.
    pub restored: bool,
}

impl Stopped {
    /// "stopped early at epoch 40 (best epoch 20, test loss 0.3120, weights restored)";
    /// `which` names the loss ("test" or "train"), `loss` is the loss as written.
    pub fn message(&self, which: &str, loss: &str) -> String {
        let key = match (which == "train", self.restored) {
            (false, true) => "engine.stopped.test-restored",
            (false, false) => "engine.stopped.test",
            (true, true) => "engine.stopped.train-restored",
            (true, false) => "engine.stopped.train",
        };
        crate::t!(key, epoch = self.epoch, best = self.best_epoch, loss = loss)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts(patience: usize, min_delta: f64, losses: &[f64]) -> Vec<Verdict> {
        let mut es = EarlyStop::new(EarlyStopSpec {
            patience,
            min_delta,
            restore_best: true,
        });
        losses
            .iter()
            .enumerate()
            .map(|(i, &l)| es.observe(i + 1, l))
            .collect()
    }

    use Verdict::{Improved as I, Stop as S, Wait as W};

    /// Keras's rule traced by hand: wait += 1; improvement resets it; stop when
    /// wait ≥ patience (and not at the first epoch).
    #[test]
    fn stops_when_wait_reaches_patience() {
        let l = [1.0, 0.9, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85];
        assert_eq!(verdicts(3, 0.0, &l), [I, I, W, W, S, I, W, W]);
        assert_eq!(verdicts(2, 0.0, &l), [I, I, W, S, S, I, W, S]);
        // Patience 0 stops at the first evaluation without improvement...
        assert_eq!(verdicts(0, 0.0, &[1.0, 1.0]), [I, S]);
        // ...but never at the first evaluation, even a non-finite one.
        assert_eq!(verdicts(0, 0.0, &[f64::NAN, 1.0]), [W, I]);
    }

    #[test]
    fn min_delta_is_the_improvement_that_counts() {
        // 0.95 is 0.05 below 1: an improvement for min_delta 0.01, not for 0.1.
        assert_eq!(verdicts(1, 0.01, &[1.0, 0.95, 0.95]), [I, I, S]);
        assert_eq!(verdicts(1, 0.1, &[1.0, 0.95, 0.95]), [I, S, S]);
        let mut es = EarlyStop::new(EarlyStopSpec {
            patience: 5,
            min_delta: 0.1,
            restore_best: true,
        });
        es.observe(1, 1.0);
        es.observe(2, 0.95);
        assert_eq!((es.best, es.best_epoch, es.wait), (1.0, 1, 1));
    }

    #[test]
    fn the_message_names_the_epochs_and_the_loss() {
        let s = Stopped {
            epoch: 40,
            best_epoch: 20,
            best_loss: 0.312,
            restored: true,
        };
        assert_eq!(
            s.message("test", "0.3120"),
            "stopped early at epoch 40 (best epoch 20, test loss 0.3120, weights restored)"
        );
    }
}
