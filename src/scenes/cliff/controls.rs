//! The cliff's control table (E7). Ids are the cliff's setting names with a `cliff-`
//! prefix, so they never collide with another scene's.

use crate::engine::settings::Settings;
use crate::scenes::cliff::config::CliffConfig;
use crate::scenes::controls::{log_range, range, Control, Group, Kind};

/// The cliff's one fieldset.
pub const GROUPS: &[Group] = &[Group {
    name: "Cliff",
    legend: "The cliff",
    id: Some("cliff-controls"),
}];

pub const CONTROLS: &[Control] = &[
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
/// The cliff setting a cliff control changes.
pub fn cliff_key(id: &str) -> &str {
    id.strip_prefix("cliff-").unwrap_or(id)
}

/// A cliff control's value in `config`.
pub fn cliff_value_of(id: &str, config: &CliffConfig) -> String {
    let key = cliff_key(id);
    config
        .to_pairs()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::controls::test_support::round_trips;

    #[test]
    fn every_cliff_control_names_a_cliff_setting() {
        round_trips(
            "e7-cliff",
            &CliffConfig::default(),
            CONTROLS,
            cliff_value_of,
            |id, v, _| (cliff_key(id).to_string(), v.to_string()),
            CliffConfig::set,
            true,
        );
    }
}
