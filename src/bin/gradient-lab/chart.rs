//! `chart`: train a config for N steps in the network scene, as the page does, then draw
//! one of the page's panels as SVG with the page's own drawing code, to a file or to
//! standard output, and optionally write the panel's numbers as the page's CSV button
//! does. A run that diverges is drawn up to there and named on standard error.

use std::io::{self, Write};
use std::sync::Arc;

use clap::Args;
use gradient_lab::app::link::{Link, MAX_SPEED};
use gradient_lab::app::page::PageSettings;
use gradient_lab::app::session::Session;
use gradient_lab::charts::{Panel, Theme, ThemeKind};
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::Run;
use gradient_lab::engine::words::or_list;
use gradient_lab::scenes::network::{presets, NetworkSetup};
use gradient_lab::scenes::Action;

use crate::args::{self, ConfigInput};
use crate::output::{cannot_write, said};
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
    /// loss, gradients, activation, diagram, model, change or weights
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
    /// Also write the panel's numbers to FILE, as the page's CSV button does
    #[arg(long, value_name = "FILE")]
    csv: Option<String>,
    /// A view setting, as in the page's link: test_points=off, discretize=on,
    /// yscale=log, gradient=mean, diagram=gradients; repeatable
    #[arg(long = "view", value_name = "KEY=VALUE", value_parser = view)]
    views: Vec<(String, String)>,
    /// A change made mid-run, as for 'run' (at=STEP:key=value, or an edited
    /// weight w.LAYER.FROM.TO); repeatable
    #[arg(long, value_name = "STEP:KEY=VALUE", value_parser = crate::run::action)]
    at: Vec<Action>,
}

fn view(v: &str) -> Result<(String, String), String> {
    let (key, value) = v
        .split_once('=')
        .ok_or_else(|| said("cli.view-needs", &[("got", v)]))?;
    let (key, value) = (key.trim().replace('-', "_"), value.trim().to_string());
    if !["test_points", "discretize", "yscale", "gradient", "diagram"].contains(&key.as_str()) {
        return Err(said("cli.view-is", &[("key", &key)]));
    }
    let mut page = PageSettings::default();
    page.set(&key, &value).map_err(|e| format!("--view: {e}"))?;
    Ok((key, value))
}

fn panel(v: &str) -> Result<Panel, String> {
    Panel::from_word(v.trim()).ok_or_else(|| {
        let words: Vec<&str> = Panel::ALL.iter().map(|p| p.word()).collect();
        said("cli.panel-is", &[("panels", &or_list(&words)), ("got", v)])
    })
}

fn steps(v: &str) -> Result<u64, String> {
    v.trim()
        .parse()
        .map_err(|_| said("cli.steps-is", &[("got", v)]))
}

pub fn execute(command: &ChartCommand) -> CliResult<()> {
    let (name, config, rows) = command.input.checked_loaded()?;
    let checked = config.validate().map_err(|e| usage(e.to_string()))?;
    let preset = presets::find(&name).map(|p| p.name);
    let mut setup = NetworkSetup::new(preset, checked);
    setup.data = rows.map(Arc::new);
    // Checked as the run will take it, so a file that does not fit is an error.
    Run::with_data(&setup.config, setup.data.as_deref()).map_err(|e| usage(e.to_string()))?;
    crate::run::check_actions(&setup.config, setup.data.as_deref(), &command.at)?;
    let mut page = PageSettings::default();
    for (key, value) in &command.views {
        page.set(key, value).map_err(|e| usage(e.to_string()))?;
    }
    // The page's own session, so the changes replay at their steps as a link's do.
    let mut session = Session::new(Link {
        scene: Box::new(setup),
        actions: command.at.clone(),
        page,
    });
    let target = command.steps.unwrap_or(session.steps_per_epoch() as u64);
    while session.scene().step() < target && !session.is_finished() {
        let left = (target - session.scene().step()).min(u64::from(MAX_SPEED)) as u32;
        session.advance(left, |_| false);
    }
    session.scene_mut().prepare();
    let scene = session.scene();
    let (panel, (width, height)) = (command.panel, command.size);
    let theme = Theme::new(command.theme, 1.0);
    let options = session.options();
    let figure = scene
        .figure(panel.word(), &options)
        .ok_or_else(|| usage(said("cli.chart.no-panel", &[("panel", panel.word())])))?;
    let svg = figure.to_svg(&theme, width, height).map_err(|e| {
        let error = e.to_string();
        usage(said(
            "cli.chart.cannot-draw",
            &[("panel", panel.word()), ("error", &error)],
        ))
    })?;
    match &command.out {
        None => write!(io::stdout().lock(), "{svg}")?,
        Some(path) => std::fs::write(path, svg).map_err(|e| cannot_write(path, &e))?,
    }
    if let Some(path) = &command.csv {
        let csv = crate::output::machine(|| scene.csv(panel.word(), &options)).map_err(usage)?;
        std::fs::write(path, csv).map_err(|e| cannot_write(path, &e))?;
    }
    if let Some(d) = scene.divergence() {
        writeln!(io::stderr().lock(), "{name}: {d}")?;
    }
    Ok(())
}
