//! The per-layer time series on a log axis that the gradient-flow and
//! weight-change panels both draw, so the two read the same way: one line per
//! layer over steps, markers where a value cannot be placed, and optionally
//! the current step as one bar per layer beside it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    boxed_text, classify, decade_ticks, divergence_line, draw_mark, fmt_count, header, line_height,
    line_or_dot, local, mark_y, nice_ticks, no_steps_note, pow10_label, pxi, step_range,
    style_mesh, text_width, x_label_count, Frame, Item, Mark, Swatch, Ticked, PAD,
};
use super::{fail, ChartResult, Theme, View};
use crate::engine::trainer::{Divergence, Stage};
use crate::scenes::network::history::{History, Measure};

/// The name of layer `l` (0-based) of `layers` in legends.
pub(super) fn layer_name(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        crate::t!("chart.layers.output-layer", layer = l + 1)
    } else {
        crate::t!("chart.layers.layer", layer = l + 1)
    }
}

/// One legend entry per layer, in its colour.
pub(super) fn layer_items(theme: &Theme, layers: usize) -> Vec<Item> {
    (0..layers)
        .map(|l| {
            Item::new(
                Swatch::Line(theme.layer_colour(l, layers), theme.line()),
                layer_name(l, layers),
                theme,
            )
        })
        .collect()
}

/// A per-layer measure over steps on a log axis (gradient flow, weight change).
pub(super) struct LayerChart<'a> {
    pub title: &'a str,
    pub measure: Measure,
    /// The axis, as powers of ten.
    pub decades: (i32, i32),
    /// Also draw the current step as one bar per layer on the right.
    pub bars: bool,
}

/// Segments of consecutive placeable points, and the marks of one series.
struct Traced {
    segments: Vec<Vec<(u64, f64)>>,
    marks: Vec<(u64, Mark)>,
}

/// Splits a series at non-finite values; finite values off the axis run along
/// its edge. Marks the first point of each non-finite run, and the first and
/// last point of each run along an edge (0, below, above).
fn trace(steps: &[u64], values: &[f64], (lo, hi): (i32, i32)) -> Traced {
    let mut t = Traced {
        segments: Vec::new(),
        marks: Vec::new(),
    };
    let mut seg = Vec::new();
    // The kind of the run the previous point belongs to, and its last step.
    let mut run: Option<(Mark, u64)> = None;
    for (&s, &v) in steps.iter().zip(values) {
        let c = classify(v, lo, hi);
        let kind = c.err();
        if let Some((m, last)) = run {
            if kind != Some(m) {
                if m.is_finite() && t.marks.last() != Some(&(last, m)) {
                    t.marks.push((last, m));
                }
                run = None;
            }
        }
        if let Some(m) = kind {
            if run.is_none() {
                t.marks.push((s, m));
            }
            run = Some((m, s));
        }
        match c {
            Ok(e) => seg.push((s, e)),
            Err(m) if m.is_finite() => seg.push((s, if m.at_top() { hi } else { lo }.into())),
            Err(_) => {
                if !seg.is_empty() {
                    t.segments.push(std::mem::take(&mut seg));
                }
            }
        }
    }
    if let Some((m, last)) = run {
        if m.is_finite() && t.marks.last() != Some(&(last, m)) {
            t.marks.push((last, m));
        }
    }
    if !seg.is_empty() {
        t.segments.push(seg);
    }
    t
}

/// Layer `l`'s series of `measure` as measured. The step at which a run
/// diverged reports 0 for every figure it did not reach (the step stopped
/// there): those points are dropped rather than drawn as zeros, and a
/// non-finite gradient found by the backward pass is put back in its layer.
pub(super) fn measured(h: &History, measure: Measure, l: usize) -> (&[u64], Vec<f64>) {
    let mut values = h.layer_series(measure, l).to_vec();
    let mut steps = &h.steps[..values.len().min(h.steps.len())];
    if let Some(d) = &h.diverged {
        if steps.last() == Some(&d.step) {
            if let Some(v) = values.last_mut() {
                if let Some(bad) = diverged_value(d, measure, l) {
                    *v = bad;
                } else if *v == 0.0 {
                    values.pop();
                    steps = &steps[..steps.len() - 1];
                }
            }
        }
    }
    (steps, values)
}

/// The offending figure of a divergence, if it is `measure` of layer `l`.
fn diverged_value(d: &Divergence, measure: Measure, l: usize) -> Option<f64> {
    let gradient = matches!(measure, Measure::GradNorm | Measure::GradMeanAbs);
    (gradient && d.stage == Stage::Backward && d.layer == l + 1 && !d.value.is_finite())
        .then_some(d.value)
}

/// What the bars show: the current step's `measure` per layer, or, when the
/// run has just diverged, the last step before (the diverged step measured
/// little or nothing), with the offending value where there is one.
fn bar_values(h: &History, measure: Measure) -> (u64, Vec<Option<f64>>) {
    let now = current_measured(h, measure);
    let diverged_now = h.diverged.as_ref().filter(|d| d.step == h.step());
    match diverged_now {
        Some(d) if h.steps.len() >= 2 && h.steps.last() == Some(&d.step) => {
            let i = h.steps.len() - 2;
            let before = (0..h.layers)
                .map(|l| h.layer_series(measure, l).get(i).copied())
                .collect();
            (h.steps[i], before)
        }
        _ => (h.step(), now),
    }
}

/// The current step's `measure` per layer, None where it was not measured.
pub(super) fn current_measured(h: &History, measure: Measure) -> Vec<Option<f64>> {
    if h.last.is_none() {
        return vec![None; h.layers];
    }
    let diverged_now = h.diverged.as_ref().filter(|d| d.step == h.step());
    h.current(measure)
        .into_iter()
        .enumerate()
        .map(|(l, v)| match diverged_now {
            Some(d) => diverged_value(d, measure, l).or((v != 0.0).then_some(v)),
            None => Some(v),
        })
        .collect()
}

/// Draws a [`LayerChart`] over `area`.
pub(super) fn layer_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    spec: &LayerChart,
) -> ChartResult {
    let h = view.history;
    let layers = h.layers;
    let top = header(area, theme, spec.title, &layer_items(theme, layers))?;
    let (w, _) = area.dim_in_pixel();
    let bars = spec.bars && layers > 0;
    let split = if bars {
        (f64::from(w) * 0.75).round() as i32
    } else {
        w as i32
    };
    let (left_area, right_area) = area.split_horizontally(split.max(1));

    let (lo, hi) = spec.decades;
    let label_w = (lo..=hi)
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0);
    let (x0, x1) = step_range(h);
    let x_label_w = text_width(theme, 1.0, &fmt_count(x1));
    let (x0, x1) = (x0 as f64, x1 as f64);
    let frame = Frame::new(theme, top, label_w, x_label_w / 2 + pxi(theme, 6.0));
    let dim = left_area.dim_in_pixel();
    if frame.too_small(theme, dim) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, dim);
    let (labelled, every) = decade_ticks(lo, hi, plot_h, line_height(theme, 1.0) + pxi(theme, 2.0));

    let (x_ticks, _) = nice_ticks(x0, x1, x_label_count(theme, plot_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, &left_area)
        .build_cartesian_2d(
            Ticked::new((x0, x1), x_ticks, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), labelled, every),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| pow10_label(v.round() as i32);
    let mut mesh = chart.configure_mesh();
    style_mesh(
        &mut mesh,
        theme,
        crate::t!("chart.layers.x-desc"),
        spec.measure.label(),
    );
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;

    let (ylo, yhi) = (f64::from(lo), f64::from(hi));
    let (px0, py0) = local(area, chart.backend_coord(&(x0, yhi)));
    let (px1, py1) = local(area, chart.backend_coord(&(x1, ylo)));

    if let Some(d) = &h.diverged {
        let (dx, _) = local(area, chart.backend_coord(&(d.step as f64, ylo)));
        divergence_line(area, theme, d.step, dx, (py0, py1), (px0, px1))?;
    }

    let traced: Vec<Traced> = (0..layers)
        .map(|l| {
            let (steps, values) = measured(h, spec.measure, l);
            trace(steps, &values, (lo, hi))
        })
        .collect();
    for (l, t) in traced.iter().enumerate() {
        let colour = theme.layer_colour(l, layers);
        for seg in &t.segments {
            let points = seg.iter().map(|&(s, y)| (s as f64, y)).collect();
            line_or_dot(&mut chart, points, colour, theme)?;
        }
    }
    // Markers over the lines; one label per place and kind.
    let mut labelled_at: Vec<(i32, Mark)> = Vec::new();
    let r = pxi(theme, 7.0);
    for (l, t) in traced.iter().enumerate() {
        let colour = theme.layer_colour(l, layers);
        for &(s, m) in &t.marks {
            let (x, _) = local(area, chart.backend_coord(&(s as f64, ylo)));
            let y = mark_y(m, (py0, py1), r);
            draw_mark(area, theme, m, (x, y), colour)?;
            if let Some(text) = m.label() {
                if labelled_at
                    .iter()
                    .any(|&(lx, lm)| lm == m && (lx - x).abs() < 3 * r)
                {
                    continue;
                }
                labelled_at.push((x, m));
                let colour = if m.is_finite() { colour } else { theme.alarm };
                let ty = if m.at_top() {
                    y + r + pxi(theme, 2.0)
                } else {
                    y - r - pxi(theme, 2.0)
                };
                let (tx, hp) = if x > (px0 + px1) / 2 {
                    (x - r, HPos::Right)
                } else {
                    (x + r, HPos::Left)
                };
                let vp = if m.at_top() { VPos::Top } else { VPos::Bottom };
                boxed_text(area, theme, text, 1.0, colour, (tx, ty), (hp, vp))?;
            }
        }
    }
    if h.steps.is_empty() {
        no_steps_note(area, theme, (px0, py0, px1, py1))?;
    }

    if bars {
        current_bars(area, &right_area, view, theme, spec, &frame)?;
    }
    Ok(())
}

/// The current step as one bar per layer, on the same vertical axis as the
/// series beside it.
fn current_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    spec: &LayerChart,
    series_frame: &Frame,
) -> ChartResult {
    let h = view.history;
    let layers = h.layers;
    let (lo, hi) = spec.decades;
    let (w, _) = area.dim_in_pixel();
    let (step, values) = bar_values(h, spec.measure);
    let mut desc = crate::t!("chart.layers.bars-desc", step = fmt_count(step));
    if text_width(theme, 1.0, &desc) > w as i32 - pxi(theme, 2.0 * PAD) {
        desc = crate::t!("chart.layers.bars-desc-short", step = fmt_count(step));
    }
    let frame = Frame {
        top: series_frame.top,
        right: pxi(theme, PAD),
        left: pxi(theme, 6.0),
        bottom: series_frame.bottom,
    };
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, area.dim_in_pixel());
    let slot = plot_w / layers.max(1) as i32;
    let widest = text_width(theme, 1.0, &layers.to_string()) + pxi(theme, 6.0);
    let every_k = ((widest + slot - 1) / slot.max(1)).max(1) as usize;
    // Every k-th layer counted down from the output, which is always labelled.
    let x_keys: Vec<f64> = (0..layers)
        .filter(|l| (layers - 1 - l).is_multiple_of(every_k))
        .map(|l| l as f64 + 0.5)
        .collect();
    let (_, every) = decade_ticks(lo, hi, plot_h, line_height(theme, 1.0));
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((0.0, layers as f64), x_keys, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), every, Vec::new()),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| format!("{}", (v - 0.5).round() as i64 + 1);
    let fmt_y = |_: &f64| String::new();
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, &desc, "");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .disable_x_mesh()
        .draw()
        .map_err(fail)?;
    let (ylo, yhi) = (f64::from(lo), f64::from(hi));
    let r = pxi(theme, 7.0);
    let label_w = text_width(theme, 1.0, "NaN");
    let stagger = slot < label_w + pxi(theme, 4.0);
    for (l, v) in values.iter().enumerate().take(layers) {
        let Some(v) = *v else { continue };
        let colour = theme.layer_colour(l, layers);
        let x = l as f64;
        let top = match classify(v, lo, hi) {
            Ok(e) => Some(e),
            Err(Mark::Above) => Some(yhi),
            Err(_) => None,
        };
        if let Some(top) = top {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.18, ylo), (x + 0.82, top)],
                    colour.filled(),
                )))
                .map_err(fail)?;
        }
        if let Err(m) = classify(v, lo, hi) {
            let (cx, ty) = local(root, chart.backend_coord(&(x + 0.5, yhi)));
            let (_, by) = local(root, chart.backend_coord(&(x + 0.5, ylo)));
            let y = mark_y(m, (ty, by), r);
            draw_mark(root, theme, m, (cx, y), colour)?;
            if let Some(text) = m.label() {
                let row = if stagger && l % 2 == 1 {
                    line_height(theme, 1.0)
                } else {
                    0
                };
                let colour = if m.is_finite() { colour } else { theme.alarm };
                let (ly, vp) = if m.at_top() {
                    (y + r + pxi(theme, 2.0) + row, VPos::Top)
                } else {
                    (y - r - pxi(theme, 2.0) - row, VPos::Bottom)
                };
                boxed_text(root, theme, text, 1.0, colour, (cx, ly), (HPos::Center, vp))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_break_at_non_finite_values_and_mark_them() {
        let steps = [1, 2, 3, 4, 5, 6];
        let v = [1.0, f64::NAN, f64::NAN, 1e-20, 10.0, 0.0];
        let t = trace(&steps, &v, (-8, 4));
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0], vec![(1, 0.0)]);
        assert_eq!(t.segments[1], vec![(4, -8.0), (5, 1.0), (6, -8.0)]);
        assert_eq!(
            t.marks,
            vec![(2, Mark::Nan), (4, Mark::Below), (6, Mark::Zero)]
        );
        let t = trace(&steps, &[1e5, 1e5, 1e5, 1.0, 1e-9, 1e-9], (-8, 4));
        assert_eq!(
            t.marks,
            vec![
                (1, Mark::Above),
                (3, Mark::Above),
                (5, Mark::Below),
                (6, Mark::Below)
            ]
        );
        assert_eq!(t.segments.len(), 1);
    }
}
