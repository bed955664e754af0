//! The shared helpers' tests, and every panel drawn for a few runs in both
//! themes at two scales.

use super::notes::wrap;
use super::test_support::*;
use super::*;
use crate::charts::{Panel, ThemeKind};
use crate::scenes::network::history::History;

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
