//! The trainer: owns the network, the optimizer, the data and the run's random
//! streams; `step()` trains on one mini-batch and reports what happened.
//!
//! One step: forward → loss (+ penalty) → backward → statistics → clip → update.
//! Non-finite values are caught where they first appear (forward layer by layer,
//! then the loss, then the gradients from the output layer down, then the new
//! weights); the step is then undone, the trainer stops, and every later call
//! returns the same divergence. The network keeps its last finite weights.
//!
//! This file holds the report types and the [`Trainer`]; `monitor.rs` what happens
//! between epochs (the schedule's lr, evaluation, early stopping); `run.rs` holds
//! [`Run`], the trainer in the precision the config asks for, and `tests.rs` the tests.

use serde::Serialize;

use super::clip::Clip;
use super::config::{Checked, ConfigError};
use super::data::inputs::{self, Input};
use super::data::{self, Task};
use super::early_stop::{EarlyStop, Stopped};
use super::layer::{LayerSpec, Mode};
use super::loss::Loss;
use super::network::Network;
use super::optim::Optimizer;
use super::penalty::Penalty;
use super::real::Real;
use super::rng::Rng;
use super::schedule::LrSchedule;
use super::stats::{magnitudes, saturation, LayerStats};

mod edit;
#[cfg(test)]
mod inputs_tests;
mod inspect;
mod live;
mod monitor;
mod run;
mod source;
#[cfg(test)]
mod tests;

pub use edit::{Edit, MAX_EDIT};
pub use inspect::LayerParams;
pub use live::LIVE_KEYS;
pub use run::Run;
pub use source::NO_ROWS;

/// Where a run went non-finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Forward,
    Loss,
    Backward,
    Update,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The step (1-based) at which it happened.
    pub step: u64,
    /// The epoch (1-based) that step belongs to.
    pub epoch: usize,
    /// The layer (1-based, as the charts name them) where it first appeared.
    pub layer: usize,
    pub stage: Stage,
    /// The offending figure: the gradient norm, the loss, or the first bad output.
    pub value: f64,
    /// That layer's last finite gradient norm, from the step before. For a
    /// non-finite loss, the layer named is the one whose gradient was largest.
    pub last_grad_norm: f64,
}

impl Divergence {
    /// The sentence the page's banner and the command line show.
    pub fn message(&self) -> String {
        let (n, l, v, g) = (
            self.step,
            self.layer,
            show(self.value),
            show(self.last_grad_norm),
        );
        match self.stage {
            Stage::Forward => crate::t!(
                "engine.diverged.forward",
                step = n,
                layer = l,
                value = v,
                grad = g
            ),
            Stage::Loss => crate::t!(
                "engine.diverged.loss",
                step = n,
                layer = l,
                value = v,
                grad = g
            ),
            Stage::Backward => {
                crate::t!("engine.diverged.backward", step = n, layer = l, value = v)
            }
            Stage::Update => crate::t!("engine.diverged.update", step = n, layer = l, value = v),
        }
    }
}

fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        crate::t!("engine.infinity").into()
    } else {
        format!("{v:.3e}")
    }
}

/// Metrics on the whole training and test sets, in evaluation mode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    pub step: u64,
    pub train_loss: f64,
    pub train_accuracy: Option<f64>,
    pub test_loss: Option<f64>,
    pub test_accuracy: Option<f64>,
    /// The learning rate the epoch trained with.
    pub lr: f64,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepReport {
    pub step: u64,
    pub epoch: usize,
    /// Loss of this mini-batch, penalty included, before the update.
    pub loss: f64,
    /// ‖all gradients‖ before clipping.
    pub grad_norm: f64,
    /// Whether clipping changed the gradient.
    pub clipped: bool,
    /// One entry per layer, input side first.
    pub layers: Vec<LayerStats>,
    /// Present when this step ended an evaluated epoch.
    pub epoch_end: Option<EpochReport>,
    pub diverged: Option<Divergence>,
    /// The learning rate of this step.
    pub lr: f64,
    /// Present once early stopping has ended the run (from the step that stopped it).
    pub stopped: Option<Stopped>,
}

/// Inputs and targets, row-major, in the training precision.
#[derive(Clone, Debug)]
struct Table<T> {
    x: Vec<T>,
    y: Vec<T>,
    rows: usize,
}

impl<T: Real> Table<T> {
    fn from(d: &data::Dataset) -> Self {
        Table {
            x: d.x.iter().map(|&v| T::from_f64(v)).collect(),
            y: d.y.iter().map(|&v| T::from_f64(v)).collect(),
            rows: d.len(),
        }
    }
}

pub struct Trainer<T: Real> {
    config: Checked,
    pub net: Network<T>,
    opt: Optimizer<T>,
    loss: Loss,
    penalty: Penalty,
    clip: Clip,
    task: Task,
    train: Table<T>,
    test: Table<T>,
    /// The input features the network is fed (empty: the raw columns).
    inputs: Vec<Input>,
    /// The training and test points as drawn, when input features replace them.
    raw: [Vec<f64>; 2],
    order: Vec<usize>,
    cursor: usize,
    batch: usize,
    shuffle_rng: Rng,
    dropout_rng: Rng,
    xb: Vec<T>,
    yb: Vec<T>,
    /// Every parameter tensor before this step's update, to measure ΔW and undo.
    before: Vec<Vec<T>>,
    /// The optimizer slot of each layer's weight matrix.
    weight_slot: Vec<usize>,
    last_grad_norms: Vec<f64>,
    steps: u64,
    epochs_done: usize,
    diverged: Option<Divergence>,
    /// The learning-rate schedule and its state.
    schedule: LrSchedule,
    /// Early stopping's counters, when it is on.
    early_stop: Option<EarlyStop>,
    /// The network and report of the best evaluation so far (early stopping).
    best: Option<(Network<T>, EpochReport)>,
    stopped: Option<Stopped>,
}

impl<T: Real> Trainer<T> {
    /// A trainer on generated data. A data=file config needs its rows:
    /// [`Trainer::with_data`].
    pub fn new(config: &Checked) -> Self {
        Self::with_data(config, None).expect("data=file runs start with Trainer::with_data")
    }

    /// A trainer on the config's data: generated, or for data=file the file's
    /// `rows` (shuffled with the "data" stream). data=file without rows, or with rows
    /// of another shape than the config says, is an error.
    pub fn with_data(config: &Checked, rows: Option<&data::Dataset>) -> Result<Self, ConfigError> {
        let seed = config.seed;
        let dataset = source::dataset(config, rows)?;
        let (train, test) = data::split(&dataset, config.train_rows());
        let task = dataset.task;
        // The network sees the chosen input columns; the points stay as drawn.
        // Kept in f64 only with features on, so predicting them repeats training exactly.
        let raw = [&train, &test].map(|d| match config.inputs.is_empty() {
            true => Vec::new(),
            false => d.x.iter().copied().collect(),
        });
        let (train, test) = (
            with_inputs(&config.inputs, train),
            with_inputs(&config.inputs, test),
        );
        let mut specs = Vec::new();
        let mut width = train.features();
        for (l, &w) in config.hidden.iter().enumerate() {
            specs.push(LayerSpec {
                inputs: width,
                outputs: w,
                activation: config.hidden_activation(l),
                init: config.init,
                batch_norm: config.batch_norm,
                dropout: config.dropout,
            });
            width = w;
        }
        specs.push(LayerSpec {
            inputs: width,
            outputs: task.outputs(),
            activation: config.resolved_output(),
            init: config.output_init,
            batch_norm: false,
            dropout: 0.0,
        });
        let net = Network::<T>::new(&specs, &mut Rng::stream(seed, "init"));
        let batch = if config.batch_size == 0 {
            train.len()
        } else {
            config.batch_size.min(train.len())
        };
        let mut trainer = Trainer {
            opt: Optimizer::new(config.optimizer, config.hyper()),
            loss: config.resolved_loss(),
            penalty: config.penalty(),
            clip: config.clip,
            task,
            order: (0..train.len()).collect(),
            cursor: 0,
            batch,
            shuffle_rng: Rng::stream(seed, "shuffle"),
            dropout_rng: Rng::stream(seed, "dropout"),
            xb: Vec::new(),
            yb: Vec::new(),
            last_grad_norms: vec![0.0; specs.len()],
            before: Vec::new(),
            weight_slot: Vec::new(),
            steps: 0,
            epochs_done: 0,
            diverged: None,
            schedule: LrSchedule::new(config.schedule_spec()),
            early_stop: config
                .early_stop
                .then(|| EarlyStop::new(config.early_stop_spec())),
            best: None,
            stopped: None,
            train: Table::from(&train),
            test: Table::from(&test),
            inputs: config.inputs.clone(),
            raw,
            net,
            config: config.clone(),
        };
        trainer.index_params();
        Ok(trainer)
    }

    pub fn config(&self) -> &Checked {
        &self.config
    }
    pub fn steps(&self) -> u64 {
        self.steps
    }
    pub fn epochs_done(&self) -> usize {
        self.epochs_done
    }
    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }
    pub fn steps_per_epoch(&self) -> usize {
        self.train.rows.div_ceil(self.batch.max(1))
    }
    /// True once the configured epochs are done, the run diverged or stopped early.
    pub fn is_finished(&self) -> bool {
        self.diverged.is_some() || self.stopped.is_some() || self.epochs_done >= self.config.epochs
    }

    /// One training step on the next mini-batch.
    pub fn step(&mut self) -> StepReport {
        let layers = self.net.layers.len();
        let mut report = StepReport {
            step: self.steps,
            epoch: self.epochs_done + 1,
            loss: f64::NAN,
            grad_norm: f64::NAN,
            clipped: false,
            layers: vec![LayerStats::default(); layers],
            epoch_end: None,
            diverged: self.diverged.clone(),
            lr: self.opt.lr(),
            stopped: self.stopped.clone(),
        };
        if self.diverged.is_some() || self.stopped.is_some() {
            return report;
        }
        self.steps += 1;
        report.step = self.steps;
        if self.cursor == 0 {
            report.lr = self.begin_epoch();
        }
        if self.cursor == 0 && self.config.shuffle {
            self.shuffle_rng.shuffle(&mut self.order);
        }
        let rows = self.batch.min(self.train.rows - self.cursor);
        self.gather(rows);

        // Forward, watching each layer's output.
        self.net
            .forward(&self.xb, rows, &mut Mode::Train(&mut self.dropout_rng));
        for (l, layer) in self.net.layers.iter().enumerate() {
            // A boolean fold vectorizes; the search for the culprit runs only on failure.
            if !layer.output().iter().fold(true, |ok, v| ok & v.is_finite()) {
                let bad = layer
                    .output()
                    .iter()
                    .find(|v| !v.is_finite())
                    .map_or(f64::NAN, |v| v.to_f64());
                return self.diverge(report, l, Stage::Forward, bad);
            }
        }
        // Loss and backward.
        let data_loss = self.net.backward_from_loss(self.loss, &self.yb).to_f64();
        let mut penalty = 0.0;
        if !self.penalty.is_zero() {
            for layer in self.net.layers.iter_mut() {
                let w = layer.w.as_slice().expect("layout");
                penalty += self.penalty.value(w);
                self.penalty
                    .add_gradient(w, layer.grad_w.as_slice_mut().expect("layout"));
            }
        }
        report.loss = data_loss + penalty;
        if !report.loss.is_finite() {
            let v = report.loss;
            return self.diverge(report, layers - 1, Stage::Loss, v);
        }
        // Gradient statistics, from the output layer down (the order backward ran).
        let mut total_sq = 0.0;
        for l in (0..layers).rev() {
            let layer = &self.net.layers[l];
            let g = layer.grad_w.as_slice().expect("layout");
            let (norm, mean_abs, sum_abs) = magnitudes(g);
            let (bias_norm, _, _) = magnitudes(layer.grad_b.as_slice().expect("layout"));
            if !norm.is_finite() || !bias_norm.is_finite() {
                let v = if norm.is_finite() { bias_norm } else { norm };
                return self.diverge(report, l, Stage::Backward, v);
            }
            total_sq += norm * norm + bias_norm * bias_norm;
            let s = &mut report.layers[l];
            s.grad_norm = norm;
            s.grad_mean_abs = mean_abs;
            s.grad_abs_per_unit = sum_abs / layer.outputs as f64;
            let (sat, dead) = saturation(
                layer.activation,
                layer.pre_activation(),
                layer.activation_value(),
                layer.outputs,
            );
            s.saturated = sat;
            s.dead = dead;
        }
        report.grad_norm = total_sq.sqrt();
        // Clip, then update.
        {
            let mut grads: Vec<&mut [T]> = Vec::with_capacity(4 * layers);
            for layer in self.net.layers.iter_mut() {
                grads.push(layer.grad_w.as_slice_mut().expect("layout"));
                grads.push(layer.grad_b.as_slice_mut().expect("layout"));
                if let Some(bn) = &mut layer.batch_norm {
                    grads.push(bn.grad_gamma.as_slice_mut().expect("layout"));
                    grads.push(bn.grad_beta.as_slice_mut().expect("layout"));
                }
            }
            report.clipped = self.clip.apply(&mut grads);
        }
        let (before, opt) = (&mut self.before, &mut self.opt);
        opt.begin_step();
        let mut slot = 0;
        self.net.visit_params(|_, _, p, g| {
            before[slot].copy_from_slice(p);
            opt.update(slot, p, g);
            slot += 1;
        });
        for l in 0..layers {
            let w = self.net.layers[l].w.as_slice().expect("layout");
            let old = &self.before[self.weight_slot[l]];
            let (mut dsq, mut dabs, mut wsq, mut nsq, mut finite) = (0.0, 0.0, 0.0, 0.0, true);
            for (&new, &o) in w.iter().zip(old) {
                let d = new.to_f64() - o.to_f64();
                finite &= new.is_finite();
                dsq += d * d;
                dabs += d.abs();
                wsq += o.to_f64() * o.to_f64();
                nsq += new.to_f64() * new.to_f64();
            }
            if !finite {
                let g = report.layers[l].grad_norm;
                return self.diverge(report, l, Stage::Update, g);
            }
            let s = &mut report.layers[l];
            s.weight_change = dabs / w.len().max(1) as f64;
            s.weight_norm = nsq.sqrt();
            s.update_ratio = if wsq > 0.0 {
                (dsq / wsq).sqrt()
            } else {
                f64::INFINITY
            };
        }
        for (keep, s) in self.last_grad_norms.iter_mut().zip(&report.layers) {
            *keep = s.grad_norm;
        }
        // Epoch bookkeeping.
        self.cursor += rows;
        if self.cursor >= self.train.rows {
            self.cursor = 0;
            self.epochs_done += 1;
            self.end_epoch(&mut report);
        }
        report
    }

    /// Undoes this step's update (if made), records the divergence and reports it.
    fn diverge(
        &mut self,
        mut report: StepReport,
        layer: usize,
        stage: Stage,
        value: f64,
    ) -> StepReport {
        if stage == Stage::Update {
            let before = &self.before;
            let mut slot = 0;
            self.net.visit_params(|_, _, p, _| {
                p.copy_from_slice(&before[slot]);
                slot += 1;
            });
        }
        let layer = if stage == Stage::Loss {
            let norms = &self.last_grad_norms;
            (0..norms.len()).fold(layer, |b, l| if norms[l] > norms[b] { l } else { b })
        } else {
            layer
        };
        let d = Divergence {
            step: self.steps,
            epoch: self.epochs_done + 1,
            layer: layer + 1,
            stage,
            value,
            last_grad_norm: self.last_grad_norms[layer],
        };
        self.diverged = Some(d.clone());
        report.diverged = Some(d);
        report
    }

    fn gather(&mut self, rows: usize) {
        let (fi, fo) = (self.net.inputs(), self.net.outputs());
        self.xb.clear();
        self.yb.clear();
        for &r in &self.order[self.cursor..self.cursor + rows] {
            self.xb
                .extend_from_slice(&self.train.x[r * fi..(r + 1) * fi]);
            self.yb
                .extend_from_slice(&self.train.y[r * fo..(r + 1) * fo]);
        }
    }

    /// Loss and accuracy on both sets. The training loss is the objective the
    /// optimizer minimizes, penalty included, as Keras reports it; the test loss is
    /// the data loss alone, what the held-out points say of the predictions. (Keras
    /// adds the penalty to `val_loss` as well, which makes a regularized net look
    /// worse on held-out data by its own penalty: the cures of E9 are compared on
    /// what they predict.)
    pub fn evaluate(&mut self) -> EpochReport {
        let (train_loss, train_accuracy) = self.measure(true);
        let (test_loss, test_accuracy) = if self.test.rows > 0 {
            self.measure(false)
        } else {
            (f64::NAN, None)
        };
        EpochReport {
            epoch: self.epochs_done,
            step: self.steps,
            train_loss,
            train_accuracy,
            test_loss: (self.test.rows > 0).then_some(test_loss),
            test_accuracy,
            lr: self.opt.lr(),
        }
    }

    fn measure(&mut self, train: bool) -> (f64, Option<f64>) {
        let table = if train { &self.train } else { &self.test };
        let out = self.net.outputs();
        self.net.forward(&table.x, table.rows, &mut Mode::Eval);
        let last = self.net.layers.last().expect("layers");
        let loss = self
            .loss
            .value(
                last.activation,
                last.pre_activation(),
                last.output(),
                &table.y,
                out,
            )
            .to_f64();
        let penalty: f64 = if train {
            self.net
                .layers
                .iter()
                .map(|l| self.penalty.value(l.w.as_slice().expect("layout")))
                .sum()
        } else {
            0.0
        };
        let pred = last.output();
        let accuracy = match self.task {
            Task::Regression => None,
            Task::Binary => {
                let hits = pred
                    .iter()
                    .zip(&table.y)
                    .filter(|(p, y)| (p.to_f64() >= 0.5) == (y.to_f64() >= 0.5))
                    .count();
                Some(hits as f64 / table.rows.max(1) as f64)
            }
            Task::Multiclass(k) => {
                let argmax = |r: &[T]| (0..k).fold(0, |b, j| if r[j] > r[b] { j } else { b });
                let hits = pred
                    .chunks_exact(k)
                    .zip(table.y.chunks_exact(k))
                    .filter(|(p, y)| argmax(p) == argmax(y))
                    .count();
                Some(hits as f64 / table.rows.max(1) as f64)
            }
        };
        (loss + penalty, accuracy)
    }

    /// What kind of problem the data set poses.
    pub fn task(&self) -> Task {
        self.task
    }

    /// The training (or test) inputs and targets in f64, row-major, and the row count.
    /// The inputs are the points as drawn, whatever input features the net sees.
    pub fn points(&self, train: bool) -> (Vec<f64>, Vec<f64>, usize) {
        let t = if train { &self.train } else { &self.test };
        let f = |v: &[T]| v.iter().map(|x| x.to_f64()).collect();
        let x = if self.inputs.is_empty() {
            f(&t.x)
        } else {
            self.raw[usize::from(!train)].clone()
        };
        (x, f(&t.y), t.rows)
    }

    /// `rows` points as drawn (row-major), as the columns the network takes.
    fn network_inputs(&self, x: &[f64], rows: usize) -> Vec<T> {
        if self.inputs.is_empty() {
            x.iter().map(|&v| T::from_f64(v)).collect()
        } else {
            inputs::expand_rows(&self.inputs, x, rows)
                .into_iter()
                .map(T::from_f64)
                .collect()
        }
    }

    /// Every layer's pre-activations (rows × units) for `rows` points `x` (as
    /// drawn: the input features are applied here), in evaluation mode. Leaves the
    /// training state as it was: the next step runs its own forward pass.
    pub fn pre_activations(&mut self, x: &[f64], rows: usize) -> Vec<Vec<f64>> {
        let xt = self.network_inputs(x, rows);
        self.net.forward(&xt, rows, &mut Mode::Eval);
        self.net
            .layers
            .iter()
            .map(|l| l.pre_activation().iter().map(|v| v.to_f64()).collect())
            .collect()
    }

    /// Each layer's weight matrix in f64, input side first: (inputs, outputs, W
    /// row-major, inputs × outputs).
    pub fn weights(&self) -> Vec<(usize, usize, Vec<f64>)> {
        let f64s = |w: &[T]| w.iter().map(|v| v.to_f64()).collect();
        self.net
            .layers
            .iter()
            .map(|l| (l.inputs, l.outputs, f64s(l.w.as_slice().expect("layout"))))
            .collect()
    }

    /// The model's outputs (probabilities or values) for `rows` points `x`, as
    /// drawn (the input features are applied here, as in training).
    pub fn predict(&mut self, x: &[f64], rows: usize) -> Vec<f64> {
        let xt = self.network_inputs(x, rows);
        self.net
            .forward(&xt, rows, &mut Mode::Eval)
            .iter()
            .map(|v| v.to_f64())
            .collect()
    }
}

/// The data set with its inputs replaced by the chosen input features.
fn with_inputs(chosen: &[Input], d: data::Dataset) -> data::Dataset {
    if chosen.is_empty() {
        return d;
    }
    data::Dataset {
        x: inputs::expand(chosen, &d.x),
        ..d
    }
}
