//! `gradient-lab`: the headless command line. Lists the presets, prints a preset's
//! config as JSON, and trains a preset or a config file, printing one line per
//! evaluated epoch (table, CSV or JSON Lines) and a summary.
//!
//! Exit codes: 0 when the run happened (a diverged run included: divergence is a
//! result), 2 for bad input (one line on stderr naming it), 1 when the output
//! cannot be written. A closed pipe (`| head`) ends the run quietly.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use gradient_lab::charts::{self, Panel, Theme, ThemeKind};
use gradient_lab::engine::config::{Config, ConfigError};
use gradient_lab::engine::recurrent::{RnnConfig, RnnStepReport, RnnTrainer};
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::Run;
use gradient_lab::engine::words::or_list;
use gradient_lab::scenes::cliff::config::CliffConfig;
use gradient_lab::scenes::cliff::descent::Point;
use gradient_lab::scenes::network::compare::{self, Comparison};
use gradient_lab::scenes::network::presets;
use gradient_lab::scenes::network::report::{self, LayerFigure, Outcome};
use gradient_lab::scenes::network::{NetworkScene, NetworkSetup};
use gradient_lab::scenes::recurrent::presets as rnn_presets;
use gradient_lab::scenes::recurrent::trace::ThroughTime;
use gradient_lab::scenes::Scene;

/// The help text; `{panels}` and `{activations}` stand for the panel words and the
/// activations compared by default, filled in by [`help`].
const HELP: &str = "\
gradient-lab: train small neural networks and watch their gradients

Usage:
  gradient-lab presets
      List the presets: name, title and the two-line caption; the networks first,
      then the recurrent nets (E6) and the cliff (E7).
  gradient-lab run <preset | config.json | -> [options]
      Train, printing metrics for each evaluated epoch, then a summary line.
      A recurrent preset (e6-…) runs as 'rnn' does, e7-cliff as 'cliff' does.
  gradient-lab config <preset | config.json | -> [--set key=value]... [--seed N] [--epochs N]
      Print the full config as JSON, to edit and pass back to 'run'.
  gradient-lab chart <preset | config.json | -> [--panel P] [--steps N] [--theme T]
                    [--size WxH] [--out FILE] [--set key=value]... [--seed N]
      Train N steps (default: one epoch), then draw a panel of the page as SVG:
      P is {panels}; T is default or
      projector; the size defaults to 1200x600; FILE defaults to standard output.
  gradient-lab compare <preset | config.json | -> [--vary key=v1,v2,...] [--set key=value]...
                    [--seed N] [--epochs N] [--format table|csv] [--svg FILE] [--log]
                    [--theme T] [--size WxH]
      Train the config once per value of one setting, side by side (E5), and print
      each variant's train and test loss per evaluated epoch, from epoch 0 (CSV:
      epoch, then train_loss_<value> and test_loss_<value> per variant). Without
      --vary: activation={activations}. Values holding
      commas are separated by '/': --vary hidden=8,8/32,32. --svg draws the loss
      curves overlaid (--log for a log y axis); a variant that diverges stops there.
  gradient-lab cliff [--set key=value]... [--format F] [--surface FILE]
                    [--svg FILE] [--theme T] [--size WxH]
      The cliff (E7): Pascanu's recurrent unit x_t = w·σ(x_{t−1}) + b, descended from
      the same start without and with gradient-norm clipping. Prints both trajectories
      and the gradient norm at every step; --surface writes the loss and gradient norm
      over the (w, b) grid as CSV; --svg draws the page's figure with every step shown
      (default size 1600x900). Settings: t, w, b, lr, threshold, steps, momentum,
      w_min, w_max, b_min, b_max, grid (defaults: the 'E7 the cliff' preset).
  gradient-lab rnn [preset] [--set key=value]... [--format F] [--every N]
                  [--svg FILE] [--theme T] [--size WxH]
      Recurrent nets through time (E6): train a vanilla RNN, LSTM or GRU by full BPTT
      on a sequence task, printing for each step the loss, the gradient norm, whether
      clipping acted and the gradient reaching each time step, |dL/dh_t| for t = 1..T
      (CSV columns dh_1..dh_T; the table shows t = 1, T/4, T/2, 3T/4, T and h_T/h_1).
      'gradient-lab rnn --list' (or 'rnn presets') lists the presets (default:
      e6-vanishing). --svg draws the page's through-time panel (heat map of
      |dL/dh_t| over t and training step, the last step's curve, the loss) at the
      end. Settings: cell, task, t, hidden, recurrent_init, forget_bias,
      optimizer, lr, clip, batch_size, steps, seed.
  gradient-lab help
      Show this text.

'-' reads the config JSON from standard input. A config file may leave settings
out: they take their defaults.

Options of run (and of config, for the first three):
  --set key=value   change one setting; repeatable, applied in order
                    (e.g. --set lr=0.1 --set hidden=8,8 --set clip=norm:1)
  --seed N          shorthand for --set seed=N
  --epochs N        shorthand for --set epochs=N
  --format F        table (default), csv or jsonl
  --every N         print only every Nth evaluated epoch, and the last
  --layers          add each layer's gradient norm ‖∂L/∂W‖ (input side first) at the
                    last step of each printed epoch: columns grad_norm_1..L in CSV,
                    a grad_norms list in JSON Lines, |grad| columns in the table
  --changes         add each layer's mean |ΔW| (the size of its weight update, E4's
                    measure) at the same step: columns weight_change_1..L, a
                    weight_changes list, |ΔW| columns

The summary goes to standard output with the table, to standard error with csv
and jsonl so those stay machine-readable. A run that diverges prints where and
why and exits 0 (with jsonl, as a final {\"diverged\": {...}} line).
Bad input prints one line on standard error and exits 2.

Settings:\n  ";

/// Why the command stopped early.
enum Failure {
    /// Bad input: one line for standard error; exit code 2.
    Usage(String),
    /// Standard output or error could not be written.
    Output(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

type CliResult<T> = Result<T, Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            // One line, whatever the message holds.
            let line = message.replace(['\n', '\r'], " ");
            eprintln!("gradient-lab: {line}");
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("gradient-lab: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(args: &[String]) -> CliResult<()> {
    let Some(command) = args.first() else {
        return Err(usage("no command given (try 'gradient-lab help')"));
    };
    let rest = &args[1..];
    match command.as_str() {
        "help" | "--help" | "-h" => help(),
        "--version" | "-V" | "version" => {
            println!("gradient-lab {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "presets" => {
            if let Some(extra) = rest.iter().find(|a| !is_help(a)) {
                return Err(usage(format!(
                    "'presets' takes no arguments (got '{extra}')"
                )));
            }
            if rest.iter().any(|a| is_help(a)) {
                return help();
            }
            list_presets()
        }
        "chart" => chart(rest),
        "compare" => compare(rest),
        "cliff" => cliff(rest),
        "rnn" => rnn(rest),
        // The recurrent presets and the cliff run through their own commands.
        "run" if rest.first().is_some_and(|a| rnn_presets::find(a).is_some()) => rnn(rest),
        "run" if rest.first().is_some_and(|a| a == "e7-cliff") => cliff(&rest[1..]),
        "run" | "config" => {
            let options = Options::parse(rest)?;
            if options.help {
                return help();
            }
            if command == "run" {
                run(&options)
            } else {
                options.only_for("config")?;
                print_config(&options)
            }
        }
        other if other.starts_with('-') => Err(usage(format!(
            "unknown option '{other}' before the command (try 'gradient-lab help')"
        ))),
        other => Err(usage(format!(
            "unknown command '{other}' (commands: presets, run, config, chart, compare, cliff, rnn, help)"
        ))),
    }
}

/// `--flag=value` as (flag, Some(value)); anything else as (arg, None).
fn split_flag(arg: &str) -> (&str, Option<String>) {
    match arg.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
        _ => (arg, None),
    }
}

/// The flag's value: the inline one, or the next argument (moving `i` past it).
fn take_value(
    flag: &str,
    inline: Option<String>,
    args: &[String],
    i: &mut usize,
) -> CliResult<String> {
    if let Some(v) = inline {
        return Ok(v);
    }
    let v = args
        .get(*i)
        .cloned()
        .ok_or_else(|| usage(format!("{flag} needs a value")))?;
    *i += 1;
    Ok(v)
}

/// `--set`'s `key=value`, the key trimmed and not empty.
fn key_value(pair: &str) -> CliResult<(String, String)> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(usage(format!("--set needs key=value (got '{pair}')"))),
    }
}

fn parse_format(v: &str) -> CliResult<Format> {
    match v.trim().to_ascii_lowercase().as_str() {
        "table" => Ok(Format::Table),
        "csv" => Ok(Format::Csv),
        "jsonl" | "json-lines" | "ndjson" => Ok(Format::Jsonl),
        _ => Err(usage(format!(
            "--format: must be table, csv or jsonl (got '{v}')"
        ))),
    }
}

fn is_help(a: &str) -> bool {
    matches!(a, "--help" | "-h")
}

fn help() -> CliResult<()> {
    let mut out = io::stdout().lock();
    let panels: Vec<String> = Panel::ALL
        .iter()
        .map(|&p| match p {
            DEFAULT_PANEL => format!("{} (default)", p.word()),
            _ => p.word().to_string(),
        })
        .collect();
    let text = HELP
        .replace("{panels}", &or_list(&panels))
        .replace("{activations}", &compare::activations().join(","));
    write!(out, "{text}")?;
    // The setting names, wrapped to fit a terminal.
    let mut line = String::new();
    for key in Config::keys() {
        if !line.is_empty() && line.len() + key.len() + 2 > 72 {
            writeln!(out, "{line},")?;
            line = format!("  {key}");
        } else if line.is_empty() {
            line = key;
        } else {
            line = format!("{line}, {key}");
        }
    }
    writeln!(out, "{line}")?;
    writeln!(
        out,
        "(see 'gradient-lab config <preset>' for every setting with its value)"
    )?;
    Ok(())
}

/// Every preset: the networks (`run`), the recurrent nets (`rnn`) and the cliff.
fn list_presets() -> CliResult<()> {
    print_presets(presets::all().iter().map(|p| (p.name, p.title, p.caption)))?;
    println!("\nRecurrent nets through time (E6): gradient-lab rnn <preset> (or run <preset>)\n");
    list_rnn_presets()?;
    println!("\nThe cliff (E7): gradient-lab cliff (or run e7-cliff)\n");
    print_presets(std::iter::once((
        "e7-cliff",
        gradient_lab::scenes::cliff::config::TITLE,
        gradient_lab::scenes::cliff::config::CAPTION,
    )))
}

/// Name and title, then the caption indented beneath; a blank line between.
fn print_presets<'a>(all: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> CliResult<()> {
    let all: Vec<_> = all.collect();
    let width = all.iter().map(|p| p.0.len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    for (i, (name, title, caption)) in all.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{name:width$}  {title}")?;
        for line in caption.lines() {
            writeln!(out, "{:width$}  {line}", "")?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Table,
    Csv,
    Jsonl,
}

/// The arguments after `run` or `config`.
#[derive(Debug, Default)]
struct Options {
    target: Option<String>,
    /// `--set`, `--seed` and `--epochs`, in the order given.
    sets: Vec<(String, String)>,
    format: Option<Format>,
    every: Option<usize>,
    /// The per-layer figures asked for: `--layers`, `--changes`.
    figures: Vec<LayerFigure>,
    help: bool,
    /// The first option given that only `run` takes, to reject it for `config`.
    run_only: Option<String>,
}

impl Options {
    fn parse(args: &[String]) -> CliResult<Options> {
        let mut o = Options::default();
        let mut i = 0;
        let mut positional_only = false;
        while i < args.len() {
            let arg = &args[i];
            i += 1;
            if positional_only || arg == "-" || !arg.starts_with('-') {
                if let Some(first) = &o.target {
                    return Err(usage(format!(
                        "one preset or config file at a time (got '{first}' and '{arg}')"
                    )));
                }
                o.target = Some(arg.clone());
                continue;
            }
            if arg == "--" {
                positional_only = true;
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |what: &str| -> CliResult<String> {
                if let Some(v) = &inline {
                    return Ok(v.clone());
                }
                match args.get(i) {
                    Some(v) => {
                        i += 1;
                        Ok(v.clone())
                    }
                    None => Err(usage(format!("{flag} needs {what}"))),
                }
            };
            match flag {
                "--set" => {
                    o.sets.push(key_value(&value("a key=value pair")?)?);
                }
                "--seed" => {
                    let v = value("a number")?;
                    o.sets.push(("seed".into(), v));
                }
                "--epochs" => {
                    let v = value("a number")?;
                    o.sets.push(("epochs".into(), v));
                }
                "--format" => {
                    let v = value("table, csv or jsonl")?;
                    o.format = Some(parse_format(&v)?);
                    o.run_only.get_or_insert_with(|| "--format".into());
                }
                "--every" => {
                    let v = value("a number")?;
                    match v.trim().parse::<usize>() {
                        Ok(n) if n >= 1 => o.every = Some(n),
                        _ => {
                            return Err(usage(format!(
                                "--every: must be a whole number from 1 (got '{v}')"
                            )))
                        }
                    }
                    o.run_only.get_or_insert_with(|| "--every".into());
                }
                "--layers" | "--changes" => {
                    if let Some(v) = inline {
                        return Err(usage(format!("{flag} takes no value (got '{v}')")));
                    }
                    let figure = if flag == "--layers" {
                        LayerFigure::GradNorm
                    } else {
                        LayerFigure::WeightChange
                    };
                    if !o.figures.contains(&figure) {
                        o.figures.push(figure);
                    }
                    o.run_only.get_or_insert_with(|| flag.to_string());
                }
                "--help" | "-h" => o.help = true,
                _ => {
                    return Err(usage(format!(
                        "unknown option '{flag}' (try 'gradient-lab help')"
                    )))
                }
            }
        }
        Ok(o)
    }

    /// An error if an option only `run` takes was given to `command`.
    fn only_for(&self, command: &str) -> CliResult<()> {
        match &self.run_only {
            Some(flag) => Err(usage(format!(
                "{flag} is an option of 'run', not of '{command}'"
            ))),
            None => Ok(()),
        }
    }

    /// The config the options describe: the target's, with every override applied
    /// in order. Not yet validated.
    fn config(&self) -> CliResult<(String, Config)> {
        let Some(target) = &self.target else {
            return Err(usage(
                "which preset or config file? (try 'gradient-lab presets')",
            ));
        };
        let (name, mut config) = load(target)?;
        for (key, value) in &self.sets {
            config.set(key, value).map_err(|e| usage(e.to_string()))?;
        }
        Ok((name, config))
    }
}

/// A preset by name, a config file, or `-` for standard input.
fn load(target: &str) -> CliResult<(String, Config)> {
    if target == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| usage(format!("cannot read standard input: {e}")))?;
        let config = Config::from_json(&text).map_err(|e| json_failure("stdin", &text, &e))?;
        return Ok(("stdin".into(), config));
    }
    let path = Path::new(target);
    let looks_like_file = target.ends_with(".json") || target.contains(['/', '\\']);
    if !looks_like_file {
        if let Some(p) = presets::find(target) {
            return Ok((p.name.to_string(), p.config));
        }
        if !path.is_file() {
            return Err(usage(format!(
                "unknown preset '{target}' (try 'gradient-lab presets')"
            )));
        }
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read '{target}': {e}")))?;
    let config = Config::from_json(&text).map_err(|e| json_failure(target, &text, &e))?;
    let name = path
        .file_stem()
        .map_or_else(|| target.to_string(), |s| s.to_string_lossy().into_owned());
    Ok((name, config))
}

/// A config file's error: the file, then the setting and value.
///
/// `Config::from_json` cannot always tell which setting was wrong (serde's message
/// for a value of the wrong type names only the value), so on failure each setting
/// of the file is tried alone on the defaults, and the first that fails is named.
fn json_failure(source: &str, text: &str, e: &ConfigError) -> Failure {
    let found = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(settings)) => first_bad_setting(&settings),
        Ok(_) => Some("expected a JSON object of settings, like {\"lr\": 0.1}".to_string()),
        // Not JSON at all: serde_json's own message says where.
        Err(syntax) => Some(syntax.to_string()),
    };
    let what = found.unwrap_or_else(|| {
        if e.field.is_empty() || e.field == "config" {
            e.reason.clone()
        } else {
            format!("{}: {}", e.field, e.reason)
        }
    });
    usage(format!("{source}: {what}"))
}

/// The first setting that does not read on its own, as `field: reason (got 'value')`.
fn first_bad_setting(settings: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let serde_json::Value::Object(defaults) = serde_json::to_value(Config::default()).ok()? else {
        return None;
    };
    for (key, value) in settings {
        let shown = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !defaults.contains_key(key) {
            let known = Config::keys().join(", ");
            return Some(format!(
                "{key}: unknown setting (known: {known}) (got '{shown}')"
            ));
        }
        let mut one = defaults.clone();
        one.insert(key.clone(), value.clone());
        if let Err(e) = serde_json::from_value::<Config>(serde_json::Value::Object(one)) {
            return Some(format!("{}", ConfigError::new(key, shown, e.to_string())));
        }
    }
    None
}

fn print_config(options: &Options) -> CliResult<()> {
    let (_, config) = options.config()?;
    config.validate().map_err(|e| usage(e.to_string()))?;
    writeln!(io::stdout().lock(), "{}", config.to_json())?;
    Ok(())
}

fn run(options: &Options) -> CliResult<()> {
    let (name, config) = options.config()?;
    let checked = config.validate().map_err(|e| usage(e.to_string()))?;
    let format = options.format.unwrap_or(Format::Table);
    let every = options.every.unwrap_or(1);
    let layers = checked.hidden.len() + 1;

    let start = Instant::now();
    let mut run = Run::new(&checked);
    let mut out = io::stdout().lock();
    match format {
        Format::Table => writeln!(out, "{}", report::table_header(layers, &options.figures))?,
        Format::Csv => writeln!(out, "{}", report::csv_header(layers, &options.figures))?,
        Format::Jsonl => {}
    }
    let mut evaluated = 0usize;
    let mut pending: Option<String> = None;
    let mut last = None;
    while !run.is_finished() {
        let step = run.step();
        let Some(epoch) = step.epoch_end.clone() else {
            continue;
        };
        evaluated += 1;
        let figures = report::layer_figures(&options.figures, &step);
        let line = match format {
            Format::Table => report::table_line(&epoch, &figures),
            Format::Csv => report::csv_line(&epoch, &figures),
            Format::Jsonl => report::jsonl_line_with(&epoch, &figures),
        };
        if evaluated.is_multiple_of(every) {
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
        writeln!(out, "{}", report::divergence_line(d))?;
    }
    if last.is_none() && run.diverged().is_none() {
        // No epoch was evaluated (epochs = 0): the summary shows the untrained net.
        last = Some(run.evaluate());
    }
    let summary = report::summary(&name, &Outcome::of(&run, last), Some(elapsed));
    print_summary(&mut out, format, &summary)?;
    Ok(())
}

/// The panel `chart` draws unless `--panel` says otherwise.
const DEFAULT_PANEL: Panel = Panel::Gradients;

/// `chart`: its own options are taken out first; the rest are those of `config`.
fn chart(args: &[String]) -> CliResult<()> {
    let mut panel = DEFAULT_PANEL;
    let mut steps: Option<u64> = None;
    let mut theme = ThemeKind::Default;
    let mut size = (1200u32, 600u32);
    let mut out: Option<String> = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let (flag, inline) = split_flag(arg);
        if !matches!(flag, "--panel" | "--steps" | "--theme" | "--size" | "--out") {
            rest.push(arg.clone());
            continue;
        }
        let v = take_value(flag, inline, args, &mut i)?;
        match flag {
            "--panel" => {
                panel = Panel::from_word(v.trim()).ok_or_else(|| {
                    let words: Vec<&str> = Panel::ALL.iter().map(|p| p.word()).collect();
                    usage(format!("--panel: must be {} (got '{v}')", or_list(&words)))
                })?
            }
            "--steps" => {
                steps =
                    Some(v.trim().parse().map_err(|_| {
                        usage(format!("--steps: must be a whole number (got '{v}')"))
                    })?)
            }
            "--theme" => theme = parse_theme(&v)?,
            "--size" => size = parse_size(&v)?,
            _ => out = Some(v),
        }
    }
    let Some((name, config)) = checked_config("chart", &rest)? else {
        return help();
    };
    let checked = config.validate().map_err(|e| usage(e.to_string()))?;
    let preset = presets::find(&name).map(|p| p.name);
    let mut session = NetworkScene::new(NetworkSetup::new(preset, checked));
    let target = steps.unwrap_or(session.steps_per_epoch() as u64);
    while session.step() < target && !session.is_finished() {
        let left = (target - session.step()).min(u64::from(u32::MAX)) as u32;
        session.advance(left, &mut |_| false);
    }
    session.prepare();
    let options = charts::Options::default();
    let figure = session
        .figure(panel.word(), &options)
        .expect("a network panel");
    let svg = figure
        .to_svg(&Theme::new(theme, 1.0), size.0, size.1)
        .map_err(|e| usage(format!("could not draw the {} panel: {e}", panel.word())))?;
    match out {
        None => write!(io::stdout().lock(), "{svg}")?,
        Some(path) => {
            std::fs::write(&path, svg).map_err(|e| usage(format!("cannot write {path}: {e}")))?
        }
    }
    if let Some(d) = session.divergence() {
        writeln!(io::stderr().lock(), "{name}: {d}")?;
    }
    Ok(())
}

fn parse_theme(v: &str) -> CliResult<ThemeKind> {
    ThemeKind::from_word(v.trim())
        .ok_or_else(|| usage(format!("--theme: must be default or projector (got '{v}')")))
}

/// `--size WxH`, within what a chart can be drawn at.
fn parse_size(v: &str) -> CliResult<(u32, u32)> {
    v.trim()
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .filter(|&(w, h): &(u32, u32)| (200..=8000).contains(&w) && (150..=8000).contains(&h))
        .ok_or_else(|| {
            usage(format!(
                "--size: must be WxH from 200x150 to 8000x8000 (got '{v}')"
            ))
        })
}

/// `--vary key=v1,v2,…` (or `key=a/b/…` when the values hold commas, as
/// `hidden=8,8/32,32` does) as the key and its values.
fn parse_vary(v: &str) -> CliResult<(String, Vec<String>)> {
    let bad = || usage(format!("--vary needs key=value,value,... (got '{v}')"));
    let (key, list) = key_value(v).map_err(|_| bad())?;
    let sep = if list.contains('/') { '/' } else { ',' };
    let values: Vec<String> = list.split(sep).map(|x| x.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(bad());
    }
    Ok((key, values))
}

/// `compare`: one preset trained once per value of one setting, in lockstep.
fn compare(args: &[String]) -> CliResult<()> {
    let mut vary: Option<(String, Vec<String>)> = None;
    let mut format = Format::Table;
    let mut svg: Option<String> = None;
    let mut theme = ThemeKind::Default;
    let mut size = (1200u32, 600u32);
    let mut log = false;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let (flag, inline) = split_flag(arg);
        if flag == "--log" {
            if let Some(v) = inline {
                return Err(usage(format!("--log takes no value (got '{v}')")));
            }
            log = true;
            continue;
        }
        if !matches!(flag, "--vary" | "--format" | "--svg" | "--theme" | "--size") {
            rest.push(arg.clone());
            continue;
        }
        let v = take_value(flag, inline, args, &mut i)?;
        match flag {
            "--vary" => vary = Some(parse_vary(&v)?),
            "--format" => {
                format = parse_format(&v)?;
                if format == Format::Jsonl {
                    return Err(usage(format!(
                        "--format: compare prints table or csv (got '{v}')"
                    )));
                }
            }
            "--theme" => theme = parse_theme(&v)?,
            "--size" => size = parse_size(&v)?,
            _ => svg = Some(v),
        }
    }
    let Some((name, config)) = checked_config("compare", &rest)? else {
        return help();
    };
    let (key, values) = vary.unwrap_or_else(|| ("activation".to_string(), compare::activations()));
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut comparison =
        Comparison::new(&config, &key, &values).map_err(|e| usage(e.to_string()))?;
    while comparison.step_all() > 0 {}

    if let Some(path) = &svg {
        let drawn = charts::compare::to_svg(
            &charts::compare::Compared::of(&comparison, log),
            &Theme::new(theme, 1.0),
            size.0,
            size.1,
        )
        .map_err(|e| usage(format!("could not draw the comparison: {e}")))?;
        std::fs::write(path, drawn).map_err(|e| usage(format!("cannot write {path}: {e}")))?;
    }
    let mut out = io::stdout().lock();
    let summaries = comparison.summaries(&name).join("\n");
    match format {
        Format::Csv => write!(out, "{}", comparison.csv())?,
        _ => write!(out, "{}", comparison.table())?,
    }
    print_summary(&mut out, format, &summaries)?;
    Ok(())
}

/// The closing summary: after a table on standard output; on standard error after
/// CSV or JSON Lines, so those stay machine-readable.
fn print_summary(out: &mut impl Write, format: Format, summary: &str) -> CliResult<()> {
    if format == Format::Table {
        writeln!(out, "{summary}")?;
    } else {
        out.flush()?;
        writeln!(io::stderr().lock(), "{summary}")?;
    }
    Ok(())
}

/// The valid config that `chart` or `compare` trains from `rest`, with its name;
/// `None` when the options ask for help instead.
fn checked_config(command: &str, rest: &[String]) -> CliResult<Option<(String, Config)>> {
    let options = Options::parse(rest)?;
    if options.help {
        return Ok(None);
    }
    options.only_for(command)?;
    let (name, config) = options.config()?;
    config.validate().map_err(|e| usage(e.to_string()))?;
    Ok(Some((name, config)))
}

/// `cliff`: both descents of the cliff, step by step.
fn cliff(args: &[String]) -> CliResult<()> {
    let mut config = CliffConfig::default();
    let mut format = Format::Table;
    let mut surface: Option<String> = None;
    let mut svg: Option<String> = None;
    let mut theme = ThemeKind::Default;
    let mut size = (1600u32, 900u32);
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if is_help(arg) {
            return help();
        }
        let (flag, inline) = split_flag(arg);
        if !matches!(
            flag,
            "--set" | "--format" | "--surface" | "--svg" | "--theme" | "--size"
        ) {
            return Err(usage(format!(
                "unknown option '{arg}' of 'cliff' (try 'gradient-lab help')"
            )));
        }
        let v = take_value(flag, inline, args, &mut i)?;
        match flag {
            "--set" => {
                let (k, val) = key_value(&v)?;
                config.set(&k, &val).map_err(|e| usage(e.to_string()))?;
            }
            "--format" => format = parse_format(&v)?,
            "--svg" => svg = Some(v),
            "--theme" => theme = parse_theme(&v)?,
            "--size" => size = parse_size(&v)?,
            _ => surface = Some(v),
        }
    }
    config.validate().map_err(|e| usage(e.to_string()))?;
    if let Some(path) = &surface {
        std::fs::write(path, config.surface().csv())
            .map_err(|e| usage(format!("cannot write {path}: {e}")))?;
    }
    if let Some(path) = &svg {
        // The page's figure with every step shown.
        let mut replay = gradient_lab::scenes::cliff::replay::Replay::new(config.clone());
        replay.advance(replay.len());
        let doc = charts::cliff::to_svg(&replay, &Theme::new(theme, 1.0), size.0, size.1)
            .map_err(|e| usage(format!("could not draw the cliff: {e}")))?;
        std::fs::write(path, doc).map_err(|e| usage(format!("cannot write {path}: {e}")))?;
    }
    let runs = config.runs();
    let mut out = io::stdout().lock();
    let rows = runs.unclipped.points.len().max(runs.clipped.points.len());
    let cell = |p: Option<&Point>, f: &dyn Fn(&Point) -> String| p.map_or_else(String::new, f);
    match format {
        Format::Table => writeln!(
            out,
            "{:>5}  {:>9} {:>9} {:>9} {:>10}  |  {:>9} {:>9} {:>9} {:>10} {:>7}",
            "step", "w", "b", "loss", "|grad|", "w", "b", "loss", "|grad|", "clipped"
        )?,
        Format::Csv => writeln!(
            out,
            "step,w,b,loss,grad_norm,clipped_w,clipped_b,clipped_loss,clipped_grad_norm,clipped"
        )?,
        Format::Jsonl => {}
    }
    for k in 0..rows {
        let (u, c) = (runs.unclipped.points.get(k), runs.clipped.points.get(k));
        match format {
            Format::Table => {
                let four = |p: Option<&Point>| {
                    cell(p, &|p| {
                        format!(
                            "{:>9.4} {:>9.4} {:>9.5} {:>10.3e}",
                            p.w, p.b, p.loss, p.grad_norm
                        )
                    })
                };
                writeln!(
                    out,
                    "{k:>5}  {:>40}  |  {:>40} {:>7}",
                    four(u),
                    four(c),
                    cell(c, &|p| if p.clipped {
                        "yes".into()
                    } else {
                        String::new()
                    })
                )?
            }
            Format::Csv => {
                let four = |p: Option<&Point>| {
                    p.map_or_else(
                        || ",,,".to_string(),
                        |p| {
                            format!(
                                "{},{},{},{}",
                                p.w,
                                p.b,
                                report_number(p.loss),
                                report_number(p.grad_norm)
                            )
                        },
                    )
                };
                writeln!(
                    out,
                    "{k},{},{},{}",
                    four(u),
                    four(c),
                    cell(c, &|p| u8::from(p.clipped).to_string())
                )?
            }
            Format::Jsonl => writeln!(
                out,
                "{}",
                serde_json::json!({ "step": k, "unclipped": u, "clipped": c })
            )?,
        }
    }
    let longest = |w: &gradient_lab::scenes::cliff::descent::Walk| {
        w.step_lengths().into_iter().fold(0.0, f64::max)
    };
    let end = |w: &gradient_lab::scenes::cliff::descent::Walk| {
        w.points.last().map_or(f64::NAN, |p| p.loss)
    };
    let summary = format!(
        "cliff T={} from ({}, {}), lr {}, threshold {}: longest step {:.3} unclipped vs {:.3} clipped; loss {:.4} -> {:.4} unclipped, {:.4} clipped; clipping acted on {} of {} steps{}",
        config.t,
        config.w,
        config.b,
        config.lr,
        config.threshold,
        longest(&runs.unclipped),
        longest(&runs.clipped),
        runs.clipped.points[0].loss,
        end(&runs.unclipped),
        end(&runs.clipped),
        runs.clipped.points.iter().filter(|p| p.clipped).count(),
        runs.clipped.points.len().saturating_sub(1),
        match runs.unclipped.diverged {
            Some(k) => format!("; the unclipped run went non-finite at step {k}"),
            None => String::new(),
        }
    );
    print_summary(&mut out, format, &summary)?;
    Ok(())
}

fn list_rnn_presets() -> CliResult<()> {
    print_presets(
        rnn_presets::all()
            .iter()
            .map(|p| (p.name, p.title, p.caption)),
    )
}

/// `rnn`: train a recurrent net by BPTT, printing the gradient at every time step.
fn rnn(args: &[String]) -> CliResult<()> {
    let mut preset: Option<String> = None;
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut format = Format::Table;
    let mut every = 1usize;
    let mut list = false;
    let mut svg: Option<String> = None;
    let mut theme = ThemeKind::Default;
    let mut size = (1200u32, 700u32);
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if is_help(arg) {
            return help();
        }
        if arg == "--list" {
            list = true;
            continue;
        }
        if !arg.starts_with('-') {
            if let Some(first) = &preset {
                return Err(usage(format!(
                    "'rnn' takes one preset (got '{first}' and '{arg}')"
                )));
            }
            preset = Some(arg.clone());
            continue;
        }
        let (flag, inline) = split_flag(arg);
        if !matches!(
            flag,
            "--set" | "--format" | "--every" | "--svg" | "--theme" | "--size"
        ) {
            return Err(usage(format!(
                "unknown option '{arg}' of 'rnn' (try 'gradient-lab help')"
            )));
        }
        let v = take_value(flag, inline, args, &mut i)?;
        match flag {
            "--set" => {
                sets.push(key_value(&v)?);
            }
            "--format" => format = parse_format(&v)?,
            "--svg" => svg = Some(v),
            "--theme" => theme = parse_theme(&v)?,
            "--size" => size = parse_size(&v)?,
            _ => {
                every = match v.trim().parse::<usize>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(usage(format!(
                            "--every: must be a whole number from 1 up (got '{v}')"
                        )))
                    }
                }
            }
        }
    }
    if list || preset.as_deref() == Some("presets") {
        if let Some(p) = preset.as_deref().filter(|p| *p != "presets") {
            return Err(usage(format!("'rnn --list' takes no preset (got '{p}')")));
        }
        return list_rnn_presets();
    }
    let name = preset.unwrap_or_else(|| "e6-vanishing".to_string());
    let Some(found) = rnn_presets::find(&name) else {
        return Err(usage(format!(
            "unknown rnn preset '{name}' (presets: {})",
            rnn_presets::names().join(", ")
        )));
    };
    let mut config: RnnConfig = found.config;
    for (k, v) in &sets {
        config.set(k, v).map_err(|e| usage(e.to_string()))?;
    }
    config.validate().map_err(|e| usage(e.to_string()))?;
    let t = config.t;
    let shown: Vec<usize> = {
        let mut s = vec![1, (t / 4).max(1), (t / 2).max(1), (3 * t / 4).max(1), t];
        s.dedup();
        s
    };
    let mut out = io::stdout().lock();
    match format {
        Format::Table => {
            let heads: Vec<String> = shown.iter().map(|k| format!("|dh_{k}|")).collect();
            writeln!(
                out,
                "{:>5}  {:>10} {:>10} {:>7}  {}  {:>10}",
                "step",
                "loss",
                "|grad|",
                "clipped",
                heads
                    .iter()
                    .map(|h| format!("{h:>10}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                "h_T/h_1"
            )?
        }
        Format::Csv => {
            let dh: Vec<String> = (1..=t).map(|k| format!("dh_{k}")).collect();
            writeln!(
                out,
                "step,loss,grad_norm,clipped,non_finite,{}",
                dh.join(",")
            )?
        }
        Format::Jsonl => {}
    }
    let mut trainer = RnnTrainer::new(&config);
    let mut trace = ThroughTime::default();
    let mut first: Option<RnnStepReport> = None;
    let mut last: Option<RnnStepReport> = None;
    while let Some(r) = trainer.step() {
        let print = r.step == 1 || r.step % every == 0 || trainer.is_finished();
        if print {
            match format {
                Format::Table => {
                    let dh: Vec<String> = shown
                        .iter()
                        .map(|&k| format!("{:>10.3e}", r.dh_norms[k - 1]))
                        .collect();
                    writeln!(
                        out,
                        "{:>5}  {:>10} {:>10.3e} {:>7}  {}  {:>10.3e}{}",
                        r.step,
                        if r.loss.abs() < 1e4 {
                            format!("{:.5}", r.loss)
                        } else {
                            format!("{:.3e}", r.loss)
                        },
                        r.grad_norm,
                        if r.clipped { "yes" } else { "" },
                        dh.join(" "),
                        r.decay_ratio(),
                        if r.non_finite { "  non-finite" } else { "" }
                    )?
                }
                Format::Csv => {
                    let dh: Vec<String> = r.dh_norms.iter().map(|&v| report_number(v)).collect();
                    writeln!(
                        out,
                        "{},{},{},{},{},{}",
                        r.step,
                        report_number(r.loss),
                        report_number(r.grad_norm),
                        u8::from(r.clipped),
                        u8::from(r.non_finite),
                        dh.join(",")
                    )?
                }
                Format::Jsonl => {
                    let num = |v: f64| {
                        if v.is_finite() {
                            serde_json::json!(v)
                        } else {
                            serde_json::json!(report_number(v))
                        }
                    };
                    let dh: Vec<serde_json::Value> = r.dh_norms.iter().map(|&v| num(v)).collect();
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({
                            "step": r.step,
                            "loss": num(r.loss),
                            "grad_norm": num(r.grad_norm),
                            "clipped": r.clipped,
                            "non_finite": r.non_finite,
                            "dh_norms": dh,
                        })
                    )?
                }
            }
        }
        if first.is_none() {
            first = Some(r.clone());
        }
        if svg.is_some() {
            trace.push(r.clone());
        }
        last = Some(r);
    }
    if let Some(path) = &svg {
        let doc =
            charts::through_time::to_svg(&trace, &config, &Theme::new(theme, 1.0), size.0, size.1)
                .map_err(|e| usage(format!("could not draw the through-time panel: {e}")))?;
        std::fs::write(path, doc).map_err(|e| usage(format!("cannot write {path}: {e}")))?;
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let fb = if config.cell == gradient_lab::engine::recurrent::CellKind::Lstm {
        format!(", forget bias {}", config.forget_bias)
    } else {
        String::new()
    };
    let summary = format!(
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
    );
    print_summary(&mut out, format, &summary)?;
    Ok(())
}

fn report_number(v: f64) -> String {
    gradient_lab::scenes::network::history::number(v)
}
