//! How the commands end and write numbers: the closing summary (after a table on
//! standard output, else on standard error after a flush, so CSV and JSON Lines stay
//! machine-readable), numbers as the library's CSV writes them, and the texts people
//! read in the language of `--lang`: `run`'s and `compare`'s table and summaries, the
//! divergence and early-stop sentences, and cells padded to a column.
//!
//! The machine-readable lines (CSV, JSON Lines) are written in English whatever the
//! language ([`machine`]); the human ones come from the catalog (`cli.*` keys), whose
//! English is the text these lines always had, so English output is unchanged.

use std::fmt::Display;
use std::io::{self, Write};
use std::time::Duration;

use gradient_lab::engine::early_stop::Stopped;
use gradient_lab::engine::trainer::{Divergence, EpochReport, Stage};
use gradient_lab::lang::{self, Lang};
use gradient_lab::scenes::network::report::{accuracy_word, loss_word, LayerFigure, Outcome};
use gradient_lab::{t, tn};

use crate::args::Format;
use crate::{usage, CliResult, Failure};

/// The closing summary: after a table on standard output; on standard error after
/// CSV or JSON Lines, so those stay machine-readable.
pub fn print_summary(out: &mut impl Write, format: Format, summary: &str) -> CliResult<()> {
    if format == Format::Table {
        writeln!(out, "{summary}")?;
    } else {
        out.flush()?;
        writeln!(io::stderr().lock(), "{summary}")?;
    }
    Ok(())
}

/// A number as the library's CSV writes it: shortest round-trip form, `inf`, `-inf`
/// or `nan` for the non-finite.
pub fn report_number(v: f64) -> String {
    gradient_lab::scenes::network::history::number(v)
}

/// `cannot write FILE: why`, as bad input.
pub fn cannot_write(path: &str, e: &io::Error) -> Failure {
    usage(said(
        "cli.cannot-write-file",
        &[("file", path), ("error", &e.to_string())],
    ))
}

/// `f` run in English: CSV and JSON Lines never change with `--lang`.
pub fn machine<R>(f: impl FnOnce() -> R) -> R {
    lang::with(Lang::En, f)
}

/// The catalog's `key` with `{name}` placeholders replaced by `args` as they are:
/// for what the user typed (an option, a value, a file name), which keeps its decimal
/// point in every language, where [`t!`] would write `0.5` as `0,5`.
pub fn said(key: &str, args: &[(&str, &str)]) -> String {
    let mut text = lang::tr(key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// [`said`] for the literal `args`, after `numbers` are filled as [`t!`] fills them.
pub fn said_with(key: &str, numbers: &[(&str, &dyn Display)], args: &[(&str, &str)]) -> String {
    let mut text = lang::fill_text(lang::tr(key), numbers);
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A number (or a cell of numbers such as `0.25 @3`) with the language's decimal
/// mark: each word of it that is a plain decimal number.
pub fn num(s: &str) -> String {
    if !lang::current().decimal_comma() {
        return s.to_string();
    }
    s.split(' ').map(lang::number).collect::<Vec<_>>().join(" ")
}

/// `(x, y)` as the language writes a point: `(0,5; 1)` where the decimal mark is a
/// comma.
pub fn point(x: &dyn Display, y: &dyn Display) -> String {
    t!("cli.point", x = x.to_string(), y = y.to_string())
}

/// A column's width: the English one, or wider where the heading is longer (by
/// `gap`, the room kept before it).
pub fn width(english: usize, head: &str, gap: usize) -> usize {
    english.max(head.chars().count() + gap)
}

/// The columns of `run`'s table: (heading, width).
fn run_columns() -> [(&'static str, usize); 6] {
    [
        (t!("cli.run.head.epoch"), 7),
        (t!("cli.run.head.step"), 10),
        (t!("cli.run.head.train-loss"), 13),
        (t!("cli.run.head.train-acc"), 11),
        (t!("cli.run.head.test-loss"), 13),
        (t!("cli.run.head.test-acc"), 11),
    ]
    .map(|(head, w)| (head, width(w, head, 2)))
}

/// Width of each per-layer column.
const LAYER_WIDTH: usize = 11;

/// The per-layer columns' heads are this and the layer number: `|grad| 1`.
fn figure_word(f: LayerFigure) -> &'static str {
    match f {
        LayerFigure::GradNorm => "|grad|",
        LayerFigure::WeightChange => "|ΔW|",
    }
}

/// `run`'s table header for a net of `layers` layers with the `figures` asked for.
pub fn table_header(layers: usize, figures: &[LayerFigure]) -> String {
    let mut s = String::new();
    for (name, width) in run_columns() {
        s.push_str(&format!("{name:>width$}"));
    }
    for f in LayerFigure::ALL.iter().filter(|f| figures.contains(f)) {
        for l in 1..=layers {
            s.push_str(&format!(
                "{:>LAYER_WIDTH$}",
                format!("{} {l}", figure_word(*f))
            ));
        }
    }
    s
}

/// One row of `run`'s table, aligned under [`table_header`].
pub fn table_line(report: &EpochReport, figures: &[(LayerFigure, Vec<f64>)]) -> String {
    let w = run_columns().map(|c| c.1);
    let cells = [
        report.epoch.to_string(),
        report.step.to_string(),
        loss_word(report.train_loss),
        report.train_accuracy.map_or("-".into(), accuracy_word),
        report.test_loss.map_or("-".into(), loss_word),
        report.test_accuracy.map_or("-".into(), accuracy_word),
    ];
    let mut s = String::new();
    for (cell, width) in cells.iter().zip(w) {
        s.push_str(&format!("{:>width$}", num(cell)));
    }
    for &v in figures.iter().flat_map(|(_, values)| values) {
        let cell = if v.is_finite() {
            format!("{v:.3e}")
        } else {
            loss_word(v)
        };
        s.push_str(&format!("{:>LAYER_WIDTH$}", num(&cell)));
    }
    s
}

/// A figure in a divergence sentence: `1.234e5`, `NaN` or `infinity`.
fn shown(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        t!("cli.infinity").into()
    } else {
        format!("{v:.3e}")
    }
}

/// Where and why a run diverged, with the epoch: `diverged at step 7 (epoch 1) —
/// layer 2's gradient norm reached infinity`.
pub fn divergence(d: &Divergence) -> String {
    let key = match d.stage {
        Stage::Forward => "cli.diverged.forward",
        Stage::Loss => "cli.diverged.loss",
        Stage::Backward => "cli.diverged.backward",
        Stage::Update => "cli.diverged.update",
    };
    t!(
        key,
        step = d.step,
        epoch = d.epoch,
        layer = d.layer,
        value = shown(d.value),
        grad = shown(d.last_grad_norm)
    )
}

/// `stopped early at epoch 40 (best epoch 20, test loss 0.3120, weights restored)`.
fn stopped(s: &Stopped, on_test: bool) -> String {
    let key = match (on_test, s.restored) {
        (true, false) => "cli.stopped.test",
        (true, true) => "cli.stopped.test-restored",
        (false, false) => "cli.stopped.train",
        (false, true) => "cli.stopped.train-restored",
    };
    t!(
        key,
        epoch = s.epoch,
        best = s.best_epoch,
        loss = loss_word(s.best_loss)
    )
}

/// The one line that ends a run (and each of `compare`'s variants), as
/// `report::summary` writes it in English: `e2-shallow-tanh seed 1: 500 epochs (8000
/// steps), train loss 0.4123 acc 0.816, test loss 0.4301 acc 0.808, 1.23 s`, or where
/// it diverged, or where it stopped early first.
pub fn summary(name: &str, outcome: &Outcome, elapsed: Option<Duration>) -> String {
    let head = said_with(
        "cli.summary.head",
        &[("seed", &outcome.seed)],
        &[("name", name)],
    );
    if let Some(d) = &outcome.diverged {
        return format!("{head}: {}", divergence(d));
    }
    let mut parts = Vec::new();
    if let Some(s) = &outcome.stopped {
        let on_test = !matches!(outcome.last.as_ref().map(|e| e.test_loss), Some(None));
        parts.push(stopped(s, on_test));
    }
    parts.push(format!(
        "{} ({})",
        tn!("cli.summary.epochs", outcome.epochs),
        tn!("cli.summary.steps", outcome.steps)
    ));
    if let Some(e) = &outcome.last {
        let mut train = t!("cli.summary.train-loss", loss = loss_word(e.train_loss));
        if let Some(a) = e.train_accuracy {
            train.push_str(&format!(
                " {}",
                t!("cli.summary.acc", acc = accuracy_word(a))
            ));
        }
        parts.push(train);
        if let Some(l) = e.test_loss {
            let mut test = t!("cli.summary.test-loss", loss = loss_word(l));
            if let Some(a) = e.test_accuracy {
                test.push_str(&format!(
                    " {}",
                    t!("cli.summary.acc", acc = accuracy_word(a))
                ));
            }
            parts.push(test);
        }
    }
    if let Some(t) = elapsed {
        parts.push(t!(
            "cli.summary.seconds",
            s = format!("{:.2}", t.as_secs_f64())
        ));
    }
    format!("{head}: {}", parts.join(", "))
}
