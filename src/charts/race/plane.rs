//! The plane: the surface's contours, its axes, the minima and the start, the
//! trails (drawn in [`super::trails`]), the step counter and the legends.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::contours::{colour_bar, paint};
use super::layout::{counter_text, layout, window, Counter, Layout};
use super::legend;
use super::placer::Placer;
use super::trails::{draw_trails, label_stops};
use crate::charts::axis::{
    draw_shape, fmt_tick, header, line_height, nice_ticks, pxi, style, style_mesh, x_label_count,
    Shape, Ticked,
};
use crate::charts::cliff::arrows::ipt;
use crate::charts::cliff::layout::{linear_label_width, Rect, Window};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::replay::Replay;
use crate::scenes::race::surface::Minima;

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let Some(l) = layout(area.dim_in_pixel(), theme, replay) else {
        header(area, theme, &replay.config.surface.to_string(), &[])?;
        return Ok(());
    };
    let (w, h) = area.dim_in_pixel();
    let left = area.clone().shrink((0, 0), (l.header_w.min(w), h));
    header(&left, theme, &l.title, &l.items)?;
    let win = window(replay);
    let r = l.plot;
    axes(area, theme, &l, &win)?;
    paint(area, theme, &replay.grid, &l.bands, &win, r)?;
    colour_bar(area, theme, &l.bands, l.bar, l.bar_right)?;
    let (k, n) = (replay.shown, replay.len());
    let text = |h| style(theme, 1.0, theme.foreground, h, VPos::Center);
    match l.counter {
        Some(Counter::Title(x, y)) => area
            .draw_text(&counter_text(k, n, false), &text(HPos::Right), (x, y))
            .map_err(fail)?,
        Some(Counter::Column(x, y, short)) => area
            .draw_text(&counter_text(k, n, short), &text(HPos::Left), (x, y))
            .map_err(fail)?,
        None => {}
    }
    draw_trails(area, theme, replay, &win, r, l.step_scale)?;
    // The minima and the start over the trails, which end and begin on them.
    marks(area, theme, replay, &win, r)?;
    // Where the column names the stops, the plot need not.
    if l.column.is_none() {
        label_stops(area, theme, replay, &win, r, &mut Placer::new(r))?;
    }
    names(area, theme, &l)?;
    match &l.column {
        Some(c) => legend::draw(area, theme, replay, c),
        None => Ok(()),
    }
}

/// The axes and their ticks, drawn by plotters over exactly the plot.
fn axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    l: &Layout,
    win: &Window,
) -> ChartResult {
    let r = l.plot;
    let sub = root.clone().shrink(
        (r.x0 - l.left, r.y0),
        ((r.width() + l.left) as u32, (r.height() + l.bottom) as u32),
    );
    let x_label = linear_label_width(theme, win.w.0, win.w.1);
    let x_n = x_label_count(theme, r.width(), x_label);
    let (x_ticks, x_step) = nice_ticks(win.w.0, win.w.1, x_n, false);
    let y_n = (r.height() / (3 * line_height(theme, 1.0)).max(1)).clamp(2, 8) as usize;
    let (mut y_ticks, y_step) = nice_ticks(win.b.0, win.b.1, y_n, false);
    // A label at the bottom end would meet the x axis's first one in the corner.
    let half = f64::from(line_height(theme, 1.0)) / 2.0;
    let px_per_y = f64::from(r.height()) / (win.b.1 - win.b.0);
    y_ticks.retain(|v| (v - win.b.0) * px_per_y >= half);
    let mut chart = ChartBuilder::on(&sub)
        .x_label_area_size(l.bottom.max(0) as u32)
        .y_label_area_size(l.left.max(0) as u32)
        .build_cartesian_2d(
            Ticked::new(win.w, x_ticks, Vec::new()),
            Ticked::new(win.b, y_ticks, Vec::new()),
        )
        .map_err(fail)?;
    debug_assert_eq!(
        chart.plotting_area().get_pixel_range(),
        (r.x0..r.x1 + 1, r.y0..r.y1 + 1),
        "the layout and the chart disagree"
    );
    let fmt_x = |v: &f64| fmt_tick(*v, x_step);
    let fmt_y = |v: &f64| fmt_tick(*v, y_step);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .disable_mesh()
        .draw()
        .map_err(fail)
}

/// The minima (targets) and the start (a ring).
fn marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    replay: &Replay,
    win: &Window,
    r: Rect,
) -> ChartResult {
    if let Minima::Points(ps) = &replay.race.minima {
        for &p in ps.iter().filter(|&&p| win.contains(p)) {
            let at = ipt(win.pixel(r, p));
            draw_shape(
                root,
                theme,
                Shape::Target,
                at,
                pxi(theme, 6.0),
                theme.foreground,
                theme.foreground,
            )?;
        }
    }
    let start = (replay.config.start.x, replay.config.start.y);
    if win.contains(start) {
        let at = ipt(win.pixel(r, start));
        let ring = pxi(theme, 9.0).max(2) as u32;
        root.draw(&Circle::new(
            at,
            ring,
            theme.background.stroke_width(theme.px_u(5.0)),
        ))
        .map_err(fail)?;
        root.draw(&Circle::new(
            at,
            ring,
            theme.foreground.stroke_width(theme.px_u(2.5)),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

/// The axes' names at their ends: "y" over the top of the vertical axis, "x"
/// after the last tick label of the horizontal one.
fn names<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    l: &Layout,
) -> ChartResult {
    let r = l.plot;
    let name = |h, v| style(theme, 1.1, theme.foreground, h, v);
    root.draw_text(
        "y",
        &name(HPos::Center, VPos::Bottom),
        (r.x0, r.y0 - pxi(theme, 4.0)),
    )
    .map_err(fail)?;
    root.draw_text(
        "x",
        &name(HPos::Right, VPos::Center),
        (
            r.x1 + l.gap_r - pxi(theme, 2.0),
            r.y1 + 1 + pxi(theme, 5.0) + line_height(theme, 1.0) / 2,
        ),
    )
    .map_err(fail)
}
