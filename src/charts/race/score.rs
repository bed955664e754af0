//! The scoreboard at the step shown, drawn as a table: per runner its
//! learning rate, the step it first came within tolerance of a minimum, the
//! minimum it is nearest and how far, f now, its longest step so far, and
//! whether it stopped. The type is as large as fits (within limits); past
//! the smallest, the least needed columns go.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::runners::{self, stop_words};
use super::series::fit;
use crate::charts::axis::{draw_shape, header, line_height, pxi, style, text_width, PAD};
use crate::charts::cliff::labels::fmt_num;
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::laps::{Lap, Stop};
use crate::scenes::race::replay::Replay;
use crate::scenes::race::surface::{Minima, Plane};

/// The type of the table, relative to the theme's: as large as fits, from
/// a little larger than the other figures' (it is read from the back) down.
const MAX_REL: f64 = 1.25;
const MIN_REL: f64 = 0.6;

const STOPPED: &str = "stopped";

/// A column: its heading, and its cell for a lap at the step shown.
struct Column {
    heading: &'static str,
    /// The widest cell it can have in this race, so it does not shift as it plays.
    widest: String,
    cells: Vec<String>,
    /// Dropped first when the table does not fit (higher goes sooner).
    drop: u8,
}

/// "(3, 2)", "(−2.81, 3.13)".
fn point((x, y): (f64, f64)) -> String {
    let n = |v: f64| fmt_num(v).replace('-', "−");
    format!("({}, {})", n(x), n(y))
}

fn columns(replay: &Replay) -> Vec<Column> {
    let k = replay.shown;
    let laps = &replay.race.laps;
    let len = replay.len();
    let cells = |f: &dyn Fn(&Lap) -> String| laps.iter().map(f).collect::<Vec<_>>();
    let dash = || "—".to_string();
    let mut out = vec![Column {
        heading: "lr",
        widest: String::new(),
        cells: cells(&|l| fmt_num(l.entrant.lr)),
        drop: 0,
    }];
    let minima = &replay.race.minima;
    if !matches!(minima, Minima::None) {
        out.push(Column {
            heading: "reached",
            widest: laps
                .iter()
                .filter_map(|l| l.reached)
                .max()
                .map_or_else(dash, |r| format!("step {r}")),
            cells: cells(&|l| {
                l.reached
                    .filter(|&r| r <= k)
                    .map_or_else(dash, |r| format!("step {r}"))
            }),
            drop: 1,
        });
    }
    if let Minima::Points(ps) = minima {
        let nearest = |l: &Lap| {
            let p = runners::now(l, k)?;
            Plane::nearest(minima, p.x, p.y).map(|i| (ps[i], (p.x - ps[i].0).hypot(p.y - ps[i].1)))
        };
        out.push(Column {
            heading: "nearest minimum",
            widest: String::new(),
            cells: cells(&|l| nearest(l).map_or_else(dash, |(m, _)| point(m))),
            drop: 2,
        });
        out.push(Column {
            heading: "distance",
            widest: "0.000123".into(),
            cells: cells(&|l| nearest(l).map_or_else(dash, |(_, d)| fmt_num(d))),
            drop: 4,
        });
    }
    out.push(Column {
        heading: "f now",
        widest: "−1.23e-10".into(),
        cells: cells(&|l| {
            runners::now(l, k).map_or_else(dash, |p| fmt_num(p.loss).replace('-', "−"))
        }),
        drop: 0,
    });
    out.push(Column {
        heading: "longest step",
        widest: format!("0.000123 (step {len})"),
        cells: cells(&|l| {
            l.longest(k)
                .map_or_else(dash, |(i, d)| format!("{} (step {})", fmt_num(d), i + 1))
        }),
        drop: 3,
    });
    out.push(Column {
        heading: STOPPED,
        widest: laps
            .iter()
            .filter_map(|l| l.stopped.map(stop_words))
            .max_by_key(|t| t.chars().count())
            .unwrap_or_else(dash),
        cells: cells(&|l| l.stopped_by(k).map_or_else(dash, stop_words)),
        drop: 0,
    });
    out
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let (w, h) = area.dim_in_pixel();
    let long = format!("Scoreboard at step {} of {}", replay.shown, replay.len());
    let title = fit(theme, w, &[&long, "Scoreboard"]);
    let top = header(area, theme, title, &[])? + pxi(theme, 8.0);
    let laps = &replay.race.laps;
    let pad = pxi(theme, PAD);
    let (room_w, room_h) = (w as i32 - 2 * pad, h as i32 - pad - top);
    let mut cols = columns(replay);
    let names: Vec<&str> = laps.iter().map(|l| runners::name(l.entrant.kind)).collect();
    let gap = |rel: f64| pxi(theme, 16.0 * rel);
    let swatch = |rel: f64| pxi(theme, 32.0 * rel);
    let col_w = |c: &Column, rel: f64| {
        std::iter::once(c.heading)
            .chain(std::iter::once(c.widest.as_str()))
            .chain(c.cells.iter().map(String::as_str))
            .map(|t| text_width(theme, rel, t))
            .max()
            .unwrap_or(0)
    };
    let first_w = |rel: f64| {
        let names = names
            .iter()
            .map(|n| text_width(theme, rel, n))
            .max()
            .unwrap_or(0);
        (swatch(rel) + names).max(text_width(theme, rel, "optimizer"))
    };
    let width = |cols: &[Column], rel: f64| {
        first_w(rel) + cols.iter().map(|c| gap(rel) + col_w(c, rel)).sum::<i32>()
    };
    let row_h = |rel: f64| (f64::from(line_height(theme, rel)) * 1.45).round() as i32;
    let height = |rel: f64| (laps.len() as i32 + 1) * row_h(rel) + pxi(theme, 4.0);
    // Shrink the type to fit, then drop columns, least needed first.
    let fits = |cols: &[Column], rel: f64| width(cols, rel) <= room_w && height(rel) <= room_h;
    let mut rel = MAX_REL;
    while rel > MIN_REL && !fits(&cols, rel) {
        rel = (rel - 0.05).max(MIN_REL);
    }
    while width(&cols, rel) > room_w {
        let Some(i) = (0..cols.len())
            .filter(|&i| cols[i].drop > 0)
            .max_by_key(|&i| cols[i].drop)
        else {
            break;
        };
        cols.remove(i);
    }
    let rh = row_h(rel);
    let text = |colour| style(theme, rel, colour, HPos::Left, VPos::Center);
    // The headings, a rule, and a row per lap (every other one shaded).
    let mut xs = vec![pad];
    let mut x = pad + first_w(rel);
    for c in &cols {
        x += gap(rel);
        xs.push(x);
        x += col_w(c, rel);
    }
    let right = x.min(w as i32 - pad);
    let y_of = |row: i32| top + row * rh + rh / 2;
    let headings = std::iter::once("optimizer").chain(cols.iter().map(|c| c.heading));
    for (x, heading) in xs.iter().zip(headings) {
        area.draw_text(heading, &text(theme.muted), (*x, y_of(0)))
            .map_err(fail)?;
    }
    let rule = top + rh;
    area.draw(&PathElement::new(
        vec![(pad, rule), (right, rule)],
        theme.foreground.stroke_width(theme.px_u(1.0)),
    ))
    .map_err(fail)?;
    for (i, lap) in laps.iter().enumerate() {
        let row = i as i32 + 1;
        let y = y_of(row);
        if y + rh / 2 > h as i32 - pad {
            break;
        }
        if i % 2 == 1 {
            area.draw(&Rectangle::new(
                [(pad, top + row * rh + 1), (right, top + (row + 1) * rh)],
                theme.grid.mix(0.5).filled(),
            ))
            .map_err(fail)?;
        }
        let kind = lap.entrant.kind;
        let c = runners::colour(kind);
        let sw = swatch(rel) - pxi(theme, 6.0 * rel);
        area.draw(&PathElement::new(
            vec![(pad, y), (pad + sw, y)],
            c.stroke_width(theme.line()),
        ))
        .map_err(fail)?;
        let r = pxi(theme, 4.5 * rel);
        draw_shape(
            area,
            theme,
            runners::shape(kind),
            (pad + sw / 2, y),
            r,
            c,
            theme.foreground,
        )?;
        area.draw_text(names[i], &text(theme.foreground), (pad + swatch(rel), y))
            .map_err(fail)?;
        for (col, x) in cols.iter().zip(&xs[1..]) {
            let colour = match (col.heading, lap.stopped_by(replay.shown)) {
                (STOPPED, Some((_, Stop::NonFinite))) => theme.alarm,
                _ => theme.foreground,
            };
            area.draw_text(&col.cells[i], &text(colour), (*x, y))
                .map_err(fail)?;
        }
    }
    Ok(())
}
