//! The plane's legends. The key (start, minima, the arrows) in the header.
//! The runners' legend as a column beside the colour bar: a row per runner
//! (its line and marker, its name and learning rate) and, under a runner
//! whose lap stops in this race, a line saying where once it has: the mark
//! that ends its trail says which. Rows are laid out for the whole race, so
//! nothing moves while it plays.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::contours::Bands;
use super::runners::{self, stop_short, stop_words};
use crate::charts::axis::{draw_shape, line_height, pxi, style, text_width, Item, Shape, Swatch};
use crate::charts::cliff::labels::fmt_num;
use crate::charts::{fail, ChartResult, Theme};
use crate::engine::clip::Clip;
use crate::scenes::race::laps::Stop;
use crate::scenes::race::replay::Replay;
use crate::scenes::race::surface::Minima;

/// The stop lines' type, relative to the theme's.
const STOP_REL: f64 = 0.85;

/// The column: its left edge, whether it is the compact one (names alone,
/// stops in fewer words), and per runner its label and the centre of its row
/// (and of its stop line, where its lap stops).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Column {
    pub(super) x: i32,
    pub(super) compact: bool,
    pub(super) rows: Vec<(String, i32, Option<i32>)>,
    /// The y just below the last row.
    pub(super) bottom: i32,
}

fn row_height(theme: &Theme) -> i32 {
    line_height(theme, 1.0) + pxi(theme, 2.0)
}

/// The labels: each runner with its learning rate, or by name alone (`compact`).
pub(super) fn labels(replay: &Replay, compact: bool) -> Vec<String> {
    replay
        .race
        .laps
        .iter()
        .map(|l| {
            if compact {
                runners::name(l.entrant.kind).to_string()
            } else {
                runners::with_lr(l)
            }
        })
        .collect()
}

fn words(compact: bool) -> fn((usize, Stop)) -> String {
    if compact {
        stop_short
    } else {
        stop_words
    }
}

/// The column's width and height for `labels`.
pub(super) fn size(theme: &Theme, replay: &Replay, labels: &[String], compact: bool) -> (i32, i32) {
    let widest = labels.iter().map(|l| text_width(theme, 1.0, l)).max();
    let stop = |k: usize| words(compact)((k, Stop::LeftWindow));
    let stops = replay.race.laps.iter().filter_map(|l| l.stopped);
    let stop_w = stops
        .clone()
        .map(|(k, _)| text_width(theme, STOP_REL, &stop(k)))
        .max();
    let w = pxi(theme, 32.0) + widest.unwrap_or(0).max(stop_w.unwrap_or(0));
    let h = labels.len() as i32 * row_height(theme)
        + stops.count() as i32 * line_height(theme, STOP_REL);
    (w, h)
}

/// The column at `(x, top)` for `labels`.
pub(super) fn place(
    theme: &Theme,
    replay: &Replay,
    labels: Vec<String>,
    compact: bool,
    (x, top): (i32, i32),
) -> Column {
    let (row, stop) = (row_height(theme), line_height(theme, STOP_REL));
    let mut y = top;
    let mut rows = Vec::new();
    for (label, lap) in labels.into_iter().zip(&replay.race.laps) {
        let centre = y + row / 2;
        y += row;
        let stop_y = lap.stopped.map(|_| {
            y += stop;
            y - stop / 2
        });
        rows.push((label, centre, stop_y));
    }
    Column {
        x,
        compact,
        rows,
        bottom: y,
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    c: &Column,
) -> ChartResult {
    let w = pxi(theme, 26.0);
    let text_x = c.x + pxi(theme, 32.0);
    for (lap, (label, y, stop_y)) in replay.race.laps.iter().zip(&c.rows) {
        let kind = lap.entrant.kind;
        let colour = runners::colour(kind);
        root.draw(&PathElement::new(
            vec![(c.x, *y), (c.x + w, *y)],
            colour.stroke_width(theme.line()),
        ))
        .map_err(fail)?;
        let (shape, r) = (runners::shape(kind), pxi(theme, 4.5));
        draw_shape(
            root,
            theme,
            shape,
            (c.x + w / 2, *y),
            r,
            colour,
            theme.foreground,
        )?;
        let left = |rel, colour| style(theme, rel, colour, HPos::Left, VPos::Center);
        root.draw_text(label, &left(1.0, theme.foreground), (text_x, *y))
            .map_err(fail)?;
        if let (Some(sy), Some((k, why))) = (stop_y, lap.stopped_by(replay.shown)) {
            let colour = match why {
                Stop::NonFinite => theme.alarm,
                Stop::LeftWindow => theme.muted,
            };
            let text = words(c.compact)((k, why));
            root.draw_text(&text, &left(STOP_REL, colour), (text_x, *sy))
                .map_err(fail)?;
        }
    }
    Ok(())
}

/// The key: start, minima, and the arrows at the current step.
pub(super) fn key(theme: &Theme, replay: &Replay, bands: &Bands, step_scale: f64) -> Vec<Item> {
    let mut items = vec![Item::new(Swatch::Ring(theme.foreground), "start", theme)];
    match &replay.race.minima {
        Minima::Points(p) => {
            let what = if p.len() > 1 { "minima" } else { "minimum" };
            let target = Swatch::Marker(theme.foreground, Shape::Target);
            items.push(Item::new(target, what, theme));
        }
        Minima::Curve => items.push(Item::text("minima: the curve f = 0", theme.muted)),
        Minima::None => {
            let low = fmt_num(bands.min).replace('-', "−");
            items.push(Item::text("no minimum", theme.muted));
            items.push(Item::text(format!("lowest f here {low}"), theme.muted));
        }
    }
    items.push(Item::new(
        Swatch::Line(theme.foreground, theme.px_u(1.5)),
        "−∇f, direction only",
        theme,
    ));
    let step = if step_scale > 1.0 {
        format!("next step Δ ×{}", step_scale)
    } else {
        "next step Δ".to_string()
    };
    items.push(Item::new(
        Swatch::Line(theme.foreground, theme.line() + theme.px_u(1.0)),
        step,
        theme,
    ));
    if replay
        .race
        .laps
        .iter()
        .any(|l| l.steps.iter().any(|s| s.velocity.is_some()))
    {
        items.push(Item::new(
            Swatch::Line(theme.muted, theme.px_u(2.0)),
            "velocity",
            theme,
        ));
    }
    if replay.config.clip != Clip::None {
        items.push(Item::new(
            Swatch::Dashed(theme.foreground, theme.line()),
            "before clipping",
            theme,
        ));
    }
    if let Some(first) = items.first_mut() {
        first.newline = true;
    }
    items
}

/// The runners' entries for the header, on a line of their own: each
/// optimizer with its learning rate.
pub(super) fn runner_items(theme: &Theme, replay: &Replay) -> Vec<Item> {
    let laps = replay.race.laps.iter();
    let mut items: Vec<Item> = laps
        .zip(labels(replay, false))
        .map(|(l, label)| runners::item(theme, l.entrant.kind, label))
        .collect();
    if let Some(first) = items.first_mut() {
        first.newline = true;
    }
    items
}
