//! What the loss and the step-size charts share: a title that fits, the frame
//! over steps 0..len with a y axis fixed for the whole race (so it holds still
//! while playing), a line per series with the runner's marker along it, and
//! the cursor at the step shown.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::paths::{at_turns, columns};
use super::runners::marker;
use crate::charts::axis::{local, pxi, text_width, TickedChart};
use crate::charts::cliff::labels::note_in;
use crate::charts::cliff::layout::Rect;
use crate::charts::loss::{drawable_runs, loss_chart, LossAxis};
use crate::charts::{fail, ChartResult, Theme};
use crate::engine::optim::OptimizerKind;

/// Markers along a line are about this far apart, in CSS pixels.
const MARKER_SPACING_CSS: f64 = 64.0;

/// The first of `titles` that fits an area `width` pixels wide (the last if none).
pub(super) fn fit<'a>(theme: &Theme, width: u32, titles: &[&'a str]) -> &'a str {
    let room = width as i32 - 2 * pxi(theme, crate::charts::axis::PAD);
    titles
        .iter()
        .copied()
        .find(|t| text_width(theme, 1.15, t) <= room)
        .or_else(|| titles.last().copied())
        .unwrap_or("")
}

/// A chart of `len` steps below a header ending at `top`, its y axis over
/// `values` (log10 or linear), its mesh drawn; None when there is no room.
pub(super) fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    top: i32,
    len: usize,
    values: impl Iterator<Item = f64> + Clone,
    log: bool,
    y_desc: &str,
) -> Result<Option<(TickedChart<'a, DB>, LossAxis)>, String> {
    let x1 = len.max(1) as f64;
    loss_chart(area, theme, top, (0.0, x1), "step", values, log, y_desc)
}

/// The plot's rectangle in `area`'s pixels.
pub(super) fn plot_rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TickedChart<'_, DB>,
) -> Rect {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (x0, y0) = local(area, (xs.start, ys.start));
    Rect {
        x0,
        y0,
        x1: x0 + (xs.end - xs.start) - 1,
        y1: y0 + (ys.end - ys.start) - 1,
    }
}

/// One series of `kind`: a line through `points` (step, value; breaks where a
/// value cannot be drawn), solid or dashed, with the runner's marker along it
/// and at its end. `phase` staggers the markers of series that coincide.
#[allow(clippy::too_many_arguments)]
pub(super) fn line<DB: DrawingBackend>(
    chart: &TickedChart<'_, DB>,
    theme: &Theme,
    kind: OptimizerKind,
    points: &[(f64, f64)],
    log: bool,
    dashed: bool,
    phase: f64,
    len: usize,
) -> ChartResult {
    let colour = super::runners::colour(kind);
    let width = if dashed {
        theme.line()
    } else {
        theme.line() + theme.px_u(0.5)
    };
    let runs = drawable_runs(points, log);
    let root = chart.plotting_area().strip_coord_spec();
    let base = root.get_base_pixel();
    let px = |p: &(f64, f64)| {
        let (x, y) = chart.backend_coord(p);
        (x - base.0, y - base.1)
    };
    // One point per pixel column (a run has thousands of steps), broken at
    // sharp turns; a column's spread as a stroke.
    let mut lines = Vec::new();
    let mut strokes = Vec::new();
    let mut turns = Vec::new();
    for run in &runs {
        let (line, spread) = columns(&run.iter().map(px).collect::<Vec<_>>());
        let (l, t) = at_turns(&line);
        lines.extend(l);
        turns.extend(t);
        strokes.extend(spread);
        if line.len() == 1 {
            turns.extend(line);
        }
    }
    // The light yellow gets a dark casing, as on the plane.
    let case = super::runners::casing(theme, colour);
    if case != theme.background {
        let wide = case.stroke_width(width + 2 * theme.px_u(1.0));
        for l in lines.iter().chain(&strokes) {
            root.draw(&PathElement::new(l.clone(), wide))
                .map_err(fail)?;
        }
    }
    let style = colour.stroke_width(width);
    for l in &lines {
        if dashed {
            let dash = theme.px_u(6.0);
            root.draw(&DashedPathElement::new(
                l.clone(),
                dash,
                dash * 2 / 3,
                style,
            ))
            .map_err(fail)?;
        } else {
            root.draw(&PathElement::new(l.clone(), style))
                .map_err(fail)?;
        }
    }
    for s in &strokes {
        root.draw(&PathElement::new(s.clone(), style))
            .map_err(fail)?;
    }
    if !dashed {
        for &p in &turns {
            root.draw(&Circle::new(p, width / 2, colour.filled()))
                .map_err(fail)?;
        }
    }
    // Markers every so many steps, whatever the line does in between.
    let (xs, _) = chart.plotting_area().get_pixel_range();
    let every = (len.max(1) as f64 * theme.px(MARKER_SPACING_CSS)
        / f64::from(xs.len().max(1) as u32))
    .max(1.0);
    let r = pxi(theme, 3.5);
    for run in &runs {
        let mut next = run.first().map_or(0.0, |p| p.0) + every * phase;
        for (i, &p) in run.iter().enumerate() {
            let last = i + 1 == run.len();
            if p.0 >= next || last {
                let big = if last { pxi(theme, 4.5) } else { r };
                marker(&root, theme, kind, px(&p), big)?;
                while next <= p.0 {
                    next += every;
                }
            }
        }
    }
    Ok(())
}

/// The cursor at step `shown`: a dashed line across the plot, "step N" at its top.
pub(super) fn cursor<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    chart: &TickedChart<'_, DB>,
    r: Rect,
    shown: usize,
) -> ChartResult {
    let y_top = chart.y_range().end;
    let (x, _) = local(area, chart.backend_coord(&(shown as f64, y_top)));
    let dash = theme.px_u(5.0);
    area.draw(&DashedPathElement::new(
        vec![(x, r.y0), (x, r.y1)],
        dash,
        dash,
        theme.muted.stroke_width(theme.px_u(1.5)),
    ))
    .map_err(fail)?;
    let text = format!("step {shown}");
    let w = text_width(theme, 1.0, &text);
    let gap = pxi(theme, 6.0);
    let (tx, h) = if x + gap + w + pxi(theme, 3.0) <= r.x1 {
        (x + gap, HPos::Left)
    } else {
        (x - gap, HPos::Right)
    };
    note_in(
        area,
        theme,
        &text,
        1.0,
        theme.muted,
        (tx, r.y0 + pxi(theme, 4.0)),
        (h, VPos::Top),
        r,
    )
}
