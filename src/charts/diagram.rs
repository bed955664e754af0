//! The network diagram: inputs, hidden layers and output as columns of units,
//! every link drawn by its weight (colour for the sign, width for the size), as in
//! TensorFlow Playground, and past it a gradient view: links coloured by
//! |∂L/∂w| of the last step on the gradient-flow panel's fixed decades
//! (10⁻⁸ … 10⁴), units shaded by how saturated they are, dead ones crossed out.
//! On a plane each unit shows its output over the inputs (the thumbnails).
//!
//! Wide layers (the digits' 64 pixels and 75-unit layers) are drawn as bands of
//! thin cells, and between them only the strongest links, with a note that says
//! how many of how many are drawn. Below each gap the layer's mean |w| or mean
//! |∂L/∂w| is written out, so the ratio a lecture points at can be read.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    centred_note, header, line_height, pow10_label, pxi, style, text_width, Item, Swatch,
};
use super::gradient_flow::{Y_MAX_EXP, Y_MIN_EXP};
use super::theme::{viridis, OKABE_ITO};
use super::{fail, ChartResult, Theme, View};
use crate::scenes::network::diagram::{Diagram, THUMB};
use crate::scenes::Pointed;

pub mod focus;
pub mod layout;

use layout::{layout, strength, Hit, Layout};

/// What the links are drawn by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DiagramView {
    #[default]
    Weights,
    Gradients,
}

impl DiagramView {
    pub const fn word(self) -> &'static str {
        match self {
            DiagramView::Weights => "weights",
            DiagramView::Gradients => "gradients",
        }
    }
    pub fn from_word(w: &str) -> Option<Self> {
        [DiagramView::Weights, DiagramView::Gradients]
            .into_iter()
            .find(|v| v.word() == w)
    }
}

/// Positive and negative values: blue and vermillion, as the model panel's classes.
const POSITIVE: RGBColor = OKABE_ITO[0];
const NEGATIVE: RGBColor = OKABE_ITO[1];

/// The panel's title; the legend says which view it is.
pub(super) fn title(_: DiagramView) -> &'static str {
    super::Panel::Diagram.heading()
}

pub(super) fn legend(theme: &Theme, view: DiagramView) -> Vec<Item> {
    match view {
        DiagramView::Weights => vec![
            Item::text(crate::t!("chart.diagram.links-by-weight"), theme.foreground),
            Item::new(Swatch::Line(POSITIVE, theme.px_u(3.0)), "w > 0", theme),
            Item::new(Swatch::Line(NEGATIVE, theme.px_u(3.0)), "w < 0", theme),
            Item::text(crate::t!("chart.diagram.width-by-w"), theme.muted),
        ],
        DiagramView::Gradients => vec![
            Item::text(
                crate::t!("chart.diagram.links-by-gradient"),
                theme.foreground,
            ),
            Item::new(
                Swatch::Block(mix_colour(theme.background, theme.alarm, 0.5)),
                crate::t!("chart.diagram.shade-saturated"),
                theme,
            ),
            Item::text(crate::t!("chart.diagram.passes-no-gradient"), theme.muted),
        ],
    }
}

/// The colour of `v` on a diverging scale around 0, `v / scale` clamped to ±1.
fn diverging(theme: &Theme, v: f64, scale: f64) -> RGBColor {
    let t = if scale > 0.0 && v.is_finite() {
        (v / scale).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let c = if t >= 0.0 { POSITIVE } else { NEGATIVE };
    mix_colour(theme.background, c, t.abs())
}

/// Where |g| sits on the gradient-flow panel's decades, 0 to 1 (0 also for 0).
pub fn gradient_t(g: f64) -> f64 {
    if !(g.is_finite() && g > 0.0) {
        return if g.is_nan() {
            1.0
        } else {
            f64::from(u8::from(g.is_infinite()))
        };
    }
    ((g.log10() - f64::from(Y_MIN_EXP)) / f64::from(Y_MAX_EXP - Y_MIN_EXP)).clamp(0.0, 1.0)
}

/// `v` to three significant figures: 0.512, 12.3, 1.23e-4; with the language's
/// decimal mark.
pub fn sig3(v: f64) -> String {
    crate::lang::number(&sig3_text(v))
}

fn sig3_text(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".into();
    }
    let e = v.abs().log10().floor();
    if (-3.0..3.0).contains(&e) {
        let decimals = (2.0 - e).max(0.0) as usize;
        format!("{v:.decimals$}")
    } else {
        format!("{v:.2e}")
    }
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    let which = view.options.diagram;
    let Some(d) = view.snapshot.map(|s| &s.diagram) else {
        header(area, theme, title(which), &[])?;
        let (w, h) = area.dim_in_pixel();
        return centred_note(
            area,
            theme,
            crate::t!("chart.diagram.no-network"),
            (0, 0, w as i32, h as i32),
        );
    };
    let size = area.dim_in_pixel();
    let lay = layout(theme, size, d, which);
    header(area, theme, title(which), &legend(theme, which))?;
    draw_links(area, theme, d, which, &lay)?;
    draw_units(area, theme, d, which, &lay)?;
    draw_labels(area, theme, d, which, &lay)?;
    if let Some(bar) = lay.bar {
        draw_bar(area, theme, bar)?;
    }
    if which == DiagramView::Gradients && d.step == 0 {
        let (w, _) = size;
        centred_note(
            area,
            theme,
            crate::t!("chart.diagram.no-steps"),
            (0, lay.plot.0, w as i32, lay.plot.1),
        )?;
    }
    Ok(())
}

fn draw_links<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    d: &Diagram,
    which: DiagramView,
    lay: &Layout,
) -> ChartResult {
    let wmax = lay
        .links
        .iter()
        .map(|l| {
            strength(
                d,
                DiagramView::Weights,
                l.layer - 1,
                index(d, l.layer, l.from, l.to),
            )
        })
        .filter(|v| v.is_finite())
        .fold(1e-12f64, f64::max);
    // Faint links first, so the strong ones lie on top.
    let mut order: Vec<(f64, usize)> = lay
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                strength(d, which, l.layer - 1, index(d, l.layer, l.from, l.to)),
                i,
            )
        })
        .collect();
    layout::sort_by_first(&mut order);
    for (s, i) in order {
        let l = &lay.links[i];
        let p = &d.params[l.layer - 1];
        let k = index(d, l.layer, l.from, l.to);
        let (colour, width, alpha) = match which {
            DiagramView::Weights => {
                let w = p.w[k];
                let f = (s / wmax).min(1.0);
                let c = if w >= 0.0 { POSITIVE } else { NEGATIVE };
                (c, theme.px(0.6 + 4.4 * f), 0.35 + 0.65 * f)
            }
            DiagramView::Gradients => {
                let t = gradient_t(p.grad_w[k].abs());
                let c = if p.grad_w[k] == 0.0 {
                    theme.grid
                } else {
                    viridis(t)
                };
                (c, theme.px(1.0 + 3.0 * t), 0.9)
            }
        };
        area.draw(&PathElement::new(
            vec![l.a, l.b],
            colour
                .mix(alpha)
                .stroke_width(width.round().max(1.0) as u32),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

/// The index of link `from` → `to` (0-based units) of layer `layer` (from 1) in W.
fn index(d: &Diagram, layer: usize, from: usize, to: usize) -> usize {
    from * d.params[layer - 1].outputs + to
}

fn draw_units<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    d: &Diagram,
    which: DiagramView,
    lay: &Layout,
) -> ChartResult {
    let thumbs = d
        .thumbnails
        .as_ref()
        .filter(|_| which == DiagramView::Weights);
    for u in &lay.units {
        let (w, h) = (u.x1 - u.x0, u.y1 - u.y0);
        let boxed = w >= pxi(theme, 10.0) && h >= pxi(theme, 10.0);
        match (thumbs, which) {
            (Some(t), _) if boxed && theme.raster => {
                // One bitmap per thumbnail, the same pixels as the cells below:
                // rows count up from the bottom of the plane.
                let image = &t.images[u.layer][u.unit];
                let scale = t.scale[u.layer];
                let (cols, rows) = (
                    super::runs::part_of_each_pixel(w, THUMB),
                    super::runs::part_of_each_pixel(h, THUMB),
                );
                let mut rgb = Vec::with_capacity(cols.len() * rows.len() * 3);
                for &j in rows.iter().rev() {
                    for &i in &cols {
                        let c = diverging(theme, image[j * THUMB + i], scale);
                        rgb.extend([c.0, c.1, c.2]);
                    }
                }
                area.draw(&super::runs::Bitmap {
                    pos: (u.x0, u.y0),
                    size: (cols.len() as u32, rows.len() as u32),
                    rgb,
                })
                .map_err(fail)?;
            }
            (Some(t), _) if boxed => {
                let image = &t.images[u.layer][u.unit];
                let scale = t.scale[u.layer];
                for j in 0..THUMB {
                    // Row 0 is the bottom of the plane.
                    let y1 = u.y1 - (h * j as i32) / THUMB as i32;
                    let y0 = u.y1 - (h * (j as i32 + 1)) / THUMB as i32;
                    let colour = |i: usize| diverging(theme, image[j * THUMB + i], scale);
                    for (i, end, c) in super::runs::runs(THUMB, colour) {
                        let x0 = u.x0 + (w * i as i32) / THUMB as i32;
                        let x1 = u.x0 + (w * end as i32) / THUMB as i32;
                        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))
                            .map_err(fail)?;
                    }
                }
            }
            (_, DiagramView::Gradients) if u.layer > 0 => {
                let s = d.saturation[u.layer - 1][u.unit];
                let c = mix_colour(theme.background, theme.alarm, 0.1 + 0.8 * s);
                area.draw(&Rectangle::new([(u.x0, u.y0), (u.x1, u.y1)], c.filled()))
                    .map_err(fail)?;
            }
            _ if u.layer > 0 => {
                let p = &d.params[u.layer - 1];
                let scale = p.b.iter().fold(1e-9f64, |m, b| m.max(b.abs()));
                let c = diverging(theme, p.b[u.unit], scale);
                area.draw(&Rectangle::new([(u.x0, u.y0), (u.x1, u.y1)], c.filled()))
                    .map_err(fail)?;
            }
            _ => {
                area.draw(&Rectangle::new(
                    [(u.x0, u.y0), (u.x1, u.y1)],
                    theme.grid.filled(),
                ))
                .map_err(fail)?;
            }
        }
        if boxed {
            area.draw(&Rectangle::new(
                [(u.x0, u.y0), (u.x1, u.y1)],
                theme.muted.stroke_width(theme.px_u(1.0)),
            ))
            .map_err(fail)?;
        }
        if u.layer > 0 {
            // The bias: a small square on the box's left edge, its colour the sign.
            let p = &d.params[u.layer - 1];
            if boxed {
                let scale = p.b.iter().fold(1e-9f64, |m, b| m.max(b.abs()));
                let m = (w / 4).max(pxi(theme, 4.0));
                let cy = (u.y0 + u.y1) / 2;
                let c = diverging(theme, p.b[u.unit], scale);
                area.draw(&Rectangle::new(
                    [(u.x0 - m / 2, cy - m / 2), (u.x0 + m / 2, cy + m / 2)],
                    c.filled(),
                ))
                .map_err(fail)?;
                area.draw(&Rectangle::new(
                    [(u.x0 - m / 2, cy - m / 2), (u.x0 + m / 2, cy + m / 2)],
                    theme.foreground.stroke_width(1),
                ))
                .map_err(fail)?;
            }
            if which == DiagramView::Gradients && d.dead(u.layer, u.unit) {
                let c = theme
                    .foreground
                    .stroke_width(theme.px_u(if boxed { 2.0 } else { 1.0 }));
                area.draw(&PathElement::new(vec![(u.x0, u.y0), (u.x1, u.y1)], c))
                    .map_err(fail)?;
                area.draw(&PathElement::new(vec![(u.x0, u.y1), (u.x1, u.y0)], c))
                    .map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// `a` moved a share `f` of the way to `b`.
fn mix_colour(a: RGBColor, b: RGBColor, f: f64) -> RGBColor {
    let mix = |x: u8, y: u8| (f64::from(x) + f * (f64::from(y) - f64::from(x))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    d: &Diagram,
    which: DiagramView,
    lay: &Layout,
) -> ChartResult {
    let lh = line_height(theme, 1.0);
    let below = lay.plot.1 + lh / 2;
    let layers = d.params.len();
    // Each column's name under it: with its activation where the gaps allow.
    let name = |l: usize, long: bool| -> String {
        let act = (l > 0).then(|| d.params[l - 1].activation.to_string());
        match (l, act) {
            (0, _) => if long {
                crate::t!("chart.diagram.inputs")
            } else {
                crate::t!("chart.diagram.in")
            }
            .to_string(),
            (_, Some(a)) if long && l == layers => crate::t!("chart.diagram.out-long", act = a),
            (_, Some(a)) if long => format!("{l} · {a}"),
            _ if l == layers => crate::t!("chart.diagram.out").to_string(),
            _ => l.to_string(),
        }
    };
    // How far each label reaches left and right of its column: the first runs
    // right from just left of it, the last left, the others are centred.
    let reach = |l: usize, long: bool| -> (i32, i32) {
        let w = text_width(theme, 1.0, &name(l, long));
        let inset = pxi(theme, 8.0);
        match l {
            0 => (inset, w - inset),
            _ if l == layers => (w - inset, -inset),
            _ => (w / 2, w - w / 2),
        }
    };
    let fits = (0..layers).all(|l| {
        let gap = lay.columns[l + 1] - lay.columns[l];
        reach(l, true).1 + reach(l + 1, true).0 + pxi(theme, 6.0) <= gap
    });
    for (l, &cx) in lay.columns.iter().enumerate() {
        let name = name(l, fits);
        let h = match l {
            0 => HPos::Left,
            _ if l == layers => HPos::Right,
            _ => HPos::Center,
        };
        let x = match h {
            HPos::Left => cx - pxi(theme, 8.0),
            HPos::Right => cx + pxi(theme, 8.0),
            HPos::Center => cx,
        };
        area.draw_text(
            &name,
            &style(theme, 1.0, theme.foreground, h, VPos::Top),
            (x, below),
        )
        .map_err(fail)?;
    }
    // Each gap's figure, under the middle of the gap (on alternate lines if narrow).
    for l in 0..layers {
        let cx = (lay.columns[l] + lay.columns[l + 1]) / 2;
        let line = if lay.stagger && l % 2 == 1 { 2 } else { 1 };
        area.draw_text(
            &layout::gap_figure(d, which, l),
            &style(theme, 0.9, theme.muted, HPos::Center, VPos::Top),
            (cx, below + line * lh),
        )
        .map_err(fail)?;
    }
    // The inputs' names, beside the narrow input column.
    if d.widths[0] <= layout::WIDE {
        for u in lay.units.iter().filter(|u| u.layer == 0) {
            area.draw_text(
                &d.inputs[u.unit],
                &style(theme, 1.0, theme.foreground, HPos::Right, VPos::Center),
                (u.x0 - pxi(theme, 4.0), (u.y0 + u.y1) / 2),
            )
            .map_err(fail)?;
        }
    }
    let first = below + if lay.stagger { 3 } else { 2 } * lh;
    for (i, line) in lay.note.iter().enumerate() {
        area.draw_text(
            line,
            &style(theme, 1.0, theme.muted, HPos::Left, VPos::Top),
            (pxi(theme, super::axis::PAD), first + i as i32 * lh),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// The gradient view's colour bar: the decades of the gradient-flow panel.
fn draw_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> ChartResult {
    let h = (y1 - y0).max(1);
    for y in y0..y1 {
        let t = 1.0 - f64::from(y - y0) / f64::from(h);
        area.draw(&Rectangle::new([(x0, y), (x1, y + 1)], viridis(t).filled()))
            .map_err(fail)?;
    }
    let decades = Y_MAX_EXP - Y_MIN_EXP;
    // Label every k-th decade, the fewest that leave each label its line.
    let lh = line_height(theme, 0.9);
    let Some(every) = [1, 2, 3, 4, 6, 12]
        .into_iter()
        .find(|k| (decades / k + 1) * lh <= h)
    else {
        return Ok(());
    };
    for e in (Y_MIN_EXP..=Y_MAX_EXP).step_by(every as usize) {
        let y = y1 - (h * (e - Y_MIN_EXP)) / decades;
        area.draw_text(
            &pow10_label(e),
            &style(theme, 0.9, theme.foreground, HPos::Left, VPos::Center),
            (x1 + pxi(theme, 4.0), y),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// What the pointer is on at `p` (device pixels of a figure of `size`).
pub fn point(view: &View, theme: &Theme, size: (u32, u32), p: (i32, i32)) -> Option<Pointed> {
    let d = &view.snapshot?.diagram;
    let lay = layout(theme, size, d, view.options.diagram);
    match lay.hit(theme, p)? {
        Hit::Link(l) => {
            let k = index(d, l.layer, l.from, l.to);
            let prm = &d.params[l.layer - 1];
            let text = crate::t!(
                "chart.diagram.link-readout",
                layer = l.layer,
                from = l.from + 1,
                to = l.to + 1,
                w = sig3(prm.w[k]),
                grad = sig3(prm.grad_w[k])
            );
            let key = format!("w.{}.{}.{}", l.layer, l.from + 1, l.to + 1);
            Some(Pointed {
                text,
                edit: Some((key, prm.w[k])),
                focus: None,
            })
        }
        Hit::Unit(u) if u.layer == 0 => Some(Pointed {
            text: crate::t!("chart.diagram.input", name = d.inputs[u.unit]),
            edit: None,
            focus: Some((0, u.unit)),
        }),
        Hit::Unit(u) => {
            let prm = &d.params[u.layer - 1];
            let s = d.saturation[u.layer - 1][u.unit];
            let dead = if d.dead(u.layer, u.unit) {
                format!(" {}", crate::t!("chart.diagram.dead"))
            } else {
                String::new()
            };

            let text = crate::t!(
                "chart.diagram.unit-readout",
                layer = u.layer,
                unit = u.unit + 1,
                act = prm.activation,
                b = sig3(prm.b[u.unit]),
                grad = sig3(prm.grad_b[u.unit]),
                share = sig3(100.0 * s),
                points = d.points,
                dead = dead
            );

            let key = format!("b.{}.{}", u.layer, u.unit + 1);
            Some(Pointed {
                text,
                edit: Some((key, prm.b[u.unit])),
                focus: Some((u.layer, u.unit)),
            })
        }
    }
}

/// The diagram's numbers as CSV: one row per link, then one per unit.
pub fn csv(view: &View) -> String {
    let mut out = String::from("kind,layer,from,to,weight_or_bias,gradient,saturated\n");
    let Some(d) = view.snapshot.map(|s| &s.diagram) else {
        return out;
    };
    for l in d.links() {
        out.push_str(&format!(
            "link,{},{},{},{},{},\n",
            l.layer, l.from, l.to, l.weight, l.gradient
        ));
    }
    for (l, p) in d.params.iter().enumerate() {
        for u in 0..p.outputs {
            out.push_str(&format!(
                "unit,{},,{},{},{},{}\n",
                l + 1,
                u + 1,
                p.b[u],
                p.grad_b[u],
                d.saturation[l][u]
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
