//! Trains a [`RecurrentNet`] from an [`RnnConfig`]: one fresh seeded batch per step,
//! full BPTT, optional clipping, plain SGD. The weights come from the seed's `"init"`
//! stream and the batches from its `"data"` stream, so the same config gives the same
//! numbers. A step whose loss or gradient is NaN or ∞ is reported and ends the run.

use serde::Serialize;

use super::config::RnnConfig;
use super::net::RecurrentNet;
use super::tasks::SequenceTask;
use crate::engine::optim::Optimizer;
use crate::engine::rng::Rng;

/// What one training step shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RnnStepReport {
    /// 1 for the first training step.
    pub step: usize,
    /// The batch's loss before the step.
    pub loss: f64,
    /// Global gradient norm before clipping.
    pub grad_norm: f64,
    pub clipped: bool,
    /// Spectral radius of the recurrent (candidate) matrix the step started from.
    pub radius: f64,
    /// dh_norms[t − 1] = ‖∂L/∂h_t‖ for t = 1..T.
    pub dh_norms: Vec<f64>,
    /// The loss or the gradient was NaN or ∞: the weights were left alone and the run ends.
    pub non_finite: bool,
}

impl RnnStepReport {
    /// ‖∂L/∂h_T‖ / ‖∂L/∂h_1‖: how much of the gradient is lost on the way back to step 1.
    pub fn decay_ratio(&self) -> f64 {
        match (self.dh_norms.first(), self.dh_norms.last()) {
            (Some(first), Some(last)) => last / first,
            _ => f64::NAN,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RnnTrainer {
    config: RnnConfig,
    net: RecurrentNet,
    task: SequenceTask,
    optimizer: Optimizer<f64>,
    data: Rng,
    done: usize,
    stopped: bool,
}

impl RnnTrainer {
    /// The config should have passed [`RnnConfig::validate`].
    pub fn new(config: &RnnConfig) -> Self {
        let task = config.task;
        let mut init = Rng::stream(config.seed, "init");
        let mut net = RecurrentNet::new(
            config.cell,
            task.n_in(),
            config.hidden,
            task.n_out(),
            config.recurrent_init,
            &mut init,
        );
        net.cell.set_forget_bias(config.forget_bias);
        RnnTrainer {
            config: config.clone(),
            net,
            task,
            optimizer: config.new_optimizer(),
            data: Rng::stream(config.seed, "data"),
            done: 0,
            stopped: false,
        }
    }

    pub fn config(&self) -> &RnnConfig {
        &self.config
    }

    pub fn net(&self) -> &RecurrentNet {
        &self.net
    }

    /// Training steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.done
    }

    /// True after `steps` steps or after a non-finite step.
    pub fn is_finished(&self) -> bool {
        self.stopped || self.done >= self.config.steps
    }

    /// Whether the run ended on a non-finite step.
    pub fn went_non_finite(&self) -> bool {
        self.stopped
    }

    /// One training step, or `None` once the run is finished.
    pub fn step(&mut self) -> Option<RnnStepReport> {
        if self.is_finished() {
            return None;
        }
        let (inputs, targets) =
            self.task
                .batch(&mut self.data, self.config.t, self.config.batch_size);
        let radius = self.net.recurrent_radius();
        let r = self
            .net
            .step(&inputs, &targets, &mut self.optimizer, self.config.clip);
        self.done += 1;
        // A finite loss may still hide an overflowed state; any NaN or ∞ ends the run.
        let non_finite = r.non_finite || r.dh_norms.iter().any(|v| !v.is_finite());
        if non_finite {
            self.stopped = true;
        }
        Some(RnnStepReport {
            step: self.done,
            loss: r.loss,
            grad_norm: r.grad_norm,
            clipped: r.clipped,
            radius,
            dh_norms: r.dh_norms,
            non_finite,
        })
    }
}

impl Iterator for RnnTrainer {
    type Item = RnnStepReport;
    fn next(&mut self) -> Option<RnnStepReport> {
        self.step()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clip::Clip;
    use crate::engine::recurrent::{CellKind, RecurrentInit};
    use crate::engine::words::Vocabulary;

    #[test]
    fn same_config_same_numbers_and_the_seed_changes_them() {
        for cell in CellKind::values() {
            let c = RnnConfig {
                cell,
                t: 12,
                hidden: 6,
                batch_size: 4,
                steps: 5,
                clip: Clip::GlobalNorm(1.0),
                ..RnnConfig::default()
            };
            let a: Vec<RnnStepReport> = RnnTrainer::new(&c).collect();
            let b: Vec<RnnStepReport> = RnnTrainer::new(&c).collect();
            assert_eq!(a.len(), 5);
            assert_eq!(a, b, "{cell}");
            assert_eq!(
                a.iter().map(|r| r.step).collect::<Vec<_>>(),
                vec![1, 2, 3, 4, 5]
            );
            assert!(a.iter().all(|r| r.dh_norms.len() == 12 && !r.non_finite));
            let other: Vec<RnnStepReport> = RnnTrainer::new(&RnnConfig { seed: 2, ..c }).collect();
            assert_ne!(a[0].loss, other[0].loss, "{cell}");
        }
    }

    #[test]
    fn a_non_finite_step_ends_the_run_without_a_panic() {
        // A huge recurrent matrix and learning rate overflow within a few steps.
        let c = RnnConfig {
            recurrent_init: RecurrentInit::Orthogonal { scale: 50.0 },
            lr: 100.0,
            t: 100,
            steps: 1000,
            ..RnnConfig::default()
        };
        let mut tr = RnnTrainer::new(&c);
        let reports: Vec<RnnStepReport> = tr.by_ref().collect();
        let last = reports.last().unwrap();
        assert!(last.non_finite, "the run should go non-finite: {last:?}");
        assert!(reports.len() < 1000);
        assert!(reports[..reports.len() - 1].iter().all(|r| !r.non_finite));
        assert!(tr.is_finished() && tr.went_non_finite());
        assert!(tr.step().is_none());
        assert_eq!(tr.steps_done(), reports.len());
    }
}
