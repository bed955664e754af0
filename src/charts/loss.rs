//! Loss: the loss on the whole training set at each evaluated epoch (thick,
//! first palette colour), on the test set where there is one (second colour),
//! and each mini-batch's loss (thin and muted: it is noisy), all over training
//! steps. The latest accuracy, for classification, is read out in the header.
//!
//! The loss is how a run is usually judged; next to the gradient-flow panel it
//! shows *why* a run stalls (a flat loss with vanished gradients) or blows up
//! (a loss that leaves the chart, marked by a "diverged at step N" line).
//! The y axis is linear, or log10 when the options ask for it; non-finite
//! losses are never drawn as lines.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{
    centred_note, divergence_line, drawable_runs, header, line_height, local, loss_chart,
    step_range, Item, Swatch,
};
use super::theme::OKABE_ITO;
use super::{fail, ChartResult, Panel, Theme, View};
use crate::scenes::network::history::History;

/// The x axis description.
pub const X_DESC: &str = "training step";

/// The three series, as (step, loss) with non-finite losses kept (they break lines).
struct Series {
    batch: Vec<(f64, f64)>,
    train: Vec<(f64, f64)>,
    test: Vec<(f64, f64)>,
}

fn series(h: &History) -> Series {
    Series {
        batch: h
            .steps
            .iter()
            .zip(&h.loss)
            .map(|(&s, &l)| (s as f64, l))
            .collect(),
        train: h
            .epochs
            .iter()
            .map(|e| (e.step as f64, e.train_loss))
            .collect(),
        test: h
            .epochs
            .iter()
            .filter_map(|e| e.test_loss.map(|t| (e.step as f64, t)))
            .collect(),
    }
}

/// "accuracy: train 0.81 · test 0.79" from the latest epoch that has either.
pub fn accuracy_readout(h: &History) -> Option<String> {
    let e = h
        .epochs
        .iter()
        .rev()
        .find(|e| e.train_accuracy.is_some() || e.test_accuracy.is_some())?;
    let show = |v: f64| {
        if v.is_finite() {
            format!("{v:.2}")
        } else {
            "–".into()
        }
    };
    let mut parts = Vec::new();
    if let Some(a) = e.train_accuracy {
        parts.push(format!("train {}", show(a)));
    }
    if let Some(a) = e.test_accuracy {
        parts.push(format!("test {}", show(a)));
    }
    Some(format!("accuracy: {}", parts.join(" · ")))
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> ChartResult {
    let h = view.history;
    let log = view.options.log_loss;
    let s = series(h);
    let (train_c, test_c) = (OKABE_ITO[0], OKABE_ITO[1]);
    let batch_c = theme.muted;
    let batch_w = theme.px_u(1.5).max(theme.line() / 2);
    // Test under train, wider, so both show where they coincide.
    let test_w = theme.line() + theme.px_u(3.0);

    let mut items = vec![Item::new(
        Swatch::Line(batch_c, batch_w),
        "mini-batch",
        theme,
    )];
    if !s.train.is_empty() || h.steps.is_empty() {
        items.push(Item::new(
            Swatch::Line(train_c, theme.line()),
            "train",
            theme,
        ));
    }
    if !s.test.is_empty() {
        items.push(Item::new(Swatch::Line(test_c, test_w), "test", theme));
    }
    if let Some(acc) = accuracy_readout(h) {
        items.push(Item::text(acc, theme.foreground));
    }
    let top = header(area, theme, Panel::Loss.title(), &items)?;

    // The y axis: linear (including 0 for non-negative losses) or log10.
    let all = || s.batch.iter().chain(&s.train).chain(&s.test).map(|p| p.1);
    let (x0, x1) = step_range(h);
    let (x0, x1) = (x0 as f64, x1 as f64);
    let row = line_height(theme, 1.0);
    let Some((mut chart, y)) = loss_chart(area, theme, top, (x0, x1), X_DESC, all(), log)? else {
        return Ok(());
    };
    let y_range = y.range;

    let (px0, py0) = local(area, chart.backend_coord(&(x0, y_range.1)));
    let (px1, py1) = local(area, chart.backend_coord(&(x1, y_range.0)));
    if let Some(d) = &h.diverged {
        let (dx, _) = local(area, chart.backend_coord(&(d.step as f64, y_range.0)));
        divergence_line(area, theme, d.step, dx, (py0, py1), (px0, px1))?;
    }

    for run in drawable_runs(&s.batch, log) {
        chart
            .draw_series(std::iter::once(PathElement::new(
                run,
                batch_c.mix(0.6).stroke_width(batch_w),
            )))
            .map_err(fail)?;
    }
    for (points, colour, width) in [(&s.test, test_c, test_w), (&s.train, train_c, theme.line())] {
        let dots = points.len() <= 60;
        for run in drawable_runs(points, log) {
            if dots || run.len() == 1 {
                let r = width + theme.px_u(1.5);
                chart
                    .draw_series(run.iter().map(|&p| Circle::new(p, r, colour.filled())))
                    .map_err(fail)?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    run,
                    colour.stroke_width(width),
                )))
                .map_err(fail)?;
        }
    }
    if h.steps.is_empty() && h.epochs.is_empty() {
        centred_note(
            area,
            theme,
            "no steps yet: press step or play",
            (px0, py0, px1, py1),
        )?;
    } else if log && all().any(|v| v.is_finite() && v <= 0.0) {
        centred_note(
            area,
            theme,
            "losses of 0 cannot be shown on a log scale",
            (px0, py0, px1, py0 + 2 * row),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::axis::test_support::*;
    use super::*;
    use crate::charts::{to_svg, Options, ThemeKind};
    use crate::engine::trainer::EpochReport;

    fn view_svg(h: &History, log: bool) -> String {
        let view = View {
            history: h,
            snapshot: None,
            options: Options {
                log_loss: log,
                ..Options::default()
            },
        };
        to_svg(Panel::Loss, &view, &default_theme(), 900, 500).expect("draws")
    }

    #[test]
    fn shows_epochs_and_mini_batches_with_legend_and_axis_names() {
        let (h, _) = trained("e2-deep-tanh", 200);
        assert!(!h.epochs.is_empty(), "e2 evaluates every epoch (~22 steps)");
        for log in [false, true] {
            let svg = view_svg(&h, log);
            let t = texts(&svg);
            for want in ["Loss", "mini-batch", "train", "test", X_DESC] {
                assert!(
                    t.iter().any(|s| s == want),
                    "{want} missing (log {log}): {t:?}"
                );
            }
            assert!(t.iter().any(|s| s.starts_with("loss")));
            let acc = t.iter().find(|s| s.starts_with("accuracy: train 0."));
            assert!(acc.is_some_and(|a| a.contains("· test 0.")), "{t:?}");
            assert!(!svg.contains("diverged at step"));
            // Lines: the mini-batch loss, train and test.
            assert!(svg.matches("<polyline").count() >= 3);
        }
        assert!(texts(&view_svg(&h, true))
            .iter()
            .any(|s| s.starts_with("10")));
    }

    #[test]
    fn marks_divergence_and_draws_no_non_finite_line() {
        let (h, _) = trained("e1-no-clip", 500);
        let d = h.diverged.as_ref().expect("e1 without clipping diverges");
        assert!(!h.loss.last().unwrap().is_finite());
        for log in [false, true] {
            let svg = view_svg(&h, log);
            assert!(
                svg.contains(&format!("diverged at step {}", d.step)),
                "{svg}"
            );
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
        // Regression: no accuracy.
        assert!(accuracy_readout(&h).is_none());
    }

    #[test]
    fn draws_on_empty_single_point_non_finite_and_huge_histories() {
        let empty = History::new(0);
        draws_everywhere(Panel::Loss, &empty, None);
        assert!(view_svg(&empty, false).contains("no steps yet"));

        let (mut h, _) = trained("e2-deep-tanh", 1);
        draws_everywhere(Panel::Loss, &h, None);
        view_svg(&h, true);

        for v in [f64::NAN, f64::INFINITY, 0.0, -1.0, 1e300] {
            h.loss = vec![v; h.loss.len()];
            h.epochs.push(EpochReport {
                epoch: 1,
                step: u64::MAX / 2,
                train_loss: v,
                train_accuracy: Some(f64::NAN),
                test_loss: Some(v),
                test_accuracy: None,
            });
            for log in [false, true] {
                view_svg(&h, log);
            }
        }
        let mut all_equal = History::new(2);
        all_equal.steps = vec![5, 6, 7];
        all_equal.loss = vec![0.5; 3];
        let svg = view_svg(&all_equal, false);
        assert!(
            texts(&svg).iter().any(|t| t.starts_with("0.5")),
            "{:?}",
            texts(&svg)
        );
    }

    #[test]
    fn text_scales_with_the_theme() {
        let (h, _) = trained("e2-deep-tanh", 30);
        let at = |scale: f64| {
            let t = Theme::new(ThemeKind::Projector, scale);
            font_sizes(&svg_sized(Panel::Loss, &h, None, &t, (900, 500)))
        };
        let (one, two) = (at(1.0), at(2.0));
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        assert!(
            (max(&two) - 2.0 * max(&one)).abs() < 1e-9,
            "{one:?} {two:?}"
        );
        assert!((two[0] - 2.0 * one[0]).abs() < 1e-9);
    }
}
