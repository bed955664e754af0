//! How each runner of the race is drawn, the same in every figure: its colour
//! and marker come from its optimizer's place in the menu, so they never change
//! when others are switched off; its name is the menu's label.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::axis::{draw_mark, draw_shape, pxi, Item, Mark, Shape, Swatch};
use crate::charts::cliff::labels::fmt_num;
use crate::charts::theme::OKABE_ITO;
use crate::charts::{fail, ChartResult, Theme};
use crate::engine::optim::OptimizerKind;
use crate::engine::words::Vocabulary;
use crate::scenes::race::laps::{Lap, Point, Stop};

/// The optimizer's place in the menu.
fn place(kind: OptimizerKind) -> usize {
    OptimizerKind::values()
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(0)
}

pub(super) fn colour(kind: OptimizerKind) -> RGBColor {
    OKABE_ITO[place(kind) % OKABE_ITO.len()]
}

pub(super) fn shape(kind: OptimizerKind) -> Shape {
    Shape::SERIES[place(kind) % Shape::SERIES.len()]
}

/// The menu's label: "SGD", "AdaGrad", "Adam".
pub(super) fn name(kind: OptimizerKind) -> &'static str {
    OptimizerKind::MENU
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("?", |(_, label)| label)
}

/// What a light colour (Okabe–Ito's yellow) is cased in: it vanishes on white
/// and on the pale contours, the darker ones read on both with a pale halo.
pub(super) fn casing(theme: &Theme, c: RGBColor) -> RGBColor {
    let luma = 0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2);
    if luma > 180.0 {
        theme.foreground
    } else {
        theme.background
    }
}

/// The lap's point after `shown` steps, or its last; None if it has none.
pub(super) fn now(lap: &Lap, shown: usize) -> Option<&Point> {
    lap.points.get(shown.min(lap.points.len().checked_sub(1)?))
}

/// A runner's legend entry: its line with its marker, and `label`.
pub(super) fn item(theme: &Theme, kind: OptimizerKind, label: String) -> Item {
    Item::new(
        Swatch::Marked(colour(kind), theme.line(), shape(kind)),
        label,
        theme,
    )
}

/// Every lap's legend entry by the runner's name alone, in race order.
pub(super) fn name_items(theme: &Theme, laps: &[Lap]) -> Vec<Item> {
    laps.iter()
        .map(|l| item(theme, l.entrant.kind, name(l.entrant.kind).to_string()))
        .collect()
}

/// "SGD lr 0.05".
pub(super) fn with_lr(lap: &Lap) -> String {
    format!("{} lr {}", name(lap.entrant.kind), fmt_num(lap.entrant.lr))
}

/// What stopped a lap, in a few words: "left the plot at step 12".
pub(super) fn stop_words((k, why): (usize, Stop)) -> String {
    match why {
        Stop::LeftWindow => format!("left the plot at step {k}"),
        Stop::NonFinite => format!("non-finite at step {k}"),
    }
}

/// The same in fewer, where room is short: "left at step 12".
pub(super) fn stop_short((k, why): (usize, Stop)) -> String {
    match why {
        Stop::LeftWindow => format!("left at step {k}"),
        Stop::NonFinite => format!("non-finite at {k}"),
    }
}

/// The runner's marker at `at`, `r` device pixels.
pub(super) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    kind: OptimizerKind,
    at: (i32, i32),
    r: i32,
) -> ChartResult {
    draw_shape(
        area,
        theme,
        shape(kind),
        at,
        r,
        colour(kind),
        theme.foreground,
    )
}

/// Where a lap stopped: the alarm diamond for a non-finite value; for a lap
/// that left the plot, its marker in an alarm ring.
pub(super) fn stop_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    kind: OptimizerKind,
    why: Stop,
    at: (i32, i32),
) -> ChartResult {
    match why {
        Stop::NonFinite => draw_mark(area, theme, Mark::Nan, at, colour(kind)),
        Stop::LeftWindow => {
            let r = pxi(theme, 8.0).max(3) as u32;
            area.draw(&Circle::new(at, r, theme.background.filled()))
                .map_err(fail)?;
            area.draw(&Circle::new(
                at,
                r,
                theme.alarm.stroke_width(theme.px_u(2.0)),
            ))
            .map_err(fail)?;
            marker(area, theme, kind, at, pxi(theme, 4.0))
        }
    }
}
