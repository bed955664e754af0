//! Marker shapes, for series told apart by more than colour: with colour
//! blindness, in grey print, or on a washed-out projector a circle and a square
//! still differ when their colours do not.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::pxi;
use crate::charts::{fail, ChartResult, Theme};

/// A marker's outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    /// An ×.
    Cross,
    Plus,
    Star,
    /// A ring with a cross through it: a target (a minimum), not a series.
    Target,
}

impl Shape {
    /// The series shapes, in order: the first seven series get one each.
    pub const SERIES: [Shape; 7] = [
        Shape::Circle,
        Shape::Square,
        Shape::Triangle,
        Shape::Diamond,
        Shape::Cross,
        Shape::Plus,
        Shape::Star,
    ];
}

fn closed(mut pts: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    if let Some(&first) = pts.first() {
        pts.push(first);
    }
    pts
}

/// `shape` centred at `(x, y)`, `r` device pixels from centre to tip: filled in
/// `colour` with a thin `edge` outline; the line shapes (× and +) are strokes
/// in `colour` over a wider `edge` casing, so they read on any background.
pub(crate) fn draw_shape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    shape: Shape,
    (x, y): (i32, i32),
    r: i32,
    colour: RGBColor,
    edge: RGBColor,
) -> ChartResult {
    let r = r.max(2);
    let outline = edge.stroke_width(theme.px_u(1.0));
    let polygon = |pts: Vec<(i32, i32)>| -> ChartResult {
        area.draw(&Polygon::new(pts.clone(), colour.filled()))
            .map_err(fail)?;
        area.draw(&PathElement::new(closed(pts), outline))
            .map_err(fail)
    };
    let strokes = |lines: [[(i32, i32); 2]; 2]| -> ChartResult {
        let w = pxi(theme, 2.5).max(2) as u32;
        for (c, width) in [(edge, w + 2 * theme.px_u(1.0)), (colour, w)] {
            for l in &lines {
                area.draw(&PathElement::new(l.to_vec(), c.stroke_width(width)))
                    .map_err(fail)?;
            }
        }
        Ok(())
    };
    match shape {
        Shape::Circle => {
            area.draw(&Circle::new((x, y), r as u32, colour.filled()))
                .map_err(fail)?;
            area.draw(&Circle::new((x, y), r as u32, outline))
                .map_err(fail)
        }
        Shape::Square => {
            // A square of the circle's area looks the same size.
            let s = (f64::from(r) * 0.89).round() as i32;
            polygon(vec![
                (x - s, y - s),
                (x + s, y - s),
                (x + s, y + s),
                (x - s, y + s),
            ])
        }
        Shape::Triangle => {
            let (h, b) = (
                (f64::from(r) * 1.25).round() as i32,
                (f64::from(r) * 1.1).round() as i32,
            );
            polygon(vec![
                (x, y - h),
                (x + b, y + h * 3 / 5),
                (x - b, y + h * 3 / 5),
            ])
        }
        Shape::Diamond => {
            let d = (f64::from(r) * 1.25).round() as i32;
            polygon(vec![(x, y - d), (x + d, y), (x, y + d), (x - d, y)])
        }
        Shape::Cross => strokes([
            [(x - r, y - r), (x + r, y + r)],
            [(x - r, y + r), (x + r, y - r)],
        ]),
        Shape::Plus => {
            let d = (f64::from(r) * 1.2).round() as i32;
            strokes([[(x - d, y), (x + d, y)], [(x, y - d), (x, y + d)]])
        }
        Shape::Star => {
            let outer = f64::from(r) * 1.35;
            let inner = outer * 0.45;
            let pts = (0..10)
                .map(|k| {
                    let a = std::f64::consts::PI * (f64::from(k) / 5.0 - 0.5);
                    let l = if k % 2 == 0 { outer } else { inner };
                    (
                        x + (l * a.cos()).round() as i32,
                        y + (l * a.sin()).round() as i32,
                    )
                })
                .collect();
            polygon(pts)
        }
        Shape::Target => {
            let ring = theme.px_u(2.0);
            let halo = theme.background.stroke_width(ring + 2 * theme.px_u(1.5));
            area.draw(&Circle::new((x, y), r as u32, halo))
                .map_err(fail)?;
            area.draw(&Circle::new((x, y), r as u32, colour.stroke_width(ring)))
                .map_err(fail)?;
            let d = r + pxi(theme, 3.0);
            for l in [[(x - d, y), (x + d, y)], [(x, y - d), (x, y + d)]] {
                area.draw(&PathElement::new(
                    l.to_vec(),
                    colour.stroke_width(theme.px_u(1.5)),
                ))
                .map_err(fail)?;
            }
            Ok(())
        }
    }
}
