//! The gradient through time (E6): a heat map of ‖∂L/∂h_t‖ over time step t (up)
//! and training step (across), the current step's curve over t beside it, and the
//! loss per training step below with the steps clipping acted on.
//!
//! The colour scale is fixed, 10^-24 to 10^10, so two runs, or two moments of one
//! run, compare by colour alone: a vanishing gradient is dark at the early time
//! steps, an exploding one bright. Exact zeros (tanh saturated to ±1) are grey and
//! NaN or ∞ take the alarm colour.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    boxed_text, classify, decade_range, draw_mark, fmt_count, header, line_height, line_or_dot,
    local, mark_y, nice_ticks, no_steps_note, pow10_label, pxi, style, style_mesh, text_width,
    x_label_count, Frame, Item, Mark, Swatch, Ticked, PAD,
};
use super::theme::{viridis, OKABE_ITO};
use super::{fail, ChartResult, Theme};
use crate::engine::recurrent::config::RnnConfig;
use crate::scenes::recurrent::trace::ThroughTime;

/// The heat map's and the curve's decades: wide enough for a vanilla RNN at T = 50
/// (1e-23) and an exploding one (1e10).
pub const DECADES: (i32, i32) = (-24, 10);
/// Distinct colours of the heat map (equal neighbours merge into one rectangle).
const LEVELS: usize = 48;
/// The ticks of steps clipping acted on.
const CLIP_COLOUR: RGBColor = OKABE_ITO[1];
/// Exact zeros: a neutral grey that viridis never takes.
const ZERO_GREY: RGBColor = RGBColor(150, 150, 150);

/// What a cell of the heat map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shade {
    Level(usize),
    Zero,
    NonFinite,
}

fn shade(v: f64) -> Shade {
    let (lo, hi) = (f64::from(DECADES.0), f64::from(DECADES.1));
    match classify(v, DECADES.0, DECADES.1) {
        Ok(e) => Shade::Level(level(e, lo, hi)),
        Err(Mark::Below) => Shade::Level(0),
        Err(Mark::Above) => Shade::Level(LEVELS - 1),
        Err(Mark::Zero) => Shade::Zero,
        Err(_) => Shade::NonFinite,
    }
}

fn level(e: f64, lo: f64, hi: f64) -> usize {
    (((e - lo) / (hi - lo)) * (LEVELS - 1) as f64)
        .round()
        .clamp(0.0, (LEVELS - 1) as f64) as usize
}

fn shade_colour(theme: &Theme, s: Shade) -> RGBColor {
    match s {
        Shade::Level(k) => viridis(k as f64 / (LEVELS - 1) as f64),
        Shade::Zero => ZERO_GREY,
        Shade::NonFinite => theme.alarm,
    }
}

/// The panel's title line, with the run's settings.
pub fn title(config: &RnnConfig) -> String {
    format!(
        "Gradient through time ‖∂L/∂h_t‖ · {} on {}, T = {}",
        config.cell, config.task, config.t
    )
}

/// Draws the whole panel over `area`.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    trace: &ThroughTime,
    config: &RnnConfig,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let mut items = vec![
        Item::new(Swatch::Block(ZERO_GREY), "0 (saturated)", theme),
        Item::new(Swatch::Block(theme.alarm), "NaN or ∞", theme),
    ];
    items.push(Item::new(
        Swatch::Dashed(theme.muted, theme.px_u(1.5)),
        format!(
            "no memory: loss {}",
            ratio_word(config.task.baseline_loss())
        ),
        theme,
    ));
    if trace.clipped_steps > 0 {
        items.push(Item::new(
            Swatch::Line(CLIP_COLOUR, theme.px_u(2.0)),
            format!("clipped ({} steps)", fmt_count(trace.clipped_steps as u64)),
            theme,
        ));
    }
    if let Some(r) = &trace.last {
        items.push(Item::text(
            format!("step {} · ρ(U) = {:.3}", fmt_count(r.step as u64), r.radius),
            theme.foreground,
        ));
    }
    let top = header(area, theme, &title(config), &items)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let upper = top + ((h - top) as f64 * 0.62).round() as i32;
    let (maps, below) = area.split_vertically(upper.max(1));
    let split = (f64::from(w) * 0.68).round() as i32;
    let (left, right) = maps.split_horizontally(split.max(1));
    let steps = config.steps.max(trace.steps).max(1);
    heat_map(area, &left, theme, trace, config, steps, top)?;
    current_curve(&right, theme, trace, config, top)?;
    loss_strip(&below, theme, trace, steps, config.task.baseline_loss())?;
    Ok(())
}

/// Decade ticks for axes that may span hundreds of decades: labels every k-th
/// decade with k from 1, 2, 5, 10, 20, 25, 50, 100 (so 10⁻²⁰, 10⁻¹⁰, 10⁰, not 10⁻²³,
/// 10⁻²⁰, …), as many as fit `height` at `spacing`; gridlines at every decade only
/// while they are few enough to read, else at the labels. Returns (labelled, grid).
fn round_decades(lo: i32, hi: i32, height: i32, spacing: i32) -> (Vec<f64>, Vec<f64>) {
    let fit = (height / spacing.max(1)).max(2);
    let k = [1, 2, 5, 10, 20, 25, 50, 100]
        .into_iter()
        .find(|k| (hi - lo) / k < fit)
        .unwrap_or(100);
    let labelled: Vec<f64> = (lo..=hi)
        .filter(|e| e.rem_euclid(k) == 0)
        .map(f64::from)
        .collect();
    let grid = if hi - lo <= 40 {
        (lo..=hi).map(f64::from).collect()
    } else {
        labelled.clone()
    };
    (labelled, grid)
}

/// The training-step axis shared by the heat map and the loss strip, so their
/// steps line up: 0 to `steps`, with as many labels as fit.
fn step_axis(theme: &Theme, steps: usize, plot_w: i32, x_label_w: i32) -> Ticked {
    let count = x_label_count(theme, plot_w, x_label_w);
    let (ticks, _) = nice_ticks(0.0, steps as f64, count, true);
    Ticked::new((0.0, steps as f64), ticks, Vec::new())
}

/// Room the y tick labels of a decade axis need.
fn decade_label_width(theme: &Theme) -> i32 {
    (DECADES.0..=DECADES.1)
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0)
}

/// Integer ticks for t = 1..T, as many as fit.
fn time_ticks(t: usize, height: i32, theme: &Theme) -> Vec<f64> {
    let fit = (height / (line_height(theme, 1.0) + pxi(theme, 6.0)).max(1)).max(2) as usize;
    let (mut ticks, _) = nice_ticks(1.0, t as f64, fit.min(t.max(2)), true);
    ticks.retain(|&v| v >= 1.0 && v <= t as f64);
    if !ticks.contains(&1.0) {
        ticks.insert(0, 1.0);
    }
    ticks
}

fn heat_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    trace: &ThroughTime,
    config: &RnnConfig,
    steps: usize,
    top: i32,
) -> ChartResult {
    let t = config.t;
    let bar_w = pxi(theme, 14.0);
    let bar_room = bar_w + pxi(theme, 5.0 + 3.0 + 8.0) + decade_label_width(theme);
    let x_label_w = text_width(theme, 1.0, &fmt_count(steps as u64));
    let t_label_w = text_width(theme, 1.0, &t.to_string());
    let frame = Frame::new(theme, top, t_label_w, bar_room + x_label_w / 2);
    let dim = area.dim_in_pixel();
    if frame.too_small(theme, dim) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, dim);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            step_axis(theme, steps, plot_w, x_label_w),
            Ticked::new(
                (0.5, t as f64 + 0.5),
                time_ticks(t, plot_h, theme),
                Vec::new(),
            ),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| format!("{}", v.round() as i64);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "training step", "time step t");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .disable_mesh()
        .draw()
        .map_err(fail)?;

    // Each kept step spans from the step before it; runs of equal colour up a
    // column merge into one rectangle.
    let mut cells = Vec::new();
    let mut prev = 0usize;
    for c in &trace.columns {
        let (x0, x1) = (prev as f64, c.step as f64);
        prev = c.step;
        let mut start = 0;
        while start < c.dh.len() {
            let s = shade(c.dh[start]);
            let mut end = start + 1;
            while end < c.dh.len() && shade(c.dh[end]) == s {
                end += 1;
            }
            cells.push(Rectangle::new(
                [(x0, start as f64 + 0.5), (x1, end as f64 + 0.5)],
                shade_colour(theme, s).filled(),
            ));
            start = end;
        }
    }
    chart.draw_series(cells).map_err(fail)?;

    let (px0, py0) = local(root, chart.backend_coord(&(0.0, t as f64 + 0.5)));
    let (px1, py1) = local(root, chart.backend_coord(&(steps as f64, 0.5)));
    if let Some(step) = trace.non_finite_at {
        let (x, _) = local(root, chart.backend_coord(&(step as f64, 0.5)));
        root.draw(&PathElement::new(
            vec![(x, py0), (x, py1)],
            theme.alarm.stroke_width(theme.px_u(2.0)),
        ))
        .map_err(fail)?;
    }
    if trace.columns.is_empty() {
        no_steps_note(root, theme, (px0, py0, px1, py1))?;
    }
    let bx = px1 + pxi(theme, 8.0);
    colour_bar(root, theme, (bx, py0, bx + bar_w, py1))
}

/// The fixed colour scale, labelled by decade, beside the heat map.
fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> ChartResult {
    let h = (y1 - y0).max(1);
    let edge = |k: usize| y1 - (k as i64 * i64::from(h) / LEVELS as i64) as i32;
    for k in 0..LEVELS {
        root.draw(&Rectangle::new(
            [(x0, edge(k + 1)), (x1, edge(k))],
            shade_colour(theme, Shade::Level(k)).filled(),
        ))
        .map_err(fail)?;
    }
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        theme.foreground.stroke_width(theme.px_u(1.0)),
    ))
    .map_err(fail)?;
    let (lo, hi) = DECADES;
    let spacing = line_height(theme, 1.0) + pxi(theme, 2.0);
    let (labelled, _) = round_decades(lo, hi, h, spacing);
    let tick = pxi(theme, 5.0);
    for e in labelled {
        let f = (e - f64::from(lo)) / f64::from(hi - lo);
        let y = (f64::from(y1) - f * f64::from(h)).round() as i32;
        root.draw(&PathElement::new(
            vec![(x1, y), (x1 + tick, y)],
            theme.foreground.stroke_width(theme.px_u(1.0)),
        ))
        .map_err(fail)?;
        root.draw_text(
            &pow10_label(e as i32),
            &style(theme, 1.0, theme.foreground, HPos::Left, VPos::Center),
            (x1 + tick + pxi(theme, 3.0), y),
        )
        .map_err(fail)
        .map(|_| ())?;
    }
    Ok(())
}

/// The current step's ‖∂L/∂h_t‖ over t, on the heat map's fixed log scale.
fn current_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    trace: &ThroughTime,
    config: &RnnConfig,
    top: i32,
) -> ChartResult {
    let t = config.t;
    let (lo, hi) = DECADES;
    let frame = Frame::new(theme, top, decade_label_width(theme), pxi(theme, PAD));
    let dim = area.dim_in_pixel();
    if frame.too_small(theme, dim) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, dim);
    let (labelled, every) =
        round_decades(lo, hi, plot_h, line_height(theme, 1.0) + pxi(theme, 2.0));
    let x_label_w = text_width(theme, 1.0, &t.to_string());
    let (x_ticks, _) = nice_ticks(1.0, t as f64, x_label_count(theme, plot_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((0.5, t as f64 + 0.5), x_ticks, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), labelled, every),
        )
        .map_err(fail)?;
    let desc = match &trace.last {
        Some(r) => format!("t, at step {}", fmt_count(r.step as u64)),
        None => "time step t".to_string(),
    };
    let fmt_x = |v: &f64| format!("{}", v.round() as i64);
    let fmt_y = |v: &f64| pow10_label(v.round() as i32);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, &desc, "‖∂L/∂h_t‖");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    let Some(r) = &trace.last else {
        return Ok(());
    };
    let colour = OKABE_ITO[0];
    let mut segment: Vec<(f64, f64)> = Vec::new();
    let mut segments = Vec::new();
    let mut marks = Vec::new();
    for (i, &v) in r.dh_norms.iter().enumerate() {
        let x = (i + 1) as f64;
        match classify(v, lo, hi) {
            Ok(e) => segment.push((x, e)),
            Err(m) => {
                marks.push((x, m));
                segments.push(std::mem::take(&mut segment));
            }
        }
    }
    segments.push(segment);
    for s in segments {
        line_or_dot(&mut chart, s, colour, theme)?;
    }
    let (_, ty) = local(area, chart.backend_coord(&(1.0, f64::from(hi))));
    let (_, by) = local(area, chart.backend_coord(&(1.0, f64::from(lo))));
    let radius = pxi(theme, 7.0);
    // Runs of one kind of mark (a saturated net gives 0 at dozens of t): a band
    // along the edge, one marker and one label per run.
    let mut runs: Vec<(f64, f64, Mark)> = Vec::new();
    for (x, m) in marks {
        match runs.last_mut() {
            Some(run) if run.2 == m && run.1 + 1.0 == x => run.1 = x,
            _ => runs.push((x, x, m)),
        }
    }
    for (x0, x1, m) in runs {
        let (p0, _) = local(area, chart.backend_coord(&(x0, f64::from(lo))));
        let (p1, _) = local(area, chart.backend_coord(&(x1, f64::from(lo))));
        let y = mark_y(m, (ty, by), radius);
        let band = if m.is_finite() {
            ZERO_GREY
        } else {
            theme.alarm
        };
        if x1 > x0 {
            area.draw(&PathElement::new(
                vec![(p0, y), (p1, y)],
                band.stroke_width(theme.px_u(4.0)),
            ))
            .map_err(fail)?;
        }
        draw_mark(area, theme, m, (p0, y), colour)?;
        if let Some(word) = m.label() {
            let at = if x1 > x0 {
                format!("{word} for t = {x0}–{x1}")
            } else {
                format!("{word} at t = {x0}")
            };
            let (_, ly, vp) = if m.at_top() {
                (0, y + radius + pxi(theme, 2.0), VPos::Top)
            } else {
                (0, y - radius - pxi(theme, 2.0), VPos::Bottom)
            };
            let colour = if m.is_finite() {
                theme.foreground
            } else {
                theme.alarm
            };
            // Anchored so it stays inside the plot near either edge.
            let (px_lo, _) = local(area, chart.backend_coord(&(0.5, f64::from(lo))));
            let (px_hi, _) = local(area, chart.backend_coord(&(t as f64 + 0.5, f64::from(lo))));
            let half = text_width(theme, 1.0, &at) / 2 + pxi(theme, 4.0);
            let mid = (p0 + p1) / 2;
            let (x, hp) = if mid + half > px_hi {
                (px_hi - pxi(theme, 4.0), HPos::Right)
            } else if mid - half < px_lo {
                (px_lo + pxi(theme, 4.0), HPos::Left)
            } else {
                (mid, HPos::Center)
            };
            boxed_text(area, theme, &at, 1.0, colour, (x, ly), (hp, vp))?;
        }
    }
    // The ratio the lecture is about, on the chart.
    let first = r.dh_norms.first().copied().unwrap_or(f64::NAN);
    let last = r.dh_norms.last().copied().unwrap_or(f64::NAN);
    if first.is_finite() && last.is_finite() && first > 0.0 && last > 0.0 {
        let (px0, _) = local(area, chart.backend_coord(&(0.5, 0.0)));
        let text = format!("h_1 / h_T = {}", ratio_word(first / last));
        boxed_text(
            area,
            theme,
            &text,
            1.0,
            theme.foreground,
            (px0 + pxi(theme, 6.0), ty + pxi(theme, 4.0)),
            (HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}

/// 3.2e-22 or 1.5e5 or 0.73: a ratio in as few characters as it needs.
fn ratio_word(v: f64) -> String {
    if (0.01..1000.0).contains(&v) {
        format!("{v:.2}")
    } else {
        format!("{v:.1e}")
    }
}

/// The loss per training step (log y), clipped steps ticked along the bottom.
fn loss_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    trace: &ThroughTime,
    steps: usize,
    baseline: f64,
) -> ChartResult {
    let (lo, hi) = decade_range(
        trace
            .columns
            .iter()
            .map(|c| c.loss)
            .chain(std::iter::once(baseline)),
        // Wide open above: how far an unclipped loss shoots up is the lesson.
        (-12, 308),
        2,
        (-3, 1),
    );
    let label_w = (lo..=hi)
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0);
    let x_label_w = text_width(theme, 1.0, &fmt_count(steps as u64));
    let frame = Frame::new(theme, 0, label_w, x_label_w / 2 + pxi(theme, 6.0));
    let dim = area.dim_in_pixel();
    if frame.too_small(theme, dim) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, dim);
    let (labelled, every) =
        round_decades(lo, hi, plot_h, line_height(theme, 1.0) + pxi(theme, 2.0));
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            step_axis(theme, steps, plot_w, x_label_w),
            Ticked::new((f64::from(lo), f64::from(hi)), labelled, every),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| pow10_label(v.round() as i32);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "training step", "loss");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    let (ylo, yhi) = (f64::from(lo), f64::from(hi));
    let (_, ty) = local(area, chart.backend_coord(&(0.0, yhi)));
    let (_, by) = local(area, chart.backend_coord(&(0.0, ylo)));
    // The loss of a net with no memory: below it, the net uses the past.
    let (px0, _) = local(area, chart.backend_coord(&(0.0, ylo)));
    let (px1, _) = local(area, chart.backend_coord(&(steps as f64, ylo)));
    if let Ok(e) = classify(baseline, lo, hi) {
        let (_, y) = local(area, chart.backend_coord(&(0.0, e)));
        area.draw(&DashedPathElement::new(
            vec![(px0, y), (px1, y)],
            pxi(theme, 6.0) as u32,
            pxi(theme, 4.0) as u32,
            theme.muted.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
    }
    // Clipped steps: short ticks along the bottom edge.
    let tick = pxi(theme, 6.0);
    for c in trace.columns.iter().filter(|c| c.clipped) {
        let (x, _) = local(area, chart.backend_coord(&(c.step as f64, ylo)));
        area.draw(&PathElement::new(
            vec![(x, by - tick), (x, by)],
            CLIP_COLOUR.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
    }
    let points: Vec<(f64, f64)> = trace
        .columns
        .iter()
        .filter_map(|c| classify(c.loss, lo, hi).ok().map(|e| (c.step as f64, e)))
        .collect();
    line_or_dot(&mut chart, points, theme.foreground, theme)?;
    let r = pxi(theme, 7.0);
    for c in &trace.columns {
        if let Err(m) = classify(c.loss, lo, hi) {
            let (x, _) = local(area, chart.backend_coord(&(c.step as f64, ylo)));
            draw_mark(
                area,
                theme,
                m,
                (x, mark_y(m, (ty, by), r)),
                theme.foreground,
            )?;
        }
    }
    if let Some(m) = trace.non_finite_message() {
        let short = m.split(':').next().unwrap_or(&m).to_string();
        boxed_text(
            area,
            theme,
            &format!("⚠ {short}"),
            1.1,
            theme.alarm,
            ((px0 + px1) / 2, ty + pxi(theme, 4.0)),
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

/// The panel as an SVG document of `width` × `height` pixels.
pub fn to_svg(
    trace: &ThroughTime,
    config: &RnnConfig,
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, String> {
    super::svg_of((width, height), |area| draw(area, trace, config, theme))
}

#[cfg(test)]
mod tests;
