//! E9's cures for overfitting, each a few settings laid over the same net: the
//! presets `e9-l2`, `e9-l1`, … are `e9-overfit` with one cure, and `compare=cure`
//! trains them all in lockstep from whatever settings the run has. One table, so
//! the presets and the comparison cannot drift apart.

use crate::engine::config::{Config, ConfigError};
use crate::engine::settings::Settings;

/// Every setting some cure changes, with the value that means "not applied".
const OFF: [(&str, &str); 4] = [
    ("l1", "0"),
    ("l2", "0"),
    ("dropout", "0"),
    ("early_stop", "false"),
];

/// The cures by their word, each with the settings it lays over the run.
/// The strengths were chosen by measuring seeds 1–5 on `e9-overfit` (tests/experiments.rs
/// holds the outcome each must reach).
pub const CURES: [(&str, &[(&str, &str)]); 6] = [
    ("none", &[]),
    ("l2", &[("l2", "1e-4")]),
    ("l1", &[("l1", "2e-4")]),
    ("elastic-net", &[("l1", "1e-4"), ("l2", "1e-4")]),
    ("dropout", &[("dropout", "0.5")]),
    ("early-stop", &[("early_stop", "true")]),
];

/// The words of the cures, in the table's order.
pub fn words() -> Vec<String> {
    CURES.iter().map(|(w, _)| w.to_string()).collect()
}

/// `base` with every cure off and then cure `word` on; an unknown word is an error
/// that lists the cures.
pub fn apply(base: &Config, word: &str) -> Result<Config, ConfigError> {
    let word = word.trim();
    let Some((_, pairs)) = CURES.iter().find(|(w, _)| *w == word) else {
        return Err(ConfigError::new(
            "cure",
            word,
            crate::t!("network.cure.is-one-of", words = words().join(", ")),
        ));
    };
    let mut config = base.clone();
    for (key, value) in OFF.iter().chain(pairs.iter()) {
        config.set(key, value)?;
    }
    Ok(config)
}
