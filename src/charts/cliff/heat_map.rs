//! The cliff's heat map: the colour scale (log10 of the loss through
//! viridis), the surface pooled into cells, and the colour bar beside the
//! views.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{bar_decades, Rect};
use super::{LEVELS, LOSS_FLOOR_EXP};
use crate::charts::axis::{decade_ticks, line_height, pow10_label, pxi, style};
use crate::charts::theme::viridis;
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::cliff::surface::Surface;

pub(super) fn level_colour(k: usize) -> RGBColor {
    viridis(k as f64 / (LEVELS - 1) as f64)
}

/// The colour scale: log10 of the loss from `lo` to `hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Scale {
    pub(super) lo: f64,
    pub(super) hi: f64,
}

impl Scale {
    /// From the lowest finite positive loss (whole decades, not below
    /// 10^LOSS_FLOOR_EXP) to the highest; at least one decade.
    pub(super) fn of(s: &Surface) -> Self {
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for &l in &s.loss {
            if l.is_finite() && l > 0.0 {
                min = min.min(l);
                max = max.max(l);
            }
        }
        if !min.is_finite() {
            return Scale {
                lo: LOSS_FLOOR_EXP,
                hi: 0.0,
            };
        }
        let hi = max.log10();
        let lo = min.log10().floor().max(LOSS_FLOOR_EXP).min(hi - 1.0);
        Scale { lo, hi }
    }

    /// The colour level of a finite loss (0 and below take the lowest).
    fn level(&self, loss: f64) -> usize {
        let e = if loss > 0.0 { loss.log10() } else { self.lo };
        let t = ((e - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (t * (LEVELS - 1) as f64).round() as usize
    }
}

/// The surface pooled into `mx` × `my` cells (row 0 at b.lo), each cell's
/// colour level from its lowest finite loss — its largest |log10 loss|, as
/// every loss of the cliff is below 1 — so a valley thinner than a cell still
/// shows. None where a cell has no finite loss.
pub(super) fn pool(
    s: &Surface,
    (mx, my): (usize, usize),
    scale: &Scale,
) -> (usize, usize, Vec<Option<u16>>) {
    let n = s.n;
    if n < 2 || s.loss.len() < n * n {
        return (0, 0, Vec::new());
    }
    let mx = mx.clamp(1, n - 1);
    let my = my.clamp(1, n - 1);
    let mut low = vec![f64::INFINITY; mx * my];
    let cell = |k: usize, m: usize| (k * m / (n - 1)).min(m - 1);
    let columns: Vec<usize> = (0..n).map(|i| cell(i, mx)).collect();
    for j in 0..n {
        let row = cell(j, my) * mx;
        for (i, &v) in s.loss[j * n..(j + 1) * n].iter().enumerate() {
            if v.is_finite() {
                let c = &mut low[row + columns[i]];
                *c = c.min(v);
            }
        }
    }
    let levels = low
        .into_iter()
        .map(|v| v.is_finite().then(|| scale.level(v) as u16))
        .collect();
    (mx, my, levels)
}

/// The surface as `heat`'s cells over plot `r`, equal neighbours in a row merged.
pub(super) fn heat_cells<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    r: Rect,
    heat: &(usize, usize, Vec<Option<u16>>),
) -> ChartResult {
    let (mx, my, levels) = heat;
    let (mx, my) = (*mx, *my);
    if mx > 0 && my > 0 {
        let edge_x = |k: usize| r.x0 + (k as i64 * i64::from(r.width()) / mx as i64) as i32;
        let edge_y = |k: usize| r.y1 + 1 - (k as i64 * i64::from(r.height()) / my as i64) as i32;
        let mut cells = Vec::new();
        for cj in 0..my {
            let (ya, yb) = (edge_y(cj + 1), edge_y(cj));
            let row = &levels[cj * mx..(cj + 1) * mx];
            let mut ci = 0;
            while ci < mx {
                let key = row[ci];
                let end = ci + row[ci..].iter().take_while(|&&k| k == key).count();
                let colour = key.map_or(theme.grid, |k| level_colour(usize::from(k)));
                cells.push(Rectangle::new(
                    [(edge_x(ci), ya), (edge_x(end), yb)],
                    colour.filled(),
                ));
                ci = end;
            }
        }
        for cell in &cells {
            root.draw(cell).map_err(fail)?;
        }
    }
    Ok(())
}

/// The colour bar: the heat map's colours from the lowest loss to the highest,
/// labelled by decade.
pub(super) fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    scale: &Scale,
    b: Rect,
) -> ChartResult {
    let h = b.height();
    let edge = |k: usize| b.y1 + 1 - (k as i64 * i64::from(h) / LEVELS as i64) as i32;
    let bands: Vec<_> = (0..LEVELS)
        .map(|k| {
            Rectangle::new(
                [(b.x0, edge(k + 1)), (b.x1 + 1, edge(k))],
                level_colour(k).filled(),
            )
        })
        .collect();
    for band in &bands {
        root.draw(band).map_err(fail)?;
    }
    root.draw(&Rectangle::new(
        [(b.x0, b.y0), (b.x1 + 1, b.y1 + 1)],
        theme.foreground.stroke_width(theme.px_u(1.0)),
    ))
    .map_err(fail)?;
    let decades = bar_decades(scale);
    let spacing = line_height(theme, 1.0) + pxi(theme, 2.0);
    let (labelled, _) = match (decades.first(), decades.last()) {
        (Some(&lo), Some(&hi)) => decade_ticks(lo, hi, h, spacing),
        _ => (Vec::new(), Vec::new()),
    };
    let tick = pxi(theme, 5.0);
    for e in decades {
        let t = (f64::from(e) - scale.lo) / (scale.hi - scale.lo);
        let y = (f64::from(b.y1) - t * f64::from(b.y1 - b.y0)).round() as i32;
        root.draw(&PathElement::new(
            vec![(b.x1 + 1, y), (b.x1 + 1 + tick, y)],
            theme.foreground.stroke_width(theme.px_u(1.0)),
        ))
        .map_err(fail)?;
        if labelled.contains(&f64::from(e)) {
            root.draw_text(
                &pow10_label(e),
                &style(theme, 1.0, theme.foreground, HPos::Left, VPos::Center),
                (b.x1 + 1 + tick + pxi(theme, 3.0), y),
            )
            .map_err(fail)?;
        }
    }
    root.draw_text(
        "loss",
        &style(theme, 1.0, theme.muted, HPos::Center, VPos::Bottom),
        ((b.x0 + b.x1) / 2, b.y0 - pxi(theme, 5.0)),
    )
    .map_err(fail)
}
