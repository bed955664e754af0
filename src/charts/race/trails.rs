//! Each runner's trail on the plane up to the step shown: the path on a pale
//! halo (a dark casing for the light yellow), the runner's marker every few
//! dozen pixels along it so trails are told apart without colour, the current
//! point as a larger marker, and where a lap stopped, its mark and a label.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::arrows::{draw_arrows, Arrow};
use super::paths::{at_turns, Line, Px};
use super::placer::Placer;
use super::runners::{self, casing, colour, marker, stop_mark, stop_words};
use crate::charts::axis::pxi;
use crate::charts::cliff::arrows::{ipt, Pass};
use crate::charts::cliff::layout::{Rect, Window};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::laps::{Lap, Stop};
use crate::scenes::race::replay::Replay;

/// Markers along a trail are this far apart, in CSS pixels, at least.
const MARKER_SPACING_CSS: f64 = 42.0;
/// A trail has at most this many markers along it.
const MAX_MARKERS: f64 = 14.0;

/// One lap as drawn: its pieces inside the plot (device pixels, points closer
/// than a pixel dropped), the index of its current point, and where it stops.
struct Trail<'a> {
    lap: &'a Lap,
    /// Its place among the laps, to stagger the markers of trails that coincide.
    place: usize,
    pieces: Vec<Vec<(f64, f64)>>,
    now: usize,
    /// Where and why it stopped, if by the step shown, in pixels.
    stop: Option<((f64, f64), usize, Stop)>,
}

fn trail<'a>(lap: &'a Lap, place: usize, shown: usize, win: &Window, r: Rect) -> Option<Trail<'a>> {
    let now = shown.min(lap.points.len().checked_sub(1)?);
    let xy = |k: usize| (lap.points[k].x, lap.points[k].y);
    let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut end = None;
    if now == 0 && win.contains(xy(0)) {
        pieces[0].push(win.pixel(r, xy(0)));
    }
    for k in 1..=now {
        let (a, z) = (xy(k - 1), xy(k));
        let Some((t0, t1)) = win.clip(a, z) else {
            pieces.push(Vec::new());
            continue;
        };
        let at = |t: f64| win.pixel(r, (a.0 + t * (z.0 - a.0), a.1 + t * (z.1 - a.1)));
        let Some(piece) = pieces.last_mut() else {
            continue;
        };
        if piece.is_empty() || t0 > 0.0 {
            piece.push(at(t0));
        }
        let e = at(t1);
        end = Some(e);
        // Sub-pixel steps add nothing but elements to draw.
        let last = piece.last().copied().unwrap_or(e);
        if (e.0 - last.0).hypot(e.1 - last.1) >= 1.0 || k == now || t1 < 1.0 {
            piece.push(e);
        }
        if t1 < 1.0 {
            pieces.push(Vec::new());
        }
    }
    pieces.retain(|p| !p.is_empty());
    let stop = lap.stopped_by(shown).map(|(k, why)| {
        let at = match why {
            Stop::LeftWindow => end.unwrap_or_else(|| win.pixel(r, xy(now))),
            Stop::NonFinite => win.pixel(r, xy(now)),
        };
        (at, k, why)
    });
    Some(Trail {
        lap,
        place,
        pieces,
        now,
        stop,
    })
}

/// Every lap's trail, and the arrows at the current step, over plot `r`.
pub(super) fn draw_trails<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    win: &Window,
    r: Rect,
    step_scale: f64,
) -> ChartResult {
    let laps = &replay.race.laps;
    let trails: Vec<Trail> = laps
        .iter()
        .enumerate()
        .filter_map(|(i, l)| trail(l, i, replay.shown, win, r))
        .collect();
    let line = theme.line();
    let halo = line + 2 * theme.px_u(1.0);
    // Each trail as polylines broken at its sharp turns, with a disc there.
    let runs: Vec<(Vec<Line>, Vec<Px>)> = trails.iter().map(bends).collect();
    // Halos first, all of them, so no trail's halo covers another's line.
    for (t, (lines, _)) in trails.iter().zip(&runs) {
        let c = casing(theme, colour(t.lap.entrant.kind));
        for l in lines {
            root.draw(&PathElement::new(l.clone(), c.stroke_width(halo)))
                .map_err(fail)?;
        }
    }
    for (t, (lines, turns)) in trails.iter().zip(&runs) {
        let c = colour(t.lap.entrant.kind);
        for l in lines {
            root.draw(&PathElement::new(l.clone(), c.stroke_width(line)))
                .map_err(fail)?;
        }
        for &p in turns {
            root.draw(&Circle::new(p, line / 2, c.filled()))
                .map_err(fail)?;
        }
    }
    for t in &trails {
        along(root, theme, t, laps.len().max(1))?;
    }
    let arrows: Vec<Arrow> = trails
        .iter()
        .filter(|t| t.stop.is_none())
        .flat_map(|t| super::arrows::at_step(theme, t.lap, t.now, win, r, step_scale))
        .collect();
    draw_arrows(root, theme, &arrows, Pass::Halo)?;
    for t in &trails {
        current(root, theme, win, r, t)?;
    }
    draw_arrows(root, theme, &arrows, Pass::Body)?;
    Ok(())
}

/// A label beside each stopped lap's mark, where `placer` finds room.
pub(super) fn label_stops<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    win: &Window,
    r: Rect,
    placer: &mut Placer,
) -> ChartResult {
    for (i, lap) in replay.race.laps.iter().enumerate() {
        let Some(Trail {
            stop: Some((at, k, why)),
            ..
        }) = trail(lap, i, replay.shown, win, r)
        else {
            continue;
        };
        let text = format!(
            "{}: {}",
            runners::name(lap.entrant.kind),
            stop_words((k, why))
        );
        let c = match why {
            Stop::NonFinite => theme.alarm,
            Stop::LeftWindow => theme.foreground,
        };
        placer.label(root, theme, &text, c, ipt(at))?;
    }
    Ok(())
}

/// A trail's pieces in whole pixels, split at its sharp turns, and those turns.
fn bends(t: &Trail) -> (Vec<Line>, Vec<Px>) {
    let (mut lines, mut turns) = (Vec::new(), Vec::new());
    for piece in &t.pieces {
        let pts: Line = piece.iter().map(|&p| ipt(p)).collect();
        let (l, t) = at_turns(&pts);
        lines.extend(l);
        turns.extend(t);
    }
    (lines, turns)
}

/// The runner's marker every [`MARKER_SPACING_CSS`] along its trail (and no
/// more than [`MAX_MARKERS`]: a noisy run walks a long way in one spot),
/// never near another of its own; staggered by its place among `laps` so
/// coinciding trails show all theirs.
fn along<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    t: &Trail,
    laps: usize,
) -> ChartResult {
    let near = theme.px(MARKER_SPACING_CSS);
    let length: f64 = t
        .pieces
        .iter()
        .flat_map(|p| p.windows(2))
        .map(|s| (s[1].0 - s[0].0).hypot(s[1].1 - s[0].1))
        .sum();
    let spacing = near.max(length / MAX_MARKERS);
    let r = pxi(theme, 3.5);
    let (mut walked, mut due) = (0.0, spacing * (0.6 + t.place as f64 / laps as f64));
    let mut placed: Vec<(f64, f64)> = t
        .pieces
        .first()
        .and_then(|p| p.first())
        .copied()
        .into_iter()
        .collect();
    for p in &t.pieces {
        for s in p.windows(2) {
            let len = (s[1].0 - s[0].0).hypot(s[1].1 - s[0].1);
            // Look along the segment every few pixels.
            let n = (len / (near / 8.0)).ceil().max(1.0) as usize;
            for i in 1..=n {
                let f = i as f64 / n as f64;
                let at = (
                    s[0].0 + f * (s[1].0 - s[0].0),
                    s[0].1 + f * (s[1].1 - s[0].1),
                );
                let clear = || {
                    placed
                        .iter()
                        .all(|q| (at.0 - q.0).hypot(at.1 - q.1) >= 0.75 * near)
                };
                if walked + f * len >= due && clear() {
                    marker(root, theme, t.lap.entrant.kind, ipt(at), r)?;
                    placed.push(at);
                    due = walked + f * len + spacing;
                }
            }
            walked += len;
        }
    }
    Ok(())
}

/// The current point: the runner's marker, larger, on a halo; or, for a lap
/// that has stopped, its stop mark.
fn current<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    win: &Window,
    r: Rect,
    t: &Trail,
) -> ChartResult {
    let kind = t.lap.entrant.kind;
    if let Some((at, _, why)) = t.stop {
        return stop_mark(root, theme, kind, why, ipt(at));
    }
    let p = t.lap.points[t.now];
    if !win.contains((p.x, p.y)) {
        return Ok(());
    }
    let at = ipt(win.pixel(r, (p.x, p.y)));
    let big = pxi(theme, 6.0);
    root.draw(&Circle::new(
        at,
        (big + pxi(theme, 3.0)) as u32,
        theme.background.mix(0.8).filled(),
    ))
    .map_err(fail)?;
    marker(root, theme, kind, at, big)
}
