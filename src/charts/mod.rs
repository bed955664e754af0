//! The panels: one module per chart, each a `draw` function over any plotters
//! `DrawingBackend`. The page draws them on canvases; natively they draw to SVG,
//! which is how they are tested (and how the command line can save them).
//!
//! Charts only read: a [`View`] (history, snapshot, options) in, pixels out.

pub mod activation;
mod axis;
pub mod cliff;
pub mod compare;
pub mod diagram;
pub mod gradient_flow;
mod layer_series;
pub mod loss;
pub mod model;
pub mod race;
mod runs;
pub mod theme;
pub mod through_time;
pub mod weight_change;
pub mod weights;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::scenes::network::history::{History, Measure};
use crate::scenes::network::snapshot::Snapshot;
use diagram::DiagramView;
pub use theme::{Theme, ThemeKind};

/// The panels of the page, in their order on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Loss,
    Gradients,
    Activation,
    Diagram,
    Model,
    Change,
    Weights,
}

/// Every panel, in the page's order, is in [`Panel::ALL`]; each says its word and its
/// title (the label the page, the figure list and the command line show).
impl Panel {
    pub const ALL: [Panel; 7] = [
        Panel::Loss,
        Panel::Gradients,
        Panel::Activation,
        Panel::Diagram,
        Panel::Model,
        Panel::Change,
        Panel::Weights,
    ];

    /// The word used in element ids, file names and the URL.
    pub const fn word(self) -> &'static str {
        match self {
            Panel::Loss => "loss",
            Panel::Gradients => "gradients",
            Panel::Activation => "activation",
            Panel::Diagram => "diagram",
            Panel::Model => "model",
            Panel::Change => "change",
            Panel::Weights => "weights",
        }
    }

    pub fn from_word(w: &str) -> Option<Self> {
        Panel::ALL.into_iter().find(|p| p.word() == w)
    }

    /// The panel's title in English, as the scenes' table of figures holds it.
    pub const fn title(self) -> &'static str {
        match self {
            Panel::Loss => "Loss",
            Panel::Gradients => "Gradient flow",
            Panel::Activation => "Activation and pre-activations",
            Panel::Diagram => "Network diagram",
            Panel::Model => "Model",
            Panel::Change => "Weight change per layer",
            Panel::Weights => "Weights: distribution and norm per layer",
        }
    }

    /// The panel's title as the chart draws it, in the current language.
    pub fn heading(self) -> &'static str {
        match self {
            Panel::Loss => crate::t!("chart.loss.title"),
            Panel::Gradients => crate::t!("chart.gradients.title"),
            Panel::Activation => crate::t!("chart.activation.title"),
            Panel::Diagram => crate::t!("chart.diagram.title"),
            Panel::Model => crate::t!("chart.model.title"),
            Panel::Change => crate::t!("chart.change.title"),
            Panel::Weights => crate::t!("chart.weights.title"),
        }
    }
}

/// Choices the charts honour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Loss on a log10 y axis.
    pub log_loss: bool,
    /// What the gradient-flow panel plots per layer: [`Measure::GradNorm`] or
    /// [`Measure::GradMeanAbs`].
    pub gradient: Measure,
    /// What the diagram draws its links by.
    pub diagram: DiagramView,
    /// A unit of the diagram (layer, 0 for the inputs; unit) the model panel shows
    /// large while the pointer rests on it.
    pub focus: Option<(usize, usize)>,
    /// The model panel draws the test points (hollow) over its decision map.
    pub test_points: bool,
    /// The model panel's decision map in flat class colours, not shaded by certainty.
    pub discretize: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            log_loss: false,
            gradient: Measure::GradNorm,
            diagram: DiagramView::Weights,
            focus: None,
            test_points: true,
            discretize: false,
        }
    }
}

/// What a chart reads.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    pub history: &'a History,
    /// The network now; None before the first snapshot (panels that need it say so).
    pub snapshot: Option<&'a Snapshot>,
    pub options: Options,
}

/// Chart errors carry the backend's message: a chart that cannot draw says why.
pub type ChartResult = Result<(), String>;

pub(crate) fn fail<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draws `panel` over the whole of `area`.
pub fn draw<DB: DrawingBackend>(
    panel: Panel,
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    match panel {
        Panel::Loss => loss::draw(area, view, theme),
        Panel::Gradients => gradient_flow::draw(area, view, theme),
        Panel::Activation => activation::draw(area, view, theme),
        Panel::Diagram => diagram::draw(area, view, theme),
        Panel::Model => model::draw(area, view, theme),
        Panel::Change => weight_change::draw(area, view, theme),
        Panel::Weights => weights::draw(area, view, theme),
    }
}

/// The numbers behind `panel`, as CSV.
pub fn csv(panel: Panel, view: &View) -> String {
    match panel {
        Panel::Loss => view.history.epochs_csv(),
        Panel::Gradients => view.history.steps_csv(view.options.gradient),
        Panel::Change => view.history.steps_csv(Measure::WeightChange),
        Panel::Weights => weights::csv(view),
        Panel::Activation => activation::csv(view),
        Panel::Diagram => diagram::csv(view),
        Panel::Model => model::csv(view),
    }
}

/// `panel` as an SVG document of `width` × `height` pixels.
pub fn to_svg(
    panel: Panel,
    view: &View,
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, String> {
    svg_of((width, height), |root| draw(panel, root, view, theme))
}

/// What `draw` paints on an SVG area of `size` pixels, as an SVG document: every
/// chart's `to_svg` (the command line's output and the chart tests' input).
pub fn svg_of(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> ChartResult,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root)?;
        root.present().map_err(fail)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Panel;

    #[test]
    fn every_panel_reads_back_from_its_word_and_none_repeats() {
        for (i, p) in Panel::ALL.into_iter().enumerate() {
            assert_eq!(Panel::from_word(p.word()), Some(p));
            for q in &Panel::ALL[..i] {
                assert!(*q != p && q.word() != p.word() && q.title() != p.title());
            }
        }
        assert_eq!(Panel::from_word("compare"), None);
    }
}
