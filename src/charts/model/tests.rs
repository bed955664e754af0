//! The model panel's tests: decision regions and their tint, the regression
//! plot, the digits gallery, the notes when there is nothing to draw, and
//! the CSV.

use super::super::axis::test_support::*;
use super::*;
use crate::charts::Options;
use crate::scenes::network::history::History;
use crate::scenes::network::snapshot::{Snapshot, GRID};

fn view<'a>(h: &'a History, s: Option<&'a Snapshot>) -> View<'a> {
    View {
        history: h,
        snapshot: s,
        options: Default::default(),
    }
}

#[test]
fn regions_draw_every_cell_and_every_point() {
    let (h, s) = trained("e2-shallow-tanh", 60);
    let ModelView::Regions { train, test, .. } = &s.model else {
        panic!("{:?}", s.model)
    };
    let svg = svg(Panel::Model, &h, Some(&s), &default_theme());
    // The background, the cells (a run of one colour per rectangle, at least one per
    // row) and the legend's class blocks.
    let rects = svg.matches("<rect").count();
    assert!(rects > GRID && rects < GRID * GRID, "{rects} rectangles");
    // Train points twice (fill and outline), test points once.
    let circles = svg.matches("<circle").count();
    assert!(circles >= 2 * train.len() + test.len(), "{circles}");
    let t = texts(&svg);
    for want in ["Model", "class 0", "class 1", "train", "test", "x1", "x2"] {
        assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
    }
}

#[test]
fn cells_fade_to_the_background_at_chance() {
    let t = default_theme();
    assert_eq!(cell_colour(&t, 0, 0.5, 2), t.background);
    assert_eq!(cell_colour(&t, 1, 1.0 / 3.0, 3), t.background);
    assert_eq!(cell_colour(&t, 1, f64::NAN, 2), t.background);
    let full = cell_colour(&t, 0, 1.0, 2);
    let c = t.class_colour(0);
    // 45% of the way from white to the class colour.
    let expect = |b: u8, f: u8| (f64::from(b) + 0.45 * (f64::from(f) - f64::from(b))).round() as u8;
    assert_eq!(
        full,
        RGBColor(expect(255, c.0), expect(255, c.1), expect(255, c.2))
    );
}

#[test]
fn regression_plots_predicted_against_actual_and_counts_skips() {
    let (h, mut s) = trained("e1-clipnorm", 40);
    let ModelView::Regression { pairs } = &s.model else {
        panic!("{:?}", s.model)
    };
    let total = pairs.len();
    let svg1 = svg(Panel::Model, &h, Some(&s), &default_theme());
    let t = texts(&svg1);
    for want in ["actual", "predicted", "y = x (perfect)"] {
        assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
    }
    assert!(svg1.matches("<circle").count() >= total);
    if let ModelView::Regression { pairs } = &mut s.model {
        pairs[0].1 = f64::NAN;
        pairs[1].0 = f64::INFINITY;
    }
    let t = texts(&svg(Panel::Model, &h, Some(&s), &default_theme()));
    assert!(
        t.contains(&format!("2 of {total} skipped (not finite)")),
        "{t:?}"
    );
    let text = csv(&view(&h, Some(&s)));
    assert!(text.starts_with("actual,predicted\n"));
    assert_eq!(text.lines().count(), total + 1);
    assert!(text.contains(",nan\n"));
    if let ModelView::Regression { pairs } = &mut s.model {
        pairs.iter_mut().for_each(|p| p.1 = f64::NAN);
    }
    let t = texts(&svg(Panel::Model, &h, Some(&s), &default_theme()));
    assert!(t.iter().any(|x| x == "no finite predictions"), "{t:?}");
}

#[test]
fn diverged_regression_still_draws() {
    let (h, s) = trained("e1-no-clip", 500);
    assert!(h.diverged.is_some());
    draws_everywhere(Panel::Model, &h, Some(&s));
}

#[test]
fn unavailable_and_missing_snapshots_say_so() {
    let h = History::new(2);
    let t = texts(&svg(Panel::Model, &h, None, &default_theme()));
    assert!(
        t.iter().any(|x| x == "press step to see the model"),
        "{t:?}"
    );
    draws_everywhere(Panel::Model, &h, None);
    assert_eq!(csv(&view(&h, None)), "");
    let (_, mut s) = trained("e2-shallow-tanh", 1);
    s.model = ModelView::Unavailable("decision regions need two inputs".into());
    let t = texts(&svg(Panel::Model, &h, Some(&s), &default_theme()));
    assert!(t.iter().any(|x| x == "decision regions need two inputs"));
    assert_eq!(csv(&view(&h, Some(&s))), "");
}

#[test]
fn csv_lists_every_cell_at_its_centre() {
    let (h, s) = trained("e3-relu", 3);
    let ModelView::Regions { x, y, n, cells, .. } = &s.model else {
        panic!()
    };
    let text = csv(&view(&h, Some(&s)));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "x,y,class,probability");
    assert_eq!(lines.len(), n * n + 1);
    let first: Vec<f64> = lines[1].split(',').map(|v| v.parse().unwrap()).collect();
    let (dx, dy) = ((x.1 - x.0) / *n as f64, (y.1 - y.0) / *n as f64);
    assert!((first[0] - (x.0 + dx / 2.0)).abs() < 1e-12);
    assert!((first[1] - (y.0 + dy / 2.0)).abs() < 1e-12);
    assert_eq!(first[2] as usize, cells[0].0);
    assert_eq!(first[3], cells[0].1);
}

#[test]
fn odd_regions_never_panic() {
    let (h, mut s) = trained("e3-relu", 2);
    draws_everywhere(Panel::Model, &h, Some(&s));
    if let ModelView::Regions {
        x, cells, train, ..
    } = &mut s.model
    {
        *x = (f64::NAN, f64::INFINITY);
        cells.truncate(5);
        train.push((f64::NAN, 1.0, 7));
    }
    draws_everywhere(Panel::Model, &h, Some(&s));
}

#[test]
fn digits_show_test_images_with_the_answer_and_the_wrong_ones_marked() {
    let (h, snap) = trained("e4-digits-sigmoid", 13 * 40);
    let ModelView::Images { side, images } = &snap.model else {
        panic!("digits give images, not {:?}", snap.model);
    };
    assert_eq!(
        (*side, images.len()),
        (8, crate::scenes::network::snapshot::IMAGES_SHOWN)
    );
    for i in images {
        assert_eq!(i.pixels.len(), 64);
        assert!(i.label < 10 && i.predicted < 10);
        assert!(
            i.probability > 0.1 && i.probability <= 1.0,
            "{}",
            i.probability
        );
    }
    let right = images.iter().filter(|i| i.label == i.predicted).count();
    assert!(right > 16, "after 40 epochs most are right: {right}");
    let svg = svg(Panel::Model, &h, Some(&snap), &default_theme());
    let t = texts(&svg);
    assert!(
        t.contains(&format!("{right} of 32 test images right")),
        "{t:?}"
    );
    let wrong: Vec<String> = images
        .iter()
        .filter(|i| i.label != i.predicted)
        .map(|i| format!("{} ({})", i.predicted, i.label))
        .collect();
    for w in &wrong {
        assert!(t.contains(w), "{w} not in {t:?}");
    }
    let csv = csv(&view(&h, Some(&snap)));
    assert!(csv.starts_with("image,label,predicted,probability\n"));
    assert_eq!(csv.lines().count(), 33);
    draws_everywhere(Panel::Model, &h, Some(&snap));
}

#[test]
fn test_points_can_be_hidden_and_the_map_discretized() {
    let (h, s) = trained("e2-shallow-tanh", 60);
    let ModelView::Regions { train, test, .. } = &s.model else {
        panic!("{:?}", s.model)
    };
    let theme = default_theme();
    let draw = |options: Options| {
        let v = View {
            history: &h,
            snapshot: Some(&s),
            options,
        };
        crate::charts::to_svg(Panel::Model, &v, &theme, 900, 600).unwrap()
    };
    let shown = draw(Options::default());
    let hidden = draw(Options {
        test_points: false,
        ..Options::default()
    });
    let circles = |svg: &str| svg.matches("<circle").count();
    assert_eq!(
        circles(&shown) - circles(&hidden),
        test.len() + 1,
        "the rings and the legend's"
    );
    assert!(circles(&hidden) >= 2 * train.len());
    assert!(!texts(&hidden).iter().any(|t| t == "test"));
    // Discretized, every cell is one of the two full tints.
    let flat = draw(Options {
        discretize: true,
        ..Options::default()
    });
    let full: Vec<String> = (0..2)
        .map(|c| {
            let RGBColor(r, g, b) = cell_colour(&theme, c, 1.0, 2);
            format!("#{r:02X}{g:02X}{b:02X}")
        })
        .collect();
    let fills = |svg: &str| -> std::collections::BTreeSet<String> {
        svg.split("<rect")
            .skip(1)
            .filter_map(|r| {
                r.split("fill=\"")
                    .nth(1)?
                    .split('"')
                    .next()
                    .map(str::to_string)
            })
            .collect()
    };
    let (shaded, discrete) = (fills(&shown), fills(&flat));
    assert!(shaded.len() > 10, "a shaded map has many tints: {shaded:?}");
    assert!(discrete.len() <= 6, "{discrete:?}");
    assert!(
        full.iter().all(|f| discrete.contains(f)),
        "{full:?} in {discrete:?}"
    );
}
