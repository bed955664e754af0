//! [`Run`]: a [`Trainer`] in f32 or f64, as the config's precision says, with every
//! method handed on to the trainer inside.

use super::{Divergence, EpochReport, LayerParams, StepReport, Trainer};
use crate::engine::config::{Checked, ConfigError, Precision};
use crate::engine::data::{Dataset, Task};
use crate::engine::early_stop::Stopped;

/// A trainer in the precision the config asks for: what the command line and the
/// page hold.
///
/// The page trains networks in f32 only: a second precision would compile the whole
/// trainer twice into the wasm (about 25 KiB of the page's 450 KiB, gzipped), and
/// the config says so when f64 is asked for there ([`Config`]'s validation).
///
/// [`Config`]: crate::engine::config::Config
pub enum Run {
    F32(Trainer<f32>),
    #[cfg(not(target_arch = "wasm32"))]
    F64(Trainer<f64>),
}

macro_rules! both {
    ($self:ident, $t:ident => $e:expr) => {
        match $self {
            Run::F32($t) => $e,
            #[cfg(not(target_arch = "wasm32"))]
            Run::F64($t) => $e,
        }
    };
}

/// The page's trainer for a float64 config, which its validation refuses there.
#[cfg(target_arch = "wasm32")]
fn f64_in_the_page() -> ! {
    unreachable!("float64 network configs do not validate in the page")
}

impl Run {
    /// A run on generated data (data=file needs [`Run::with_data`]).
    pub fn new(config: &Checked) -> Self {
        match config.precision {
            Precision::F32 => Run::F32(Trainer::new(config)),
            #[cfg(not(target_arch = "wasm32"))]
            Precision::F64 => Run::F64(Trainer::new(config)),
            #[cfg(target_arch = "wasm32")]
            Precision::F64 => f64_in_the_page(),
        }
    }
    /// A run on the config's data, for data=file on `rows` ([`Trainer::with_data`]).
    pub fn with_data(config: &Checked, rows: Option<&Dataset>) -> Result<Self, ConfigError> {
        Ok(match config.precision {
            Precision::F32 => Run::F32(Trainer::with_data(config, rows)?),
            #[cfg(not(target_arch = "wasm32"))]
            Precision::F64 => Run::F64(Trainer::with_data(config, rows)?),
            #[cfg(target_arch = "wasm32")]
            Precision::F64 => f64_in_the_page(),
        })
    }
    pub fn step(&mut self) -> StepReport {
        both!(self, t => t.step())
    }
    /// A setting changed from the next step on ([`Trainer::change`]).
    pub fn change(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        both!(self, t => t.change(key, value))
    }
    pub fn evaluate(&mut self) -> EpochReport {
        both!(self, t => t.evaluate())
    }
    pub fn predict(&mut self, x: &[f64], rows: usize) -> Vec<f64> {
        both!(self, t => t.predict(x, rows))
    }
    pub fn task(&self) -> Task {
        both!(self, t => t.task())
    }
    pub fn points(&self, train: bool) -> (Vec<f64>, Vec<f64>, usize) {
        both!(self, t => t.points(train))
    }
    pub fn pre_activations(&mut self, x: &[f64], rows: usize) -> Vec<Vec<f64>> {
        both!(self, t => t.pre_activations(x, rows))
    }
    pub fn weights(&self) -> Vec<(usize, usize, Vec<f64>)> {
        both!(self, t => t.weights())
    }
    pub fn layer_params(&self) -> Vec<LayerParams> {
        both!(self, t => t.layer_params())
    }
    /// The layer widths, inputs first.
    pub fn widths(&self) -> Vec<usize> {
        both!(self, t => t.widths())
    }
    pub fn config(&self) -> &Checked {
        both!(self, t => t.config())
    }
    pub fn is_finished(&self) -> bool {
        both!(self, t => t.is_finished())
    }
    pub fn steps(&self) -> u64 {
        both!(self, t => t.steps())
    }
    pub fn epochs_done(&self) -> usize {
        both!(self, t => t.epochs_done())
    }
    pub fn steps_per_epoch(&self) -> usize {
        both!(self, t => t.steps_per_epoch())
    }
    pub fn diverged(&self) -> Option<&Divergence> {
        both!(self, t => t.diverged())
    }
    pub fn lr(&self) -> f64 {
        both!(self, t => t.lr())
    }
    pub fn stopped(&self) -> Option<&Stopped> {
        both!(self, t => t.stopped())
    }
    pub fn best(&self) -> Option<&EpochReport> {
        both!(self, t => t.best())
    }
}
