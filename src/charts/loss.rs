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
//!
//! When the learning rate changed during the run (a schedule), a strip under the
//! plot draws it at each kept step on a log axis, labelled "learning rate", on the same
//! step axis. It is left out while the lr has not moved: a flat line says nothing,
//! and the loss keeps the height; it appears with the first change, which is the
//! moment worth seeing. An early stop is marked by a line at the stopping epoch and
//! a ring on the best epoch's watched loss, each labelled.
//!
//! The loss chart's y axis ([`LossAxis`]) and its frame ([`loss_chart`]) live
//! here too: the comparison draws its losses on the same.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{
    boxed_text, centred_note, decade_range, decade_ticks, divergence_line, fmt_count, fmt_tick,
    header, line_height, linear_range, local, nice_ticks, no_steps_note, pow10_label, pxi,
    step_range, style_mesh, text_width, x_label_count, Frame, Item, Swatch, Ticked, TickedChart,
    PAD,
};
use super::theme::OKABE_ITO;
use super::{fail, ChartResult, Panel, Theme, View};
use crate::scenes::network::history::History;

mod lr;
use lr::{draw_lr, lr_series};

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
    let lr = lr_series(view.history);
    let (_, height) = area.dim_in_pixel();
    let strip = (height as f64 * 0.26) as i32;
    match lr {
        Some(lr) if strip >= 3 * line_height(theme, 1.0) => {
            let (upper, lower) = area.split_vertically(height as i32 - strip);
            if let Some(plot) = draw_loss(&upper, view, theme)? {
                draw_lr(&lower, theme, &lr, plot)?;
            }
            Ok(())
        }
        _ => draw_loss(area, view, theme).map(|_| ()),
    }
}

/// The loss plot; returns its plotting area's left and right edges and the x
/// range, for the lr strip to line up under it (None when too small to draw).
fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
) -> Result<Option<(i32, i32, f64, f64)>, String> {
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
    let top = header(area, theme, Panel::Loss.heading(), &items)?;

    // The y axis: linear (including 0 for non-negative losses) or log10.
    let all = || s.batch.iter().chain(&s.train).chain(&s.test).map(|p| p.1);
    let (x0, x1) = step_range(h);
    let (x0, x1) = (x0 as f64, x1 as f64);
    let row = line_height(theme, 1.0);
    let Some((mut chart, y)) = loss_chart(
        area,
        theme,
        top,
        (x0, x1),
        X_DESC,
        all(),
        log,
        loss_desc(log),
    )?
    else {
        return Ok(None);
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
        no_steps_note(area, theme, (px0, py0, px1, py1))?;
    } else if log && all().any(|v| v.is_finite() && v <= 0.0) {
        centred_note(
            area,
            theme,
            "losses of 0 cannot be shown on a log scale",
            (px0, py0, px1, py0 + 2 * row),
        )?;
    }
    // Settings changed mid-run, each where it took effect, labelled a row apart
    // (under the early stop's label) so several stay readable.
    // Every line first, then every label, so no line crosses a label's box.
    let change_x: Vec<i32> = h
        .changes
        .iter()
        .map(|c| local(area, chart.backend_coord(&(c.step as f64, y_range.0))).0)
        .collect();
    for &cx in &change_x {
        event_rule(area, theme, cx, (py0, py1))?;
    }
    for (i, (c, &cx)) in h.changes.iter().zip(&change_x).enumerate() {
        let text = format!("{} from step {}", c.setting, c.step + 1);
        event_label(area, theme, &text, cx, py0, (px0, px1), 1 + i as i32)?;
    }
    if let Some(stop) = &h.stopped {
        let at = |epoch: usize| h.epochs.iter().find(|e| e.epoch == epoch);
        if let Some(e) = at(stop.epoch) {
            let (sx, _) = local(area, chart.backend_coord(&(e.step as f64, y_range.0)));
            event_line(
                area,
                theme,
                &format!("stopped early at epoch {}", stop.epoch),
                sx,
                (py0, py1),
                (px0, px1),
                0,
            )?;
        }
        let best =
            at(stop.best_epoch).map(|e| (e.step as f64, e.test_loss.unwrap_or(e.train_loss)));
        let shown = best.and_then(|(x, l)| {
            let y = if log {
                (l > 0.0).then(|| l.log10())
            } else {
                Some(l)
            };
            y.filter(|y| y.is_finite() && (y_range.0..=y_range.1).contains(y))
                .map(|y| (x, y))
        });
        if let Some(p) = shown {
            let r = theme.line() + theme.px_u(6.0);
            chart
                .draw_series(std::iter::once(Circle::new(
                    p,
                    r,
                    theme.foreground.stroke_width(theme.line()),
                )))
                .map_err(fail)?;
            let (bx, by) = local(area, chart.backend_coord(&p));
            let gap = r as i32 + pxi(theme, 4.0);
            boxed_text(
                area,
                theme,
                &format!("best epoch {}", stop.best_epoch),
                1.0,
                theme.foreground,
                (bx, (by - gap).max(py0 + row / 2)),
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    Ok(Some((px0, px1, x0, x1)))
}

/// A vertical line at `x` from `top` to `bottom` labelled `text` near the top (in
/// text row `row` from it), on whichever side has room (the divergence line's label
/// sits at the bottom).
fn event_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    x: i32,
    (top, bottom): (i32, i32),
    (left, right): (i32, i32),
    row: i32,
) -> ChartResult {
    event_rule(area, theme, x, (top, bottom))?;
    event_label(area, theme, text, x, top, (left, right), row)
}

/// The vertical line of [`event_line`].
fn event_rule<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    x: i32,
    (top, bottom): (i32, i32),
) -> ChartResult {
    area.draw(&PathElement::new(
        vec![(x, top), (x, bottom)],
        theme.foreground.stroke_width(theme.line()),
    ))
    .map_err(fail)
}

/// The label of [`event_line`], in text row `row` from the plot's top.
fn event_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    x: i32,
    top: i32,
    (left, right): (i32, i32),
    row: i32,
) -> ChartResult {
    let w = text_width(theme, 1.0, text);
    let gap = pxi(theme, 6.0);
    let (tx, h) = if x - gap - w >= left || x + gap + w > right {
        (x - gap, HPos::Right)
    } else {
        (x + gap, HPos::Left)
    };
    let y = top + pxi(theme, 4.0) + line_height(theme, 1.0) * (2 * row + 1) / 2;
    boxed_text(
        area,
        theme,
        text,
        1.0,
        theme.foreground,
        (tx, y),
        (h, VPos::Center),
    )
}

// The loss axis and chart, here because the comparison draws its loss the same way.

/// The y axis of a loss chart (the loss panel, the comparison): linear and
/// starting at 0 for non-negative losses, or log10 by whole decades.
pub(super) struct LossAxis {
    /// In data units: the loss, or its log10.
    pub range: (f64, f64),
    bold: Vec<f64>,
    light: Vec<f64>,
    labels: Vec<String>,
}

impl LossAxis {
    /// The axis for `values` (non-finite ones ignored) on a plot `height` pixels high.
    pub fn new(
        theme: &Theme,
        values: impl Iterator<Item = f64> + Clone,
        log: bool,
        height: i32,
    ) -> Self {
        Self::fitted(theme, values, log, height, true)
    }

    /// As [`LossAxis::new`]; a linear axis starts at 0 for non-negative losses only
    /// when `from_zero` (a chart that compares small differences of a loss far
    /// from 0 fits the axis to them instead).
    pub fn fitted(
        theme: &Theme,
        values: impl Iterator<Item = f64> + Clone,
        log: bool,
        height: i32,
        from_zero: bool,
    ) -> Self {
        let row = line_height(theme, 1.0);
        if log {
            let (lo, hi) = decade_range(values, (-300, 300), 1, (-1, 1));
            let (bold, every) = decade_ticks(lo, hi, height, row + pxi(theme, 2.0));
            let light = if hi - lo <= 3 {
                (lo..hi)
                    .flat_map(|e| (2..10).map(move |m| f64::from(e) + f64::from(m).log10()))
                    .collect()
            } else {
                every
            };
            let labels = bold
                .iter()
                .map(|&e| pow10_label(e.round() as i32))
                .collect();
            LossAxis {
                range: (f64::from(lo), f64::from(hi)),
                bold,
                light,
                labels,
            }
        } else {
            let mut finite = values.clone().filter(|v| v.is_finite()).peekable();
            let nonneg = from_zero && finite.peek().is_some() && finite.all(|v| v >= 0.0);
            let (mut lo, hi) = linear_range(values.chain(nonneg.then_some(0.0)), (0.0, 1.0));
            if nonneg {
                lo = lo.max(0.0);
            }
            let n = (height / (2 * row).max(1)).clamp(2, 8) as usize;
            let (ticks, step) = nice_ticks(lo, hi, n, false);
            let labels = ticks.iter().map(|&v| fmt_tick(v, step)).collect();
            LossAxis {
                range: (lo, hi),
                bold: ticks,
                light: Vec::new(),
                labels,
            }
        }
    }

    /// The widest tick label.
    pub fn label_width(&self, theme: &Theme) -> i32 {
        self.labels
            .iter()
            .map(|l| text_width(theme, 1.0, l))
            .max()
            .unwrap_or(0)
    }

    /// The label of tick `v` (empty for a light one).
    pub fn label(&self, v: f64) -> String {
        self.bold
            .iter()
            .position(|&t| t == v)
            .map(|i| self.labels[i].clone())
            .unwrap_or_default()
    }

    pub fn ticked(&self) -> Ticked {
        Ticked::new(self.range, self.bold.clone(), self.light.clone())
    }
}

/// Splits `points` into runs of drawable points: finite, and positive on a log axis.
pub(super) fn drawable_runs(points: &[(f64, f64)], log: bool) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for &(x, y) in points {
        let y = if log {
            if y.is_finite() && y > 0.0 {
                Some(y.log10())
            } else {
                None
            }
        } else if y.is_finite() {
            Some(y)
        } else {
            None
        };
        match y {
            Some(y) => run.push((x, y)),
            None => {
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// The y axis's name on a loss chart.
pub(super) fn loss_desc(log: bool) -> &'static str {
    if log {
        "loss (log scale)"
    } else {
        "loss"
    }
}

/// A loss chart below a header ending at `top`: x from `x0` to `x1` with whole-number
/// labels, y a [`LossAxis`] over `values` (linear or log), its mesh drawn. `None` when
/// the area is too small to draw in. The loss panel, the comparison and the race's
/// per-step figures share it.
#[allow(clippy::too_many_arguments)]
pub(super) fn loss_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    top: i32,
    x: (f64, f64),
    x_desc: &str,
    values: impl Iterator<Item = f64> + Clone,
    log: bool,
    y_desc: &str,
) -> Result<Option<(TickedChart<'a, DB>, LossAxis)>, String> {
    fitted_loss_chart(area, theme, top, x, x_desc, values, (log, true), y_desc)
}

/// [`loss_chart`], with `(log, from_zero)` as for [`LossAxis::fitted`].
#[allow(clippy::too_many_arguments)]
pub(super) fn fitted_loss_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    top: i32,
    (x0, x1): (f64, f64),
    x_desc: &str,
    values: impl Iterator<Item = f64> + Clone,
    (log, from_zero): (bool, bool),
    y_desc: &str,
) -> Result<Option<(TickedChart<'a, DB>, LossAxis)>, String> {
    let x_label_w = text_width(theme, 1.0, &fmt_count(x1.max(0.0) as u64));
    // Tick labels depend on the plot height, which depends on their width:
    // size the frame for a generous label first, then compute the ticks.
    let probe = Frame::new(theme, top, text_width(theme, 1.0, "0.0000"), 0);
    let (_, probe_h) = probe.plot_size(theme, area.dim_in_pixel());
    let y = LossAxis::fitted(theme, values, log, probe_h, from_zero);
    let frame = Frame::new(
        theme,
        top,
        y.label_width(theme),
        x_label_w / 2 + pxi(theme, 6.0),
    );
    if frame.too_small(theme, area.dim_in_pixel()) {
        return Ok(None);
    }
    let (plot_w, _) = frame.plot_size(theme, area.dim_in_pixel());
    let (x_ticks, _) = nice_ticks(x0, x1, x_label_count(theme, plot_w, x_label_w), true);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(Ticked::new((x0, x1), x_ticks, Vec::new()), y.ticked())
        .map_err(fail)?;
    let fmt_x = |v: &f64| fmt_count(v.max(0.0).round() as u64);
    let fmt_y = |v: &f64| y.label(*v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, x_desc, y_desc);
    mesh.x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .draw()
        .map_err(fail)?;
    Ok(Some((chart, y)))
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
                lr: v,
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
    fn marks_each_setting_changed_mid_run_where_it_took_effect() {
        use crate::scenes::network::NetworkSetup;
        use crate::scenes::SceneSetup;
        let mut scene = NetworkSetup::of_preset("e2-deep-tanh").unwrap().start();
        scene.advance(40, &mut |_| false);
        scene.act("l2", "0.01").unwrap();
        scene.advance(30, &mut |_| false);
        scene.act("lr", "0.5").unwrap();
        scene.advance(30, &mut |_| false);
        let h = &scene
            .get::<crate::scenes::network::NetworkScene>()
            .unwrap()
            .history;
        assert_eq!(h.changes.len(), 2);
        for log in [false, true] {
            let t = texts(&view_svg(h, log));
            for want in ["l2=0.01 from step 41", "lr=0.5 from step 71"] {
                assert!(t.iter().any(|x| x == want), "{want} in {t:?}");
            }
        }
    }

    #[test]
    fn draws_the_learning_rate_when_it_moves_and_marks_an_early_stop() {
        let (flat, _) = trained("e2-deep-tanh", 200);
        assert!(!texts(&view_svg(&flat, false))
            .iter()
            .any(|t| t == "learning rate"));
        let (h, _) = trained_with("e2-deep-tanh", 100_000, |c| {
            c.schedule = crate::engine::schedule::Schedule::Step;
            c.step_every = 2;
            c.early_stop = true;
            c.patience = 2;
            c.min_delta = 0.01;
        });
        let stop = h.stopped.clone().expect("stops early");
        for log in [false, true] {
            let t = texts(&view_svg(&h, log));
            for want in [
                "learning rate".to_string(),
                format!("stopped early at epoch {}", stop.epoch),
                format!("best epoch {}", stop.best_epoch),
            ] {
                assert!(t.contains(&want), "{want} missing (log {log}): {t:?}");
            }
        }
        draws_everywhere(Panel::Loss, &h, None);
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
