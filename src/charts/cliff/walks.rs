//! Each run's walk on its view: the path so far cut to the window, a dot per
//! point (a square where clipping acted), the start, the steps that left the
//! plot, the current point with the step it is about to take, and the notes
//! in the bottom left corner.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::arrows::{arrow, arrow_head, ipt, Pass};
use super::labels::{at_tip, fmt_coord, fmt_num, note_in};
use super::layout::{Rect, Window};
use super::views::ViewSpec;
use super::{CLIPPED, UNCLIPPED};
use crate::charts::axis::{draw_mark, line_height, pxi, Mark};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::cliff::descent::{Point, Walk};
use crate::scenes::cliff::replay::Replay;

/// The index of the current point of `walk`: the last shown, None if it has none.
pub(super) fn current(walk: &Walk, shown: usize) -> Option<usize> {
    (!walk.points.is_empty()).then(|| shown.min(walk.points.len() - 1))
}

fn wb(p: &Point) -> (f64, f64) {
    (p.w, p.b)
}

fn finite(p: (f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

/// A step that left the window: drawn to the edge, labelled with where it landed.
struct Exit {
    from: (f64, f64),
    at: (f64, f64),
    landed: (f64, f64),
}

/// The shown path of `walk` cut to the window: the pieces inside (device
/// pixels) and the steps that left it.
fn trace(walk: &Walk, upto: usize, win: &Window, r: Rect) -> (Vec<Vec<(i32, i32)>>, Vec<Exit>) {
    let mut pieces: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut exits = Vec::new();
    let mut open = false;
    for pair in walk.points[..=upto].windows(2) {
        let (a, z) = (wb(&pair[0]), wb(&pair[1]));
        if !(finite(a) && finite(z)) {
            open = false;
            continue;
        }
        let Some((t0, t1)) = win.clip(a, z) else {
            open = false;
            continue;
        };
        let at = |t: f64| (a.0 + t * (z.0 - a.0), a.1 + t * (z.1 - a.1));
        let (s, e) = (win.pixel(r, at(t0)), win.pixel(r, at(t1)));
        match pieces.last_mut() {
            Some(p) if open && t0 == 0.0 => p.push(ipt(e)),
            _ => pieces.push(vec![ipt(s), ipt(e)]),
        }
        open = t1 >= 1.0;
        if t0 == 0.0 && t1 < 1.0 {
            exits.push(Exit {
                from: win.pixel(r, a),
                at: e,
                landed: z,
            });
        }
    }
    (pieces, exits)
}

/// `spec`'s walk up to step `now` on view `r`.
pub(super) fn draw_walk<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    win: &Window,
    r: Rect,
    spec: &ViewSpec,
    now: usize,
) -> ChartResult {
    let walk = spec.walk;
    let points = &walk.points[..=now];
    let (pieces, exits) = trace(walk, now, win, r);
    let inside: Vec<(usize, (f64, f64))> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| finite(wb(p)) && win.contains(wb(p)))
        .map(|(k, p)| (k, win.pixel(r, wb(p))))
        .collect();
    draw_path(root, theme, spec, &pieces, &inside, now)?;
    draw_exits(root, theme, r, spec, &exits)?;
    draw_step(root, theme, win, r, spec, points[now], replay.config.lr)?;
    corner_notes(root, theme, replay, r, spec, now, &inside)
}

/// The path, its points and its start; `inside` holds the points on the
/// plot, with their index.
fn draw_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    spec: &ViewSpec,
    pieces: &[Vec<(i32, i32)>],
    inside: &[(usize, (f64, f64))],
    now: usize,
) -> ChartResult {
    let points = &spec.walk.points[..=now];
    // The path on a pale halo, segment by segment: a polyline's mitred
    // joins would spike at the walk's sharp turns. Round joins come from a
    // disc at each point.
    let line = theme.line();
    let halo = line + 2 * theme.px_u(1.0);
    let segments: Vec<[(i32, i32); 2]> = pieces
        .iter()
        .flat_map(|p| p.windows(2).map(|s| [s[0], s[1]]))
        .collect();
    for s in &segments {
        root.draw(&PathElement::new(
            s.to_vec(),
            theme.background.stroke_width(halo),
        ))
        .map_err(fail)?;
    }
    for &(_, p) in inside {
        root.draw(&Circle::new(ipt(p), halo / 2, theme.background.filled()))
            .map_err(fail)?;
    }
    for s in &segments {
        root.draw(&PathElement::new(
            s.to_vec(),
            spec.colour.stroke_width(line),
        ))
        .map_err(fail)?;
    }
    // A dot per point; a small square instead where clipping acted on the
    // step taken from it.
    let marked = |k: usize| spec.clipping && k < now && points[k].clipped;
    let dot = (f64::from(line) * 0.5 + theme.px(1.5)).round().max(1.0) as u32;
    for &(_, p) in inside.iter().filter(|(k, _)| !marked(*k)) {
        root.draw(&Circle::new(ipt(p), dot, spec.colour.filled()))
            .map_err(fail)?;
    }
    let s = pxi(theme, 2.5).max(1);
    for &(_, p) in inside.iter().filter(|(k, _)| marked(*k)) {
        let (x, y) = ipt(p);
        root.draw(&Rectangle::new(
            [(x - s, y - s), (x + s, y + s)],
            theme.alarm.filled(),
        ))
        .map_err(fail)?;
    }
    // The start.
    if let Some(&(0, p)) = inside.first() {
        let ring = pxi(theme, 8.0) as u32;
        root.draw(&Circle::new(
            ipt(p),
            ring,
            theme.background.stroke_width(theme.px_u(5.0)),
        ))
        .map_err(fail)?;
        root.draw(&Circle::new(
            ipt(p),
            ring,
            theme.foreground.stroke_width(theme.px_u(2.5)),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

/// The last three steps that left the plot.
fn draw_exits<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    r: Rect,
    spec: &ViewSpec,
    exits: &[Exit],
) -> ChartResult {
    // Steps that left the plot: an arrowhead on the edge, and where they landed.
    let rel = 1.1;
    for exit in exits.iter().rev().take(3) {
        for pass in [Pass::Halo, Pass::Body] {
            let (ends, size) = ((exit.from, exit.at), theme.px(16.0));
            arrow_head(root, theme, ends, spec.colour, size, pass)?;
        }
        let text = format!(
            "→ ({}, {})",
            fmt_coord(exit.landed.0),
            fmt_coord(exit.landed.1)
        );
        let ends = (exit.from, exit.at);
        at_tip(root, theme, &text, rel, spec.colour, ends, r)?;
    }
    Ok(())
}

/// The current point `here` and the step it is about to take with rate `lr`.
fn draw_step<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    win: &Window,
    r: Rect,
    spec: &ViewSpec,
    here: Point,
    lr: f64,
) -> ChartResult {
    let line = theme.line();
    // The current point and the step it is about to take: the arrows' halos
    // under the dot, the arrows over it, so that a step shorter than the dot
    // still shows.
    if finite(wb(&here)) && win.contains(wb(&here)) {
        let from = win.pixel(r, wb(&here));
        let mut arrows = Vec::new();
        let mut label = None;
        let raw = (here.w - lr * here.grad[0], here.b - lr * here.grad[1]);
        // The raw step, unless clipping left it as it was (then the two are one).
        if (!spec.clipping || here.clipped) && finite(raw) {
            if let Some((_, t1)) = win.clip(wb(&here), raw) {
                let to = win.pixel(
                    r,
                    (
                        here.w + t1 * (raw.0 - here.w),
                        here.b + t1 * (raw.1 - here.b),
                    ),
                );
                arrows.push(((from, to), UNCLIPPED));
                if t1 < 1.0 || spec.clipping {
                    let text = format!("lr·‖g‖ = {}", fmt_num(lr * here.grad_norm));
                    label = Some((text, (from, to)));
                }
            }
        }
        let applied = (here.w - lr * here.applied[0], here.b - lr * here.applied[1]);
        if spec.clipping && finite(applied) {
            if let Some((_, t1)) = win.clip(wb(&here), applied) {
                let to = win.pixel(
                    r,
                    (
                        here.w + t1 * (applied.0 - here.w),
                        here.b + t1 * (applied.1 - here.b),
                    ),
                );
                arrows.push(((from, to), CLIPPED));
            }
        }
        let width = line + theme.px_u(1.0);
        for &(ends, colour) in &arrows {
            arrow(root, theme, ends, colour, width, Pass::Halo)?;
        }
        let big = pxi(theme, 6.5) as u32;
        root.draw(&Circle::new(
            ipt(from),
            big + theme.px_u(2.0),
            theme.background.filled(),
        ))
        .map_err(fail)?;
        root.draw(&Circle::new(ipt(from), big, spec.colour.filled()))
            .map_err(fail)?;
        root.draw(&Circle::new(
            ipt(from),
            big,
            theme.foreground.stroke_width(theme.px_u(1.5)),
        ))
        .map_err(fail)?;
        for &(ends, colour) in &arrows {
            arrow(root, theme, ends, colour, width, Pass::Body)?;
        }
        if let Some((text, ends)) = label {
            at_tip(root, theme, &text, 1.0, UNCLIPPED, ends, r)?;
        }
    }
    Ok(())
}

/// The notes in the corner of view `r`, and the marker where the walk went
/// non-finite.
fn corner_notes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    r: Rect,
    spec: &ViewSpec,
    now: usize,
    inside: &[(usize, (f64, f64))],
) -> ChartResult {
    let walk = spec.walk;
    let points = &walk.points[..=now];
    // Notes in the bottom left corner, stacked upwards: the longest step so
    // far (the contrast in one number), and whether a value went non-finite.
    let mut notes = Vec::new();
    let longest = points
        .windows(2)
        .map(|p| (p[1].w - p[0].w).hypot(p[1].b - p[0].b))
        .filter(|v| v.is_finite())
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    if let Some(longest) = longest {
        notes.push((
            format!("longest step {}", fmt_num(longest)),
            theme.foreground,
        ));
    }
    if let Some(k) = walk.diverged {
        if replay.shown >= k {
            // The point where it did, if it is on the plot.
            if let Some(&(at, p)) = inside.last() {
                if at == now {
                    draw_mark(root, theme, Mark::Nan, ipt(p), spec.colour)?;
                }
            }
            notes.push((format!("non-finite at step {k}"), theme.alarm));
        }
    }
    let mut y = r.y1 - pxi(theme, 6.0);
    for (text, colour) in notes {
        note_in(
            root,
            theme,
            &text,
            1.0,
            colour,
            (r.x0 + pxi(theme, 6.0), y),
            (HPos::Left, VPos::Bottom),
            r,
        )?;
        y -= line_height(theme, 1.0) + pxi(theme, 4.0);
    }
    Ok(())
}
