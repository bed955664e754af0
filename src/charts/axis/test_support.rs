//! Real runs for the panels' tests.

use crate::charts::{to_svg, Options, Panel, Theme, ThemeKind, View};
use crate::engine::settings::Settings;
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
    let config = config.validate().expect("valid");
    let mut run = Run::new(&config);
    let mut h = History::new(run.config().hidden.len() + 1);
    for _ in 0..steps {
        let r = run.step();
        let stop = r.diverged.is_some() || r.stopped.is_some();
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
            lr: 0.01,
            stopped: None,
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
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
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

/// A `<text>` element's box as the charts' layout estimates it, in device
/// pixels: the same em widths and line height that placed it.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBox {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The boxes of every non-empty `<text>` of `svg` (plotters writes the type
/// size divided by 1.24, and says the anchor with text-anchor and dy).
pub fn text_boxes(svg: &str) -> Vec<TextBox> {
    let attr = |tag: &str, key: &str| -> Option<String> {
        let at = tag.find(&format!(" {key}=\""))? + key.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    let mut out = Vec::new();
    for t in svg.split("<text").skip(1) {
        let Some((tag, rest)) = t.split_once('>') else {
            continue;
        };
        let text = texts(&format!("<text{tag}>{rest}"))
            .pop()
            .unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let num = |k: &str| attr(tag, k).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y), Some(size)) = (num("x"), num("y"), num("font-size")) else {
            continue;
        };
        let px = size * 1.24;
        let (w, lh) = (super::text_ems(&text) * px, 1.3 * px);
        let (u0, u1) = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => (-w / 2.0, w / 2.0),
            Some("end") => (-w, 0.0),
            _ => (0.0, w),
        };
        let (v0, v1) = match attr(tag, "dy").as_deref() {
            Some("0.76em") => (0.0, lh),
            Some("-0.5ex") => (-lh, 0.0),
            _ => (-lh / 2.0, lh / 2.0),
        };
        let transform = attr(tag, "transform").unwrap_or_default();
        let (x0, y0, x1, y1) = if transform.starts_with("rotate(270") {
            (x + v0, y - u1, x + v1, y - u0)
        } else if transform.starts_with("rotate(90") {
            (x - v1, y + u0, x - v0, y + u1)
        } else {
            (x + u0, y + v0, x + u1, y + v1)
        };
        out.push(TextBox {
            text,
            x0,
            y0,
            x1,
            y1,
        });
    }
    out
}

/// What is wrong with the text of `svg` on its `(w, h)` pixels: texts that
/// leave the figure, and pairs that overlap by more than a pixel either way.
pub fn text_problems(svg: &str, (w, h): (u32, u32)) -> Vec<String> {
    let boxes = text_boxes(svg);
    let (w, h) = (f64::from(w), f64::from(h));
    let mut out = Vec::new();
    for b in &boxes {
        if !(b.x0 >= -0.5 && b.y0 >= -0.5 && b.x1 <= w + 0.5 && b.y1 <= h + 0.5) {
            out.push(format!("'{}' leaves the {w}×{h} figure: {b:?}", b.text));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[..i] {
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            if across > 1.0 && down > 1.0 {
                out.push(format!(
                    "'{}' and '{}' overlap: {a:?} {b:?}",
                    a.text, b.text
                ));
            }
        }
    }
    out
}
