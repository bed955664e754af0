//! Weight change: each layer's mean |ΔW| per step over the training steps, on
//! a log axis (experiment E4's view).
//!
//! The size of the update is what a vanishing gradient finally costs: layers
//! near the input barely move while the output layer learns. The axis follows
//! the data by whole decades (between 10⁻¹² and 10³) but always spans at least
//! four, so small differences are not blown up into apparent drama. Zero and
//! non-finite values are marked as in the gradient-flow panel.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::decade_range;
use super::layer_series::{layer_chart, LayerChart};
use super::{ChartResult, Panel, Theme, View};
use crate::scenes::network::history::Measure;

/// The axis never goes beyond 10^MIN_EXP..10^MAX_EXP …
pub const MIN_EXP: i32 = -12;
pub const MAX_EXP: i32 = 3;
/// … and always spans at least this many decades.
pub const MIN_DECADES: i32 = 4;

/// The decades the axis spans for `view`.
pub fn decades(view: &View) -> (i32, i32) {
    let h = view.history;
    let values = (0..h.layers)
        .flat_map(|l| h.layer_series(Measure::WeightChange, l).iter().copied())
        .chain(h.current(Measure::WeightChange));
    decade_range(values, (MIN_EXP, MAX_EXP), MIN_DECADES, (-6, -2))
}

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
            title: Panel::Change.heading(),
            measure: Measure::WeightChange,
            decades: decades(view),
            bars: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::axis::pow10_label;
    use super::super::axis::test_support::*;
    use super::*;
    use crate::charts::{Options, ThemeKind};
    use crate::scenes::network::history::History;

    fn view(h: &History) -> View<'_> {
        View {
            history: h,
            snapshot: None,
            options: Options::default(),
        }
    }

    #[test]
    fn real_run_shows_every_layer_on_at_least_four_decades() {
        let (h, _) = trained("e2-deep-tanh", 150);
        let (lo, hi) = decades(&view(&h));
        assert!(hi - lo >= MIN_DECADES && lo >= MIN_EXP && hi <= MAX_EXP);
        let svg = svg_sized(Panel::Change, &h, None, &default_theme(), (1200, 600));
        let t = texts(&svg);
        for l in 1..=5 {
            assert!(t.contains(&format!("layer {l}")), "{t:?}");
        }
        for want in [
            "layer 6 (output)",
            "Weight change per layer",
            Measure::WeightChange.label(),
        ] {
            assert!(t.iter().any(|x| x == want), "{want}: {t:?}");
        }
        let expect: Vec<String> = (lo..=hi).map(pow10_label).collect();
        assert_eq!(power_labels(&svg), expect);
    }

    #[test]
    fn the_axis_follows_the_data_by_whole_decades_within_bounds() {
        let d = |v: f64| decades(&view(&synthetic(1, &vec![vec![v, v * 3.0]; 3])));
        assert_eq!(d(1e-30), (-12, -8));
        assert_eq!(d(2e-4), (-5, -1));
        assert_eq!(d(1e30), (-1, 3));
        assert_eq!(d(0.0), (-6, -2));
        assert_eq!(d(f64::NAN), (-6, -2));
        assert_eq!(decades(&view(&History::new(3))), (-6, -2));
        let wide = synthetic(1, &[vec![1e-9, 1e2]]);
        assert_eq!(decades(&view(&wide)), (-9, 2));
    }

    #[test]
    fn zero_and_non_finite_values_are_marked_not_plotted() {
        let h = synthetic(
            1,
            &[
                vec![1e-3, 1e-4],
                vec![0.0, f64::NAN],
                vec![f64::INFINITY, 1e-4],
            ],
        );
        let t = texts(&svg(Panel::Change, &h, None, &default_theme()));
        for mark in ["NaN", "∞"] {
            assert!(t.iter().any(|x| x == mark), "{mark}: {t:?}");
        }
        let h = synthetic(1, &[vec![1e-3, 1e-4], vec![0.0, 1e-4]]);
        let t = texts(&svg(Panel::Change, &h, None, &default_theme()));
        assert!(t.iter().any(|x| x == "0"), "{t:?}");
    }

    #[test]
    fn draws_empty_deep_diverged_and_scaled() {
        draws_everywhere(Panel::Change, &History::new(0), None);
        draws_everywhere(Panel::Change, &History::new(11), None);
        let (deep, _) = trained_with("e2-deep-tanh", 10, |c| c.hidden = vec![3; 10]);
        draws_everywhere(Panel::Change, &deep, None);
        let (e1, _) = trained("e1-no-clip", 500);
        let d = e1.diverged.clone().expect("diverges");
        let svg = svg(Panel::Change, &e1, None, &default_theme());
        assert!(svg.contains(&format!("diverged at step {}", d.step)));
        let at = |scale: f64| {
            let t = Theme::new(ThemeKind::Projector, scale);
            let size = ((700.0 * scale) as u32, (400.0 * scale) as u32);
            font_sizes(&svg_sized(Panel::Change, &e1, None, &t, size))
        };
        let (one, two) = (at(1.0), at(2.0));
        assert_eq!(one.len(), two.len());
        assert!(one
            .iter()
            .zip(&two)
            .all(|(a, b)| (b - 2.0 * a).abs() < 1e-9));
    }
}
