//! The surface under the race as filled contours: f − min over the grid on a
//! log scale, cut into a dozen or so bands of equal width in log10, painted
//! from near white (lowest) to mid grey (highest), with a colour bar.
//!
//! log10 of f − min rather than of f: the saddle's f is negative over half the
//! window, and f − min is never. Grey, not viridis: the seven Okabe–Ito trails
//! must stand out on it, yellow and sky blue included.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::axis::{decade_ticks, line_height, pow10_label, pxi, style, text_width};
use crate::charts::cliff::labels::fmt_num;
use crate::charts::cliff::layout::{Rect, Window};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::cliff::surface::Surface;

/// At most this many bands.
const MAX_BANDS: f64 = 14.0;
/// The lowest band starts at this quantile of f − min, so a minimum's single
/// grid point does not stretch the scale down by decades.
const LOW_QUANTILE: f64 = 0.02;
/// The lightest and darkest grey.
const LIGHT: f64 = 250.0;
const DARK: f64 = 140.0;
/// The side of a painted cell, in CSS pixels.
const CELL_CSS: f64 = 4.0;

/// The colour scale: bands `step` decades wide from 10^lo to 10^hi of f − min.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bands {
    /// f's lowest finite value over the grid.
    pub(super) min: f64,
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) step: f64,
}

impl Bands {
    pub(super) fn of(s: &Surface) -> Self {
        let finite: Vec<f64> = s.loss.iter().copied().filter(|v| v.is_finite()).collect();
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let mut above: Vec<f64> = finite
            .iter()
            .map(|v| v - min)
            .filter(|&d| d > 0.0)
            .collect();
        let (lo, hi) = if above.is_empty() {
            (-1.0, 0.0)
        } else {
            let max = above.iter().copied().fold(0.0, f64::max);
            let k = ((above.len() - 1) as f64 * LOW_QUANTILE) as usize;
            crate::engine::sorting::sort_numbers(&mut above);
            let q = above[k];
            let hi = max.log10();
            (q.log10().min(hi - 0.5), hi)
        };
        let step = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
            .into_iter()
            .find(|s| (hi - lo) / s <= MAX_BANDS)
            .unwrap_or(100.0);
        Bands {
            min: if min.is_finite() { min } else { 0.0 },
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
        }
    }

    pub(super) fn count(&self) -> usize {
        (((self.hi - self.lo) / self.step).round() as usize).max(1)
    }

    /// The band of a value of f; None for a non-finite one.
    fn band(&self, f: f64) -> Option<usize> {
        if !f.is_finite() {
            return None;
        }
        let d = f - self.min;
        let e = if d > 0.0 { d.log10() } else { self.lo };
        let k = ((e - self.lo) / self.step).floor();
        Some(k.clamp(0.0, (self.count() - 1) as f64) as usize)
    }

    pub(super) fn colour(&self, k: usize) -> RGBColor {
        let t = k as f64 / (self.count().max(2) - 1) as f64;
        let g = (LIGHT + t.clamp(0.0, 1.0) * (DARK - LIGHT)).round() as u8;
        RGBColor(g, g, g)
    }

    /// The colour bar's labels, as (log10 of f − min, text): whole decades when
    /// the scale spans more than three, else 1, 2 and 5 times them.
    fn labels(&self) -> Vec<(f64, String)> {
        let eps = 1e-9;
        if self.hi - self.lo > 3.0 + eps {
            return (self.lo.ceil() as i32..=self.hi.floor() as i32)
                .map(|e| (f64::from(e), pow10_label(e)))
                .collect();
        }
        (self.lo.floor() as i32..=self.hi.ceil() as i32)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
            .filter(|v| (self.lo - eps..=self.hi + eps).contains(&v.log10()))
            .map(|v| (v.log10(), fmt_num(v)))
            .collect()
    }
}

/// f at (x, y), bilinear between the grid's four nearest points; NaN if any
/// of them is not finite.
fn sample(s: &Surface, (x, y): (f64, f64)) -> f64 {
    let n = s.n;
    if n < 2 || s.loss.len() < n * n {
        return f64::NAN;
    }
    let last = (n - 1) as f64;
    let fi = ((x - s.w.0) / (s.w.1 - s.w.0) * last).clamp(0.0, last);
    let fj = ((y - s.b.0) / (s.b.1 - s.b.0) * last).clamp(0.0, last);
    let (i, j) = ((fi as usize).min(n - 2), (fj as usize).min(n - 2));
    let (u, v) = (fi - i as f64, fj - j as f64);
    let at = |i: usize, j: usize| s.loss[j * n + i];
    let bottom = at(i, j) * (1.0 - u) + at(i + 1, j) * u;
    let top = at(i, j + 1) * (1.0 - u) + at(i + 1, j + 1) * u;
    bottom * (1.0 - v) + top * v
}

/// The surface's bands over plot `r`, cell by cell, equal neighbours in a row
/// merged into one rectangle (a few thousand per frame, not 40 000).
pub(super) fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    grid: &Surface,
    bands: &Bands,
    win: &Window,
    r: Rect,
) -> ChartResult {
    let cell = theme.px(CELL_CSS).max(1.0);
    let count = |px: i32| ((f64::from(px) / cell).ceil() as usize).clamp(1, 400);
    let (mx, my) = (count(r.width()), count(r.height()));
    let edge_x = |k: usize| r.x0 + (k as i64 * i64::from(r.width()) / mx as i64) as i32;
    let edge_y = |k: usize| r.y1 + 1 - (k as i64 * i64::from(r.height()) / my as i64) as i32;
    let mut cells = Vec::new();
    for cj in 0..my {
        let (ya, yb) = (edge_y(cj + 1), edge_y(cj));
        let row: Vec<Option<usize>> = (0..mx)
            .map(|ci| {
                let centre = (
                    f64::from(edge_x(ci) + edge_x(ci + 1) - 1) / 2.0,
                    f64::from(ya + yb - 1) / 2.0,
                );
                bands.band(sample(grid, win.data_at(r, centre)))
            })
            .collect();
        let mut ci = 0;
        while ci < mx {
            let key = row[ci];
            let end = ci + row[ci..].iter().take_while(|&&k| k == key).count();
            let colour = key.map_or(theme.grid, |k| bands.colour(k));
            cells.push(Rectangle::new(
                [(edge_x(ci), ya), (edge_x(end), yb)],
                colour.filled(),
            ));
            ci = end;
        }
    }
    for c in &cells {
        root.draw(c).map_err(fail)?;
    }
    Ok(())
}

/// The colour bar in `b`: the bands from the lowest up, labelled, and
/// "f − min" over it, ending at `right`.
pub(super) fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    bands: &Bands,
    b: Rect,
    right: i32,
) -> ChartResult {
    let n = bands.count();
    let h = b.height();
    let edge = |k: usize| b.y1 + 1 - (k as i64 * i64::from(h) / n as i64) as i32;
    for k in 0..n {
        root.draw(&Rectangle::new(
            [(b.x0, edge(k + 1)), (b.x1 + 1, edge(k))],
            bands.colour(k).filled(),
        ))
        .map_err(fail)?;
    }
    let thin = theme.foreground.stroke_width(theme.px_u(1.0));
    root.draw(&Rectangle::new([(b.x0, b.y0), (b.x1 + 1, b.y1 + 1)], thin))
        .map_err(fail)?;
    let labels = bands.labels();
    // Thin the labels as the decade axis does, keeping the top one.
    let spacing = line_height(theme, 1.0) + pxi(theme, 2.0);
    let keep = {
        let (kept, _) = decade_ticks(0, labels.len() as i32 - 1, h, spacing);
        let kept: Vec<usize> = kept.into_iter().map(|k| k as usize).collect();
        move |i: usize| kept.contains(&i)
    };
    let tick = pxi(theme, 5.0);
    for (i, (e, text)) in labels.iter().enumerate() {
        let t = (e - bands.lo) / (bands.hi - bands.lo);
        let y = (f64::from(b.y1) - t * f64::from(b.y1 - b.y0)).round() as i32;
        root.draw(&PathElement::new(
            vec![(b.x1 + 1, y), (b.x1 + 1 + tick, y)],
            thin,
        ))
        .map_err(fail)?;
        if keep(i) {
            root.draw_text(
                text,
                &style(theme, 1.0, theme.foreground, HPos::Left, VPos::Center),
                (b.x1 + 1 + tick + pxi(theme, 3.0), y),
            )
            .map_err(fail)?;
        }
    }
    root.draw_text(
        BAR_TITLE,
        &style(theme, 1.0, theme.muted, HPos::Right, VPos::Bottom),
        (right, b.y0 - line_height(theme, 1.0) / 2 - pxi(theme, 2.0)),
    )
    .map_err(fail)
}

/// The widest of the bar's labels.
pub(super) fn labels_width(theme: &Theme, bands: &Bands) -> i32 {
    bands
        .labels()
        .iter()
        .map(|(_, t)| text_width(theme, 1.0, t))
        .max()
        .unwrap_or(0)
}

/// What the colour bar is of.
pub(super) const BAR_TITLE: &str = "f − min";
