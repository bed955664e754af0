//! The training engine: layers, losses, optimizers, clipping, data and the trainer.
//! Pure Rust and ndarray; nothing here knows about the browser, and nothing here
//! imports from outside `engine/`.

pub mod activation;
pub mod clip;
pub mod config;
pub mod data;
pub mod digits;
pub mod early_stop;
pub mod init;
pub mod kernels;
pub mod layer;
pub mod loss;
pub mod math;
pub mod network;
pub mod optim;
pub mod penalty;
pub mod precision;
pub mod real;
pub mod recurrent;
pub mod rng;
pub mod schedule;
pub mod settings;
pub mod sorting;
pub mod stats;
pub mod trainer;
pub mod words;

#[cfg(test)]
pub mod gradcheck;
