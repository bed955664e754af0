//! The cliff (E7): the picture behind Goodfellow et al.'s figure 10.17 on
//! gradient clipping, live. Two views of the loss of Pascanu's recurrent unit
//! over (w, b) side by side — plain gradient descent on the left, descent with
//! the gradient clipped by norm on the right — each with its run's path so
//! far, the start (ring), the current point (dot) and the step about to be
//! taken as arrows (the raw −lr·g, and on the right the clipped step too).
//! Beneath both, each run's gradient norm per step on a log axis with the
//! clipping threshold.
//!
//! The surface is painted as log10 of the loss through viridis (perceptually
//! ordered, readable with every common colour blindness), pooled to at most
//! [`MAX_CELLS`] cells a side, keeping each cell's lowest loss so the thin
//! zero-loss line along the wall survives pooling; equal neighbouring cells in
//! a row are merged, so a frame draws a few thousand rectangles, not 40 000.
//!
//! What leaves the plot is not lost: a step out of the window is drawn to its
//! edge with an arrowhead and labelled with where it landed, a raw step cut
//! at the edge is labelled with its length, and a run that went non-finite is
//! marked in the alarm colour.
//!
//! [`locate`] turns a click into (w, b) with the same private layout that
//! [`draw`] uses, so the two always agree.
//!
//! This module holds the public surface (drawing, locating a click, the
//! surface's CSV; the walks' CSV is `scenes::cliff::report`'s) and the settings; the parts live in its submodules: the layout, the
//! heat map, the two views and each run's walk on them, the gradient-norm
//! strip, arrows and labels.

pub(super) mod arrows;
#[cfg(test)]
mod gallery;
mod heat_map;
pub(super) mod labels;
pub(super) mod layout;
mod norm_strip;
#[cfg(test)]
mod tests;
mod views;
mod walks;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::header;
use super::theme::OKABE_ITO;
use super::{fail, ChartResult, Theme};
use crate::scenes::cliff::replay::Replay;
use heat_map::{colour_bar, pool, Scale};
use layout::{layout, legend, Window};
use norm_strip::draw_norms;
use views::{draw_view, ViewSpec};

pub const TITLE: &str = "The cliff: descent without and with clipping";
/// The title of the chart beneath the views.
pub const NORMS_TITLE: &str = "gradient norm ‖g‖ per step (log scale)";
/// The left view's title.
pub const WITHOUT: &str = "without clipping";

/// The right view's title.
pub fn with_title(threshold: f64) -> String {
    format!("with clipping (‖g‖ ≤ {threshold})")
}

/// The unclipped run, and the raw step −lr·g wherever it is drawn.
const UNCLIPPED: RGBColor = OKABE_ITO[1];
/// The clipped run, and the step clipping lets it take.
const CLIPPED: RGBColor = OKABE_ITO[0];

/// Heat-map cells per side, at most.
pub const MAX_CELLS: usize = 80;
/// The smallest heat-map cell, in CSS pixels.
const MIN_CELL_CSS: f64 = 5.0;
/// The colours tell losses apart down to 10^LOSS_FLOOR_EXP.
const LOSS_FLOOR_EXP: f64 = -6.0;
/// Distinct colours of the heat map (equal neighbours merge into one rectangle).
const LEVELS: usize = 64;
/// The gradient-norm axis never goes beyond these decades.
const NORM_CLAMP: (i32, i32) = (-16, 16);

// ----------------------------------------------------------------- the API --

/// Draws the cliff over the whole of `area`, background included.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    header(area, theme, TITLE, &legend(theme))?;
    let Some(l) = layout(area.dim_in_pixel(), theme, replay) else {
        return Ok(());
    };
    let scale = Scale::of(&replay.surface);
    let [left, right] = l.views;
    let cell = theme.px(MIN_CELL_CSS).max(1.0);
    let cells = |px: i32| ((f64::from(px) / cell) as usize).clamp(1, MAX_CELLS);
    let heat = pool(
        &replay.surface,
        (cells(left.width()), cells(left.height())),
        &scale,
    );
    let specs = [
        ViewSpec {
            walk: &replay.runs.unclipped,
            colour: UNCLIPPED,
            title: WITHOUT.into(),
            clipping: false,
        },
        ViewSpec {
            walk: &replay.runs.clipped,
            colour: CLIPPED,
            title: with_title(replay.config.threshold),
            clipping: true,
        },
    ];
    draw_view(area, theme, replay, &l, left, &heat, &specs[0])?;
    draw_view(area, theme, replay, &l, right, &heat, &specs[1])?;
    colour_bar(area, theme, &scale, l.bar)?;
    if let Some(n) = l.norms {
        draw_norms(area, theme, replay, &l, n)?;
    }
    Ok(())
}

/// The (w, b) under device pixel `(px, py)` of an area of `size` drawn with
/// `theme`, if it falls inside either view's plot; both views show the same
/// window.
pub fn locate(
    size: (u32, u32),
    theme: &Theme,
    replay: &Replay,
    px: f64,
    py: f64,
) -> Option<(f64, f64)> {
    let l = layout(size, theme, replay)?;
    let win = Window::of(replay);
    l.views.into_iter().find_map(|r| {
        let inside = px >= f64::from(r.x0) - 0.5
            && px <= f64::from(r.x1) + 0.5
            && py >= f64::from(r.y0) - 0.5
            && py <= f64::from(r.y1) + 0.5;
        inside.then(|| {
            let (w, b) = win.data_at(r, (px, py));
            (w.clamp(win.w.0, win.w.1), b.clamp(win.b.0, win.b.1))
        })
    })
}

/// The surface under the views as CSV: w, b, loss, grad_norm.
pub fn surface_csv(replay: &Replay) -> String {
    replay.surface.csv()
}

/// The cliff as an SVG document of `width` × `height` pixels.
pub fn to_svg(replay: &Replay, theme: &Theme, width: u32, height: u32) -> Result<String, String> {
    super::svg_of((width, height), |root| draw(root, replay, theme))
}
