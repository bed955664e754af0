//! `run`: train a preset or a config file to the end, printing one line per evaluated
//! epoch (table, CSV or JSON Lines; `--every` thins them, `--layers` and `--changes`
//! add per-layer figures), then the summary. A diverged run is a result: it ends with
//! where and why, and exit 0. (`run` with a recurrent preset or `e7-cliff` never gets
//! here: main hands those to `rnn` and `cliff`.)

use std::io::{self, Write};
use std::time::Instant;

use clap::Args;
use gradient_lab::engine::config::{Checked, Config};
use gradient_lab::engine::data::Dataset;
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::{Edit, Run, LIVE_KEYS};
use gradient_lab::scenes::network::report::{self, LayerFigure, Outcome};
use gradient_lab::scenes::Action;

use crate::args::{self, ConfigInput, Format};
use crate::output::{self, machine, print_summary, said};
use crate::CliResult;

/// Train, printing metrics for each evaluated epoch, then a summary line
#[derive(Args)]
#[command(after_help = notes())]
pub struct RunCommand {
    #[command(flatten)]
    input: ConfigInput,
    /// table, csv or jsonl
    #[arg(long, value_name = "F", default_value = "table", value_parser = args::format)]
    format: Format,
    /// Print only every Nth evaluated epoch, and the last
    #[arg(long, value_name = "N", default_value = "1", value_parser = args::every)]
    every: usize,
    /// Add each layer's gradient norm ‖∂L/∂W‖ (input side first) at the
    /// last step of each printed epoch: columns grad_norm_1..L in CSV,
    /// a grad_norms list in JSON Lines, |grad| columns in the table
    #[arg(long, verbatim_doc_comment)]
    layers: bool,
    /// Add each layer's mean |ΔW| (the size of its weight update, E4's
    /// measure) at the same step: columns weight_change_1..L in CSV,
    /// a weight_changes list in JSON Lines, |ΔW| columns in the table
    #[arg(long, verbatim_doc_comment)]
    changes: bool,
    /// Change a setting once STEP steps are done, as the page's link
    /// records a change made mid-run (at=STEP:key=value); repeatable.
    /// Settings that can change mid-run: lr, l1, l2, dropout, batch_norm;
    /// w.LAYER.FROM.TO and b.LAYER.UNIT set one weight or bias (from 1)
    #[arg(long, value_name = "STEP:KEY=VALUE", value_parser = action, verbatim_doc_comment)]
    at: Vec<Action>,
}

/// `--at STEP:key=value`, read as the page's link reads `at=`.
pub fn action(word: &str) -> Result<Action, String> {
    let a = Action::parse(word)?;
    if let Some(edit) = Edit::parse(&a.key) {
        edit?;
        Edit::value(&a.key, &a.value).map_err(|e| e.to_string())?;
        return Ok(a);
    }
    if !LIVE_KEYS.contains(&a.key.as_str()) {
        return Err(said(
            "cli.run.not-live",
            &[("key", &a.key), ("keys", &LIVE_KEYS.join(", "))],
        ));
    }
    Ok(a)
}

/// What follows run's options in the help: the hand-over, the columns, the settings.
fn notes() -> String {
    let mut columns: Vec<String> = report::csv_header(1, &[])
        .split(',')
        .map(String::from)
        .collect();
    columns.push("grad_norm_1..L (with --layers)".into());
    columns.push("weight_change_1..L (with --changes)".into());
    format!(
        "\
A recurrent preset (e6-…) runs as 'rnn' does and e7-cliff as 'cliff' does, with their
options.

CSV columns (L: the number of layers, input side first; JSON Lines has the same keys,
and grad_norms and weight_changes lists):
{}

Settings (--set key=value, and the keys of a config file):
{}
(see 'gradient-lab config <preset>' for every setting with its value)",
        args::word_list(&columns),
        args::word_list(&Config::keys())
    )
}

/// Each change checked before training, so a bad one stops nothing half-way; an
/// edit against the net's widths.
pub fn check_actions(
    checked: &Checked,
    rows: Option<&Dataset>,
    actions: &[Action],
) -> CliResult<()> {
    let widths = Run::with_data(checked, rows)
        .map_err(|e| crate::usage(e.to_string()))?
        .widths();
    for a in actions {
        let checked_one = match Edit::parse(&a.key) {
            Some(Ok(edit)) => edit.check(&widths),
            _ => checked
                .with(&a.key, &a.value)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        };
        checked_one.map_err(|e| crate::usage(format!("--at {}: {e}", a.word())))?;
    }
    Ok(())
}

pub fn execute(command: &RunCommand) -> CliResult<()> {
    let (name, config, rows) = command.input.loaded()?;
    let checked = config.validate().map_err(|e| crate::usage(e.to_string()))?;
    let format = command.format;
    check_actions(&checked, rows.as_ref(), &command.at)?;
    let figures: Vec<LayerFigure> = [
        (command.layers, LayerFigure::GradNorm),
        (command.changes, LayerFigure::WeightChange),
    ]
    .into_iter()
    .filter_map(|(asked, figure)| asked.then_some(figure))
    .collect();
    let layers = checked.hidden.len() + 1;

    let start = Instant::now();
    let mut run =
        Run::with_data(&checked, rows.as_ref()).map_err(|e| crate::usage(e.to_string()))?;
    let mut out = io::stdout().lock();
    match format {
        Format::Table => writeln!(out, "{}", output::table_header(layers, &figures))?,
        Format::Csv => writeln!(out, "{}", report::csv_header(layers, &figures))?,
        Format::Jsonl => {}
    }
    let mut evaluated = 0usize;
    let mut pending: Option<String> = None;
    let mut last = None;
    // In step order; changes at one step keep the order they were given in.
    let mut actions = command.at.clone();
    actions.sort_by_key(|a| a.step);
    let mut actions = actions.into_iter().peekable();
    while !run.is_finished() {
        while let Some(a) = actions.next_if(|a| a.step <= run.steps()) {
            run.change(&a.key, &a.value)
                .map_err(|e| crate::usage(format!("--at {}: {e}", a.word())))?;
        }
        let step = run.step();
        let Some(epoch) = step.epoch_end.clone() else {
            continue;
        };
        evaluated += 1;
        let shown = report::layer_figures(&figures, &step);
        let line = match format {
            Format::Table => output::table_line(&epoch, &shown),
            Format::Csv => machine(|| report::csv_line(&epoch, &shown)),
            Format::Jsonl => machine(|| report::jsonl_line_with(&epoch, &shown)),
        };
        if evaluated.is_multiple_of(command.every) {
            writeln!(out, "{line}")?;
            pending = None;
        } else {
            pending = Some(line);
        }
        last = Some(epoch);
    }
    let elapsed = start.elapsed();
    if let Some(line) = pending {
        writeln!(out, "{line}")?;
    }
    if let (Format::Jsonl, Some(d)) = (format, run.diverged()) {
        writeln!(out, "{}", machine(|| report::divergence_line(d)))?;
    }
    if let (Format::Jsonl, Some(s)) = (format, run.stopped()) {
        writeln!(out, "{}", machine(|| report::stopped_line(s)))?;
    }
    if last.is_none() && run.diverged().is_none() {
        // No epoch was evaluated (epochs = 0): the summary shows the untrained net.
        last = Some(run.evaluate());
    }
    let summary = output::summary(&name, &Outcome::of(&run, last), Some(elapsed));
    print_summary(&mut out, format, &summary)?;
    Ok(())
}
