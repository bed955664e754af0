//! What the panels share: type metrics and margins, the header (title and a
//! legend that wraps), number formats (powers of ten, step counts, linear
//! ticks), the markers for values a log axis cannot show (0, NaN, ∞, out of
//! range), and the per-layer time series on a log axis that the gradient-flow
//! and weight-change panels both draw, so the two read the same way.
//!
//! Layout is computed from the theme's type size rather than measured: text
//! measurement in the page goes through the DOM (slow at 60 frames a second)
//! and natively it is a rough guess anyway. Widths are estimated generously
//! from character classes, so labels get room in every browser font.

use std::ops::Range;

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{fail, ChartResult, Theme, View};
use crate::engine::trainer::{Divergence, Stage};
use crate::scenes::network::history::{History, Measure};

/// Outer padding of a panel, in CSS pixels.
pub(super) const PAD: f64 = 10.0;

/// Type size in device pixels of text `rel` times the theme's base size.
pub(super) fn font(theme: &Theme, rel: f64) -> f64 {
    theme.px(theme.font_px * rel)
}

/// Height of a line of text `rel`, in device pixels.
pub(super) fn line_height(theme: &Theme, rel: f64) -> i32 {
    (1.3 * font(theme, rel)).ceil() as i32
}

/// A generous estimate of the width of `s` set at text `rel` (em widths of a
/// wide sans-serif such as DejaVu Sans, rounded up).
pub(super) fn text_width(theme: &Theme, rel: f64, s: &str) -> i32 {
    let ems: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' | 'I' | ' '
            | 'f' | 't' | 'r' => 0.36,
            '⁰'..='⁹' | '¹' | '²' | '³' | '⁻' | '₀'..='₉' => 0.42,
            'm' | 'w' | 'M' | 'W' | '∞' | '‖' | '…' => 0.95,
            'A'..='Z' | '%' | '≈' | '±' | '∂' | 'Δ' => 0.74,
            _ => 0.64,
        })
        .sum();
    (ems * font(theme, rel)).ceil() as i32
}

/// `css` CSS pixels as whole device pixels (signed, for layout arithmetic).
pub(super) fn pxi(theme: &Theme, css: f64) -> i32 {
    theme.px(css).round() as i32
}

/// Text at `rel` in `colour`, anchored at `h`, `v`.
pub(super) fn style(
    theme: &Theme,
    rel: f64,
    colour: RGBColor,
    h: HPos,
    v: VPos,
) -> TextStyle<'static> {
    theme.text_in(rel, colour).pos(Pos::new(h, v))
}

// ---------------------------------------------------------------- header --

/// What a legend entry shows before its label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Swatch {
    /// A line of this width (device pixels).
    Line(RGBColor, u32),
    Dashed(RGBColor, u32),
    /// A filled square, for areas (histograms, regions).
    Block(RGBColor),
    /// A filled circle with an outline: training points.
    Dot(RGBColor),
    /// A hollow circle: test points.
    Ring(RGBColor),
    /// Text only.
    None,
}

/// One entry of a header: a swatch and its label.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Item {
    pub swatch: Swatch,
    pub label: String,
    pub colour: RGBColor,
    /// Start a new line before this entry.
    pub newline: bool,
}

impl Item {
    pub fn new(swatch: Swatch, label: impl Into<String>, theme: &Theme) -> Self {
        Item {
            swatch,
            label: label.into(),
            colour: theme.foreground,
            newline: false,
        }
    }
    /// A text-only entry in `colour`.
    pub fn text(label: impl Into<String>, colour: RGBColor) -> Self {
        Item {
            swatch: Swatch::None,
            label: label.into(),
            colour,
            newline: false,
        }
    }
}

fn swatch_width(theme: &Theme, s: Swatch) -> i32 {
    match s {
        Swatch::None => 0,
        Swatch::Line(..) | Swatch::Dashed(..) => pxi(theme, 26.0),
        Swatch::Block(_) | Swatch::Dot(_) | Swatch::Ring(_) => pxi(theme, 14.0),
    }
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    s: Swatch,
    x: i32,
    cy: i32,
) -> ChartResult {
    let w = swatch_width(theme, s);
    match s {
        Swatch::None => Ok(()),
        Swatch::Line(c, width) => area
            .draw(&PathElement::new(
                vec![(x, cy), (x + w, cy)],
                c.stroke_width(width),
            ))
            .map_err(fail),
        Swatch::Dashed(c, width) => {
            let dash = w / 3;
            for k in 0..2 {
                let x0 = x + k * 2 * dash;
                area.draw(&PathElement::new(
                    vec![(x0, cy), (x0 + dash, cy)],
                    c.stroke_width(width),
                ))
                .map_err(fail)?;
            }
            Ok(())
        }
        Swatch::Block(c) => {
            let h = w / 2;
            area.draw(&Rectangle::new([(x, cy - h), (x + w, cy + h)], c.filled()))
                .map_err(fail)?;
            area.draw(&Rectangle::new(
                [(x, cy - h), (x + w, cy + h)],
                theme.foreground.stroke_width(theme.px_u(1.0)),
            ))
            .map_err(fail)
        }
        Swatch::Dot(c) => {
            let r = (w / 2) as u32;
            area.draw(&Circle::new((x + w / 2, cy), r, c.filled()))
                .map_err(fail)?;
            area.draw(&Circle::new(
                (x + w / 2, cy),
                r,
                theme.foreground.stroke_width(theme.px_u(1.0)),
            ))
            .map_err(fail)
        }
        Swatch::Ring(c) => area
            .draw(&Circle::new(
                (x + w / 2, cy),
                (w / 2 - theme.px_u(1.0) as i32).max(1) as u32,
                c.stroke_width(theme.px_u(2.0)),
            ))
            .map_err(fail),
    }
}

/// Draws the title at the top left and the entries after it, wrapping onto
/// new lines as the width requires. Returns the y just below the header.
pub(super) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    items: &[Item],
) -> Result<i32, String> {
    let (w, _) = area.dim_in_pixel();
    let (places, bottom) = header_layout(theme, w, title, items);
    let pad = pxi(theme, PAD);
    area.draw_text(
        title,
        &style(theme, 1.15, theme.foreground, HPos::Left, VPos::Center),
        (pad, pad + line_height(theme, 1.15) / 2),
    )
    .map_err(fail)?;
    let gap = pxi(theme, 6.0);
    for (item, (x, cy)) in items.iter().zip(places) {
        draw_swatch(area, theme, item.swatch, x, cy)?;
        let sw = swatch_width(theme, item.swatch);
        let tx = x + sw + if sw > 0 { gap } else { 0 };
        area.draw_text(
            &item.label,
            &style(theme, 1.0, item.colour, HPos::Left, VPos::Center),
            (tx, cy),
        )
        .map_err(fail)?;
    }
    Ok(bottom)
}

/// The y just below the header [`header`] draws for `title` and `items` on an
/// area `width` pixels wide, found without drawing: for layouts that must
/// agree with a drawing without one (turning a click into data coordinates).
pub(super) fn header_height(theme: &Theme, width: u32, title: &str, items: &[Item]) -> i32 {
    header_layout(theme, width, title, items).1
}

/// Where [`header`] puts each entry (its left edge and vertical centre) after the
/// title, wrapping as `width` requires, and the y just below the header.
fn header_layout(theme: &Theme, width: u32, title: &str, items: &[Item]) -> (Vec<(i32, i32)>, i32) {
    let w = width as i32;
    let pad = pxi(theme, PAD);
    let row = line_height(theme, 1.0);
    let gap = pxi(theme, 6.0);
    let between = pxi(theme, 18.0);
    let (mut x, mut top, mut height) = (
        pad + text_width(theme, 1.15, title) + pxi(theme, 24.0),
        pad,
        line_height(theme, 1.15),
    );
    let mut places = Vec::with_capacity(items.len());
    for item in items {
        let sw = swatch_width(theme, item.swatch);
        let tw = text_width(theme, 1.0, &item.label);
        let width = sw + if sw > 0 { gap } else { 0 } + tw;
        if item.newline || (x > pad && x + width > w - pad) {
            top += height;
            height = row;
            x = pad;
        }
        places.push((x, top + height / 2));
        x += width + between;
    }
    (places, top + height)
}

/// The name of layer `l` (0-based) of `layers` in legends.
pub(super) fn layer_name(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        format!("layer {} (output)", l + 1)
    } else {
        format!("layer {}", l + 1)
    }
}

/// One legend entry per layer, in its colour.
pub(super) fn layer_items(theme: &Theme, layers: usize) -> Vec<Item> {
    (0..layers)
        .map(|l| {
            Item::new(
                Swatch::Line(theme.layer_colour(l, layers), theme.line()),
                layer_name(l, layers),
                theme,
            )
        })
        .collect()
}

// ---------------------------------------------------------------- numbers --

/// 10 to the power `e` with superscript digits: "10⁻⁸", "10⁰", "10⁴".
pub(super) fn pow10_label(e: i32) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::from("10");
    for c in e.to_string().chars() {
        s.push(match c {
            '-' => '⁻',
            d => d.to_digit(10).map_or(d, |d| SUP[d as usize]),
        });
    }
    s
}

/// A step count for an axis: 950, 12k, 12.5k, 3M, 1.2e10.
pub(super) fn fmt_count(v: u64) -> String {
    fn short(v: f64, unit: &str) -> String {
        let s = format!("{v:.1}");
        format!("{}{unit}", s.trim_end_matches(".0"))
    }
    let f = v as f64;
    if v < 10_000 {
        v.to_string()
    } else if v < 1_000_000 {
        short(f / 1e3, "k")
    } else if v < 1_000_000_000 {
        short(f / 1e6, "M")
    } else {
        let s = format!("{f:.1e}");
        s.replace(".0e", "e")
    }
}

/// A linear tick value `v` on an axis whose ticks are `step` apart: enough
/// decimals to tell neighbours apart, scientific when very large or small.
pub(super) fn fmt_tick(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let step = step.abs();
    if v == 0.0 || v.abs() < step * 1e-6 {
        return "0".into();
    }
    let mag = v.abs().max(step);
    if !(1e-3..1e5).contains(&mag) {
        let digits = if step > 0.0 && step.is_finite() {
            (v.abs().log10().floor() - step.log10().floor()).clamp(0.0, 3.0) as usize
        } else {
            1
        };
        let s = format!("{v:.digits$e}");
        // 2.50e5 → 2.5e5, 2.0e5 → 2e5
        match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        }
    } else {
        let decimals = if step > 0.0 && step.is_finite() {
            (-step.log10().floor()).clamp(0.0, 6.0) as usize
        } else {
            0
        };
        format!("{v:.decimals$}")
    }
}

/// About `n` round tick values (1, 2 or 5 times a power of ten apart) within
/// `lo..=hi`, and their step; whole numbers only when `integer`.
pub(super) fn nice_ticks(lo: f64, hi: f64, n: usize, integer: bool) -> (Vec<f64>, f64) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return (vec![lo], 1.0);
    }
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag);
    if integer {
        step = step.max(1.0).round();
    }
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    let count = (last - first + 1.0).clamp(0.0, 100.0) as usize;
    let ticks = (0..count)
        .map(|i| (first + i as f64) * step)
        .map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v })
        .collect();
    (ticks, step)
}

/// The whole decades `(lo, hi)` covering the finite positive `values`, within
/// `clamp`, spanning at least `min_span` decades; `default` when there are none.
pub(super) fn decade_range(
    values: impl IntoIterator<Item = f64>,
    clamp: (i32, i32),
    min_span: i32,
    default: (i32, i32),
) -> (i32, i32) {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        if v.is_finite() && v > 0.0 {
            min = min.min(v);
            max = max.max(v);
        }
    }
    let (mut lo, mut hi) = if min.is_finite() {
        (
            (min.log10().floor() as i32).clamp(clamp.0, clamp.1),
            (max.log10().ceil() as i32).clamp(clamp.0, clamp.1),
        )
    } else {
        default
    };
    let min_span = min_span.clamp(1, (clamp.1 - clamp.0).max(1));
    while hi - lo < min_span {
        let before = (lo, hi);
        if hi < clamp.1 {
            hi += 1;
        }
        if hi - lo < min_span && lo > clamp.0 {
            lo -= 1;
        }
        if (lo, hi) == before {
            break;
        }
    }
    (lo, hi)
}

/// Ticks `lo..=hi` one decade apart, thinned to every k-th so that labels
/// `spacing` pixels high fit `height` pixels. Returns (labelled, every decade).
pub(super) fn decade_ticks(lo: i32, hi: i32, height: i32, spacing: i32) -> (Vec<f64>, Vec<f64>) {
    let all: Vec<f64> = (lo..=hi).map(f64::from).collect();
    let n = all.len().max(1) as i32;
    let fit = (height / spacing.max(1)).max(2);
    let k = ((n + fit - 1) / fit).max(1);
    // Keep the top decade labelled (it is the one a reader looks for first).
    let labelled = (lo..=hi)
        .filter(|e| (hi - e) % k == 0)
        .map(f64::from)
        .collect();
    (labelled, all)
}

// ---------------------------------------------------------------- markers --

/// A value a log axis cannot place as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mark {
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
pub(super) fn classify(v: f64, lo: i32, hi: i32) -> Result<f64, Mark> {
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
pub(super) fn draw_mark<DB: DrawingBackend>(
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
pub(super) fn mark_y(m: Mark, (top, bottom): (i32, i32), r: i32) -> i32 {
    match m {
        Mark::Above => top,
        Mark::Below => bottom,
        Mark::Zero => bottom - r - 1,
        _ => top + r + 1,
    }
}

/// Where text `rel` anchored at `(x, y)` by `(h, v)` sits: its top-left
/// corner, width and line height, in device pixels.
pub(super) fn text_box(
    theme: &Theme,
    text: &str,
    rel: f64,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
) -> (i32, i32, i32, i32) {
    let w = text_width(theme, rel, text);
    let lh = line_height(theme, rel);
    let x0 = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let y0 = match v {
        VPos::Top => y,
        VPos::Center => y - lh / 2,
        VPos::Bottom => y - lh,
    };
    (x0, y0, w, lh)
}

/// Text on a pale box so it reads over lines and fills.
pub(super) fn boxed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
) -> ChartResult {
    let (x0, y0, w, lh) = text_box(theme, text, rel, (x, y), (h, v));
    let m = pxi(theme, 3.0);
    area.draw(&Rectangle::new(
        [(x0 - m, y0), (x0 + w + m, y0 + lh)],
        theme.background.mix(0.85).filled(),
    ))
    .map_err(fail)?;
    area.draw_text(
        text,
        &style(theme, rel, colour, HPos::Left, VPos::Center),
        (x0, y0 + lh / 2),
    )
    .map_err(fail)
}

/// A muted note centred on `area`'s pixel box `(x0, y0)..(x1, y1)`, wrapped
/// onto as many lines as its width needs.
pub(super) fn centred_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> ChartResult {
    let lines = wrap(theme, text, (x1 - x0 - pxi(theme, 12.0)).max(1));
    let lh = line_height(theme, 1.0);
    let top = (y0 + y1) / 2 - lh * lines.len() as i32 / 2;
    for (i, line) in lines.iter().enumerate() {
        boxed_text(
            area,
            theme,
            line,
            1.0,
            theme.muted,
            ((x0 + x1) / 2, top + i as i32 * lh),
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

/// `text` split at spaces into lines at most `width` pixels wide (a word
/// longer than that gets a line of its own).
pub(super) fn wrap(theme: &Theme, text: &str, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(theme, 1.0, &format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A linear f64 axis with the ticks given: `bold` labelled with gridlines,
/// `light` with gridlines only. (plotters' own `with_key_points` loses the
/// f64 value formatter that the mesh needs, and its f64 mapping overflows
/// i32 for values far off the axis; this one clamps them a little beyond it.)
#[derive(Clone, Debug)]
pub(super) struct Ticked {
    lo: f64,
    hi: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ticked {
    pub fn new(range: (f64, f64), bold: Vec<f64>, light: Vec<f64>) -> Self {
        Ticked {
            lo: range.0,
            hi: range.1,
            bold,
            light,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let t = (value - self.lo) / span;
        let t = if t.is_nan() || !span.is_finite() || span == 0.0 {
            0.5
        } else {
            t.clamp(-4.0, 5.0)
        };
        let len = f64::from(limit.1) - f64::from(limit.0);
        (f64::from(limit.0) + (len * t).round()) as i32
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }
    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

// ---------------------------------------------------------------- frames --

/// Margins around a chart's plotting area, in device pixels.
#[derive(Clone, Copy, Debug)]
pub(super) struct Frame {
    pub top: i32,
    pub right: i32,
    /// Left label area: axis description and tick labels.
    pub left: i32,
    /// Bottom label area: tick labels and axis description.
    pub bottom: i32,
}

impl Frame {
    /// A frame below a header ending at `top`, with y tick labels up to
    /// `y_label_width` wide and room on the right for half an x label.
    pub fn new(theme: &Theme, top: i32, y_label_width: i32, right: i32) -> Self {
        let tick = pxi(theme, 5.0);
        let row = line_height(theme, 1.0);
        Frame {
            top: top + row / 2 + pxi(theme, 4.0),
            right: pxi(theme, PAD).max(right),
            left: row + pxi(theme, 6.0) + y_label_width + 2 * tick,
            bottom: 2 * tick + 2 * row + pxi(theme, 4.0),
        }
    }

    /// The plotting area's size inside `area` with this frame.
    pub fn plot_size(&self, theme: &Theme, (w, h): (u32, u32)) -> (i32, i32) {
        let pad = pxi(theme, PAD);
        (
            w as i32 - pad - self.left - self.right,
            h as i32 - pad - self.top - self.bottom,
        )
    }

    /// True when the plotting area is too small to draw in.
    pub fn too_small(&self, theme: &Theme, dim: (u32, u32)) -> bool {
        let (w, h) = self.plot_size(theme, dim);
        w < pxi(theme, 24.0) || h < pxi(theme, 24.0)
    }

    pub fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        theme: &Theme,
        area: &'a DrawingArea<DB, Shift>,
    ) -> ChartBuilder<'a, 'b, DB> {
        let pad = pxi(theme, PAD);
        let mut b = ChartBuilder::on(area);
        b.margin_top(self.top.max(0) as u32)
            .margin_right(self.right.max(0) as u32)
            .margin_left(pad as u32)
            .margin_bottom(pad as u32)
            .y_label_area_size(self.left.max(0) as u32)
            .x_label_area_size(self.bottom.max(0) as u32);
        b
    }
}

/// Styles a mesh the same way on every panel: large tick labels, muted axis
/// descriptions, light gridlines.
pub(super) fn style_mesh<'a, 'b, X, Y, DB>(
    mesh: &mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &Theme,
    x_desc: &str,
    y_desc: &str,
) where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.label_style(theme.text(1.0))
        .axis_desc_style(theme.text_in(1.0, theme.muted))
        .bold_line_style(theme.grid.stroke_width(theme.px_u(1.0)))
        .light_line_style(theme.grid.mix(0.5).stroke_width(theme.px_u(1.0)))
        .axis_style(theme.foreground.stroke_width(theme.px_u(1.5)))
        .set_all_tick_mark_size(theme.px_u(5.0))
        .x_desc(x_desc)
        .y_desc(y_desc);
}

/// How many x labels of width `label_width` fit in `width` pixels.
pub(super) fn x_label_count(theme: &Theme, width: i32, label_width: i32) -> usize {
    (width / (label_width + pxi(theme, 36.0)).max(1)).clamp(2, 12) as usize
}

/// The x range of a run's step axis: from 0 to the last step, at least 10.
pub(super) fn step_range(h: &History) -> (u64, u64) {
    let last = h
        .steps
        .last()
        .copied()
        .unwrap_or(0)
        .max(h.step())
        .max(h.diverged.as_ref().map_or(0, |d| d.step))
        .max(h.epochs.last().map_or(0, |e| e.step));
    (0, last.max(10))
}

/// Pixel position of `abs` (backend coordinates) inside `area`.
pub(super) fn local<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    abs: (i32, i32),
) -> (i32, i32) {
    let base = area.get_base_pixel();
    (abs.0 - base.0, abs.1 - base.1)
}

/// A vertical alarm line at `x` from `top` to `bottom` (area pixels) labelled
/// "diverged at step N" near the bottom, on whichever side has room.
pub(super) fn divergence_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    step: u64,
    x: i32,
    (top, bottom): (i32, i32),
    (left, right): (i32, i32),
) -> ChartResult {
    area.draw(&PathElement::new(
        vec![(x, top), (x, bottom)],
        theme.alarm.stroke_width(theme.line()),
    ))
    .map_err(fail)?;
    let text = format!("diverged at step {step}");
    let w = text_width(theme, 1.0, &text);
    let gap = pxi(theme, 6.0);
    let (tx, h) = if x - gap - w >= left || x + gap + w > right {
        (x - gap, HPos::Right)
    } else {
        (x + gap, HPos::Left)
    };
    boxed_text(
        area,
        theme,
        &text,
        1.0,
        theme.alarm,
        (tx, bottom - pxi(theme, 4.0) - line_height(theme, 1.0) / 2),
        (h, VPos::Center),
    )
}

// ---------------------------------------------------------- loss axes --

/// The y axis of a loss chart (the loss panel, the comparison): linear and
/// starting at 0 for non-negative losses, or log10 by whole decades.
pub(super) struct LossAxis {
    /// In data units: the loss, or its log10.
    pub range: (f64, f64),
    bold: Vec<f64>,
    light: Vec<f64>,
    labels: Vec<String>,
}

impl LossAxis {
    /// The axis for `values` (non-finite ones ignored) on a plot `height` pixels high.
    pub fn new(
        theme: &Theme,
        values: impl Iterator<Item = f64> + Clone,
        log: bool,
        height: i32,
    ) -> Self {
        let row = line_height(theme, 1.0);
        if log {
            let (lo, hi) = decade_range(values, (-300, 300), 1, (-1, 1));
            let (bold, every) = decade_ticks(lo, hi, height, row + pxi(theme, 2.0));
            let light = if hi - lo <= 3 {
                (lo..hi)
                    .flat_map(|e| (2..10).map(move |m| f64::from(e) + f64::from(m).log10()))
                    .collect()
            } else {
                every
            };
            let labels = bold
                .iter()
                .map(|&e| pow10_label(e.round() as i32))
                .collect();
            LossAxis {
                range: (f64::from(lo), f64::from(hi)),
                bold,
                light,
                labels,
            }
        } else {
            let mut finite = values.clone().filter(|v| v.is_finite()).peekable();
            let nonneg = finite.peek().is_some() && finite.all(|v| v >= 0.0);
            let (mut lo, hi) = linear_range(values.chain(nonneg.then_some(0.0)), (0.0, 1.0));
            if nonneg {
                lo = lo.max(0.0);
            }
            let n = (height / (2 * row).max(1)).clamp(2, 8) as usize;
            let (ticks, step) = nice_ticks(lo, hi, n, false);
            let labels = ticks.iter().map(|&v| fmt_tick(v, step)).collect();
            LossAxis {
                range: (lo, hi),
                bold: ticks,
                light: Vec::new(),
                labels,
            }
        }
    }

    /// The widest tick label.
    pub fn label_width(&self, theme: &Theme) -> i32 {
        self.labels
            .iter()
            .map(|l| text_width(theme, 1.0, l))
            .max()
            .unwrap_or(0)
    }

    /// The label of tick `v` (empty for a light one).
    pub fn label(&self, v: f64) -> String {
        self.bold
            .iter()
            .position(|&t| t == v)
            .map(|i| self.labels[i].clone())
            .unwrap_or_default()
    }

    pub fn ticked(&self) -> Ticked {
        Ticked::new(self.range, self.bold.clone(), self.light.clone())
    }
}

/// Splits `points` into runs of drawable points: finite, and positive on a log axis.
pub(super) fn drawable_runs(points: &[(f64, f64)], log: bool) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for &(x, y) in points {
        let y = if log {
            if y.is_finite() && y > 0.0 {
                Some(y.log10())
            } else {
                None
            }
        } else if y.is_finite() {
            Some(y)
        } else {
            None
        };
        match y {
            Some(y) => run.push((x, y)),
            None => {
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

// ---------------------------------------------------- per-layer series --

/// A per-layer measure over steps on a log axis (gradient flow, weight change).
pub(super) struct LayerChart<'a> {
    pub title: &'a str,
    pub measure: Measure,
    /// The axis, as powers of ten.
    pub decades: (i32, i32),
    /// Also draw the current step as one bar per layer on the right.
    pub bars: bool,
}

/// Segments of consecutive placeable points, and the marks of one series.
struct Traced {
    segments: Vec<Vec<(u64, f64)>>,
    marks: Vec<(u64, Mark)>,
}

/// Splits a series at non-finite values; finite values off the axis run along
/// its edge. Marks the first point of each non-finite run, and the first and
/// last point of each run along an edge (0, below, above).
fn trace(steps: &[u64], values: &[f64], (lo, hi): (i32, i32)) -> Traced {
    let mut t = Traced {
        segments: Vec::new(),
        marks: Vec::new(),
    };
    let mut seg = Vec::new();
    // The kind of the run the previous point belongs to, and its last step.
    let mut run: Option<(Mark, u64)> = None;
    for (&s, &v) in steps.iter().zip(values) {
        let c = classify(v, lo, hi);
        let kind = c.err();
        if let Some((m, last)) = run {
            if kind != Some(m) {
                if m.is_finite() && t.marks.last() != Some(&(last, m)) {
                    t.marks.push((last, m));
                }
                run = None;
            }
        }
        if let Some(m) = kind {
            if run.is_none() {
                t.marks.push((s, m));
            }
            run = Some((m, s));
        }
        match c {
            Ok(e) => seg.push((s, e)),
            Err(m) if m.is_finite() => seg.push((s, if m.at_top() { hi } else { lo }.into())),
            Err(_) => {
                if !seg.is_empty() {
                    t.segments.push(std::mem::take(&mut seg));
                }
            }
        }
    }
    if let Some((m, last)) = run {
        if m.is_finite() && t.marks.last() != Some(&(last, m)) {
            t.marks.push((last, m));
        }
    }
    if !seg.is_empty() {
        t.segments.push(seg);
    }
    t
}

/// Layer `l`'s series of `measure` as measured. The step at which a run
/// diverged reports 0 for every figure it did not reach (the step stopped
/// there): those points are dropped rather than drawn as zeros, and a
/// non-finite gradient found by the backward pass is put back in its layer.
pub(super) fn measured(h: &History, measure: Measure, l: usize) -> (&[u64], Vec<f64>) {
    let mut values = h.layer_series(measure, l).to_vec();
    let mut steps = &h.steps[..values.len().min(h.steps.len())];
    if let Some(d) = &h.diverged {
        if steps.last() == Some(&d.step) {
            if let Some(v) = values.last_mut() {
                if let Some(bad) = diverged_value(d, measure, l) {
                    *v = bad;
                } else if *v == 0.0 {
                    values.pop();
                    steps = &steps[..steps.len() - 1];
                }
            }
        }
    }
    (steps, values)
}

/// The offending figure of a divergence, if it is `measure` of layer `l`.
fn diverged_value(d: &Divergence, measure: Measure, l: usize) -> Option<f64> {
    let gradient = matches!(measure, Measure::GradNorm | Measure::GradMeanAbs);
    (gradient && d.stage == Stage::Backward && d.layer == l + 1 && !d.value.is_finite())
        .then_some(d.value)
}

/// What the bars show: the current step's `measure` per layer, or, when the
/// run has just diverged, the last step before (the diverged step measured
/// little or nothing), with the offending value where there is one.
fn bar_values(h: &History, measure: Measure) -> (u64, Vec<Option<f64>>) {
    let now = current_measured(h, measure);
    let diverged_now = h.diverged.as_ref().filter(|d| d.step == h.step());
    match diverged_now {
        Some(d) if h.steps.len() >= 2 && h.steps.last() == Some(&d.step) => {
            let i = h.steps.len() - 2;
            let before = (0..h.layers)
                .map(|l| h.layer_series(measure, l).get(i).copied())
                .collect();
            (h.steps[i], before)
        }
        _ => (h.step(), now),
    }
}

/// The current step's `measure` per layer, None where it was not measured.
pub(super) fn current_measured(h: &History, measure: Measure) -> Vec<Option<f64>> {
    if h.last.is_none() {
        return vec![None; h.layers];
    }
    let diverged_now = h.diverged.as_ref().filter(|d| d.step == h.step());
    h.current(measure)
        .into_iter()
        .enumerate()
        .map(|(l, v)| match diverged_now {
            Some(d) => diverged_value(d, measure, l).or((v != 0.0).then_some(v)),
            None => Some(v),
        })
        .collect()
}

/// Draws a [`LayerChart`] over `area`.
pub(super) fn layer_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    spec: &LayerChart,
) -> ChartResult {
    let h = view.history;
    let layers = h.layers;
    let top = header(area, theme, spec.title, &layer_items(theme, layers))?;
    let (w, _) = area.dim_in_pixel();
    let bars = spec.bars && layers > 0;
    let split = if bars {
        (f64::from(w) * 0.75).round() as i32
    } else {
        w as i32
    };
    let (left_area, right_area) = area.split_horizontally(split.max(1));

    let (lo, hi) = spec.decades;
    let label_w = (lo..=hi)
        .map(|e| text_width(theme, 1.0, &pow10_label(e)))
        .max()
        .unwrap_or(0);
    let (x0, x1) = step_range(h);
    let x_label_w = text_width(theme, 1.0, &fmt_count(x1));
    let (x0, x1) = (x0 as f64, x1 as f64);
    let frame = Frame::new(theme, top, label_w, x_label_w / 2 + pxi(theme, 6.0));
    let dim = left_area.dim_in_pixel();
    if frame.too_small(theme, dim) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, dim);
    let (labelled, every) = decade_ticks(lo, hi, plot_h, line_height(theme, 1.0) + pxi(theme, 2.0));

    let (x_ticks, _) = nice_ticks(x0, x1, x_label_count(theme, plot_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, &left_area)
        .build_cartesian_2d(
            Ticked::new((x0, x1), x_ticks, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), labelled, every),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| pow10_label(v.round() as i32);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "training step", spec.measure.label());
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;

    let (ylo, yhi) = (f64::from(lo), f64::from(hi));
    let (px0, py0) = local(area, chart.backend_coord(&(x0, yhi)));
    let (px1, py1) = local(area, chart.backend_coord(&(x1, ylo)));

    if let Some(d) = &h.diverged {
        let (dx, _) = local(area, chart.backend_coord(&(d.step as f64, ylo)));
        divergence_line(area, theme, d.step, dx, (py0, py1), (px0, px1))?;
    }

    let traced: Vec<Traced> = (0..layers)
        .map(|l| {
            let (steps, values) = measured(h, spec.measure, l);
            trace(steps, &values, (lo, hi))
        })
        .collect();
    for (l, t) in traced.iter().enumerate() {
        let colour = theme.layer_colour(l, layers);
        for seg in &t.segments {
            let points = seg.iter().map(|&(s, y)| (s as f64, y)).collect();
            line_or_dot(&mut chart, points, colour, theme)?;
        }
    }
    // Markers over the lines; one label per place and kind.
    let mut labelled_at: Vec<(i32, Mark)> = Vec::new();
    let r = pxi(theme, 7.0);
    for (l, t) in traced.iter().enumerate() {
        let colour = theme.layer_colour(l, layers);
        for &(s, m) in &t.marks {
            let (x, _) = local(area, chart.backend_coord(&(s as f64, ylo)));
            let y = mark_y(m, (py0, py1), r);
            draw_mark(area, theme, m, (x, y), colour)?;
            if let Some(text) = m.label() {
                if labelled_at
                    .iter()
                    .any(|&(lx, lm)| lm == m && (lx - x).abs() < 3 * r)
                {
                    continue;
                }
                labelled_at.push((x, m));
                let colour = if m.is_finite() { colour } else { theme.alarm };
                let ty = if m.at_top() {
                    y + r + pxi(theme, 2.0)
                } else {
                    y - r - pxi(theme, 2.0)
                };
                let (tx, hp) = if x > (px0 + px1) / 2 {
                    (x - r, HPos::Right)
                } else {
                    (x + r, HPos::Left)
                };
                let vp = if m.at_top() { VPos::Top } else { VPos::Bottom };
                boxed_text(area, theme, text, 1.0, colour, (tx, ty), (hp, vp))?;
            }
        }
    }
    if h.steps.is_empty() {
        centred_note(
            area,
            theme,
            "no steps yet: press step or play",
            (px0, py0, px1, py1),
        )?;
    }

    if bars {
        current_bars(area, &right_area, view, theme, spec, &frame)?;
    }
    Ok(())
}

/// A chart on two [`Ticked`] axes, as the panels build them.
pub(super) type TickedChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// A loss chart below a header ending at `top`: x from `x0` to `x1` with whole-number
/// labels, y a [`LossAxis`] over `values` (linear or log), its mesh drawn. `None` when
/// the area is too small to draw in. The loss panel and the comparison share it.
pub(super) fn loss_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    top: i32,
    (x0, x1): (f64, f64),
    x_desc: &str,
    values: impl Iterator<Item = f64> + Clone,
    log: bool,
) -> Result<Option<(TickedChart<'a, DB>, LossAxis)>, String> {
    let x_label_w = text_width(theme, 1.0, &fmt_count(x1.max(0.0) as u64));
    // Tick labels depend on the plot height, which depends on their width:
    // size the frame for a generous label first, then compute the ticks.
    let probe = Frame::new(theme, top, text_width(theme, 1.0, "0.0000"), 0);
    let (_, probe_h) = probe.plot_size(theme, area.dim_in_pixel());
    let y = LossAxis::new(theme, values, log, probe_h);
    let frame = Frame::new(
        theme,
        top,
        y.label_width(theme),
        x_label_w / 2 + pxi(theme, 6.0),
    );
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(None);
    }
    let (plot_w, _) = frame.plot_size(theme, area.dim_in_pixel());
    let (x_ticks, _) = nice_ticks(x0, x1, x_label_count(theme, plot_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(Ticked::new((x0, x1), x_ticks, Vec::new()), y.ticked())
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| y.label(*v);
    let y_desc = if log { "loss (log scale)" } else { "loss" };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, x_desc, y_desc);
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    Ok(Some((chart, y)))
}

/// A series as a line, or as a dot when it has one point (a line of one point
/// would not show). Nothing for no points.
pub(super) fn line_or_dot<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    points: Vec<(f64, f64)>,
    colour: RGBColor,
    theme: &Theme,
) -> ChartResult {
    match points.len() {
        0 => Ok(()),
        1 => chart
            .draw_series(std::iter::once(Circle::new(
                points[0],
                theme.line() + theme.px_u(1.0),
                colour.filled(),
            )))
            .map(|_| ())
            .map_err(fail),
        _ => chart
            .draw_series(std::iter::once(PathElement::new(
                points,
                colour.stroke_width(theme.line()),
            )))
            .map(|_| ())
            .map_err(fail),
    }
}

/// The current step as one bar per layer, on the same vertical axis as the
/// series beside it.
fn current_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    spec: &LayerChart,
    series_frame: &Frame,
) -> ChartResult {
    let h = view.history;
    let layers = h.layers;
    let (lo, hi) = spec.decades;
    let (w, _) = area.dim_in_pixel();
    let (step, values) = bar_values(h, spec.measure);
    let mut desc = format!("layers at step {}", fmt_count(step));
    if text_width(theme, 1.0, &desc) > w as i32 - pxi(theme, 2.0 * PAD) {
        desc = format!("step {}", fmt_count(step));
    }
    let frame = Frame {
        top: series_frame.top,
        right: pxi(theme, PAD),
        left: pxi(theme, 6.0),
        bottom: series_frame.bottom,
    };
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(());
    }
    let (plot_w, plot_h) = frame.plot_size(theme, area.dim_in_pixel());
    let slot = plot_w / layers.max(1) as i32;
    let widest = text_width(theme, 1.0, &layers.to_string()) + pxi(theme, 6.0);
    let every_k = ((widest + slot - 1) / slot.max(1)).max(1) as usize;
    // Every k-th layer counted down from the output, which is always labelled.
    let x_keys: Vec<f64> = (0..layers)
        .filter(|l| (layers - 1 - l).is_multiple_of(every_k))
        .map(|l| l as f64 + 0.5)
        .collect();
    let (_, every) = decade_ticks(lo, hi, plot_h, line_height(theme, 1.0));
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(
            Ticked::new((0.0, layers as f64), x_keys, Vec::new()),
            Ticked::new((f64::from(lo), f64::from(hi)), every, Vec::new()),
        )
        .map_err(fail)?;
    let fmt_x = |v: &f64| format!("{}", (v - 0.5).round() as i64 + 1);
    let fmt_y = |_: &f64| String::new();
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, &desc, "");
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .disable_x_mesh()
        .draw()
        .map_err(fail)?;
    let (ylo, yhi) = (f64::from(lo), f64::from(hi));
    let r = pxi(theme, 7.0);
    let label_w = text_width(theme, 1.0, "NaN");
    let stagger = slot < label_w + pxi(theme, 4.0);
    for (l, v) in values.iter().enumerate().take(layers) {
        let Some(v) = *v else { continue };
        let colour = theme.layer_colour(l, layers);
        let x = l as f64;
        let top = match classify(v, lo, hi) {
            Ok(e) => Some(e),
            Err(Mark::Above) => Some(yhi),
            Err(_) => None,
        };
        if let Some(top) = top {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.18, ylo), (x + 0.82, top)],
                    colour.filled(),
                )))
                .map_err(fail)?;
        }
        if let Err(m) = classify(v, lo, hi) {
            let (cx, ty) = local(root, chart.backend_coord(&(x + 0.5, yhi)));
            let (_, by) = local(root, chart.backend_coord(&(x + 0.5, ylo)));
            let y = mark_y(m, (ty, by), r);
            draw_mark(root, theme, m, (cx, y), colour)?;
            if let Some(text) = m.label() {
                let row = if stagger && l % 2 == 1 {
                    line_height(theme, 1.0)
                } else {
                    0
                };
                let colour = if m.is_finite() { colour } else { theme.alarm };
                let (ly, vp) = if m.at_top() {
                    (y + r + pxi(theme, 2.0) + row, VPos::Top)
                } else {
                    (y - r - pxi(theme, 2.0) - row, VPos::Bottom)
                };
                boxed_text(root, theme, text, 1.0, colour, (cx, ly), (HPos::Center, vp))?;
            }
        }
    }
    Ok(())
}

/// A linear f64 axis range covering `values` (finite only), padded by 5%, and
/// never empty: `default` when nothing is finite, ±0.5 (or ±5%) when all equal.
pub(super) fn linear_range(
    values: impl IntoIterator<Item = f64>,
    default: (f64, f64),
) -> (f64, f64) {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        if v.is_finite() {
            min = min.min(v);
            max = max.max(v);
        }
    }
    if !min.is_finite() {
        return default;
    }
    let (min, max) = (min.max(-1e300), max.min(1e300));
    let span = max - min;
    if !(span.is_finite() && span > max.abs().max(min.abs()) * 1e-12) {
        let d = if max.abs() > 0.0 {
            max.abs() * 0.05
        } else {
            0.5
        };
        return (min - d, max + d);
    }
    (min - 0.05 * span, max + 0.05 * span)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Real runs for the panels' tests.
    use crate::charts::{to_svg, Options, Panel, Theme, ThemeKind, View};
    use crate::engine::stats::LayerStats;
    use crate::engine::trainer::{Run, StepReport};
    use crate::scenes::network::history::History;
    use crate::scenes::network::snapshot::{self, Snapshot};

    /// `preset` trained for at most `steps` steps (stopping at divergence),
    /// with its history and a snapshot at the end.
    pub fn trained(preset: &str, steps: usize) -> (History, Snapshot) {
        trained_with(preset, steps, |_| {})
    }

    /// As [`trained`], with the preset's config changed by `change` first.
    pub fn trained_with(
        preset: &str,
        steps: usize,
        change: impl FnOnce(&mut crate::engine::config::Config),
    ) -> (History, Snapshot) {
        let mut config = crate::scenes::network::presets::find(preset)
            .expect("preset")
            .config;
        change(&mut config);
        let config = crate::engine::settings::Settings::validate(&config).expect("valid");
        let mut run = Run::new(&config);
        let mut h = History::new(run.config().hidden.len() + 1);
        for _ in 0..steps {
            let r = run.step();
            let stop = r.diverged.is_some();
            h.push(r);
            if stop {
                break;
            }
        }
        let s = snapshot::take(&mut run);
        (h, s)
    }

    /// A history whose step `i + 1` has `rows[i][l]` as every per-layer figure
    /// of layer `l`, at step numbers `first`, `first + 1`, ….
    pub fn synthetic(first: u64, rows: &[Vec<f64>]) -> History {
        let layers = rows.first().map_or(0, Vec::len);
        let mut h = History::new(layers);
        for (i, row) in rows.iter().enumerate() {
            h.push(StepReport {
                step: first + i as u64,
                epoch: 1,
                loss: 1.0,
                grad_norm: 1.0,
                clipped: false,
                layers: row
                    .iter()
                    .map(|&v| LayerStats {
                        grad_norm: v,
                        grad_mean_abs: v,
                        weight_change: v,
                        ..LayerStats::default()
                    })
                    .collect(),
                epoch_end: None,
                diverged: None,
            });
        }
        h
    }

    /// The texts that are powers of ten ("10⁻⁸"), in order of appearance.
    pub fn power_labels(svg: &str) -> Vec<String> {
        texts(svg)
            .into_iter()
            .filter(|t| {
                t.starts_with("10")
                    && t.chars().skip(2).all(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹⁻".contains(c))
                    && t.len() > 2
            })
            .collect()
    }

    pub fn svg(panel: Panel, h: &History, s: Option<&Snapshot>, theme: &Theme) -> String {
        svg_sized(panel, h, s, theme, (900, 500))
    }

    pub fn svg_sized(
        panel: Panel,
        h: &History,
        s: Option<&Snapshot>,
        theme: &Theme,
        (w, ht): (u32, u32),
    ) -> String {
        let view = View {
            history: h,
            snapshot: s,
            options: Options::default(),
        };
        to_svg(panel, &view, theme, w, ht).expect("draws")
    }

    pub fn default_theme() -> Theme {
        Theme::new(ThemeKind::Default, 1.0)
    }

    /// The texts of the SVG's `<text>` elements.
    pub fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                let text = body.split_once("</text>")?.0;
                Some(
                    text.trim()
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"),
                )
            })
            .collect()
    }

    /// Every font-size attribute of the SVG.
    pub fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|t| t.split_once('"')?.0.parse().ok())
            .collect()
    }

    /// Every panel draws in every theme, at scale 1 and 2, whatever `h` and `s` are.
    pub fn draws_everywhere(panel: Panel, h: &History, s: Option<&Snapshot>) {
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            for scale in [1.0, 2.0] {
                let t = Theme::new(kind, scale);
                let size = ((640.0 * scale) as u32, (360.0 * scale) as u32);
                let out = svg_sized(panel, h, s, &t, size);
                assert!(out.contains(panel.title()), "{kind:?} {scale}");
            }
        }
        // Tiny and huge areas too.
        let t = default_theme();
        svg_sized(panel, h, s, &t, (60, 40));
        svg_sized(panel, h, s, &t, (200, 150));
        svg_sized(
            panel,
            h,
            s,
            &Theme::new(ThemeKind::Projector, 1.0),
            (200, 150),
        );
    }
}

/// `CHARTS_GALLERY=/tmp/charts cargo test --lib gallery -- --ignored` writes
/// every panel for two presets in both themes, to look at.
#[cfg(test)]
mod gallery {
    use super::test_support::*;
    use crate::charts::{Panel, Theme, ThemeKind};

    #[test]
    #[ignore]
    fn write_gallery() {
        let Ok(dir) = std::env::var("CHARTS_GALLERY") else {
            return;
        };
        std::fs::create_dir_all(&dir).expect("directory");
        let runs = [
            ("e2-deep-tanh", 200),
            ("e1-no-clip", 500),
            ("e3-sigmoid", 300),
        ]
        .map(|(preset, steps)| (preset, trained(preset, steps)));
        let (deep, deep_snap) = trained_with("e2-deep-tanh", 100, |c| c.hidden = vec![4; 10]);
        let empty = crate::scenes::network::history::History::new(3);
        for (preset, (h, s)) in runs.iter().map(|(p, (h, s))| (*p, (h, Some(s)))).chain([
            ("deep11", (&deep, Some(&deep_snap))),
            ("empty", (&empty, None)),
        ]) {
            for panel in Panel::ALL {
                for (kind, scale, size, suffix) in [
                    (ThemeKind::Default, 1.0, (900, 500), ""),
                    (ThemeKind::Projector, 1.0, (520, 416), "-projector"),
                    (ThemeKind::Projector, 1.0, (1100, 416), "-projector-wide"),
                    (ThemeKind::Projector, 2.0, (1920, 1080), "-export"),
                ] {
                    let svg = svg_sized(panel, h, s, &Theme::new(kind, scale), size);
                    let name = format!("{dir}/{preset}-{}{suffix}.svg", panel.word());
                    std::fs::write(name, svg).expect("write");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::charts::{Panel, ThemeKind};

    #[test]
    fn every_panel_draws_any_run_in_every_theme_and_its_text_scales() {
        let (deep, deep_snap) = trained_with("e2-deep-tanh", 30, |c| c.hidden = vec![3; 10]);
        let (e1, e1_snap) = trained("e1-no-clip", 500);
        let empty = History::new(0);
        let cases = [
            (&empty, None),
            (&deep, Some(&deep_snap)),
            (&e1, Some(&e1_snap)),
        ];
        for panel in Panel::ALL {
            for &(h, s) in &cases {
                draws_everywhere(panel, h, s);
                for kind in [ThemeKind::Default, ThemeKind::Projector] {
                    let at = |scale: f64| {
                        let size = ((800.0 * scale) as u32, (450.0 * scale) as u32);
                        font_sizes(&svg_sized(panel, h, s, &Theme::new(kind, scale), size))
                    };
                    let (one, two) = (at(1.0), at(2.0));
                    assert!(!one.is_empty());
                    assert_eq!(one.len(), two.len(), "{panel:?} {kind:?}");
                    for (a, b) in one.iter().zip(&two) {
                        assert!((b - 2.0 * a).abs() < 1e-9, "{panel:?} {kind:?}: {a} → {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn powers_of_ten_use_superscripts() {
        assert_eq!(pow10_label(-8), "10⁻⁸");
        assert_eq!(pow10_label(0), "10⁰");
        assert_eq!(pow10_label(4), "10⁴");
        assert_eq!(pow10_label(-12), "10⁻¹²");
    }

    #[test]
    fn counts_and_ticks_read_short() {
        assert_eq!(fmt_count(950), "950");
        assert_eq!(fmt_count(12_000), "12k");
        assert_eq!(fmt_count(12_500), "12.5k");
        assert_eq!(fmt_count(3_000_000), "3M");
        assert_eq!(fmt_count(12_000_000_000), "1.2e10");
        assert_eq!(fmt_tick(0.0, 0.2), "0");
        assert_eq!(fmt_tick(0.4, 0.2), "0.4");
        assert_eq!(fmt_tick(15000.0, 5000.0), "15000");
        assert_eq!(fmt_tick(2.5e7, 5e6), "2.5e7");
        assert_eq!(fmt_tick(3e30, 1e30), "3e30");
        assert_eq!(fmt_tick(f64::NAN, 1.0), "");
        assert_eq!(
            nice_ticks(0.0, 1.0, 5, false),
            (vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0], 0.2)
        );
        assert_eq!(nice_ticks(0.0, 3.0, 8, true).0, vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(0.0, 1e12, 4, true).0, vec![0.0, 5e11, 1e12]);
        assert_eq!(nice_ticks(0.0, 9.2e18, 6, true).0.len(), 5);
        assert_eq!(nice_ticks(1.0, 1.0, 4, true).0, vec![1.0]);
    }

    #[test]
    fn decade_ranges_are_whole_clamped_and_wide_enough() {
        assert_eq!(decade_range([0.003, 0.02], (-12, 3), 4, (-6, -2)), (-4, 0));
        assert_eq!(decade_range([], (-12, 3), 4, (-6, -2)), (-6, -2));
        assert_eq!(
            decade_range([0.0, f64::NAN, f64::INFINITY, -1.0], (-12, 3), 4, (-6, -2)),
            (-6, -2)
        );
        assert_eq!(
            decade_range([1e-30, 1e-29], (-12, 3), 4, (-6, -2)),
            (-12, -8)
        );
        assert_eq!(decade_range([1e30], (-12, 3), 4, (-6, -2)), (-1, 3));
        assert_eq!(decade_range([1e-9, 1e2], (-12, 3), 4, (-6, -2)), (-9, 2));
    }

    #[test]
    fn classify_names_what_a_log_axis_cannot_show() {
        assert_eq!(classify(1.0, -8, 4), Ok(0.0));
        assert_eq!(classify(0.0, -8, 4), Err(Mark::Zero));
        assert_eq!(classify(1e-9, -8, 4), Err(Mark::Below));
        assert_eq!(classify(1e5, -8, 4), Err(Mark::Above));
        assert_eq!(classify(f64::NAN, -8, 4), Err(Mark::Nan));
        assert_eq!(classify(f64::INFINITY, -8, 4), Err(Mark::PosInf));
        assert_eq!(classify(f64::NEG_INFINITY, -8, 4), Err(Mark::NegInf));
    }

    #[test]
    fn traces_break_at_non_finite_values_and_mark_them() {
        let steps = [1, 2, 3, 4, 5, 6];
        let v = [1.0, f64::NAN, f64::NAN, 1e-20, 10.0, 0.0];
        let t = trace(&steps, &v, (-8, 4));
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0], vec![(1, 0.0)]);
        assert_eq!(t.segments[1], vec![(4, -8.0), (5, 1.0), (6, -8.0)]);
        assert_eq!(
            t.marks,
            vec![(2, Mark::Nan), (4, Mark::Below), (6, Mark::Zero)]
        );
        let t = trace(&steps, &[1e5, 1e5, 1e5, 1.0, 1e-9, 1e-9], (-8, 4));
        assert_eq!(
            t.marks,
            vec![
                (1, Mark::Above),
                (3, Mark::Above),
                (5, Mark::Below),
                (6, Mark::Below)
            ]
        );
        assert_eq!(t.segments.len(), 1);
    }

    #[test]
    fn notes_wrap_at_spaces() {
        let t = Theme::new(crate::charts::ThemeKind::Default, 1.0);
        assert_eq!(wrap(&t, "no steps yet", 1000), vec!["no steps yet"]);
        let narrow = text_width(&t, 1.0, "no steps");
        assert_eq!(wrap(&t, "no steps yet", narrow), vec!["no steps", "yet"]);
        assert_eq!(
            wrap(&t, "averyveryverylongword x", 5),
            vec!["averyveryverylongword", "x"]
        );
    }

    #[test]
    fn linear_ranges_are_never_empty() {
        assert_eq!(linear_range([], (0.0, 1.0)), (0.0, 1.0));
        let (a, b) = linear_range([2.0, 2.0], (0.0, 1.0));
        assert!(a < 2.0 && b > 2.0);
        let (a, b) = linear_range([0.0], (0.0, 1.0));
        assert!(a < 0.0 && b > 0.0);
        let (a, b) = linear_range([f64::MAX, -f64::MAX], (0.0, 1.0));
        assert!(a.is_finite() && b.is_finite() && a < b);
    }
}
