//! The one description of a run.
//!
//! [`Config`] is read from JSON files, `--set key=value` overrides, presets and (in
//! the page) the URL hash, always through serde, so every way in accepts the same
//! words. Unknown keys are errors; missing keys take their defaults, so old links
//! keep working. [`Config::validate`] is the only way to a [`Checked`] config, and
//! the trainer takes nothing else.

use serde::{Deserialize, Serialize};

pub use super::settings::ConfigError;
use super::settings::{self, keys_of, serde_reason};

use super::activation::Activation;
use super::clip::Clip;
use super::data::inputs::Input;
use super::data::{DataKind, DataSpec, Task};
use super::digits;
use super::early_stop::EarlyStopSpec;
use super::init::Init;
use super::loss::Loss;
use super::optim::{Hyper, OptimizerKind};
use super::penalty::Penalty;
pub use super::precision::Precision;
use super::schedule::{Schedule, ScheduleSpec};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    // ---- data
    pub data: DataKind,
    /// Points in all, train and test together.
    pub samples: usize,
    pub noise: f64,
    /// The share of the points used for training; the rest is the test set.
    pub train_fraction: f64,
    /// Regression only: inputs, and how many of them carry signal.
    pub features: usize,
    pub informative: usize,
    /// Two circles only: inner radius / outer radius.
    pub factor: f64,
    /// data=file only: 0 for a regression target, else the file's classes (2 to
    /// `file::MAX_CLASSES`). `features` and `samples` are then the file's columns and rows.
    pub classes: usize,
    /// 2-D sets only: the columns fed to the network (x1, x1sq, sin-x1, ...), from
    /// "x1,x2,x1sq" or a JSON list; empty means the raw coordinates.
    #[serde(deserialize_with = "list")]
    pub inputs: Vec<Input>,
    /// The data's own seed; 0 draws the data from `seed`, as every run did before.
    pub data_seed: u64,
    // ---- model
    /// Widths of the hidden layers, e.g. [5, 5, 5]; also read from "5,5,5".
    #[serde(deserialize_with = "list")]
    pub hidden: Vec<usize>,
    /// Activation of every hidden layer...
    pub activation: Activation,
    /// ...unless this lists one per hidden layer.
    #[serde(deserialize_with = "list")]
    pub activations: Vec<Activation>,
    /// Output activation; "auto" takes the one the loss needs (linear for MSE).
    #[serde(with = "auto")]
    pub output: Option<Activation>,
    /// Initializer of the hidden layers' weights, and of the output layer's.
    pub init: Init,
    pub output_init: Init,
    pub batch_norm: bool,
    /// Dropout rate after each hidden layer.
    pub dropout: f64,
    // ---- objective
    /// "auto" takes MSE for regression, binary cross-entropy for two classes,
    /// cross-entropy for more.
    #[serde(with = "auto")]
    pub loss: Option<Loss>,
    pub l1: f64,
    pub l2: f64,
    /// λ·Σ‖W‖_F (seed 002's E3 regularizer).
    pub frobenius: f64,
    // ---- optimization
    pub optimizer: OptimizerKind,
    pub lr: f64,
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub rho: f64,
    pub adadelta_rho: f64,
    pub epsilon: f64,
    /// Examples per step; 0 means the whole training set (full batch).
    pub batch_size: usize,
    pub epochs: usize,
    pub shuffle: bool,
    pub clip: Clip,
    // ---- learning-rate schedule (see schedule.rs)
    pub schedule: Schedule,
    /// Step decay: multiply the lr by `gamma` every this many epochs.
    pub step_every: usize,
    /// The decay factor γ of step and exponential decay.
    pub gamma: f64,
    /// Cosine annealing's η_min, and the floor of plateau reductions.
    pub min_lr: f64,
    /// Plateau: evaluations without improvement before the lr is cut.
    pub plateau_patience: usize,
    /// Plateau: the lr is multiplied by this when cut.
    pub plateau_factor: f64,
    /// Plateau: the relative improvement that counts (PyTorch's threshold, mode rel).
    pub plateau_threshold: f64,
    // ---- early stopping (see early_stop.rs)
    pub early_stop: bool,
    /// Evaluations without an improvement of at least `min_delta` before stopping.
    pub patience: usize,
    pub min_delta: f64,
    /// On stopping, put back the network of the best evaluation.
    pub restore_best: bool,
    // ---- run
    pub seed: u64,
    pub precision: Precision,
    /// Evaluate train and test metrics every this many epochs (and at the last).
    pub eval_every: usize,
}

impl Default for Config {
    fn default() -> Self {
        // Optimizer constants live in one place: Keras's defaults in `Hyper`.
        let h = Hyper::default();
        Config {
            data: DataKind::TwoCircles,
            samples: 1000,
            noise: 0.1,
            train_fraction: 0.5,
            features: 20,
            informative: 10,
            factor: 0.8,
            classes: 2,
            inputs: Vec::new(),
            data_seed: 0,
            hidden: vec![5],
            activation: Activation::Tanh,
            activations: Vec::new(),
            output: None,
            init: Init::GlorotUniform,
            output_init: Init::GlorotUniform,
            batch_norm: false,
            dropout: 0.0,
            loss: None,
            l1: 0.0,
            l2: 0.0,
            frobenius: 0.0,
            optimizer: OptimizerKind::Momentum,
            lr: h.lr,
            momentum: h.momentum,
            beta1: h.beta1,
            beta2: h.beta2,
            rho: h.rho,
            adadelta_rho: h.adadelta_rho,
            epsilon: h.epsilon,
            batch_size: 32,
            epochs: 100,
            shuffle: true,
            clip: Clip::None,
            schedule: Schedule::Constant,
            step_every: 10,
            gamma: 0.5,
            min_lr: 0.0,
            plateau_patience: 10,
            plateau_factor: 0.1,
            plateau_threshold: 1e-4,
            early_stop: false,
            patience: 20,
            min_delta: 0.0,
            restore_best: true,
            seed: 1,
            precision: Precision::F32,
            eval_every: 1,
        }
    }
}

/// A config that passed validation: what the trainer takes.
pub type Checked = settings::Checked<Config>;

crate::flat_settings!(Config);

impl Config {
    /// The setting names, sorted by name.
    pub fn keys() -> Vec<String> {
        keys_of(&Config::default())
    }

    /// Reads a config from JSON; missing keys take their defaults. The error names
    /// the setting at fault: serde's own message often quotes only the bad value, so
    /// on failure each setting is read alone to find the culprit.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        serde_json::from_str(text).map_err(|whole| {
            if let Ok(serde_json::Value::Object(map)) =
                serde_json::from_str::<serde_json::Value>(text)
            {
                for (key, value) in map {
                    let one = serde_json::Value::Object(
                        [(key.clone(), value.clone())].into_iter().collect(),
                    );
                    if let Err(e) = serde_json::from_value::<Config>(one) {
                        let shown = value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_string);
                        return ConfigError::new(&key, shown, serde_reason(&e));
                    }
                }
            }
            ConfigError::new(
                "config",
                text.chars().take(40).collect::<String>(),
                serde_reason(&whole),
            )
        })
    }

    /// The config as JSON. `classes` at its default is left out unless data=file, the
    /// only data it means something for (it reads back as that default), so the
    /// configs printed before the key existed print as they did.
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).expect("a Config always serializes");
        if self.data == DataKind::File || self.classes != Config::default().classes {
            return json;
        }
        // Field order is kept (a serde_json Map would sort the keys): drop the one line.
        let line = format!("\n  \"classes\": {},", self.classes);
        json.replacen(&line, "", 1)
    }

    /// The task the data set poses.
    pub fn task(&self) -> Task {
        match self.data {
            DataKind::Regression => Task::Regression,
            DataKind::Spiral => Task::Multiclass(3),
            DataKind::Digits => Task::Multiclass(digits::CLASSES),
            DataKind::File => match self.classes {
                0 => Task::Regression,
                2 => Task::Binary,
                k => Task::Multiclass(k),
            },
            _ => Task::Binary,
        }
    }

    /// The loss, with "auto" resolved by the task.
    pub fn resolved_loss(&self) -> Loss {
        self.loss.unwrap_or(match self.task() {
            Task::Regression => Loss::Mse,
            Task::Binary => Loss::BinaryCrossEntropy,
            Task::Multiclass(_) => Loss::SoftmaxCrossEntropy,
        })
    }

    /// The output activation, with "auto" resolved by the loss.
    pub fn resolved_output(&self) -> Activation {
        self.output
            .or(self.resolved_loss().required_output())
            .unwrap_or(Activation::Identity)
    }

    /// Activation of hidden layer `l`.
    pub fn hidden_activation(&self, l: usize) -> Activation {
        self.activations.get(l).copied().unwrap_or(self.activation)
    }

    pub fn data_spec(&self) -> DataSpec {
        DataSpec {
            kind: self.data,
            samples: self.samples,
            noise: self.noise,
            features: self.features,
            informative: self.informative,
            factor: self.factor,
        }
    }

    /// The seed the data set is drawn from: `data_seed`, or the run's seed when 0.
    pub fn data_seed(&self) -> u64 {
        if self.data_seed == 0 {
            self.seed
        } else {
            self.data_seed
        }
    }

    /// Whether the data set's points are 2-D, so input features apply.
    pub fn is_planar(&self) -> bool {
        match self.data {
            DataKind::Regression | DataKind::File => self.features == 2,
            DataKind::Digits => false,
            _ => true,
        }
    }

    pub fn hyper(&self) -> Hyper {
        Hyper {
            lr: self.lr,
            momentum: self.momentum,
            beta1: self.beta1,
            beta2: self.beta2,
            rho: self.rho,
            adadelta_rho: self.adadelta_rho,
            epsilon: self.epsilon,
        }
    }

    pub fn schedule_spec(&self) -> ScheduleSpec {
        ScheduleSpec {
            kind: self.schedule,
            lr: self.lr,
            step_every: self.step_every,
            gamma: self.gamma,
            min_lr: self.min_lr,
            epochs: self.epochs,
            plateau_patience: self.plateau_patience,
            plateau_factor: self.plateau_factor,
            plateau_threshold: self.plateau_threshold,
        }
    }

    pub fn early_stop_spec(&self) -> EarlyStopSpec {
        EarlyStopSpec {
            patience: self.patience,
            min_delta: self.min_delta,
            restore_best: self.restore_best,
        }
    }

    pub fn penalty(&self) -> Penalty {
        Penalty {
            l1: self.l1,
            l2: self.l2,
            frobenius: self.frobenius,
        }
    }

    /// Checks every setting and their combinations ([`Settings::validate`] calls it).
    fn rules(&self) -> Result<(), ConfigError> {
        let c = self;
        range_usize("samples", c.samples, 4, 100_000)?;
        range_f64("noise", c.noise, 0.0, 10.0)?;
        if !(c.train_fraction > 0.0 && c.train_fraction <= 1.0) {
            return Err(ConfigError::new(
                "train_fraction",
                c.train_fraction,
                crate::t!("engine.range.oc", lo = 0, hi = 1),
            ));
        }
        if c.data == DataKind::Regression {
            range_usize("features", c.features, 1, 1000)?;
            range_usize("informative", c.informative, 0, c.features)?;
        }
        #[cfg(target_arch = "wasm32")]
        if c.precision == Precision::F64 {
            return Err(ConfigError::new(
                "precision",
                "f64",
                crate::t!("engine.check.page-f32"),
            ));
        }
        if c.data == DataKind::Digits && !digits::available() {
            return Err(ConfigError::new(
                "data",
                c.data,
                crate::t!("engine.check.digits-not-loaded", file = digits::FILE),
            ));
        }
        if c.data == DataKind::File {
            check_file_shape(c)?;
        }
        if c.data == DataKind::TwoCircles && !(c.factor > 0.0 && c.factor < 1.0) {
            return Err(ConfigError::new(
                "factor",
                c.factor,
                crate::t!("engine.range.oo", lo = 0, hi = 1),
            ));
        }
        check_inputs(c)?;
        if c.hidden.len() > 32 {
            return Err(ConfigError::new(
                "hidden",
                widths_word(&c.hidden),
                crate::t!("engine.check.hidden-layers", max = 32),
            ));
        }
        if let Some(w) = c.hidden.iter().find(|&&w| w == 0 || w > 1024) {
            return Err(ConfigError::new(
                "hidden",
                widths_word(&c.hidden),
                crate::t!("engine.check.width", lo = 1, hi = 1024, width = w),
            ));
        }
        if !c.activations.is_empty() && c.activations.len() != c.hidden.len() {
            return Err(ConfigError::new(
                "activations",
                c.activations
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                crate::t!("engine.check.activations", layers = c.hidden.len()),
            ));
        }
        for (l, a) in std::iter::once(&c.activation)
            .chain(&c.activations)
            .enumerate()
        {
            if !a.is_elementwise() {
                let field = if l == 0 { "activation" } else { "activations" };
                return Err(ConfigError::new(
                    field,
                    a,
                    crate::t!("engine.check.softmax-output"),
                ));
            }
            check_activation_param(field_name(l), *a)?;
        }
        let loss = c.resolved_loss();
        let output = c.resolved_output();
        check_activation_param("output", output)?;
        match (loss, c.task()) {
            (Loss::BinaryCrossEntropy, Task::Binary)
            | (Loss::SoftmaxCrossEntropy, Task::Multiclass(_))
            | (Loss::Mse, _) => {}
            (l, t) => {
                return Err(ConfigError::new(
                    "loss",
                    l,
                    crate::t!("engine.check.loss-task", task = task_word(t)),
                ));
            }
        }
        if let Some(req) = loss.required_output() {
            if output != req {
                return Err(ConfigError::new(
                    "output",
                    output,
                    crate::t!("engine.check.loss-output", loss = loss, output = req),
                ));
            }
        } else if output == Activation::Softmax {
            return Err(ConfigError::new(
                "output",
                output,
                crate::t!("engine.check.softmax-loss"),
            ));
        }
        for (name, v) in [("l1", c.l1), ("l2", c.l2), ("frobenius", c.frobenius)] {
            range_f64(name, v, 0.0, 100.0)?;
        }
        if !(0.0..1.0).contains(&c.dropout) {
            return Err(ConfigError::new(
                "dropout",
                c.dropout,
                crate::t!("engine.range.co", lo = 0, hi = 1),
            ));
        }
        if !(c.lr.is_finite() && c.lr > 0.0 && c.lr <= 100.0) {
            return Err(ConfigError::new(
                "lr",
                c.lr,
                crate::t!("engine.range.oc", lo = 0, hi = 100),
            ));
        }
        for (name, v) in [
            ("momentum", c.momentum),
            ("beta1", c.beta1),
            ("beta2", c.beta2),
            ("rho", c.rho),
            ("adadelta_rho", c.adadelta_rho),
        ] {
            if !(0.0..1.0).contains(&v) {
                return Err(ConfigError::new(
                    name,
                    v,
                    crate::t!("engine.range.co", lo = 0, hi = 1),
                ));
            }
        }
        if !(c.epsilon.is_finite() && c.epsilon > 0.0 && c.epsilon <= 1.0) {
            return Err(ConfigError::new(
                "epsilon",
                c.epsilon,
                crate::t!("engine.range.oc", lo = 0, hi = 1),
            ));
        }
        range_usize("batch_size", c.batch_size, 0, 100_000)?;
        range_usize("epochs", c.epochs, 0, 10_000_000)?;
        range_usize("eval_every", c.eval_every, 1, 10_000_000)?;
        if let Some(t) = c.clip.threshold() {
            if !(t.is_finite() && t > 0.0) {
                return Err(ConfigError::new(
                    "clip",
                    c.clip,
                    crate::t!("engine.check.clip-positive"),
                ));
            }
        }
        c.schedule_spec().check()?;
        if !(c.min_delta.is_finite() && c.min_delta >= 0.0) {
            return Err(ConfigError::new(
                "min_delta",
                c.min_delta,
                crate::t!("engine.check.non-negative"),
            ));
        }
        let train = c.train_rows();
        if train == 0 {
            return Err(ConfigError::new(
                "train_fraction",
                c.train_fraction,
                crate::t!("engine.check.no-training"),
            ));
        }
        Ok(())
    }

    /// Points in the training set.
    pub fn train_rows(&self) -> usize {
        let total = match self.data {
            DataKind::Spiral => self.samples / 3 * 3,
            DataKind::Digits => self.samples.min(digits::IMAGES),
            _ => self.samples,
        };
        ((total as f64) * self.train_fraction).round() as usize
    }
}

mod checks;
mod forms;
use checks::{
    check_activation_param, check_file_shape, check_inputs, field_name, range_f64, range_usize,
    task_word, widths_word,
};
pub use forms::AUTO;
use forms::{auto, list};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    #[test]
    fn default_is_valid_and_round_trips_through_json_and_pairs() {
        let c = Config::default();
        c.validate().unwrap();
        assert_eq!(Config::from_json(&c.to_json()).unwrap(), c);
        let mut d = Config::default();
        for (k, v) in c.to_pairs() {
            d.set(&k, &v).unwrap();
        }
        assert_eq!(d, c);
    }

    #[test]
    fn set_reads_words() {
        let mut c = Config::default();
        c.set("hidden", "5,5,5").unwrap();
        c.set("clip", "norm:1").unwrap();
        c.set("activation", "leaky-relu:0.1").unwrap();
        c.set("batch-norm", "on").unwrap();
        c.set("lr", "0.5").unwrap();
        assert_eq!(c.hidden, vec![5, 5, 5]);
        assert_eq!(c.clip, Clip::Norm(1.0));
        assert_eq!(c.activation, Activation::LeakyRelu(0.1));
        assert!(c.batch_norm);
        assert_eq!(c.lr, 0.5);
        c.set("hidden", "").unwrap();
        assert!(c.hidden.is_empty());
    }

    #[test]
    fn errors_name_the_field_and_value() {
        let mut c = Config::default();
        let e = c.set("lr", "fast").unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("lr", "fast"));
        let e = c.set("speed", "3").unwrap_err();
        assert!(e.to_string().starts_with("speed: unknown setting"), "{e}");
        let e = c.set("activation", "swish").unwrap_err();
        assert_eq!(e.field, "activation");
        assert!(e.reason.contains("unknown activation"), "{e}");
        let e = c.set("hidden", "5,x").unwrap_err();
        assert_eq!(e.field, "hidden");
        let e = Config::from_json(r#"{"lr": 0.1, "colour": 3}"#).unwrap_err();
        assert_eq!(e.field, "colour");
        let e = Config::from_json(r#"{"hidden": [5, -1]}"#).unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("hidden", "[5,-1]"));
        let e = Config::from_json(r#"{"lr": "x"}"#).unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("lr", "x"));
        let e = Config::from_json("{ not json").unwrap_err();
        assert_eq!(e.field, "config");
    }

    #[test]
    fn inputs_are_read_as_words_and_checked_against_the_data_set() {
        let mut c = Config::default();
        c.set("inputs", "x1, x1sq,sin-x2").unwrap();
        assert_eq!(c.inputs, vec![Input::X1, Input::X1Squared, Input::SinX2]);
        let json = Config::from_json(r#"{"inputs": ["x2sq", "x1x2"]}"#).unwrap();
        assert_eq!(json.inputs, vec![Input::X2Squared, Input::X1TimesX2]);
        c.validate().unwrap();
        let pairs = c.to_pairs();
        assert!(pairs.contains(&("inputs".into(), "x1,x1sq,sin-x2".into())));

        let e = Config::default().set("inputs", "x1,x3").unwrap_err();
        assert_eq!(e.field, "inputs");
        assert!(e.reason.starts_with("'x3': unknown input (known:"), "{e}");
        let bad = |words: &str, f: &dyn Fn(&mut Config)| {
            let mut c = Config::default();
            c.set("inputs", words).unwrap();
            f(&mut c);
            c.validate().unwrap_err().to_string()
        };
        assert_eq!(
            bad("x1,x2,x1", &|_| {}),
            "inputs: x1 is listed twice (got 'x1,x2,x1')"
        );
        assert_eq!(
            bad("x1sq", &|c| c.data = DataKind::Digits),
            "inputs: input features need 2-D points; digits is not 2-D (got 'x1sq')"
        );
        assert_eq!(
            bad("x1sq", &|c| c.data = DataKind::Regression),
            "inputs: input features need 2-D points; this regression has features=20 (got 'x1sq')"
        );
        let planar = Config {
            data: DataKind::Regression,
            features: 2,
            informative: 2,
            inputs: vec![Input::X1Squared],
            ..Config::default()
        };
        planar.validate().unwrap();
        // No inputs fit every data set.
        Config {
            data: DataKind::Digits,
            ..Config::default()
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn data_seed_zero_is_the_runs_seed() {
        let c = Config {
            seed: 5,
            ..Config::default()
        };
        assert_eq!(c.data_seed(), 5);
        assert_eq!(Config { data_seed: 9, ..c }.data_seed(), 9);
    }

    #[test]
    fn validate_rejects_bad_values_and_combinations() {
        let bad = |f: &dyn Fn(&mut Config)| {
            let mut c = Config::default();
            f(&mut c);
            c.validate().unwrap_err()
        };
        assert_eq!(bad(&|c| c.lr = 0.0).field, "lr");
        assert_eq!(bad(&|c| c.lr = f64::NAN).field, "lr");
        assert_eq!(bad(&|c| c.hidden = vec![5, 0]).field, "hidden");
        assert_eq!(bad(&|c| c.dropout = 1.0).field, "dropout");
        assert_eq!(bad(&|c| c.momentum = 1.0).field, "momentum");
        assert_eq!(
            bad(&|c| c.activation = Activation::Softmax).field,
            "activation"
        );
        assert_eq!(
            bad(&|c| c.activations = vec![Activation::Relu, Activation::Tanh]).field,
            "activations"
        );
        assert_eq!(
            bad(&|c| c.loss = Some(Loss::SoftmaxCrossEntropy)).field,
            "loss"
        );
        assert_eq!(bad(&|c| c.output = Some(Activation::Tanh)).field, "output");
        assert_eq!(bad(&|c| c.samples = 2).field, "samples");
        assert_eq!(bad(&|c| c.factor = 1.5).field, "factor");
        use crate::engine::schedule::Schedule;
        let with = |s: Schedule, f: &dyn Fn(&mut Config)| {
            bad(&|c| {
                c.schedule = s;
                f(c)
            })
        };
        assert_eq!(with(Schedule::Step, &|c| c.gamma = 0.0).field, "gamma");
        assert_eq!(
            with(Schedule::Exponential, &|c| c.gamma = 1.5).field,
            "gamma"
        );
        assert_eq!(
            with(Schedule::Step, &|c| c.step_every = 0).field,
            "step_every"
        );
        assert_eq!(with(Schedule::Cosine, &|c| c.min_lr = c.lr).field, "min_lr");
        assert_eq!(
            with(Schedule::Plateau, &|c| c.min_lr = -1.0).field,
            "min_lr"
        );
        let e = with(Schedule::Plateau, &|c| c.plateau_factor = 1.0);
        assert_eq!(e.field, "plateau_factor");
        assert!(e.reason.contains("(0, 1)"), "{e}");
        assert_eq!(
            with(Schedule::Plateau, &|c| c.plateau_threshold = -0.1).field,
            "plateau_threshold"
        );
        assert_eq!(bad(&|c| c.min_delta = -0.1).field, "min_delta");
        // A schedule's keys are checked only when it is chosen.
        Config {
            gamma: 0.0,
            plateau_factor: 5.0,
            ..Config::default()
        }
        .validate()
        .unwrap();
        // MSE on a classification set is allowed (with a sigmoid output, say).
        let mut c = Config {
            loss: Some(Loss::Mse),
            output: Some(Activation::Sigmoid),
            ..Config::default()
        };
        c.validate().unwrap();
        c.data = DataKind::Regression;
        c.validate().unwrap();
    }

    #[test]
    fn data_file_reads_its_task_from_classes_and_checks_its_shape() {
        let file = |classes: usize| Config {
            data: DataKind::File,
            classes,
            features: 3,
            samples: 200,
            ..Config::default()
        };
        assert_eq!(file(0).task(), Task::Regression);
        assert_eq!(file(2).task(), Task::Binary);
        assert_eq!(file(5).task(), Task::Multiclass(5));
        assert_eq!(file(0).resolved_loss(), Loss::Mse);
        assert_eq!(file(5).resolved_loss(), Loss::SoftmaxCrossEntropy);
        assert_eq!(file(2).train_rows(), 100);
        file(0).validate().unwrap();
        file(10).validate().unwrap();
        for bad in [1, 11] {
            assert_eq!(file(bad).validate().unwrap_err().field, "classes");
        }
        let e = Config {
            features: 65,
            ..file(2)
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "features");
        let e = Config {
            samples: 10_001,
            ..file(2)
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "samples");
        // classes means nothing for generated data, and is not checked there.
        Config {
            classes: 1,
            ..Config::default()
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn classes_is_written_only_where_it_means_something() {
        assert!(!Config::default().to_json().contains("classes"));
        let file = Config {
            data: DataKind::File,
            classes: 3,
            ..Config::default()
        };
        assert!(file.to_json().contains("\"classes\": 3"));
        for c in [
            Config::default(),
            file,
            Config {
                classes: 4,
                ..Config::default()
            },
        ] {
            assert_eq!(Config::from_json(&c.to_json()).unwrap(), c);
        }
    }
}
