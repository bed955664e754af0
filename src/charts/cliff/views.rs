//! The two surface views, without and with clipping: axes, the heat map,
//! the wall, each run's path so far with its start, current point and the
//! step about to be taken, and the notes in the corner.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::arrows::{arrow, arrow_head, ipt, Pass};
use super::heat_map::level_colour;
use super::labels::{at_tip, fmt_coord, fmt_num, note_in};
use super::layout::{linear_label_width, Layout, Rect, Window};
use super::{CLIPPED, UNCLIPPED};
use crate::charts::axis::{
    draw_mark, fmt_tick, line_height, nice_ticks, pxi, style, style_mesh, x_label_count, Mark,
    Ticked,
};
use crate::charts::{fail, ChartResult, Theme};
use crate::landscape::cliff::Cliff;
use crate::landscape::descent::{Point, Walk};
use crate::landscape::replay::Replay;

/// What one view shows.
pub(super) struct ViewSpec<'a> {
    pub(super) walk: &'a Walk,
    pub(super) colour: RGBColor,
    pub(super) title: String,
    pub(super) clipping: bool,
}

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

#[allow(clippy::too_many_arguments)]
pub(super) fn draw_view<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    l: &Layout,
    r: Rect,
    heat: &(usize, usize, Vec<Option<u16>>),
    spec: &ViewSpec,
) -> ChartResult {
    let win = Window::of(replay);
    let c = &replay.config;

    // Axes and ticks, with plotters, over exactly the plot rectangle.
    let sub = root.clone().shrink(
        (r.x0 - l.left, r.y0),
        ((r.width() + l.left) as u32, (r.height() + l.bottom) as u32),
    );
    let w_label = linear_label_width(theme, win.w.0, win.w.1);
    let (w_ticks, w_step) = nice_ticks(
        win.w.0,
        win.w.1,
        x_label_count(theme, r.width(), w_label),
        false,
    );
    let b_n = (r.height() / (3 * line_height(theme, 1.0)).max(1)).clamp(2, 8) as usize;
    let (b_ticks, b_step) = nice_ticks(win.b.0, win.b.1, b_n, false);
    let mut chart = ChartBuilder::on(&sub)
        .x_label_area_size(l.bottom.max(0) as u32)
        .y_label_area_size(l.left.max(0) as u32)
        .build_cartesian_2d(
            Ticked::new(win.w, w_ticks, Vec::new()),
            Ticked::new(win.b, b_ticks, Vec::new()),
        )
        .map_err(fail)?;
    debug_assert_eq!(
        chart.plotting_area().get_pixel_range(),
        (r.x0..r.x1 + 1, r.y0..r.y1 + 1),
        "the layout and the chart disagree"
    );
    let fmt_w = |v: &f64| fmt_tick(*v, w_step);
    let fmt_b = |v: &f64| fmt_tick(*v, b_step);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.x_label_formatter(&fmt_w)
        .y_label_formatter(&fmt_b)
        .disable_mesh()
        .draw()
        .map_err(fail)?;

    // The surface.
    let (mx, my, levels) = heat;
    let (mx, my) = (*mx, *my);
    if mx > 0 && my > 0 {
        let edge_x = |k: usize| r.x0 + (k as i64 * i64::from(r.width()) / mx as i64) as i32;
        let edge_y = |k: usize| r.y1 + 1 - (k as i64 * i64::from(r.height()) / my as i64) as i32;
        let mut cells = Vec::new();
        for cj in 0..my {
            let (ya, yb) = (edge_y(cj + 1), edge_y(cj));
            let row = &levels[cj * mx..(cj + 1) * mx];
            let mut ci = 0;
            while ci < mx {
                let key = row[ci];
                let end = ci + row[ci..].iter().take_while(|&&k| k == key).count();
                let colour = key.map_or(theme.grid, |k| level_colour(usize::from(k)));
                cells.push(Rectangle::new(
                    [(edge_x(ci), ya), (edge_x(end), yb)],
                    colour.filled(),
                ));
                ci = end;
            }
        }
        for cell in &cells {
            root.draw(cell).map_err(fail)?;
        }
    }

    // The wall: where x_0 is an unstable fixed point, for w above the critical slope.
    let crit = Cliff::critical_w();
    if win.w.1 > crit {
        let w0 = crit.max(win.w.0);
        let (a, z) = ((w0, Cliff::wall_b(w0)), (win.w.1, Cliff::wall_b(win.w.1)));
        if let Some((t0, t1)) = win.clip(a, z) {
            let at = |t: f64| (a.0 + t * (z.0 - a.0), a.1 + t * (z.1 - a.1));
            let (s, e) = (win.pixel(r, at(t0)), win.pixel(r, at(t1)));
            let dash = theme.px_u(7.0);
            for (colour, width) in [
                (theme.background, theme.px_u(3.5)),
                (theme.foreground, theme.px_u(1.5)),
            ] {
                root.draw(&DashedPathElement::new(
                    vec![ipt(s), ipt(e)],
                    dash,
                    dash,
                    colour.stroke_width(width),
                ))
                .map_err(fail)?;
            }
            let f = 0.8;
            let p = ipt((s.0 + f * (e.0 - s.0), s.1 + f * (e.1 - s.1)));
            note_in(
                root,
                theme,
                "wall",
                1.0,
                theme.foreground,
                (p.0 + pxi(theme, 8.0), p.1 - pxi(theme, 6.0)),
                (HPos::Left, VPos::Bottom),
                r,
            )?;
        }
    }

    let walk = spec.walk;
    let Some(now) = current(walk, replay.shown) else {
        return view_labels(root, theme, l, r, spec);
    };
    let points = &walk.points[..=now];
    let (pieces, exits) = trace(walk, now, &win, r);
    let inside: Vec<(usize, (f64, f64))> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| finite(wb(p)) && win.contains(wb(p)))
        .map(|(k, p)| (k, win.pixel(r, wb(p))))
        .collect();
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
    for &(_, p) in &inside {
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
    // The current point and the step it is about to take: the arrows' halos
    // under the dot, the arrows over it, so that a step shorter than the dot
    // still shows.
    let here = points[now];
    if finite(wb(&here)) && win.contains(wb(&here)) {
        let from = win.pixel(r, wb(&here));
        let lr = c.lr;
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
    view_labels(root, theme, l, r, spec)
}

/// The title above a view, and its axes' names at their ends: "b" over the
/// top of the vertical axis, "w" after the last tick label of the horizontal one.
fn view_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    l: &Layout,
    r: Rect,
    spec: &ViewSpec,
) -> ChartResult {
    root.draw_text(
        &spec.title,
        &style(theme, 1.1, spec.colour, HPos::Center, VPos::Center),
        ((r.x0 + r.x1) / 2, l.title_y),
    )
    .map_err(fail)?;
    let name = |h, v| style(theme, 1.1, theme.foreground, h, v);
    root.draw_text(
        "b",
        &name(HPos::Center, VPos::Bottom),
        (r.x0, r.y0 - pxi(theme, 4.0)),
    )
    .map_err(fail)?;
    root.draw_text(
        "w",
        &name(HPos::Right, VPos::Center),
        (
            r.x1 + l.gap_r - pxi(theme, 2.0),
            r.y1 + 1 + pxi(theme, 5.0) + line_height(theme, 1.0) / 2,
        ),
    )
    .map_err(fail)
}
