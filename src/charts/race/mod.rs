//! The optimizer race (E8): the figures of a [`Replay`] at its step `shown`.
//!
//! - [`draw_plane`]: the surface as log-spaced filled contours with each
//!   runner's trail, the arrows of the step it is about to take, and where a
//!   run stopped; [`locate`] turns a click on it into (x, y).
//! - [`draw_loss`]: f per step (log f − f*, or linear on the saddle).
//! - [`draw_rates`]: the effective step size |Δᵢ|/|gᵢ| per coordinate.
//! - [`draw_score`]: the scoreboard as a table.
//!
//! Every runner keeps one Okabe–Ito colour and one marker shape, from its
//! optimizer's place in the menu, in every figure: switching one off never
//! recolours the others, and the shapes tell them apart without colour.
//! Charts only read: every number drawn comes from the replay.

mod arrows;
mod contours;
#[cfg(test)]
mod figure_tests;
#[cfg(test)]
mod gallery;
mod layout;
mod legend;
mod loss;
mod paths;
mod placer;
mod plane;
mod rates;
mod runners;
mod score;
mod series;
#[cfg(test)]
mod tests;
mod trails;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartResult, Theme};
use crate::scenes::race::replay::Replay;
use layout::{layout, window};

pub use loss::{TITLE as LOSS_TITLE, TITLE_LINEAR as LOSS_TITLE_LINEAR};
pub use rates::TITLE as RATES_TITLE;

/// The surface with every trail at step `shown`, over the whole of `area`.
pub fn draw_plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    plane::draw(area, replay, theme)
}

/// The (x, y) under device pixel `(px, py)` of a plane of `size` drawn with
/// `theme`, if it falls on the plot: where a click sets the start.
pub fn locate(
    size: (u32, u32),
    theme: &Theme,
    replay: &Replay,
    px: f64,
    py: f64,
) -> Option<(f64, f64)> {
    let r = layout(size, theme, replay)?.plot;
    let win = window(replay);
    let inside = px >= f64::from(r.x0) - 0.5
        && px <= f64::from(r.x1) + 0.5
        && py >= f64::from(r.y0) - 0.5
        && py <= f64::from(r.y1) + 0.5;
    inside.then(|| {
        let (x, y) = win.data_at(r, (px, py));
        (x.clamp(win.w.0, win.w.1), y.clamp(win.b.0, win.b.1))
    })
}

/// f per step for each lap up to step `shown`, over the whole of `area`.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    loss::draw(area, replay, theme)
}

/// Each lap's effective step size per coordinate up to step `shown`.
pub fn draw_rates<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    rates::draw(area, replay, theme)
}

/// The scoreboard at step `shown`, as a table.
pub fn draw_score<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    score::draw(area, replay, theme)
}
