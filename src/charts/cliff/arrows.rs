//! Arrows in device pixels: a shaft and a filled head, each drawn in two
//! passes (a pale halo first, then the shape) so it reads over the heat map.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::{fail, ChartResult, Theme};

pub(in crate::charts) fn ipt((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// Which part of a shape to draw: its pale outline (drawn first, under
/// whatever must stay visible), or the shape itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::charts) enum Pass {
    Halo,
    Body,
}

/// A filled arrowhead at `to`, pointing away from `from`.
pub(in crate::charts) fn arrow_head<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (from, to): ((f64, f64), (f64, f64)),
    colour: RGBColor,
    size: f64,
    pass: Pass,
) -> ChartResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy);
    if len.is_nan() || len < 1.0 {
        return Ok(());
    }
    let head = size.min(0.6 * len);
    let (ux, uy) = (dx / len, dy / len);
    let base = (to.0 - ux * head, to.1 - uy * head);
    let half = 0.55 * head;
    let pts = vec![
        ipt(to),
        ipt((base.0 - uy * half, base.1 + ux * half)),
        ipt((base.0 + uy * half, base.1 - ux * half)),
    ];
    match pass {
        Pass::Halo => {
            let mut closed = pts.clone();
            closed.push(pts[0]);
            root.draw(&PathElement::new(
                closed,
                theme.background.stroke_width(theme.px_u(3.0)),
            ))
        }
        Pass::Body => root.draw(&Polygon::new(pts, colour.filled())),
    }
    .map_err(fail)
}

/// An arrow from `from` to `to` (device pixels), `width` thick.
pub(in crate::charts) fn arrow<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (from, to): ((f64, f64), (f64, f64)),
    colour: RGBColor,
    width: u32,
    pass: Pass,
) -> ChartResult {
    let len = (to.0 - from.0).hypot(to.1 - from.1);
    if len.is_nan() || len < 1.0 {
        return Ok(());
    }
    let size = theme.px(14.0).max(3.0 * f64::from(width));
    let head = size.min(0.6 * len);
    // The shaft stops inside the head so its square end does not poke out.
    let k = (len - 0.5 * head) / len;
    let shaft_end = (from.0 + k * (to.0 - from.0), from.1 + k * (to.1 - from.1));
    let shaft = vec![ipt(from), ipt(shaft_end)];
    let stroke = match pass {
        Pass::Halo => theme.background.stroke_width(width + 2 * theme.px_u(1.5)),
        Pass::Body => colour.stroke_width(width),
    };
    root.draw(&PathElement::new(shaft, stroke)).map_err(fail)?;
    arrow_head(root, theme, (from, to), colour, size, pass)
}
