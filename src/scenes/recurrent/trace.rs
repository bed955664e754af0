//! A recurrent run as the page shows it: per training step the loss, the gradient
//! norm, whether clipping acted, the recurrent matrix's spectral radius and the
//! gradient reaching every time step, ‖∂L/∂h_t‖ for t = 1..T.
//!
//! At most [`CAPACITY`] steps are kept. When full, neighbours are merged in pairs,
//! keeping the step with the larger loss (non-finite counts as largest), so loss
//! spikes and the step that broke the run survive any amount of thinning.

use crate::engine::recurrent::config::RnnConfig;
use crate::engine::recurrent::trainer::{RnnStepReport, RnnTrainer};

/// Steps kept before pairs are merged: more than a wide heat map has pixel columns.
pub const CAPACITY: usize = 512;

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The training step (1 for the first).
    pub step: usize,
    pub loss: f64,
    pub grad_norm: f64,
    /// Clipping acted on this step, or on a step merged into it.
    pub clipped: bool,
    /// The loss, the gradient or a gradient through time was NaN or ∞ on this step
    /// (or on a step merged into it).
    pub non_finite: bool,
    pub radius: f64,
    /// dh[t − 1] = ‖∂L/∂h_t‖.
    pub dh: Vec<f64>,
}

impl Column {
    fn of(r: &RnnStepReport) -> Self {
        Column {
            step: r.step,
            loss: r.loss,
            grad_norm: r.grad_norm,
            clipped: r.clipped,
            non_finite: r.non_finite,
            radius: r.radius,
            dh: r.dh_norms.clone(),
        }
    }

    /// The ordering key of a merge: a non-finite step beats every finite one.
    fn weight(&self) -> f64 {
        if self.loss.is_finite() && !self.non_finite {
            self.loss
        } else {
            f64::INFINITY
        }
    }
}

/// The kept steps of one run and its running totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThroughTime {
    /// Oldest first.
    pub columns: Vec<Column>,
    /// Steps taken, kept or not.
    pub steps: usize,
    pub clipped_steps: usize,
    /// The step whose loss or gradient was NaN or ∞ (the run stops there).
    pub non_finite_at: Option<usize>,
    /// The latest step in full.
    pub last: Option<RnnStepReport>,
}

impl ThroughTime {
    pub fn push(&mut self, r: RnnStepReport) {
        self.steps = r.step;
        self.clipped_steps += usize::from(r.clipped);
        if r.non_finite {
            self.non_finite_at.get_or_insert(r.step);
        }
        self.columns.push(Column::of(&r));
        self.last = Some(r);
        if self.columns.len() > CAPACITY {
            self.thin();
        }
    }

    /// Merges neighbours in pairs, keeping the larger loss of each pair.
    fn thin(&mut self) {
        let old = std::mem::take(&mut self.columns);
        let mut it = old.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => {
                    let clipped = a.clipped || b.clipped;
                    let non_finite = a.non_finite || b.non_finite;
                    let mut keep = if b.weight() >= a.weight() { b } else { a };
                    keep.clipped = clipped;
                    keep.non_finite = non_finite;
                    self.columns.push(keep);
                }
                None => self.columns.push(a),
            }
        }
    }

    /// The sentence the page's banner shows once the run broke.
    pub fn non_finite_message(&self) -> Option<String> {
        let step = self.non_finite_at?;
        let what = match &self.last {
            Some(r) if !r.loss.is_finite() => crate::t!("rnn.diverged.loss", value = word(r.loss)),
            Some(r) if !r.grad_norm.is_finite() => {
                crate::t!("rnn.diverged.grad", value = word(r.grad_norm))
            }
            _ => crate::t!("rnn.diverged.overflow").to_string(),
        };
        Some(crate::t!("rnn.diverged", step = step, what = what))
    }
}

fn word(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else {
        "∞"
    }
}

/// A recurrent run and what the page shows of it.
#[derive(Clone, Debug)]
pub struct RnnRun {
    pub trainer: RnnTrainer,
    pub trace: ThroughTime,
}

impl RnnRun {
    /// The config should have passed [`RnnConfig::validate`].
    pub fn new(config: &RnnConfig) -> Self {
        RnnRun {
            trainer: RnnTrainer::new(config),
            trace: ThroughTime::default(),
        }
    }

    pub fn config(&self) -> &RnnConfig {
        self.trainer.config()
    }

    /// One step; false once the run is over.
    pub fn step(&mut self) -> bool {
        match self.trainer.step() {
            Some(r) => {
                self.trace.push(r);
                true
            }
            None => false,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.trainer.is_finished()
    }

    /// One line for the status bar.
    pub fn status(&self) -> String {
        let c = self.config();
        let mut s = crate::t!("rnn.status.step", step = self.trace.steps, steps = c.steps);
        s.push_str(" · ");
        if let Some(r) = &self.trace.last {
            s.push_str(&crate::t!(
                "rnn.status.loss",
                loss = crate::scenes::network::report::loss_word(r.loss),
                grad = crate::scenes::network::report::loss_word(r.grad_norm),
                radius = format!("{:.3}", r.radius)
            ));
        } else {
            let radius = format!("{:.3}", self.trainer.net().recurrent_radius());
            s.push_str(&crate::t!("rnn.status.radius", r = radius));
        }
        if self.trace.clipped_steps > 0 {
            s.push_str(" · ");
            s.push_str(&crate::tn!("rnn.status.clipped", self.trace.clipped_steps));
        }
        if self.is_finished() && self.trace.non_finite_at.is_none() {
            s.push_str(" · ");
            s.push_str(crate::t!("rnn.status.finished"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::recurrent::presets;

    fn report(step: usize, loss: f64) -> RnnStepReport {
        RnnStepReport {
            step,
            loss,
            grad_norm: 1.0,
            clipped: step.is_multiple_of(7),
            radius: 0.5,
            dh_norms: vec![1e-3, 1e-2, 1e-1],
            non_finite: !loss.is_finite(),
        }
    }

    #[test]
    fn thinning_keeps_spikes_and_the_step_that_broke_the_run() {
        let mut t = ThroughTime::default();
        let n = 5 * CAPACITY + 3;
        for step in 1..=n {
            let loss = match step {
                777 => 1e6,
                s if s == n => f64::NAN,
                s => 1.0 / s as f64,
            };
            t.push(report(step, loss));
        }
        assert!(t.columns.len() <= CAPACITY && t.columns.len() > CAPACITY / 4);
        assert!(t.columns.windows(2).all(|w| w[0].step < w[1].step));
        assert!(t.columns.iter().any(|c| c.step == 777 && c.loss == 1e6));
        assert_eq!(t.columns.last().unwrap().step, n);
        assert_eq!(t.non_finite_at, Some(n));
        assert_eq!(t.steps, n);
        assert_eq!(t.clipped_steps, n / 7);
        let m = t.non_finite_message().unwrap();
        assert!(
            m.starts_with(&format!("diverged at step {n}: the loss became NaN")),
            "{m}"
        );
        let csv = crate::scenes::recurrent::report::csv(3, &t.columns);
        assert!(csv.starts_with(
            "step,loss,grad_norm,clipped,non_finite,spectral_radius,dh_1,dh_2,dh_3\n"
        ));
        assert_eq!(csv.lines().count(), t.columns.len() + 1);
        let last: Vec<&str> = csv.lines().last().unwrap().split(',').collect();
        assert_eq!((last[0], last[1], last[4]), (&*n.to_string(), "nan", "1"));
    }

    #[test]
    fn a_run_records_every_step_and_its_radius() {
        let p = presets::find("e6-exploding").unwrap();
        let mut run = RnnRun::new(&p.config);
        assert!(run.status().contains("ρ(U) 3.0"), "{}", run.status());
        while run.step() {}
        assert!(run.is_finished());
        let first = &run.trace.columns[0];
        // Orthogonal·3: ρ = 3 exactly (the estimate is within 0.1 %).
        assert!((first.radius - 3.0).abs() < 3e-3, "{}", first.radius);
        assert_eq!(first.dh.len(), p.config.t);
        assert_eq!(run.trace.steps, run.trainer.steps_done());
        assert!(run
            .status()
            .starts_with(&format!("step {} of 20", run.trace.steps)));
    }
}
