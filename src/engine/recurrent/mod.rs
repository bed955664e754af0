//! Recurrent networks for experiment E6: a vanilla RNN, an LSTM and a GRU cell, trained by
//! full backpropagation through time (BPTT) on small seeded sequence tasks.
//!
//! Everything here is plain `f64` and row-major `Vec<f64>`: the nets are tiny (a few
//! dozen hidden units) and the point is to read the four words of the lecture —
//! forward, backward, step, clip — straight off the code. The gradient that reaches
//! each time step, ‖∂L/∂h_t‖, is reported so the app can plot it vanishing or exploding.

pub mod cell;
pub mod config;
pub mod init;
pub mod net;
pub mod tasks;
pub mod trainer;

pub use cell::{Cell, CellKind};
pub use config::RnnConfig;
pub use init::{spectral_norm, RecurrentInit};
pub use net::{Backprop, Grads, RecurrentNet, StepReport};
pub use tasks::SequenceTask;
pub use trainer::{RnnStepReport, RnnTrainer};

#[cfg(test)]
mod tests;
