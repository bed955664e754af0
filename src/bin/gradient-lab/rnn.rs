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

use crate::args::{self, Format};
use crate::output::{print_summary, report_number};
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
        return Err(usage(format!(
            "'rnn' takes one preset (got '{first}' and '{second}')"
        )));
    }
    if command.list || named == Some("presets") {
        if let Some(p) = named.filter(|p| *p != "presets") {
            return Err(usage(format!("'rnn --list' takes no preset (got '{p}')")));
        }
        return crate::presets::print_rnn_presets(&mut io::stdout().lock());
    }
    let name = named.unwrap_or(DEFAULT_PRESET);
    let Some(found) = rnn_presets::find(name) else {
        return Err(usage(format!(
            "unknown rnn preset '{name}' (presets: {})",
            rnn_presets::names().join(", ")
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
            .map_err(|e| usage(format!("could not draw the through-time panel: {e}")))?;
        std::fs::write(path, doc).map_err(|e| usage(format!("cannot write {path}: {e}")))?;
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
            writeln!(
                out,
                "{:>5}  {:>10} {:>10} {:>7}  {}  {:>10}",
                "step",
                "loss",
                "|grad|",
                "clipped",
                heads.join(" "),
                "h_T/h_1"
            )?
        }
        Format::Csv => writeln!(out, "{}", rnn_report::header(t))?,
        Format::Jsonl => {}
    }
    Ok(())
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
            let dh: Vec<String> = shown
                .iter()
                .map(|&k| format!("{:>10.3e}", r.dh_norms[k - 1]))
                .collect();
            let loss = if r.loss.abs() < 1e4 {
                format!("{:.5}", r.loss)
            } else {
                format!("{:.3e}", r.loss)
            };
            writeln!(
                out,
                "{:>5}  {:>10} {:>10.3e} {:>7}  {}  {:>10.3e}{}",
                r.step,
                loss,
                r.grad_norm,
                if r.clipped { "yes" } else { "" },
                dh.join(" "),
                r.decay_ratio(),
                if r.non_finite { "  non-finite" } else { "" }
            )?
        }
        Format::Csv => writeln!(out, "{}", rnn_report::row(r))?,
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
        format!(", forget bias {}", config.forget_bias)
    } else {
        String::new()
    };
    format!(
        "rnn {name}: {} on {} T={} H={}, {}{fb}, {} lr {}, clip {}, seed {}: loss {} -> {} over {} steps; |dh_T|/|dh_1| at step 1 = {:.3e}; {}",
        config.cell,
        config.task,
        config.t,
        config.hidden,
        config.recurrent_init,
        config.optimizer,
        config.lr,
        config.clip,
        config.seed,
        report::loss_word(first.loss),
        report::loss_word(last.loss),
        trainer.steps_done(),
        first.decay_ratio(),
        if trainer.went_non_finite() {
            format!("went non-finite at step {}", last.step)
        } else {
            "stayed finite".to_string()
        }
    )
}
