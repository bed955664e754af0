//! The network's control table: every setting of a network run the page offers, how
//! it is shown, and how a control's value maps to a config key (through the same
//! `Settings::set` as the URL and the command line).

use crate::engine::clip::Clip;
use crate::engine::config::Config;
use crate::engine::settings::Settings;
use crate::scenes::controls::{
    clip_setting, clip_value, log_range, range, Control, Group, Kind, CLIP_MODES, OPTIMIZERS,
};

/// The network's fieldsets, in the settings column's order.
pub const GROUPS: &[Group] = &[
    Group {
        name: "Data",
        legend: "Data",
        id: None,
    },
    Group {
        name: "Network",
        legend: "Network",
        id: None,
    },
    Group {
        name: "Training",
        legend: "Training",
        id: None,
    },
    Group {
        name: "Regularization",
        legend: "Regularization",
        id: None,
    },
];

/// Every setting of a network run the page offers. Two are composites: layers × width
/// make `hidden`, and clip mode + threshold make `clip`.
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

/// The control's value for `config`, in the form the control shows.
pub fn value_of(id: &str, config: &Config, threshold: f64) -> String {
    match id {
        "layers" => config.hidden.len().to_string(),
        "width" => config.hidden.first().copied().unwrap_or(1).to_string(),
        "clip-mode" | "clip-threshold" => clip_value(id, config.clip, threshold),
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
        "clip-mode" | "clip-threshold" => clip_setting(id, value, config.clip, threshold),
        _ => (id.into(), value.into()),
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
    use crate::scenes::controls::test_support::round_trips;
    use crate::scenes::controls::DEFAULT_THRESHOLD;
    use crate::scenes::network::presets;

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
}
