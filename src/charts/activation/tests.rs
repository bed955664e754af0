//! The activation panel's tests: the derivative's ceiling and every hidden
//! layer's histogram, the saturation and beyond-range notes and the shares
//! behind them, the note without a snapshot, odd histograms, the CSV, and
//! text that scales with the theme.

use super::super::axis::test_support::*;
use super::*;
use crate::scenes::network::history::History;

#[test]
fn sigmoid_shows_its_derivative_ceiling_and_every_hidden_layer() {
    let (h, s) = trained("e3-sigmoid", 5);
    assert_eq!(s.activation, Activation::Sigmoid);
    let svg = svg(Panel::Activation, &h, Some(&s), &default_theme());
    let t = texts(&svg);
    for want in [
        "Activation and pre-activations",
        "f(z)",
        "f′(z)",
        "layer 1",
        "layer 2",
        "max σ′ = 0.25",
        "pre-activation z",
    ] {
        assert!(t.iter().any(|x| x == want), "{want} missing: {t:?}");
    }
    assert!(
        !t.iter().any(|x| x == "layer 3"),
        "the output layer has no histogram"
    );
    // Curves and two histograms (outline and fill each).
    assert!(svg.matches("<polygon").count() >= 2);
    assert!(svg.matches("<polyline").count() >= 3);
}

#[test]
fn deep_tanh_reports_saturation_and_mass_beyond_the_range() {
    let (h, mut s) = trained("e2-deep-tanh", 200);
    assert_eq!(s.layers.len(), 5);
    let t = texts(&svg(Panel::Activation, &h, Some(&s), &default_theme()));
    assert!(t.iter().any(|x| x == "max tanh′ = 1"), "{t:?}");
    // A note for exactly the layers with something to say.
    for (l, hist) in s.layers.iter().enumerate() {
        let note = t
            .iter()
            .find(|x| x.starts_with(&format!("layer {}: ", l + 1)));
        let sat = saturated_share(hist, SATURATION_Z);
        assert_eq!(
            note.is_some(),
            sat > 0.01 || beyond_share(hist) > 0.01,
            "{t:?}"
        );
    }
    // Push most of layer 5 beyond the range: both figures are reported.
    let deep = &mut s.layers[4];
    deep.above = 3 * deep.counts.iter().sum::<u32>();
    let (sat, beyond) = (saturated_share(deep, SATURATION_Z), beyond_share(deep));
    assert!(beyond >= 0.75 && sat >= beyond);
    let t = texts(&svg(Panel::Activation, &h, Some(&s), &default_theme()));
    let note = t
        .iter()
        .find(|x| x.starts_with("layer 5: "))
        .unwrap_or_else(|| panic!("{t:?}"));
    assert_eq!(
        *note,
        format!(
            "layer 5: {} saturated, {} beyond ±6",
            percent(sat),
            percent(beyond)
        )
    );
    assert!(
        t.iter()
            .any(|x| x == "saturated: |z| > 4, where f′ < 0.0013"),
        "{t:?}"
    );
}

#[test]
fn shares_come_from_the_histograms() {
    let values: Vec<f64> = vec![-7.0, -4.5, -1.0, 0.0, 0.5, 3.9, 4.1, 10.0, f64::NAN, 2.0];
    let h = Histogram::of(&values, -RANGE, RANGE, BINS);
    assert_eq!(h.total(), 10);
    assert!((beyond_share(&h) - 0.2).abs() < 1e-12);
    // -7, -4.5, 4.1, 10 have |z| > 4.
    assert!((saturated_share(&h, 4.0) - 0.4).abs() < 1e-12);
    let empty = Histogram::of(&[], -RANGE, RANGE, BINS);
    assert_eq!(
        (beyond_share(&empty), saturated_share(&empty, 4.0)),
        (0.0, 0.0)
    );
    assert_eq!(percent(0.004), "<1%");
    assert_eq!(percent(0.41), "41%");
    assert_eq!(short(Activation::Tanh.derivative(4.0)), "0.0013");
    assert_eq!(short(Activation::Sigmoid.derivative(4.0)), "0.018");
}

#[test]
fn without_a_snapshot_it_says_what_to_do() {
    let h = History::new(3);
    let svg = svg(Panel::Activation, &h, None, &default_theme());
    assert!(texts(&svg)
        .iter()
        .any(|t| t == "press step to see pre-activations"));
    draws_everywhere(Panel::Activation, &h, None);
    let view = View {
        history: &h,
        snapshot: None,
        options: Default::default(),
    };
    assert_eq!(csv(&view), "z,f,f_prime\n");
}

#[test]
fn draws_for_every_activation_any_depth_and_odd_histograms() {
    for act in ["relu", "leaky-relu:0.2", "elu:1", "linear", "sigmoid"] {
        let (h, s) = trained_with("e2-deep-tanh", 3, |c| {
            c.activation = act.parse().unwrap();
            c.hidden = vec![3; 10];
        });
        assert_eq!(h.layers, 11);
        draws_everywhere(Panel::Activation, &h, Some(&s));
    }
    let (h, mut s) = trained("e2-shallow-tanh", 2);
    s.layers[0].counts.iter_mut().for_each(|c| *c = 0);
    s.layers[0].non_finite = 7;
    let t = texts(&svg(Panel::Activation, &h, Some(&s), &default_theme()));
    assert!(t.iter().any(|x| x.contains("7 not finite")), "{t:?}");
    s.layers.clear();
    draws_everywhere(Panel::Activation, &History::new(0), Some(&s));
}

#[test]
fn csv_has_a_row_per_bin_and_a_column_per_hidden_layer() {
    let (h, s) = trained("e2-deep-tanh", 20);
    let view = View {
        history: &h,
        snapshot: Some(&s),
        options: Default::default(),
    };
    let text = csv(&view);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "z,f,f_prime,layer1_count,layer2_count,layer3_count,layer4_count,layer5_count"
    );
    assert_eq!(lines.len(), BINS + 1);
    let first: Vec<f64> = lines[1].split(',').map(|v| v.parse().unwrap()).collect();
    let z = -RANGE + RANGE / BINS as f64;
    assert!((first[0] - z).abs() < 1e-12);
    assert_eq!(first[1], z.tanh());
    assert_eq!(first[2], Activation::Tanh.derivative(z));
    let counted: u32 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(3).unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(counted, s.layers[0].counts.iter().sum::<u32>());
}

#[test]
fn text_scales_with_the_theme() {
    let (h, s) = trained("e2-deep-tanh", 10);
    let at = |scale: f64| {
        let t = Theme::new(crate::charts::ThemeKind::Default, scale);
        let size = ((900.0 * scale) as u32, (500.0 * scale) as u32);
        font_sizes(&svg_sized(Panel::Activation, &h, Some(&s), &t, size))
    };
    let (one, two) = (at(1.0), at(2.0));
    assert_eq!(one.len(), two.len());
    assert!(one
        .iter()
        .zip(&two)
        .all(|(a, b)| (b - 2.0 * a).abs() < 1e-9));
}
