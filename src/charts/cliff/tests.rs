//! The cliff's tests: what each view, the colour bar and the gradient-norm
//! strip draw, that the layout [`super::locate`] uses matches the drawing,
//! the CSV, pooling, clipping segments to the window and the number formats.

use std::collections::HashMap;

use plotters::prelude::*;

use super::super::axis::test_support::{font_sizes, texts};
use super::arrows::ipt;
use super::heat_map::{level_colour, pool, Scale};
use super::labels::{fmt_coord, fmt_num};
use super::layout::{layout, legend, Layout, Rect, Window};
use super::*;
use crate::charts::axis::{header, header_height, pow10_label, pxi, PAD};
use crate::charts::theme::viridis;
use crate::charts::ThemeKind;
use crate::scenes::cliff::config::CliffConfig;
use crate::scenes::cliff::surface::Surface;

const SIZE: (u32, u32) = (1600, 900);

fn replay_at(shown: usize) -> Replay {
    let mut r = Replay::new(CliffConfig {
        grid: 41,
        ..CliffConfig::default()
    });
    r.shown = shown.min(r.len());
    r
}

fn full() -> Replay {
    replay_at(usize::MAX)
}

fn default_theme() -> Theme {
    Theme::new(ThemeKind::Default, 1.0)
}

fn svg(r: &Replay, theme: &Theme, (w, h): (u32, u32)) -> String {
    to_svg(r, theme, w, h).expect("draws")
}

/// The attributes of every `<name …>` element of `svg`.
fn tags<'a>(svg: &'a str, name: &str) -> Vec<HashMap<&'a str, &'a str>> {
    svg.split(&format!("<{name} "))
        .skip(1)
        .map(|t| {
            let t = t.split('>').next().unwrap_or("");
            t.split('"')
                .collect::<Vec<_>>()
                .chunks(2)
                .filter_map(|kv| match kv {
                    [k, v] => Some((k.trim().trim_end_matches('='), *v)),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn num(tag: &HashMap<&str, &str>, key: &str) -> f64 {
    tag.get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn inside(r: Rect, x: f64, y: f64) -> bool {
    x >= f64::from(r.x0) && x <= f64::from(r.x1) && y >= f64::from(r.y0) && y <= f64::from(r.y1)
}

/// Rectangles filled in `colour` with their top left inside `r`.
fn rects_in(svg: &str, colour: RGBColor, r: Rect) -> usize {
    tags(svg, "rect")
        .iter()
        .filter(|t| t.get("fill") == Some(&hex(colour).as_str()))
        .filter(|t| inside(r, num(t, "x"), num(t, "y")))
        .count()
}

/// Circles filled in `colour` centred inside `r`.
fn dots_in(svg: &str, colour: RGBColor, r: Rect) -> usize {
    tags(svg, "circle")
        .iter()
        .filter(|t| t.get("fill") == Some(&hex(colour).as_str()))
        .filter(|t| inside(r, num(t, "cx"), num(t, "cy")))
        .count()
}

fn views(r: &Replay, theme: &Theme, size: (u32, u32)) -> Layout {
    layout(size, theme, r).expect("room for the views")
}

/// The default run with its unclipped walk cut at step `k` by a NaN.
fn diverged(k: usize) -> Replay {
    let mut r = full();
    let walk = &mut r.runs.unclipped;
    walk.points.truncate(k + 1);
    let p = walk.points.last_mut().expect("point");
    p.loss = f64::NAN;
    p.grad = [f64::NAN, f64::INFINITY];
    p.grad_norm = f64::NAN;
    p.applied = p.grad;
    walk.diverged = Some(k);
    r
}

#[test]
fn draws_both_views_the_threshold_the_wall_and_the_colour_scale() {
    let r = full();
    let t = texts(&svg(&r, &default_theme(), SIZE));
    for want in [
        TITLE,
        WITHOUT,
        &with_title(0.1),
        "wall",
        "loss",
        NORMS_TITLE,
    ] {
        assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
    }
    assert_eq!(with_title(0.1), "with clipping (‖g‖ ≤ 0.1)");
    // The threshold is named on one line or, where room is short, two.
    let one = t.iter().any(|x| x == "threshold 0.1");
    let two = t.windows(2).any(|w| w[0] == "threshold" && w[1] == "0.1");
    assert!(one || two, "{t:?}");
    // The colour bar runs from 10⁻⁶ (the preset's valley reaches 1.7e-7) to 10⁻¹.
    for e in -6..=-1 {
        assert!(t.contains(&pow10_label(e)), "{e}: {t:?}");
    }
    for axis in ["w", "b"] {
        assert!(t.iter().any(|x| x == axis), "{axis}: {t:?}");
    }
}

#[test]
fn the_full_run_shows_the_jump_off_the_plot_and_where_clipping_acted() {
    let r = full();
    let theme = default_theme();
    let out = svg(&r, &theme, SIZE);
    let t = texts(&out);
    // The unclipped run leaves through the top at step 23 and lands at (9.26, 5.18).
    assert!(t.iter().any(|x| x == "→ (9.3, 5.2)"), "{t:?}");
    assert!(t.iter().any(|x| x == "longest step 8.93"), "{t:?}");
    assert!(t.iter().any(|x| x == "longest step 0.2"), "{t:?}");
    let l = views(&r, &theme, SIZE);
    let [left, right] = l.views;
    let acted = r.runs.clipped.points[..r.shown]
        .iter()
        .filter(|p| p.clipped)
        .count();
    assert!(acted > 100);
    // One marker per clipped step (some may sit on the window's edge).
    let markers = rects_in(&out, theme.alarm, right);
    assert!(markers > 100 && markers <= acted, "{markers} of {acted}");
    assert_eq!(rects_in(&out, theme.alarm, left), 0);
    // The unclipped run's points up to the jump, each a dot on the path.
    let before_jump = r
        .runs
        .unclipped
        .points
        .iter()
        .take_while(|p| p.b < 1.0)
        .count();
    assert_eq!(before_jump, 23);
    assert_eq!(dots_in(&out, UNCLIPPED, left), before_jump);
    assert!(!t.iter().any(|x| x.contains("non-finite")));
}

#[test]
fn before_any_step_only_the_starts_are_drawn() {
    let theme = default_theme();
    let r = replay_at(0);
    let out = svg(&r, &theme, SIZE);
    let t = texts(&out);
    assert!(
        !t.iter().any(|x| x.starts_with("→") || x.starts_with("lr·")),
        "{t:?}"
    );
    assert!(!t.iter().any(|x| x.starts_with("longest step")), "{t:?}");
    let l = views(&r, &theme, SIZE);
    let win = Window::of(&r);
    for (v, colour) in l.views.into_iter().zip([UNCLIPPED, CLIPPED]) {
        assert_eq!(rects_in(&out, theme.alarm, v), 0);
        // The start's dot and the current point (the same) — nothing else.
        assert_eq!(dots_in(&out, colour, v), 2);
        let (x, y) = ipt(win.pixel(v, (6.0, -3.0)));
        let ring = tags(&out, "circle").into_iter().any(|c| {
            c.get("fill") == Some(&"none")
                && c.get("stroke") == Some(&hex(theme.foreground).as_str())
                && (num(&c, "cx"), num(&c, "cy")) == (f64::from(x), f64::from(y))
        });
        assert!(ring, "no start ring at {x},{y}");
    }
    // Five steps later the paths have grown by five points each: dots,
    // and on the right squares where clipping acted (on steps 1 and 3).
    let r5 = replay_at(5);
    let out5 = svg(&r5, &theme, SIZE);
    assert_eq!(dots_in(&out5, UNCLIPPED, l.views[0]), 7);
    assert_eq!(dots_in(&out5, CLIPPED, l.views[1]), 5);
    assert_eq!(rects_in(&out5, theme.alarm, l.views[1]), 2);
}

#[test]
fn the_raw_step_is_cut_at_the_edge_and_labelled_with_its_length() {
    // Step 22 of the unclipped run is the jump: 8.93 long, off the top.
    let r = replay_at(22);
    let t = texts(&svg(&r, &default_theme(), SIZE));
    let p = r.runs.unclipped.points[22];
    let len = r.config.lr * p.grad_norm;
    assert!((len - 8.93).abs() < 0.01, "{len}");
    assert!(t.iter().any(|x| x == "lr·‖g‖ = 8.93"), "{t:?}");
    assert!(
        !t.iter().any(|x| x.starts_with("→ (")),
        "not jumped yet: {t:?}"
    );
}

#[test]
fn a_run_that_went_non_finite_is_marked_in_the_alarm_colour() {
    let theme = default_theme();
    let mut r = diverged(30);
    assert_eq!(r.len(), 200, "the clipped run goes on");
    let out = svg(&r, &theme, SIZE);
    let t = texts(&out);
    assert!(t.iter().any(|x| x == "non-finite at step 30"), "{t:?}");
    assert!(
        t.iter()
            .any(|x| x == "without clipping: non-finite at step 30"),
        "{t:?}"
    );
    assert!(out.contains(&format!("fill=\"{}\"", hex(theme.alarm))));
    r.shown = 29;
    let t = texts(&svg(&r, &theme, SIZE));
    assert!(!t.iter().any(|x| x.contains("non-finite")), "{t:?}");
    // A walk stopped at step 1 with every value non-finite, and an empty one.
    let mut r = diverged(1);
    let p = &mut r.runs.unclipped.points[1];
    (p.w, p.b) = (f64::NAN, f64::INFINITY);
    draws_everywhere(&r);
    r.runs.unclipped.points.clear();
    draws_everywhere(&r);
}

fn draws_everywhere(r: &Replay) {
    for kind in [ThemeKind::Default, ThemeKind::Projector] {
        for scale in [1.0, 2.0] {
            let theme = Theme::new(kind, scale);
            let size = ((1600.0 * scale) as u32, (900.0 * scale) as u32);
            let t = texts(&svg(r, &theme, size));
            assert!(t.iter().any(|x| x == WITHOUT), "{kind:?} {scale}");
            svg(r, &theme, (640, 360));
        }
    }
    for size in [(1, 1), (60, 40), (200, 150), (400, 900), (1600, 200)] {
        svg(r, &default_theme(), size);
        svg(r, &Theme::new(ThemeKind::Projector, 2.0), size);
    }
}

#[test]
fn draws_in_both_themes_at_any_scale_and_size_and_its_text_scales() {
    for shown in [0, 5, 22, 23, usize::MAX] {
        draws_everywhere(&replay_at(shown));
    }
    let r = replay_at(40);
    for kind in [ThemeKind::Default, ThemeKind::Projector] {
        let at = |scale: f64| {
            let size = ((1600.0 * scale) as u32, (900.0 * scale) as u32);
            font_sizes(&svg(&r, &Theme::new(kind, scale), size))
        };
        let (one, two) = (at(1.0), at(2.0));
        assert!(!one.is_empty());
        assert_eq!(one.len(), two.len(), "{kind:?}");
        for (a, b) in one.iter().zip(&two) {
            assert!((b - 2.0 * a).abs() < 1e-9, "{kind:?}: {a} → {b}");
        }
    }
    // Other windows and settings: a window without the wall, a long T.
    for (key, value) in [
        ("w_max", "4"),
        ("t", "60"),
        ("b_min", "0.5"),
        ("momentum", "0.9"),
    ] {
        let mut r = full();
        r.set(key, value).expect("valid");
        r.shown = r.len();
        draws_everywhere(&r);
    }
}

#[test]
fn locate_maps_the_plots_and_nothing_else() {
    let r = full();
    let win = Window::of(&r);
    let (dw, db) = (win.w.1 - win.w.0, win.b.1 - win.b.0);
    for (theme, size) in [
        (default_theme(), SIZE),
        (Theme::new(ThemeKind::Projector, 2.0), (1920, 1080)),
        (default_theme(), (700, 900)),
    ] {
        let l = views(&r, &theme, size);
        for v in l.views {
            // A pixel's worth of w and of b.
            let (ew, eb) = (dw / f64::from(v.width()), db / f64::from(v.height()));
            let at = |x: i32, y: i32| {
                locate(size, &theme, &r, f64::from(x), f64::from(y)).expect("inside")
            };
            let mid = locate(
                size,
                &theme,
                &r,
                f64::from(v.x0 + v.x1) / 2.0,
                f64::from(v.y0 + v.y1) / 2.0,
            )
            .expect("inside");
            assert!((mid.0 - (win.w.0 + win.w.1) / 2.0).abs() < 1e-9, "{mid:?}");
            assert!((mid.1 - (win.b.0 + win.b.1) / 2.0).abs() < 1e-9, "{mid:?}");
            let (tl, br) = (at(v.x0, v.y0), at(v.x1, v.y1));
            assert!((tl.0 - win.w.0).abs() <= ew && (tl.1 - win.b.1).abs() <= eb);
            assert!((br.0 - win.w.1).abs() <= ew && (br.1 - win.b.0).abs() <= eb);
            // Where a point is drawn is where a click finds it.
            let (x, y) = ipt(win.pixel(v, (6.0, -3.0)));
            let back = at(x, y);
            assert!((back.0 - 6.0).abs() <= ew && (back.1 + 3.0).abs() <= eb);
            // Just outside the plot: nothing.
            let out = |x: i32, y: i32| locate(size, &theme, &r, f64::from(x), f64::from(y));
            assert_eq!(out(v.x0 - 2, v.y0 + 5), None);
            assert_eq!(out(v.x1 + 2, v.y1 - 5), None);
            assert_eq!(out(v.x0 + 5, v.y1 + 2), None);
        }
        let pad = pxi(&theme, PAD);
        assert_eq!(
            locate(size, &theme, &r, f64::from(pad + 2), f64::from(pad + 2)),
            None
        );
        let n = l.norms.expect("room for the norms");
        let (cx, cy) = ((n.x0 + n.x1) / 2, (n.y0 + n.y1) / 2);
        assert_eq!(locate(size, &theme, &r, f64::from(cx), f64::from(cy)), None);
    }
    assert_eq!(locate((50, 40), &default_theme(), &r, 25.0, 20.0), None);
}

#[test]
fn the_layout_matches_what_is_drawn() {
    // The header's height found without drawing is where it ends.
    for kind in [ThemeKind::Default, ThemeKind::Projector] {
        let theme = Theme::new(kind, 1.0);
        let items = legend(&theme);
        for width in [200, 500, 900, 1300, 1600, 2400] {
            let mut out = String::new();
            let drawn = {
                let root = SVGBackend::with_string(&mut out, (width, 300)).into_drawing_area();
                header(&root, &theme, TITLE, &items).expect("draws")
            };
            assert_eq!(
                header_height(&theme, width, TITLE, &items),
                drawn,
                "{kind:?} {width}"
            );
        }
    }
    // The heat map fills each plot exactly (the chart itself is checked by
    // a debug assertion in draw_view).
    let r = full();
    let theme = default_theme();
    let out = svg(&r, &theme, SIZE);
    let l = views(&r, &theme, SIZE);
    let rects = tags(&out, "rect");
    for v in l.views {
        let cells: Vec<_> = rects
            .iter()
            .filter(|t| inside(v, num(t, "x"), num(t, "y")))
            .filter(|t| t.get("stroke") == Some(&"none"))
            .collect();
        let area: f64 = cells
            .iter()
            .filter(|t| {
                let f = t.get("fill").copied().unwrap_or("");
                (0..LEVELS).any(|k| hex(level_colour(k)) == f)
            })
            .map(|t| num(t, "width") * num(t, "height"))
            .sum();
        assert_eq!(area, f64::from(v.width() * v.height()));
        // Far fewer rectangles than cells: equal neighbours merge.
        assert!(cells.len() < 40 * 40, "{}", cells.len());
    }
}

#[test]
fn the_surface_csv_has_a_row_per_grid_point() {
    assert_eq!(surface_csv(&full()).lines().count(), 41 * 41 + 1);
}

#[test]
fn pooling_keeps_a_valley_thinner_than_a_cell() {
    let s = Surface::sample((0.0, 1.0), (0.0, 1.0), 21, |w, b| {
        let loss = if (w - 0.35).abs() < 1e-9 && (b - 0.6).abs() < 1e-9 {
            1e-7
        } else if w > 0.95 && b > 0.95 {
            f64::NAN
        } else {
            0.49
        };
        (loss, [0.0, 0.0])
    });
    let scale = Scale::of(&s);
    assert_eq!((scale.lo, scale.hi), (-6.0, 0.49f64.log10()));
    let (mx, my, levels) = pool(&s, (4, 4), &scale);
    assert_eq!((mx, my), (4, 4));
    // (0.35, 0.6) falls in column 1, row 2.
    assert_eq!(levels[2 * 4 + 1], Some(0));
    assert_eq!(levels.iter().filter(|l| **l == Some(0)).count(), 1);
    assert_eq!(
        levels
            .iter()
            .filter(|l| **l == Some(LEVELS as u16 - 1))
            .count(),
        15
    );
    // The top right cell holds (1, 1), whose loss is NaN, and finite neighbours.
    assert_eq!(levels[15], Some(LEVELS as u16 - 1));
    // Never more cells than the grid has intervals.
    assert_eq!(pool(&s, (80, 80), &scale).0, 20);
    // All NaN: no colour.
    let nan = Surface::sample((0.0, 1.0), (0.0, 1.0), 3, |_, _| (f64::NAN, [0.0, 0.0]));
    assert!(pool(&nan, (2, 2), &Scale::of(&nan))
        .2
        .iter()
        .all(Option::is_none));
    assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
    assert_eq!(viridis(1.0), RGBColor(254, 232, 37));
    assert_eq!(viridis(f64::NAN), viridis(0.0));
}

#[test]
fn segments_are_cut_at_the_window() {
    let win = Window {
        w: (0.0, 10.0),
        b: (0.0, 10.0),
    };
    assert_eq!(win.clip((5.0, 5.0), (5.0, 20.0)), Some((0.0, 1.0 / 3.0)));
    assert_eq!(win.clip((-5.0, 5.0), (15.0, 5.0)), Some((0.25, 0.75)));
    assert_eq!(win.clip((-5.0, -5.0), (-1.0, 20.0)), None);
    let (_, t1) = win.clip((5.0, 5.0), (5.0, 1e300)).expect("exits");
    assert!(t1 > 0.0 && 5.0 + t1 * 1e100 <= 10.0 + 1e-6);
    assert_eq!(win.clip((5.0, 5.0), (f64::NAN, 1.0)), None);
    let r = Rect {
        x0: 100,
        y0: 50,
        x1: 300,
        y1: 250,
    };
    assert_eq!(win.pixel(r, (0.0, 0.0)), (100.0, 250.0));
    assert_eq!(win.pixel(r, (10.0, 10.0)), (300.0, 50.0));
    assert_eq!(win.data_at(r, (200.0, 150.0)), (5.0, 5.0));
}

#[test]
fn numbers_read_short() {
    assert_eq!(fmt_num(8.933), "8.93");
    assert_eq!(fmt_num(0.2), "0.2");
    assert_eq!(fmt_num(0.1 + 0.2), "0.3");
    assert_eq!(fmt_num(0.0), "0");
    assert_eq!(fmt_num(123.4), "123");
    assert_eq!(fmt_num(3.1e7), "3.1e7");
    assert_eq!(fmt_num(f64::INFINITY), "inf");
    assert_eq!(fmt_coord(9.2639), "9.3");
    assert_eq!(fmt_coord(-0.04), "-0.0");
    assert_eq!(fmt_coord(f64::NAN), "nan");
}
