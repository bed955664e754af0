//! What the charts read: the run so far, as per-step series and per-epoch
//! reports.
//!
//! Data flows one way: trainer → step report → history → charts. The history keeps
//! at most `capacity` points per series however long the run: when full it drops
//! every other point and from then on keeps one step in two (then four, …), so a
//! frame's redraw costs the same at step 100 and at step 10⁶. The last step is
//! always kept whole (`last`), so the per-layer bars show the current step, and a
//! divergence is recorded with its non-finite figures so the charts can mark it.
//!
//! The evaluated epochs are thinned the same way (a run of 100 000 epochs would
//! otherwise keep 100 000 reports and the loss panel would draw them all), but
//! the points a reader looks for survive every thinning: the first and the latest
//! epoch, the lowest train and test loss, and any epoch with a non-finite figure.

use crate::engine::early_stop::Stopped;
use crate::engine::trainer::{Divergence, EpochReport, StepReport};

/// Points per series kept by default: about a chart's width in CSS pixels, and
/// few enough that redrawing every series each frame stays cheap.
pub const CAPACITY: usize = 1024;

/// One per-layer figure of a step report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// ‖∂L/∂W‖₂ before clipping.
    GradNorm,
    /// Mean |∂L/∂W| before clipping.
    GradMeanAbs,
    /// Mean |ΔW| of the step's update (E4's view).
    WeightChange,
    /// Fraction of saturated (example, unit) pairs.
    Saturated,
    /// ‖W‖_F after the step's update (the weights panel's lines).
    WeightNorm,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::GradNorm,
        Measure::GradMeanAbs,
        Measure::WeightChange,
        Measure::Saturated,
        Measure::WeightNorm,
    ];

    /// The word used in the URL and CSV headers.
    pub fn word(self) -> &'static str {
        match self {
            Measure::GradNorm => "grad_norm",
            Measure::GradMeanAbs => "grad_mean_abs",
            Measure::WeightChange => "weight_change",
            Measure::Saturated => "saturated",
            Measure::WeightNorm => "weight_norm",
        }
    }

    /// How a chart's axis names it.
    pub fn label(self) -> &'static str {
        match self {
            Measure::GradNorm => crate::t!("network.measure.grad_norm"),
            Measure::GradMeanAbs => crate::t!("network.measure.grad_mean_abs"),
            Measure::WeightChange => crate::t!("network.measure.weight_change"),
            Measure::Saturated => crate::t!("network.measure.saturated"),
            Measure::WeightNorm => crate::t!("network.measure.weight_norm"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct History {
    capacity: usize,
    /// Keep one step in `stride`.
    stride: u64,
    /// Number of layers (hidden + output), fixed for a run.
    pub layers: usize,
    /// The step number of each kept point.
    pub steps: Vec<u64>,
    /// Mini-batch loss at each kept step.
    pub loss: Vec<f64>,
    /// Whole gradient norm (all layers) before clipping.
    pub grad_norm: Vec<f64>,
    /// Whether clipping acted at each kept step.
    pub clipped: Vec<bool>,
    /// The learning rate at each kept step (a schedule moves it between epochs).
    pub lr: Vec<f64>,
    /// `per_layer[m][l][i]`: measure `m` (in [`Measure::ALL`] order) of layer `l` at point `i`.
    per_layer: [Vec<Vec<f64>>; Measure::ALL.len()],
    /// The evaluated epochs kept, in order (at most `capacity` and the extremes;
    /// push them with [`History::push_epoch`]).
    pub epochs: Vec<EpochReport>,
    /// `epoch_order[i]`: how many epoch reports came before `epochs[i]`.
    epoch_order: Vec<u64>,
    /// Epoch reports seen so far, kept or not.
    epochs_seen: u64,
    /// Keep one epoch report in `epoch_stride` (plus the extremes).
    epoch_stride: u64,
    /// The latest step, whole.
    pub last: Option<StepReport>,
    pub diverged: Option<Divergence>,
    /// How early stopping ended the run, if it did (the charts mark it).
    pub stopped: Option<Stopped>,
    /// Steps clipped so far (all of them, not only the kept ones).
    pub clipped_steps: u64,
    /// Settings changed mid-run, in step order, for the loss panel to mark.
    pub changes: Vec<Change>,
}

/// A setting changed in the middle of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Steps done when it took effect: it applies from step `step + 1` on.
    pub step: u64,
    /// Epochs done by then.
    pub epoch: usize,
    /// `key=value`, as the link writes it.
    pub setting: String,
}

impl History {
    pub fn new(layers: usize) -> Self {
        Self::with_capacity(layers, CAPACITY)
    }

    pub fn with_capacity(layers: usize, capacity: usize) -> Self {
        let empty = || vec![Vec::new(); layers];
        History {
            capacity: capacity.max(2),
            stride: 1,
            layers,
            steps: Vec::new(),
            loss: Vec::new(),
            grad_norm: Vec::new(),
            clipped: Vec::new(),
            per_layer: std::array::from_fn(|_| empty()),
            lr: Vec::new(),
            epochs: Vec::new(),
            epoch_order: Vec::new(),
            epochs_seen: 0,
            epoch_stride: 1,
            last: None,
            diverged: None,
            stopped: None,
            clipped_steps: 0,
            changes: Vec::new(),
        }
    }

    /// The series of `measure` for layer `layer` (0-based, input side first).
    pub fn layer_series(&self, measure: Measure, layer: usize) -> &[f64] {
        &self.per_layer[measure as usize][layer]
    }

    /// The current step's `measure` for every layer.
    pub fn current(&self, measure: Measure) -> Vec<f64> {
        match &self.last {
            Some(r) => r.layers.iter().map(|s| pick(measure, s)).collect(),
            None => vec![f64::NAN; self.layers],
        }
    }

    /// The last step recorded, or 0 before the first.
    pub fn step(&self) -> u64 {
        self.last.as_ref().map_or(0, |r| r.step)
    }

    /// Records one step. A diverged step is always kept, so its marker shows.
    pub fn push(&mut self, report: StepReport) {
        if report.clipped {
            self.clipped_steps += 1;
        }
        if let Some(e) = &report.epoch_end {
            self.push_epoch(e.clone());
        }
        if let Some(d) = &report.diverged {
            self.diverged = Some(d.clone());
        }
        if let Some(s) = &report.stopped {
            self.stopped = Some(s.clone());
        }
        let forced = report.diverged.is_some();
        if (report.step.is_multiple_of(self.stride) || forced) && self.steps.len() >= self.capacity
        {
            self.thin();
        }
        if report.step.is_multiple_of(self.stride) || forced {
            self.steps.push(report.step);
            self.loss.push(report.loss);
            self.grad_norm.push(report.grad_norm);
            self.clipped.push(report.clipped);
            self.lr.push(report.lr);
            for (m, &measure) in Measure::ALL.iter().enumerate() {
                for (l, series) in self.per_layer[m].iter_mut().enumerate() {
                    let v = report.layers.get(l).map_or(f64::NAN, |s| pick(measure, s));
                    series.push(v);
                }
            }
        }
        self.last = Some(report);
    }

    /// Records one evaluated epoch. The latest is always there; when a newer one
    /// comes, the one before it stays only if it falls on the stride or is an
    /// extreme, so the list never holds more than `capacity` plus the extremes.
    pub fn push_epoch(&mut self, e: EpochReport) {
        if let Some(i) = self.epochs.len().checked_sub(1) {
            if !self.keeps_epoch(i) {
                self.epochs.pop();
                self.epoch_order.pop();
            }
        }
        if self.epochs.len() >= self.capacity {
            self.epoch_stride *= 2;
            let keep: Vec<bool> = (0..self.epochs.len())
                .map(|i| self.keeps_epoch(i))
                .collect();
            retain(&mut self.epochs, &keep);
            retain(&mut self.epoch_order, &keep);
        }
        self.epochs.push(e);
        self.epoch_order.push(self.epochs_seen);
        self.epochs_seen += 1;
    }

    /// Whether the kept epoch `i` survives a thinning: on the stride, the first,
    /// a lowest loss, or a non-finite one (a divergence shows where it happened).
    fn keeps_epoch(&self, i: usize) -> bool {
        let e = &self.epochs[i];
        if self.epoch_order[i].is_multiple_of(self.epoch_stride)
            || !e.train_loss.is_finite()
            || e.test_loss.is_some_and(|t| !t.is_finite())
        {
            return true;
        }
        // The first epoch with the lowest figure: ties keep the earlier one.
        let lowest = |f: fn(&EpochReport) -> Option<f64>| match f(e) {
            Some(v) => self.epochs.iter().enumerate().all(|(j, o)| match f(o) {
                Some(w) => w > v || (w == v && j >= i),
                None => true,
            }),
            None => false,
        };
        lowest(|r| Some(r.train_loss)) || lowest(|r| r.test_loss)
    }

    /// Halves every series, keeping the points whose step is a multiple of the
    /// doubled stride.
    fn thin(&mut self) {
        self.stride *= 2;
        let keep: Vec<bool> = self
            .steps
            .iter()
            .map(|&s| s.is_multiple_of(self.stride))
            .collect();
        retain(&mut self.steps, &keep);
        retain(&mut self.loss, &keep);
        retain(&mut self.grad_norm, &keep);
        retain(&mut self.clipped, &keep);
        retain(&mut self.lr, &keep);
        for measure in &mut self.per_layer {
            for series in measure.iter_mut() {
                retain(series, &keep);
            }
        }
    }

    /// The per-step series as CSV: step, loss, whole gradient norm, clipped, then
    /// `measure` for each layer. Non-finite values are written `nan`, `inf`, `-inf`.
    pub fn steps_csv(&self, measure: Measure) -> String {
        let mut out = String::from("step,loss,grad_norm,clipped");
        for l in 1..=self.layers {
            out.push_str(&format!(",layer{l}_{}", measure.word()));
        }
        out.push('\n');
        for i in 0..self.steps.len() {
            out.push_str(&format!(
                "{},{},{},{}",
                self.steps[i],
                number(self.loss[i]),
                number(self.grad_norm[i]),
                u8::from(self.clipped[i])
            ));
            for l in 0..self.layers {
                out.push(',');
                out.push_str(&number(self.layer_series(measure, l)[i]));
            }
            out.push('\n');
        }
        out
    }

    /// The evaluated epochs as CSV (empty cells where a figure does not apply).
    pub fn epochs_csv(&self) -> String {
        let mut out =
            String::from("epoch,step,train_loss,test_loss,train_accuracy,test_accuracy\n");
        let opt = |v: Option<f64>| v.map(number).unwrap_or_default();
        for e in &self.epochs {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                e.epoch,
                e.step,
                number(e.train_loss),
                opt(e.test_loss),
                opt(e.train_accuracy),
                opt(e.test_accuracy)
            ));
        }
        out
    }
}

/// Keeps the elements of `v` whose `keep` is true, in order.
fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

fn pick(measure: Measure, s: &crate::engine::stats::LayerStats) -> f64 {
    match measure {
        Measure::GradNorm => s.grad_norm,
        Measure::GradMeanAbs => s.grad_mean_abs,
        Measure::WeightChange => s.weight_change,
        Measure::Saturated => s.saturated,
        Measure::WeightNorm => s.weight_norm,
    }
}

/// A CSV cell: shortest round-trip form, and words for non-finite values.
pub fn number(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::stats::LayerStats;

    fn report(step: u64, layers: usize) -> StepReport {
        StepReport {
            step,
            epoch: 1,
            loss: step as f64,
            grad_norm: 2.0 * step as f64,
            clipped: step.is_multiple_of(3),
            layers: (0..layers)
                .map(|l| LayerStats {
                    grad_norm: (step * 10 + l as u64) as f64,
                    ..LayerStats::default()
                })
                .collect(),
            epoch_end: None,
            diverged: None,
            lr: 0.01,
            stopped: None,
        }
    }

    #[test]
    fn keeps_every_step_until_full_then_thins_evenly() {
        let mut h = History::with_capacity(2, 8);
        for s in 1..=8 {
            h.push(report(s, 2));
        }
        assert_eq!(h.steps, (1..=8).collect::<Vec<_>>());
        h.push(report(9, 2)); // 9 is not a multiple of the new stride: dropped
        h.push(report(10, 2));
        assert_eq!(h.steps, vec![2, 4, 6, 8, 10]);
        assert_eq!(h.loss, vec![2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(
            h.layer_series(Measure::GradNorm, 1),
            &[21.0, 41.0, 61.0, 81.0, 101.0]
        );
        assert_eq!(h.step(), 10);
        assert_eq!(h.clipped_steps, 3); // steps 3, 6, 9
        for s in 11..=1000 {
            h.push(report(s, 2));
        }
        assert!(h.steps.len() <= 8, "{} points kept", h.steps.len());
        assert_eq!(*h.steps.last().unwrap(), 1000 - 1000 % h.stride);
        assert!(h.steps.windows(2).all(|w| w[1] - w[0] == h.stride));
    }

    #[test]
    fn a_diverged_step_is_kept_with_its_non_finite_figures() {
        let mut h = History::with_capacity(1, 4);
        for s in 1..=6 {
            h.push(report(s, 1));
        }
        let mut bad = report(7, 1);
        bad.loss = f64::INFINITY;
        bad.layers[0].grad_norm = f64::NAN;
        bad.diverged = Some(Divergence {
            step: 7,
            epoch: 1,
            layer: 1,
            stage: crate::engine::trainer::Stage::Loss,
            value: f64::INFINITY,
            last_grad_norm: 1e30,
        });
        h.push(bad);
        assert_eq!(*h.steps.last().unwrap(), 7);
        assert!(h.loss.last().unwrap().is_infinite());
        assert!(h.current(Measure::GradNorm)[0].is_nan());
        assert_eq!(h.diverged.as_ref().unwrap().step, 7);
        let csv = h.steps_csv(Measure::GradNorm);
        assert!(
            csv.lines().last().unwrap().starts_with("7,inf,14,0,nan"),
            "{csv}"
        );
    }

    fn epoch(epoch: usize, train: f64, test: f64) -> EpochReport {
        EpochReport {
            epoch,
            step: epoch as u64 * 10,
            train_loss: train,
            train_accuracy: None,
            test_loss: Some(test),
            test_accuracy: None,
            lr: 0.1,
        }
    }

    #[test]
    fn epochs_are_thinned_but_keep_the_ends_and_the_extremes() {
        let mut h = History::with_capacity(1, 16);
        // Train loss falls to its lowest at epoch 137, test loss at epoch 40;
        // epoch 613 is infinite.
        for k in 0..=1000 {
            let train = if k == 137 { 0.01 } else { 1.0 + (k % 7) as f64 };
            let test = if k == 613 {
                f64::INFINITY
            } else {
                2.0 + (k as f64 - 40.0).abs()
            };
            h.push_epoch(epoch(k, train, test));
            assert!(
                h.epochs.len() <= 16 + 4,
                "{} kept at epoch {k}",
                h.epochs.len()
            );
            assert_eq!(
                h.epochs.last().unwrap().epoch,
                k,
                "the latest is always kept"
            );
        }
        let kept: Vec<usize> = h.epochs.iter().map(|e| e.epoch).collect();
        for must in [0, 40, 137, 613, 1000] {
            assert!(kept.contains(&must), "epoch {must} dropped: {kept:?}");
        }
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "{kept:?}");
        assert!(kept.len() >= 8, "thinned too far: {kept:?}");
    }

    #[test]
    fn csv_has_one_column_per_layer_and_one_row_per_point() {
        let mut h = History::new(3);
        for s in 1..=5 {
            h.push(report(s, 3));
        }
        let csv = h.steps_csv(Measure::WeightChange);
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "step,loss,grad_norm,clipped,layer1_weight_change,layer2_weight_change,layer3_weight_change"
        );
        assert_eq!(lines.len(), 6);
        assert!(lines.iter().all(|l| l.split(',').count() == 7));
        assert_eq!(h.epochs_csv().lines().count(), 1);
    }
}
