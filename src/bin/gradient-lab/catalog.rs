//! `catalog`: the English messages, for translators: every key with its text, as a
//! catalog file writes them, or only those a language's catalog lacks.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::lang::{self, Lang};
use gradient_lab::scenes;

use crate::output::said;
use crate::{usage, CliResult};

/// Print the English messages as a catalog (key = text), or those a language lacks
#[derive(Args)]
#[command(after_help = "\
The catalogs are www/lang/<lang>.txt; the texts held beside the scenes' tables
(control labels, preset captions, menus) have no English part, and are printed here too.")]
pub struct CatalogCommand {
    /// Print only the keys this language's catalog lacks (uk or ru)
    #[arg(long, value_name = "LANG")]
    missing: Option<String>,
}

pub fn execute(c: &CatalogCommand) -> CliResult<()> {
    let other = match c.missing.as_deref() {
        None => None,
        Some(w) => match Lang::from_word(w) {
            Some(l) if l != Lang::En => Some(l),
            _ => return Err(usage(said("cli.missing-is", &[("got", w)]))),
        },
    };
    let mut all: Vec<(String, String)> = lang::catalog(Lang::En)
        .map(|c| {
            c.entries()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    all.extend(scenes::texts().into_iter().map(|(k, v)| (k, v.to_string())));
    all.sort();
    let mut out = io::stdout().lock();
    for (key, text) in all {
        if let Some(l) = other {
            let base = key.rsplit_once('.').map_or(key.as_str(), |(b, f)| {
                if lang::Form::from_word(f).is_some() {
                    b
                } else {
                    key.as_str()
                }
            });
            let has = lang::catalog(l).is_some_and(|c| {
                c.get(&key).is_some() || c.get(&format!("{base}.other")).is_some()
            });
            if has {
                continue;
            }
        }
        writeln!(out, "{key} = {}", text.replace('\n', "\\n"))?;
    }
    Ok(())
}
