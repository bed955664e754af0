//! The network's control table: every setting of a network run the page offers, how
//! it is shown, and how a control's value maps to a config key (through the same
//! `Settings::set` as the URL and the command line).

use crate::engine::activation::Activation;
use crate::engine::clip::Clip;
use crate::engine::config::{Config, Precision, AUTO};
use crate::engine::data::inputs::{chosen, Input};
use crate::engine::data::DataKind;
use crate::engine::init::Init;
use crate::engine::loss::Loss;
use crate::engine::optim::OptimizerKind;
use crate::engine::schedule::Schedule;
use crate::engine::settings::Settings;
use crate::engine::words::Vocabulary;
use crate::scenes::controls::{clip_setting, clip_value, log_range, range, Control, Group, Kind};

/// The network's fieldsets, in the settings column's order.
pub const GROUPS: &[Group] = &[
    Group {
        name: "Data",
        legend: "Data",
        // The page adds the controls for your own data to this fieldset.
        id: Some("network-data"),
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
    Group {
        name: "Schedule",
        legend: "Schedule and early stopping",
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
        kind: Kind::Select(DataKind::options),
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
        id: "inputs",
        label: "input features",
        group: "Data",
        kind: Kind::Toggles(Input::options),
        help: "The columns the network is fed, computed from each point (x₁, x₂); none checked means x₁, x₂.",
    },
    Control {
        id: "regenerate",
        label: "regenerate",
        group: "Data",
        kind: Kind::Button,
        help: "Draw the data set anew from the next data seed; the network starts as before.",
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
        kind: range(0.0, 10.0, 1.0),
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
        kind: Kind::Select(Activation::options),
        help: "The hidden layers' nonlinearity; its derivative is a factor of every gradient.",
    },
    Control {
        id: "init",
        label: "initializer",
        group: "Network",
        kind: Kind::Select(Init::options),
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
        kind: Kind::Select(loss_options),
        help: "What training minimizes.",
    },
    Control {
        id: "optimizer",
        label: "optimizer",
        group: "Training",
        kind: Kind::Select(OptimizerKind::options),
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
        id: "adadelta_rho",
        label: "Adadelta ρ",
        group: "Training",
        kind: range(0.0, 0.99, 0.01),
        help: "Decay of Adadelta's two averages (Keras: 0.95).",
    },
    Control {
        id: "batch_size",
        label: "batch size",
        group: "Training",
        kind: Kind::Select(batch_size_options),
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
        kind: Kind::Select(Clip::options),
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
        kind: Kind::Select(Precision::options),
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
    Control {
        id: "schedule",
        label: "learning-rate schedule",
        group: "Schedule",
        kind: Kind::Select(Schedule::options),
        help: "How the learning rate changes from epoch to epoch (PyTorch's schedulers).",
    },
    Control {
        id: "step_every",
        label: "decay every (epochs)",
        group: "Schedule",
        kind: Kind::Number {
            min: 1.0,
            max: 100000.0,
            step: 1.0,
        },
        help: "Step decay: lr ← γ·lr every this many epochs.",
    },
    Control {
        id: "gamma",
        label: "decay factor γ",
        group: "Schedule",
        kind: range(0.05, 1.0, 0.05),
        help: "Step decay: lr₀·γ^⌊e/N⌋; exponential: lr₀·γ^e.",
    },
    Control {
        id: "plateau_patience",
        label: "plateau patience",
        group: "Schedule",
        kind: Kind::Number {
            min: 0.0,
            max: 1000.0,
            step: 1.0,
        },
        help: "Evaluations without improvement before the lr is cut.",
    },
    Control {
        id: "plateau_factor",
        label: "plateau factor",
        group: "Schedule",
        kind: range(0.05, 0.95, 0.05),
        help: "The lr is multiplied by this when the loss stalls.",
    },
    Control {
        id: "min_lr",
        label: "minimum lr",
        group: "Schedule",
        kind: Kind::Number {
            min: 0.0,
            max: 1.0,
            step: 0.0001,
        },
        help: "Cosine annealing ends here; plateau cuts never go below it.",
    },
    Control {
        id: "early_stop",
        label: "early stopping",
        group: "Schedule",
        kind: Kind::Check,
        help: "Stop when the test loss has stopped improving (Keras's EarlyStopping).",
    },
    Control {
        id: "patience",
        label: "patience",
        group: "Schedule",
        kind: Kind::Number {
            min: 0.0,
            max: 10000.0,
            step: 1.0,
        },
        help: "Evaluations without improvement before training stops.",
    },
    Control {
        id: "min_delta",
        label: "min improvement",
        group: "Schedule",
        kind: Kind::Number {
            min: 0.0,
            max: 10.0,
            step: 0.0001,
        },
        help: "A test loss must fall by more than this to count as better.",
    },
    Control {
        id: "restore_best",
        label: "restore best weights",
        group: "Schedule",
        kind: Kind::Check,
        help: "On stopping, go back to the network of the best epoch.",
    },
];

/// The loss menu: "auto" (the loss the data set needs), then every loss. The labels
/// built here are the current language's (`control.loss.option.auto`).
fn loss_options() -> Vec<(String, String)> {
    let label = text_of("loss", AUTO, "auto (by data set)");
    let auto = (AUTO.to_string(), label.to_string());
    std::iter::once(auto).chain(Loss::options()).collect()
}

/// The batch sizes a menu offers; 0 is the whole training set.
const BATCH_SIZES: [usize; 6] = [1, 10, 32, 64, 128, 0];

fn batch_size_options() -> Vec<(String, String)> {
    BATCH_SIZES
        .iter()
        .map(|&n| {
            let label = if n == 0 {
                text_of("batch_size", "0", "full batch").to_string()
            } else {
                n.to_string()
            };
            (n.to_string(), label)
        })
        .collect()
}

/// A menu label built here, in the current language: the key
/// `control.{id}.option.{value}` that [`crate::scenes::texts`] lists.
fn text_of(id: &str, value: &str, english: &'static str) -> &'static str {
    crate::lang::text(&crate::scenes::keys::option(id, value), english)
}

/// The control's value for `config`, in the form the control shows.
pub fn value_of(id: &str, config: &Config, threshold: f64) -> String {
    shown(id, config, &config.to_pairs(), threshold)
}

/// Every control's value for `config`, the config written out once for all of them.
pub fn values_of(config: &Config, threshold: f64) -> Vec<(&'static str, String)> {
    let pairs = config.to_pairs();
    CONTROLS
        .iter()
        .map(|c| (c.id, shown(c.id, config, &pairs, threshold)))
        .collect()
}

/// A control's value, given the config's settings in their written form.
fn shown(id: &str, config: &Config, pairs: &[(String, String)], threshold: f64) -> String {
    match id {
        "layers" => config.hidden.len().to_string(),
        "width" => config.hidden.first().copied().unwrap_or(1).to_string(),
        "clip-mode" | "clip-threshold" => clip_value(id, config.clip, threshold),
        "inputs" => words(&chosen(&config.inputs)),
        _ => pairs
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    }
}

/// The config key and value a control change means.
pub fn to_setting(id: &str, value: &str, config: &Config, threshold: f64) -> (String, String) {
    let repeat = |n: usize, w: usize| vec![w.to_string(); n].join(",");
    // With no hidden layer (a Playground-style linear model) there is no width to set.
    let layers = config.hidden.len();
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
        // The raw columns alone are written as no features, so links stay as they were.
        "inputs" => match value
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<Input>, _>>()
        {
            Ok(list) if list == chosen(&[]) => ("inputs".into(), String::new()),
            _ => ("inputs".into(), value.into()),
        },
        "regenerate" => (
            "data_seed".into(),
            config.data_seed().wrapping_add(1).max(1).to_string(),
        ),
        _ => (id.into(), value.into()),
    }
}

fn words(inputs: &[Input]) -> String {
    inputs
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Which optimizer, schedule and early-stopping settings apply, so the others can
/// be hidden.
pub fn applies(id: &str, config: &Config) -> bool {
    use crate::engine::optim::OptimizerKind as O;
    use Schedule as S;
    match id {
        "step_every" => config.schedule == S::Step,
        "gamma" => matches!(config.schedule, S::Step | S::Exponential),
        "plateau_patience" | "plateau_factor" => config.schedule == S::Plateau,
        "min_lr" => matches!(config.schedule, S::Cosine | S::Plateau),
        "patience" | "min_delta" | "restore_best" => config.early_stop,
        "momentum" => matches!(config.optimizer, O::Momentum | O::Nesterov),
        "beta1" | "beta2" => config.optimizer == O::Adam,
        "rho" => config.optimizer == O::Rmsprop,
        "adadelta_rho" => config.optimizer == O::Adadelta,
        "clip-threshold" => config.clip != Clip::None,
        // A file fixes its rows, and has no noise to set.
        "noise" | "samples" => config.data != DataKind::File,
        "inputs" => config.is_planar(),
        "width" => !config.hidden.is_empty(),
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

    #[test]
    fn feature_toggles_write_inputs_and_show_only_for_2d_data() {
        let c = Config::default();
        assert_eq!(value_of("inputs", &c, 1.0), "x1,x2");
        assert_eq!(
            to_setting("inputs", "x1,x2,x1sq", &c, 1.0),
            ("inputs".into(), "x1,x2,x1sq".into())
        );
        // The raw columns (or none at all) are the default: no key in the link.
        assert_eq!(
            to_setting("inputs", "x1,x2", &c, 1.0),
            ("inputs".into(), String::new())
        );
        assert_eq!(to_setting("inputs", "", &c, 1.0).1, "");
        let mut with = c.clone();
        with.set("inputs", "x2sq,sin-x1").unwrap();
        assert_eq!(value_of("inputs", &with, 1.0), "x2sq,sin-x1");
        assert!(applies("inputs", &c));
        let digits = presets::find("e4-digits-sigmoid").unwrap().config;
        assert!(!applies("inputs", &digits));
        assert!(!applies(
            "inputs",
            &presets::find("e1-no-clip").unwrap().config
        ));
    }

    #[test]
    fn regenerate_moves_the_data_seed_on() {
        let c = Config {
            seed: 4,
            ..Config::default()
        };
        assert_eq!(
            to_setting("regenerate", "", &c, 1.0),
            ("data_seed".into(), "5".into())
        );
        let next = Config { data_seed: 5, ..c };
        assert_eq!(to_setting("regenerate", "", &next, 1.0).1, "6");
    }

    #[test]
    fn schedule_and_early_stop_controls_show_only_when_they_apply() {
        let mut c = Config::default();
        for id in [
            "step_every",
            "gamma",
            "plateau_patience",
            "min_lr",
            "patience",
        ] {
            assert!(!applies(id, &c), "{id}");
        }
        assert!(applies("schedule", &c) && applies("early_stop", &c));
        c.schedule = Schedule::Step;
        assert!(applies("step_every", &c) && applies("gamma", &c) && !applies("min_lr", &c));
        c.schedule = Schedule::Plateau;
        assert!(applies("plateau_factor", &c) && applies("min_lr", &c) && !applies("gamma", &c));
        c.early_stop = true;
        assert!(applies("patience", &c) && applies("min_delta", &c) && applies("restore_best", &c));
    }

    #[test]
    fn all_values_at_once_are_each_value() {
        for p in presets::all() {
            for (id, v) in values_of(&p.config, 2.5) {
                assert_eq!(v, value_of(id, &p.config, 2.5), "{id} of {}", p.name);
            }
        }
    }
}
