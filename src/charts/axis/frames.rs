//! The frame a chart is built in (its margins and plotting area), the mesh
//! style every panel shares, the step axis, and the lines and divergence
//! marks drawn on it.

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{boxed_text, line_height, pxi, text_width, Ticked, PAD};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::network::history::History;

/// Margins around a chart's plotting area, in device pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub top: i32,
    pub right: i32,
    /// Left label area: axis description and tick labels.
    pub left: i32,
    /// Bottom label area: tick labels and axis description.
    pub bottom: i32,
}

impl Frame {
    /// A frame below a header ending at `top`, with y tick labels up to
    /// `y_label_width` wide and room on the right for half an x label.
    pub fn new(theme: &Theme, top: i32, y_label_width: i32, right: i32) -> Self {
        let tick = pxi(theme, 5.0);
        let row = line_height(theme, 1.0);
        Frame {
            top: top + row / 2 + pxi(theme, 4.0),
            right: pxi(theme, PAD).max(right),
            left: row + pxi(theme, 6.0) + y_label_width + 2 * tick,
            bottom: 2 * tick + 2 * row + pxi(theme, 4.0),
        }
    }

    /// The plotting area's size inside `area` with this frame.
    pub fn plot_size(&self, theme: &Theme, (w, h): (u32, u32)) -> (i32, i32) {
        let pad = pxi(theme, PAD);
        (
            w as i32 - pad - self.left - self.right,
            h as i32 - pad - self.top - self.bottom,
        )
    }

    /// True when the plotting area is too small to draw in.
    pub fn too_small(&self, theme: &Theme, dim: (u32, u32)) -> bool {
        let (w, h) = self.plot_size(theme, dim);
        w < pxi(theme, 24.0) || h < pxi(theme, 24.0)
    }

    pub fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        theme: &Theme,
        area: &'a DrawingArea<DB, Shift>,
    ) -> ChartBuilder<'a, 'b, DB> {
        let pad = pxi(theme, PAD);
        let mut b = ChartBuilder::on(area);
        b.margin_top(self.top.max(0) as u32)
            .margin_right(self.right.max(0) as u32)
            .margin_left(pad as u32)
            .margin_bottom(pad as u32)
            .y_label_area_size(self.left.max(0) as u32)
            .x_label_area_size(self.bottom.max(0) as u32);
        b
    }
}

/// Styles a mesh the same way on every panel: large tick labels, muted axis
/// descriptions, light gridlines.
pub(crate) fn style_mesh<'a, 'b, X, Y, DB>(
    mesh: &mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &Theme,
    x_desc: &str,
    y_desc: &str,
) where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.label_style(theme.text(1.0))
        .axis_desc_style(theme.text_in(1.0, theme.muted))
        .bold_line_style(theme.grid.stroke_width(theme.px_u(1.0)))
        .light_line_style(theme.grid.mix(0.5).stroke_width(theme.px_u(1.0)))
        .axis_style(theme.foreground.stroke_width(theme.px_u(1.5)))
        .set_all_tick_mark_size(theme.px_u(5.0))
        .x_desc(x_desc)
        .y_desc(y_desc);
}

/// How many x labels of width `label_width` fit in `width` pixels.
pub(crate) fn x_label_count(theme: &Theme, width: i32, label_width: i32) -> usize {
    (width / (label_width + pxi(theme, 36.0)).max(1)).clamp(2, 12) as usize
}

/// The x range of a run's step axis: from 0 to the last step, at least 10.
pub(crate) fn step_range(h: &History) -> (u64, u64) {
    let last = h
        .steps
        .last()
        .copied()
        .unwrap_or(0)
        .max(h.step())
        .max(h.diverged.as_ref().map_or(0, |d| d.step))
        .max(h.epochs.last().map_or(0, |e| e.step));
    (0, last.max(10))
}

/// Pixel position of `abs` (backend coordinates) inside `area`.
pub(crate) fn local<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    abs: (i32, i32),
) -> (i32, i32) {
    let base = area.get_base_pixel();
    (abs.0 - base.0, abs.1 - base.1)
}

/// A vertical alarm line at `x` from `top` to `bottom` (area pixels) labelled
/// "diverged at step N" near the bottom, on whichever side has room.
pub(crate) fn divergence_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    step: u64,
    x: i32,
    (top, bottom): (i32, i32),
    (left, right): (i32, i32),
) -> ChartResult {
    area.draw(&PathElement::new(
        vec![(x, top), (x, bottom)],
        theme.alarm.stroke_width(theme.line()),
    ))
    .map_err(fail)?;
    let text = crate::t!("chart.diverged-at", step = step);

    let w = text_width(theme, 1.0, &text);
    let gap = pxi(theme, 6.0);
    let (tx, h) = if x - gap - w >= left || x + gap + w > right {
        (x - gap, HPos::Right)
    } else {
        (x + gap, HPos::Left)
    };
    boxed_text(
        area,
        theme,
        &text,
        1.0,
        theme.alarm,
        (tx, bottom - pxi(theme, 4.0) - line_height(theme, 1.0) / 2),
        (h, VPos::Center),
    )
}

/// A chart on two [`Ticked`] axes, as the panels build them.
pub(crate) type TickedChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// A series as a line, or as a dot when it has one point (a line of one point
/// would not show). Nothing for no points.
pub(crate) fn line_or_dot<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    points: Vec<(f64, f64)>,
    colour: RGBColor,
    theme: &Theme,
) -> ChartResult {
    match points.len() {
        0 => Ok(()),
        1 => chart
            .draw_series(std::iter::once(Circle::new(
                points[0],
                theme.line() + theme.px_u(1.0),
                colour.filled(),
            )))
            .map(|_| ())
            .map_err(fail),
        _ => chart
            .draw_series(std::iter::once(PathElement::new(
                points,
                colour.stroke_width(theme.line()),
            )))
            .map(|_| ())
            .map_err(fail),
    }
}
