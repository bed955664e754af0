//! The arrows at the current step of each running lap: the direction of −∇f
//! (thin, dark, all one length: a direction, not a size), the step about to
//! be taken in the runner's colour, the step clipping cut from it dashed
//! beside it, and a momentum method's velocity in grey where it differs from
//! the step (for plain momentum it is the step). Steps are drawn at the
//! layout's scale, a power of ten the key names.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::runners::colour;
use crate::charts::cliff::arrows::{arrow_head, ipt, Pass};
use crate::charts::cliff::layout::{Rect, Window};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::laps::Lap;

/// The length of a gradient's arrow, in CSS pixels.
const GRADIENT_CSS: f64 = 30.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Arrow {
    pub(super) from: (f64, f64),
    pub(super) to: (f64, f64),
    pub(super) colour: RGBColor,
    pub(super) width: u32,
    pub(super) dashed: bool,
}

impl Arrow {
    fn length(&self) -> f64 {
        (self.to.0 - self.from.0).hypot(self.to.1 - self.from.1)
    }
}

/// The arrows of `lap` at its point `now`: none once its steps run out.
pub(super) fn at_step(
    theme: &Theme,
    lap: &Lap,
    now: usize,
    win: &Window,
    r: Rect,
    scale: f64,
) -> Vec<Arrow> {
    let (Some(s), Some(p)) = (lap.steps.get(now), lap.points.get(now)) else {
        return Vec::new();
    };
    let here = (p.x, p.y);
    if !win.contains(here) {
        return Vec::new();
    }
    let from = win.pixel(r, here);
    let c = colour(lap.entrant.kind);
    // A step drawn `scale` times over, cut at the plot's edge.
    let to = |d: [f64; 2]| {
        let end = (here.0 + scale * d[0], here.1 + scale * d[1]);
        let (_, t1) = win.clip(here, end)?;
        Some(win.pixel(
            r,
            (
                here.0 + t1 * (end.0 - here.0),
                here.1 + t1 * (end.1 - here.1),
            ),
        ))
    };
    let mut out = Vec::new();
    let mut push = |to: Option<(f64, f64)>, colour, width, dashed| {
        if let Some(to) = to {
            out.push(Arrow {
                from,
                to,
                colour,
                width,
                dashed,
            });
        }
    };
    if let Some(v) = s.velocity {
        let apart = (v[0] - s.delta[0]).hypot(v[1] - s.delta[1]) * scale;
        let px = apart * f64::from(r.width()) / (win.w.1 - win.w.0);
        if px >= 1.5 {
            push(to(v), theme.muted, theme.px_u(2.0), false);
        }
    }
    if s.clipped {
        push(s.raw_delta.and_then(to), c, theme.line(), true);
    }
    push(to(s.delta), c, theme.line() + theme.px_u(1.0), false);
    // −∇f's direction in pixels (the axes' scales may differ a little).
    let g = s.grad[0].hypot(s.grad[1]);
    if g.is_finite() && g > 0.0 {
        let ahead = win.pixel(r, (here.0 - s.grad[0] / g, here.1 - s.grad[1] / g));
        let (dx, dy) = (ahead.0 - from.0, ahead.1 - from.1);
        let len = dx.hypot(dy);
        if len > 0.0 {
            let l = theme.px(GRADIENT_CSS) / len;
            let end = (from.0 + l * dx, from.1 + l * dy);
            push(
                within(r, from, end),
                theme.foreground,
                theme.px_u(1.5),
                false,
            );
        }
    }
    out
}

/// The segment `a`→`z` (pixels) cut at the edge of `r`: its end.
fn within(r: Rect, a: (f64, f64), z: (f64, f64)) -> Option<(f64, f64)> {
    let px = Window {
        w: (f64::from(r.x0), f64::from(r.x1)),
        b: (f64::from(r.y0), f64::from(r.y1)),
    };
    let (_, t1) = px.clip(a, z)?;
    Some((a.0 + t1 * (z.0 - a.0), a.1 + t1 * (z.1 - a.1)))
}

/// One pass over `arrows`: halos under everything, then the arrows, longest
/// first so a short one lies on a long one, gradients last.
pub(super) fn draw_arrows<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    arrows: &[Arrow],
    pass: Pass,
) -> ChartResult {
    let mut order: Vec<&Arrow> = arrows.iter().collect();
    let thin = theme.px_u(1.5);
    let plain = |a: &Arrow| a.width == thin && a.colour == theme.foreground;
    crate::engine::sorting::sort_small(&mut order, |a, b| {
        (plain(a), -a.length()) < (plain(b), -b.length())
    });
    for a in order {
        one(root, theme, a, pass)?;
    }
    Ok(())
}

fn one<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    a: &Arrow,
    pass: Pass,
) -> ChartResult {
    let len = a.length();
    if len.is_nan() || len < 1.0 {
        return Ok(());
    }
    let size = theme.px(10.0).max(3.0 * f64::from(a.width));
    let head = size.min(0.6 * len);
    // The shaft stops inside the head so its square end does not poke out.
    let k = (len - 0.5 * head) / len;
    let end = (
        a.from.0 + k * (a.to.0 - a.from.0),
        a.from.1 + k * (a.to.1 - a.from.1),
    );
    let shaft = vec![ipt(a.from), ipt(end)];
    match pass {
        Pass::Halo => {
            let w = a.width + 2 * theme.px_u(1.5);
            root.draw(&PathElement::new(shaft, theme.background.stroke_width(w)))
                .map_err(fail)?;
        }
        Pass::Body if a.dashed => {
            let dash = theme.px_u(5.0);
            root.draw(&DashedPathElement::new(
                shaft,
                dash,
                dash * 3 / 5,
                a.colour.stroke_width(a.width),
            ))
            .map_err(fail)?;
        }
        Pass::Body => {
            root.draw(&PathElement::new(shaft, a.colour.stroke_width(a.width)))
                .map_err(fail)?;
        }
    }
    arrow_head(root, theme, (a.from, a.to), a.colour, size, pass)
}
