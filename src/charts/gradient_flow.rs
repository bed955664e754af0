//! Gradient flow: each layer's gradient (its norm, or its mean absolute value)
//! over the training steps, on a fixed log axis from 10⁻⁸ to 10⁴, with the
//! current step as one bar per layer on the right.
//!
//! This is the panel the lesson is about. The axis never rescales: a gradient
//! of 10⁻⁶ must look vanished and one of 10³ exploded, whatever the other
//! layers do, so runs and presets can be compared at a glance. Values the axis
//! cannot show are marked rather than dropped: 0 as a hollow circle at the
//! bottom, NaN and ∞ in the alarm colour at the top, values off either end as
//! triangles on the edge. A divergence is marked by a vertical line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layer_series::{layer_chart, LayerChart};
use super::{ChartResult, Panel, Theme, View};

/// The axis: 10^Y_MIN_EXP to 10^Y_MAX_EXP, whatever the data.
pub const Y_MIN_EXP: i32 = -8;
pub const Y_MAX_EXP: i32 = 4;

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    layer_chart(
        area,
        view,
        theme,
        &LayerChart {
            title: Panel::Gradients.heading(),
            measure: view.options.gradient,
            decades: (Y_MIN_EXP, Y_MAX_EXP),
            bars: true,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::axis::pow10_label;
    use super::super::axis::test_support::*;
    use super::*;
    use crate::charts::{to_svg, Options, ThemeKind};
    use crate::scenes::network::history::{History, Measure};

    const BIG: (u32, u32) = (1200, 600);

    fn fixed_labels() -> Vec<String> {
        (Y_MIN_EXP..=Y_MAX_EXP).map(pow10_label).collect()
    }

    #[test]
    fn real_run_has_every_layer_every_decade_and_the_current_bars() {
        let (h, _) = trained("e2-deep-tanh", 150);
        let svg = svg_sized(Panel::Gradients, &h, None, &default_theme(), BIG);
        let t = texts(&svg);
        let mut want: Vec<String> = (1..=5).map(|l| format!("layer {l}")).collect();
        want.extend([
            "layer 6 (output)".into(),
            "Gradient flow".into(),
            "training step".into(),
            Measure::GradNorm.label().into(),
            "layers at step 150".into(),
        ]);
        for w in &want {
            assert!(t.contains(w), "{w} missing: {t:?}");
        }
        assert_eq!(power_labels(&svg), fixed_labels());
        // One bar per layer (plus the background and the legend has none).
        assert!(svg.matches("<rect").count() > 6);
        // The bars are labelled 1..6 underneath.
        for l in 1..=6 {
            assert!(t.contains(&l.to_string()), "bar label {l}: {t:?}");
        }
    }

    #[test]
    fn the_axis_is_the_same_whatever_the_data() {
        for v in [1e-30, 1e-9, 3e-5, 1.0, 2e3, 1e30] {
            let h = synthetic(1, &vec![vec![v, v * 10.0]; 20]);
            let svg = svg_sized(Panel::Gradients, &h, None, &default_theme(), BIG);
            assert_eq!(power_labels(&svg), fixed_labels(), "data {v}");
        }
        // Where every decade does not fit, every other one is labelled, the
        // top and bottom always, and the gridlines stay one per decade.
        let h = synthetic(1, &vec![vec![1e-20]; 5]);
        let svg = svg_sized(
            Panel::Gradients,
            &h,
            None,
            &Theme::new(ThemeKind::Projector, 1.0),
            (900, 416),
        );
        let labels = power_labels(&svg);
        assert!(labels.len() < 13, "{labels:?}");
        assert_eq!(labels.first().map(String::as_str), Some("10⁻⁸"));
        assert_eq!(labels.last().map(String::as_str), Some("10⁴"));
    }

    #[test]
    fn marks_zero_nan_infinity_and_values_off_the_axis() {
        let ok = vec![1.0; 6];
        let odd = vec![f64::NAN, f64::INFINITY, 0.0, 1e-12, 1e9, 1e-2];
        let h = synthetic(1, &[ok.clone(), ok.clone(), odd.clone(), ok, odd]);
        let svg = svg_sized(Panel::Gradients, &h, None, &default_theme(), BIG);
        let t = texts(&svg);
        for mark in ["NaN", "∞", "0"] {
            assert!(t.iter().any(|x| x == mark), "{mark} missing: {t:?}");
        }
        // Triangles for the values off the axis, diamonds for NaN and ∞.
        assert!(svg.matches("<polygon").count() >= 4, "{svg}");
    }

    #[test]
    fn marks_the_divergence() {
        let (h, _) = trained("e1-no-clip", 500);
        let d = h.diverged.clone().expect("diverges");
        let svg = svg(Panel::Gradients, &h, None, &default_theme());
        assert!(svg.contains(&format!("diverged at step {}", d.step)));
        // The diverged step measured no gradients: they are not drawn as zeros.
        // (The one "0" is the step axis's first tick.)
        assert_eq!(texts(&svg).iter().filter(|t| *t == "0").count(), 1);
        // The bars show the step before.
        assert!(svg.contains(&format!("layers at step {}", d.step - 1)));
    }

    #[test]
    fn mean_abs_option_names_its_axis() {
        let (h, _) = trained("e2-shallow-tanh", 30);
        let view = View {
            history: &h,
            snapshot: None,
            options: Options {
                gradient: Measure::GradMeanAbs,
                ..Options::default()
            },
        };
        let svg = to_svg(Panel::Gradients, &view, &default_theme(), 900, 500).unwrap();
        assert!(texts(&svg).iter().any(|t| t == "mean |∂L/∂W|"));
    }

    #[test]
    fn draws_empty_single_deep_and_huge_histories_everywhere() {
        draws_everywhere(Panel::Gradients, &History::new(0), None);
        let empty = History::new(4);
        draws_everywhere(Panel::Gradients, &empty, None);
        let t = texts(&svg(Panel::Gradients, &empty, None, &default_theme()));
        assert!(t.iter().any(|x| x == "no steps yet: press step or play"));
        assert!(!t.iter().any(|x| x == "NaN"), "no step: no bars, no alarms");
        draws_everywhere(Panel::Gradients, &synthetic(1, &[vec![0.5; 3]]), None);
        let (deep, _) = trained_with("e2-deep-tanh", 20, |c| c.hidden = vec![3; 10]);
        assert_eq!(deep.layers, 11);
        draws_everywhere(Panel::Gradients, &deep, None);
        let t = texts(&svg(Panel::Gradients, &deep, None, &default_theme()));
        assert!(t.iter().any(|x| x == "layer 11 (output)"));
        let huge = synthetic(1_000_000_000_000, &vec![vec![f64::NAN, 1.0]; 4]);
        draws_everywhere(Panel::Gradients, &huge, None);
        let t = texts(&svg(Panel::Gradients, &huge, None, &default_theme()));
        assert!(t.iter().any(|x| x == "1e12"), "{t:?}");
    }

    #[test]
    fn text_scales_with_the_theme() {
        let (h, _) = trained("e2-deep-tanh", 40);
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            let at = |scale: f64| {
                let t = Theme::new(kind, scale);
                let size = ((1000.0 * scale) as u32, (420.0 * scale) as u32);
                font_sizes(&svg_sized(Panel::Gradients, &h, None, &t, size))
            };
            let (one, two) = (at(1.0), at(2.0));
            assert_eq!(one.len(), two.len());
            assert!(one
                .iter()
                .zip(&two)
                .all(|(a, b)| (b - 2.0 * a).abs() < 1e-9));
        }
    }
}
