//! How charts look: colours, type sizes and line widths, in two themes.
//!
//! Both themes use the Okabe–Ito palette (distinguishable with every common form
//! of colour blindness). The projector theme is for the back of a lecture hall:
//! pure black on white, type about 1.5× larger and lines twice as thick.
//! `scale` multiplies every size: the page sets it to the screen's
//! devicePixelRatio so canvases stay sharp, and exports set it higher still.

use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    Default,
    Projector,
}

impl ThemeKind {
    pub fn word(self) -> &'static str {
        match self {
            ThemeKind::Default => "default",
            ThemeKind::Projector => "projector",
        }
    }
    pub fn from_word(w: &str) -> Option<Self> {
        match w {
            "default" => Some(ThemeKind::Default),
            "projector" => Some(ThemeKind::Projector),
            _ => None,
        }
    }
}

/// Okabe & Ito (2008), "Color Universal Design": black excluded (it is the text
/// colour), yellow last (weakest on white).
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(240, 228, 66),  // yellow
];

/// viridis (matplotlib's default map; van der Walt & Smith), eight evenly
/// spaced stops as plotters' `ViridisRGB` has them.
const VIRIDIS: [(u8, u8, u8); 8] = [
    (68, 1, 84),
    (70, 50, 127),
    (54, 92, 141),
    (39, 127, 143),
    (31, 162, 136),
    (74, 194, 110),
    (160, 219, 57),
    (254, 232, 37),
];

/// viridis at `t` in [0, 1] (clamped; NaN is 0).
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub background: RGBColor,
    /// Text, axes and the main line.
    pub foreground: RGBColor,
    /// Secondary text (captions, units) and light guides.
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// Warnings drawn on a chart: non-finite markers, "diverged".
    pub alarm: RGBColor,
    /// Base type size in CSS pixels, before `scale`.
    pub font_px: f64,
    /// Base line width in CSS pixels, before `scale`.
    pub line_px: f64,
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// The backend copies a bitmap in one call (the page's canvas): images are then
    /// drawn as one bitmap, not as a rectangle per cell (which SVG needs).
    pub raster: bool,
}

impl Theme {
    pub fn new(kind: ThemeKind, scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        match kind {
            ThemeKind::Default => Theme {
                kind,
                background: RGBColor(255, 255, 255),
                foreground: RGBColor(34, 34, 34),
                muted: RGBColor(96, 96, 96),
                grid: RGBColor(225, 225, 225),
                alarm: RGBColor(200, 0, 0),
                font_px: 13.0,
                line_px: 2.0,
                scale,
                raster: false,
            },
            ThemeKind::Projector => Theme {
                kind,
                background: RGBColor(255, 255, 255),
                foreground: RGBColor(0, 0, 0),
                muted: RGBColor(40, 40, 40),
                grid: RGBColor(200, 200, 200),
                alarm: RGBColor(190, 0, 0),
                font_px: 20.0,
                line_px: 4.0,
                scale,
                raster: false,
            },
        }
    }

    /// A size in device pixels for `css` CSS pixels.
    pub fn px(&self, css: f64) -> f64 {
        css * self.scale
    }

    /// A size in whole device pixels (at least 1).
    pub fn px_u(&self, css: f64) -> u32 {
        self.px(css).round().max(1.0) as u32
    }

    /// Line width in device pixels.
    pub fn line(&self) -> u32 {
        self.px_u(self.line_px)
    }

    /// Text `rel` times the base size, in the foreground colour.
    pub fn text(&self, rel: f64) -> TextStyle<'static> {
        self.text_in(rel, self.foreground)
    }

    pub fn text_in(&self, rel: f64, colour: RGBColor) -> TextStyle<'static> {
        let font = FontDesc::new(
            FontFamily::SansSerif,
            self.px(self.font_px * rel),
            FontStyle::Normal,
        );
        let mut style = TextStyle::from(font);
        style.color = colour.to_backend_color();
        style
    }

    /// The colour of layer `l` (0-based) of `layers`: Okabe–Ito for up to seven
    /// layers; beyond that a dark-to-light ramp from input to output, so depth
    /// reads as lightness.
    pub fn layer_colour(&self, l: usize, layers: usize) -> RGBColor {
        if layers <= OKABE_ITO.len() {
            return OKABE_ITO[l % OKABE_ITO.len()];
        }
        // cividis-like ramp (dark blue → olive → yellow-brown), readable on white.
        let stops = [
            (0.0, (0, 34, 78)),
            (0.35, (72, 84, 140)),
            (0.65, (124, 123, 120)),
            (1.0, (190, 160, 40)),
        ];
        let t = l as f64 / (layers - 1).max(1) as f64;
        let i = stops
            .iter()
            .rposition(|s| s.0 <= t)
            .unwrap_or(0)
            .min(stops.len() - 2);
        let (t0, a) = stops[i];
        let (t1, b) = stops[i + 1];
        let f = ((t - t0) / (t1 - t0)).clamp(0.0, 1.0);
        let mix = |x: u8, y: u8| (f64::from(x) + f * (f64::from(y) - f64::from(x))).round() as u8;
        RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The colour of class `c` in the model view.
    pub fn class_colour(&self, c: usize) -> RGBColor {
        [OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[3]][c % 4]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projector_type_is_larger_and_lines_thicker() {
        let (d, p) = (
            Theme::new(ThemeKind::Default, 1.0),
            Theme::new(ThemeKind::Projector, 1.0),
        );
        assert!(p.font_px >= 1.5 * d.font_px);
        assert!(p.line() >= 2 * d.line());
        assert_eq!(Theme::new(ThemeKind::Default, 2.0).line(), 2 * d.line());
        assert_eq!(Theme::new(ThemeKind::Default, f64::NAN).scale, 1.0);
    }

    #[test]
    fn layer_colours_are_distinct() {
        let t = Theme::new(ThemeKind::Default, 1.0);
        for layers in [1, 2, 7, 8, 11] {
            let c: Vec<_> = (0..layers).map(|l| t.layer_colour(l, layers)).collect();
            for i in 0..layers {
                for j in 0..i {
                    assert_ne!(c[i], c[j], "{layers} layers: {i} and {j}");
                }
            }
        }
    }

    #[test]
    fn words_round_trip() {
        for k in [ThemeKind::Default, ThemeKind::Projector] {
            assert_eq!(ThemeKind::from_word(k.word()), Some(k));
        }
        assert_eq!(ThemeKind::from_word("neon"), None);
    }
}
