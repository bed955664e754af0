//! Every figure a scene can hand the page or the command line to draw, and how each
//! is drawn: one enum over the charts, so the page's canvases, its PNG export and
//! the command line's SVG all draw a figure the same way.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::compare::Compared;
use crate::charts::{self, ChartResult, Panel, Theme, View};
use crate::engine::recurrent::RnnConfig;
use crate::scenes::cliff::replay::Replay;
use crate::scenes::race::{replay::Replay as RaceReplay, RaceFigure};
use crate::scenes::recurrent::trace::ThroughTime;

/// A figure, borrowing what it shows.
pub enum Figure<'a> {
    /// A panel of a network run.
    Panel(Panel, View<'a>),
    /// The variants of a comparison, overlaid.
    Compare(Compared<'a>),
    /// The cliff's surfaces and descents.
    Cliff(&'a Replay),
    /// A recurrent run's gradient through time.
    ThroughTime(&'a ThroughTime, &'a RnnConfig),
    /// One of the optimizer race's figures.
    Race(RaceFigure, &'a RaceReplay),
}

impl Figure<'_> {
    /// The figure's word, for error messages.
    pub fn name(&self) -> &'static str {
        match self {
            Figure::Panel(p, _) => p.word(),
            Figure::Compare(_) => "compare",
            Figure::Cliff(_) => "cliff",
            Figure::ThroughTime(..) => "through-time",
            Figure::Race(which, _) => which.word(),
        }
    }

    /// Draws the figure over the whole of `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> ChartResult {
        match self {
            Figure::Panel(panel, view) => charts::draw(*panel, area, view, theme),
            Figure::Compare(compared) => charts::compare::draw(area, compared, theme),
            Figure::Cliff(replay) => charts::cliff::draw(area, replay, theme),
            Figure::ThroughTime(trace, config) => {
                charts::through_time::draw(area, trace, config, theme)
            }
            Figure::Race(which, replay) => match which {
                RaceFigure::Plane => charts::race::draw_plane(area, replay, theme),
                RaceFigure::Loss => charts::race::draw_loss(area, replay, theme),
                RaceFigure::Rates => charts::race::draw_rates(area, replay, theme),
                RaceFigure::Score => charts::race::draw_score(area, replay, theme),
            },
        }
    }

    /// The figure as an SVG document of `width` × `height` pixels.
    pub fn to_svg(&self, theme: &Theme, width: u32, height: u32) -> Result<String, String> {
        charts::svg_of((width, height), |area| self.draw(area, theme))
    }
}
