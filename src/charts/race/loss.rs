//! f per step for each lap up to the step shown. Every surface with a minimum
//! has f* = 0 there, so f itself is f − f*, on a log axis that shows the
//! approach decade by decade (values below [`FLOOR`] drawn at it); the saddle
//! has no minimum and f goes negative, so its axis is linear and says so.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::runners::{self, stop_mark};
use super::series::{cursor, fit, frame, line, plot_rect};
use crate::charts::axis::{
    draw_mark, header, local, mark_y, pow10_label, pxi, Item, Mark, Shape, Swatch,
};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::laps::Stop;
use crate::scenes::race::replay::Replay;
use crate::scenes::race::surface::Minima;

/// The log axis goes no lower: f32 runs reach exact zeros, f64 runs 10⁻³⁰.
pub const FLOOR_EXP: i32 = -16;
const FLOOR: f64 = 1e-16;

pub const TITLE: &str = "f − f* per step (log scale, f* = 0)";
pub const TITLE_LINEAR: &str = "f per step";

/// The legend's stop keys, for the ways the laps of this race stop at all
/// (not only by the step shown, so the header holds still while playing).
pub(super) fn stop_keys(theme: &Theme, replay: &Replay) -> Vec<Item> {
    let stops = |why: Stop| {
        replay
            .race
            .laps
            .iter()
            .any(|l| matches!(l.stopped, Some((_, w)) if w == why))
    };
    let mut items = Vec::new();
    if stops(Stop::LeftWindow) {
        items.push(Item::new(Swatch::Ring(theme.alarm), "left the plot", theme));
    }
    if stops(Stop::NonFinite) {
        items.push(Item::new(
            Swatch::Marker(theme.alarm, Shape::Diamond),
            "non-finite",
            theme,
        ));
    }
    items
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let log = !matches!(replay.race.minima, Minima::None);
    let width = area.dim_in_pixel().0;
    let title = if log {
        fit(theme, width, &[TITLE, "f − f* per step (log)", "f − f*"])
    } else {
        fit(theme, width, &[TITLE_LINEAR, "f"])
    };
    let laps = &replay.race.laps;
    let mut items: Vec<Item> = runners::name_items(theme, laps);
    items.extend(stop_keys(theme, replay));
    let all = || laps.iter().flat_map(|l| l.points.iter().map(|p| p.loss));
    if !log {
        items.push(Item::text("no minimum: a linear axis", theme.muted));
    } else if all().any(|f| f < FLOOR) {
        let floor = pow10_label(FLOOR_EXP);
        items.push(Item::text(
            format!("below {floor} drawn at {floor}"),
            theme.muted,
        ));
    }
    let top = header(area, theme, title, &items)?;
    let floored = move |f: f64| {
        if log && f.is_finite() {
            f.max(FLOOR)
        } else {
            f
        }
    };
    let values = all().map(floored);
    let y_desc = if log { "f − f*" } else { "f" };
    let len = replay.len();
    let Some((chart, _)) = frame(area, theme, top, len, values, log, y_desc)? else {
        return Ok(());
    };
    let r = plot_rect(area, &chart);
    for (i, lap) in laps.iter().enumerate() {
        let Some(last) = lap.points.len().checked_sub(1) else {
            continue;
        };
        let now = replay.shown.min(last);
        let points: Vec<(f64, f64)> = lap.points[..=now]
            .iter()
            .enumerate()
            .map(|(k, p)| (k as f64, floored(p.loss)))
            .collect();
        let phase = i as f64 / laps.len().max(1) as f64;
        line(
            &chart,
            theme,
            lap.entrant.kind,
            &points,
            log,
            false,
            phase,
            len,
        )?;
        let Some((k, why)) = lap.stopped_by(replay.shown) else {
            continue;
        };
        let y = match why {
            Stop::LeftWindow => {
                let f = floored(lap.points[last].loss);
                if log {
                    f.log10()
                } else {
                    f
                }
            }
            Stop::NonFinite => chart.y_range().end,
        };
        let (x, py) = local(area, chart.backend_coord(&(k as f64, y)));
        match why {
            Stop::LeftWindow => stop_mark(area, theme, lap.entrant.kind, why, (x, py))?,
            Stop::NonFinite => {
                let at = (x, mark_y(Mark::Nan, (r.y0, r.y1), pxi(theme, 7.0)));
                draw_mark(
                    area,
                    theme,
                    Mark::Nan,
                    at,
                    runners::colour(lap.entrant.kind),
                )?;
            }
        }
    }
    cursor(area, theme, &chart, r, replay.shown)
}
