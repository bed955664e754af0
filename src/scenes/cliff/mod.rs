//! The cliff (E7): the loss surface of Pascanu's single recurrent unit
//! ([`unit`]), sampled on a grid ([`surface`]), and two descents across it, without
//! and with gradient clipping ([`descent`]), replayed step by step ([`replay`]), and
//! their CSV, shared with the command line ([`report`]).

pub mod config;
pub mod controls;
pub mod descent;
pub mod replay;
pub mod report;
pub mod scene;
pub mod surface;
pub mod unit;

use crate::scenes::{FigureInfo, PresetInfo, SceneKind, SceneSetup};
pub use scene::{CliffScene, CliffSetup, PRESET};

/// The cliff in the registry.
pub static KIND: SceneKind = SceneKind {
    word: "cliff",
    presets: preset_list,
    open,
    custom: None,
    controls: controls::CONTROLS,
    groups: controls::GROUPS,
    figures: &[FigureInfo {
        word: "cliff",
        label: "The cliff: the loss surface with the descent without and with clipping",
        hint: "Click on either surface to start both descents there.",
        tooltip: "Click on the surface to start both descents there",
    }],
    view_keys: &[],
};

fn preset_list() -> Vec<PresetInfo> {
    vec![PresetInfo {
        name: PRESET,
        title: config::TITLE,
        caption: config::CAPTION,
    }]
}

fn open(name: &str) -> Option<Box<dyn SceneSetup>> {
    (name == PRESET).then(|| Box::new(CliffSetup::default()) as Box<dyn SceneSetup>)
}

/// The cliff's settings of a setup, when it is the cliff's.
pub fn config_of(setup: &dyn SceneSetup) -> Option<&config::CliffConfig> {
    setup.get::<CliffSetup>().map(|s| &*s.config)
}
