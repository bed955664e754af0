//! The two surface views, without and with clipping: the axes over exactly
//! the plot rectangle, the heat map, the wall, the run's walk (drawn in
//! [`super::walks`]) and the view's title and axis names.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::arrows::ipt;
use super::heat_map::heat_cells;
use super::labels::note_in;
use super::layout::{linear_label_width, Layout, Rect, Window};
use super::walks::{current, draw_walk};
use crate::charts::axis::{
    fmt_tick, line_height, nice_ticks, pxi, style, style_mesh, x_label_count, Ticked,
};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::cliff::descent::Walk;
use crate::scenes::cliff::replay::Replay;
use crate::scenes::cliff::unit::Cliff;

/// What one view shows.
pub(super) struct ViewSpec<'a> {
    pub(super) walk: &'a Walk,
    pub(super) colour: RGBColor,
    pub(super) title: String,
    pub(super) clipping: bool,
}

/// One view: axes, heat map and wall, then the walk over them and the labels.
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
    view_axes(root, theme, l, r, &win)?;
    heat_cells(root, theme, r, heat)?;
    wall(root, theme, r, &win)?;
    let Some(now) = current(spec.walk, replay.shown) else {
        return view_labels(root, theme, l, r, spec);
    };
    draw_walk(root, theme, replay, &win, r, spec, now)?;
    view_labels(root, theme, l, r, spec)
}

/// A view's axes and ticks.
fn view_axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    l: &Layout,
    r: Rect,
    win: &Window,
) -> ChartResult {
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
    Ok(())
}

/// The wall: where x_0 is an unstable fixed point, for w above the critical slope.
fn wall<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    r: Rect,
    win: &Window,
) -> ChartResult {
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
    Ok(())
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
