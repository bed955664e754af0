//! What the subcommands share: the config they train ([`ConfigInput`]: a preset, a
//! config file or standard input, with `--data-file`'s rows, then `--set`, `--seed`
//! and `--epochs` applied in the order given), its loading with errors that name the setting at fault, and the
//! value parsers of `--set`, `--format`, `--every`, `--theme` and `--size`, whose
//! messages are the one line that bad input prints.

use std::io::{self, Read};
use std::path::Path;

use clap::{ArgMatches, Args, FromArgMatches};
use gradient_lab::charts::ThemeKind;
use gradient_lab::engine::config::{Config, ConfigError};
use gradient_lab::engine::data::{file, DataKind, Dataset};
use gradient_lab::engine::settings::Settings;
use gradient_lab::scenes::network::presets;

use gradient_lab::t;

use crate::output::said;
use crate::{usage, CliResult, Failure};

/// How `run`, `cliff` and `rnn` print their lines (`compare`: table or CSV).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Table,
    Csv,
    Jsonl,
}

// The options that `ConfigInput` is read from, as clap parses them. (A plain comment:
// clap would show a doc comment here as the about of a command that has none.)
#[derive(Args)]
struct ConfigFlags {
    /// A preset, a config file (JSON) or '-' for standard input
    #[arg(value_name = "PRESET | CONFIG.json | -")]
    target: Option<String>,
    /// A second target: taken only to name both in the error.
    #[arg(hide = true)]
    extra: Vec<String>,
    /// Change one setting; repeatable, applied in order
    /// (e.g. --set lr=0.1 --set hidden=8,8 --set clip=norm:1)
    #[arg(long, value_name = "KEY=VALUE", value_parser = key_value, verbatim_doc_comment)]
    set: Vec<(String, String)>,
    /// Shorthand for --set seed=N
    #[arg(long, value_name = "N")]
    seed: Vec<String>,
    /// Shorthand for --set epochs=N
    #[arg(long, value_name = "N")]
    epochs: Vec<String>,
    /// Train on your own data: a CSV file of input columns and a last
    /// column, the label or y (sets data=file, features, classes, samples)
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    data_file: Option<String>,
}

/// The config that `run`, `config`, `chart` and `compare` start from: the target,
/// and every override with the shorthands among them in the order given.
pub struct ConfigInput {
    target: Option<String>,
    extra: Option<String>,
    /// `--set`, `--seed` and `--epochs` as (key, value), in command-line order.
    overrides: Vec<(String, String)>,
    /// `--data-file`: the CSV file to train on.
    data_file: Option<String>,
}

impl FromArgMatches for ConfigInput {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let flags = ConfigFlags::from_arg_matches(matches)?;
        // clap keeps each option's values apart; their indices give the order.
        let at = |id: &str| matches.indices_of(id).into_iter().flatten();
        let shorthand = |key: &'static str| move |v: String| (key.to_string(), v);
        let mut overrides: Vec<(usize, (String, String))> = at("set")
            .zip(flags.set)
            .chain(at("seed").zip(flags.seed.into_iter().map(shorthand("seed"))))
            .chain(at("epochs").zip(flags.epochs.into_iter().map(shorthand("epochs"))))
            .collect();
        overrides.sort_by_key(|(index, _)| *index);
        Ok(ConfigInput {
            target: flags.target,
            extra: flags.extra.into_iter().next(),
            overrides: overrides.into_iter().map(|(_, pair)| pair).collect(),
            data_file: flags.data_file,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for ConfigInput {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        ConfigFlags::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        ConfigFlags::augment_args_for_update(cmd)
    }
}

impl ConfigInput {
    /// The config, validated, with its name.
    pub fn checked(&self) -> CliResult<(String, Config)> {
        let (name, config, _) = self.checked_loaded()?;
        Ok((name, config))
    }

    /// The config, validated, and `--data-file`'s rows.
    pub fn checked_loaded(&self) -> CliResult<(String, Config, Option<Dataset>)> {
        let (name, config, rows) = self.loaded()?;
        config.validate().map_err(|e| usage(e.to_string()))?;
        Ok((name, config, rows))
    }

    /// The config (not yet validated) and `--data-file`'s rows: the target's config
    /// (the default one, named after the file, when only `--data-file` is given), set
    /// to the file's shape, then every override in order.
    pub fn loaded(&self) -> CliResult<(String, Config, Option<Dataset>)> {
        let (name, mut config) = match (&self.target, &self.data_file) {
            (Some(target), _) => {
                if let Some(second) = &self.extra {
                    return Err(usage(said(
                        "cli.one-target",
                        &[("first", target), ("second", second)],
                    )));
                }
                load(target)?
            }
            (None, Some(path)) => {
                let stem = Path::new(path).file_stem().map(|s| s.to_string_lossy());
                let name = stem.map_or_else(|| path.clone(), |s| s.into_owned());
                (name, Config::default())
            }
            (None, None) => return Err(usage(t!("cli.which-target"))),
        };
        let rows = match &self.data_file {
            Some(path) => {
                let rows = read_data(path)?;
                (config.features, config.classes, config.samples) = file::shape(&rows);
                config.data = DataKind::File;
                Some(rows)
            }
            None => None,
        };
        for (key, value) in &self.overrides {
            config.set(key, value).map_err(|e| usage(e.to_string()))?;
        }
        Ok((name, config, rows))
    }
}

/// `--data-file`'s rows; the error names the file, then the line and column.
fn read_data(path: &str) -> CliResult<Dataset> {
    let cannot = |e: io::Error| usage(cannot_read(path, &e));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    // Too big to be read at all: said before reading it.
    file::check_size(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|e| usage(format!("{path}: {e}")))?;
    let bytes = std::fs::read(path).map_err(cannot)?;
    file::parse_bytes(&bytes).map_err(|e| usage(format!("{path}: {e}")))
}

/// A preset by name, a config file, or `-` for standard input.
fn load(target: &str) -> CliResult<(String, Config)> {
    if target == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| usage(said("cli.cannot-read-stdin", &[("error", &e.to_string())])))?;
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
            return Err(usage(said("cli.unknown-preset", &[("name", target)])));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| usage(cannot_read(target, &e)))?;
    let config = Config::from_json(&text).map_err(|e| json_failure(target, &text, &e))?;
    let name = path
        .file_stem()
        .map_or_else(|| target.to_string(), |s| s.to_string_lossy().into_owned());
    Ok((name, config))
}

/// `cannot read 'FILE': why`.
fn cannot_read(path: &str, e: &io::Error) -> String {
    said(
        "cli.cannot-read",
        &[("file", path), ("error", &e.to_string())],
    )
}

/// A config file's error: the file, then the setting and value.
///
/// `Config::from_json` cannot always tell which setting was wrong (serde's message
/// for a value of the wrong type names only the value), so on failure each setting
/// of the file is tried alone on the defaults, and the first that fails is named.
fn json_failure(source: &str, text: &str, e: &ConfigError) -> Failure {
    let found = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(settings)) => first_bad_setting(&settings),
        Ok(_) => Some(t!("cli.json-object").to_string()),
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
            return Some(said(
                "cli.unknown-setting",
                &[("key", key), ("known", &known), ("got", &shown)],
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

/// `--set`'s `key=value`, the key trimmed and not empty.
pub fn key_value(pair: &str) -> Result<(String, String), String> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(said("cli.set-needs", &[("got", pair)])),
    }
}

/// `--format`: table, csv or jsonl (also json-lines, ndjson), in any case.
pub fn format(v: &str) -> Result<Format, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "table" => Ok(Format::Table),
        "csv" => Ok(Format::Csv),
        "jsonl" | "json-lines" | "ndjson" => Ok(Format::Jsonl),
        _ => Err(said("cli.format-is", &[("got", v)])),
    }
}

/// `--every N`, from 1 up.
pub fn every(v: &str) -> Result<usize, String> {
    match v.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(said("cli.every-is", &[("got", v)])),
    }
}

pub fn theme(v: &str) -> Result<ThemeKind, String> {
    ThemeKind::from_word(v.trim()).ok_or_else(|| said("cli.theme-is", &[("got", v)]))
}

/// `--size WxH`, within what a chart can be drawn at.
pub fn size(v: &str) -> Result<(u32, u32), String> {
    v.trim()
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .filter(|&(w, h): &(u32, u32)| (200..=8000).contains(&w) && (150..=8000).contains(&h))
        .ok_or_else(|| said("cli.size-is", &[("got", v)]))
}

/// Words as a comma-separated list, indented by two and wrapped to fit a terminal.
pub fn word_list(words: &[String]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        if !line.is_empty() && line.len() + word.len() + 2 > 86 {
            lines.push(format!("  {line},"));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(word);
    }
    lines.push(format!("  {line}"));
    lines.join("\n")
}
