//! Reports as text: the lines the command line prints, and the page exports, so both
//! show the same numbers for the same run.
//!
//! Every function here is pure: it takes an [`EpochReport`] (and, where asked, the
//! per-layer figures of the step that ended the epoch: gradient norms, weight
//! changes) and returns a line without its newline. Numbers in JSON Lines and CSV are written in serde_json's
//! shortest round-trip form (`0.1`, `1e-20`), so reading them back gives the same
//! `f64`; the table and the summary round them for people.
//!
//! Formats:
//! - JSON Lines: one object per evaluated epoch, the fields of [`EpochReport`]
//!   (`null` for a missing or non-finite figure), plus `grad_norms` and
//!   `weight_changes` when asked; a diverged run ends with one
//!   `{"diverged": {...}}` line, a run stopped early with one `{"stopped": {...}}`.
//! - CSV: a header, then one row per evaluated epoch; an empty cell for a figure
//!   that does not exist (accuracy of a regression), `NaN`/`inf`/`-inf` for
//!   non-finite ones; the epoch's columns end with `lr`, the learning rate it
//!   trained with; then columns `grad_norm_1`..`grad_norm_L`, then
//!   `weight_change_1`..`weight_change_L`, when asked.
//! - Table: fixed-width columns for a terminal.

use std::time::Duration;

use serde::Serialize;

use crate::engine::config::Checked;
use crate::engine::early_stop::Stopped;
use crate::engine::stats::LayerStats;
use crate::engine::trainer::{Divergence, EpochReport, Run, StepReport};

/// A per-layer figure a line can carry after the epoch's metrics, one value per
/// layer (input side first), taken from the step that ended the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFigure {
    /// ‖∂L/∂W‖₂ before clipping (`run --layers`).
    GradNorm,
    /// Mean |ΔW| of the step's update, E4's measure (`run --changes`).
    WeightChange,
}

impl LayerFigure {
    /// The order the figures are printed in, whichever were asked for first.
    pub const ALL: [LayerFigure; 2] = [LayerFigure::GradNorm, LayerFigure::WeightChange];

    /// CSV columns are this word and the layer number: `grad_norm_1`.
    pub fn word(self) -> &'static str {
        match self {
            LayerFigure::GradNorm => "grad_norm",
            LayerFigure::WeightChange => "weight_change",
        }
    }

    /// The table's column heads are this and the layer number: `|grad| 1`.
    fn table_word(self) -> &'static str {
        match self {
            LayerFigure::GradNorm => "|grad|",
            LayerFigure::WeightChange => "|ΔW|",
        }
    }

    pub fn of(self, s: &LayerStats) -> f64 {
        match self {
            LayerFigure::GradNorm => s.grad_norm,
            LayerFigure::WeightChange => s.weight_change,
        }
    }
}

/// The asked-for figures of a step, in [`LayerFigure::ALL`] order: each with one
/// value per layer.
pub fn layer_figures(asked: &[LayerFigure], step: &StepReport) -> Vec<(LayerFigure, Vec<f64>)> {
    LayerFigure::ALL
        .into_iter()
        .filter(|f| asked.contains(f))
        .map(|f| (f, step.layers.iter().map(|s| f.of(s)).collect()))
        .collect()
}

/// One JSON Lines record for an evaluated epoch.
pub fn jsonl_line(report: &EpochReport) -> String {
    jsonl_line_with(report, &[])
}

/// One JSON Lines record, with each figure of `figures` (from [`layer_figures`])
/// as a list: `grad_norms`, `weight_changes`.
pub fn jsonl_line_with(report: &EpochReport, figures: &[(LayerFigure, Vec<f64>)]) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        report: &'a EpochReport,
        #[serde(skip_serializing_if = "Option::is_none")]
        grad_norms: Option<&'a [f64]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        weight_changes: Option<&'a [f64]>,
    }
    let find = |which: LayerFigure| {
        figures
            .iter()
            .find(|(f, _)| *f == which)
            .map(|(_, v)| v.as_slice())
    };
    to_json(&Line {
        report,
        grad_norms: find(LayerFigure::GradNorm),
        weight_changes: find(LayerFigure::WeightChange),
    })
}

/// The JSON Lines record of a divergence: `{"diverged": {...}}`, the fields of
/// [`Divergence`] plus the sentence of [`Divergence::message`].
pub fn divergence_line(d: &Divergence) -> String {
    #[derive(Serialize)]
    struct Inner<'a> {
        #[serde(flatten)]
        divergence: &'a Divergence,
        message: String,
    }
    #[derive(Serialize)]
    struct Line<'a> {
        diverged: Inner<'a>,
    }
    to_json(&Line {
        diverged: Inner {
            divergence: d,
            message: d.message(),
        },
    })
}

/// The JSON Lines record of an early stop: `{"stopped": {...}}`, the fields of
/// [`Stopped`].
pub fn stopped_line(s: &Stopped) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        stopped: &'a Stopped,
    }
    to_json(&Line { stopped: s })
}

/// serde_json writes f64 in its shortest round-trip form and non-finite ones as null.
fn to_json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The CSV header for a net of `layers` layers with the `figures` asked for
/// (printed in [`LayerFigure::ALL`] order).
pub fn csv_header(layers: usize, figures: &[LayerFigure]) -> String {
    let mut cols: Vec<String> = [
        "epoch",
        "step",
        "train_loss",
        "train_accuracy",
        "test_loss",
        "test_accuracy",
        "lr",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for f in LayerFigure::ALL.iter().filter(|f| figures.contains(f)) {
        cols.extend((1..=layers).map(|l| format!("{}_{l}", f.word())));
    }
    cols.join(",")
}

/// One CSV row; `figures` (from [`layer_figures`]) fill the per-layer columns.
pub fn csv_line(report: &EpochReport, figures: &[(LayerFigure, Vec<f64>)]) -> String {
    let mut cells = vec![
        report.epoch.to_string(),
        report.step.to_string(),
        csv_number(report.train_loss),
        csv_optional(report.train_accuracy),
        csv_optional(report.test_loss),
        csv_optional(report.test_accuracy),
        csv_number(report.lr),
    ];
    for (_, values) in figures {
        cells.extend(values.iter().map(|&v| csv_number(v)));
    }
    cells.join(",")
}

/// A CSV cell: serde_json's shortest round-trip form; `NaN`, `inf`, `-inf`.
pub fn csv_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        to_json(&v)
    }
}

fn csv_optional(v: Option<f64>) -> String {
    v.map_or_else(String::new, csv_number)
}

const TABLE_COLUMNS: [(&str, usize); 6] = [
    ("epoch", 7),
    ("step", 10),
    ("train loss", 13),
    ("train acc", 11),
    ("test loss", 13),
    ("test acc", 11),
];
/// Width of each per-layer column.
const LAYER_WIDTH: usize = 11;

/// The table's header line for a net of `layers` layers with the `figures` asked for.
pub fn table_header(layers: usize, figures: &[LayerFigure]) -> String {
    let mut s = String::new();
    for (name, width) in TABLE_COLUMNS {
        s.push_str(&format!("{name:>width$}"));
    }
    for f in LayerFigure::ALL.iter().filter(|f| figures.contains(f)) {
        for l in 1..=layers {
            s.push_str(&format!(
                "{:>LAYER_WIDTH$}",
                format!("{} {l}", f.table_word())
            ));
        }
    }
    s
}

/// One table row, aligned under [`table_header`].
pub fn table_line(report: &EpochReport, figures: &[(LayerFigure, Vec<f64>)]) -> String {
    let w = |i: usize| TABLE_COLUMNS[i].1;
    let mut s = format!(
        "{:>a$}{:>b$}{:>c$}{:>d$}{:>e$}{:>f$}",
        report.epoch,
        report.step,
        loss_word(report.train_loss),
        report.train_accuracy.map_or("-".into(), accuracy_word),
        report.test_loss.map_or("-".into(), loss_word),
        report.test_accuracy.map_or("-".into(), accuracy_word),
        a = w(0),
        b = w(1),
        c = w(2),
        d = w(3),
        e = w(4),
        f = w(5),
    );
    for &v in figures.iter().flat_map(|(_, values)| values) {
        s.push_str(&format!("{:>LAYER_WIDTH$}", sci_word(v)));
    }
    s
}

/// A loss for people: four decimals in the usual range, scientific outside it.
pub fn loss_word(v: f64) -> String {
    if !v.is_finite() {
        non_finite_word(v)
    } else if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        format!("{v:.4}")
    } else {
        format!("{v:.3e}")
    }
}

/// An accuracy for people: three decimals.
pub fn accuracy_word(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        non_finite_word(v)
    }
}

fn sci_word(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3e}")
    } else {
        non_finite_word(v)
    }
}

fn non_finite_word(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// How a run ended: what [`summary`] needs, taken from a [`Run`] and the last
/// evaluated epoch (the trainer does not keep it).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub seed: u64,
    pub epochs: usize,
    pub steps: u64,
    pub last: Option<EpochReport>,
    pub diverged: Option<Divergence>,
    pub stopped: Option<Stopped>,
}

impl Outcome {
    /// With the best network restored after an early stop, `last` is the best
    /// epoch's report: the figures of the network the run ends with.
    pub fn of(run: &Run, last: Option<EpochReport>) -> Self {
        let stopped = run.stopped().cloned();
        let last = match (&stopped, run.best()) {
            (Some(s), Some(best)) if s.restored => Some(best.clone()),
            _ => last,
        };
        Outcome {
            seed: run.config().seed,
            epochs: run.epochs_done(),
            steps: run.steps(),
            last,
            diverged: run.diverged().cloned(),
            stopped,
        }
    }
}

/// The one line that ends a run:
/// `e2-shallow-tanh seed 1: 500 epochs (8000 steps), train loss 0.4123 acc 0.816, test loss 0.4301 acc 0.808, 1.23 s`
/// or `e1-no-clip seed 1: diverged at step 7 (epoch 1) — layer 2's gradient norm reached infinity`,
/// or, stopped early, `... seed 1: stopped early at epoch 40 (best epoch 20, test loss 0.3120,
/// weights restored), 40 epochs (640 steps), train loss ...` (the figures of the best epoch
/// when its network was restored).
/// `elapsed` is left out when `None` (and always for a divergence).
pub fn summary(name: &str, outcome: &Outcome, elapsed: Option<Duration>) -> String {
    let head = crate::t!("network.summary.head", name = name, seed = outcome.seed);
    if let Some(d) = &outcome.diverged {
        let at = crate::t!("network.summary.diverged-at", step = d.step);
        let epoch = crate::t!("network.summary.in-epoch", epoch = d.epoch);
        let message = d.message();
        let message = if message.contains(&at) {
            message.replacen(&at, &format!("{at} {epoch}"), 1)
        } else {
            format!("{message} {epoch}")
        };
        return format!("{head}: {message}");
    }
    let mut parts = Vec::new();
    if let Some(s) = &outcome.stopped {
        let which = match outcome.last.as_ref().map(|e| e.test_loss) {
            Some(None) => "train",
            _ => "test",
        };
        parts.push(s.message(which, &loss_word(s.best_loss)));
    }
    parts.push(crate::t!(
        "network.summary.length",
        epochs = crate::tn!("network.summary.epochs", outcome.epochs),
        steps = crate::tn!("network.summary.steps", outcome.steps)
    ));
    let with_accuracy = |mut text: String, a: Option<f64>| {
        if let Some(a) = a {
            text.push(' ');
            text.push_str(&crate::t!(
                "network.summary.accuracy",
                accuracy = accuracy_word(a)
            ));
        }
        text
    };
    if let Some(e) = &outcome.last {
        let train = crate::t!("network.summary.train-loss", loss = loss_word(e.train_loss));
        parts.push(with_accuracy(train, e.train_accuracy));
        if let Some(l) = e.test_loss {
            let test = crate::t!("network.summary.test-loss", loss = loss_word(l));
            parts.push(with_accuracy(test, e.test_accuracy));
        }
    }
    if let Some(t) = elapsed {
        let seconds = format!("{:.2}", t.as_secs_f64());
        parts.push(crate::t!("network.summary.seconds", seconds = seconds));
    }
    format!("{head}: {}", parts.join(", "))
}

/// Trains a whole run and returns its JSON Lines: one line per evaluated epoch,
/// then the divergence line if it diverged, each line ending in a newline.
/// `epochs_limit` stops after that many epochs (an epoch only has a line if the
/// config evaluates it). Equal to the standard output of
/// `gradient-lab run ... --format jsonl` for the same config.
pub fn run_to_jsonl(config: &Checked, epochs_limit: Option<usize>) -> String {
    let mut run = Run::new(config);
    let mut out = String::new();
    let limit = epochs_limit.unwrap_or(usize::MAX);
    while !run.is_finished() && run.epochs_done() < limit {
        let step = run.step();
        if let Some(e) = &step.epoch_end {
            out.push_str(&jsonl_line(e));
            out.push('\n');
        }
    }
    if let Some(d) = run.diverged() {
        out.push_str(&divergence_line(d));
        out.push('\n');
    }
    if let Some(s) = run.stopped() {
        out.push_str(&stopped_line(s));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;
    use crate::engine::trainer::Stage;

    fn epoch() -> EpochReport {
        EpochReport {
            epoch: 3,
            step: 48,
            train_loss: 0.1,
            train_accuracy: Some(0.816),
            test_loss: Some(f64::NAN),
            test_accuracy: None,
            lr: 0.01,
        }
    }

    #[test]
    fn jsonl_round_trips_numbers_and_nulls_non_finite() {
        let line = jsonl_line(&epoch());
        assert_eq!(
            line,
            r#"{"epoch":3,"step":48,"train_loss":0.1,"train_accuracy":0.816,"test_loss":null,"test_accuracy":null,"lr":0.01}"#
        );
        let with = jsonl_line_with(
            &epoch(),
            &[(LayerFigure::GradNorm, vec![1e-20, f64::INFINITY])],
        );
        assert!(with.ends_with(r#","grad_norms":[1e-20,null]}"#), "{with}");
        let v: serde_json::Value = serde_json::from_str(&with).unwrap();
        assert_eq!(v["grad_norms"][0].as_f64(), Some(1e-20));
        let both = jsonl_line_with(
            &epoch(),
            &[
                (LayerFigure::GradNorm, vec![2.0]),
                (LayerFigure::WeightChange, vec![3e-4]),
            ],
        );
        assert!(
            both.ends_with(r#","grad_norms":[2.0],"weight_changes":[0.0003]}"#),
            "{both}"
        );
    }

    #[test]
    fn csv_and_table_line_up() {
        use LayerFigure::{GradNorm, WeightChange};
        assert_eq!(
            csv_header(2, &[GradNorm]),
            "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,lr,grad_norm_1,grad_norm_2"
        );
        // Asked for in either order, gradients come first.
        assert_eq!(
            csv_header(1, &[WeightChange, GradNorm]),
            "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,lr,grad_norm_1,weight_change_1"
        );
        assert_eq!(csv_header(3, &[]).split(',').count(), 7);
        assert_eq!(
            csv_line(&epoch(), &[(GradNorm, vec![2.5])]),
            "3,48,0.1,0.816,NaN,,0.01,2.5"
        );
        let figures = [(GradNorm, vec![2.5, 1e-9]), (WeightChange, vec![4e-5, 0.0])];
        let h = table_header(2, &[GradNorm, WeightChange]);
        let l = table_line(&epoch(), &figures);
        let chars = |s: &str| s.chars().count();
        assert_eq!(chars(&h), chars(&l), "\n{h}\n{l}");
        assert!(h.ends_with("   |grad| 2     |ΔW| 1     |ΔW| 2"), "{h}");
        assert!(l.contains("0.1000") && l.contains("0.816") && l.contains("1.000e-9"));
        assert!(l.ends_with("   4.000e-5    0.000e0"), "{l}");
    }

    #[test]
    fn layer_figures_follow_the_fixed_order_and_read_the_step() {
        let step = StepReport {
            step: 1,
            epoch: 1,
            loss: 1.0,
            grad_norm: 1.0,
            clipped: false,
            layers: vec![
                LayerStats {
                    grad_norm: 1.0,
                    weight_change: 0.1,
                    ..LayerStats::default()
                },
                LayerStats {
                    grad_norm: 2.0,
                    weight_change: 0.2,
                    ..LayerStats::default()
                },
            ],
            epoch_end: None,
            diverged: None,
            lr: 0.01,
            stopped: None,
        };
        let f = layer_figures(&[LayerFigure::WeightChange, LayerFigure::GradNorm], &step);
        assert_eq!(
            f,
            [
                (LayerFigure::GradNorm, vec![1.0, 2.0]),
                (LayerFigure::WeightChange, vec![0.1, 0.2])
            ]
        );
        assert!(layer_figures(&[], &step).is_empty());
    }

    #[test]
    fn summaries_read_as_sentences() {
        let mut o = Outcome {
            seed: 1,
            epochs: 500,
            steps: 8000,
            last: Some(EpochReport {
                test_loss: Some(0.43012),
                test_accuracy: Some(0.808),
                ..epoch()
            }),
            diverged: None,
            stopped: None,
        };
        assert_eq!(
            summary("e2", &o, Some(Duration::from_millis(1234))),
            "e2 seed 1: 500 epochs (8000 steps), train loss 0.1000 acc 0.816, test loss 0.4301 acc 0.808, 1.23 s"
        );
        o.diverged = Some(Divergence {
            step: 7,
            epoch: 1,
            layer: 2,
            stage: Stage::Backward,
            value: f64::INFINITY,
            last_grad_norm: 3.0,
        });
        let s = summary("e1-no-clip", &o, None);
        assert!(
            s.starts_with("e1-no-clip seed 1: diverged at step 7 (epoch 1) — layer 2"),
            "{s}"
        );
        assert_eq!(loss_word(20345.6), "20345.6000");
        assert_eq!(loss_word(2.0e6), "2.000e6");
    }

    #[test]
    fn a_stopped_run_says_so_in_its_summary_and_its_last_jsonl_line() {
        let stopped = Stopped {
            epoch: 40,
            best_epoch: 20,
            best_loss: 0.312,
            restored: true,
        };
        let o = Outcome {
            seed: 1,
            epochs: 40,
            steps: 640,
            last: Some(EpochReport {
                test_loss: Some(0.312),
                ..epoch()
            }),
            diverged: None,
            stopped: Some(stopped.clone()),
        };
        assert_eq!(
            summary("e2", &o, None),
            "e2 seed 1: stopped early at epoch 40 (best epoch 20, test loss 0.3120, weights restored), 40 epochs (640 steps), train loss 0.1000 acc 0.816, test loss 0.3120"
        );
        assert_eq!(
            stopped_line(&stopped),
            r#"{"stopped":{"epoch":40,"best_epoch":20,"best_loss":0.312,"restored":true}}"#
        );
    }

    #[test]
    fn run_to_jsonl_stops_at_the_limit_and_ends_with_the_divergence() {
        let config = crate::engine::config::Config {
            samples: 100,
            epochs: 5,
            ..Default::default()
        };
        let text = run_to_jsonl(&config.validate().unwrap(), Some(2));
        let epochs: Vec<u64> = text
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["epoch"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(epochs, [1, 2]);
        assert!(text.ends_with('\n'));

        let d = Divergence {
            step: 7,
            epoch: 1,
            layer: 2,
            stage: Stage::Backward,
            value: f64::INFINITY,
            last_grad_norm: 3.0,
        };
        let line = divergence_line(&d);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["diverged"]["step"].as_u64(), Some(7));
        assert_eq!(v["diverged"]["stage"].as_str(), Some("backward"));
        assert!(v["diverged"]["value"].is_null(), "infinity becomes null");
        assert_eq!(
            v["diverged"]["message"].as_str(),
            Some(d.message().as_str())
        );
    }
}
