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

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    boxed_text, classify, decade_range, decade_ticks, draw_mark, fmt_tick, header, header_height,
    line_height, mark_y, nice_ticks, pow10_label, pxi, style, style_mesh, text_box, text_width,
    x_label_count, Item, Mark, Swatch, Ticked, PAD,
};
use super::theme::{viridis, OKABE_ITO};
use super::{fail, ChartResult, Theme};
use crate::scenes::cliff::descent::{Point, Walk};
use crate::scenes::cliff::replay::Replay;
use crate::scenes::cliff::surface::Surface;
use crate::scenes::cliff::unit::Cliff;
use crate::scenes::network::history::number;

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

// ---------------------------------------------------------------- colours --

fn level_colour(k: usize) -> RGBColor {
    viridis(k as f64 / (LEVELS - 1) as f64)
}

/// The colour scale: log10 of the loss from `lo` to `hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    /// From the lowest finite positive loss (whole decades, not below
    /// 10^LOSS_FLOOR_EXP) to the highest; at least one decade.
    fn of(s: &Surface) -> Self {
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
fn pool(s: &Surface, (mx, my): (usize, usize), scale: &Scale) -> (usize, usize, Vec<Option<u16>>) {
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

// ----------------------------------------------------------------- layout --

/// A rectangle of device pixels, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Rect {
    fn width(&self) -> i32 {
        self.x1 - self.x0 + 1
    }
    fn height(&self) -> i32 {
        self.y1 - self.y0 + 1
    }
}

/// The plotted window of (w, b).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Window {
    w: (f64, f64),
    b: (f64, f64),
}

impl Window {
    /// The surface's window (what is painted), never empty.
    fn of(replay: &Replay) -> Self {
        let fix = |r: (f64, f64), alt: (f64, f64)| {
            let ok = |r: (f64, f64)| r.0.is_finite() && r.1.is_finite() && r.0 < r.1;
            if ok(r) {
                r
            } else if ok(alt) {
                alt
            } else {
                (0.0, 1.0)
            }
        };
        let c = &replay.config;
        Window {
            w: fix(replay.surface.w, (c.w_min, c.w_max)),
            b: fix(replay.surface.b, (c.b_min, c.b_max)),
        }
    }

    fn contains(&self, (w, b): (f64, f64)) -> bool {
        (self.w.0..=self.w.1).contains(&w) && (self.b.0..=self.b.1).contains(&b)
    }

    /// The part of the segment `a`→`z` inside the window, as parameters
    /// `(t0, t1)` along it (Liang–Barsky); None when it misses.
    fn clip(&self, a: (f64, f64), z: (f64, f64)) -> Option<(f64, f64)> {
        let far = |v: f64| v.clamp(-1e100, 1e100);
        let (a, z) = ((far(a.0), far(a.1)), (far(z.0), far(z.1)));
        let d = (z.0 - a.0, z.1 - a.1);
        if !(a.0.is_finite() && a.1.is_finite() && d.0.is_finite() && d.1.is_finite()) {
            return None;
        }
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-d.0, a.0 - self.w.0),
            (d.0, self.w.1 - a.0),
            (-d.1, a.1 - self.b.0),
            (d.1, self.b.1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        (t0 <= t1).then_some((t0, t1))
    }

    /// (w, b) to device pixels of `r`, as plotters maps a chart: w.lo to the
    /// first column, w.hi to the last, b.lo to the bottom row.
    fn pixel(&self, r: Rect, (w, b): (f64, f64)) -> (f64, f64) {
        let tx = (w - self.w.0) / (self.w.1 - self.w.0);
        let ty = (b - self.b.0) / (self.b.1 - self.b.0);
        (
            f64::from(r.x0) + tx * f64::from(r.x1 - r.x0),
            f64::from(r.y1) - ty * f64::from(r.y1 - r.y0),
        )
    }

    /// The inverse of [`Window::pixel`].
    fn data_at(&self, r: Rect, (x, y): (f64, f64)) -> (f64, f64) {
        let tx = (x - f64::from(r.x0)) / f64::from((r.x1 - r.x0).max(1));
        let ty = (f64::from(r.y1) - y) / f64::from((r.y1 - r.y0).max(1));
        (
            self.w.0 + tx * (self.w.1 - self.w.0),
            self.b.0 + ty * (self.b.1 - self.b.0),
        )
    }
}

/// Where everything goes, in device pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Layout {
    /// The plot rectangles of the two views: without, with clipping.
    views: [Rect; 2],
    /// The centre line of the views' titles.
    title_y: i32,
    /// The colour bar.
    bar: Rect,
    /// The gradient-norm chart's plot rectangle, if there is room for it.
    norms: Option<Rect>,
    /// The centre line of the gradient-norm chart's title.
    norms_title_y: i32,
    /// Label areas: left of a plot (its tick labels), below it, and right of
    /// a view (half a tick label and the name of w). The axes are named at
    /// their ends, so no row or column goes to their names.
    left: i32,
    bottom: i32,
    gap_r: i32,
}

/// The widest tick label of a linear axis over `lo..hi`, for any tick count.
fn linear_label_width(theme: &Theme, lo: f64, hi: f64) -> i32 {
    (2..=12)
        .flat_map(|n| {
            let (ticks, step) = nice_ticks(lo, hi, n, false);
            ticks.into_iter().map(move |v| fmt_tick(v, step))
        })
        .map(|s| text_width(theme, 1.0, &s))
        .max()
        .unwrap_or(0)
}

/// The decades of the gradient-norm axis: every finite norm of both runs (not
/// only those shown, so the axis holds still while playing) and the threshold.
fn norm_decades(replay: &Replay) -> (i32, i32) {
    let runs = [&replay.runs.unclipped, &replay.runs.clipped];
    let values = runs
        .into_iter()
        .flat_map(|w| w.points.iter().map(|p| p.grad_norm))
        .chain([replay.config.threshold]);
    decade_range(values, NORM_CLAMP, 4, (-4, 0))
}

/// The colour bar's decade labels: every whole decade in the scale.
fn bar_decades(scale: &Scale) -> Vec<i32> {
    (scale.lo.ceil() as i32..=scale.hi.floor() as i32).collect()
}

/// The layout of `size`; None when it is too small to draw the views in.
fn layout(size: (u32, u32), theme: &Theme, replay: &Replay) -> Option<Layout> {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let pad = pxi(theme, PAD);
    let top = header_height(theme, size.0, TITLE, &legend(theme)) + pxi(theme, 4.0);
    let row = line_height(theme, 1.0);
    let tick = pxi(theme, 5.0);
    let win = Window::of(replay);
    let (lo, hi) = norm_decades(replay);
    let label_w = linear_label_width(theme, win.b.0, win.b.1).max(
        (lo..=hi)
            .map(|e| text_width(theme, 1.0, &pow10_label(e)))
            .max()
            .unwrap_or(0),
    );
    let left = label_w + 2 * tick + pxi(theme, 6.0);
    let bottom = 2 * tick + row + pxi(theme, 2.0);
    let title_h = line_height(theme, 1.1) + pxi(theme, 6.0);
    let bar_w = pxi(theme, 14.0);
    let bar_labels = bar_decades(&Scale::of(&replay.surface))
        .into_iter()
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0)
        .max(text_width(theme, 1.0, "loss") / 2);
    let bar_col = pxi(theme, 8.0) + bar_w + tick + pxi(theme, 3.0) + bar_labels;
    // Room to the right of each plot for half an x tick label and the name "w".
    let gap_r = linear_label_width(theme, win.w.0, win.w.1) / 2
        + pxi(theme, 10.0)
        + text_width(theme, 1.0, "w");

    let avail = h - top - pad;
    let norms_h = (f64::from(avail) * 0.3).round() as i32;
    let half = (w - 2 * pad - bar_col) / 2;
    let mut pw = half - left - gap_r;
    let mut ph = avail - norms_h - title_h - bottom;
    let least = pxi(theme, 24.0);
    if pw < least || ph < least {
        return None;
    }
    // Square-ish views: neither much wider nor much taller than high.
    pw = pw.min((f64::from(ph) * 1.6) as i32);
    ph = ph.min((f64::from(pw) * 1.25) as i32);
    let used = 2 * (left + pw + gap_r) + bar_col;
    let x_start = pad + (w - 2 * pad - used).max(0) / 2;
    let y0 = top + title_h;
    let views = [0, 1].map(|i| {
        let x0 = x_start + i * (left + pw + gap_r) + left;
        Rect {
            x0,
            y0,
            x1: x0 + pw - 1,
            y1: y0 + ph - 1,
        }
    });
    let bx = views[1].x1 + gap_r + pxi(theme, 8.0);
    let bar = Rect {
        x0: bx,
        y0: views[1].y0,
        x1: bx + bar_w - 1,
        y1: views[1].y1,
    };
    let norms_title_y = views[0].y1 + 1 + bottom + pxi(theme, 6.0) + row / 2;
    let norms_top = norms_title_y + row / 2 + row / 2 + pxi(theme, 4.0);
    let norms = Rect {
        x0: views[0].x0,
        y0: norms_top,
        x1: views[1].x1,
        y1: h - pad - bottom - 1,
    };
    Some(Layout {
        views,
        title_y: top + title_h / 2,
        norms_title_y,
        bar,
        norms: (norms.height() >= pxi(theme, 16.0)).then_some(norms),
        left,
        bottom,
        gap_r,
    })
}

/// The header's legend.
fn legend(theme: &Theme) -> Vec<Item> {
    vec![
        Item::new(Swatch::Line(UNCLIPPED, theme.line()), WITHOUT, theme),
        Item::new(Swatch::Line(CLIPPED, theme.line()), "with clipping", theme),
        Item::new(Swatch::Ring(theme.foreground), "start", theme),
        Item::new(Swatch::Dot(theme.foreground), "now", theme),
        Item::new(Swatch::Block(theme.alarm), "clipping acted", theme),
    ]
}

// ------------------------------------------------------------------ shapes --

fn ipt((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// Which part of a shape to draw: its pale outline (drawn first, under
/// whatever must stay visible), or the shape itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    Halo,
    Body,
}

/// A filled arrowhead at `to`, pointing away from `from`.
fn arrow_head<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (from, to): ((f64, f64), (f64, f64)),
    colour: RGBColor,
    size: f64,
    pass: Pass,
) -> ChartResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy);
    if len.is_nan() || len < 1.0 {
        return Ok(());
    }
    let head = size.min(0.6 * len);
    let (ux, uy) = (dx / len, dy / len);
    let base = (to.0 - ux * head, to.1 - uy * head);
    let half = 0.55 * head;
    let pts = vec![
        ipt(to),
        ipt((base.0 - uy * half, base.1 + ux * half)),
        ipt((base.0 + uy * half, base.1 - ux * half)),
    ];
    match pass {
        Pass::Halo => {
            let mut closed = pts.clone();
            closed.push(pts[0]);
            root.draw(&PathElement::new(
                closed,
                theme.background.stroke_width(theme.px_u(3.0)),
            ))
        }
        Pass::Body => root.draw(&Polygon::new(pts, colour.filled())),
    }
    .map_err(fail)
}

/// An arrow from `from` to `to` (device pixels), `width` thick.
fn arrow<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (from, to): ((f64, f64), (f64, f64)),
    colour: RGBColor,
    width: u32,
    pass: Pass,
) -> ChartResult {
    let len = (to.0 - from.0).hypot(to.1 - from.1);
    if len.is_nan() || len < 1.0 {
        return Ok(());
    }
    let size = theme.px(14.0).max(3.0 * f64::from(width));
    let head = size.min(0.6 * len);
    // The shaft stops inside the head so its square end does not poke out.
    let k = (len - 0.5 * head) / len;
    let shaft_end = (from.0 + k * (to.0 - from.0), from.1 + k * (to.1 - from.1));
    let shaft = vec![ipt(from), ipt(shaft_end)];
    let stroke = match pass {
        Pass::Halo => theme.background.stroke_width(width + 2 * theme.px_u(1.5)),
        Pass::Body => colour.stroke_width(width),
    };
    root.draw(&PathElement::new(shaft, stroke)).map_err(fail)?;
    arrow_head(root, theme, (from, to), colour, size, pass)
}

/// Boxed text placed at `at` with anchor `(h, v)`, moved as little as needed
/// to stay inside `inside`.
#[allow(clippy::too_many_arguments)]
fn note_in<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
    inside: Rect,
) -> ChartResult {
    let (x0, y0, w, lh) = text_box(theme, text, rel, (x, y), (h, v));
    let m = pxi(theme, 3.0);
    let x0 = x0.min(inside.x1 - m - w).max(inside.x0 + m);
    let y0 = y0.min(inside.y1 - lh).max(inside.y0);
    boxed_text(
        root,
        theme,
        text,
        rel,
        colour,
        (x0, y0),
        (HPos::Left, VPos::Top),
    )
}

/// Boxed text at the tip of the arrow `from`→`to`, inside `inside`: just
/// beyond the tip, or, where the arrow was cut at an edge of `inside`, beside
/// the tip along that edge, on the side the arrow heads for if it fits there.
#[allow(clippy::too_many_arguments)]
fn at_tip<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (from, to): ((f64, f64), (f64, f64)),
    inside: Rect,
) -> ChartResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy).max(1e-9);
    let off = theme.px(10.0);
    let near = |a: f64, b: i32| (a - f64::from(b)).abs() <= 1.5;
    let (top, bottom) = (near(to.1, inside.y0), near(to.1, inside.y1));
    let (left, right) = (near(to.0, inside.x0), near(to.0, inside.x1));
    let (w, lh) = (
        f64::from(text_width(theme, rel, text) + pxi(theme, 8.0)),
        f64::from(line_height(theme, rel)),
    );
    let (x, y, h, v) = if top || bottom {
        let ahead = if dx >= 0.0 {
            to.0 + off + w <= f64::from(inside.x1)
        } else {
            to.0 - off - w >= f64::from(inside.x0)
        };
        let (x, h) = if (dx >= 0.0) == ahead {
            (to.0 + off, HPos::Left)
        } else {
            (to.0 - off, HPos::Right)
        };
        let v = if top { VPos::Top } else { VPos::Bottom };
        (x, to.1 + if top { 3.0 } else { -3.0 }, h, v)
    } else if left || right {
        let ahead = if dy >= 0.0 {
            to.1 + off + lh <= f64::from(inside.y1)
        } else {
            to.1 - off - lh >= f64::from(inside.y0)
        };
        let (y, v) = if (dy >= 0.0) == ahead {
            (to.1 + off, VPos::Top)
        } else {
            (to.1 - off, VPos::Bottom)
        };
        let h = if left { HPos::Left } else { HPos::Right };
        (to.0 + if left { 3.0 } else { -3.0 }, y, h, v)
    } else {
        // Mostly sideways: the text starts or ends beyond the tip; mostly up
        // or down: it is centred over or under it.
        let (h, v) = if dx.abs() >= dy.abs() {
            (
                if dx < 0.0 { HPos::Right } else { HPos::Left },
                VPos::Center,
            )
        } else {
            (
                HPos::Center,
                if dy < 0.0 { VPos::Bottom } else { VPos::Top },
            )
        };
        (to.0 + off * dx / len, to.1 + off * dy / len, h, v)
    };
    note_in(root, theme, text, rel, colour, ipt((x, y)), (h, v), inside)
}

/// A number to three significant figures, trailing zeros dropped: 8.93, 0.2,
/// 12.4, 3.1e7.
fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return number(v);
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.2e}");
        return match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            None => s,
        };
    }
    let decimals = if a == 0.0 {
        0
    } else {
        (2 - a.log10().floor() as i32).clamp(0, 5) as usize
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A coordinate of a landing point: one decimal, scientific when huge.
fn fmt_coord(v: f64) -> String {
    if v.is_finite() {
        fmt_tick(v, 0.1)
    } else {
        number(v)
    }
}

// ------------------------------------------------------------------- views --

/// What one view shows.
struct ViewSpec<'a> {
    walk: &'a Walk,
    colour: RGBColor,
    title: String,
    clipping: bool,
}

/// The index of the current point of `walk`: the last shown, None if it has none.
fn current(walk: &Walk, shown: usize) -> Option<usize> {
    (!walk.points.is_empty()).then(|| shown.min(walk.points.len() - 1))
}

fn wb(p: &Point) -> (f64, f64) {
    (p.w, p.b)
}

fn finite(p: (f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

/// A step that left the window: drawn to the edge, labelled with where it landed.
struct Exit {
    from: (f64, f64),
    at: (f64, f64),
    landed: (f64, f64),
}

/// The shown path of `walk` cut to the window: the pieces inside (device
/// pixels) and the steps that left it.
fn trace(walk: &Walk, upto: usize, win: &Window, r: Rect) -> (Vec<Vec<(i32, i32)>>, Vec<Exit>) {
    let mut pieces: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut exits = Vec::new();
    let mut open = false;
    for pair in walk.points[..=upto].windows(2) {
        let (a, z) = (wb(&pair[0]), wb(&pair[1]));
        if !(finite(a) && finite(z)) {
            open = false;
            continue;
        }
        let Some((t0, t1)) = win.clip(a, z) else {
            open = false;
            continue;
        };
        let at = |t: f64| (a.0 + t * (z.0 - a.0), a.1 + t * (z.1 - a.1));
        let (s, e) = (win.pixel(r, at(t0)), win.pixel(r, at(t1)));
        match pieces.last_mut() {
            Some(p) if open && t0 == 0.0 => p.push(ipt(e)),
            _ => pieces.push(vec![ipt(s), ipt(e)]),
        }
        open = t1 >= 1.0;
        if t0 == 0.0 && t1 < 1.0 {
            exits.push(Exit {
                from: win.pixel(r, a),
                at: e,
                landed: z,
            });
        }
    }
    (pieces, exits)
}

#[allow(clippy::too_many_arguments)]
fn draw_view<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    l: &Layout,
    r: Rect,
    heat: &(usize, usize, Vec<Option<u16>>),
    spec: &ViewSpec,
) -> ChartResult {
    let win = Window::of(replay);
    let c = &replay.config;

    // Axes and ticks, with plotters, over exactly the plot rectangle.
    let sub = root.clone().shrink(
        (r.x0 - l.left, r.y0),
        ((r.width() + l.left) as u32, (r.height() + l.bottom) as u32),
    );
    let w_label = linear_label_width(theme, win.w.0, win.w.1);
    let (w_ticks, w_step) = nice_ticks(
        win.w.0,
        win.w.1,
        x_label_count(theme, r.width(), w_label),
        false,
    );
    let b_n = (r.height() / (3 * line_height(theme, 1.0)).max(1)).clamp(2, 8) as usize;
    let (b_ticks, b_step) = nice_ticks(win.b.0, win.b.1, b_n, false);
    let mut chart = ChartBuilder::on(&sub)
        .x_label_area_size(l.bottom.max(0) as u32)
        .y_label_area_size(l.left.max(0) as u32)
        .build_cartesian_2d(
            Ticked::new(win.w, w_ticks, Vec::new()),
            Ticked::new(win.b, b_ticks, Vec::new()),
        )
        .map_err(fail)?;
    debug_assert_eq!(
        chart.plotting_area().get_pixel_range(),
        (r.x0..r.x1 + 1, r.y0..r.y1 + 1),
        "the layout and the chart disagree"
    );
    let fmt_w = |v: &f64| fmt_tick(*v, w_step);
    let fmt_b = |v: &f64| fmt_tick(*v, b_step);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.x_label_formatter(&fmt_w)
        .y_label_formatter(&fmt_b)
        .disable_mesh()
        .draw()
        .map_err(fail)?;

    // The surface.
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

    // The wall: where x_0 is an unstable fixed point, for w above the critical slope.
    let crit = Cliff::critical_w();
    if win.w.1 > crit {
        let w0 = crit.max(win.w.0);
        let (a, z) = ((w0, Cliff::wall_b(w0)), (win.w.1, Cliff::wall_b(win.w.1)));
        if let Some((t0, t1)) = win.clip(a, z) {
            let at = |t: f64| (a.0 + t * (z.0 - a.0), a.1 + t * (z.1 - a.1));
            let (s, e) = (win.pixel(r, at(t0)), win.pixel(r, at(t1)));
            let dash = theme.px_u(7.0);
            for (colour, width) in [
                (theme.background, theme.px_u(3.5)),
                (theme.foreground, theme.px_u(1.5)),
            ] {
                root.draw(&DashedPathElement::new(
                    vec![ipt(s), ipt(e)],
                    dash,
                    dash,
                    colour.stroke_width(width),
                ))
                .map_err(fail)?;
            }
            let f = 0.8;
            let p = ipt((s.0 + f * (e.0 - s.0), s.1 + f * (e.1 - s.1)));
            note_in(
                root,
                theme,
                "wall",
                1.0,
                theme.foreground,
                (p.0 + pxi(theme, 8.0), p.1 - pxi(theme, 6.0)),
                (HPos::Left, VPos::Bottom),
                r,
            )?;
        }
    }

    let walk = spec.walk;
    let Some(now) = current(walk, replay.shown) else {
        return view_labels(root, theme, l, r, spec);
    };
    let points = &walk.points[..=now];
    let (pieces, exits) = trace(walk, now, &win, r);
    let inside: Vec<(usize, (f64, f64))> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| finite(wb(p)) && win.contains(wb(p)))
        .map(|(k, p)| (k, win.pixel(r, wb(p))))
        .collect();
    // The path on a pale halo, segment by segment: a polyline's mitred
    // joins would spike at the walk's sharp turns. Round joins come from a
    // disc at each point.
    let line = theme.line();
    let halo = line + 2 * theme.px_u(1.0);
    let segments: Vec<[(i32, i32); 2]> = pieces
        .iter()
        .flat_map(|p| p.windows(2).map(|s| [s[0], s[1]]))
        .collect();
    for s in &segments {
        root.draw(&PathElement::new(
            s.to_vec(),
            theme.background.stroke_width(halo),
        ))
        .map_err(fail)?;
    }
    for &(_, p) in &inside {
        root.draw(&Circle::new(ipt(p), halo / 2, theme.background.filled()))
            .map_err(fail)?;
    }
    for s in &segments {
        root.draw(&PathElement::new(
            s.to_vec(),
            spec.colour.stroke_width(line),
        ))
        .map_err(fail)?;
    }
    // A dot per point; a small square instead where clipping acted on the
    // step taken from it.
    let marked = |k: usize| spec.clipping && k < now && points[k].clipped;
    let dot = (f64::from(line) * 0.5 + theme.px(1.5)).round().max(1.0) as u32;
    for &(_, p) in inside.iter().filter(|(k, _)| !marked(*k)) {
        root.draw(&Circle::new(ipt(p), dot, spec.colour.filled()))
            .map_err(fail)?;
    }
    let s = pxi(theme, 2.5).max(1);
    for &(_, p) in inside.iter().filter(|(k, _)| marked(*k)) {
        let (x, y) = ipt(p);
        root.draw(&Rectangle::new(
            [(x - s, y - s), (x + s, y + s)],
            theme.alarm.filled(),
        ))
        .map_err(fail)?;
    }
    // The start.
    if let Some(&(0, p)) = inside.first() {
        let ring = pxi(theme, 8.0) as u32;
        root.draw(&Circle::new(
            ipt(p),
            ring,
            theme.background.stroke_width(theme.px_u(5.0)),
        ))
        .map_err(fail)?;
        root.draw(&Circle::new(
            ipt(p),
            ring,
            theme.foreground.stroke_width(theme.px_u(2.5)),
        ))
        .map_err(fail)?;
    }
    // Steps that left the plot: an arrowhead on the edge, and where they landed.
    let rel = 1.1;
    for exit in exits.iter().rev().take(3) {
        for pass in [Pass::Halo, Pass::Body] {
            let (ends, size) = ((exit.from, exit.at), theme.px(16.0));
            arrow_head(root, theme, ends, spec.colour, size, pass)?;
        }
        let text = format!(
            "→ ({}, {})",
            fmt_coord(exit.landed.0),
            fmt_coord(exit.landed.1)
        );
        let ends = (exit.from, exit.at);
        at_tip(root, theme, &text, rel, spec.colour, ends, r)?;
    }
    // The current point and the step it is about to take: the arrows' halos
    // under the dot, the arrows over it, so that a step shorter than the dot
    // still shows.
    let here = points[now];
    if finite(wb(&here)) && win.contains(wb(&here)) {
        let from = win.pixel(r, wb(&here));
        let lr = c.lr;
        let mut arrows = Vec::new();
        let mut label = None;
        let raw = (here.w - lr * here.grad[0], here.b - lr * here.grad[1]);
        // The raw step, unless clipping left it as it was (then the two are one).
        if (!spec.clipping || here.clipped) && finite(raw) {
            if let Some((_, t1)) = win.clip(wb(&here), raw) {
                let to = win.pixel(
                    r,
                    (
                        here.w + t1 * (raw.0 - here.w),
                        here.b + t1 * (raw.1 - here.b),
                    ),
                );
                arrows.push(((from, to), UNCLIPPED));
                if t1 < 1.0 || spec.clipping {
                    let text = format!("lr·‖g‖ = {}", fmt_num(lr * here.grad_norm));
                    label = Some((text, (from, to)));
                }
            }
        }
        let applied = (here.w - lr * here.applied[0], here.b - lr * here.applied[1]);
        if spec.clipping && finite(applied) {
            if let Some((_, t1)) = win.clip(wb(&here), applied) {
                let to = win.pixel(
                    r,
                    (
                        here.w + t1 * (applied.0 - here.w),
                        here.b + t1 * (applied.1 - here.b),
                    ),
                );
                arrows.push(((from, to), CLIPPED));
            }
        }
        let width = line + theme.px_u(1.0);
        for &(ends, colour) in &arrows {
            arrow(root, theme, ends, colour, width, Pass::Halo)?;
        }
        let big = pxi(theme, 6.5) as u32;
        root.draw(&Circle::new(
            ipt(from),
            big + theme.px_u(2.0),
            theme.background.filled(),
        ))
        .map_err(fail)?;
        root.draw(&Circle::new(ipt(from), big, spec.colour.filled()))
            .map_err(fail)?;
        root.draw(&Circle::new(
            ipt(from),
            big,
            theme.foreground.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
        for &(ends, colour) in &arrows {
            arrow(root, theme, ends, colour, width, Pass::Body)?;
        }
        if let Some((text, ends)) = label {
            at_tip(root, theme, &text, 1.0, UNCLIPPED, ends, r)?;
        }
    }
    // Notes in the bottom left corner, stacked upwards: the longest step so
    // far (the contrast in one number), and whether a value went non-finite.
    let mut notes = Vec::new();
    let longest = points
        .windows(2)
        .map(|p| (p[1].w - p[0].w).hypot(p[1].b - p[0].b))
        .filter(|v| v.is_finite())
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    if let Some(longest) = longest {
        notes.push((
            format!("longest step {}", fmt_num(longest)),
            theme.foreground,
        ));
    }
    if let Some(k) = walk.diverged {
        if replay.shown >= k {
            // The point where it did, if it is on the plot.
            if let Some(&(at, p)) = inside.last() {
                if at == now {
                    draw_mark(root, theme, Mark::Nan, ipt(p), spec.colour)?;
                }
            }
            notes.push((format!("non-finite at step {k}"), theme.alarm));
        }
    }
    let mut y = r.y1 - pxi(theme, 6.0);
    for (text, colour) in notes {
        note_in(
            root,
            theme,
            &text,
            1.0,
            colour,
            (r.x0 + pxi(theme, 6.0), y),
            (HPos::Left, VPos::Bottom),
            r,
        )?;
        y -= line_height(theme, 1.0) + pxi(theme, 4.0);
    }
    view_labels(root, theme, l, r, spec)
}

/// The title above a view, and its axes' names at their ends: "b" over the
/// top of the vertical axis, "w" after the last tick label of the horizontal one.
fn view_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    l: &Layout,
    r: Rect,
    spec: &ViewSpec,
) -> ChartResult {
    root.draw_text(
        &spec.title,
        &style(theme, 1.1, spec.colour, HPos::Center, VPos::Center),
        ((r.x0 + r.x1) / 2, l.title_y),
    )
    .map_err(fail)?;
    let name = |h, v| style(theme, 1.1, theme.foreground, h, v);
    root.draw_text(
        "b",
        &name(HPos::Center, VPos::Bottom),
        (r.x0, r.y0 - pxi(theme, 4.0)),
    )
    .map_err(fail)?;
    root.draw_text(
        "w",
        &name(HPos::Right, VPos::Center),
        (
            r.x1 + l.gap_r - pxi(theme, 2.0),
            r.y1 + 1 + pxi(theme, 5.0) + line_height(theme, 1.0) / 2,
        ),
    )
    .map_err(fail)
}

/// The colour bar: the heat map's colours from the lowest loss to the highest,
/// labelled by decade.
fn colour_bar<DB: DrawingBackend>(
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

/// Both runs' gradient norm per step on a log axis, with the threshold.
fn draw_norms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    l: &Layout,
    r: Rect,
) -> ChartResult {
    let (lo, hi) = norm_decades(replay);
    let steps = replay.config.steps.max(replay.len()).max(1) as f64;
    let row = line_height(theme, 1.0);
    let (labelled, every) = decade_ticks(lo, hi, r.height(), row + pxi(theme, 2.0));
    let x_label_w = text_width(theme, 1.0, &format!("{}", replay.config.steps));
    let (x_ticks, _) = nice_ticks(0.0, steps, x_label_count(theme, r.width(), x_label_w), true);
    let sub = root.clone().shrink(
        (r.x0 - l.left, r.y0),
        ((r.width() + l.left) as u32, (r.height() + l.bottom) as u32),
    );
    let mut chart = ChartBuilder::on(&sub)
        .x_label_area_size(l.bottom.max(0) as u32)
        .y_label_area_size(l.left.max(0) as u32)
        .build_cartesian_2d(
            Ticked::new((0.0, steps), x_ticks, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), labelled, every),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| format!("{}", v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| pow10_label(v.round() as i32);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .disable_x_mesh()
        .draw()
        .map_err(fail)?;
    root.draw_text(
        NORMS_TITLE,
        &style(theme, 1.0, theme.foreground, HPos::Left, VPos::Center),
        (r.x0 - l.left, l.norms_title_y),
    )
    .map_err(fail)?;
    let px = |step: f64, e: f64| {
        let x = f64::from(r.x0) + step / steps * f64::from(r.x1 - r.x0);
        let t = (e - f64::from(lo)) / f64::from(hi - lo);
        (
            x,
            f64::from(r.y1) - t.clamp(0.0, 1.0) * f64::from(r.y1 - r.y0),
        )
    };

    // The threshold.
    let th = replay.config.threshold;
    if let Ok(e) = classify(th, lo, hi) {
        let (_, y) = ipt(px(0.0, e));
        let dash = theme.px_u(7.0);
        root.draw(&DashedPathElement::new(
            vec![(r.x0, y), (r.x1, y)],
            dash,
            dash,
            theme.foreground.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
    }

    let runs = [
        (&replay.runs.unclipped, UNCLIPPED, WITHOUT),
        (&replay.runs.clipped, CLIPPED, "with clipping"),
    ];
    let mark_r = pxi(theme, 7.0);
    for (walk, colour, _) in runs {
        let Some(now) = current(walk, replay.shown) else {
            continue;
        };
        let mut pieces: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
        let mut marks = Vec::new();
        for (k, p) in walk.points[..=now].iter().enumerate() {
            let e = match classify(p.grad_norm, lo, hi) {
                Ok(e) => Some(e),
                Err(Mark::Above) => Some(f64::from(hi)),
                Err(Mark::Below) => Some(f64::from(lo)),
                Err(m) => {
                    marks.push((k, m));
                    None
                }
            };
            match e {
                Some(e) => pieces.last_mut().expect("one").push(ipt(px(k as f64, e))),
                None => pieces.push(Vec::new()),
            }
        }
        for piece in pieces.iter().filter(|p| !p.is_empty()) {
            if piece.len() == 1 {
                root.draw(&Circle::new(
                    piece[0],
                    theme.line() + theme.px_u(1.0),
                    colour.filled(),
                ))
                .map_err(fail)?;
            } else {
                root.draw(&PathElement::new(
                    piece.clone(),
                    colour.stroke_width(theme.line()),
                ))
                .map_err(fail)?;
            }
        }
        for (k, m) in marks {
            let (x, _) = ipt(px(k as f64, 0.0));
            draw_mark(root, theme, m, (x, mark_y(m, (r.y0, r.y1), mark_r)), colour)?;
        }
        // The current value.
        if let Some(last) = pieces.last().and_then(|p| p.last()) {
            if walk.points[now].grad_norm.is_finite() {
                root.draw(&Circle::new(*last, pxi(theme, 4.5) as u32, colour.filled()))
                    .map_err(fail)?;
            }
        }
    }
    // The threshold's name: right of the plot where there is room (under
    // the colour bar), else inside it over the lines' right end.
    if let Ok(e) = classify(th, lo, hi) {
        let (_, y) = ipt(px(0.0, e));
        let text = format!("threshold {}", fmt_num(th));
        let x = r.x1 + pxi(theme, 8.0);
        let room = root.dim_in_pixel().0 as i32 - pxi(theme, PAD) - x;
        let name = style(theme, 1.0, theme.foreground, HPos::Left, VPos::Center);
        if text_width(theme, 1.0, &text) <= room {
            root.draw_text(&text, &name, (x, y)).map_err(fail)?;
        } else if text_width(theme, 1.0, "threshold") <= room {
            let half = line_height(theme, 1.0) / 2;
            root.draw_text("threshold", &name, (x, y - half))
                .map_err(fail)?;
            root.draw_text(&fmt_num(th), &name, (x, y + half))
                .map_err(fail)?;
        } else {
            note_in(
                root,
                theme,
                &text,
                1.0,
                theme.foreground,
                (r.x1 - pxi(theme, 4.0), y - pxi(theme, 3.0)),
                (HPos::Right, VPos::Bottom),
                r,
            )?;
        }
    }
    // Where a run went non-finite.
    let mut labels = 0;
    for (walk, _, name) in runs {
        let Some(k) = walk.diverged else { continue };
        if replay.shown < k {
            continue;
        }
        let (x, _) = ipt(px(k as f64, 0.0));
        root.draw(&PathElement::new(
            vec![(x, r.y0), (x, r.y1)],
            theme.alarm.stroke_width(theme.line()),
        ))
        .map_err(fail)?;
        let text = format!("{name}: non-finite at step {k}");
        let w = text_width(theme, 1.0, &text);
        let gap = pxi(theme, 6.0);
        let (tx, h) = if x + gap + w <= r.x1 {
            (x + gap, HPos::Left)
        } else {
            (x - gap, HPos::Right)
        };
        let ty = r.y1 - pxi(theme, 4.0) - labels * row;
        note_in(
            root,
            theme,
            &text,
            1.0,
            theme.alarm,
            (tx, ty),
            (h, VPos::Bottom),
            r,
        )?;
        labels += 1;
    }
    Ok(())
}

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

/// Both runs step by step (every step, not only those shown): the same
/// columns as the command line's `cliff --format csv`; a run that stopped
/// early leaves its cells empty, non-finite values read nan, inf, -inf.
pub fn csv(replay: &Replay) -> String {
    let (u, c) = (&replay.runs.unclipped.points, &replay.runs.clipped.points);
    let mut out = String::from(
        "step,w,b,loss,grad_norm,clipped_w,clipped_b,clipped_loss,clipped_grad_norm,clipped\n",
    );
    let four = |p: Option<&Point>| {
        p.map_or_else(
            || ",,,".to_string(),
            |p| {
                format!(
                    "{},{},{},{}",
                    number(p.w),
                    number(p.b),
                    number(p.loss),
                    number(p.grad_norm)
                )
            },
        )
    };
    for k in 0..u.len().max(c.len()) {
        let (a, b) = (u.get(k), c.get(k));
        let flag = b.map_or(String::new(), |p| u8::from(p.clipped).to_string());
        out.push_str(&format!("{k},{},{},{flag}\n", four(a), four(b)));
    }
    out
}

/// The surface under the views as CSV: w, b, loss, grad_norm.
pub fn surface_csv(replay: &Replay) -> String {
    replay.surface.csv()
}

/// The cliff as an SVG document of `width` × `height` pixels.
pub fn to_svg(replay: &Replay, theme: &Theme, width: u32, height: u32) -> Result<String, String> {
    super::svg_of((width, height), |root| draw(root, replay, theme))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::axis::test_support::{font_sizes, texts};
    use super::*;
    use crate::charts::ThemeKind;
    use crate::scenes::cliff::config::CliffConfig;

    const SIZE: (u32, u32) = (1600, 900);

    fn replay_at(shown: usize) -> Replay {
        let mut r = Replay::new(CliffConfig {
            grid: 41,
            ..CliffConfig::default()
        });
        r.shown = shown.min(r.len());
        r
    }

    fn full() -> Replay {
        replay_at(usize::MAX)
    }

    fn default_theme() -> Theme {
        Theme::new(ThemeKind::Default, 1.0)
    }

    fn svg(r: &Replay, theme: &Theme, (w, h): (u32, u32)) -> String {
        to_svg(r, theme, w, h).expect("draws")
    }

    /// The attributes of every `<name …>` element of `svg`.
    fn tags<'a>(svg: &'a str, name: &str) -> Vec<HashMap<&'a str, &'a str>> {
        svg.split(&format!("<{name} "))
            .skip(1)
            .map(|t| {
                let t = t.split('>').next().unwrap_or("");
                t.split('"')
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .filter_map(|kv| match kv {
                        [k, v] => Some((k.trim().trim_end_matches('='), *v)),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    fn num(tag: &HashMap<&str, &str>, key: &str) -> f64 {
        tag.get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    fn inside(r: Rect, x: f64, y: f64) -> bool {
        x >= f64::from(r.x0) && x <= f64::from(r.x1) && y >= f64::from(r.y0) && y <= f64::from(r.y1)
    }

    /// Rectangles filled in `colour` with their top left inside `r`.
    fn rects_in(svg: &str, colour: RGBColor, r: Rect) -> usize {
        tags(svg, "rect")
            .iter()
            .filter(|t| t.get("fill") == Some(&hex(colour).as_str()))
            .filter(|t| inside(r, num(t, "x"), num(t, "y")))
            .count()
    }

    /// Circles filled in `colour` centred inside `r`.
    fn dots_in(svg: &str, colour: RGBColor, r: Rect) -> usize {
        tags(svg, "circle")
            .iter()
            .filter(|t| t.get("fill") == Some(&hex(colour).as_str()))
            .filter(|t| inside(r, num(t, "cx"), num(t, "cy")))
            .count()
    }

    fn views(r: &Replay, theme: &Theme, size: (u32, u32)) -> Layout {
        layout(size, theme, r).expect("room for the views")
    }

    /// The default run with its unclipped walk cut at step `k` by a NaN.
    fn diverged(k: usize) -> Replay {
        let mut r = full();
        let walk = &mut r.runs.unclipped;
        walk.points.truncate(k + 1);
        let p = walk.points.last_mut().expect("point");
        p.loss = f64::NAN;
        p.grad = [f64::NAN, f64::INFINITY];
        p.grad_norm = f64::NAN;
        p.applied = p.grad;
        walk.diverged = Some(k);
        r
    }

    #[test]
    fn draws_both_views_the_threshold_the_wall_and_the_colour_scale() {
        let r = full();
        let t = texts(&svg(&r, &default_theme(), SIZE));
        for want in [
            TITLE,
            WITHOUT,
            &with_title(0.1),
            "wall",
            "loss",
            NORMS_TITLE,
        ] {
            assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
        }
        assert_eq!(with_title(0.1), "with clipping (‖g‖ ≤ 0.1)");
        // The threshold is named on one line or, where room is short, two.
        let one = t.iter().any(|x| x == "threshold 0.1");
        let two = t.windows(2).any(|w| w[0] == "threshold" && w[1] == "0.1");
        assert!(one || two, "{t:?}");
        // The colour bar runs from 10⁻⁶ (the preset's valley reaches 1.7e-7) to 10⁻¹.
        for e in -6..=-1 {
            assert!(t.contains(&pow10_label(e)), "{e}: {t:?}");
        }
        for axis in ["w", "b"] {
            assert!(t.iter().any(|x| x == axis), "{axis}: {t:?}");
        }
    }

    #[test]
    fn the_full_run_shows_the_jump_off_the_plot_and_where_clipping_acted() {
        let r = full();
        let theme = default_theme();
        let out = svg(&r, &theme, SIZE);
        let t = texts(&out);
        // The unclipped run leaves through the top at step 23 and lands at (9.26, 5.18).
        assert!(t.iter().any(|x| x == "→ (9.3, 5.2)"), "{t:?}");
        assert!(t.iter().any(|x| x == "longest step 8.93"), "{t:?}");
        assert!(t.iter().any(|x| x == "longest step 0.2"), "{t:?}");
        let l = views(&r, &theme, SIZE);
        let [left, right] = l.views;
        let acted = r.runs.clipped.points[..r.shown]
            .iter()
            .filter(|p| p.clipped)
            .count();
        assert!(acted > 100);
        // One marker per clipped step (some may sit on the window's edge).
        let markers = rects_in(&out, theme.alarm, right);
        assert!(markers > 100 && markers <= acted, "{markers} of {acted}");
        assert_eq!(rects_in(&out, theme.alarm, left), 0);
        // The unclipped run's points up to the jump, each a dot on the path.
        let before_jump = r
            .runs
            .unclipped
            .points
            .iter()
            .take_while(|p| p.b < 1.0)
            .count();
        assert_eq!(before_jump, 23);
        assert_eq!(dots_in(&out, UNCLIPPED, left), before_jump);
        assert!(!t.iter().any(|x| x.contains("non-finite")));
    }

    #[test]
    fn before_any_step_only_the_starts_are_drawn() {
        let theme = default_theme();
        let r = replay_at(0);
        let out = svg(&r, &theme, SIZE);
        let t = texts(&out);
        assert!(
            !t.iter().any(|x| x.starts_with("→") || x.starts_with("lr·")),
            "{t:?}"
        );
        assert!(!t.iter().any(|x| x.starts_with("longest step")), "{t:?}");
        let l = views(&r, &theme, SIZE);
        let win = Window::of(&r);
        for (v, colour) in l.views.into_iter().zip([UNCLIPPED, CLIPPED]) {
            assert_eq!(rects_in(&out, theme.alarm, v), 0);
            // The start's dot and the current point (the same) — nothing else.
            assert_eq!(dots_in(&out, colour, v), 2);
            let (x, y) = ipt(win.pixel(v, (6.0, -3.0)));
            let ring = tags(&out, "circle").into_iter().any(|c| {
                c.get("fill") == Some(&"none")
                    && c.get("stroke") == Some(&hex(theme.foreground).as_str())
                    && (num(&c, "cx"), num(&c, "cy")) == (f64::from(x), f64::from(y))
            });
            assert!(ring, "no start ring at {x},{y}");
        }
        // Five steps later the paths have grown by five points each: dots,
        // and on the right squares where clipping acted (on steps 1 and 3).
        let r5 = replay_at(5);
        let out5 = svg(&r5, &theme, SIZE);
        assert_eq!(dots_in(&out5, UNCLIPPED, l.views[0]), 7);
        assert_eq!(dots_in(&out5, CLIPPED, l.views[1]), 5);
        assert_eq!(rects_in(&out5, theme.alarm, l.views[1]), 2);
    }

    #[test]
    fn the_raw_step_is_cut_at_the_edge_and_labelled_with_its_length() {
        // Step 22 of the unclipped run is the jump: 8.93 long, off the top.
        let r = replay_at(22);
        let t = texts(&svg(&r, &default_theme(), SIZE));
        let p = r.runs.unclipped.points[22];
        let len = r.config.lr * p.grad_norm;
        assert!((len - 8.93).abs() < 0.01, "{len}");
        assert!(t.iter().any(|x| x == "lr·‖g‖ = 8.93"), "{t:?}");
        assert!(
            !t.iter().any(|x| x.starts_with("→ (")),
            "not jumped yet: {t:?}"
        );
    }

    #[test]
    fn a_run_that_went_non_finite_is_marked_in_the_alarm_colour() {
        let theme = default_theme();
        let mut r = diverged(30);
        assert_eq!(r.len(), 200, "the clipped run goes on");
        let out = svg(&r, &theme, SIZE);
        let t = texts(&out);
        assert!(t.iter().any(|x| x == "non-finite at step 30"), "{t:?}");
        assert!(
            t.iter()
                .any(|x| x == "without clipping: non-finite at step 30"),
            "{t:?}"
        );
        assert!(out.contains(&format!("fill=\"{}\"", hex(theme.alarm))));
        r.shown = 29;
        let t = texts(&svg(&r, &theme, SIZE));
        assert!(!t.iter().any(|x| x.contains("non-finite")), "{t:?}");
        // A walk stopped at step 1 with every value non-finite, and an empty one.
        let mut r = diverged(1);
        let p = &mut r.runs.unclipped.points[1];
        (p.w, p.b) = (f64::NAN, f64::INFINITY);
        draws_everywhere(&r);
        r.runs.unclipped.points.clear();
        draws_everywhere(&r);
    }

    fn draws_everywhere(r: &Replay) {
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            for scale in [1.0, 2.0] {
                let theme = Theme::new(kind, scale);
                let size = ((1600.0 * scale) as u32, (900.0 * scale) as u32);
                let t = texts(&svg(r, &theme, size));
                assert!(t.iter().any(|x| x == WITHOUT), "{kind:?} {scale}");
                svg(r, &theme, (640, 360));
            }
        }
        for size in [(1, 1), (60, 40), (200, 150), (400, 900), (1600, 200)] {
            svg(r, &default_theme(), size);
            svg(r, &Theme::new(ThemeKind::Projector, 2.0), size);
        }
    }

    #[test]
    fn draws_in_both_themes_at_any_scale_and_size_and_its_text_scales() {
        for shown in [0, 5, 22, 23, usize::MAX] {
            draws_everywhere(&replay_at(shown));
        }
        let r = replay_at(40);
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            let at = |scale: f64| {
                let size = ((1600.0 * scale) as u32, (900.0 * scale) as u32);
                font_sizes(&svg(&r, &Theme::new(kind, scale), size))
            };
            let (one, two) = (at(1.0), at(2.0));
            assert!(!one.is_empty());
            assert_eq!(one.len(), two.len(), "{kind:?}");
            for (a, b) in one.iter().zip(&two) {
                assert!((b - 2.0 * a).abs() < 1e-9, "{kind:?}: {a} → {b}");
            }
        }
        // Other windows and settings: a window without the wall, a long T.
        for (key, value) in [
            ("w_max", "4"),
            ("t", "60"),
            ("b_min", "0.5"),
            ("momentum", "0.9"),
        ] {
            let mut r = full();
            r.set(key, value).expect("valid");
            r.shown = r.len();
            draws_everywhere(&r);
        }
    }

    #[test]
    fn locate_maps_the_plots_and_nothing_else() {
        let r = full();
        let win = Window::of(&r);
        let (dw, db) = (win.w.1 - win.w.0, win.b.1 - win.b.0);
        for (theme, size) in [
            (default_theme(), SIZE),
            (Theme::new(ThemeKind::Projector, 2.0), (1920, 1080)),
            (default_theme(), (700, 900)),
        ] {
            let l = views(&r, &theme, size);
            for v in l.views {
                // A pixel's worth of w and of b.
                let (ew, eb) = (dw / f64::from(v.width()), db / f64::from(v.height()));
                let at = |x: i32, y: i32| {
                    locate(size, &theme, &r, f64::from(x), f64::from(y)).expect("inside")
                };
                let mid = locate(
                    size,
                    &theme,
                    &r,
                    f64::from(v.x0 + v.x1) / 2.0,
                    f64::from(v.y0 + v.y1) / 2.0,
                )
                .expect("inside");
                assert!((mid.0 - (win.w.0 + win.w.1) / 2.0).abs() < 1e-9, "{mid:?}");
                assert!((mid.1 - (win.b.0 + win.b.1) / 2.0).abs() < 1e-9, "{mid:?}");
                let (tl, br) = (at(v.x0, v.y0), at(v.x1, v.y1));
                assert!((tl.0 - win.w.0).abs() <= ew && (tl.1 - win.b.1).abs() <= eb);
                assert!((br.0 - win.w.1).abs() <= ew && (br.1 - win.b.0).abs() <= eb);
                // Where a point is drawn is where a click finds it.
                let (x, y) = ipt(win.pixel(v, (6.0, -3.0)));
                let back = at(x, y);
                assert!((back.0 - 6.0).abs() <= ew && (back.1 + 3.0).abs() <= eb);
                // Just outside the plot: nothing.
                let out = |x: i32, y: i32| locate(size, &theme, &r, f64::from(x), f64::from(y));
                assert_eq!(out(v.x0 - 2, v.y0 + 5), None);
                assert_eq!(out(v.x1 + 2, v.y1 - 5), None);
                assert_eq!(out(v.x0 + 5, v.y1 + 2), None);
            }
            let pad = pxi(&theme, PAD);
            assert_eq!(
                locate(size, &theme, &r, f64::from(pad + 2), f64::from(pad + 2)),
                None
            );
            let n = l.norms.expect("room for the norms");
            let (cx, cy) = ((n.x0 + n.x1) / 2, (n.y0 + n.y1) / 2);
            assert_eq!(locate(size, &theme, &r, f64::from(cx), f64::from(cy)), None);
        }
        assert_eq!(locate((50, 40), &default_theme(), &r, 25.0, 20.0), None);
    }

    #[test]
    fn the_layout_matches_what_is_drawn() {
        // The header's height found without drawing is where it ends.
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            let theme = Theme::new(kind, 1.0);
            let items = legend(&theme);
            for width in [200, 500, 900, 1300, 1600, 2400] {
                let mut out = String::new();
                let drawn = {
                    let root = SVGBackend::with_string(&mut out, (width, 300)).into_drawing_area();
                    header(&root, &theme, TITLE, &items).expect("draws")
                };
                assert_eq!(
                    header_height(&theme, width, TITLE, &items),
                    drawn,
                    "{kind:?} {width}"
                );
            }
        }
        // The heat map fills each plot exactly (the chart itself is checked by
        // a debug assertion in draw_view).
        let r = full();
        let theme = default_theme();
        let out = svg(&r, &theme, SIZE);
        let l = views(&r, &theme, SIZE);
        let rects = tags(&out, "rect");
        for v in l.views {
            let cells: Vec<_> = rects
                .iter()
                .filter(|t| inside(v, num(t, "x"), num(t, "y")))
                .filter(|t| t.get("stroke") == Some(&"none"))
                .collect();
            let area: f64 = cells
                .iter()
                .filter(|t| {
                    let f = t.get("fill").copied().unwrap_or("");
                    (0..LEVELS).any(|k| hex(level_colour(k)) == f)
                })
                .map(|t| num(t, "width") * num(t, "height"))
                .sum();
            assert_eq!(area, f64::from(v.width() * v.height()));
            // Far fewer rectangles than cells: equal neighbours merge.
            assert!(cells.len() < 40 * 40, "{}", cells.len());
        }
    }

    #[test]
    fn csv_has_a_row_per_step_for_both_runs() {
        let r = full();
        let out = csv(&r);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), r.config.steps + 2);
        assert_eq!(
            lines[0],
            "step,w,b,loss,grad_norm,clipped_w,clipped_b,clipped_loss,clipped_grad_norm,clipped"
        );
        assert!(lines[1].starts_with("0,6,-3,"), "{}", lines[1]);
        assert!(
            lines[2].ends_with(",1"),
            "clipping acted on step 1: {}",
            lines[2]
        );
        assert!(lines.iter().all(|l| l.split(',').count() == 10));
        // Not only the steps shown.
        assert_eq!(csv(&replay_at(0)), out);
        // A run that stopped early: nan where it went non-finite, then empty cells.
        let out = csv(&diverged(30));
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), r.config.steps + 2);
        assert!(lines[31].contains(",nan,nan,"), "{}", lines[31]);
        assert!(lines[32].starts_with("31,,,,,"), "{}", lines[32]);
        assert_eq!(surface_csv(&r).lines().count(), 41 * 41 + 1);
    }

    #[test]
    fn pooling_keeps_a_valley_thinner_than_a_cell() {
        let s = Surface::sample((0.0, 1.0), (0.0, 1.0), 21, |w, b| {
            let loss = if (w - 0.35).abs() < 1e-9 && (b - 0.6).abs() < 1e-9 {
                1e-7
            } else if w > 0.95 && b > 0.95 {
                f64::NAN
            } else {
                0.49
            };
            (loss, [0.0, 0.0])
        });
        let scale = Scale::of(&s);
        assert_eq!((scale.lo, scale.hi), (-6.0, 0.49f64.log10()));
        let (mx, my, levels) = pool(&s, (4, 4), &scale);
        assert_eq!((mx, my), (4, 4));
        // (0.35, 0.6) falls in column 1, row 2.
        assert_eq!(levels[2 * 4 + 1], Some(0));
        assert_eq!(levels.iter().filter(|l| **l == Some(0)).count(), 1);
        assert_eq!(
            levels
                .iter()
                .filter(|l| **l == Some(LEVELS as u16 - 1))
                .count(),
            15
        );
        // The top right cell holds (1, 1), whose loss is NaN, and finite neighbours.
        assert_eq!(levels[15], Some(LEVELS as u16 - 1));
        // Never more cells than the grid has intervals.
        assert_eq!(pool(&s, (80, 80), &scale).0, 20);
        // All NaN: no colour.
        let nan = Surface::sample((0.0, 1.0), (0.0, 1.0), 3, |_, _| (f64::NAN, [0.0, 0.0]));
        assert!(pool(&nan, (2, 2), &Scale::of(&nan))
            .2
            .iter()
            .all(Option::is_none));
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(254, 232, 37));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }

    #[test]
    fn segments_are_cut_at_the_window() {
        let win = Window {
            w: (0.0, 10.0),
            b: (0.0, 10.0),
        };
        assert_eq!(win.clip((5.0, 5.0), (5.0, 20.0)), Some((0.0, 1.0 / 3.0)));
        assert_eq!(win.clip((-5.0, 5.0), (15.0, 5.0)), Some((0.25, 0.75)));
        assert_eq!(win.clip((-5.0, -5.0), (-1.0, 20.0)), None);
        let (_, t1) = win.clip((5.0, 5.0), (5.0, 1e300)).expect("exits");
        assert!(t1 > 0.0 && 5.0 + t1 * 1e100 <= 10.0 + 1e-6);
        assert_eq!(win.clip((5.0, 5.0), (f64::NAN, 1.0)), None);
        let r = Rect {
            x0: 100,
            y0: 50,
            x1: 300,
            y1: 250,
        };
        assert_eq!(win.pixel(r, (0.0, 0.0)), (100.0, 250.0));
        assert_eq!(win.pixel(r, (10.0, 10.0)), (300.0, 50.0));
        assert_eq!(win.data_at(r, (200.0, 150.0)), (5.0, 5.0));
    }

    #[test]
    fn numbers_read_short() {
        assert_eq!(fmt_num(8.933), "8.93");
        assert_eq!(fmt_num(0.2), "0.2");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(123.4), "123");
        assert_eq!(fmt_num(3.1e7), "3.1e7");
        assert_eq!(fmt_num(f64::INFINITY), "inf");
        assert_eq!(fmt_coord(9.2639), "9.3");
        assert_eq!(fmt_coord(-0.04), "-0.0");
        assert_eq!(fmt_coord(f64::NAN), "nan");
    }
}

/// `CLIFF_GALLERY=/tmp/cliff cargo test --lib charts::cliff::gallery -- --ignored --nocapture`
/// writes the cliff at a few steps in both themes, to look at, and times a
/// full-size draw.
#[cfg(test)]
mod gallery {
    use super::*;
    use crate::charts::ThemeKind;
    use crate::scenes::cliff::config::CliffConfig;

    #[test]
    #[ignore]
    fn write_gallery() {
        let Ok(dir) = std::env::var("CLIFF_GALLERY") else {
            return;
        };
        std::fs::create_dir_all(&dir).expect("directory");
        let mut r = Replay::new(CliffConfig::default());
        for shown in [0, 5, 22, r.len()] {
            r.shown = shown;
            for (kind, scale, (w, h)) in [
                (ThemeKind::Default, 1.0, (1600, 900)),
                (ThemeKind::Projector, 1.0, (1600, 900)),
                (ThemeKind::Default, 2.0, (1920, 1080)),
                (ThemeKind::Projector, 2.0, (1920, 1080)),
            ] {
                let svg = to_svg(&r, &Theme::new(kind, scale), w, h).expect("draws");
                let name = format!("{dir}/cliff-{shown}-{}-{w}x{h}.svg", kind.word());
                std::fs::write(name, svg).expect("write");
            }
        }
        // A run that went non-finite at step 30 (the cliff's own runs cannot:
        // its gradient is bounded for every setting the config accepts).
        let walk = &mut r.runs.unclipped;
        walk.points.truncate(31);
        let p = walk.points.last_mut().expect("point");
        (p.loss, p.grad_norm) = (f64::NAN, f64::NAN);
        walk.diverged = Some(30);
        r.shown = r.len();
        let svg = to_svg(&r, &Theme::new(ThemeKind::Default, 1.0), 1600, 900).expect("draws");
        std::fs::write(format!("{dir}/cliff-nonfinite-default-1600x900.svg"), svg).expect("write");
    }

    #[test]
    #[ignore]
    fn time_a_draw() {
        let mut r = Replay::new(CliffConfig::default());
        assert_eq!(r.surface.n, 201);
        r.shown = r.len();
        for (kind, scale, (w, h)) in [
            (ThemeKind::Default, 1.0, (1600, 900)),
            (ThemeKind::Projector, 2.0, (1920, 1080)),
        ] {
            let theme = Theme::new(kind, scale);
            let mut times: Vec<f64> = (0..20)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let svg = to_svg(&r, &theme, w, h).expect("draws");
                    std::hint::black_box(svg);
                    start.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let svg = to_svg(&r, &theme, w, h).expect("draws");
            eprintln!(
                "{kind:?} ×{scale} {w}×{h}: median {:.2} ms (min {:.2}, max {:.2}); {} rects, {} KB",
                times[10],
                times[0],
                times[19],
                svg.matches("<rect").count(),
                svg.len() / 1024
            );
        }
    }
}
