//! Recurrent nets through time (E6): the presets, the page's record of a run
//! ([`trace`]: the gradient reaching each time step, thinned to a bounded size) and
//! its CSV, shared with the command line ([`report`]).
//! The cells and their training are the engine's (`engine::recurrent`).

pub mod controls;
pub mod presets;
pub mod report;
pub mod scene;
pub mod trace;

use crate::scenes::{FigureInfo, PresetInfo, SceneKind, SceneSetup};
pub use scene::{RecurrentScene, RnnSetup};

/// Recurrent nets through time in the registry.
pub static KIND: SceneKind = SceneKind {
    word: "recurrent",
    presets: preset_list,
    open,
    custom: None,
    controls: controls::CONTROLS,
    groups: controls::GROUPS,
    figures: &[FigureInfo {
        word: "through-time",
        label: "The gradient through time: a heat map of the gradient reaching each time step over training, the latest step's curve, and the loss",
        hint: "Bright: the gradient reaches that time step; dark: it has vanished.",
        tooltip: "",
    }],
    view_keys: &[],
};

fn preset_list() -> Vec<PresetInfo> {
    presets::all()
        .iter()
        .map(|p| PresetInfo {
            name: p.name,
            title: p.title,
            caption: p.caption,
        })
        .collect()
}

fn open(name: &str) -> Option<Box<dyn SceneSetup>> {
    RnnSetup::of_preset(name).map(|s| Box::new(s) as Box<dyn SceneSetup>)
}

/// The recurrent settings of a setup, when it is a recurrent run's.
pub fn config_of(setup: &dyn SceneSetup) -> Option<&crate::engine::recurrent::RnnConfig> {
    setup.get::<RnnSetup>().map(|s| &*s.config)
}
