//! `presets`: every preset with its title and caption; the networks (for `run`,
//! `config`, `chart` and `compare`) first, then the recurrent nets (E6, for `rnn`) and
//! the cliff (E7, for `cliff`) and the optimizer race (E8, for `race`). `rnn --list` prints the recurrent part alone.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::lang;
use gradient_lab::scenes::cliff::config as cliff_preset;
use gradient_lab::scenes::network::presets;
use gradient_lab::scenes::race::presets as race_presets;
use gradient_lab::scenes::recurrent::presets as rnn_presets;
use gradient_lab::t;

use crate::CliResult;

/// List the presets: name, title and the two-line caption of each
#[derive(Args)]
#[command(after_help = "\
The networks come first (for run, config, chart and compare), then the recurrent nets
(E6, for rnn), the cliff (E7, for cliff) and the optimizer race (E8, for race);\n'run' takes any of them.")]
pub struct PresetsCommand {}

pub fn execute(_: &PresetsCommand) -> CliResult<()> {
    let mut out = io::stdout().lock();
    let networks = presets::all();
    print_presets(
        &mut out,
        networks.iter().map(|p| (p.name, p.title, p.caption)),
    )?;
    writeln!(out, "\n{}\n", t!("cli.presets.rnn"))?;
    print_rnn_presets(&mut out)?;
    writeln!(out, "\n{}\n", t!("cli.presets.cliff"))?;
    let cliff = ("e7-cliff", cliff_preset::TITLE, cliff_preset::CAPTION);
    print_presets(&mut out, std::iter::once(cliff))?;
    writeln!(out, "\n{}\n", t!("cli.presets.race"))?;
    let races = race_presets::all();
    print_presets(&mut out, races.iter().map(|p| (p.name, p.title, p.caption)))
}

/// The recurrent presets, as `rnn --list` prints them.
pub fn print_rnn_presets(out: &mut impl Write) -> CliResult<()> {
    let all = rnn_presets::all();
    print_presets(out, all.iter().map(|p| (p.name, p.title, p.caption)))
}

/// Name and title, then the caption indented beneath; a blank line between. The
/// title and caption in the language of `--lang` (`preset.<name>.title`, `.caption`).
fn print_presets<'a>(
    out: &mut impl Write,
    all: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> CliResult<()> {
    let all: Vec<_> = all.collect();
    let width = all.iter().map(|p| p.0.len()).max().unwrap_or(0);
    for (i, (name, title, caption)) in all.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let title = lang::text_of("preset.", name, ".title", title);
        let caption = lang::text_of("preset.", name, ".caption", caption);
        writeln!(out, "{name:width$}  {title}")?;
        for line in caption.lines() {
            writeln!(out, "{:width$}  {line}", "")?;
        }
    }
    Ok(())
}
