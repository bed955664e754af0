//! `chart`: train a config for N steps in a [`Session`], as the page does, then draw
//! one of the page's panels as SVG with the page's own drawing code, to a file or to
//! standard output. A run that diverges is drawn up to there and named on standard
//! error.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{self, Panel, Theme, ThemeKind};
use gradient_lab::link::{Link, PageSettings};
use gradient_lab::presets;
use gradient_lab::session::Session;

use crate::args::{self, ConfigInput};
use crate::{usage, CliResult};

/// Train N steps (default: one epoch), then draw a panel of the page as SVG
#[derive(Args)]
#[command(after_help = "\
The target, --set, --seed and --epochs are as for 'run' ('gradient-lab help run' lists
the settings). A run that diverges is drawn up to where it did, and named on standard
error.")]
pub struct ChartCommand {
    #[command(flatten)]
    input: ConfigInput,
    /// loss, gradients, activation, model or weights
    #[arg(long, value_name = "P", default_value = "gradients", value_parser = panel)]
    panel: Panel,
    /// Train N steps before drawing [default: one epoch]
    #[arg(long, value_name = "N", value_parser = steps)]
    steps: Option<u64>,
    /// default or projector
    #[arg(long, value_name = "T", default_value = "default", value_parser = args::theme)]
    theme: ThemeKind,
    /// WxH in pixels, from 200x150 to 8000x8000
    #[arg(long, value_name = "WxH", default_value = "1200x600", value_parser = args::size)]
    size: (u32, u32),
    /// Write the SVG to FILE [default: standard output]
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
}

fn panel(v: &str) -> Result<Panel, String> {
    Panel::from_word(v.trim()).ok_or_else(|| {
        format!("--panel: must be loss, gradients, activation, model or weights (got '{v}')")
    })
}

fn steps(v: &str) -> Result<u64, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("--steps: must be a whole number (got '{v}')"))
}

pub fn execute(command: &ChartCommand) -> CliResult<()> {
    let (name, config) = command.input.checked()?;
    let link = Link {
        preset: presets::find(&name).map(|p| p.name.to_string()),
        config,
        cliff: None,
        rnn: None,
        page: PageSettings::default(),
    };
    let mut session = Session::new(link);
    let target = command.steps.unwrap_or(session.steps_per_epoch() as u64);
    while session.history.step() < target && !session.is_finished() {
        let left = (target - session.history.step()).min(u64::from(u32::MAX)) as u32;
        session.advance(left, |_| false);
    }
    session.refresh_snapshot();
    let (panel, (width, height)) = (command.panel, command.size);
    let theme = Theme::new(command.theme, 1.0);
    let svg = charts::to_svg(panel, &session.view(), &theme, width, height)
        .map_err(|e| usage(format!("could not draw the {} panel: {e}", panel.word())))?;
    match &command.out {
        None => write!(io::stdout().lock(), "{svg}")?,
        Some(path) => {
            std::fs::write(path, svg).map_err(|e| usage(format!("cannot write {path}: {e}")))?
        }
    }
    if let Some(d) = session.divergence() {
        writeln!(io::stderr().lock(), "{name}: {d}")?;
    }
    Ok(())
}
