//! `race` (E8): the optimizers from one start on a surface, printed as the
//! scoreboard (table), every lap step by step (CSV, the page's race CSV), or JSON
//! Lines (one object per optimizer per step, then one summary per optimizer);
//! `--svg` draws the page's surface figure. `run e8-…` comes here too.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{Theme, ThemeKind};
use gradient_lab::scenes::race::config::RaceConfig;
use gradient_lab::scenes::race::laps::Race;
use gradient_lab::scenes::race::replay::Replay;
use gradient_lab::scenes::race::report;
use gradient_lab::scenes::race::{presets, RaceSetup};
use gradient_lab::scenes::{Figure, SceneSetup};
use gradient_lab::{t, tn};

use crate::args::{self, Format};
use crate::output::{cannot_write, machine, num, point, report_number, said, said_with, width};
use crate::{usage, CliResult};

/// The optimizer race (E8): SGD, momentum, Nesterov, AdaGrad, Adadelta, RMSProp and Adam from one start
#[derive(Args)]
#[command(after_help = notes())]
pub struct RaceCommand {
    /// A race preset (e8-saddle, e8-valley, ...); e8-saddle when left out
    preset: Option<String>,
    /// Change one setting; repeatable, applied in order
    /// (e.g. --set surface=beale --set optimizers=sgd:0.001,adam:0.01)
    #[arg(long, value_name = "KEY=VALUE", value_parser = args::key_value, verbatim_doc_comment)]
    set: Vec<(String, String)>,
    /// table, csv or jsonl
    #[arg(long, value_name = "F", default_value = "table", value_parser = args::format)]
    format: Format,
    /// Draw the page's race figure, with every step shown, as SVG to FILE
    #[arg(long, value_name = "FILE")]
    svg: Option<String>,
    /// default or projector
    #[arg(long, value_name = "T", default_value = "default", value_parser = args::theme)]
    theme: ThemeKind,
    /// WxH in pixels, from 200x150 to 8000x8000
    #[arg(long, value_name = "WxH", default_value = "1200x900", value_parser = args::size)]
    size: (u32, u32),
}

fn notes() -> String {
    let names: Vec<String> = presets::all().iter().map(|p| p.name.to_string()).collect();
    format!(
        "\
Every optimizer is the engine's own update code (Keras 3's rules and constants), handed
the surface's exact gradient (plus noise σ when asked, clipped when asked). A lap stops
when it leaves the plotted window or goes non-finite. CSV columns:
{}

Presets: {}

Settings (--set key=value; optimizers=name:lr,... with names sgd, momentum, nesterov,
adagrad, adadelta, rmsprop, adam; start=x,y; a new surface brings its own start, steps
and rates):
{}",
        args::word_list(&report::COLUMNS.map(String::from)),
        names.join(", "),
        args::word_list(&gradient_lab::engine::settings::keys_of(
            &RaceConfig::default()
        ))
    )
}

pub fn execute(command: &RaceCommand) -> CliResult<()> {
    let name = command.preset.as_deref().unwrap_or("e8-saddle");
    let mut setup = RaceSetup::of_preset(name).ok_or_else(|| {
        let names: Vec<&str> = presets::all().iter().map(|p| p.name).collect();
        usage(said(
            "cli.race.unknown-preset",
            &[("name", name), ("known", &names.join(", "))],
        ))
    })?;
    for (key, value) in &command.set {
        setup
            .set(key, value)
            .map_err(|e| usage(format!("{key}={value}: {e}")))?;
    }
    let config = (*setup.config).clone();
    let mut replay = Replay::new(config.clone());
    replay.advance(replay.len());
    if let Some(path) = &command.svg {
        let (width, height) = command.size;
        let figure = Figure::Race(gradient_lab::scenes::race::RaceFigure::Plane, &replay);
        let doc = figure
            .to_svg(&Theme::new(command.theme, 1.0), width, height)
            .map_err(|e| usage(said("cli.race.cannot-draw", &[("error", &e.to_string())])))?;
        std::fs::write(path, doc).map_err(|e| cannot_write(path, &e))?;
    }
    let mut out = io::stdout().lock();
    match command.format {
        Format::Table => {
            let mut head = said_with(
                "cli.race.head",
                &[
                    ("from", &point(&config.start.x, &config.start.y)),
                    ("steps", &tn!("cli.race.steps", config.steps)),
                ],
                &[
                    ("surface", &config.surface.to_string()),
                    ("precision", &config.precision.to_string()),
                ],
            );
            if config.clip.threshold().is_some() {
                head.push_str(&said(
                    "cli.race.clip",
                    &[("clip", &config.clip.to_string())],
                ));
            }
            if config.noise > 0.0 {
                head.push_str(&t!(
                    "cli.race.noise",
                    noise = config.noise,
                    seed = config.seed
                ));
            }
            writeln!(out, "{head}")?;
            write!(out, "{}", table(&replay.race, replay.len()))?
        }
        Format::Csv => write!(out, "{}", machine(|| report::csv(&replay.race)))?,
        Format::Jsonl => write!(out, "{}", machine(|| report::jsonl(&replay.race)))?,
    }
    Ok(())
}

/// The scoreboard at step `shown` as a plain-text table (as `report::table` writes it
/// in English), its columns as wide as their headings.
fn table(race: &Race, shown: usize) -> String {
    let heads = [
        t!("cli.race.head.optimizer"),
        t!("cli.race.head.lr"),
        t!("cli.race.head.reached"),
        t!("cli.race.head.f"),
        t!("cli.race.head.longest"),
        t!("cli.race.head.nearest"),
        t!("cli.race.head.stopped"),
    ];
    let w: Vec<usize> = [9, 8, 8, 12, 12, 14, 0]
        .iter()
        .zip(heads)
        .map(|(&w, head)| width(w, head, 0))
        .collect();
    let line = |cells: [&str; 7]| {
        format!(
            "{:<a$} {:>b$} {:>c$} {:>d$} {:>e$} {:>f$}  {}\n",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            cells[6],
            a = w[0],
            b = w[1],
            c = w[2],
            d = w[3],
            e = w[4],
            f = w[5],
        )
    };
    let mut out = line(heads);
    // In English, so each reason reads as the key of its sentence.
    for s in machine(|| report::scores(race, shown)) {
        let dash = || "—".to_string();
        let reached = s.reached.map_or_else(dash, |k| k.to_string());
        let longest = s
            .longest
            .map_or_else(dash, |(k, l)| num(&format!("{l:.3} @{k}")));
        let nearest = s.nearest.map_or_else(dash, |p| {
            point(&format!("{:.2}", p.0), &format!("{:.2}", p.1))
        });
        let stopped = s.stopped.map_or_else(String::new, |(k, why)| {
            let key = match why {
                "left the plot" => "cli.race.left",
                _ => "cli.race.non-finite",
            };
            t!(key, step = k)
        });
        let lr = num(&report_number(s.lr));
        let f = num(&format!("{:.4e}", s.loss));
        out.push_str(&line([
            &s.optimizer,
            &lr,
            &reached,
            &f,
            &longest,
            &nearest,
            &stopped,
        ]));
    }
    out
}
