//! Network training (E1–E5): a multilayer perceptron trained on a data set, its
//! history per step and epoch, a snapshot of the net for the model and activation
//! panels, and the comparison of variants trained in lockstep.

pub mod compare;
pub mod controls;
pub mod cures;
pub mod diagram;
pub mod history;
pub mod presets;
pub mod report;
pub mod scene;
pub mod snapshot;

use crate::charts::Panel;
use crate::scenes::{FigureInfo, PresetInfo, SceneKind, SceneSetup};
pub use scene::{NetworkScene, NetworkSetup};

/// Network training in the registry.
pub static KIND: SceneKind = SceneKind {
    word: "network",
    presets: preset_list,
    open,
    custom: Some(custom),
    controls: controls::CONTROLS,
    groups: controls::GROUPS,
    figures: FIGURES,
    view_keys: &[
        "yscale",
        "gradient",
        "diagram",
        "compare",
        "test_points",
        "discretize",
    ],
};

/// The panels, in the page's order with their words and titles, then the comparison.
const FIGURES: &[FigureInfo] = &{
    let mut figures = [COMPARE; Panel::ALL.len() + 1];
    let mut i = 0;
    while i < Panel::ALL.len() {
        let panel = Panel::ALL[i];
        figures[i] = FigureInfo {
            word: panel.word(),
            label: panel.title(),
            hint: "",
            tooltip: "",
        };
        i += 1;
    }
    figures
};

const COMPARE: FigureInfo = FigureInfo {
    word: "compare",
    label: "The same net once per activation (training and test loss) or once per cure (test loss, best epoch ringed), over epochs, overlaid",
    hint: "The same net, once per activation or once per cure, trained beside the run.",
    tooltip: "",
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
    NetworkSetup::of_preset(name).map(|s| Box::new(s) as Box<dyn SceneSetup>)
}

fn custom() -> Box<dyn SceneSetup> {
    Box::new(NetworkSetup::custom())
}

/// The network config of a setup, when it is a network's.
pub fn config_of(setup: &dyn SceneSetup) -> Option<&crate::engine::config::Config> {
    setup.get::<NetworkSetup>().map(|s| &*s.config)
}
