//! Settings that change in the middle of a run: a lecturer switches a cure on
//! while the net overfits, and the run goes on from that step with the new
//! setting (E9). Everything else the trainer holds (weights, optimizer state,
//! random streams, the epoch's place in the data) carries on unchanged, so a
//! change at step N followed by the same steps is one reproducible run.

use super::{Edit, Trainer};
use crate::engine::config::ConfigError;
use crate::engine::layer::{BatchNorm, ParamKind};
use crate::engine::real::Real;

/// The settings [`Trainer::change`] takes mid-run: the penalties, dropout, batch
/// normalization and the learning rate. A new data set, width or optimizer would
/// be a new run.
pub const LIVE_KEYS: [&str; 5] = ["lr", "l1", "l2", "dropout", "batch_norm"];

impl<T: Real> Trainer<T> {
    /// Sets `key` to `value` from the next step on; on error nothing changes.
    ///
    /// A new `lr` is the rate from this step on, and a schedule carries on from it:
    /// step and exponential decay multiply it, cosine anneals from it to `min_lr`,
    /// as PyTorch's schedulers do with a rate set by hand in the optimizer.
    ///
    /// Batch normalization switched on gives every hidden layer a fresh one (γ = 1,
    /// β = 0, running mean 0 and variance 1) whose γ and β start with empty optimizer
    /// state; switched off, the hidden layers drop theirs with its state. Either way
    /// the function the net computes jumps at that step: that is what the change is.
    ///
    /// A key `w.L.FROM.TO` or `b.L.UNIT` sets one weight or bias instead ([`Edit`]).
    pub fn change(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        if let Some(edit) = Edit::parse(key) {
            let edit = edit.map_err(|why| ConfigError::new(key, value, why))?;
            return self.edit(edit, key, value);
        }
        if !LIVE_KEYS.contains(&key) {
            return Err(ConfigError::new(
                key,
                value,
                crate::t!("engine.live.cannot-change"),
            ));
        }
        let next = self.config.with(key, value)?;
        self.penalty = next.penalty();
        if key == "lr" {
            // The rate of this step on; a schedule goes on from it.
            self.schedule.set_lr(next.lr);
            self.opt.set_lr(next.lr);
        }
        let hidden = self.net.layers.len() - 1;
        for layer in &mut self.net.layers[..hidden] {
            layer.dropout = next.dropout;
        }
        if next.batch_norm != self.config.batch_norm {
            self.switch_batch_norm(next.batch_norm);
        }
        self.config = next;
        Ok(())
    }

    /// Adds or drops the hidden layers' batch normalization, moving the optimizer's
    /// state so each remaining tensor keeps its own.
    fn switch_batch_norm(&mut self, on: bool) {
        let hidden = self.net.layers.len() - 1;
        // Slots run W, b (, γ, β) layer by layer: γ and β of layer l sit after its b.
        let mut slot = 0;
        for l in 0..hidden {
            slot += 2;
            let layer = &mut self.net.layers[l];
            if on {
                layer.batch_norm = Some(BatchNorm::new(layer.outputs));
                self.opt.splice_slots(slot, 0, 2);
                slot += 2;
            } else {
                layer.batch_norm = None;
                self.opt.splice_slots(slot, 2, 0);
            }
        }
        self.index_params();
    }

    /// The copies of every parameter tensor the step keeps to measure and undo an
    /// update, and the slot of each layer's weights, for the net as it is now.
    pub(super) fn index_params(&mut self) {
        let (mut before, mut weight_slot) = (Vec::new(), vec![0; self.net.layers.len()]);
        self.net.visit_params(|l, kind, p, _| {
            if kind == ParamKind::Weight {
                weight_slot[l] = before.len();
            }
            before.push(p.to_vec());
        });
        self.before = before;
        self.weight_slot = weight_slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::optim::OptimizerKind;
    use crate::engine::settings::Settings;
    use crate::engine::trainer::{Run, StepReport};

    fn base() -> Config {
        Config {
            hidden: vec![8, 8],
            optimizer: OptimizerKind::Adam,
            lr: 0.01,
            epochs: 3,
            ..Config::default()
        }
    }

    fn steps(run: &mut Run, n: usize) -> Vec<StepReport> {
        (0..n).map(|_| run.step()).collect()
    }

    #[test]
    fn a_change_before_the_first_step_is_the_run_with_that_setting() {
        // The strongest check that a change reaches every part of the trainer: set
        // before step 1, it must give exactly the run configured that way.
        for (key, value) in [
            ("lr", "0.05"),
            ("l1", "0.001"),
            ("l2", "0.01"),
            ("dropout", "0.3"),
            ("batch_norm", "true"),
        ] {
            let mut changed = Run::new(&base().validate().unwrap());
            changed.change(key, value).unwrap();
            let mut set = base();
            set.set(key, value).unwrap();
            let mut direct = Run::new(&set.validate().unwrap());
            assert_eq!(
                steps(&mut changed, 40),
                steps(&mut direct, 40),
                "{key}={value}"
            );
        }
    }

    #[test]
    fn a_mid_run_change_keeps_the_steps_before_it_and_moves_those_after() {
        let c = base().validate().unwrap();
        let (mut plain, mut changed) = (Run::new(&c), Run::new(&c));
        assert_eq!(steps(&mut plain, 20), steps(&mut changed, 20));
        changed.change("l2", "0.05").unwrap();
        assert_eq!(changed.config().l2, 0.05);
        let (a, b) = (steps(&mut plain, 5), steps(&mut changed, 5));
        assert!(a.iter().zip(&b).all(|(x, y)| x.loss != y.loss));
    }

    #[test]
    fn switching_batch_norm_keeps_every_other_tensors_optimizer_state() {
        let mut c = base();
        c.optimizer = OptimizerKind::Momentum;
        let mut t = Trainer::<f64>::new(&c.validate().unwrap());
        for _ in 0..10 {
            t.step();
        }
        // Slots without batch norm: W1 b1 W2 b2 W3 b3.
        let before: Vec<Vec<f64>> = (0..6)
            .map(|s| t.opt.velocity(s).unwrap().to_vec())
            .collect();
        t.change("batch_norm", "true").unwrap();
        // With it: W1 b1 γ1 β1 W2 b2 γ2 β2 W3 b3.
        for (old, new) in [0, 1, 4, 5, 8, 9].into_iter().enumerate() {
            assert_eq!(t.opt.velocity(new).unwrap(), &before[old][..], "slot {new}");
        }
        assert!(t.opt.velocity(2).is_none_or(<[f64]>::is_empty));
        assert!(t.net.layers[0].batch_norm.is_some() && t.net.layers[2].batch_norm.is_none());
        let r = t.step();
        assert!(r.diverged.is_none() && r.loss.is_finite());
        t.change("batch_norm", "false").unwrap();
        for (old, new) in [0, 1, 2, 3, 4, 5].into_iter().enumerate() {
            assert_eq!(
                t.opt.velocity(new).map(<[f64]>::len),
                Some(before[old].len()),
                "slot {new}"
            );
        }
        assert!(t.step().loss.is_finite());
    }

    #[test]
    fn only_live_settings_change_and_a_bad_value_changes_nothing() {
        let c = base().validate().unwrap();
        let mut run = Run::new(&c);
        run.step();
        run.change("dropout", "0.4").unwrap();
        assert!(run.step().loss.is_finite());
        let c = run.config().clone();
        assert!(run.change("hidden", "4").is_err());
        assert!(run.change("dropout", "1.5").is_err());
        assert_eq!(*run.config(), c);
    }
}
