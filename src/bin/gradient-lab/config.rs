//! `config`: the full config of a preset or a config file, with `--set`, `--seed`
//! and `--epochs` applied, printed as JSON to edit and pass back to `run`.

use std::io::{self, Write};

use clap::Args;

use crate::args::ConfigInput;
use crate::CliResult;

/// Print the full config as JSON, to edit and pass back to 'run'
#[derive(Args)]
#[command(after_help = "\
The target, --set, --seed and --epochs are as for 'run' ('gradient-lab help run' lists
the settings); the config is checked before it is printed.")]
pub struct ConfigCommand {
    #[command(flatten)]
    input: ConfigInput,
}

pub fn execute(command: &ConfigCommand) -> CliResult<()> {
    let (_, config) = command.input.checked()?;
    writeln!(io::stdout().lock(), "{}", config.to_json())?;
    Ok(())
}
