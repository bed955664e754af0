//! Number formats and tick values: powers of ten, step counts, linear tick
//! labels, round ticks, whole-decade ranges, and [`Ticked`], the f64 axis
//! the charts are built on.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// 10 to the power `e` with superscript digits: "10⁻⁸", "10⁰", "10⁴".
pub(crate) fn pow10_label(e: i32) -> String {
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
pub(crate) fn fmt_count(v: u64) -> String {
    let s = count_text(v);
    if crate::lang::current().decimal_comma() {
        s.replacen('.', ",", 1)
    } else {
        s
    }
}

fn count_text(v: u64) -> String {
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
/// decimals to tell neighbours apart, scientific when very large or small;
/// with the language's decimal mark.
pub(crate) fn fmt_tick(v: f64, step: f64) -> String {
    crate::lang::number(&tick_text(v, step))
}

fn tick_text(v: f64, step: f64) -> String {
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
pub(crate) fn nice_ticks(lo: f64, hi: f64, n: usize, integer: bool) -> (Vec<f64>, f64) {
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
pub(crate) fn decade_range(
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
pub(crate) fn decade_ticks(lo: i32, hi: i32, height: i32, spacing: i32) -> (Vec<f64>, Vec<f64>) {
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

/// A linear f64 axis with the ticks given: `bold` labelled with gridlines,
/// `light` with gridlines only. (plotters' own `with_key_points` loses the
/// f64 value formatter that the mesh needs, and its f64 mapping overflows
/// i32 for values far off the axis; this one clamps them a little beyond it.)
#[derive(Clone, Debug)]
pub(crate) struct Ticked {
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

/// A linear f64 axis range covering `values` (finite only), padded by 5%, and
/// never empty: `default` when nothing is finite, ±0.5 (or ±5%) when all equal.
pub(crate) fn linear_range(
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
