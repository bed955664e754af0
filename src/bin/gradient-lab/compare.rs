//! `compare` (E5): one config trained once per value of one setting, in lockstep,
//! printed side by side (table or CSV: each variant's train and test loss per
//! evaluated epoch from epoch 0) and, with `--svg`, drawn as overlaid loss curves.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{self, Theme, ThemeKind};
use gradient_lab::scenes::network::compare::{self, Comparison};

use crate::args::{self, ConfigInput, Format};
use crate::output::print_summary;
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
    let bad = || format!("--vary needs key=value,value,... (got '{v}')");
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
        Format::Jsonl => Err(format!("--format: compare prints table or csv (got '{v}')")),
        format => Ok(format),
    }
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
        .map_err(|e| usage(format!("could not draw the comparison: {e}")))?;
        std::fs::write(path, drawn).map_err(|e| usage(format!("cannot write {path}: {e}")))?;
    }
    let mut out = io::stdout().lock();
    let summaries = comparison.summaries(&name).join("\n");
    match command.format {
        Format::Csv => write!(out, "{}", comparison.csv())?,
        _ => write!(out, "{}", comparison.table())?,
    }
    print_summary(&mut out, command.format, &summaries)?;
    Ok(())
}
