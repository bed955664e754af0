//! The recurrent run's settings: one flat serde type, read from the command line through
//! the same [`set_by_key`] as the network's [`crate::engine::config::Config`]. The defaults are
//! the "E6 vanishing through time" preset: a vanilla RNN with a small Gaussian recurrent
//! matrix (normal:0.1) on the adding problem at T = 50, H = 16, where the gradient that
//! reaches h_1 is some 1e15 or more below the one at h_T (see `tests.rs`).

use serde::{Deserialize, Serialize};

use super::cell::CellKind;
use super::init::RecurrentInit;
use super::tasks::SequenceTask;
use crate::engine::clip::Clip;
use crate::engine::optim::{Hyper, Optimizer, OptimizerKind};
use crate::engine::settings::{keys_of, ConfigError};

crate::word_serde!(RecurrentInit);
crate::word_serde!(SequenceTask);

crate::flat_settings!(RnnConfig);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RnnConfig {
    /// rnn, lstm or gru.
    pub cell: CellKind,
    /// adding or first-symbol:k.
    pub task: SequenceTask,
    /// Sequence length T.
    pub t: usize,
    /// Hidden units H.
    pub hidden: usize,
    /// The recurrent matrix U: orthogonal:s, normal:σ or identity:s.
    pub recurrent_init: RecurrentInit,
    /// The LSTM's forget-gate bias (ignored by the other cells).
    pub forget_bias: f64,
    /// sgd (the default: the gradient's size shows in the steps), momentum, adam, …
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// none, global:c, norm:c or value:c.
    pub clip: Clip,
    pub batch_size: usize,
    /// Training steps.
    pub steps: usize,
    pub seed: u64,
}

impl Default for RnnConfig {
    fn default() -> Self {
        RnnConfig {
            cell: CellKind::Vanilla,
            task: SequenceTask::Adding,
            t: 50,
            hidden: 16,
            recurrent_init: RecurrentInit::Normal { std: 0.1 },
            forget_bias: 1.0,
            optimizer: OptimizerKind::Sgd,
            lr: 0.01,
            clip: Clip::None,
            batch_size: 16,
            steps: 200,
            seed: 1,
        }
    }
}

impl RnnConfig {
    pub fn keys() -> Vec<String> {
        keys_of(&RnnConfig::default())
    }

    /// A fresh optimizer with this run's learning rate and Keras's other constants.
    pub fn new_optimizer(&self) -> Optimizer<f64> {
        Optimizer::new(
            self.optimizer,
            Hyper {
                lr: self.lr,
                ..Hyper::default()
            },
        )
    }

    /// Checks every setting ([`Settings::validate`] calls it); the error names the first bad one.
    fn rules(&self) -> Result<(), ConfigError> {
        let bad = |f: &str, v: f64, why: String| Err(ConfigError::new(f, v, why));
        let from_to = |lo: usize, hi: usize| crate::t!("engine.range.from-to", lo = lo, hi = hi);
        if !(2..=200).contains(&self.t) {
            return bad("t", self.t as f64, from_to(2, 200));
        }
        if !(1..=128).contains(&self.hidden) {
            return bad("hidden", self.hidden as f64, from_to(1, 128));
        }
        let p = match self.recurrent_init {
            RecurrentInit::Orthogonal { scale: a }
            | RecurrentInit::Normal { std: a }
            | RecurrentInit::Identity { scale: a } => a,
        };
        if !(p.is_finite() && (0.0..=100.0).contains(&p)) {
            return Err(ConfigError::new(
                "recurrent_init",
                self.recurrent_init,
                crate::t!("engine.recurrent-init.range", lo = 0, hi = 100),
            ));
        }
        if !(self.forget_bias.is_finite() && self.forget_bias.abs() <= 100.0) {
            return bad(
                "forget_bias",
                self.forget_bias,
                crate::t!("engine.range.within", max = 100),
            );
        }
        if !(self.lr > 0.0 && self.lr <= 100.0) {
            return bad(
                "lr",
                self.lr,
                crate::t!("engine.range.oc", lo = 0, hi = 100),
            );
        }
        if !(1..=1024).contains(&self.batch_size) {
            return bad("batch_size", self.batch_size as f64, from_to(1, 1024));
        }
        if !(1..=100_000).contains(&self.steps) {
            return bad("steps", self.steps as f64, from_to(1, 100000));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    #[test]
    fn settings_read_like_the_network_config() {
        let mut c = RnnConfig::default();
        c.validate().unwrap();
        c.set("cell", "lstm").unwrap();
        c.set("task", "first-symbol:3").unwrap();
        c.set("recurrent-init", "orthogonal:2").unwrap();
        c.set("clip", "global:1").unwrap();
        c.set("t", "20").unwrap();
        assert_eq!(c.cell, CellKind::Lstm);
        assert_eq!(c.task, SequenceTask::FirstSymbol { symbols: 3 });
        assert_eq!(c.recurrent_init, RecurrentInit::Orthogonal { scale: 2.0 });
        assert_eq!(c.clip, Clip::GlobalNorm(1.0));
        assert_eq!(c.t, 20);
        c.validate().unwrap();
        for (key, value) in [
            ("lr", "fast"),
            ("depth", "3"),
            ("cell", "transformer"),
            ("task", "sorting"),
            ("recurrent_init", "glorot"),
            ("clip", "global:-1"),
            ("seed", "x"),
        ] {
            let field = key.replace('-', "_");
            assert_eq!(c.set(key, value).unwrap_err().field, field, "{key}={value}");
        }
        for (key, value) in [
            ("t", "1"),
            ("t", "201"),
            ("hidden", "0"),
            ("recurrent_init", "normal:1000"),
            ("forget_bias", "1000"),
            ("lr", "0"),
            ("batch_size", "0"),
            ("steps", "0"),
        ] {
            let mut c = RnnConfig::default();
            c.set(key, value).unwrap();
            assert_eq!(c.validate().unwrap_err().field, key, "{key}={value}");
        }
        assert_eq!(RnnConfig::keys().len(), 12);
        // The written pairs read back into the same config.
        let mut back = RnnConfig {
            seed: 99,
            ..RnnConfig::default()
        };
        for (k, v) in c.to_pairs() {
            back.set(&k, &v).unwrap();
        }
        assert_eq!(back, c);
    }
}
