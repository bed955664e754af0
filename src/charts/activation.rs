//! Activation and pre-activations: the hidden layers' function f(z) and its
//! derivative f′(z) over z ∈ [−6, 6], with each hidden layer's current
//! pre-activations as a histogram behind them.
//!
//! Backpropagation multiplies by f′(z) once per layer, so where the
//! pre-activations sit on this curve decides whether gradients survive. A
//! sigmoid's derivative never exceeds 0.25 (the guide line says so) and a
//! tanh's is 1 only at 0; once a layer's pre-activations spread to |z| > 4
//! its units are saturated and pass almost no gradient back. The header
//! reports, per layer, the share beyond the drawn range and (for sigmoid and
//! tanh) the saturated share, computed from the histograms.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    boxed_text, centred_note, fmt_tick, header, line_height, linear_range, local, nice_ticks, pxi,
    style_mesh, text_width, x_label_count, Frame, Item, Swatch, Ticked, TickedChart,
};
use super::theme::OKABE_ITO;
use super::{fail, ChartResult, Panel, Theme, View};
use crate::engine::activation::Activation;
use crate::scenes::network::snapshot::{Histogram, Snapshot, BINS, RANGE};

/// |z| beyond which a sigmoid or tanh unit counts as saturated here.
pub const SATURATION_Z: f64 = 4.0;
/// Points per curve.
const CURVE_POINTS: usize = 241;
/// The tallest histogram bar reaches this share of the plot's height.
const HIST_HEIGHT: f64 = 0.9;

/// The share of `h`'s values outside its range (below + above), of all values.
pub fn beyond_share(h: &Histogram) -> f64 {
    let total = h.total();
    if total == 0 {
        0.0
    } else {
        f64::from(h.below + h.above) / f64::from(total)
    }
}

/// The share of `h`'s values with |z| > `z` (those beyond the range included).
/// Bins count wholly when their centre is beyond `z`.
pub fn saturated_share(h: &Histogram, z: f64) -> f64 {
    let total = h.total();
    if total == 0 || h.counts.is_empty() {
        return 0.0;
    }
    let width = (h.hi - h.lo) / h.counts.len() as f64;
    let inside: u32 = h
        .counts
        .iter()
        .enumerate()
        .filter(|&(b, _)| (h.lo + (b as f64 + 0.5) * width).abs() > z)
        .map(|(_, &c)| c)
        .sum();
    f64::from(inside + h.below + h.above) / f64::from(total)
}

fn percent(share: f64) -> String {
    let p = 100.0 * share;
    if p > 0.0 && p < 1.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// Two significant digits: 0.0013, 0.018, 0.25.
fn short(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return fmt_tick(v, 1.0);
    }
    let decimals = (1.0 - v.log10().floor()).max(0.0) as usize;
    crate::lang::number(&format!("{v:.decimals$}"))
}

/// The guide for the derivative's maximum: (value, label), for sigmoid and tanh.
pub fn derivative_guide(act: Activation) -> Option<(f64, &'static str)> {
    match act {
        Activation::Sigmoid => Some((0.25, "max σ′ = 0.25")),
        Activation::Tanh => Some((1.0, "max tanh′ = 1")),
        _ => None,
    }
}

/// (z, f(z), f′(z)) over [−RANGE, RANGE].
fn curve(act: Activation) -> Vec<(f64, f64, f64)> {
    (0..CURVE_POINTS)
        .map(|i| {
            let z = -RANGE + 2.0 * RANGE * i as f64 / (CURVE_POINTS - 1) as f64;
            (z, act.value(z), act.derivative(z))
        })
        .collect()
}

/// Runs of finite points, for lines that break at non-finite values.
fn finite_runs(points: impl Iterator<Item = (f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (x, y) in points {
        if x.is_finite() && y.is_finite() {
            if let Some(run) = out.last_mut() {
                run.push((x, y));
            }
        } else if out.last().is_some_and(|r| !r.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// The per-layer notes of the header: mass beyond the range, saturation.
fn notes(theme: &Theme, s: &Snapshot, layers: usize) -> Vec<Item> {
    let act = s.activation;
    let saturates = act.saturates();
    let mut items = Vec::new();
    for (l, h) in s.layers.iter().enumerate() {
        let beyond = beyond_share(h);
        let sat = if saturates {
            saturated_share(h, SATURATION_Z)
        } else {
            0.0
        };
        let mut parts = Vec::new();
        if sat > 0.01 {
            parts.push(format!("{} saturated", percent(sat)));
        }
        if beyond > 0.01 {
            parts.push(format!("{} beyond ±{RANGE}", percent(beyond)));
        }
        if h.non_finite > 0 {
            parts.push(format!("{} not finite", h.non_finite));
        }
        if !parts.is_empty() {
            items.push(Item::new(
                Swatch::Block(theme.layer_colour(l, layers)),
                format!("layer {}: {}", l + 1, parts.join(", ")),
                theme,
            ));
        }
    }
    if saturates && !items.is_empty() {
        let explain = Item::text(
            format!(
                "saturated: |z| > {SATURATION_Z}, where f′ < {}",
                short(act.derivative(SATURATION_Z))
            ),
            theme.muted,
        );
        items.insert(0, explain);
    }
    if let Some(first) = items.first_mut() {
        first.newline = true;
    }
    items
}

/// The header's entries: f and f′, each hidden layer's histogram, and the
/// per-layer notes.
fn legend(
    theme: &Theme,
    snap: Option<&Snapshot>,
    (hidden, layers): (usize, usize),
    (f_colour, d_colour): (RGBColor, RGBColor),
) -> Vec<Item> {
    let mut items = Vec::new();
    if snap.is_some() {
        items.push(Item::new(
            Swatch::Line(f_colour, theme.line()),
            "f(z)",
            theme,
        ));
        items.push(Item::new(
            Swatch::Dashed(d_colour, theme.line()),
            "f′(z)",
            theme,
        ));
    }
    if hidden > 0 {
        items.push(Item::text("pre-activations:", theme.muted));
        for l in 0..hidden {
            items.push(Item::new(
                Swatch::Block(theme.layer_colour(l, layers)),
                format!("layer {}", l + 1),
                theme,
            ));
        }
    }
    if let Some(s) = snap {
        items.extend(notes(theme, s, layers));
    }
    items
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    let snap = view.snapshot;
    let hidden = snap.map_or(0, |s| s.layers.len());
    let layers = view.history.layers.max(hidden + 1);
    let f_colour = theme.foreground;
    let d_colour = OKABE_ITO[1];

    let items = legend(theme, snap, (hidden, layers), (f_colour, d_colour));
    let top = header(area, theme, Panel::Activation.heading(), &items)?;

    let curve = snap.map(|s| curve(s.activation)).unwrap_or_default();
    let guide = snap.and_then(|s| derivative_guide(s.activation));
    let (mut lo, mut hi) = linear_range(
        curve
            .iter()
            .flat_map(|p| [p.1, p.2])
            .chain(guide.map(|g| g.0))
            .chain([0.0]),
        (-1.05, 1.05),
    );
    if curve.is_empty() {
        (lo, hi) = (-1.05, 1.05);
    }
    let row = line_height(theme, 1.0);
    let probe = Frame::new(theme, top, text_width(theme, 1.0, "-0.00"), 0);
    let (probe_w, probe_h) = probe.plot_size(theme, area.dim_in_pixel());
    let (y_ticks, y_step) = nice_ticks(
        lo,
        hi,
        (probe_h / (2 * row).max(1)).clamp(2, 8) as usize,
        false,
    );
    let y_labels: Vec<String> = y_ticks.iter().map(|&v| fmt_tick(v, y_step)).collect();
    let label_w = y_labels
        .iter()
        .map(|l| text_width(theme, 1.0, l))
        .max()
        .unwrap_or(0);
    let x_label_w = text_width(theme, 1.0, "-6");
    let frame = Frame::new(theme, top, label_w, x_label_w / 2 + pxi(theme, 6.0));
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    let n_x = x_label_count(theme, probe_w, x_label_w).min(7);
    let (x_ticks, x_step) = nice_ticks(-RANGE, RANGE, n_x, true);
    let x_ticks = if x_step < 2.0 {
        nice_ticks(-RANGE, RANGE, 7, true).0
    } else {
        x_ticks
    };
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((-RANGE, RANGE), x_ticks, Vec::new()),
            Ticked::new((lo, hi), y_ticks.clone(), Vec::new()),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_tick(*v, 1.0);
    let fmt_y = |v: &f64| {
        y_ticks
            .iter()
            .position(|t| t == v)
            .map(|i| y_labels[i].clone())
            .unwrap_or_default()
    };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "pre-activation z", "f(z), f′(z)");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    let (px0, py0) = local(area, chart.backend_coord(&(-RANGE, hi)));
    let (px1, py1) = local(area, chart.backend_coord(&(RANGE, lo)));

    if let Some(s) = snap {
        histograms(&mut chart, theme, s, layers, (lo, hi))?;
    }

    // The derivative's ceiling, then f′ (dashed) and f on top.
    if let Some((g, label)) = guide {
        let (_, gy) = local(area, chart.backend_coord(&(0.0, g)));
        guide_line(area, theme, label, gy, (px0, py0, px1))?;
    }
    for run in finite_runs(curve.iter().map(|p| (p.0, p.2))) {
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                run,
                theme.px_u(9.0),
                theme.px_u(6.0),
                d_colour.stroke_width(theme.line()),
            )))
            .map_err(fail)?;
    }
    for run in finite_runs(curve.iter().map(|p| (p.0, p.1))) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                run,
                f_colour.stroke_width(theme.line()),
            )))
            .map_err(fail)?;
    }
    if snap.is_none() {
        centred_note(
            area,
            theme,
            "press step to see pre-activations",
            (px0, py0, px1, py1),
        )?;
    } else if hidden == 0 {
        centred_note(area, theme, "no hidden layers", (px0, py0, px1, py1))?;
    }
    Ok(())
}

/// Each hidden layer's histogram on `chart`, scaled together over the y
/// range `lo..hi`: the tallest bin of all reaches 90%.
fn histograms<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    theme: &Theme,
    s: &Snapshot,
    layers: usize,
    (lo, hi): (f64, f64),
) -> ChartResult {
    let tallest = s
        .layers
        .iter()
        .flat_map(|h| h.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = HIST_HEIGHT * (hi - lo) / f64::from(tallest);
    let outline = theme.px_u(1.5).max(theme.line() / 2);
    for (l, h) in s.layers.iter().enumerate() {
        let spans = h.hi > h.lo;
        // Nothing inside the range: the header says where it all went.
        if h.counts.iter().all(|&c| c == 0) || !spans {
            continue;
        }
        let colour = theme.layer_colour(l, layers);
        let width = (h.hi - h.lo) / h.counts.len() as f64;
        let mut path = vec![(h.lo, lo)];
        for (b, &c) in h.counts.iter().enumerate() {
            let y = lo + f64::from(c) * scale;
            let x = h.lo + b as f64 * width;
            path.push((x, y));
            path.push((x + width, y));
        }
        path.push((h.hi, lo));
        chart
            .draw_series(std::iter::once(Polygon::new(
                path.clone(),
                colour.mix(0.14).filled(),
            )))
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                path,
                colour.stroke_width(outline),
            )))
            .map_err(fail)?;
    }
    Ok(())
}

/// The derivative's ceiling: a dashed line at `gy` across the plot from `px0`
/// to `px1`, named `label` above it (below when the plot's top `py0` is near).
fn guide_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    label: &str,
    gy: i32,
    (px0, py0, px1): (i32, i32, i32),
) -> ChartResult {
    let dash = pxi(theme, 8.0);
    let mut x = px0;
    while x < px1 {
        area.draw(&PathElement::new(
            vec![(x, gy), ((x + dash).min(px1), gy)],
            theme.muted.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
        x += 2 * dash;
    }
    // Above the line, or below it when the line is at the top.
    let (ly, vp) = if gy - pxi(theme, 3.0) - line_height(theme, 1.0) >= py0 {
        (gy - pxi(theme, 3.0), VPos::Bottom)
    } else {
        (gy + pxi(theme, 3.0), VPos::Top)
    };
    boxed_text(
        area,
        theme,
        label,
        1.0,
        theme.muted,
        (px0 + pxi(theme, 6.0), ly),
        (HPos::Left, vp),
    )
}

/// z, f and f′ at each bin centre, then each hidden layer's count in that bin.
pub fn csv(view: &View) -> String {
    let Some(s) = view.snapshot else {
        return "z,f,f_prime\n".into();
    };
    let mut out = String::from("z,f,f_prime");
    for l in 1..=s.layers.len() {
        out.push_str(&format!(",layer{l}_count"));
    }
    out.push('\n');
    let (lo, hi, bins) = s
        .layers
        .first()
        .map_or((-RANGE, RANGE, BINS), |h| (h.lo, h.hi, h.counts.len()));
    let width = (hi - lo) / bins.max(1) as f64;
    for b in 0..bins {
        let z = lo + (b as f64 + 0.5) * width;
        out.push_str(&format!(
            "{},{},{}",
            crate::scenes::network::history::number(z),
            crate::scenes::network::history::number(s.activation.value(z)),
            crate::scenes::network::history::number(s.activation.derivative(z))
        ));
        for h in &s.layers {
            out.push_str(&format!(",{}", h.counts.get(b).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
