//! The race's control table (E8). Ids carry a `race-` prefix, so they never
//! collide with another scene's. Three kinds of composite: the start's x and y make
//! `start`; each optimizer's switch and learning rate make `optimizers`; clip mode
//! and threshold make `clip`.

use super::config::RaceConfig;
use super::replay::Replay;
use super::surface::SurfaceKind;
use crate::engine::clip::Clip;
use crate::engine::optim::OptimizerKind;
use crate::engine::precision::Precision;
use crate::engine::settings::Settings;
use crate::engine::words::Vocabulary;
use crate::scenes::controls::{
    clip_setting, clip_value, log_range, range, short, Control, Group, Kind, DEFAULT_THRESHOLD,
};

/// The step slider's id: it scrubs the race, it sets nothing.
pub const SHOWN_ID: &str = "race-shown";

pub const GROUPS: &[Group] = &[
    Group {
        name: "Race",
        legend: "The race",
        id: Some("race-controls"),
    },
    Group {
        name: "Optimizers",
        legend: "Optimizers and their learning rates",
        id: Some("race-optimizers"),
    },
    Group {
        name: "Gradient",
        legend: "The gradient they are handed",
        id: None,
    },
];

fn surface_options() -> Vec<(String, String)> {
    SurfaceKind::options()
}

fn clip_options() -> Vec<(String, String)> {
    Clip::options()
}

fn precision_options() -> Vec<(String, String)> {
    Precision::options()
}

/// Every control of the race; the page groups them by `group`.
pub const CONTROLS: &[Control] = &[
    Control {
        id: "race-surface",
        label: "surface",
        group: "Race",
        kind: Kind::Select(surface_options),
        help: "The function the optimizers descend; each brings its own start and rates.",
    },
    Control {
        id: "race-kappa",
        label: "condition number κ",
        group: "Race",
        kind: log_range(1.0, 1000.0),
        help: "The bowl's y curvature over its x curvature.",
    },
    Control {
        id: "race-x",
        label: "start x",
        group: "Race",
        kind: Kind::Number {
            min: -1000.0,
            max: 1000.0,
            step: 0.01,
        },
        help: "Where every optimizer starts (or click or drag on the surface).",
    },
    Control {
        id: "race-y",
        label: "start y",
        group: "Race",
        kind: Kind::Number {
            min: -1000.0,
            max: 1000.0,
            step: 0.01,
        },
        help: "Where every optimizer starts (or click or drag on the surface).",
    },
    Control {
        id: "race-steps",
        label: "steps",
        group: "Race",
        kind: Kind::Number {
            min: 1.0,
            max: 20000.0,
            step: 1.0,
        },
        help: "How many steps each optimizer takes.",
    },
    Control {
        id: "race-shown",
        label: "show step",
        group: "Race",
        kind: range(0.0, 20000.0, 1.0),
        help: "Scrub the race back and forth; the race itself does not change.",
    },
    Control {
        id: "race-on-sgd",
        label: "SGD",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race SGD (off: it sits this race out).",
    },
    Control {
        id: "race-lr-sgd",
        label: "SGD learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of SGD.",
    },
    Control {
        id: "race-on-momentum",
        label: "momentum",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race momentum (off: it sits this race out).",
    },
    Control {
        id: "race-lr-momentum",
        label: "momentum learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of momentum.",
    },
    Control {
        id: "race-on-nesterov",
        label: "Nesterov",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race Nesterov (off: it sits this race out).",
    },
    Control {
        id: "race-lr-nesterov",
        label: "Nesterov learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of Nesterov.",
    },
    Control {
        id: "race-on-adagrad",
        label: "AdaGrad",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race AdaGrad (off: it sits this race out).",
    },
    Control {
        id: "race-lr-adagrad",
        label: "AdaGrad learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of AdaGrad.",
    },
    Control {
        id: "race-on-adadelta",
        label: "Adadelta",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race Adadelta (off: it sits this race out).",
    },
    Control {
        id: "race-lr-adadelta",
        label: "Adadelta learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of Adadelta.",
    },
    Control {
        id: "race-on-rmsprop",
        label: "RMSProp",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race RMSProp (off: it sits this race out).",
    },
    Control {
        id: "race-lr-rmsprop",
        label: "RMSProp learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of RMSProp.",
    },
    Control {
        id: "race-on-adam",
        label: "Adam",
        group: "Optimizers",
        kind: Kind::Check,
        help: "Race Adam (off: it sits this race out).",
    },
    Control {
        id: "race-lr-adam",
        label: "Adam learning rate",
        group: "Optimizers",
        kind: log_range(0.0001, 10.0),
        help: "The learning rate of Adam.",
    },
    Control {
        id: "race-momentum",
        label: "momentum μ",
        group: "Optimizers",
        kind: range(0.0, 0.99, 0.01),
        help: "Momentum and Nesterov: v ← μv − lr·g.",
    },
    Control {
        id: "race-beta1",
        label: "Adam β₁",
        group: "Optimizers",
        kind: range(0.0, 0.999, 0.001),
        help: "Decay of Adam's first moment.",
    },
    Control {
        id: "race-beta2",
        label: "Adam β₂",
        group: "Optimizers",
        kind: range(0.0, 0.9999, 0.0001),
        help: "Decay of Adam's second moment.",
    },
    Control {
        id: "race-rho",
        label: "RMSProp ρ",
        group: "Optimizers",
        kind: range(0.0, 0.99, 0.01),
        help: "Decay of RMSProp's squared-gradient average.",
    },
    Control {
        id: "race-adadelta_rho",
        label: "Adadelta ρ",
        group: "Optimizers",
        kind: range(0.0, 0.99, 0.01),
        help: "Decay of Adadelta's two averages.",
    },
    Control {
        id: "race-clip-mode",
        label: "gradient clipping",
        group: "Gradient",
        kind: Kind::Select(clip_options),
        help: "Clip every gradient before the optimizer sees it.",
    },
    Control {
        id: "race-clip-threshold",
        label: "clip threshold",
        group: "Gradient",
        kind: log_range(0.001, 100.0),
        help: "The norm (or value) gradients are clipped to.",
    },
    Control {
        id: "race-noise",
        label: "gradient noise σ",
        group: "Gradient",
        kind: range(0.0, 5.0, 0.05),
        help: "Gaussian noise added to every gradient: the stochastic case.",
    },
    Control {
        id: "race-seed",
        label: "noise seed",
        group: "Gradient",
        kind: Kind::Number {
            min: 0.0,
            max: 1e9,
            step: 1.0,
        },
        help: "The same seed gives the same noise, so the same race.",
    },
    Control {
        id: "race-precision",
        label: "precision",
        group: "Gradient",
        kind: Kind::Select(precision_options),
        help: "f32 like the networks, or f64.",
    },
];

/// The optimizer a `race-on-*` or `race-lr-*` control is about.
fn optimizer_of(id: &str) -> Option<OptimizerKind> {
    let word = id
        .strip_prefix("race-on-")
        .or_else(|| id.strip_prefix("race-lr-"))?;
    word.parse().ok()
}

/// The setting a race control names, for controls that are one setting.
pub fn key_of(id: &str) -> &str {
    id.strip_prefix("race-").unwrap_or(id)
}

/// A control's value for the race `replay` shows, in the form the control shows.
pub fn value_of(id: &str, replay: &Replay) -> String {
    let c = &replay.config;
    if let Some(kind) = optimizer_of(id) {
        let entrant = c.optimizers.get(kind);
        return if id.starts_with("race-on-") {
            entrant.is_some().to_string()
        } else {
            short(entrant.map_or_else(|| default_lr(c, kind), |e| e.lr))
        };
    }
    match id {
        "race-x" => c.start.x.to_string(),
        "race-y" => c.start.y.to_string(),
        SHOWN_ID => replay.shown.to_string(),
        "race-clip-mode" | "race-clip-threshold" => {
            clip_value(&id["race-".len()..], c.clip, DEFAULT_THRESHOLD)
        }
        _ => c
            .to_pairs()
            .into_iter()
            .find(|(k, _)| k == key_of(id))
            .map(|(_, v)| v)
            .unwrap_or_default(),
    }
}

/// The learning rate an optimizer switched on gets: its surface's default.
fn default_lr(c: &RaceConfig, kind: OptimizerKind) -> f64 {
    RaceConfig::on(c.surface)
        .optimizers
        .get(kind)
        .map_or(0.01, |e| e.lr)
}

/// The setting (key, value) a change of control `id` to `value` means.
pub fn setting(id: &str, value: &str, c: &RaceConfig) -> (String, String) {
    if let Some(kind) = optimizer_of(id) {
        let lr = if id.starts_with("race-on-") {
            (value == "true").then(|| {
                c.optimizers
                    .get(kind)
                    .map_or_else(|| default_lr(c, kind), |e| e.lr)
            })
        } else {
            match value.trim().parse::<f64>() {
                Ok(lr) => Some(lr),
                // Not a number: handed on as written, so the message names it.
                Err(_) => return ("optimizers".into(), format!("{kind}:{value}")),
            }
        };
        return ("optimizers".into(), c.optimizers.with(kind, lr).to_string());
    }
    match id {
        "race-x" => ("start".into(), format!("{},{}", value, c.start.y)),
        "race-y" => ("start".into(), format!("{},{}", c.start.x, value)),
        SHOWN_ID => (super::scene::SHOWN.into(), value.into()),
        "race-clip-mode" | "race-clip-threshold" => {
            clip_setting(&id["race-".len()..], value, c.clip, DEFAULT_THRESHOLD)
        }
        _ => (key_of(id).into(), value.into()),
    }
}

/// Which controls apply to the settings (others are hidden).
pub fn applies(id: &str, c: &RaceConfig) -> bool {
    use OptimizerKind as O;
    let has = |k: &[OptimizerKind]| c.optimizers.0.iter().any(|e| k.contains(&e.kind));
    if let Some(kind) = optimizer_of(id) {
        return id.starts_with("race-on-") || c.optimizers.get(kind).is_some();
    }
    match id {
        "race-kappa" => c.surface == SurfaceKind::Quadratic,
        "race-momentum" => has(&[O::Momentum, O::Nesterov]),
        "race-beta1" | "race-beta2" => has(&[O::Adam]),
        "race-rho" => has(&[O::Rmsprop]),
        "race-adadelta_rho" => has(&[O::Adadelta]),
        "race-clip-threshold" => c.clip != Clip::None,
        "race-seed" => c.noise > 0.0,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::race::presets;

    #[test]
    fn every_control_reads_a_value_and_writes_a_setting_the_race_accepts() {
        for p in presets::all() {
            let replay = Replay::new(p.config.clone());
            for c in CONTROLS {
                let v = value_of(c.id, &replay);
                assert!(!v.is_empty(), "{} of {}", c.id, p.name);
                let (key, value) = setting(c.id, &v, &replay.config);
                if key == super::super::scene::SHOWN {
                    continue;
                }
                let mut back = replay.config.clone();
                back.set(&key, &value)
                    .unwrap_or_else(|e| panic!("{}: {e}", c.id));
                if c.id != "race-clip-threshold" || p.config.clip != Clip::None {
                    assert_eq!(back, replay.config, "{} of {} = {v}", c.id, p.name);
                }
            }
        }
    }

    #[test]
    fn switches_add_and_drop_optimizers() {
        let c = RaceConfig::default();
        let (k, v) = setting("race-on-adam", "false", &c);
        let mut d = c.clone();
        d.set(&k, &v).unwrap();
        assert!(d.optimizers.get(OptimizerKind::Adam).is_none());
        assert!(!applies("race-lr-adam", &d) && applies("race-on-adam", &d));
        let (k, v) = setting("race-on-adam", "true", &d);
        d.set(&k, &v).unwrap();
        assert_eq!(d, c, "switched back on at its surface's rate");
        let (k, v) = setting("race-lr-sgd", "0.5", &c);
        d.set(&k, &v).unwrap();
        assert_eq!(
            d.optimizers.get(OptimizerKind::Sgd).map(|e| e.lr),
            Some(0.5)
        );
    }
}
