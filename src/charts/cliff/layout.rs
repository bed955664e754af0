//! Where the cliff's parts go, in device pixels: the plotted window of
//! (w, b) and its mapping to pixels, the two views, the colour bar, the
//! gradient-norm strip and the header's legend. [`super::locate`] uses the
//! same layout as [`super::draw`], so a click finds what is drawn under it.

use super::heat_map::Scale;
use super::{CLIPPED, NORM_CLAMP, TITLE, UNCLIPPED, WITHOUT};
use crate::charts::axis::{
    decade_range, fmt_tick, header_height, line_height, nice_ticks, pow10_label, pxi, text_width,
    Item, Swatch, PAD,
};
use crate::charts::Theme;
use crate::scenes::cliff::replay::Replay;

/// A rectangle of device pixels, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::charts) struct Rect {
    pub(in crate::charts) x0: i32,
    pub(in crate::charts) y0: i32,
    pub(in crate::charts) x1: i32,
    pub(in crate::charts) y1: i32,
}

impl Rect {
    pub(in crate::charts) fn width(&self) -> i32 {
        self.x1 - self.x0 + 1
    }
    pub(in crate::charts) fn height(&self) -> i32 {
        self.y1 - self.y0 + 1
    }
}

/// The plotted window of (w, b).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::charts) struct Window {
    pub(in crate::charts) w: (f64, f64),
    pub(in crate::charts) b: (f64, f64),
}

impl Window {
    /// The surface's window (what is painted), never empty.
    pub(super) fn of(replay: &Replay) -> Self {
        let fix = |r: (f64, f64), alt: (f64, f64)| {
            let ok = |r: (f64, f64)| r.0.is_finite() && r.1.is_finite() && r.0 < r.1;
            if ok(r) {
                r
            } else if ok(alt) {
                alt
            } else {
                (0.0, 1.0)
            }
        };
        let c = &replay.config;
        Window {
            w: fix(replay.surface.w, (c.w_min, c.w_max)),
            b: fix(replay.surface.b, (c.b_min, c.b_max)),
        }
    }

    pub(in crate::charts) fn contains(&self, (w, b): (f64, f64)) -> bool {
        (self.w.0..=self.w.1).contains(&w) && (self.b.0..=self.b.1).contains(&b)
    }

    /// The part of the segment `a`→`z` inside the window, as parameters
    /// `(t0, t1)` along it (Liang–Barsky); None when it misses.
    pub(in crate::charts) fn clip(&self, a: (f64, f64), z: (f64, f64)) -> Option<(f64, f64)> {
        let far = |v: f64| v.clamp(-1e100, 1e100);
        let (a, z) = ((far(a.0), far(a.1)), (far(z.0), far(z.1)));
        let d = (z.0 - a.0, z.1 - a.1);
        if !(a.0.is_finite() && a.1.is_finite() && d.0.is_finite() && d.1.is_finite()) {
            return None;
        }
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-d.0, a.0 - self.w.0),
            (d.0, self.w.1 - a.0),
            (-d.1, a.1 - self.b.0),
            (d.1, self.b.1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        (t0 <= t1).then_some((t0, t1))
    }

    /// (w, b) to device pixels of `r`, as plotters maps a chart: w.lo to the
    /// first column, w.hi to the last, b.lo to the bottom row.
    pub(in crate::charts) fn pixel(&self, r: Rect, (w, b): (f64, f64)) -> (f64, f64) {
        let tx = (w - self.w.0) / (self.w.1 - self.w.0);
        let ty = (b - self.b.0) / (self.b.1 - self.b.0);
        (
            f64::from(r.x0) + tx * f64::from(r.x1 - r.x0),
            f64::from(r.y1) - ty * f64::from(r.y1 - r.y0),
        )
    }

    /// The inverse of [`Window::pixel`].
    pub(in crate::charts) fn data_at(&self, r: Rect, (x, y): (f64, f64)) -> (f64, f64) {
        let tx = (x - f64::from(r.x0)) / f64::from((r.x1 - r.x0).max(1));
        let ty = (f64::from(r.y1) - y) / f64::from((r.y1 - r.y0).max(1));
        (
            self.w.0 + tx * (self.w.1 - self.w.0),
            self.b.0 + ty * (self.b.1 - self.b.0),
        )
    }
}

/// Where everything goes, in device pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Layout {
    /// The plot rectangles of the two views: without, with clipping.
    pub(super) views: [Rect; 2],
    /// The centre line of the views' titles.
    pub(super) title_y: i32,
    /// The colour bar.
    pub(super) bar: Rect,
    /// The gradient-norm chart's plot rectangle, if there is room for it.
    pub(super) norms: Option<Rect>,
    /// The centre line of the gradient-norm chart's title.
    pub(super) norms_title_y: i32,
    /// Label areas: left of a plot (its tick labels), below it, and right of
    /// a view (half a tick label and the name of w). The axes are named at
    /// their ends, so no row or column goes to their names.
    pub(super) left: i32,
    pub(super) bottom: i32,
    pub(super) gap_r: i32,
}

/// The widest tick label of a linear axis over `lo..hi`, for any tick count.
pub(in crate::charts) fn linear_label_width(theme: &Theme, lo: f64, hi: f64) -> i32 {
    (2..=12)
        .flat_map(|n| {
            let (ticks, step) = nice_ticks(lo, hi, n, false);
            ticks.into_iter().map(move |v| fmt_tick(v, step))
        })
        .map(|s| text_width(theme, 1.0, &s))
        .max()
        .unwrap_or(0)
}

/// The decades of the gradient-norm axis: every finite norm of both runs (not
/// only those shown, so the axis holds still while playing) and the threshold.
pub(super) fn norm_decades(replay: &Replay) -> (i32, i32) {
    let runs = [&replay.runs.unclipped, &replay.runs.clipped];
    let values = runs
        .into_iter()
        .flat_map(|w| w.points.iter().map(|p| p.grad_norm))
        .chain([replay.config.threshold]);
    decade_range(values, NORM_CLAMP, 4, (-4, 0))
}

/// The colour bar's decade labels: every whole decade in the scale.
pub(super) fn bar_decades(scale: &Scale) -> Vec<i32> {
    (scale.lo.ceil() as i32..=scale.hi.floor() as i32).collect()
}

/// The layout of `size`; None when it is too small to draw the views in.
pub(super) fn layout(size: (u32, u32), theme: &Theme, replay: &Replay) -> Option<Layout> {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let pad = pxi(theme, PAD);
    let top = header_height(theme, size.0, TITLE, &legend(theme)) + pxi(theme, 4.0);
    let row = line_height(theme, 1.0);
    let tick = pxi(theme, 5.0);
    let win = Window::of(replay);
    let (lo, hi) = norm_decades(replay);
    let label_w = linear_label_width(theme, win.b.0, win.b.1).max(
        (lo..=hi)
            .map(|e| text_width(theme, 1.0, &pow10_label(e)))
            .max()
            .unwrap_or(0),
    );
    let left = label_w + 2 * tick + pxi(theme, 6.0);
    let bottom = 2 * tick + row + pxi(theme, 2.0);
    let title_h = line_height(theme, 1.1) + pxi(theme, 6.0);
    let bar_w = pxi(theme, 14.0);
    let bar_labels = bar_decades(&Scale::of(&replay.surface))
        .into_iter()
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0)
        .max(text_width(theme, 1.0, "loss") / 2);
    let bar_col = pxi(theme, 8.0) + bar_w + tick + pxi(theme, 3.0) + bar_labels;
    // Room to the right of each plot for half an x tick label and the name "w".
    let gap_r = linear_label_width(theme, win.w.0, win.w.1) / 2
        + pxi(theme, 10.0)
        + text_width(theme, 1.0, "w");

    let avail = h - top - pad;
    let norms_h = (f64::from(avail) * 0.3).round() as i32;
    let half = (w - 2 * pad - bar_col) / 2;
    let mut pw = half - left - gap_r;
    let mut ph = avail - norms_h - title_h - bottom;
    let least = pxi(theme, 24.0);
    if pw < least || ph < least {
        return None;
    }
    // Square-ish views: neither much wider nor much taller than high.
    pw = pw.min((f64::from(ph) * 1.6) as i32);
    ph = ph.min((f64::from(pw) * 1.25) as i32);
    let used = 2 * (left + pw + gap_r) + bar_col;
    let x_start = pad + (w - 2 * pad - used).max(0) / 2;
    let y0 = top + title_h;
    let views = [0, 1].map(|i| {
        let x0 = x_start + i * (left + pw + gap_r) + left;
        Rect {
            x0,
            y0,
            x1: x0 + pw - 1,
            y1: y0 + ph - 1,
        }
    });
    let bx = views[1].x1 + gap_r + pxi(theme, 8.0);
    let bar = Rect {
        x0: bx,
        y0: views[1].y0,
        x1: bx + bar_w - 1,
        y1: views[1].y1,
    };
    let norms_title_y = views[0].y1 + 1 + bottom + pxi(theme, 6.0) + row / 2;
    let norms_top = norms_title_y + row / 2 + row / 2 + pxi(theme, 4.0);
    let norms = Rect {
        x0: views[0].x0,
        y0: norms_top,
        x1: views[1].x1,
        y1: h - pad - bottom - 1,
    };
    Some(Layout {
        views,
        title_y: top + title_h / 2,
        norms_title_y,
        bar,
        norms: (norms.height() >= pxi(theme, 16.0)).then_some(norms),
        left,
        bottom,
        gap_r,
    })
}

/// The header's legend.
pub(super) fn legend(theme: &Theme) -> Vec<Item> {
    vec![
        Item::new(Swatch::Line(UNCLIPPED, theme.line()), WITHOUT, theme),
        Item::new(Swatch::Line(CLIPPED, theme.line()), "with clipping", theme),
        Item::new(Swatch::Ring(theme.foreground), "start", theme),
        Item::new(Swatch::Dot(theme.foreground), "now", theme),
        Item::new(Swatch::Block(theme.alarm), "clipping acted", theme),
    ]
}
