//! The gradient-norm strip beneath the views: both runs' ‖g‖ per step on a
//! log axis, the clipping threshold, and where a run went non-finite.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::arrows::ipt;
use super::labels::{fmt_num, note_in};
use super::layout::{norm_decades, Layout, Rect};
use super::walks::current;
use super::{CLIPPED, NORMS_TITLE, UNCLIPPED, WITHOUT};
use crate::charts::axis::{
    classify, decade_ticks, draw_mark, line_height, mark_y, nice_ticks, pow10_label, pxi, style,
    style_mesh, text_width, x_label_count, Mark, Ticked, PAD,
};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::cliff::descent::Walk;
use crate::scenes::cliff::replay::Replay;

/// The two runs: walk, colour and name.
fn runs(replay: &Replay) -> [(&Walk, RGBColor, &'static str); 2] {
    [
        (&replay.runs.unclipped, UNCLIPPED, WITHOUT),
        (&replay.runs.clipped, CLIPPED, "with clipping"),
    ]
}

/// Both runs' gradient norm per step on a log axis, with the threshold.
pub(super) fn draw_norms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    l: &Layout,
    r: Rect,
) -> ChartResult {
    let (lo, hi) = norm_decades(replay);
    let steps = replay.config.steps.max(replay.len()).max(1) as f64;
    norm_axes(root, theme, replay, l, r, (lo, hi), steps)?;
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

    norm_lines(root, theme, replay, r, (lo, hi), &px)?;
    // The threshold's name: right of the plot where there is room (under
    // the colour bar), else inside it over the lines' right end.
    if let Ok(e) = classify(th, lo, hi) {
        let (_, y) = ipt(px(0.0, e));
        threshold_name(root, theme, r, th, y)?;
    }
    non_finite(root, theme, replay, r, &px)
}

/// The strip's axes, ticks and title, for decades `lo..=hi` and `steps` steps.
fn norm_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    l: &Layout,
    r: Rect,
    (lo, hi): (i32, i32),
    steps: f64,
) -> ChartResult {
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
    Ok(())
}

/// Each run's norms as lines (dots where a piece has one point), markers
/// where a norm cannot be placed, and a dot at the current value; `px` maps
/// (step, decade) to device pixels.
fn norm_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    r: Rect,
    (lo, hi): (i32, i32),
    px: &impl Fn(f64, f64) -> (f64, f64),
) -> ChartResult {
    let runs = runs(replay);
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
    Ok(())
}

/// The name of threshold `th`, whose line is at `y`.
fn threshold_name<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    r: Rect,
    th: f64,
    y: i32,
) -> ChartResult {
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
    Ok(())
}

/// Where a run went non-finite: an alarm line and a label, stacked upwards.
fn non_finite<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    r: Rect,
    px: &impl Fn(f64, f64) -> (f64, f64),
) -> ChartResult {
    let runs = runs(replay);
    let row = line_height(theme, 1.0);
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
