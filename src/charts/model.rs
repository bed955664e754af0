//! Model: what the network answers now. For a two-input classification, its
//! decision regions (each grid cell in the colour of the winning class, the
//! paler the less sure) with the training points (filled) and test points
//! (hollow) on top; for a regression, predicted against actual with the
//! y = x diagonal that a perfect model would sit on; for images (the digits),
//! test images with the net's answer, the wrong ones framed in red.
//!
//! The other panels show why a net does or does not learn; this one shows
//! what that means: a deep saturated net's regions stay one flat colour, a
//! healthy one's wrap around the data.

use plotters::coord::Shift;
use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    centred_note, fmt_tick, header, line_height, linear_range, local, nice_ticks, pxi, style,
    style_mesh, text_width, Frame, Item, Swatch, Ticked, PAD,
};
use super::theme::OKABE_ITO;
use super::{fail, ChartResult, Panel, Theme, View};
use crate::scenes::network::history::number;
use crate::scenes::network::snapshot::{Labelled, ModelView};

/// How far a cell of probability 1 goes from the background to its class colour.
pub const MAX_TINT: f64 = 0.45;

/// The colour of a cell of `class` won with probability `p` among `classes`:
/// the background at chance, [`MAX_TINT`] of the class colour at certainty.
pub fn cell_colour(theme: &Theme, class: usize, p: f64, classes: usize) -> RGBColor {
    let chance = 1.0 / classes.max(2) as f64;
    let t = if p.is_finite() {
        ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let c = theme.class_colour(class);
    let b = theme.background;
    let mix = |bg: u8, fg: u8| {
        (f64::from(bg) + MAX_TINT * t * (f64::from(fg) - f64::from(bg))).round() as u8
    };
    RGBColor(mix(b.0, c.0), mix(b.1, c.1), mix(b.2, c.2))
}

/// (x, y, class) of data points.
type Points<'a> = &'a [(f64, f64, usize)];

/// Axis ticks and labels for `range` over about `pixels` pixels.
fn ticks(theme: &Theme, range: (f64, f64), pixels: i32, vertical: bool) -> (Vec<f64>, Vec<String>) {
    let per = if vertical {
        2 * line_height(theme, 1.0)
    } else {
        text_width(theme, 1.0, "-0.00") + pxi(theme, 30.0)
    };
    let n = (pixels / per.max(1)).clamp(2, 8) as usize;
    let (t, step) = nice_ticks(range.0, range.1, n, false);
    let labels = t.iter().map(|&v| fmt_tick(v, step)).collect();
    (t, labels)
}

/// A chart frame for square-ish data axes: returns the frame and the ticks.
struct Axes {
    frame: Frame,
    x: (Vec<f64>, Vec<String>),
    y: (Vec<f64>, Vec<String>),
}

fn axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    top: i32,
    xr: (f64, f64),
    yr: (f64, f64),
) -> Axes {
    let probe = Frame::new(theme, top, text_width(theme, 1.0, "-0.00"), 0);
    let (pw, ph) = probe.plot_size(theme, area.dim_in_pixel());
    let x = ticks(theme, xr, pw, false);
    let y = ticks(theme, yr, ph, true);
    let label_w =
        y.1.iter()
            .map(|l| text_width(theme, 1.0, l))
            .max()
            .unwrap_or(0);
    let x_label_w =
        x.1.iter()
            .map(|l| text_width(theme, 1.0, l))
            .max()
            .unwrap_or(0);
    Axes {
        frame: Frame::new(theme, top, label_w, x_label_w / 2 + pxi(theme, 6.0)),
        x,
        y,
    }
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    if let Some(focus) = view.options.focus {
        if let Some(done) = super::diagram::focus::draw(area, view, theme, focus) {
            return done;
        }
    }
    let title = Panel::Model.heading();
    let Some(snap) = view.snapshot else {
        let top = header(area, theme, title, &[])?;
        let (w, h) = area.dim_in_pixel();
        return centred_note(
            area,
            theme,
            "press step to see the model",
            (0, top, w as i32, h as i32),
        );
    };
    match &snap.model {
        ModelView::Unavailable(msg) => {
            let top = header(area, theme, title, &[])?;
            let (w, h) = area.dim_in_pixel();
            centred_note(area, theme, msg, (0, top, w as i32, h as i32))
        }
        ModelView::Regions {
            x,
            y,
            n,
            classes,
            cells,
            train,
            test,
        } => {
            let test: Points = if view.options.test_points { test } else { &[] };
            let cells = Cells {
                n: *n,
                classes: *classes,
                cells,
                discretize: view.options.discretize,
            };
            regions(area, theme, (*x, *y), &cells, (train, test))
        }
        ModelView::Regression { pairs } => regression(area, theme, pairs),
        ModelView::Images { side, images } => gallery(area, theme, *side, images),
    }
}

/// The test images as small grey tiles, each with the net's answer beneath.
fn gallery<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    side: usize,
    images: &[Labelled],
) -> ChartResult {
    let right = images.iter().filter(|i| i.label == i.predicted).count();
    let items = vec![
        Item::text(
            format!("{right} of {} test images right", images.len()),
            theme.foreground,
        ),
        Item::new(
            Swatch::Block(theme.alarm),
            "wrong: answer (true label)",
            theme,
        ),
    ];
    let top = header(area, theme, Panel::Model.heading(), &items)?;
    let (w, h) = area.dim_in_pixel();
    let pad = pxi(theme, PAD);
    let (w, h) = (w as i32 - 2 * pad, h as i32 - top - 2 * pad);
    let n = images.len().max(1) as i32;
    let caption = line_height(theme, 1.0);
    let gap = pxi(theme, 10.0);
    // The column count that gives the largest tiles in the space there is.
    let (cols, tile) = (1..=n)
        .map(|cols| {
            let rows = (n + cols - 1) / cols;
            let by_w = (w - (cols - 1) * gap) / cols;
            let by_h = (h - rows * caption - (rows - 1) * gap) / rows;
            (cols, by_w.min(by_h))
        })
        .max_by_key(|&(_, t)| t)
        .unwrap_or((1, 0));
    if tile < side as i32 {
        return centred_note(
            area,
            theme,
            "too small to show the images",
            (0, top, w + 2 * pad, h + top + 2 * pad),
        );
    }
    let px = tile / side as i32;
    let tile = px * side as i32;
    for (k, img) in images.iter().enumerate() {
        let (c, r) = (k as i32 % cols, k as i32 / cols);
        let x0 = pad + c * (tile + gap);
        let y0 = top + pad + r * (tile + caption + gap);
        for (j, &v) in img.pixels.iter().enumerate() {
            let (i, row) = ((j % side) as i32, (j / side) as i32);
            // Ink on paper: 0 is white, 1 is black.
            let g = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
            area.draw(&Rectangle::new(
                [
                    (x0 + i * px, y0 + row * px),
                    (x0 + (i + 1) * px, y0 + (row + 1) * px),
                ],
                RGBColor(g, g, g).filled(),
            ))
            .map_err(fail)?;
        }
        let wrong = img.label != img.predicted;
        let frame = if wrong {
            theme.alarm.stroke_width(theme.px_u(3.0))
        } else {
            theme.grid.stroke_width(theme.px_u(1.0))
        };
        area.draw(&Rectangle::new([(x0, y0), (x0 + tile, y0 + tile)], frame))
            .map_err(fail)?;
        let (text, colour) = if wrong {
            (format!("{} ({})", img.predicted, img.label), theme.alarm)
        } else {
            (img.predicted.to_string(), theme.foreground)
        };
        area.draw_text(
            &text,
            &style(theme, 1.0, colour, HPos::Center, VPos::Top),
            (x0 + tile / 2, y0 + tile + pxi(theme, 2.0)),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// The decision map: n × n cells of (class, probability), and how to colour them.
struct Cells<'a> {
    n: usize,
    classes: usize,
    cells: &'a [(usize, f64)],
    /// Every cell in its class's full tint, however sure the net is.
    discretize: bool,
}

fn regions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (xr, yr): ((f64, f64), (f64, f64)),
    map: &Cells,
    (train, test): (Points, Points),
) -> ChartResult {
    let (n, classes, cells) = (map.n, map.classes, map.cells);
    let mut items: Vec<Item> = (0..classes)
        .map(|c| {
            Item::new(
                Swatch::Block(theme.class_colour(c)),
                format!("class {c}"),
                theme,
            )
        })
        .collect();
    items.push(Item::new(Swatch::Dot(theme.muted), "train", theme));
    if !test.is_empty() {
        items.push(Item::new(Swatch::Ring(theme.muted), "test", theme));
    }
    let top = header(area, theme, Panel::Model.heading(), &items)?;
    let ok = |r: (f64, f64)| r.0.is_finite() && r.1.is_finite() && r.1 > r.0;
    let (xr, yr) = (
        if ok(xr) { xr } else { (-1.0, 1.0) },
        if ok(yr) { yr } else { (-1.0, 1.0) },
    );
    let a = axes(area, theme, top, xr, yr);
    if a.frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    let mut chart = a
        .frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new(xr, a.x.0.clone(), Vec::new()),
            Ticked::new(yr, a.y.0.clone(), Vec::new()),
        )
        .map_err(fail)?;
    // The cells first (they hide the gridlines), then axes and labels.
    let cell_count = n.saturating_mul(n);
    if n > 0 && cells.len() >= cell_count {
        let (dx, dy) = ((xr.1 - xr.0) / n as f64, (yr.1 - yr.0) / n as f64);
        let colour = |k: usize| {
            let (c, p) = cells[k];
            cell_colour(theme, c, if map.discretize { 1.0 } else { p }, classes)
        };
        let runs: Vec<_> = (0..n)
            .flat_map(|j| {
                super::runs::runs(n, |i| colour(j * n + i))
                    .into_iter()
                    .map(move |(i, end, c)| (j, i, end, c))
            })
            .collect();
        chart
            .draw_series(runs.into_iter().map(|(j, i, end, c)| {
                let (i, end, j) = (i as f64, end as f64, j as f64);
                Rectangle::new(
                    [
                        (xr.0 + i * dx, yr.0 + j * dy),
                        (xr.0 + end * dx, yr.0 + (j + 1.0) * dy),
                    ],
                    c.filled(),
                )
            }))
            .map_err(fail)?;
    }
    let fmt_x = |v: &f64| tick_label(&a.x, v);
    let fmt_y = |v: &f64| tick_label(&a.y, v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "x1", "x2");
    mesh.disable_mesh()
        .x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;

    let r = theme.px_u(4.0);
    let finite = |p: &&(f64, f64, usize)| p.0.is_finite() && p.1.is_finite();
    chart
        .draw_series(
            train
                .iter()
                .filter(finite)
                .map(|&(x, y, c)| Circle::new((x, y), r, theme.class_colour(c).filled())),
        )
        .map_err(fail)?;
    chart
        .draw_series(train.iter().filter(finite).map(|&(x, y, _)| {
            Circle::new((x, y), r, theme.foreground.stroke_width(theme.px_u(1.0)))
        }))
        .map_err(fail)?;
    chart
        .draw_series(test.iter().filter(finite).map(|&(x, y, c)| {
            Circle::new(
                (x, y),
                r,
                theme.class_colour(c).stroke_width(theme.px_u(2.0)),
            )
        }))
        .map_err(fail)?;
    Ok(())
}

fn regression<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    pairs: &[(f64, f64)],
) -> ChartResult {
    let good: Vec<(f64, f64)> = pairs
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let skipped = pairs.len() - good.len();
    let colour = OKABE_ITO[0];
    let mut items = vec![
        Item::new(Swatch::Dot(colour), "points", theme),
        Item::new(
            Swatch::Line(theme.muted, theme.px_u(2.0)),
            "y = x (perfect)",
            theme,
        ),
    ];
    if skipped > 0 {
        items.push(Item::text(
            format!("{skipped} of {} skipped (not finite)", pairs.len()),
            theme.alarm,
        ));
    }
    let top = header(area, theme, Panel::Model.heading(), &items)?;
    let range = linear_range(good.iter().flat_map(|p| [p.0, p.1]), (-1.0, 1.0));
    let a = axes(area, theme, top, range, range);
    if a.frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    let mut chart = a
        .frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new(range, a.x.0.clone(), Vec::new()),
            Ticked::new(range, a.y.0.clone(), Vec::new()),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| tick_label(&a.x, v);
    let fmt_y = |v: &f64| tick_label(&a.y, v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "actual", "predicted");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(range.0, range.0), (range.1, range.1)],
            theme.muted.stroke_width(theme.px_u(2.0)),
        )))
        .map_err(fail)?;
    chart
        .draw_series(
            good.iter()
                .map(|&p| Circle::new(p, theme.px_u(3.5), colour.mix(0.6).filled())),
        )
        .map_err(fail)?;
    if good.is_empty() {
        let (x0, y0) = local(area, chart.backend_coord(&(range.0, range.1)));
        let (x1, y1) = local(area, chart.backend_coord(&(range.1, range.0)));
        let text = if pairs.is_empty() {
            "no points"
        } else {
            "no finite predictions"
        };
        centred_note(area, theme, text, (x0, y0, x1, y1))?;
    }
    Ok(())
}

/// Regions: x, y, class, probability per grid cell (its centre); regression:
/// actual, predicted per point. Empty when there is nothing to show.
pub fn csv(view: &View) -> String {
    let Some(snap) = view.snapshot else {
        return String::new();
    };
    match &snap.model {
        ModelView::Regions { x, y, n, cells, .. } => {
            let mut out = String::from("x,y,class,probability\n");
            let n = *n;
            let (dx, dy) = ((x.1 - x.0) / n.max(1) as f64, (y.1 - y.0) / n.max(1) as f64);
            for (k, &(c, p)) in cells.iter().enumerate().take(n.saturating_mul(n)) {
                let (i, j) = ((k % n) as f64, (k / n) as f64);
                out.push_str(&format!(
                    "{},{},{c},{}\n",
                    number(x.0 + (i + 0.5) * dx),
                    number(y.0 + (j + 0.5) * dy),
                    number(p)
                ));
            }
            out
        }
        ModelView::Regression { pairs } => {
            let mut out = String::from("actual,predicted\n");
            for &(a, p) in pairs {
                out.push_str(&format!("{},{}\n", number(a), number(p)));
            }
            out
        }
        ModelView::Images { images, .. } => {
            let mut out = String::from("image,label,predicted,probability\n");
            for (k, i) in images.iter().enumerate() {
                out.push_str(&format!(
                    "{k},{},{},{}\n",
                    i.label,
                    i.predicted,
                    number(i.probability)
                ));
            }
            out
        }
        ModelView::Unavailable(_) => String::new(),
    }
}

/// The label of tick `v` among `ticks` (values and their labels); empty if none.
fn tick_label(ticks: &(Vec<f64>, Vec<String>), v: &f64) -> String {
    ticks
        .0
        .iter()
        .position(|t| t == v)
        .map(|i| ticks.1[i].clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
