//! `cliff` (E7): Pascanu's one-unit recurrent net descended from the same start
//! without and with gradient-norm clipping, printed step by step (table, CSV or JSON
//! Lines) with a summary; `--surface` writes the loss surface under them as CSV and
//! `--svg` draws the page's figure. `run e7-cliff` comes here too.

use std::io::{self, Write};

use clap::Args;
use gradient_lab::charts::{self, Theme, ThemeKind};
use gradient_lab::engine::settings::Settings;
use gradient_lab::scenes::cliff::config::{CliffConfig, CliffRuns};
use gradient_lab::scenes::cliff::descent::{Point, Walk};
use gradient_lab::scenes::cliff::replay::Replay;
use gradient_lab::scenes::cliff::report as cliff_report;
use gradient_lab::{t, tn};

use crate::args::{self, Format};
use crate::output::{cannot_write, machine, num, point, print_summary, said, width};
use crate::{usage, CliResult};

/// The cliff (E7): a recurrent unit descended without and with gradient clipping
#[derive(Args)]
#[command(after_help = notes())]
pub struct CliffCommand {
    /// Change one setting; repeatable, applied in order
    /// (e.g. --set t=15 --set threshold=0.5)
    #[arg(long, value_name = "KEY=VALUE", value_parser = args::key_value, verbatim_doc_comment)]
    set: Vec<(String, String)>,
    /// table, csv or jsonl
    #[arg(long, value_name = "F", default_value = "table", value_parser = args::format)]
    format: Format,
    /// Write the loss and gradient norm over the (w, b) grid, as CSV
    #[arg(long, value_name = "FILE")]
    surface: Option<String>,
    /// Draw the page's figure, with every step shown, as SVG to FILE
    #[arg(long, value_name = "FILE")]
    svg: Option<String>,
    /// default or projector
    #[arg(long, value_name = "T", default_value = "default", value_parser = args::theme)]
    theme: ThemeKind,
    /// WxH in pixels, from 200x150 to 8000x8000
    #[arg(long, value_name = "WxH", default_value = "1600x900", value_parser = args::size)]
    size: (u32, u32),
}

/// What follows the cliff's options in the help: the model, the columns, the settings.
fn notes() -> String {
    format!(
        "\
Pascanu's recurrent unit x_t = w·σ(x_{{t−1}}) + b, descended from the same start without
and with gradient-norm clipping. Prints both trajectories and the gradient norm at every
step. CSV columns:
{}

Settings (--set key=value; the defaults are the 'E7 the cliff' preset):
{}",
        args::word_list(&cliff_report::COLUMNS.map(String::from)),
        args::word_list(&CliffConfig::keys())
    )
}

pub fn execute(command: &CliffCommand) -> CliResult<()> {
    let mut config = CliffConfig::default();
    for (key, value) in &command.set {
        config.set(key, value).map_err(|e| usage(e.to_string()))?;
    }
    config.validate().map_err(|e| usage(e.to_string()))?;
    if let Some(path) = &command.surface {
        std::fs::write(path, machine(|| config.surface().csv()))
            .map_err(|e| cannot_write(path, &e))?;
    }
    if let Some(path) = &command.svg {
        // The page's figure with every step shown.
        let mut replay = Replay::new(config.clone());
        replay.advance(replay.len());
        let (width, height) = command.size;
        let doc = charts::cliff::to_svg(&replay, &Theme::new(command.theme, 1.0), width, height)
            .map_err(|e| usage(said("cli.cliff.cannot-draw", &[("error", &e.to_string())])))?;
        std::fs::write(path, doc).map_err(|e| cannot_write(path, &e))?;
    }
    let runs = config.runs();
    let mut out = io::stdout().lock();
    print_steps(&mut out, command.format, &runs)?;
    print_summary(&mut out, command.format, &summary(&config, &runs))?;
    Ok(())
}

/// Both runs, one line per step (the header first, but for JSON Lines).
fn print_steps(out: &mut impl Write, format: Format, runs: &CliffRuns) -> CliResult<()> {
    let (step, loss) = (t!("cli.cliff.head.step"), t!("cli.cliff.head.loss"));
    let clipped_head = t!("cli.cliff.head.clipped");
    // The English widths, wider where a heading is longer.
    let (ws, wl, wc) = (
        width(5, step, 0),
        width(9, loss, 0),
        width(7, clipped_head, 0),
    );
    let four_width = 9 + 1 + 9 + 1 + wl + 1 + 10;
    match format {
        Format::Table => writeln!(
            out,
            "{step:>ws$}  {:>9} {:>9} {loss:>wl$} {:>10}  |  {:>9} {:>9} {loss:>wl$} {:>10} {clipped_head:>wc$}",
            "w", "b", "|grad|", "w", "b", "|grad|"
        )?,
        Format::Csv => writeln!(out, "{}", cliff_report::header())?,
        Format::Jsonl => {}
    }
    let rows = cliff_report::rows(runs);
    let cell = |p: Option<&Point>, f: &dyn Fn(&Point) -> String| p.map_or_else(String::new, f);
    for k in 0..rows {
        let (u, c) = (runs.unclipped.points.get(k), runs.clipped.points.get(k));
        match format {
            Format::Table => {
                let four = |p: Option<&Point>| {
                    cell(p, &|p| {
                        format!(
                            "{:>9} {:>9} {:>wl$} {:>10}",
                            num(&format!("{:.4}", p.w)),
                            num(&format!("{:.4}", p.b)),
                            num(&format!("{:.5}", p.loss)),
                            num(&format!("{:.3e}", p.grad_norm))
                        )
                    })
                };
                let clipped = cell(c, &|p| {
                    if p.clipped {
                        t!("cli.yes").into()
                    } else {
                        String::new()
                    }
                });
                writeln!(
                    out,
                    "{k:>ws$}  {:>four_width$}  |  {:>four_width$} {clipped:>wc$}",
                    four(u),
                    four(c)
                )?
            }
            Format::Csv => {
                if let Some(line) = machine(|| cliff_report::row(runs, k)) {
                    writeln!(out, "{line}")?
                }
            }
            Format::Jsonl => writeln!(
                out,
                "{}",
                serde_json::json!({ "step": k, "unclipped": u, "clipped": c })
            )?,
        }
    }
    Ok(())
}

/// The closing line: the longest step and the loss of each run, and how often
/// clipping acted.
fn summary(config: &CliffConfig, runs: &CliffRuns) -> String {
    let longest = |w: &Walk| w.step_lengths().into_iter().fold(0.0, f64::max);
    let end = |w: &Walk| w.points.last().map_or(f64::NAN, |p| p.loss);
    let fixed = |v: f64, places: usize| format!("{v:.places$}");
    let mut line = t!(
        "cli.cliff.summary",
        t = config.t,
        from = point(&config.w, &config.b),
        lr = config.lr,
        threshold = config.threshold,
        longest_unclipped = fixed(longest(&runs.unclipped), 3),
        longest_clipped = fixed(longest(&runs.clipped), 3),
        start = fixed(runs.clipped.points[0].loss, 4),
        end_unclipped = fixed(end(&runs.unclipped), 4),
        end_clipped = fixed(end(&runs.clipped), 4),
        acted = tn!(
            "cli.cliff.acted",
            runs.clipped.points.len().saturating_sub(1),
            acted = runs.clipped.points.iter().filter(|p| p.clipped).count()
        )
    );
    if let Some(k) = runs.unclipped.diverged {
        line.push_str(&t!("cli.cliff.non-finite", step = k));
    }
    line
}
