//! The optimizer race (E8): the optimizers of seed 002 from one start on a test
//! surface ([`surface`]), each stepped by the engine's own update code ([`race`]),
//! revealed step by step ([`replay`]), with its presets, controls and CSV.

pub mod config;
pub mod race;
pub mod replay;
pub mod surface;
