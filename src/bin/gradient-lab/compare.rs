//! `compare` (E5): one config trained once per value of one setting, in lockstep,
//! printed side by side (table or CSV: each variant's train and test loss per
//! evaluated epoch from epoch 0) and, with `--svg`, drawn as overlaid loss curves.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{self, Theme, ThemeKind};
use gradient_lab::scenes::network::compare::{self, Comparison};
use gradient_lab::scenes::network::report::{loss_word, Outcome};
use gradient_lab::t;

use crate::args::{self, ConfigInput, Format};
use crate::output::{self, cannot_write, machine, num, print_summary, said};
use crate::{usage, CliResult};

/// Train the config once per value of one setting, side by side (E5)
#[derive(Args)]
#[command(after_help = "\
Prints each variant's train and test loss per evaluated epoch, from epoch 0 (CSV: epoch,
then train_loss_<value> and test_loss_<value> per variant), then one summary line per
variant. A variant that diverges stops there; the others go on. The target, --set,
--seed and --epochs are as for 'run' ('gradient-lab help run' lists the settings).")]
pub struct CompareCommand {
    #[command(flatten)]
    input: ConfigInput,
    #[arg(long, value_name = "KEY=V1,V2,...", value_parser = vary, help = vary_help())]
    vary: Option<(String, Vec<String>)>,
    /// table or csv
    #[arg(long, value_name = "F", default_value = "table", value_parser = compare_format)]
    format: Format,
    /// Draw the loss curves overlaid, as SVG, to FILE
    #[arg(long, value_name = "FILE")]
    svg: Option<String>,
    /// A log y axis for --svg
    #[arg(long)]
    log: bool,
    /// default or projector
    #[arg(long, value_name = "T", default_value = "default", value_parser = args::theme)]
    theme: ThemeKind,
    /// WxH in pixels, from 200x150 to 8000x8000
    #[arg(long, value_name = "WxH", default_value = "1200x600", value_parser = args::size)]
    size: (u32, u32),
}

fn vary_help() -> String {
    format!(
        "The setting to vary and its values\n[default: activation={}];\nvalues holding commas are separated by '/': hidden=8,8/32,32",
        compare::activations().join(",")
    )
}

/// `--vary key=v1,v2,…` (or `key=a/b/…` when the values hold commas, as
/// `hidden=8,8/32,32` does) as the key and its values.
fn vary(v: &str) -> Result<(String, Vec<String>), String> {
    let bad = || said("cli.vary-needs", &[("got", v)]);
    let (key, list) = args::key_value(v).map_err(|_| bad())?;
    let sep = if list.contains('/') { '/' } else { ',' };
    let values: Vec<String> = list.split(sep).map(|x| x.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(bad());
    }
    Ok((key, values))
}

/// `--format` as `run` reads it, less jsonl.
fn compare_format(v: &str) -> Result<Format, String> {
    match args::format(v)? {
        Format::Jsonl => Err(said("cli.compare.format-is", &[("got", v)])),
        format => Ok(format),
    }
}

/// A table cell fits "2.3029 / 2.3167".
const TABLE_CELL: usize = 15;

/// The losses as a table for a terminal: per variant, train and test loss (as
/// `Comparison::table` writes it in English).
fn table(comparison: &Comparison) -> String {
    let epoch = t!("cli.compare.head.epoch");
    let pair = t!("cli.compare.head.train-test");
    let first = output::width(7, epoch, 2);
    let cell = comparison
        .variants
        .iter()
        .map(|v| v.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(TABLE_CELL)
        .max(pair.chars().count());
    let mut out = format!("{:>first$}", "");
    for v in &comparison.variants {
        out.push_str(&format!("  {:>cell$}", v.label));
    }
    out.push('\n');
    out.push_str(&format!("{epoch:>first$}"));
    for _ in &comparison.variants {
        out.push_str(&format!("  {pair:>cell$}"));
    }
    out.push('\n');
    for (epoch, cells) in comparison.epoch_rows() {
        out.push_str(&format!("{epoch:>first$}"));
        for e in cells {
            let shown = e.map_or_else(String::new, |e| {
                let test = e.test_loss.map_or_else(|| "-".to_string(), loss_word);
                format!("{} / {}", num(&loss_word(e.train_loss)), num(&test))
            });
            out.push_str(&format!("  {shown:>cell$}"));
        }
        out.push('\n');
    }
    out
}

/// One summary line per variant, as `run` ends: `e5-digits-sigmoid activation=relu
/// seed 1: 10 epochs (130 steps), train loss …` or `… diverged at step N …`.
fn summaries(comparison: &Comparison, name: &str) -> Vec<String> {
    comparison
        .variants
        .iter()
        .map(|v| {
            let last = v.history.epochs.last().filter(|e| e.epoch > 0).cloned();
            let who = format!("{name} {}={}", comparison.key, v.label);
            output::summary(&who, &Outcome::of(&v.run, last), None)
        })
        .collect()
}

pub fn execute(command: &CompareCommand) -> CliResult<()> {
    let (name, config, rows) = command.input.checked_loaded()?;
    let (key, values) = command
        .vary
        .clone()
        .unwrap_or_else(|| ("activation".to_string(), compare::activations()));
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut comparison = Comparison::with_data(&config, rows.as_ref(), &key, &values)
        .map_err(|e| usage(e.to_string()))?;
    while comparison.step_all() > 0 {}

    if let Some(path) = &command.svg {
        let (width, height) = command.size;
        let drawn = charts::compare::to_svg(
            &charts::compare::Compared::of(&comparison, command.log),
            &Theme::new(command.theme, 1.0),
            width,
            height,
        )
        .map_err(|e| {
            usage(said(
                "cli.compare.cannot-draw",
                &[("error", &e.to_string())],
            ))
        })?;
        std::fs::write(path, drawn).map_err(|e| cannot_write(path, &e))?;
    }
    let mut out = io::stdout().lock();
    let summaries = summaries(&comparison, &name).join("\n");
    match command.format {
        Format::Csv => write!(out, "{}", machine(|| comparison.csv()))?,
        _ => write!(out, "{}", table(&comparison))?,
    }
    print_summary(&mut out, command.format, &summaries)?;
    Ok(())
}
