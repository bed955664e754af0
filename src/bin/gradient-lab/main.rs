//! `gradient-lab`: the headless command line. Lists the presets, prints a preset's
//! config as JSON, trains a preset or a config file (printing one line per evaluated
//! epoch as a table, CSV or JSON Lines, then a summary), draws the page's panels as
//! SVG, compares variants side by side, and runs the cliff and the recurrent nets.
//!
//! The arguments are parsed by clap (derive): this file holds the [`Cli`] with its
//! [`Command`] enum, the dispatch to one module per subcommand, the help text made of
//! every command's generated help, and the exit codes. Exit codes: 0 when the run
//! happened (a diverged run included: divergence is a result), 2 for bad input (one
//! line on standard error naming it, clap's own errors folded to one line too), 1 when
//! the output cannot be written. A closed pipe (`| head`) ends the run quietly.
//!
//! Cargo builds this bin for wasm32 too (`cargo test --target wasm32-unknown-unknown`
//! builds every target), and clap is a native-only dependency, so there the bin is an
//! empty `main` and everything else here is native only.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod catalog;
#[cfg(not(target_arch = "wasm32"))]
mod chart;
#[cfg(not(target_arch = "wasm32"))]
mod cliff;
#[cfg(not(target_arch = "wasm32"))]
mod compare;
#[cfg(not(target_arch = "wasm32"))]
mod config;
#[cfg(not(target_arch = "wasm32"))]
mod output;
#[cfg(not(target_arch = "wasm32"))]
mod presets;
#[cfg(not(target_arch = "wasm32"))]
mod race;
#[cfg(not(target_arch = "wasm32"))]
mod rnn;
#[cfg(not(target_arch = "wasm32"))]
mod run;

#[cfg(not(target_arch = "wasm32"))]
use std::{
    error::Error as _,
    io::{self, Write},
    process::ExitCode,
};

#[cfg(not(target_arch = "wasm32"))]
use clap::{
    error::{ContextKind, ContextValue, ErrorKind},
    CommandFactory, Parser, Subcommand,
};
#[cfg(not(target_arch = "wasm32"))]
use gradient_lab::lang::{self, Lang};
#[cfg(not(target_arch = "wasm32"))]
use gradient_lab::t;
#[cfg(not(target_arch = "wasm32"))]
use output::said;

/// The general notes that close the top of the help, before each command's own.
#[cfg(not(target_arch = "wasm32"))]
const NOTES: &str = "\
A config file is JSON and may leave settings out: they take their defaults. '-' reads
the config JSON from standard input.

run, compare, cliff, rnn and race print a table (the default), CSV or JSON Lines on standard
output, then a summary: after the table on standard output, on standard error after csv
and jsonl so those stay machine-readable. A run that diverges prints where and why and
exits 0 (with jsonl, as a final {\"diverged\": {...}} line); so does one stopped early
(early_stop=true; a final {\"stopped\": {...}} line). Bad input prints one line on
standard error and exits 2; an output that cannot be written exits 1.

'gradient-lab help <command>' shows one command; every command follows here.";

/// The command line: one subcommand, or none (an error naming it).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Parser)]
#[command(
    name = "gradient-lab",
    version,
    about = "gradient-lab: train small neural networks and watch their gradients",
    after_help = NOTES,
    disable_help_subcommand = true,
    args_override_self = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The language of tables, summaries and messages: en (the default), uk or ru.
    /// CSV and JSON keys never change with it
    #[arg(long, global = true, value_name = "en|uk|ru", value_parser = lang_word)]
    lang: Option<Lang>,
}

#[cfg(not(target_arch = "wasm32"))]
fn lang_word(w: &str) -> Result<Lang, String> {
    Lang::from_word(w).ok_or_else(|| said("cli.lang-is", &[("got", w)]))
}

/// Moves `--lang X` (and `--lang=X`) after the other arguments, so that the command
/// is the first of them however the language was given (`--lang uk run e6-lstm` is
/// handed over as `run e6-lstm` is); before a `--`, which ends the options.
#[cfg(not(target_arch = "wasm32"))]
fn lang_last(args: &mut Vec<String>) {
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let mut kept = Vec::with_capacity(args.len());
    let mut moved = Vec::new();
    let mut i = 0;
    while i < end {
        let a = &args[i];
        if a == "--lang" && i + 1 < end {
            moved.extend([a.clone(), args[i + 1].clone()]);
            i += 2;
            continue;
        }
        if a.starts_with("--lang=") {
            moved.push(a.clone());
        } else {
            kept.push(a.clone());
        }
        i += 1;
    }
    kept.extend(moved);
    kept.extend(args.drain(end..));
    *args = kept;
}

/// The language `--lang` names, read before clap parses the rest, so that clap's
/// errors and our value parsers' messages are in it too.
#[cfg(not(target_arch = "wasm32"))]
fn lang_given(args: &[String]) -> Option<Lang> {
    let mut given = None;
    let mut words = args.iter().take_while(|a| *a != "--");
    while let Some(a) = words.next() {
        let word = match a.strip_prefix("--lang") {
            Some("") => words.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(l) = word.and_then(Lang::from_word) {
            given = Some(l);
        }
    }
    given
}

/// The subcommands; each one's texts and options are in its own module.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Subcommand)]
enum Command {
    Presets(presets::PresetsCommand),
    Run(run::RunCommand),
    Config(config::ConfigCommand),
    Chart(chart::ChartCommand),
    Compare(compare::CompareCommand),
    Cliff(cliff::CliffCommand),
    Race(race::RaceCommand),
    Rnn(rnn::RnnCommand),
    Catalog(catalog::CatalogCommand),
    /// Show this text, or one command's options
    Help {
        /// The command to show alone
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Print the version (as --version does)
    #[command(hide = true)]
    Version,
}

/// Why the command stopped early.
#[cfg(not(target_arch = "wasm32"))]
enum Failure {
    /// Bad input: one line for standard error; exit code 2.
    Usage(String),
    /// Standard output or error could not be written.
    Output(io::Error),
}

#[cfg(not(target_arch = "wasm32"))]
impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

#[cfg(not(target_arch = "wasm32"))]
type CliResult<T> = Result<T, Failure>;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            // One line, whatever the message holds.
            let line = message.replace(['\n', '\r'], " ");
            eprintln!("gradient-lab: {line}");
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("gradient-lab: {}", t!("cli.cannot-write", error = e));
            ExitCode::from(1)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn dispatch(mut args: Vec<String>) -> CliResult<()> {
    lang_last(&mut args);
    hand_over(&mut args);
    lang::set(lang_given(&args).unwrap_or_default());
    let argv = std::iter::once("gradient-lab".to_string()).chain(args.iter().cloned());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(&e, &args),
    };
    lang::set(cli.lang.unwrap_or_default());
    match cli.command {
        None => Err(usage(t!("cli.no-command"))),
        Some(Command::Presets(c)) => presets::execute(&c),
        Some(Command::Run(c)) => run::execute(&c),
        Some(Command::Config(c)) => config::execute(&c),
        Some(Command::Chart(c)) => chart::execute(&c),
        Some(Command::Compare(c)) => compare::execute(&c),
        Some(Command::Cliff(c)) => cliff::execute(&c),
        Some(Command::Race(c)) => race::execute(&c),
        Some(Command::Rnn(c)) => rnn::execute(&c),
        Some(Command::Catalog(c)) => catalog::execute(&c),
        Some(Command::Help { command: None }) => help(),
        Some(Command::Help { command: Some(c) }) => help_of(&c),
        Some(Command::Version) => {
            writeln!(
                io::stdout().lock(),
                "gradient-lab {}",
                env!("CARGO_PKG_VERSION")
            )?;
            Ok(())
        }
    }
}

/// `run` hands a recurrent preset to `rnn` and the cliff to `cliff`, options and all.
#[cfg(not(target_arch = "wasm32"))]
fn hand_over(args: &mut Vec<String>) {
    if args.first().map(String::as_str) != Some("run") {
        return;
    }
    // The registry says whose preset it is; each kind's subcommand is its own.
    let kind = args
        .get(1)
        .and_then(|p| gradient_lab::scenes::open(p))
        .map(|setup| setup.kind().word);
    match kind {
        Some("recurrent") => args[0] = "rnn".into(),
        Some("race") => args[0] = "race".into(),
        Some("cliff") => {
            // The cliff is one preset: its subcommand takes no name.
            args.remove(1);
            args[0] = "cliff".into();
        }
        _ => {}
    }
}

/// What a clap error means here: the help or the version, or bad input in one line.
#[cfg(not(target_arch = "wasm32"))]
fn clap_failure(e: &clap::Error, args: &[String]) -> CliResult<()> {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => help(),
        ErrorKind::DisplayVersion => {
            write!(io::stdout().lock(), "{}", e.render())?;
            Ok(())
        }
        _ => Err(usage(one_line(e, args))),
    }
}

/// A clap error as one line naming the problem, in the words the hand-written parser
/// used (the tests and the pinned outputs hold them).
#[cfg(not(target_arch = "wasm32"))]
fn one_line(e: &clap::Error, args: &[String]) -> String {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.as_str(),
        _ => "",
    };
    // The option as typed, without clap's value name: "--seed <N>" is "--seed".
    let flag = context(ContextKind::InvalidArg)
        .split([' ', '='])
        .next()
        .unwrap_or_default();
    let value = context(ContextKind::InvalidValue);
    let command = args
        .first()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'));
    // Our value parsers' own messages name the option.
    if let (ErrorKind::ValueValidation, Some(source)) = (e.kind(), e.source()) {
        return source.to_string();
    }
    match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            said("cli.needs", &[("flag", flag), ("what", needs(flag))])
        }
        ErrorKind::TooManyValues => said("cli.no-value", &[("flag", flag), ("got", value)]),
        ErrorKind::UnknownArgument => unknown_argument(e, flag, command),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand);
            let hint = match e.get(ContextKind::SuggestedSubcommand) {
                Some(ContextValue::Strings(s)) if !s.is_empty() => Some(s[0].as_str()),
                _ => None,
            };
            unknown_command(name, hint)
        }
        // Anything else: the first line of clap's own message.
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    }
}

/// What an option that was given no value needs.
#[cfg(not(target_arch = "wasm32"))]
fn needs(flag: &str) -> &'static str {
    match flag {
        "--set" => t!("cli.needs.pair"),
        "--seed" | "--epochs" | "--every" | "--steps" => t!("cli.needs.number"),
        "--format" => t!("cli.needs.format"),
        "--vary" => "key=value,value,...",
        _ => t!("cli.needs.value"),
    }
}

/// An option (or argument) the command does not take.
#[cfg(not(target_arch = "wasm32"))]
fn unknown_argument(e: &clap::Error, flag: &str, command: Option<&str>) -> String {
    let Some(command) = command else {
        return said("cli.unknown-option.before", &[("flag", flag)]);
    };
    match command {
        "presets" => return said("cli.presets.no-arguments", &[("got", flag)]),
        "help" if !flag.starts_with('-') => return said("cli.help.one-command", &[("got", flag)]),
        _ => {}
    }
    // config, chart and compare take run's config, not its output options.
    let of_run = Cli::command().find_subcommand("run").is_some_and(|run| {
        run.get_arguments()
            .any(|a| a.get_long() == flag.strip_prefix("--"))
    });
    if of_run && matches!(command, "config" | "chart" | "compare") {
        return said(
            "cli.unknown-option.of-run",
            &[("flag", flag), ("command", command)],
        );
    }
    let of = matches!(command, "cliff" | "rnn" | "race");
    let args = [("flag", flag), ("command", command)];
    match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => {
            let key = if of {
                "cli.unknown-option.of-mean"
            } else {
                "cli.unknown-option.mean"
            };
            said(key, &[args[0], args[1], ("mean", s)])
        }
        _ if of => said("cli.unknown-option.of", &args),
        _ => said("cli.unknown-option", &args),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn unknown_command(name: &str, hint: Option<&str>) -> String {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    let names = names.join(", ");
    match hint {
        Some(mean) => said(
            "cli.unknown-command.mean",
            &[("name", name), ("mean", mean), ("commands", &names)],
        ),
        None => said(
            "cli.unknown-command",
            &[("name", name), ("commands", &names)],
        ),
    }
}

/// The help: the top's, then each command's, all generated by clap.
#[cfg(not(target_arch = "wasm32"))]
fn help() -> CliResult<()> {
    let mut cli = Cli::command();
    cli.build();
    let mut text = cli.render_help().to_string();
    for command in cli.get_subcommands_mut() {
        if command.is_hide_set() || command.get_name() == "help" {
            continue;
        }
        let rule = "─".repeat(88);
        let shown = command.render_help().to_string();
        text = format!("{}\n\n{rule}\n{}", text.trim_end(), shown.trim_end());
    }
    writeln!(io::stdout().lock(), "{}", text.trim_end())?;
    Ok(())
}

/// `help <command>`: that command's help alone.
#[cfg(not(target_arch = "wasm32"))]
fn help_of(name: &str) -> CliResult<()> {
    let mut cli = Cli::command();
    cli.build();
    let Some(command) = cli
        .get_subcommands_mut()
        .find(|c| c.get_name() == name && !c.is_hide_set())
    else {
        return Err(usage(unknown_command(name, None)));
    };
    write!(io::stdout().lock(), "{}", command.render_help())?;
    Ok(())
}
