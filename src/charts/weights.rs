//! Weights: each layer's weight histogram now (top, one small plot per layer,
//! input side first) and each layer's ‖W‖ over the training steps (bottom).
//!
//! The cures for overfitting act on the weights, and each leaves its mark
//! here. L1 pushes every weight towards 0 by the same amount each step, so
//! the weights that do not earn their keep end at 0: a spike in the middle
//! bin (the bin count is odd, so one bin is centred on 0), and the count of
//! |w| < 10⁻³ is each plot's second line. L2 shrinks every weight in proportion, so the
//! distribution narrows (read the ±m ends of the x axis) and ‖W‖ falls.
//!
//! Counts are drawn as log₁₀(1 + count): one weight in a bin already shows,
//! an empty bin sits on the floor, and the ticks are labelled with counts.
//! The y axis is shared by every layer's plot; each x axis spans that
//! layer's ±max |w|, never less than ±0.041 (see the snapshot's
//! `min_half_range`). The norms below are on a linear axis from 0, so a
//! weight norm halved by L2 looks halved.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    centred_note, divergence_line, fmt_count, fmt_tick, header, line_height, line_or_dot,
    linear_range, local, nice_ticks, no_steps_note, pow10_label, pxi, step_range, style,
    style_mesh, text_ems, text_width, x_label_count, Frame, Item, Ticked, PAD,
};
use super::layer_series::{layer_items, measured};
use super::{fail, ChartResult, Panel, Theme, View};
use crate::scenes::network::history::{number, Measure};
use crate::scenes::network::snapshot::{LayerWeights, NEAR_ZERO};

/// The histograms' share of the height below the header; the norms have the rest.
const HISTOGRAM_SHARE: f64 = 0.55;
/// The narrowest a layer's histogram may be, in ems of the theme's type,
/// before the plots wrap onto another row.
const MIN_CELL_EMS: f64 = 12.0;
/// A histogram's plot is at least this tall, in CSS pixels, or the plots
/// share fewer rows (and get narrower).
const MIN_PLOT_HEIGHT: f64 = 48.0;

/// The count's place on the y axis.
fn log_count(c: u32) -> f64 {
    (1.0 + f64::from(c)).log10()
}

/// `v` with two significant digits, as a histogram's end: 0.41, 0.041, 1.3.
fn end_label(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return fmt_tick(v, 1.0);
    }
    let decimals = (1.0 - v.log10().floor()).clamp(0.0, 6.0) as usize;
    crate::lang::number(&format!("{v:.decimals$}"))
}

/// The name of layer `l` of `layers` with its shape, longest first: the
/// plot uses the first that fits.
fn names(l: usize, layers: usize, w: &LayerWeights) -> [String; 3] {
    let shape = format!("{}×{}", w.inputs, w.outputs);
    let output = if l + 1 == layers { " (output)" } else { "" };
    [
        format!("layer {}{output} · {shape}", l + 1),
        format!("layer {} · {shape}", l + 1),
        format!("{} · {shape}", l + 1),
    ]
}

/// How many weights are near zero, longest first.
fn zero_notes(w: &LayerWeights) -> [String; 3] {
    let (n, total) = (w.near_zero, w.inputs * w.outputs);
    let limit = pow10_label(NEAR_ZERO.log10().round() as i32);
    [
        format!("{n} of {total} with |w| < {limit}"),
        format!("{n} of {total} |w|<{limit}"),
        format!("{n}/{total} near 0"),
    ]
}

/// `px` device pixels in CSS pixels. Layout choices compare CSS pixels and
/// unrounded text widths, so a figure at twice the scale makes the same ones.
fn css(theme: &Theme, px: i32) -> f64 {
    f64::from(px) / theme.scale
}

/// The width of `s` in CSS pixels, unrounded.
fn css_width(theme: &Theme, s: &str) -> f64 {
    text_ems(s) * theme.font_px
}

/// The first of `options` at most `width` CSS pixels wide, or the last.
fn fitting<'a>(theme: &Theme, options: &'a [String], width: f64) -> &'a str {
    options
        .iter()
        .find(|s| css_width(theme, s) <= width)
        .unwrap_or(&options[options.len() - 1])
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    let weights = view.snapshot.map_or(&[][..], |s| &s.weights[..]);
    let layers = view.history.layers.max(weights.len());
    let mut items = layer_items(theme, layers);
    items.push(Item::text(
        "histograms: weights per bin, log scale",
        theme.muted,
    ));
    // Half a line between the legend and the plots' names.
    let top = header(area, theme, Panel::Weights.heading(), &items)? + line_height(theme, 1.0) / 2;
    let (_, height) = area.dim_in_pixel();
    let below = (height as i32 - top).max(0);
    let split = top + (f64::from(below) * HISTOGRAM_SHARE).round() as i32;
    let (upper, lower) = area.split_vertically(split.max(1));
    let (_, cells) = upper.split_vertically(top.min(split).max(0));
    histograms(&cells, theme, weights, layers, view.history.step())?;
    norms(&lower, view, theme, layers)
}

/// The per-layer histograms in a grid of as many columns as fit.
fn histograms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    weights: &[LayerWeights],
    layers: usize,
    step: u64,
) -> ChartResult {
    let (w, h) = area.dim_in_pixel();
    if weights.is_empty() {
        let note = format!("no weights to show at step {step}");
        let pad = pxi(theme, PAD);
        return centred_note(area, theme, &note, (pad, 0, w as i32 - pad, h as i32));
    }
    let n = weights.len();
    let fit = (f64::from(w) / theme.scale / (MIN_CELL_EMS * theme.font_px)).floor();
    let fit = fit.max(1.0) as usize;
    // Three lines of text (name, zero count, x labels) and the margins.
    let cell_css = 3.0 * 1.3 * theme.font_px + 3.0 * PAD + MIN_PLOT_HEIGHT;
    let rows_tall = (f64::from(h) / theme.scale / cell_css).floor().max(1.0) as usize;
    let rows = n.div_ceil(fit.min(n)).min(rows_tall);
    let cols = n.div_ceil(rows);
    let tallest = weights
        .iter()
        .flat_map(|l| l.histogram.counts.iter().copied())
        .max()
        .unwrap_or(0);
    let y_top = log_count(tallest).max(log_count(1)) * 1.08;
    let cell_h = h as i32 / rows as i32;
    let cell_w = w as i32 / cols as i32;
    let mut drawn = true;
    for (l, lw) in weights.iter().enumerate() {
        let (r, c) = ((l / cols) as i32, (l % cols) as i32);
        let cell = area.clone().shrink(
            ((c * cell_w).max(0) as u32, (r * cell_h).max(0) as u32),
            (cell_w.max(1) as u32, cell_h.max(1) as u32),
        );
        drawn &= histogram(&cell, theme, lw, (l, layers), y_top)?;
    }
    if !drawn {
        let note = "too small for the weight histograms: enlarge the panel";
        let pad = pxi(theme, PAD);
        centred_note(area, theme, note, (pad, 0, w as i32 - pad, h as i32))?;
    }
    Ok(())
}

/// The count ticks at 0, 1, 10, 100, … up to `y_top` on a plot `height`
/// pixels tall, each at least `row` pixels from the others: 0 and the largest
/// decade first, then the rest from the top down.
fn count_ticks(y_top: f64, height: f64, row: f64) -> Vec<(f64, String)> {
    let decades = (0..10)
        .map(|e| 10u32.pow(e))
        .take_while(|&c| log_count(c) <= y_top);
    let mut candidates: Vec<u32> = decades.collect();
    candidates.push(0);
    // 0, then the decades from the largest down.
    candidates.rotate_right(1);
    candidates[1..].reverse();
    let px = |c: u32| log_count(c) / y_top.max(1e-9) * height;
    let mut kept: Vec<u32> = Vec::new();
    for c in candidates {
        if kept.iter().all(|&k| (px(k) - px(c)).abs() >= row) {
            kept.push(c);
        }
    }
    crate::engine::sorting::sort_numbers(&mut kept);
    kept.into_iter()
        .map(|c| (log_count(c), fmt_count(u64::from(c))))
        .collect()
}

/// One layer's histogram in `area`: its name and its near-zero count above,
/// the bins on the log-count axis (shared, up to `y_top`) below. False when
/// `area` is too small to draw it in (then nothing is drawn).
fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    w: &LayerWeights,
    (l, layers): (usize, usize),
    y_top: f64,
) -> Result<bool, String> {
    let (cw, ch) = area.dim_in_pixel();
    let (cw, ch) = (cw as i32, ch as i32);
    let pad = pxi(theme, PAD);
    let row = line_height(theme, 1.0);
    let colour = theme.layer_colour(l, layers);
    let hist = &w.histogram;
    let m = hist.hi;
    let end = end_label(m);
    let tick = pxi(theme, 5.0);
    let mut frame = Frame {
        top: 2 * row + pxi(theme, 4.0),
        right: pad,
        left: 0,
        bottom: 2 * tick + row,
    };
    let (_, plot_h) = frame.plot_size(theme, (cw as u32, ch as u32));
    // A line of text in CSS pixels, unrounded, as the ticks' spacing.
    let ticks = count_ticks(y_top, css(theme, plot_h), 1.3 * theme.font_px);
    frame.left = 2 * tick
        + ticks
            .iter()
            .map(|(_, s)| text_width(theme, 1.0, s))
            .max()
            .unwrap_or(0);
    let text_room = cw - 2 * pad;
    let room = css(theme, text_room);
    let name = fitting(theme, &names(l, layers, w), room).to_string();
    let zeros = fitting(theme, &zero_notes(w), room).to_string();
    if frame.too_small(theme, (cw as u32, ch as u32)) || text_room < pxi(theme, 24.0) {
        return Ok(false);
    }
    area.draw_text(
        &name,
        &style(theme, 1.0, colour, HPos::Left, VPos::Top),
        (pad, 0),
    )
    .map_err(fail)?;
    area.draw_text(
        &zeros,
        &style(theme, 1.0, theme.muted, HPos::Left, VPos::Top),
        (pad, row),
    )
    .map_err(fail)?;
    let y_ticks: Vec<f64> = ticks.iter().map(|t| t.0).collect();
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((-m, m), vec![-m, 0.0, m], Vec::new()),
            Ticked::new((0.0, y_top), y_ticks.clone(), Vec::new()),
        )
        .map_err(fail)?;
    let fmt_y = |v: &f64| {
        ticks
            .iter()
            .find(|t| t.0 == *v)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.x_label_formatter(&|_| String::new())
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    // The ends' labels sit inside the plot's width (left- and right-aligned),
    // clear of the count labels beside the floor; 0 goes between when it
    // fits, and a plot too narrow for both ends says "±m" at its right.
    let (plot_w, _) = frame.plot_size(theme, (cw as u32, ch as u32));
    let room = css(theme, plot_w);
    let end_w = css_width(theme, &format!("-{end}"));
    let labels = if 2.0 * end_w + css_width(theme, "0") + 16.0 <= room {
        vec![
            (-m, format!("-{end}"), HPos::Left),
            (0.0, "0".to_string(), HPos::Center),
            (m, end.clone(), HPos::Right),
        ]
    } else if 2.0 * end_w + 8.0 <= room {
        vec![
            (-m, format!("-{end}"), HPos::Left),
            (m, end.clone(), HPos::Right),
        ]
    } else if css_width(theme, &format!("±{end}")) <= room {
        vec![(m, format!("±{end}"), HPos::Right)]
    } else {
        Vec::new()
    };
    for (x, text, h) in labels {
        let (px, py) = local(area, chart.backend_coord(&(x, 0.0)));
        area.draw_text(
            &text,
            &style(theme, 1.0, theme.foreground, h, VPos::Top),
            (px, py + tick + pxi(theme, 2.0)),
        )
        .map_err(fail)?;
    }
    let width = (hist.hi - hist.lo) / hist.counts.len().max(1) as f64;
    let mut path = vec![(hist.lo, 0.0)];
    for (b, &c) in hist.counts.iter().enumerate() {
        let x = hist.lo + b as f64 * width;
        path.push((x, log_count(c)));
        path.push((x + width, log_count(c)));
    }
    path.push((hist.hi, 0.0));
    chart
        .draw_series(std::iter::once(Polygon::new(
            path.clone(),
            colour.mix(0.3).filled(),
        )))
        .map_err(fail)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            path,
            colour.stroke_width(theme.px_u(1.5)),
        )))
        .map_err(fail)?;
    Ok(true)
}

/// Each layer's ‖W‖ over the steps, on a linear axis from 0.
fn norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    layers: usize,
) -> ChartResult {
    let h = view.history;
    let series: Vec<(&[u64], Vec<f64>)> = (0..h.layers)
        .map(|l| measured(h, Measure::WeightNorm, l))
        .collect();
    let (lo, hi) = linear_range(
        series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .chain([0.0]),
        (0.0, 1.0),
    );
    let (lo, hi) = (lo.max(0.0), hi);
    let row = line_height(theme, 1.0);
    let (x0, x1) = step_range(h);
    let x_label_w = text_width(theme, 1.0, &fmt_count(x1));
    let probe = Frame::new(theme, 0, text_width(theme, 1.0, "00.0"), 0);
    let (probe_w, probe_h) = probe.plot_size(theme, area.dim_in_pixel());
    let (y_ticks, y_step) = nice_ticks(
        lo,
        hi,
        (probe_h / (2 * row).max(1)).clamp(2, 6) as usize,
        false,
    );
    let y_labels: Vec<String> = y_ticks.iter().map(|&v| fmt_tick(v, y_step)).collect();
    let label_w = y_labels
        .iter()
        .map(|s| text_width(theme, 1.0, s))
        .max()
        .unwrap_or(0);
    let frame = Frame::new(theme, 0, label_w, x_label_w / 2 + pxi(theme, 6.0));
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    // The axis's name runs up its side: shortened when the plot is too short for it.
    let (_, plot_h) = frame.plot_size(theme, area.dim_in_pixel());
    let y_desc = if css_width(theme, Measure::WeightNorm.label()) <= css(theme, plot_h) {
        Measure::WeightNorm.label()
    } else {
        "‖W‖"
    };
    let (x0, x1) = (x0 as f64, x1 as f64);
    let (x_ticks, _) = nice_ticks(x0, x1, x_label_count(theme, probe_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((x0, x1), x_ticks, Vec::new()),
            Ticked::new((lo, hi), y_ticks.clone(), Vec::new()),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| {
        y_ticks
            .iter()
            .position(|t| t == v)
            .map(|i| y_labels[i].clone())
            .unwrap_or_default()
    };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "training step", y_desc);
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    let (px0, py0) = local(area, chart.backend_coord(&(x0, hi)));
    let (px1, py1) = local(area, chart.backend_coord(&(x1, lo)));
    if let Some(d) = &h.diverged {
        let (dx, _) = local(area, chart.backend_coord(&(d.step as f64, lo)));
        divergence_line(area, theme, d.step, dx, (py0, py1), (px0, px1))?;
    }
    for (l, (steps, values)) in series.iter().enumerate() {
        let colour = theme.layer_colour(l, layers);
        // Weights are finite (a step that would make them not is undone), but
        // a line must not draw through a gap if one ever is not.
        let mut run = Vec::new();
        for (&s, &v) in steps.iter().zip(values) {
            if v.is_finite() {
                run.push((s as f64, v));
            } else {
                line_or_dot(&mut chart, std::mem::take(&mut run), colour, theme)?;
            }
        }
        line_or_dot(&mut chart, run, colour, theme)?;
    }
    if h.steps.is_empty() {
        no_steps_note(area, theme, (px0, py0, px1, py1))?;
    }
    Ok(())
}

/// The numbers behind the panel, as one long table:
/// `kind,layer,step,bin_low,bin_high,count,weight_norm`. `kind` is
/// `histogram` (one row per bin of each layer's weights now, at the current
/// step), `near_zero` (per layer, the count of |w| < 10⁻³ now, as a bin from
/// −10⁻³ to 10⁻³) or `norm` (per layer, ‖W‖ at each kept step of the
/// history). Cells that do not apply to a row's kind are empty. Layers count
/// from 1 at the input side.
pub fn csv(view: &View) -> String {
    let mut out = String::from("kind,layer,step,bin_low,bin_high,count,weight_norm\n");
    let h = view.history;
    let step = h.step();
    if let Some(s) = view.snapshot {
        for (l, w) in s.weights.iter().enumerate() {
            let hist = &w.histogram;
            let width = (hist.hi - hist.lo) / hist.counts.len().max(1) as f64;
            for (b, &c) in hist.counts.iter().enumerate() {
                let low = hist.lo + b as f64 * width;
                // The last bin ends exactly at the largest |w|.
                let high = if b + 1 == hist.counts.len() {
                    hist.hi
                } else {
                    low + width
                };
                out.push_str(&format!(
                    "histogram,{},{step},{},{},{c},\n",
                    l + 1,
                    number(low),
                    number(high)
                ));
            }
            out.push_str(&format!(
                "near_zero,{},{step},{},{},{},\n",
                l + 1,
                number(-NEAR_ZERO),
                number(NEAR_ZERO),
                w.near_zero
            ));
        }
    }
    for l in 0..h.layers {
        let values = h.layer_series(Measure::WeightNorm, l);
        for (s, v) in h.steps.iter().zip(values) {
            out.push_str(&format!("norm,{},{s},,,,{}\n", l + 1, number(*v)));
        }
    }
    out
}

#[cfg(test)]
mod tests;
