//! The weights panel's tests: L1 leaves more weights in the zero bin than L2 of
//! the same size, every layer's plot is named with its shape and its near-zero
//! count, no text overlaps at the page's and the projector's sizes, the CSV
//! holds every weight once and the norms the history kept, and odd runs draw.

use super::super::axis::test_support::*;
use super::*;
use crate::charts::ThemeKind;
use crate::engine::optim::OptimizerKind;
use crate::scenes::network::history::History;
use crate::scenes::network::snapshot::{Snapshot, WEIGHT_BINS};

/// E4's net on the digits with plain SGD, so a penalty's pull per step is lr·λ,
/// trained `steps` steps with `l1` and `l2`.
fn digits(steps: usize, l1: f64, l2: f64) -> (History, Snapshot) {
    trained_with("e4-digits-sigmoid", steps, |c| {
        c.optimizer = OptimizerKind::Sgd;
        c.lr = 0.1;
        c.l1 = l1;
        c.l2 = l2;
    })
}

#[test]
fn l1_puts_more_first_layer_weights_in_the_zero_bin_than_l2() {
    let zero_bin = |s: &Snapshot| s.weights[0].histogram.counts[WEIGHT_BINS / 2];
    let (_, l1) = digits(120, 5e-3, 0.0);
    let (_, l2) = digits(120, 0.0, 5e-3);
    let (a, b) = (zero_bin(&l1), zero_bin(&l2));
    // Measured: 1478 against 111 of 4800 (seed 1); a wide margin either way.
    assert!(a > 5 * b, "l1 {a}, l2 {b} in the middle bin");
    assert!(l1.weights[0].near_zero > 2 * l2.weights[0].near_zero.max(1));
    // L2 narrows the weights: a smaller norm than without a penalty.
    let (_, none) = digits(120, 0.0, 0.0);
    assert!(l2.weights[0].norm < 0.9 * none.weights[0].norm);
}

#[test]
fn every_layer_is_named_with_its_shape_and_its_near_zero_count() {
    let (h, s) = digits(30, 5e-3, 0.0);
    let svg = svg_sized(Panel::Weights, &h, Some(&s), &default_theme(), (1200, 600));
    let t = texts(&svg);
    for want in [
        "Weights: distribution and norm per layer",
        "layer 1 · 64×75",
        "layer 2 · 75×75",
        "layer 4 (output) · 75×10",
        "training step",
        Measure::WeightNorm.label(),
    ] {
        assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
    }
    let first = &s.weights[0];
    let note = format!("{} of 4800 with |w| < 10⁻³", first.near_zero);
    assert!(t.contains(&note), "{note}: {t:?}");
    // The histogram's ends are ±max |w|, with 0 between.
    let end = end_label(first.histogram.hi);
    assert!(
        t.contains(&format!("-{end}")) && t.contains(&end),
        "{end}: {t:?}"
    );
    // One outline and one fill per layer.
    assert!(svg.matches("<polygon").count() >= 4);
}

#[test]
fn no_text_overlaps_or_leaves_the_figure() {
    let (h, s) = digits(30, 5e-3, 0.0);
    let (deep, deep_s) = trained("e2-deep-tanh", 40);
    for kind in [ThemeKind::Default, ThemeKind::Projector] {
        let theme = Theme::new(kind, 1.0);
        for size in [(1200, 600), (1024, 768), (1024, 400), (800, 500)] {
            for (h, s) in [(&h, &s), (&deep, &deep_s)] {
                let svg = svg_sized(Panel::Weights, h, Some(s), &theme, size);
                let problems = text_problems(&svg, size);
                assert!(problems.is_empty(), "{kind:?} {size:?}: {problems:#?}");
            }
        }
    }
}

#[test]
fn the_csv_holds_every_weight_once_and_the_kept_norms() {
    let (h, s) = digits(20, 0.0, 5e-3);
    let view = View {
        history: &h,
        snapshot: Some(&s),
        options: Default::default(),
    };
    let csv = csv(&view);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("kind,layer,step,bin_low,bin_high,count,weight_norm")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 7));
    for (l, w) in s.weights.iter().enumerate() {
        let layer = (l + 1).to_string();
        let of = |kind: &str| -> Vec<&Vec<&str>> {
            rows.iter()
                .filter(|r| r[0] == kind && r[1] == layer)
                .collect()
        };
        let bins = of("histogram");
        assert_eq!(bins.len(), WEIGHT_BINS);
        let total: usize = bins.iter().map(|r| r[5].parse::<usize>().unwrap()).sum();
        assert_eq!(total, w.inputs * w.outputs);
        assert!(bins.iter().all(|r| r[2] == "20"));
        assert_eq!(of("near_zero")[0][5], w.near_zero.to_string());
        let norms = of("norm");
        assert_eq!(norms.len(), h.steps.len());
        // The norm series follows the weights: its last point is the snapshot's ‖W‖.
        let last: f64 = norms.last().unwrap()[6].parse().unwrap();
        assert!((last - w.norm).abs() <= 1e-12 * w.norm, "{last} {}", w.norm);
    }
    let empty = View {
        history: &History::new(2),
        snapshot: None,
        options: Default::default(),
    };
    assert_eq!(csv_lines(&empty), 1);
}

fn csv_lines(view: &View) -> usize {
    csv(view).lines().count()
}

#[test]
fn count_ticks_are_whole_decades_a_row_apart() {
    let all = count_ticks(log_count(5000) * 1.08, 1000.0, 20.0);
    let labels: Vec<&str> = all.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(labels, ["0", "1", "10", "100", "1000"]);
    // 15 pixels a decade: 100 is too near 1000, and 10 and 1 too near 0.
    let few = count_ticks(log_count(5000) * 1.08, 60.0, 20.0);
    let labels: Vec<&str> = few.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(labels, ["0", "1000"]);
    let mid = count_ticks(log_count(5000) * 1.08, 130.0, 20.0);
    let labels: Vec<&str> = mid.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(labels, ["0", "10", "100", "1000"]);
    assert_eq!(end_label(0.41234), "0.41");
    assert_eq!(end_label(0.041234), "0.041");
    assert_eq!(end_label(1.26), "1.3");
}

#[test]
fn draws_empty_deep_diverged_and_without_a_snapshot() {
    draws_everywhere(Panel::Weights, &History::new(0), None);
    draws_everywhere(Panel::Weights, &History::new(3), None);
    let (deep, s) = trained_with("e2-deep-tanh", 10, |c| c.hidden = vec![3; 10]);
    draws_everywhere(Panel::Weights, &deep, Some(&s));
    let (e1, s) = trained("e1-no-clip", 500);
    let d = e1.diverged.clone().expect("diverges");
    let svg = svg(Panel::Weights, &e1, Some(&s), &default_theme());
    assert!(svg.contains(&format!("diverged at step {}", d.step)));
}
