//! The optimizer race (E8): the optimizers of seed 002 from one start on a test
//! surface ([`surface`]), each stepped by the engine's own update code ([`laps`]),
//! revealed step by step ([`replay`]), with its presets, controls and CSV
//! ([`report`], shared with `gradient-lab race`).

pub mod config;
pub mod controls;
pub mod laps;
pub mod presets;
pub mod replay;
pub mod report;
pub mod scene;
pub mod surface;

use crate::scenes::{FigureInfo, PresetInfo, SceneKind, SceneSetup};
pub use scene::{RaceScene, RaceSetup};

/// The race in the registry.
pub static KIND: SceneKind = SceneKind {
    word: "race",
    presets: preset_list,
    open,
    custom: None,
    controls: controls::CONTROLS,
    groups: controls::GROUPS,
    figures: &[
        FigureInfo {
            word: "race",
            label: "The optimizer race: the surface's contours with every optimizer's trail, and at the current step its gradient, velocity and step as arrows",
            hint: "Click or drag on the surface to start every optimizer there.",
            tooltip: "Click or drag to start the race here",
        },
        FigureInfo {
            word: "race-loss",
            label: "The loss of every optimizer per step",
            hint: "",
            tooltip: "",
        },
        FigureInfo {
            word: "race-rates",
            label: "The effective step size per coordinate, |step| over |gradient|, of every optimizer per step",
            hint: "SGD's is its learning rate; AdaGrad's shrinks as its sum of squared gradients grows.",
            tooltip: "",
        },
        FigureInfo {
            word: "race-score",
            label: "The scoreboard: per optimizer, when it reached a minimum, its loss now and its longest step",
            hint: "",
            tooltip: "",
        },
    ],
    view_keys: &[],
};

/// The race's figures, as the charts draw them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaceFigure {
    Plane,
    Loss,
    Rates,
    Score,
}

impl RaceFigure {
    pub const ALL: [RaceFigure; 4] = [
        RaceFigure::Plane,
        RaceFigure::Loss,
        RaceFigure::Rates,
        RaceFigure::Score,
    ];

    pub fn word(self) -> &'static str {
        match self {
            RaceFigure::Plane => "race",
            RaceFigure::Loss => "race-loss",
            RaceFigure::Rates => "race-rates",
            RaceFigure::Score => "race-score",
        }
    }

    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.word() == word)
    }
}

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
    RaceSetup::of_preset(name).map(|s| Box::new(s) as Box<dyn SceneSetup>)
}

/// The race settings of a setup, when it is a race's.
pub fn config_of(setup: &dyn SceneSetup) -> Option<&config::RaceConfig> {
    setup.get::<RaceSetup>().map(|s| &*s.config)
}
