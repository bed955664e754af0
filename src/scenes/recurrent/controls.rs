//! The recurrent net's control table (E6), ids prefixed `rnn-`. Two composites, as
//! for the network: init kind + scale make `recurrent_init`, clip mode + threshold `clip`.

use crate::engine::clip::Clip;
use crate::engine::optim::OptimizerKind;
use crate::engine::recurrent::{CellKind, RecurrentInit, RnnConfig, SequenceTask};
use crate::engine::settings::Settings;
use crate::engine::words::Vocabulary;
use crate::scenes::controls::{
    clip_setting, clip_value, log_range, range, short, Control, Group, Kind,
};

/// The recurrent net's one fieldset.
pub const GROUPS: &[Group] = &[Group {
    name: "Through time",
    legend: "Through time",
    id: Some("rnn-controls"),
}];

pub const CONTROLS: &[Control] = &[
    Control {
        id: "rnn-cell",
        label: "cell",
        group: "Through time",
        kind: Kind::Select(CellKind::options),
        help: "The recurrent unit: gated cells (LSTM, GRU) pass the gradient back through time.",
    },
    Control {
        id: "rnn-task",
        label: "task",
        group: "Through time",
        kind: Kind::Select(SequenceTask::options),
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
        kind: Kind::Select(RecurrentInit::options),
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
        kind: Kind::Select(OptimizerKind::options),
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
        kind: Kind::Select(Clip::options),
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
        "rnn-init-kind" => config.recurrent_init.kind().to_string(),
        "rnn-init-scale" => short(config.recurrent_init.scale()),
        "rnn-clip-mode" | "rnn-clip-threshold" => {
            clip_value(&id["rnn-".len()..], config.clip, threshold)
        }
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
    let (kind, scale) = (config.recurrent_init.kind(), config.recurrent_init.scale());
    match id {
        "rnn-init-kind" => ("recurrent_init".into(), format!("{value}:{}", short(scale))),
        "rnn-init-scale" => ("recurrent_init".into(), format!("{kind}:{value}")),
        "rnn-clip-mode" | "rnn-clip-threshold" => {
            clip_setting(&id["rnn-".len()..], value, config.clip, threshold)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::controls::test_support::round_trips;
    use crate::scenes::controls::DEFAULT_THRESHOLD;

    #[test]
    fn every_recurrent_control_reads_and_writes_its_setting() {
        for p in crate::scenes::recurrent::presets::all() {
            round_trips(
                p.name,
                &p.config,
                CONTROLS,
                |id, c| rnn_value_of(id, c, DEFAULT_THRESHOLD),
                |id, v, c| rnn_to_setting(id, v, c, DEFAULT_THRESHOLD),
                RnnConfig::set,
                p.config.clip != Clip::None,
            );
        }
        let c = crate::scenes::recurrent::presets::find("e6-exploding")
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
}
