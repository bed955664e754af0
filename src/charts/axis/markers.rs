//! The markers for values a log axis cannot place as they are: 0, NaN, ±∞,
//! and finite values below or above the axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::pxi;
use crate::charts::{fail, ChartResult, Theme};

/// A value a log axis cannot place as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Exactly 0 (or negative): log is −∞.
    Zero,
    /// Positive but below the axis.
    Below,
    /// Above the axis.
    Above,
    Nan,
    PosInf,
    NegInf,
}

impl Mark {
    /// Finite values: their line continues along the axis edge.
    pub fn is_finite(self) -> bool {
        matches!(self, Mark::Zero | Mark::Below | Mark::Above)
    }
    /// Marked at the top of the axis (else at the bottom).
    pub fn at_top(self) -> bool {
        !matches!(self, Mark::Zero | Mark::Below)
    }
    /// The words drawn next to the marker, if any.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Mark::Zero => Some("0"),
            Mark::Nan => Some("NaN"),
            Mark::PosInf => Some("∞"),
            Mark::NegInf => Some("−∞"),
            Mark::Below | Mark::Above => None,
        }
    }
}

/// `v` as an exponent on a log axis from 10^lo to 10^hi, or why it cannot be.
pub(crate) fn classify(v: f64, lo: i32, hi: i32) -> Result<f64, Mark> {
    if v.is_nan() {
        Err(Mark::Nan)
    } else if v == f64::INFINITY {
        Err(Mark::PosInf)
    } else if v == f64::NEG_INFINITY {
        Err(Mark::NegInf)
    } else if v <= 0.0 {
        Err(Mark::Zero)
    } else {
        let e = v.log10();
        if e < f64::from(lo) {
            Err(Mark::Below)
        } else if e > f64::from(hi) {
            Err(Mark::Above)
        } else {
            Ok(e)
        }
    }
}

/// Draws the marker for `mark` centred at pixel `(x, y)` of `area`; `colour`
/// is the series' colour (non-finite markers are in the alarm colour).
pub(crate) fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    mark: Mark,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> ChartResult {
    let r = pxi(theme, 7.0);
    let outline = theme.background.stroke_width(theme.px_u(1.5));
    match mark {
        Mark::Zero => area
            .draw(&Circle::new(
                (x, y),
                r as u32,
                colour.stroke_width(theme.px_u(2.5)),
            ))
            .map_err(fail),
        Mark::Below | Mark::Above => {
            // A triangle on the axis edge pointing off it.
            let d = if mark == Mark::Below { 1 } else { -1 };
            let pts = vec![
                (x - r, y - d * r / 2),
                (x + r, y - d * r / 2),
                (x, y + d * r),
            ];
            area.draw(&Polygon::new(pts.clone(), colour.filled()))
                .map_err(fail)?;
            let mut closed = pts;
            closed.push(closed[0]);
            area.draw(&PathElement::new(closed, outline)).map_err(fail)
        }
        Mark::Nan | Mark::PosInf | Mark::NegInf => {
            let pts = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
            area.draw(&Polygon::new(pts.clone(), theme.alarm.filled()))
                .map_err(fail)?;
            let mut closed = pts;
            closed.push(closed[0]);
            area.draw(&PathElement::new(
                closed,
                colour.stroke_width(theme.px_u(2.0)),
            ))
            .map_err(fail)
        }
    }
}

/// Where the marker of `m` goes between the plot's `top` and `bottom`:
/// triangles on the edge, circles and diamonds just inside it.
pub(crate) fn mark_y(m: Mark, (top, bottom): (i32, i32), r: i32) -> i32 {
    match m {
        Mark::Above => top,
        Mark::Below => bottom,
        Mark::Zero => bottom - r - 1,
        _ => top + r + 1,
    }
}
