//! `rnn` (E6): train a recurrent net (vanilla RNN, LSTM or GRU) by full BPTT,
//! printing for each step the loss, the gradient norm, whether clipping acted and the
//! gradient reaching each time step |dL/dh_t| (table, CSV or JSON Lines), then a
//! summary; `--svg` draws the page's through-time panel. `rnn --list` (or `rnn
//! presets`) lists the recurrent presets, and `run <e6 preset>` comes here too.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{self, Theme, ThemeKind};
use gradient_lab::engine::recurrent::{CellKind, RnnConfig, RnnStepReport, RnnTrainer};
use gradient_lab::engine::settings::Settings;
use gradient_lab::scenes::network::report;
use gradient_lab::scenes::recurrent::presets as rnn_presets;
use gradient_lab::scenes::recurrent::report as rnn_report;
use gradient_lab::scenes::recurrent::trace::ThroughTime;
use gradient_lab::{t, tn};

use crate::args::{self, Format};
use crate::output::{
    cannot_write, machine, num, print_summary, report_number, said, said_with, width,
};
use crate::{usage, CliResult};

/// The preset trained when none is named.
const DEFAULT_PRESET: &str = "e6-vanishing";

/// Recurrent nets through time (E6): the gradient reaching each time step, by BPTT
#[derive(Args)]
#[command(after_help = notes())]
pub struct RnnCommand {
    /// A recurrent preset (see --list) [default: e6-vanishing]
    #[arg(value_name = "PRESET")]
    preset: Option<String>,
    /// A second preset: taken only to name both in the error.
    #[arg(hide = true)]
    extra: Vec<String>,
    /// List the recurrent presets (as 'rnn presets' does)
    #[arg(long)]
    list: bool,
    /// Change one setting; repeatable, applied in order
    /// (e.g. --set cell=lstm --set t=100)
    #[arg(long, value_name = "KEY=VALUE", value_parser = args::key_value, verbatim_doc_comment)]
    set: Vec<(String, String)>,
    /// table, csv or jsonl
    #[arg(long, value_name = "F", default_value = "table", value_parser = args::format)]
    format: Format,
    /// Print only the first step, every Nth and the last
    #[arg(long, value_name = "N", default_value = "1", value_parser = args::every)]
    every: usize,
    /// At the end, draw the page's through-time panel (heat map of
    /// |dL/dh_t| over t and training step, the last step's curve, the
    /// loss) as SVG to FILE
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    svg: Option<String>,
    /// default or projector
    #[arg(long, value_name = "T", default_value = "default", value_parser = args::theme)]
    theme: ThemeKind,
    /// WxH in pixels, from 200x150 to 8000x8000
    #[arg(long, value_name = "WxH", default_value = "1200x700", value_parser = args::size)]
    size: (u32, u32),
}

/// What follows rnn's options in the help: what each line holds, the settings.
fn notes() -> String {
    format!(
        "\
Trains a vanilla RNN, LSTM or GRU by full backpropagation through time on a sequence
task. Each step prints the loss, the gradient norm, whether clipping acted and the
gradient reaching each time step, |dL/dh_t| for t = 1..T (JSON Lines a dh_norms list;
the table shows t = 1, T/4, T/2, 3T/4, T and h_T/h_1). CSV columns (as the page's CSV):
{}

Settings (--set key=value; the defaults are the preset's):
{}",
        args::word_list(
            &rnn_report::columns(0)
                .into_iter()
                .chain(["dh_1..dh_T".to_string()])
                .collect::<Vec<_>>()
        ),
        args::word_list(&RnnConfig::keys())
    )
}

pub fn execute(command: &RnnCommand) -> CliResult<()> {
    let named = command.preset.as_deref();
    if let Some(second) = command.extra.first() {
        let first = named.unwrap_or_default();
        return Err(usage(said(
            "cli.rnn.one-preset",
            &[("first", first), ("second", second)],
        )));
    }
    if command.list || named == Some("presets") {
        if let Some(p) = named.filter(|p| *p != "presets") {
            return Err(usage(said("cli.rnn.list-no-preset", &[("got", p)])));
        }
        return crate::presets::print_rnn_presets(&mut io::stdout().lock());
    }
    let name = named.unwrap_or(DEFAULT_PRESET);
    let Some(found) = rnn_presets::find(name) else {
        return Err(usage(said(
            "cli.rnn.unknown-preset",
            &[
                ("name", name),
                ("presets", &rnn_presets::names().join(", ")),
            ],
        )));
    };
    let mut config: RnnConfig = found.config;
    for (k, v) in &command.set {
        config.set(k, v).map_err(|e| usage(e.to_string()))?;
    }
    config.validate().map_err(|e| usage(e.to_string()))?;
    train(command, name, &config)
}

/// Trains to the end, printing the steps asked for, the panel and the summary.
fn train(command: &RnnCommand, name: &str, config: &RnnConfig) -> CliResult<()> {
    let format = command.format;
    let t = config.t;
    let shown: Vec<usize> = {
        let mut s = vec![1, (t / 4).max(1), (t / 2).max(1), (3 * t / 4).max(1), t];
        s.dedup();
        s
    };
    let mut out = io::stdout().lock();
    print_header(&mut out, format, t, &shown)?;
    let mut trainer = RnnTrainer::new(config);
    let mut trace = ThroughTime::default();
    let mut first: Option<RnnStepReport> = None;
    let mut last: Option<RnnStepReport> = None;
    while let Some(r) = trainer.step() {
        if r.step == 1 || r.step % command.every == 0 || trainer.is_finished() {
            print_step(&mut out, format, &r, &shown)?;
        }
        if first.is_none() {
            first = Some(r.clone());
        }
        if command.svg.is_some() {
            trace.push(r.clone());
        }
        last = Some(r);
    }
    if let Some(path) = &command.svg {
        let (width, height) = command.size;
        let theme = Theme::new(command.theme, 1.0);
        let doc = charts::through_time::to_svg(&trace, config, &theme, width, height)
            .map_err(|e| usage(said("cli.rnn.cannot-draw", &[("error", &e.to_string())])))?;
        std::fs::write(path, doc).map_err(|e| cannot_write(path, &e))?;
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let summary = summary(name, config, &trainer, &first, &last);
    print_summary(&mut out, format, &summary)
}

/// The header: the table's columns (t = 1, T/4, T/2, 3T/4, T), or the CSV's.
fn print_header(out: &mut impl Write, format: Format, t: usize, shown: &[usize]) -> CliResult<()> {
    match format {
        Format::Table => {
            let heads: Vec<String> = shown
                .iter()
                .map(|k| format!("{:>10}", format!("|dh_{k}|")))
                .collect();
            let (step, loss, clipped) = heads_of_table();
            let (ws, wl, wc) = widths();
            writeln!(
                out,
                "{step:>ws$}  {loss:>wl$} {:>10} {clipped:>wc$}  {}  {:>10}",
                "|grad|",
                heads.join(" "),
                "h_T/h_1"
            )?
        }
        Format::Csv => writeln!(out, "{}", machine(|| rnn_report::header(t)))?,
        Format::Jsonl => {}
    }
    Ok(())
}

/// The table's headings of step, loss and clipping.
fn heads_of_table() -> (&'static str, &'static str, &'static str) {
    (
        t!("cli.rnn.head.step"),
        t!("cli.rnn.head.loss"),
        t!("cli.rnn.head.clipped"),
    )
}

/// The widths of those columns: the English ones, or wider for a longer heading.
fn widths() -> (usize, usize, usize) {
    let (step, loss, clipped) = heads_of_table();
    (width(5, step, 0), width(10, loss, 0), width(7, clipped, 0))
}

/// One training step's line.
fn print_step(
    out: &mut impl Write,
    format: Format,
    r: &RnnStepReport,
    shown: &[usize],
) -> CliResult<()> {
    match format {
        Format::Table => {
            let sci = |v: f64| num(&format!("{v:.3e}"));
            let dh: Vec<String> = shown
                .iter()
                .map(|&k| format!("{:>10}", sci(r.dh_norms[k - 1])))
                .collect();
            let loss = if r.loss.abs() < 1e4 {
                format!("{:.5}", r.loss)
            } else {
                format!("{:.3e}", r.loss)
            };
            let (ws, wl, wc) = widths();
            let non_finite = if r.non_finite {
                format!("  {}", t!("cli.rnn.non-finite"))
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:>ws$}  {:>wl$} {:>10} {:>wc$}  {}  {:>10}{non_finite}",
                r.step,
                num(&loss),
                sci(r.grad_norm),
                if r.clipped { t!("cli.yes") } else { "" },
                dh.join(" "),
                sci(r.decay_ratio()),
            )?
        }
        Format::Csv => writeln!(out, "{}", machine(|| rnn_report::row(r)))?,
        Format::Jsonl => {
            // JSON has no infinity or NaN: those are written as CSV writes them.
            let num = |v: f64| {
                if v.is_finite() {
                    serde_json::json!(v)
                } else {
                    serde_json::json!(report_number(v))
                }
            };
            let dh: Vec<serde_json::Value> = r.dh_norms.iter().map(|&v| num(v)).collect();
            let line = serde_json::json!({
                "step": r.step,
                "loss": num(r.loss),
                "grad_norm": num(r.grad_norm),
                "clipped": r.clipped,
                "non_finite": r.non_finite,
                "dh_norms": dh,
            });
            writeln!(out, "{line}")?
        }
    }
    Ok(())
}

/// The closing line: the net, the loss from first to last step, the decay ratio.
fn summary(
    name: &str,
    config: &RnnConfig,
    trainer: &RnnTrainer,
    first: &RnnStepReport,
    last: &RnnStepReport,
) -> String {
    let fb = if config.cell == CellKind::Lstm {
        t!("cli.rnn.forget-bias", bias = config.forget_bias)
    } else {
        String::new()
    };
    let end = if trainer.went_non_finite() {
        t!("cli.rnn.went-non-finite", step = last.step)
    } else {
        t!("cli.rnn.stayed-finite").to_string()
    };
    said_with(
        "cli.rnn.summary",
        &[
            ("t", &config.t),
            ("h", &config.hidden),
            ("lr", &config.lr),
            ("seed", &config.seed),
            ("first", &report::loss_word(first.loss)),
            ("last", &report::loss_word(last.loss)),
            ("steps", &tn!("cli.rnn.steps", trainer.steps_done())),
            ("ratio", &format!("{:.3e}", first.decay_ratio())),
        ],
        &[
            ("name", name),
            ("cell", &config.cell.to_string()),
            ("task", &config.task.to_string()),
            ("init", &config.recurrent_init.to_string()),
            ("fb", &fb),
            ("optimizer", &config.optimizer.to_string()),
            ("clip", &config.clip.to_string()),
            ("end", &end),
        ],
    )
}
