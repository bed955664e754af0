//! What the trainer does between epochs: set the schedule's learning rate,
//! evaluate, and let early stopping keep the best network or end the run.

use super::{EpochReport, StepReport, Trainer};
use crate::engine::early_stop::{Stopped, Verdict};
use crate::engine::real::Real;

impl<T: Real> Trainer<T> {
    /// The learning rate of the current epoch (that of the last one once it is done).
    pub fn lr(&self) -> f64 {
        self.opt.lr()
    }

    /// How early stopping ended the run, if it did.
    pub fn stopped(&self) -> Option<&Stopped> {
        self.stopped.as_ref()
    }

    /// The report of the best evaluation so far, when early stopping is on.
    pub fn best(&self) -> Option<&EpochReport> {
        self.best.as_ref().map(|(_, r)| r)
    }

    /// At an epoch's first step: hands the schedule's lr to the optimizer.
    pub(super) fn begin_epoch(&mut self) -> f64 {
        let lr = self.schedule.lr();
        self.opt.set_lr(lr);
        lr
    }

    /// After an epoch's last step: evaluates (when due), advances the schedule and
    /// early stopping, and records it all in the step's report.
    pub(super) fn end_epoch(&mut self, report: &mut StepReport) {
        let e = self.epochs_done;
        if !(e.is_multiple_of(self.config.eval_every) || e == self.config.epochs) {
            self.schedule.epoch_end(e, None);
            return;
        }
        let r = self.evaluate();
        // The watched loss: the test (validation) loss, else the training loss.
        let watched = r.test_loss.unwrap_or(r.train_loss);
        self.schedule.epoch_end(e, Some(watched));
        if let Some(es) = &mut self.early_stop {
            let verdict = es.observe(e, watched);
            if verdict == Verdict::Improved || self.best.is_none() {
                match &mut self.best {
                    Some((net, best)) => {
                        net.clone_from(&self.net);
                        *best = r.clone();
                    }
                    None => self.best = Some((self.net.clone(), r.clone())),
                }
            }
            if verdict == Verdict::Stop {
                let restore = es.spec.restore_best;
                let (best_epoch, best_loss) = (es.best_epoch, es.best);
                if let (true, Some((net, _))) = (restore, &self.best) {
                    self.net.clone_from(net);
                }
                let stopped = Stopped {
                    epoch: e,
                    best_epoch,
                    best_loss,
                    restored: restore && self.best.is_some(),
                };
                self.stopped = Some(stopped.clone());
                report.stopped = Some(stopped);
            }
        }
        report.epoch_end = Some(r);
    }
}
