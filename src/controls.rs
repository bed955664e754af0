//! The control table: every setting the page offers, how it is shown, and how a
//! control's value maps to a config key (through [`Config::set`], like the URL
//! and the command line). Two page controls are composites: layers × width make
//! `hidden`, and clip mode + threshold make `clip`.

use crate::config::Config;
use crate::engine::clip::Clip;
use crate::engine::recurrent::{CellKind, RecurrentInit, RnnConfig};

pub enum Kind {
    /// (value, label) pairs; the current value is added if it is not among them.
    Select(&'static [(&'static str, &'static str)]),
    /// A slider. With `log`, the slider moves over log10 of the value.
    Range {
        min: f64,
        max: f64,
        step: f64,
        log: bool,
    },
    Check,
    Number {
        min: f64,
        max: f64,
        step: f64,
    },
}

pub struct Control {
    /// The control's id: a config key, a page key, or a composite
    /// (`layers`, `width`, `clip-mode`, `clip-threshold`).
    pub id: &'static str,
    pub label: &'static str,
    pub group: &'static str,
    pub kind: Kind,
    /// Shown as the control's tooltip.
    pub help: &'static str,
}

const fn range(min: f64, max: f64, step: f64) -> Kind {
    Kind::Range {
        min,
        max,
        step,
        log: false,
    }
}

const fn log_range(min: f64, max: f64) -> Kind {
    Kind::Range {
        min,
        max,
        step: 0.0,
        log: true,
    }
}

const OPTIMIZERS: &[(&str, &str)] = &[
    ("sgd", "SGD"),
    ("momentum", "momentum"),
    ("nesterov", "Nesterov"),
    ("adagrad", "AdaGrad"),
    ("rmsprop", "RMSProp"),
    ("adam", "Adam"),
];

const CLIP_MODES: &[(&str, &str)] = &[
    ("none", "none"),
    ("global", "by global norm"),
    ("norm", "per-tensor norm (clipnorm)"),
    ("value", "by value (clipvalue)"),
];

pub const GROUPS: [&str; 4] = ["Data", "Network", "Training", "Regularization"];

pub const CONTROLS: &[Control] = &[
    Control {
        id: "data",
        label: "data set",
        group: "Data",
        kind: Kind::Select(&[
            ("two-circles", "two circles (E2)"),
            ("spiral", "3-class spiral (E3)"),
            ("regression", "regression (E1)"),
            ("playground-circle", "Playground: circle"),
            ("playground-xor", "Playground: XOR"),
            ("playground-gauss", "Playground: gaussians"),
            ("playground-spiral", "Playground: spiral"),
            ("digits", "8×8 digits (E4)"),
        ]),
        help: "The points the network learns from.",
    },
    Control {
        id: "noise",
        label: "noise",
        group: "Data",
        kind: range(0.0, 0.5, 0.01),
        help: "How noisy the data set is (its meaning depends on the set).",
    },
    Control {
        id: "samples",
        label: "points",
        group: "Data",
        kind: range(100.0, 2000.0, 100.0),
        help: "Points in the data set; half train, half test.",
    },
    Control {
        id: "seed",
        label: "seed",
        group: "Data",
        kind: Kind::Number {
            min: 0.0,
            max: 1e9,
            step: 1.0,
        },
        help: "The same seed and settings give the same run.",
    },
    Control {
        id: "layers",
        label: "hidden layers",
        group: "Network",
        kind: range(1.0, 10.0, 1.0),
        help: "Depth: the deeper, the more factors multiply on the way back.",
    },
    Control {
        id: "width",
        label: "width",
        group: "Network",
        kind: range(1.0, 64.0, 1.0),
        help: "Units in each hidden layer.",
    },
    Control {
        id: "activation",
        label: "activation",
        group: "Network",
        kind: Kind::Select(&[
            ("sigmoid", "sigmoid"),
            ("tanh", "tanh"),
            ("relu", "ReLU"),
            ("leaky-relu:0.2", "Leaky ReLU (α 0.2)"),
            ("elu:1", "ELU (α 1)"),
            ("linear", "linear"),
        ]),
        help: "The hidden layers' nonlinearity; its derivative is a factor of every gradient.",
    },
    Control {
        id: "init",
        label: "initializer",
        group: "Network",
        kind: Kind::Select(&[
            ("glorot-uniform", "Glorot uniform"),
            ("he-uniform", "He uniform"),
            ("he-normal", "He normal"),
            ("fan-in-uniform", "fan-in uniform (PyTorch)"),
            ("uniform:0:1", "uniform U(0, 1)"),
            ("uniform:-1:1", "uniform U(−1, 1)"),
            ("normal:0.01", "normal σ 0.01"),
            ("normal:1", "normal σ 1"),
            ("zeros", "zeros"),
        ]),
        help: "How the hidden weights start.",
    },
    Control {
        id: "batch_norm",
        label: "batch normalization",
        group: "Network",
        kind: Kind::Check,
        help: "Normalize each hidden layer's pre-activations over the batch.",
    },
    Control {
        id: "loss",
        label: "loss",
        group: "Training",
        kind: Kind::Select(&[
            ("auto", "auto (by data set)"),
            ("mse", "mean squared error"),
            ("binary-cross-entropy", "binary cross-entropy"),
            ("cross-entropy", "softmax cross-entropy"),
        ]),
        help: "What training minimizes.",
    },
    Control {
        id: "optimizer",
        label: "optimizer",
        group: "Training",
        kind: Kind::Select(OPTIMIZERS),
        help: "The update rule (Keras's forms and defaults).",
    },
    Control {
        id: "lr",
        label: "learning rate",
        group: "Training",
        kind: log_range(1e-5, 10.0),
        help: "Step size; too large and training diverges.",
    },
    Control {
        id: "momentum",
        label: "momentum μ",
        group: "Training",
        kind: range(0.0, 0.99, 0.01),
        help: "v ← μv − lr·g (momentum and Nesterov).",
    },
    Control {
        id: "beta1",
        label: "Adam β₁",
        group: "Training",
        kind: range(0.0, 0.999, 0.001),
        help: "Decay of Adam's first moment.",
    },
    Control {
        id: "beta2",
        label: "Adam β₂",
        group: "Training",
        kind: range(0.0, 0.9999, 0.0001),
        help: "Decay of Adam's second moment.",
    },
    Control {
        id: "rho",
        label: "RMSProp ρ",
        group: "Training",
        kind: range(0.0, 0.99, 0.01),
        help: "Decay of RMSProp's squared-gradient average.",
    },
    Control {
        id: "batch_size",
        label: "batch size",
        group: "Training",
        kind: Kind::Select(&[
            ("1", "1"),
            ("10", "10"),
            ("32", "32"),
            ("64", "64"),
            ("128", "128"),
            ("0", "full batch"),
        ]),
        help: "Examples per step.",
    },
    Control {
        id: "epochs",
        label: "epochs",
        group: "Training",
        kind: Kind::Number {
            min: 1.0,
            max: 100000.0,
            step: 1.0,
        },
        help: "Training stops after this many passes over the data.",
    },
    Control {
        id: "clip-mode",
        label: "gradient clipping",
        group: "Training",
        kind: Kind::Select(CLIP_MODES),
        help: "Rescale (or cut) large gradients before the update.",
    },
    Control {
        id: "clip-threshold",
        label: "clip threshold",
        group: "Training",
        kind: log_range(0.01, 100.0),
        help: "The norm (or value) gradients are clipped to.",
    },
    Control {
        id: "precision",
        label: "precision",
        group: "Training",
        kind: Kind::Select(&[("f32", "float32 (as Keras)"), ("f64", "float64")]),
        help: "Arithmetic of training; E1's overflow is a float32 story.",
    },
    Control {
        id: "l1",
        label: "L1 λ",
        group: "Regularization",
        kind: Kind::Number {
            min: 0.0,
            max: 1.0,
            step: 0.0001,
        },
        help: "λΣ|w| added to the loss.",
    },
    Control {
        id: "l2",
        label: "L2 λ",
        group: "Regularization",
        kind: Kind::Number {
            min: 0.0,
            max: 1.0,
            step: 0.0001,
        },
        help: "λΣw² added to the loss.",
    },
    Control {
        id: "dropout",
        label: "dropout",
        group: "Regularization",
        kind: range(0.0, 0.9, 0.05),
        help: "Fraction of hidden units dropped in each training step.",
    },
];

/// The cliff's controls (E7). Their ids are the cliff's setting names with a
/// `cliff-` prefix, so they never collide with the network's.
pub const CLIFF_CONTROLS: &[Control] = &[
    Control {
        id: "cliff-t",
        label: "sequence length T",
        group: "Cliff",
        kind: range(2.0, 60.0, 1.0),
        help: "Steps the unit runs; the longer, the sharper the wall.",
    },
    Control {
        id: "cliff-lr",
        label: "learning rate",
        group: "Cliff",
        kind: log_range(0.01, 10.0),
        help: "Step size of both descents.",
    },
    Control {
        id: "cliff-threshold",
        label: "clip threshold",
        group: "Cliff",
        kind: log_range(0.01, 10.0),
        help: "The clipped run rescales any gradient whose norm is above this.",
    },
    Control {
        id: "cliff-steps",
        label: "steps",
        group: "Cliff",
        kind: range(10.0, 1000.0, 10.0),
        help: "How many descent steps each run takes.",
    },
    Control {
        id: "cliff-momentum",
        label: "momentum μ",
        group: "Cliff",
        kind: range(0.0, 0.95, 0.05),
        help: "v ← μv − lr·g for both runs (0: plain gradient descent).",
    },
    Control {
        id: "cliff-w",
        label: "start w",
        group: "Cliff",
        kind: Kind::Number {
            min: -1000.0,
            max: 1000.0,
            step: 0.1,
        },
        help: "Where both descents start (or click on the surface).",
    },
    Control {
        id: "cliff-b",
        label: "start b",
        group: "Cliff",
        kind: Kind::Number {
            min: -1000.0,
            max: 1000.0,
            step: 0.1,
        },
        help: "Where both descents start (or click on the surface).",
    },
];

/// The recurrent net's controls (E6), ids prefixed `rnn-`. Two composites, as for
/// the network: init kind + scale make `recurrent_init`, clip mode + threshold `clip`.
pub const RNN_CONTROLS: &[Control] = &[
    Control {
        id: "rnn-cell",
        label: "cell",
        group: "Through time",
        kind: Kind::Select(&[
            ("rnn", "vanilla tanh RNN"),
            ("lstm", "LSTM"),
            ("gru", "GRU"),
        ]),
        help: "The recurrent unit: gated cells (LSTM, GRU) pass the gradient back through time.",
    },
    Control {
        id: "rnn-task",
        label: "task",
        group: "Through time",
        kind: Kind::Select(&[
            ("adding", "adding problem"),
            ("first-symbol:4", "remember the first of 4 symbols"),
        ]),
        help: "A sequence task whose answer depends on the distant past.",
    },
    Control {
        id: "rnn-t",
        label: "sequence length T",
        group: "Through time",
        kind: range(2.0, 200.0, 1.0),
        help: "Time steps backpropagation goes through: the longer, the more it vanishes or explodes.",
    },
    Control {
        id: "rnn-hidden",
        label: "hidden units H",
        group: "Through time",
        kind: range(1.0, 64.0, 1.0),
        help: "Size of the hidden state h_t.",
    },
    Control {
        id: "rnn-init-kind",
        label: "recurrent init",
        group: "Through time",
        kind: Kind::Select(&[
            ("orthogonal", "orthogonal × scale"),
            ("normal", "normal, σ = scale"),
            ("identity", "identity × scale"),
        ]),
        help: "How U starts: orthogonal × s has spectral radius exactly s.",
    },
    Control {
        id: "rnn-init-scale",
        label: "init scale",
        group: "Through time",
        kind: log_range(0.01, 10.0),
        help: "The scale (or σ) of the recurrent matrix: above 1 gradients explode, below they vanish.",
    },
    Control {
        id: "rnn-forget_bias",
        label: "LSTM forget bias",
        group: "Through time",
        kind: range(-2.0, 6.0, 0.5),
        help: "σ(bias) is how much of the cell state the LSTM keeps per step at first.",
    },
    Control {
        id: "rnn-optimizer",
        label: "optimizer",
        group: "Through time",
        kind: Kind::Select(OPTIMIZERS),
        help: "The update rule; SGD shows the gradient's size in the step's size.",
    },
    Control {
        id: "rnn-lr",
        label: "learning rate",
        group: "Through time",
        kind: log_range(1e-4, 10.0),
        help: "Step size.",
    },
    Control {
        id: "rnn-clip-mode",
        label: "gradient clipping",
        group: "Through time",
        kind: Kind::Select(CLIP_MODES),
        help: "Rescale (or cut) large gradients before the update.",
    },
    Control {
        id: "rnn-clip-threshold",
        label: "clip threshold",
        group: "Through time",
        kind: log_range(0.01, 100.0),
        help: "The norm (or value) gradients are clipped to.",
    },
    Control {
        id: "rnn-batch_size",
        label: "batch size",
        group: "Through time",
        kind: range(1.0, 128.0, 1.0),
        help: "Sequences per step, fresh each step.",
    },
    Control {
        id: "rnn-steps",
        label: "training steps",
        group: "Through time",
        kind: Kind::Number {
            min: 1.0,
            max: 100000.0,
            step: 1.0,
        },
        help: "Training stops after this many steps.",
    },
    Control {
        id: "rnn-seed",
        label: "seed",
        group: "Through time",
        kind: Kind::Number {
            min: 0.0,
            max: 1e9,
            step: 1.0,
        },
        help: "The same seed gives the same run.",
    },
];

/// A recurrent control's value in `config`, in the form the control shows.
pub fn rnn_value_of(id: &str, config: &RnnConfig, threshold: f64) -> String {
    match id {
        "rnn-init-kind" => init_parts(config.recurrent_init).0.to_string(),
        "rnn-init-scale" => short(init_parts(config.recurrent_init).1),
        "rnn-clip-mode" => clip_parts(config.clip).0.to_string(),
        "rnn-clip-threshold" => short(clip_parts(config.clip).1.unwrap_or(threshold)),
        _ => {
            let key = rnn_key(id);
            config
                .to_pairs()
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_default()
        }
    }
}

/// The recurrent setting a control change means.
pub fn rnn_to_setting(
    id: &str,
    value: &str,
    config: &RnnConfig,
    threshold: f64,
) -> (String, String) {
    let (kind, scale) = init_parts(config.recurrent_init);
    match id {
        "rnn-init-kind" => ("recurrent_init".into(), format!("{value}:{}", short(scale))),
        "rnn-init-scale" => ("recurrent_init".into(), format!("{kind}:{value}")),
        "rnn-clip-mode" | "rnn-clip-threshold" => {
            let network = Config {
                clip: config.clip,
                ..Config::default()
            };
            to_setting(&id["rnn-".len()..], value, &network, threshold)
        }
        _ => (rnn_key(id).to_string(), value.to_string()),
    }
}

/// The setting a plain recurrent control names.
pub fn rnn_key(id: &str) -> &str {
    id.strip_prefix("rnn-").unwrap_or(id)
}

/// Which recurrent controls apply, so the others can be hidden.
pub fn rnn_applies(id: &str, config: &RnnConfig) -> bool {
    match id {
        "rnn-forget_bias" => config.cell == CellKind::Lstm,
        "rnn-clip-threshold" => config.clip != Clip::None,
        _ => true,
    }
}

fn init_parts(i: RecurrentInit) -> (&'static str, f64) {
    match i {
        RecurrentInit::Orthogonal { scale } => ("orthogonal", scale),
        RecurrentInit::Normal { std } => ("normal", std),
        RecurrentInit::Identity { scale } => ("identity", scale),
    }
}

/// The cliff setting a cliff control changes.
pub fn cliff_key(id: &str) -> &str {
    id.strip_prefix("cliff-").unwrap_or(id)
}

/// A cliff control's value in `config`.
pub fn cliff_value_of(id: &str, config: &crate::landscape::config::CliffConfig) -> String {
    let key = cliff_key(id);
    config
        .to_pairs()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// The clip threshold shown while clipping is off (kept so turning it on again
/// restores the last one).
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// The control's value for `config`, in the form the control shows.
pub fn value_of(id: &str, config: &Config, threshold: f64) -> String {
    match id {
        "layers" => config.hidden.len().to_string(),
        "width" => config.hidden.first().copied().unwrap_or(1).to_string(),
        "clip-mode" => clip_parts(config.clip).0.to_string(),
        "clip-threshold" => short(clip_parts(config.clip).1.unwrap_or(threshold)),
        _ => config
            .to_pairs()
            .into_iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v)
            .unwrap_or_default(),
    }
}

/// The config key and value a control change means.
pub fn to_setting(id: &str, value: &str, config: &Config, threshold: f64) -> (String, String) {
    let repeat = |n: usize, w: usize| vec![w.to_string(); n].join(",");
    let layers = config.hidden.len().max(1);
    let width = config.hidden.first().copied().unwrap_or(5);
    match id {
        "layers" => match value.parse::<usize>() {
            Ok(n) => ("hidden".into(), repeat(n, width)),
            Err(_) => ("hidden".into(), value.into()),
        },
        "width" => match value.parse::<usize>() {
            Ok(w) => ("hidden".into(), repeat(layers, w)),
            Err(_) => ("hidden".into(), value.into()),
        },
        "clip-mode" => match value {
            "none" => ("clip".into(), "none".into()),
            mode => (
                "clip".into(),
                format!(
                    "{mode}:{}",
                    short(clip_parts(config.clip).1.unwrap_or(threshold))
                ),
            ),
        },
        "clip-threshold" => {
            let mode = match clip_parts(config.clip).0 {
                "none" => "global",
                m => m,
            };
            ("clip".into(), format!("{mode}:{value}"))
        }
        _ => (id.into(), value.into()),
    }
}

fn clip_parts(c: Clip) -> (&'static str, Option<f64>) {
    match c {
        Clip::None => ("none", None),
        Clip::GlobalNorm(t) => ("global", Some(t)),
        Clip::Norm(t) => ("norm", Some(t)),
        Clip::Value(t) => ("value", Some(t)),
    }
}

/// A slider value in few digits: 0.0123 rather than 0.012345678.
pub fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Which optimizer hyper-parameters apply, so the others can be hidden.
pub fn applies(id: &str, config: &Config) -> bool {
    use crate::engine::optim::OptimizerKind as O;
    match id {
        "momentum" => matches!(config.optimizer, O::Momentum | O::Nesterov),
        "beta1" | "beta2" => config.optimizer == O::Adam,
        "rho" => config.optimizer == O::Rmsprop,
        "clip-threshold" => config.clip != Clip::None,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    /// Every control of `table` shows a value for `config` that, written back, leaves
    /// the config as it was (the clip threshold is only written while clipping is on).
    fn round_trips<C: Clone + PartialEq + std::fmt::Debug>(
        name: &str,
        config: &C,
        table: &[Control],
        read: impl Fn(&str, &C) -> String,
        write: impl Fn(&str, &str, &C) -> (String, String),
        set: impl Fn(&mut C, &str, &str) -> Result<(), crate::config::ConfigError>,
        clipping: bool,
    ) {
        for c in table {
            let v = read(c.id, config);
            assert!(!v.is_empty(), "{} of {name}", c.id);
            let (key, value) = write(c.id, &v, config);
            let mut back = config.clone();
            set(&mut back, &key, &value).unwrap_or_else(|e| panic!("{}: {e}", c.id));
            if !c.id.ends_with("clip-threshold") || clipping {
                assert_eq!(&back, config, "{} of {name} = {v}", c.id);
            }
        }
    }

    #[test]
    fn every_control_reads_a_value_and_writes_a_setting_config_accepts() {
        for p in presets::all() {
            round_trips(
                p.name,
                &p.config,
                CONTROLS,
                |id, c| value_of(id, c, DEFAULT_THRESHOLD),
                |id, v, c| to_setting(id, v, c, DEFAULT_THRESHOLD),
                Config::set,
                p.config.clip != Clip::None,
            );
        }
    }

    #[test]
    fn composites_build_hidden_and_clip() {
        let c = presets::find("e2-deep-tanh").unwrap().config;
        assert_eq!(
            to_setting("layers", "3", &c, 1.0),
            ("hidden".into(), "5,5,5".into())
        );
        assert_eq!(
            to_setting("width", "8", &c, 1.0),
            ("hidden".into(), "8,8,8,8,8".into())
        );
        assert_eq!(
            to_setting("clip-mode", "norm", &c, 2.5),
            ("clip".into(), "norm:2.5".into())
        );
        assert_eq!(
            to_setting("clip-threshold", "3", &c, 1.0),
            ("clip".into(), "global:3".into())
        );
        assert!(!applies("clip-threshold", &c));
        assert!(applies("momentum", &c) && !applies("beta1", &c));
    }

    #[test]
    fn every_cliff_control_names_a_cliff_setting() {
        use crate::landscape::config::CliffConfig;
        round_trips(
            "e7-cliff",
            &CliffConfig::default(),
            CLIFF_CONTROLS,
            cliff_value_of,
            |id, v, _| (cliff_key(id).to_string(), v.to_string()),
            CliffConfig::set,
            true,
        );
    }

    #[test]
    fn every_recurrent_control_reads_and_writes_its_setting() {
        for p in crate::engine::recurrent::presets::all() {
            round_trips(
                p.name,
                &p.config,
                RNN_CONTROLS,
                |id, c| rnn_value_of(id, c, DEFAULT_THRESHOLD),
                |id, v, c| rnn_to_setting(id, v, c, DEFAULT_THRESHOLD),
                RnnConfig::set,
                p.config.clip != Clip::None,
            );
        }
        let c = crate::engine::recurrent::presets::find("e6-exploding")
            .unwrap()
            .config;
        assert_eq!(
            rnn_to_setting("rnn-init-scale", "0.5", &c, 1.0),
            ("recurrent_init".into(), "orthogonal:0.5".into())
        );
        assert_eq!(
            rnn_to_setting("rnn-init-kind", "normal", &c, 1.0),
            ("recurrent_init".into(), "normal:3".into())
        );
        assert_eq!(
            rnn_to_setting("rnn-clip-mode", "global", &c, 2.0),
            ("clip".into(), "global:2".into())
        );
        assert!(!rnn_applies("rnn-forget_bias", &c) && !rnn_applies("rnn-clip-threshold", &c));
    }

    #[test]
    fn short_keeps_four_significant_digits() {
        assert_eq!(short(0.012345678), "0.01235");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(1e-5), "0.00001");
        assert_eq!(short(1234.6), "1235");
    }
}
