//! What the panels share: type metrics and margins (here), the header (title
//! and a legend that wraps), number formats and tick values, the markers for
//! values a log axis cannot show (0, NaN, ∞, out of range), boxed notes, and
//! the frames and meshes the charts are built in.
//!
//! Layout is computed from the theme's type size rather than measured: text
//! measurement in the page goes through the DOM (slow at 60 frames a second)
//! and natively it is a rough guess anyway. Widths are estimated generously
//! from character classes, so labels get room in every browser font.

mod frames;
#[cfg(test)]
mod gallery;
mod header;
mod markers;
mod notes;
mod shapes;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
mod ticks;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Theme;
pub(super) use frames::{
    divergence_line, line_or_dot, local, step_range, style_mesh, x_label_count, Frame, TickedChart,
};
pub(super) use header::{header, header_height, Item, Swatch};
pub(super) use markers::{classify, draw_mark, mark_y, Mark};
pub(super) use notes::{boxed_text, centred_note, no_steps_note, text_box, wrap};
pub(super) use shapes::{draw_shape, Shape};
pub(super) use ticks::{
    decade_range, decade_ticks, fmt_count, fmt_tick, linear_range, nice_ticks, pow10_label, Ticked,
};

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
    (text_ems(s) * font(theme, rel)).ceil() as i32
}

/// The estimated width of `s` in ems, as [`text_width`] counts it.
pub(super) fn text_ems(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' | 'I' | ' '
            | 'f' | 't' | 'r' => 0.36,
            '⁰'..='⁹' | '¹' | '²' | '³' | '⁻' | '₀'..='₉' => 0.42,
            'm' | 'w' | 'M' | 'W' | '∞' | '‖' | '…' | '—' | '∇' => 0.95,
            'A'..='Z' | '%' | '≈' | '±' | '∂' | 'Δ' => 0.74,
            _ => 0.64,
        })
        .sum()
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
