//! Comparison: the loss of several variants of one net over epochs, overlaid
//! (E5's "sigmoid vs ReLU vs Leaky ReLU" as one picture). Each variant has one
//! colour: its training loss is a solid line, its test loss a dashed one.
//!
//! The x axis is the epoch, from 0 (the untrained net), so a loss that does not
//! move for the first epochs reads as a flat line next to ones that fall. The y
//! axis is linear from 0, or log10 like the loss panel's. A variant that diverged
//! is marked where it stopped and named in the legend with its step.
//!
//! Not one of the page's [`super::Panel`]s: it reads a [`Comparison`] (through
//! [`Compared`]), not one run's history.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::axis::{centred_note, draw_mark, header, local, pxi, Item, Mark, Swatch};
use super::loss::{drawable_runs, fitted_loss_chart, loss_desc};
use super::{fail, ChartResult, Theme};
use crate::engine::trainer::Divergence;
use crate::scenes::network::compare::{Comparison, CURE};
use crate::scenes::network::history::History;

/// The x axis description.
pub const X_DESC: &str = "epoch";

/// One variant as the chart reads it.
#[derive(Clone, Copy, Debug)]
pub struct Curve<'a> {
    pub label: &'a str,
    pub history: &'a History,
}

/// What the chart draws: the varied setting, one curve per variant, and the
/// y scale.
#[derive(Clone, Debug)]
pub struct Compared<'a> {
    /// The setting that differs ("activation"), for the title.
    pub key: &'a str,
    pub curves: Vec<Curve<'a>>,
    /// Loss on a log10 y axis.
    pub log: bool,
    /// Only the test losses, each variant's best epoch marked: how E9's cures are
    /// judged (the training losses all fall, so they would only crowd the plot).
    pub validation: bool,
}

impl<'a> Compared<'a> {
    pub fn of(c: &'a Comparison, log: bool) -> Self {
        Compared {
            key: &c.key,
            curves: c
                .variants
                .iter()
                .map(|v| Curve {
                    label: &v.label,
                    history: &v.history,
                })
                .collect(),
            log,
            validation: c.key == CURE,
        }
    }

    /// "Loss by activation", or "Test loss by cure · ○ best epoch".
    pub fn title(&self) -> String {
        if self.validation {
            format!("Test loss by {} · ○ best epoch", self.key)
        } else {
            format!("Loss by {}", self.key)
        }
    }
}

/// A variant's lowest test loss and its epoch.
pub fn best_epoch(h: &History) -> Option<(usize, f64)> {
    h.epochs
        .iter()
        .filter_map(|e| e.test_loss.filter(|t| t.is_finite()).map(|t| (e.epoch, t)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The legend's words for a variant: its label, and where it diverged.
pub fn legend_label(c: &Curve) -> String {
    match &c.history.diverged {
        Some(d) => format!("{} (diverged at step {})", c.label, d.step),
        None => c.label.to_string(),
    }
}

/// The legend's words when only test losses are drawn: the label and its best.
fn validation_label(c: &Curve) -> String {
    match (&c.history.diverged, best_epoch(c.history)) {
        (None, Some((epoch, loss))) => format!("{} · best {loss:.3} at {epoch}", c.label),
        _ => legend_label(c),
    }
}

/// Where on the epoch axis step `d.step` falls: epochs are whole numbers of
/// steps, so the steps per epoch come from any evaluated epoch; without one,
/// the middle of the epoch it happened in.
fn divergence_x(h: &History, d: &Divergence) -> f64 {
    match h.epochs.iter().find(|e| e.epoch > 0) {
        Some(e) => d.step as f64 * e.epoch as f64 / e.step.max(1) as f64,
        None => d.epoch as f64 - 0.5,
    }
}

type Points = Vec<(f64, f64)>;

/// (train, test) losses over epochs.
fn series(h: &History) -> (Points, Points) {
    let train = h
        .epochs
        .iter()
        .map(|e| (e.epoch as f64, e.train_loss))
        .collect();
    let test = h
        .epochs
        .iter()
        .filter_map(|e| e.test_loss.map(|t| (e.epoch as f64, t)))
        .collect();
    (train, test)
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    compared: &Compared,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let log = compared.log;
    let n = compared.curves.len();
    let colour = |i: usize| theme.layer_colour(i, n);
    let data: Vec<(Points, Points)> = compared.curves.iter().map(|c| series(c.history)).collect();
    let any_test = data.iter().any(|(_, test)| !test.is_empty());
    let test_w = theme.px_u(1.5).max(theme.line() * 2 / 3);
    let validation = compared.validation && any_test;

    let mut items: Vec<Item> = compared
        .curves
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = if validation {
                validation_label(c)
            } else {
                legend_label(c)
            };
            let mut item = Item::new(Swatch::Line(colour(i), theme.line()), label, theme);
            if c.history.diverged.is_some() {
                item.colour = theme.alarm;
            }
            item
        })
        .collect();
    if !validation {
        let mut train_key = Item::new(Swatch::Line(theme.muted, theme.line()), "train", theme);
        train_key.newline = true;
        items.push(train_key);
    }
    if any_test && !validation {
        items.push(Item::new(
            Swatch::Dashed(theme.muted, test_w),
            "test",
            theme,
        ));
    }
    let top = header(area, theme, &compared.title(), &items)?;

    // The test losses from the earliest best epoch on (or the run's second half,
    // while every loss still falls) set the y range: the first epochs' losses, ten
    // times larger, would flatten the turn the cures differ by.
    let from = if validation {
        let half = compared
            .curves
            .iter()
            .flat_map(|c| c.history.epochs.last())
            .map(|e| (e.epoch / 2) as f64)
            .fold(0.0, f64::max);
        compared
            .curves
            .iter()
            .filter_map(|c| best_epoch(c.history))
            .map(|(e, _)| e as f64)
            .fold(half, f64::min)
    } else {
        f64::NEG_INFINITY
    };
    let all = || {
        data.iter()
            .flat_map(|(a, b)| a.iter().filter(|_| !validation).chain(b))
            .filter(|p| p.0 >= from || !from.is_finite())
            .map(|p| p.1)
    };
    let last_epoch = compared
        .curves
        .iter()
        .flat_map(|c| {
            let h = c.history;
            h.epochs
                .iter()
                .map(|e| e.epoch as f64)
                .chain(h.diverged.as_ref().map(|d| divergence_x(h, d)))
        })
        .fold(1.0, f64::max)
        .ceil();
    let (x0, x1) = (0.0, last_epoch);
    let Some((mut chart, y)) = fitted_loss_chart(
        area,
        theme,
        top,
        (x0, x1),
        X_DESC,
        all(),
        (log, !validation),
        loss_desc(log),
    )?
    else {
        return Ok(());
    };

    let (px0, py0) = local(area, chart.backend_coord(&(x0, y.range.1)));
    let (px1, py1) = local(area, chart.backend_coord(&(x1, y.range.0)));
    let dash = theme.px_u(6.0);
    for (i, (train, test)) in data.iter().enumerate() {
        let c = colour(i);
        if validation {
            // Solid: the test loss is the curve here, not the companion of one. The
            // first epochs lie above the axis, fitted to the rest: left out rather
            // than drawn flat along the top.
            let top = if log {
                10f64.powf(y.range.1)
            } else {
                y.range.1
            };
            let test: Points = test
                .iter()
                .map(|&(x, v)| (x, if v > top { f64::NAN } else { v }))
                .collect();
            for run in drawable_runs(&test, log) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        run,
                        c.stroke_width(theme.line()),
                    )))
                    .map_err(fail)?;
            }
            continue;
        }
        for run in drawable_runs(test, log) {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    run,
                    dash,
                    dash,
                    c.stroke_width(test_w),
                )))
                .map_err(fail)?;
        }
        let dots = train.len() <= 60;
        for run in drawable_runs(train, log) {
            if dots || run.len() == 1 {
                let r = theme.line() + theme.px_u(1.0);
                chart
                    .draw_series(run.iter().map(|&p| Circle::new(p, r, c.filled())))
                    .map_err(fail)?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    run,
                    c.stroke_width(theme.line()),
                )))
                .map_err(fail)?;
        }
    }
    if validation {
        // Each best epoch as a ring in its variant's colour, on top of every line.
        let r = theme.line() * 2 + theme.px_u(3.0);
        for (i, curve) in compared.curves.iter().enumerate() {
            if let Some((epoch, loss)) = best_epoch(curve.history) {
                if !log || loss > 0.0 {
                    let p = (epoch as f64, loss);
                    chart
                        .draw_series([
                            Circle::new(p, r, theme.background.filled()),
                            Circle::new(p, r, colour(i).stroke_width(theme.line())),
                        ])
                        .map_err(fail)?;
                }
            }
        }
    }
    // Divergences last, so their markers sit on top of every line.
    for (i, curve) in compared.curves.iter().enumerate() {
        if let Some(d) = &curve.history.diverged {
            let (x, _) = local(
                area,
                chart.backend_coord(&(divergence_x(curve.history, d), y.range.1)),
            );
            // A thin alarm line through the plot, the diamond on top in the
            // variant's colour: several divergences stay readable side by side.
            area.draw(&PathElement::new(
                vec![(x, py0), (x, py1)],
                theme.alarm.stroke_width(theme.px_u(1.5)),
            ))
            .map_err(fail)?;
            let r = pxi(theme, 7.0);
            draw_mark(area, theme, Mark::PosInf, (x, py0 + r + 1), colour(i))?;
        }
    }
    if compared.curves.iter().all(|c| c.history.epochs.is_empty()) {
        centred_note(area, theme, "no epochs evaluated yet", (px0, py0, px1, py1))?;
    } else if log && all().any(|v| v.is_finite() && v <= 0.0) {
        centred_note(
            area,
            theme,
            "losses of 0 cannot be shown on a log scale",
            (
                px0,
                py0,
                px1,
                py0 + 2 * super::axis::line_height(theme, 1.0),
            ),
        )?;
    }
    Ok(())
}

/// The comparison as an SVG document of `width` × `height` pixels.
pub fn to_svg(
    compared: &Compared,
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, String> {
    super::svg_of((width, height), |root| draw(root, compared, theme))
}

#[cfg(test)]
mod tests {
    use super::super::axis::test_support::*;
    use super::*;
    use crate::charts::ThemeKind;
    use crate::engine::trainer::EpochReport;
    use crate::scenes::network::compare::activations as activation_words;
    use crate::scenes::network::presets;

    /// E5 on the digits, `epochs` epochs of each activation.
    fn activations(epochs: usize) -> Comparison {
        let mut base = presets::find("e5-digits-sigmoid").unwrap().config;
        base.epochs = epochs;
        let words = activation_words();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut c = Comparison::new(&base, "activation", &words).unwrap();
        c.step_for(u32::MAX, || false);
        c
    }

    /// (stroke colour, number of points) of every polyline.
    fn polylines(svg: &str) -> Vec<(String, usize)> {
        svg.split("<polyline")
            .skip(1)
            .filter_map(|p| {
                let stroke = p.split_once("stroke=\"")?.1.split_once('"')?.0;
                let points = p.split_once("points=\"")?.1.split_once('"')?.0;
                Some((stroke.to_string(), points.split_whitespace().count()))
            })
            .collect()
    }

    fn svg_of(c: &Compared, theme: &Theme) -> String {
        to_svg(c, theme, 900, 500).expect("draws")
    }

    #[test]
    fn one_train_line_and_one_test_line_per_variant_with_a_legend() {
        let cmp = activations(4);
        let svg = svg_of(&Compared::of(&cmp, false), &default_theme());
        let t = texts(&svg);
        for want in [
            "Loss by activation",
            "sigmoid",
            "tanh",
            "relu",
            "leaky-relu:0.2",
            "elu:1",
            "train",
            "test",
            X_DESC,
            "loss",
        ] {
            assert!(t.iter().any(|s| s == want), "{want} missing: {t:?}");
        }
        // One solid train line per variant, in its colour, through every epoch
        // (0 to 4: five points); the legend's swatches and the test line's dashes
        // are short pieces of two or three points.
        let lines = polylines(&svg);
        for i in 0..5 {
            let c = default_theme().layer_colour(i, 5);
            let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            let long: Vec<_> = lines.iter().filter(|(s, n)| *s == hex && *n > 3).collect();
            assert_eq!(long.len(), 1, "variant {i} ({hex}): {long:?}");
            assert_eq!(long[0].1, 5);
            let dashes = lines.iter().filter(|(s, n)| *s == hex && *n <= 3).count();
            assert!(
                dashes > 10,
                "variant {i}: a dashed test line ({dashes} dashes)"
            );
        }
        assert!(!svg.contains("diverged"));
    }

    #[test]
    fn log_axis_labels_whole_decades() {
        let cmp = activations(4);
        let svg = svg_of(&Compared::of(&cmp, true), &default_theme());
        assert!(texts(&svg).iter().any(|s| s == "loss (log scale)"));
        let powers = power_labels(&svg);
        assert!(powers.len() >= 2, "{powers:?}");
        // Over four epochs the losses run from ≈2.4 down to ≈0.3: 10⁻¹ to 10¹.
        assert_eq!(powers.last().map(String::as_str), Some("10¹"), "{powers:?}");
        assert!(powers.iter().any(|p| p == "10⁰"), "{powers:?}");
    }

    #[test]
    fn a_diverged_variant_is_named_and_marked() {
        let mut base = presets::find("e1-clipnorm").unwrap().config;
        base.epochs = 2;
        let mut cmp = Comparison::new(&base, "clip", &["none", "norm:1"]).unwrap();
        cmp.step_for(u32::MAX, || false);
        let d = cmp.variants[0].history.diverged.clone().expect("diverges");
        for log in [false, true] {
            let svg = svg_of(&Compared::of(&cmp, log), &default_theme());
            let t = texts(&svg);
            let want = format!("none (diverged at step {})", d.step);
            assert!(t.contains(&want), "{want}: {t:?}");
            assert!(t.iter().any(|s| s == "norm:1"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            // The alarm diamond of the marker.
            let a = default_theme().alarm;
            assert!(svg.contains(&format!("#{:02X}{:02X}{:02X}", a.0, a.1, a.2)));
        }
    }

    #[test]
    fn text_scales_with_the_theme_and_every_size_draws() {
        let cmp = activations(2);
        let compared = Compared::of(&cmp, false);
        for kind in [ThemeKind::Default, ThemeKind::Projector] {
            let at = |scale: f64| {
                let t = Theme::new(kind, scale);
                let size = ((800.0 * scale) as u32, (450.0 * scale) as u32);
                font_sizes(&to_svg(&compared, &t, size.0, size.1).unwrap())
            };
            let (one, two) = (at(1.0), at(2.0));
            assert!(!one.is_empty());
            assert_eq!(one.len(), two.len(), "{kind:?}");
            for (a, b) in one.iter().zip(&two) {
                assert!((b - 2.0 * a).abs() < 1e-9, "{kind:?}: {a} → {b}");
            }
        }
        let projector = font_sizes(&svg_of(&compared, &Theme::new(ThemeKind::Projector, 1.0)));
        let default = font_sizes(&svg_of(&compared, &default_theme()));
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        assert!(max(&projector) >= 1.5 * max(&default));
        for (w, h) in [(60, 40), (200, 150), (4000, 2000)] {
            to_svg(&compared, &default_theme(), w, h).unwrap();
        }
    }

    #[test]
    fn draws_empty_and_non_finite_histories() {
        let empty = History::new(2);
        let nothing = Compared {
            key: "lr",
            curves: vec![],
            log: false,
            validation: false,
        };
        assert!(svg_of(&nothing, &default_theme()).contains("no epochs evaluated yet"));
        let one = Compared {
            key: "lr",
            curves: vec![Curve {
                label: "0.1",
                history: &empty,
            }],
            log: true,
            validation: false,
        };
        assert!(svg_of(&one, &default_theme()).contains("no epochs evaluated yet"));
        let mut odd = History::new(2);
        for (epoch, v) in [
            (0, f64::NAN),
            (1, 0.0),
            (2, f64::INFINITY),
            (3, 1e300),
            (4, -1.0),
        ] {
            odd.epochs.push(EpochReport {
                epoch,
                step: epoch as u64 * 10,
                train_loss: v,
                train_accuracy: None,
                test_loss: Some(v),
                test_accuracy: None,
                lr: 0.1,
            });
        }
        for log in [false, true] {
            let c = Compared {
                key: "lr",
                curves: vec![Curve {
                    label: "0.1",
                    history: &odd,
                }],
                log,
                validation: false,
            };
            let svg = svg_of(&c, &default_theme());
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "log {log}");
        }
    }

    #[test]
    fn the_cures_draw_their_test_losses_only_each_best_epoch_ringed() {
        let base = crate::engine::config::Config {
            hidden: vec![8],
            epochs: 6,
            ..Default::default()
        };
        let mut c = Comparison::new(&base, CURE, &["none", "l2", "dropout"]).unwrap();
        while !c.is_finished() {
            c.step_all();
        }
        let compared = Compared::of(&c, false);
        assert!(compared.validation);
        assert!(compared.title().starts_with("Test loss by cure"));
        let svg = svg_of(&compared, &default_theme());
        // One solid line per variant and no train line: no dashes either.
        // Curves have a point per epoch (7 with epoch 0); swatches and ticks have 2.
        let lines: Vec<_> = polylines(&svg).into_iter().filter(|l| l.1 > 2).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(!svg.contains("stroke-dasharray"));
        for v in &c.variants {
            let (epoch, loss) = best_epoch(&v.history).unwrap();
            let min = v
                .history
                .epochs
                .iter()
                .filter_map(|e| e.test_loss)
                .fold(f64::INFINITY, f64::min);
            assert_eq!(loss, min);
            assert!(
                svg.contains(&format!("{} · best {loss:.3} at {epoch}", v.label)),
                "{}",
                v.label
            );
        }
    }
}
