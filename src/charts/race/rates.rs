//! The effective step size per coordinate, |Δᵢ|/|gᵢ|, over steps on a log
//! axis: constant lr for SGD, and for the adaptive methods how the step they
//! take answers the gradient they get — AdaGrad's steady decay shows here.
//! Each runner's x coordinate is solid, its y coordinate dashed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::runners;
use super::series::{cursor, fit, frame, line, plot_rect};
use crate::charts::axis::{header, Item, Swatch};
use crate::charts::{fail, ChartResult, Theme};
use crate::scenes::race::replay::Replay;

pub const TITLE: &str = "effective step size |Δ|/|g| per coordinate (log scale)";

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    replay: &Replay,
    theme: &Theme,
) -> ChartResult {
    area.fill(&theme.background).map_err(fail)?;
    let title = fit(
        theme,
        area.dim_in_pixel().0,
        &[
            TITLE,
            "step size |Δ|/|g| per coordinate (log)",
            "|Δ|/|g| (log)",
        ],
    );
    let laps = &replay.race.laps;
    let mut items: Vec<Item> = runners::name_items(theme, laps);
    let mut x = Item::new(Swatch::Line(theme.foreground, theme.line()), "x", theme);
    x.newline = true;
    items.push(x);
    items.push(Item::new(
        Swatch::Dashed(theme.foreground, theme.line()),
        "y",
        theme,
    ));
    let top = header(area, theme, title, &items)?;
    let rate = |r: Option<f64>| r.unwrap_or(f64::NAN);
    let values = laps.iter().flat_map(|l| {
        l.steps
            .iter()
            .flat_map(move |s| [rate(s.rate[0]), rate(s.rate[1])])
    });
    let len = replay.len();
    let Some((chart, _)) = frame(area, theme, top, len, values, true, "|Δᵢ|/|gᵢ|")? else {
        return Ok(());
    };
    let r = plot_rect(area, &chart);
    for (i, lap) in laps.iter().enumerate() {
        let shown = replay.shown.min(lap.steps.len());
        // Step k + 1 goes from point k to point k + 1.
        for (c, dashed) in [(0, false), (1, true)] {
            let points: Vec<(f64, f64)> = lap.steps[..shown]
                .iter()
                .enumerate()
                .map(|(k, s)| ((k + 1) as f64, rate(s.rate[c])))
                .collect();
            let phase = (i as f64 + 0.5 * c as f64) / laps.len().max(1) as f64;
            line(
                &chart,
                theme,
                lap.entrant.kind,
                &points,
                true,
                dashed,
                phase,
                len,
            )?;
        }
    }
    cursor(area, theme, &chart, r, replay.shown)
}
