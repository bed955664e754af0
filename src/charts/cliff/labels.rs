//! Labels on the views: boxed text kept inside a plot, text at an arrow's
//! tip, and the short number formats they use.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::arrows::ipt;
use super::layout::Rect;
use crate::charts::axis::{boxed_text, fmt_tick, line_height, pxi, text_box, text_width};
use crate::charts::{ChartResult, Theme};
use crate::scenes::network::history::number;

/// Boxed text placed at `at` with anchor `(h, v)`, moved as little as needed
/// to stay inside `inside`.
#[allow(clippy::too_many_arguments)]
pub(in crate::charts) fn note_in<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
    inside: Rect,
) -> ChartResult {
    let (x0, y0, w, lh) = text_box(theme, text, rel, (x, y), (h, v));
    let m = pxi(theme, 3.0);
    let x0 = x0.min(inside.x1 - m - w).max(inside.x0 + m);
    let y0 = y0.min(inside.y1 - lh).max(inside.y0);
    boxed_text(
        root,
        theme,
        text,
        rel,
        colour,
        (x0, y0),
        (HPos::Left, VPos::Top),
    )
}

/// Boxed text at the tip of the arrow `from`→`to`, inside `inside`: just
/// beyond the tip, or, where the arrow was cut at an edge of `inside`, beside
/// the tip along that edge, on the side the arrow heads for if it fits there.
#[allow(clippy::too_many_arguments)]
pub(in crate::charts) fn at_tip<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (from, to): ((f64, f64), (f64, f64)),
    inside: Rect,
) -> ChartResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy).max(1e-9);
    let off = theme.px(10.0);
    let near = |a: f64, b: i32| (a - f64::from(b)).abs() <= 1.5;
    let (top, bottom) = (near(to.1, inside.y0), near(to.1, inside.y1));
    let (left, right) = (near(to.0, inside.x0), near(to.0, inside.x1));
    let (w, lh) = (
        f64::from(text_width(theme, rel, text) + pxi(theme, 8.0)),
        f64::from(line_height(theme, rel)),
    );
    let (x, y, h, v) = if top || bottom {
        let ahead = if dx >= 0.0 {
            to.0 + off + w <= f64::from(inside.x1)
        } else {
            to.0 - off - w >= f64::from(inside.x0)
        };
        let (x, h) = if (dx >= 0.0) == ahead {
            (to.0 + off, HPos::Left)
        } else {
            (to.0 - off, HPos::Right)
        };
        let v = if top { VPos::Top } else { VPos::Bottom };
        (x, to.1 + if top { 3.0 } else { -3.0 }, h, v)
    } else if left || right {
        let ahead = if dy >= 0.0 {
            to.1 + off + lh <= f64::from(inside.y1)
        } else {
            to.1 - off - lh >= f64::from(inside.y0)
        };
        let (y, v) = if (dy >= 0.0) == ahead {
            (to.1 + off, VPos::Top)
        } else {
            (to.1 - off, VPos::Bottom)
        };
        let h = if left { HPos::Left } else { HPos::Right };
        (to.0 + if left { 3.0 } else { -3.0 }, y, h, v)
    } else {
        // Mostly sideways: the text starts or ends beyond the tip; mostly up
        // or down: it is centred over or under it.
        let (h, v) = if dx.abs() >= dy.abs() {
            (
                if dx < 0.0 { HPos::Right } else { HPos::Left },
                VPos::Center,
            )
        } else {
            (
                HPos::Center,
                if dy < 0.0 { VPos::Bottom } else { VPos::Top },
            )
        };
        (to.0 + off * dx / len, to.1 + off * dy / len, h, v)
    };
    note_in(root, theme, text, rel, colour, ipt((x, y)), (h, v), inside)
}

/// A number to three significant figures, trailing zeros dropped: 8.93, 0.2,
/// 12.4, 3.1e7; with the language's decimal mark.
pub(in crate::charts) fn fmt_num(v: f64) -> String {
    crate::lang::number(&num_text(v))
}

fn num_text(v: f64) -> String {
    if !v.is_finite() {
        return number(v);
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.2e}");
        return match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            None => s,
        };
    }
    let decimals = if a == 0.0 {
        0
    } else {
        (2 - a.log10().floor() as i32).clamp(0, 5) as usize
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A coordinate of a landing point: one decimal, scientific when huge.
pub(super) fn fmt_coord(v: f64) -> String {
    if v.is_finite() {
        fmt_tick(v, 0.1)
    } else {
        number(v)
    }
}
