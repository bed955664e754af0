//! Where the plane's parts go, in device pixels: the header (title and key),
//! the plot (x and y at one scale, as the window's shape), the colour bar
//! and, where there is room beside it, the runners' legend as a column
//! (else the runners join the header). [`super::locate`] uses the same layout
//! as [`super::draw_plane`], so a click finds what is drawn under it.

use super::contours::{labels_width, Bands, BAR_TITLE};
use super::legend::{self, key, runner_items, Column};
use crate::charts::axis::{header_height, line_height, pxi, text_width, Item, PAD};
use crate::charts::cliff::layout::{linear_label_width, Rect, Window};
use crate::charts::Theme;
use crate::engine::words::Vocabulary;
use crate::scenes::race::replay::Replay;
use crate::scenes::race::surface::SurfaceKind;

/// The width of the colour bar, in CSS pixels.
const BAR_CSS: f64 = 14.0;
/// A long step of the race (three in four are shorter) is drawn about this
/// long (CSS pixels), by a power of ten: the steps about to be taken show
/// however small they are, and few cross the plot.
const STEP_CSS: f64 = 20.0;

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Layout {
    pub(super) title: String,
    pub(super) items: Vec<Item>,
    /// The header's key wraps in this width (left of the runners' column).
    pub(super) header_w: u32,
    pub(super) plot: Rect,
    /// The contours' colour scale, and the bar that shows it.
    pub(super) bands: Bands,
    pub(super) bar: Rect,
    /// The right end of the colour bar's column (its labels and title).
    pub(super) bar_right: i32,
    /// The runners' legend column, where it stands beside the bar.
    pub(super) column: Option<Column>,
    /// Where "step k of n" goes; None where it fits nowhere.
    pub(super) counter: Option<Counter>,
    /// Label areas: left of the plot (tick labels), below it, right of it.
    pub(super) left: i32,
    pub(super) bottom: i32,
    pub(super) gap_r: i32,
    /// The steps' arrows are drawn this many times their length.
    pub(super) step_scale: f64,
}

/// Where "step k of n" goes; `true` where it is shortened to "step k".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Counter {
    /// Its right end and centre on the title row.
    Title(i32, i32),
    /// Its left end and centre under the runners' column.
    Column(i32, i32, bool),
}

/// The grid's window (what is painted), never empty.
pub(super) fn window(replay: &Replay) -> Window {
    let ok = |r: (f64, f64)| r.0.is_finite() && r.1.is_finite() && r.0 < r.1;
    let w = replay.config.plane().window();
    let pick = |a: (f64, f64), b: (f64, f64)| {
        if ok(a) {
            a
        } else if ok(b) {
            b
        } else {
            (0.0, 1.0)
        }
    };
    Window {
        w: pick(replay.grid.w, w.x),
        b: pick(replay.grid.b, w.y),
    }
}

/// "Optimizer race on Rosenbrock's valley", or shorter where that does not fit `width`.
fn title(theme: &Theme, replay: &Replay, width: i32) -> String {
    let kind = replay.config.surface;
    let label = SurfaceKind::MENU
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, l)| *l);
    let kappa = match kind {
        SurfaceKind::Quadratic => format!(", κ = {}", replay.config.kappa),
        _ => String::new(),
    };
    [
        format!("Optimizer race on {label}{kappa}"),
        format!("{label}{kappa}"),
        kind.to_string(),
    ]
    .into_iter()
    .find(|t| text_width(theme, 1.15, t) <= width)
    .unwrap_or_else(|| kind.to_string())
}

/// "step k of n", or shorter: "step k" (`short`).
pub(super) fn counter_text(shown: usize, len: usize, short: bool) -> String {
    if short {
        format!("step {shown}")
    } else {
        format!("step {shown} of {len}")
    }
}

/// A power of ten that draws a long step of the race about [`STEP_CSS`] long
/// on a plot of `ppu` pixels per unit; never below 1.
fn step_scale(theme: &Theme, replay: &Replay, ppu: f64) -> f64 {
    let mut lengths: Vec<f64> = replay
        .race
        .laps
        .iter()
        .flat_map(|l| l.steps.iter().map(|s| s.length() * ppu))
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    if lengths.is_empty() {
        return 1.0;
    }
    let k = lengths.len() * 3 / 4;
    crate::engine::sorting::sort_numbers(&mut lengths);
    let long = lengths[k];
    let e = (theme.px(STEP_CSS) / long).log10().round().clamp(0.0, 6.0);
    10f64.powi(e as i32)
}

/// The layout of `size`; None when it is too small to draw the plot in.
pub(super) fn layout(size: (u32, u32), theme: &Theme, replay: &Replay) -> Option<Layout> {
    // The step label's width moves the layout, and the scale depends on the
    // plot: size the plot with the widest label, then settle the scale.
    let bands = Bands::of(&replay.grid);
    let probe = arrange(size, theme, replay, &bands, 1e6)?;
    let win = window(replay);
    let ppu = f64::from(probe.plot.width()) / (win.w.1 - win.w.0);
    arrange(size, theme, replay, &bands, step_scale(theme, replay, ppu))
}

/// Where the runners' legend goes: a column beside the colour bar (each
/// with its learning rate, or `compact`: by name alone and stops in fewer
/// words), from the plot's top or, `tall`, from under the title with the key
/// wrapping beside it; or in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Legend {
    Column { compact: bool, tall: bool },
    Header,
}

/// One way of laying out the plane, measured.
struct Fit {
    legend: Legend,
    items: Vec<Item>,
    labels: Vec<String>,
    /// The column's width (with the gap before it) and height.
    col: (i32, i32),
    header_w: i32,
    top: i32,
    plot: (i32, i32),
    /// The plot's area, 0 where this way does not fit.
    area: i64,
}

fn arrange(
    size: (u32, u32),
    theme: &Theme,
    replay: &Replay,
    bands: &Bands,
    scale: f64,
) -> Option<Layout> {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let pad = pxi(theme, PAD);
    let row = line_height(theme, 1.0);
    let tick = pxi(theme, 5.0);
    let win = window(replay);
    let title = title(theme, replay, w - 2 * pad);
    let left = linear_label_width(theme, win.b.0, win.b.1) + 2 * tick + pxi(theme, 6.0);
    let bottom = 2 * tick + row + pxi(theme, 2.0);
    let gap_r = linear_label_width(theme, win.w.0, win.w.1) / 2
        + pxi(theme, 10.0)
        + text_width(theme, 1.1, "x");
    // Room above the plot for "y", and for the bar's title clear of its top label.
    let name_h = (line_height(theme, 1.1) + pxi(theme, 6.0)).max(row * 3 / 2 + pxi(theme, 6.0));
    let bar_w = pxi(theme, BAR_CSS);
    // The bar's title is right-aligned over it and may reach left over the gap.
    let bar_col = pxi(theme, 8.0)
        + (bar_w + tick + pxi(theme, 3.0) + labels_width(theme, bands))
            .max(text_width(theme, 1.0, BAR_TITLE) - gap_r);
    let col_gap = pxi(theme, 16.0);
    let under_title = pad + line_height(theme, 1.15) + pxi(theme, 6.0);
    let least = pxi(theme, 40.0);
    let aspect = (win.w.1 - win.w.0) / (win.b.1 - win.b.0);

    let fit = |legend: Legend| {
        let mut items = key(theme, replay, bands, scale);
        let (labels, col) = match legend {
            Legend::Header => {
                items.splice(0..0, runner_items(theme, replay));
                (Vec::new(), (0, 0))
            }
            Legend::Column { compact, .. } => {
                let labels = legend::labels(replay, compact);
                let (w, h) = legend::size(theme, replay, &labels, compact);
                (labels, (col_gap + w, h))
            }
        };
        let tall = matches!(legend, Legend::Column { tall: true, .. });
        let header_w = if tall { w - col.0 } else { w };
        let top =
            header_height(theme, header_w.max(1) as u32, &title, &items) + pxi(theme, 4.0) + name_h;
        let avail_h = h - top - pad - bottom;
        let avail_w = w - 2 * pad - left - gap_r - bar_col - col.0;
        let pw = f64::from(avail_w).min(f64::from(avail_h) * aspect);
        let plot = (pw.floor() as i32, (pw / aspect).floor() as i32);
        let col_top = if tall { under_title } else { top - name_h };
        // Every entry must fit the header's width, and the column the height.
        let room = header_w - 2 * pad - pxi(theme, 40.0);
        let fits = col.1 <= h - pad - col_top
            && items
                .iter()
                .all(|i| text_width(theme, 1.0, &i.label) <= room)
            && plot.0 >= least
            && plot.1 >= least;
        let area = if fits {
            i64::from(plot.0) * i64::from(plot.1)
        } else {
            0
        };
        Fit {
            legend,
            items,
            labels,
            col,
            header_w,
            top,
            plot,
            area,
        }
    };
    let column = |compact, tall| Legend::Column { compact, tall };
    let options = [
        fit(column(false, false)),
        fit(column(false, true)),
        fit(Legend::Header),
        fit(column(true, false)),
        fit(column(true, true)),
    ];
    let best = options.iter().map(|o| o.area).max().unwrap_or(0);
    // The first in order of preference that leaves the plot over half its room
    // (a column keeps the stop labels off the plot).
    let f = options
        .into_iter()
        .find(|o| best > 0 && o.area * 20 >= best * 11)?;
    let (pw, ph) = f.plot;
    let tall = matches!(f.legend, Legend::Column { tall: true, .. });
    // The plot, the bar and a short column centred together; a tall column
    // stands at the right edge.
    let used = left + pw + gap_r + bar_col + if tall { 0 } else { f.col.0 };
    let room = w - 2 * pad - if tall { f.col.0 } else { 0 };
    let x0 = pad + (room - used).max(0) / 2 + left;
    let plot = Rect {
        x0,
        y0: f.top,
        x1: x0 + pw - 1,
        y1: f.top + ph - 1,
    };
    let bx = plot.x1 + 1 + gap_r + pxi(theme, 8.0);
    let bar = Rect {
        x0: bx,
        y0: plot.y0,
        x1: bx + bar_w - 1,
        y1: plot.y1,
    };
    let bar_right = plot.x1 + 1 + gap_r + bar_col;
    let column = match f.legend {
        Legend::Header => None,
        Legend::Column { compact, tall } => {
            let at = if tall {
                (w - pad - f.col.0 + col_gap, under_title)
            } else {
                (bar_right + col_gap, plot.y0 - name_h)
            };
            Some(legend::place(theme, replay, f.labels, compact, at))
        }
    };
    // The step counter, measured at its widest: on the title row, else under
    // the column, shortened where that helps. (In the plot it would cover
    // trails; there the other figures say the step.)
    let n = replay.len();
    let widest = |short| text_width(theme, 1.0, &counter_text(n, n, short));
    let room = w - 2 * pad - text_width(theme, 1.15, &title) - pxi(theme, 24.0);
    let counter = if widest(false) <= room {
        Some(Counter::Title(w - pad, pad + line_height(theme, 1.15) / 2))
    } else {
        column.as_ref().and_then(|c| {
            let y = c.bottom + row / 2;
            let short = [false, true]
                .into_iter()
                .find(|&s| c.x + widest(s) <= w - pad)?;
            (y + row / 2 <= h - pad).then_some(Counter::Column(c.x, y, short))
        })
    };
    Some(Layout {
        title,
        items: f.items,
        header_w: f.header_w.max(1) as u32,
        plot,
        bands: *bands,
        bar,
        bar_right,
        column,
        counter,
        left,
        bottom,
        gap_r,
        step_scale: scale,
    })
}
