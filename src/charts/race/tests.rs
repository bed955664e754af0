//! The race figures' tests: every figure draws for every surface in every
//! theme, their text fits, locate inverts the drawing, and what each figure
//! must say it says.

use plotters::prelude::RGBColor;

use super::*;
use crate::charts::axis::test_support::{text_boxes, text_problems};
use crate::charts::{svg_of, ThemeKind};
use crate::engine::words::Vocabulary;
use crate::scenes::race::config::RaceConfig;
use crate::scenes::race::surface::SurfaceKind;

/// The four figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fig {
    Plane,
    Loss,
    Rates,
    Score,
}

pub(super) const FIGS: [Fig; 4] = [Fig::Plane, Fig::Loss, Fig::Rates, Fig::Score];

impl Fig {
    pub(super) fn word(self) -> &'static str {
        match self {
            Fig::Plane => "plane",
            Fig::Loss => "loss",
            Fig::Rates => "rates",
            Fig::Score => "score",
        }
    }
}

pub(super) fn svg(fig: Fig, r: &Replay, theme: &Theme, size: (u32, u32)) -> String {
    svg_of(size, |root| match fig {
        Fig::Plane => draw_plane(root, r, theme),
        Fig::Loss => draw_loss(root, r, theme),
        Fig::Rates => draw_rates(root, r, theme),
        Fig::Score => draw_score(root, r, theme),
    })
    .expect("draws")
}

/// The race on `kind` with a coarse grid, half way.
pub(super) fn half_way(kind: SurfaceKind) -> Replay {
    let mut r = Replay::new(RaceConfig {
        grid: 41,
        ..RaceConfig::on(kind)
    });
    let half = r.len() / 2;
    r.advance(half);
    r
}

pub(super) fn themes() -> [Theme; 3] {
    [
        Theme::new(ThemeKind::Default, 1.0),
        Theme::new(ThemeKind::Projector, 1.0),
        Theme::new(ThemeKind::Default, 2.0),
    ]
}

#[test]
fn every_figure_draws_every_surface_in_every_theme_and_its_text_fits() {
    let mut problems = Vec::new();
    for kind in SurfaceKind::values() {
        let r = half_way(kind);
        for theme in themes() {
            let k = theme.scale as u32;
            for fig in FIGS {
                let sizes: &[(u32, u32)] = match fig {
                    Fig::Plane => &[(800, 600), (520, 400), (1280, 720)],
                    _ => &[(800, 600), (1280, 720)],
                };
                for &(w, h) in sizes {
                    let size = (w * k, h * k);
                    let out = svg(fig, &r, &theme, size);
                    let what = format!("{kind} {:?} {}× {fig:?} {size:?}", theme.kind, theme.scale);
                    assert!(!text_boxes(&out).is_empty(), "{what}: no text");
                    problems.extend(
                        text_problems(&out, size)
                            .into_iter()
                            .map(|p| format!("{what}: {p}")),
                    );
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The race on `kind` with `words` set, on a coarse grid, at step `shown`.
pub(super) fn race(kind: SurfaceKind, words: &[(&str, &str)], shown: usize) -> Replay {
    use crate::engine::settings::Settings;
    let mut c = RaceConfig {
        grid: 41,
        ..RaceConfig::on(kind)
    };
    for (k, v) in words {
        c.set(k, v).expect("a setting");
    }
    let mut r = Replay::new(c.validate().expect("valid").into_inner());
    r.show(shown);
    r
}

pub(super) fn light() -> Theme {
    Theme::new(ThemeKind::Default, 1.0)
}

pub(super) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

#[test]
fn draws_at_the_start_the_end_any_size_and_with_laps_cut_short() {
    let mut r = half_way(SurfaceKind::Rosenbrock);
    let sizes = [(1, 1), (60, 40), (200, 150), (400, 900), (1600, 200)];
    for shown in [0, 1, r.len()] {
        r.show(shown);
        for fig in FIGS {
            for &size in &sizes {
                svg(fig, &r, &light(), size);
                svg(fig, &r, &Theme::new(ThemeKind::Projector, 2.0), size);
            }
        }
    }
    // A lap with no steps, one with no points at all, and no laps.
    r.race.laps[0].steps.clear();
    r.race.laps[0].points.truncate(1);
    r.race.laps[1].points.clear();
    r.race.laps[1].steps.clear();
    for fig in FIGS {
        svg(fig, &r, &light(), (800, 600));
    }
    r.race.laps.clear();
    for fig in FIGS {
        svg(fig, &r, &light(), (800, 600));
    }
}

#[test]
fn text_scales_with_the_theme() {
    let r = half_way(SurfaceKind::Himmelblau);
    for fig in FIGS {
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            let at = |scale: f64| {
                let size = ((800.0 * scale) as u32, (600.0 * scale) as u32);
                crate::charts::axis::test_support::font_sizes(&svg(
                    fig,
                    &r,
                    &Theme::new(kind, scale),
                    size,
                ))
            };
            let (one, two) = (at(1.0), at(2.0));
            assert!(!one.is_empty());
            assert_eq!(one.len(), two.len(), "{fig:?} {kind:?}");
            for (a, b) in one.iter().zip(&two) {
                assert!((b - 2.0 * a).abs() < 1e-9, "{fig:?} {kind:?}: {a} → {b}");
            }
        }
    }
}

#[test]
fn locate_inverts_the_drawing() {
    for kind in SurfaceKind::values() {
        let r = half_way(kind);
        let win = layout::window(&r);
        for theme in themes() {
            let k = theme.scale as u32;
            for (w, h) in [(800, 600), (520, 400), (1280, 720)] {
                let size = (w * k, h * k);
                let plot = layout::layout(size, &theme, &r).expect("room").plot;
                let worth = (
                    (win.w.1 - win.w.0) / f64::from(plot.width() - 1),
                    (win.b.1 - win.b.0) / f64::from(plot.height() - 1),
                );
                let at = |px: f64, py: f64| locate(size, &theme, &r, px, py);
                // The start ring is drawn where a click finds the start.
                let start = (r.config.start.x, r.config.start.y);
                let (x, y) = win.pixel(plot, start);
                let (x, y) = (x.round(), y.round());
                let ring = format!("cx=\"{x}\" cy=\"{y}\"");
                assert!(
                    svg(Fig::Plane, &r, &theme, size).contains(&ring),
                    "{kind}: no ring at {ring}"
                );
                let back = at(x, y).expect("on the plot");
                assert!(
                    (back.0 - start.0).abs() <= worth.0 && (back.1 - start.1).abs() <= worth.1,
                    "{kind} {size:?}: {back:?} for {start:?}"
                );
                // The plot's corners are the window's; just outside it, nothing.
                let (x0, y0, x1, y1) = (plot.x0, plot.y0, plot.x1, plot.y1).map4(f64::from);
                assert_eq!(at(x0, y1), Some((win.w.0, win.b.0)));
                assert_eq!(at(x1, y0), Some((win.w.1, win.b.1)));
                for (px, py) in [
                    (x0 - 2.0, y0 + 5.0),
                    (x1 + 2.0, y1 - 5.0),
                    (x0 + 5.0, y1 + 2.0),
                    (x1 - 5.0, y0 - 2.0),
                ] {
                    assert_eq!(at(px, py), None, "{kind} {size:?} ({px}, {py})");
                }
            }
        }
    }
    let r = half_way(SurfaceKind::Saddle);
    assert_eq!(locate((50, 40), &light(), &r, 25.0, 20.0), None);
}

trait Map4 {
    fn map4(self, f: impl Fn(i32) -> f64) -> (f64, f64, f64, f64);
}

impl Map4 for (i32, i32, i32, i32) {
    fn map4(self, f: impl Fn(i32) -> f64) -> (f64, f64, f64, f64) {
        (f(self.0), f(self.1), f(self.2), f(self.3))
    }
}
