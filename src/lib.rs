//! Gradient Lab: train small neural networks step by step and watch why deep ones
//! fail to train — vanishing and exploding gradients, and what fixes them.
//!
//! The layers, bottom up (each imports only from those below it):
//! - [`engine`]: the training engine, pure Rust and ndarray, tested natively; with
//!   [`engine::settings`], the one `key=value` contract every config implements.
//! - [`lang`]: the message catalogs (English, Ukrainian, Russian) every text a person
//!   reads comes from; it imports nothing of the crate, so every layer may use it.
//! - [`charts`]: drawing only, over any plotters backend (canvas in the page, SVG natively).
//! - [`scenes`]: one folder per kind of experiment (network training, the cliff,
//!   recurrent nets through time), each with its config, presets, runner, record,
//!   controls, figures and reports behind one [`scenes::Scene`] interface; the
//!   registry in `scenes/mod.rs` is the only place that knows them all.
//! - [`app`]: the page's state without the page (link and session), tested natively.
//! - [`ui`] (wasm32 only): the DOM shell.

pub mod app;
pub mod charts;
pub mod engine;
pub mod lang;
pub mod scenes;

#[cfg(target_arch = "wasm32")]
pub mod ui;
