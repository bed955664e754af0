//! Gradient Lab: train small neural networks step by step and watch why deep ones
//! fail to train — vanishing and exploding gradients, and what fixes them.
//!
//! [`engine`] is pure Rust (ndarray, no web dependency) and is tested natively;
//! [`config`] is the one description of a run, shared by the command line, presets
//! and the page; [`compare`] trains several variants of one config in lockstep;
//! the browser layer ([`ui`], wasm32 only) is a thin shell over both.

pub mod charts;
pub mod compare;
pub mod config;
pub mod controls;
pub mod engine;
pub mod history;
pub mod landscape;
pub mod link;
pub mod presets;
pub mod report;
pub mod session;
pub mod snapshot;
pub mod through_time;

#[cfg(target_arch = "wasm32")]
pub mod ui;
