//! Where the diagram puts every unit and link, in device pixels: computed once
//! for drawing and again for a pointer, so a hover or a click finds exactly what
//! was drawn under it.

use super::super::axis::{header_height, line_height, pxi, text_width, wrap, Item, PAD};
use super::super::Theme;
use super::{legend, sig3, title, DiagramView};
use crate::scenes::network::diagram::Diagram;

/// A layer wider than this is drawn as a band of thin cells, not as boxes.
pub const WIDE: usize = 16;
/// Between two layers either of which is wide, only this many links are drawn:
/// the largest by |w| (weight view) or |∂L/∂w| (gradient view).
pub const LINKS_SHOWN: usize = 60;
/// The largest unit box, in CSS pixels.
const MAX_BOX: f64 = 46.0;

/// One unit's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitBox {
    /// 0 for the inputs, then the layers from 1.
    pub layer: usize,
    /// From 0.
    pub unit: usize,
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

/// One drawn link: layer from 1, units from 0 (`from` in layer − 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinkLine {
    pub layer: usize,
    pub from: usize,
    pub to: usize,
    pub a: (i32, i32),
    pub b: (i32, i32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The y just below the header.
    pub top: i32,
    /// The columns' vertical extent, and the labels' lines below it.
    pub plot: (i32, i32),
    pub columns: Vec<i32>,
    pub units: Vec<UnitBox>,
    pub links: Vec<LinkLine>,
    /// Links between each pair of layers, and how many of them are drawn.
    pub counts: Vec<(usize, usize)>,
    /// The colour bar's box (gradient view).
    pub bar: Option<(i32, i32, i32, i32)>,
    /// The gaps' figures alternate between two lines (they would not fit on one).
    pub stagger: bool,
    /// The note under everything, wrapped to the width.
    pub note: Vec<String>,
}

impl Layout {
    /// The unit box under `p`, or else the drawn link within a few pixels of it.
    pub fn hit(&self, theme: &Theme, p: (i32, i32)) -> Option<Hit> {
        let margin = pxi(theme, 2.0);
        if let Some(u) = self.units.iter().find(|u| {
            p.0 >= u.x0 - margin
                && p.0 <= u.x1 + margin
                && p.1 >= u.y0 - margin
                && p.1 <= u.y1 + margin
        }) {
            return Some(Hit::Unit(*u));
        }
        let reach = f64::from(pxi(theme, 5.0));
        self.links
            .iter()
            .map(|l| (distance(p, l.a, l.b), l))
            .filter(|(d, _)| *d <= reach)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, l)| Hit::Link(*l))
    }
}

/// What a pointer is on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    Unit(UnitBox),
    Link(LinkLine),
}

/// The distance from `p` to the segment a–b.
fn distance(p: (i32, i32), a: (i32, i32), b: (i32, i32)) -> f64 {
    let (px, py) = (f64::from(p.0), f64::from(p.1));
    let (ax, ay, bx, by) = (
        f64::from(a.0),
        f64::from(a.1),
        f64::from(b.0),
        f64::from(b.1),
    );
    let (dx, dy) = (bx - ax, by - ay);
    let len = dx * dx + dy * dy;
    let t = if len > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

/// The magnitude a link is ranked and drawn by in `view`.
pub fn strength(d: &Diagram, view: DiagramView, layer: usize, i: usize) -> f64 {
    let p = &d.params[layer];
    let v = match view {
        DiagramView::Weights => p.w[i],
        DiagramView::Gradients => p.grad_w[i],
    };
    if v.is_finite() {
        v.abs()
    } else {
        f64::INFINITY
    }
}

/// The layout of `d` on an area of `size` device pixels.
pub fn layout(theme: &Theme, size: (u32, u32), d: &Diagram, view: DiagramView) -> Layout {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let pad = pxi(theme, PAD);
    let top = header_height(theme, size.0, title(view), &legend(theme, view) as &[Item]);
    let lh = line_height(theme, 1.0);
    let names = d
        .inputs
        .iter()
        .map(|n| text_width(theme, 1.0, n))
        .max()
        .unwrap_or(0);
    let bar_w = pxi(theme, 12.0) + text_width(theme, 0.9, "10⁻⁸") + pxi(theme, 6.0);
    let right_edge = if view == DiagramView::Gradients {
        w - pad - bar_w - pxi(theme, 14.0)
    } else {
        w - pad
    };
    // What each pair of layers draws, and so what the note says.
    let counts: Vec<(usize, usize)> = d
        .params
        .iter()
        .map(|p| {
            let all = p.inputs * p.outputs;
            let wide = p.inputs > WIDE || p.outputs > WIDE;
            (all, if wide { all.min(LINKS_SHOWN) } else { all })
        })
        .collect();
    let note = wrap(theme, &note_text(view, &counts), (w - 2 * pad).max(1));
    // The gaps' figures alternate lines when one is wider than its gap.
    let n = d.widths.len();
    let gap_guess = (right_edge - pad - names) / (n.max(2) as i32 - 1);
    let widest = (0..d.params.len())
        .map(|l| text_width(theme, 0.9, &gap_figure(d, view, l)))
        .max()
        .unwrap_or(0);
    let stagger = widest + pxi(theme, 10.0) > gap_guess;
    // Below the columns: the layers' names, the gaps' figures, the note.
    let lines = 1 + if stagger { 2 } else { 1 } + note.len() as i32;
    let plot = (
        top + lh / 2,
        (h - pad / 2 - lines * lh - lh / 2).max(top + lh),
    );
    let bar = (view == DiagramView::Gradients).then(|| {
        let x1 = w - pad - (bar_w - pxi(theme, 12.0));
        (x1 - pxi(theme, 12.0), plot.0, x1, plot.1)
    });
    let span = (plot.1 - plot.0).max(1);
    // The largest box that fits every narrow column and the gaps between columns.
    let tallest = d
        .widths
        .iter()
        .copied()
        .filter(|&k| k <= WIDE)
        .max()
        .unwrap_or(1);
    let gap_x = (right_edge - pad - names) / (n.max(2) as i32);
    let side = ((f64::from(span) / tallest as f64) * 0.72)
        .min(f64::from(gap_x) * 0.45)
        .min(theme.px(MAX_BOX))
        .max(theme.px(6.0)) as i32;
    let left = pad + names + pxi(theme, 4.0) + side / 2;
    let right = right_edge - side / 2;
    let columns: Vec<i32> = (0..n)
        .map(|i| left + ((right - left) as f64 * i as f64 / (n - 1).max(1) as f64) as i32)
        .collect();
    let mut units = Vec::new();
    for (l, (&k, &cx)) in d.widths.iter().zip(&columns).enumerate() {
        if k <= WIDE {
            let step = f64::from(span) / k as f64;
            for u in 0..k {
                let cy = plot.0 + (step * (u as f64 + 0.5)) as i32;
                units.push(UnitBox {
                    layer: l,
                    unit: u,
                    x0: cx - side / 2,
                    y0: cy - side / 2,
                    x1: cx + side / 2,
                    y1: cy + side / 2,
                });
            }
        } else {
            // A band: one thin cell per unit, edge to edge.
            let half = pxi(theme, 7.0);
            for u in 0..k {
                let y0 = plot.0 + (f64::from(span) * u as f64 / k as f64) as i32;
                let y1 = plot.0 + (f64::from(span) * (u + 1) as f64 / k as f64) as i32;
                units.push(UnitBox {
                    layer: l,
                    unit: u,
                    x0: cx - half,
                    y0,
                    x1: cx + half,
                    y1: y1.max(y0 + 1),
                });
            }
        }
    }
    let first_of = |l: usize| -> usize { d.widths[..l].iter().sum() };
    let mut links = Vec::new();
    for (l, p) in d.params.iter().enumerate() {
        let all = p.inputs * p.outputs;
        let order: Vec<usize> = if counts[l].1 < all {
            let mut ranked: Vec<(f64, usize)> =
                (0..all).map(|i| (strength(d, view, l, i), i)).collect();
            sort_by_first(&mut ranked);
            ranked.iter().rev().take(counts[l].1).map(|r| r.1).collect()
        } else {
            (0..all).collect()
        };
        for i in order {
            let (from, to) = (i / p.outputs, i % p.outputs);
            let a = units[first_of(l) + from];
            let b = units[first_of(l + 1) + to];
            links.push(LinkLine {
                layer: l + 1,
                from,
                to,
                a: (a.x1, (a.y0 + a.y1) / 2),
                b: (b.x0, (b.y0 + b.y1) / 2),
            });
        }
    }
    Layout {
        top,
        plot,
        columns,
        units,
        links,
        counts,
        bar,
        stagger,
        note,
    }
}

/// The figure under the gap between layer `l` and the next (0-based): mean |w|
/// or mean |∂L/∂w|.
pub fn gap_figure(d: &Diagram, view: DiagramView, l: usize) -> String {
    sig3(match view {
        DiagramView::Weights => d.mean_abs_weight(l),
        DiagramView::Gradients => d.mean_abs_gradient(l),
    })
}

/// What the figures are, and what a wide net leaves out.
fn note_text(view: DiagramView, counts: &[(usize, usize)]) -> String {
    let what = match view {
        DiagramView::Weights => crate::t!("chart.diagram.gap-weights"),
        DiagramView::Gradients => crate::t!("chart.diagram.gap-gradients"),
    };
    let shown: usize = counts.iter().map(|c| c.1).sum();
    let all: usize = counts.iter().map(|c| c.0).sum();
    if shown < all {
        crate::t!(
            "chart.diagram.bands-note",
            what = what,
            links = LINKS_SHOWN,
            shown = shown,
            all = all
        )
    } else {
        crate::t!("chart.diagram.all-links-note", what = what)
    }
}

pub use crate::engine::sorting::sort_by_first;
