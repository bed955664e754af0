//! The through-time panel's tests: the decade labels, the fixed colour scale,
//! what the panel says about real recurrent runs, and the projector's larger
//! text.

use super::super::axis::test_support::{font_sizes, power_labels, texts};
use super::*;
use crate::charts::ThemeKind;
use crate::engine::settings::Settings;
use crate::scenes::recurrent::presets;
use crate::scenes::recurrent::trace::RnnRun;

fn trained(name: &str, set: &[(&str, &str)], steps: usize) -> RnnRun {
    let mut config = presets::find(name).unwrap().config;
    for (k, v) in set {
        config.set(k, v).unwrap();
    }
    let mut run = RnnRun::new(&config);
    for _ in 0..steps {
        run.step();
    }
    run
}

fn svg(run: &RnnRun, kind: ThemeKind, scale: f64) -> String {
    to_svg(
        &run.trace,
        run.config(),
        &Theme::new(kind, scale),
        1200,
        700,
    )
    .unwrap()
}

#[test]
fn decade_labels_fall_on_round_exponents() {
    let (l, g) = round_decades(-24, 10, 300, 20);
    assert!(
        l.iter().all(|e| (*e as i32).rem_euclid(5) == 0) && l.contains(&0.0),
        "{l:?}"
    );
    assert_eq!(g.len(), 35);
    let (l, g) = round_decades(-1, 157, 120, 20);
    assert!(
        l.len() <= 6 && l.iter().all(|e| (*e as i32) % 50 == 0),
        "{l:?}"
    );
    assert_eq!(g, l, "no per-decade grid over 158 decades");
}

#[test]
fn the_colour_scale_is_fixed_and_marks_zero_and_non_finite() {
    assert_eq!(shade(1e-30), Shade::Level(0));
    assert_eq!(shade(1e-24), Shade::Level(0));
    assert_eq!(shade(1e10), Shade::Level(LEVELS - 1));
    assert_eq!(shade(1e300), Shade::Level(LEVELS - 1));
    assert!(matches!(shade(1e-7), Shade::Level(k) if k > 10 && k < LEVELS - 10));
    assert_eq!(shade(0.0), Shade::Zero);
    assert_eq!(shade(f64::NAN), Shade::NonFinite);
    assert_eq!(shade(f64::INFINITY), Shade::NonFinite);
    // The same decades whatever the run: a short LSTM run and a vanishing RNN.
    for (name, steps) in [("e6-lstm", 3), ("e6-vanishing", 10)] {
        let labels = power_labels(&svg(&trained(name, &[], steps), ThemeKind::Default, 1.0));
        assert!(labels.contains(&"10⁻²⁴".to_string()), "{name}: {labels:?}");
        assert!(labels.contains(&"10¹⁰".to_string()), "{name}: {labels:?}");
    }
}

#[test]
fn the_panel_says_what_happened() {
    let fresh = svg(&trained("e6-vanishing", &[], 0), ThemeKind::Default, 1.0);
    assert!(texts(&fresh).iter().any(|t| t.contains("no steps yet")));
    let run = trained("e6-vanishing", &[], 5);
    let radius = format!("ρ(U) = {:.3}", run.trace.last.as_ref().unwrap().radius);
    let vanishing = texts(&svg(&run, ThemeKind::Default, 1.0));
    let ratio = vanishing
        .iter()
        .find(|t| t.starts_with("h_1 / h_T = "))
        .expect("ratio shown");
    let exp: i32 = ratio.rsplit('e').next().unwrap().parse().unwrap();
    assert!(exp <= -15, "{ratio}");
    assert!(vanishing.iter().any(|t| t == "no memory: loss 0.17"));
    assert!(
        vanishing.iter().any(|t| t.contains(&radius)),
        "{vanishing:?}"
    );
    // The saturated exploding net: a run of exact zeros, labelled once.
    let exploding = texts(&svg(
        &trained("e6-exploding", &[], 20),
        ThemeKind::Default,
        1.0,
    ));
    assert_eq!(
        exploding
            .iter()
            .filter(|t| t.starts_with("0 for t = 1–"))
            .count(),
        1,
        "{exploding:?}"
    );
    let clipped = texts(&svg(
        &trained("e6-exploding-clipped", &[], 20),
        ThemeKind::Default,
        1.0,
    ));
    assert!(
        clipped.iter().any(|t| t.contains("clipped (20 steps)")),
        "{clipped:?}"
    );
    let broken = trained("e6-exploding", &[("lr", "10"), ("steps", "200")], 200);
    let at = broken.trace.non_finite_at.expect("overflows");
    let texts = texts(&svg(&broken, ThemeKind::Default, 1.0));
    assert!(
        texts
            .iter()
            .any(|t| t == &format!("⚠ diverged at step {at}")),
        "{texts:?}"
    );
}

#[test]
fn projector_text_is_larger_and_scales_with_the_screen() {
    let run = trained("e6-gru", &[], 3);
    let max = |kind, scale| {
        font_sizes(&svg(&run, kind, scale))
            .into_iter()
            .fold(0.0, f64::max)
    };
    let base = max(ThemeKind::Default, 1.0);
    assert!(max(ThemeKind::Projector, 1.0) > 1.4 * base);
    assert!((max(ThemeKind::Default, 2.0) - 2.0 * base).abs() < 0.5);
}
