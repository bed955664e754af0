//! The race as CSV and JSON Lines, the one writer of the page's race exports and of
//! `gradient-lab race`: every lap step by step (every step, not only those shown),
//! then the scoreboard. Numbers are written by
//! [`number`](crate::scenes::network::history::number), the shortest form that
//! reads back to the same float.

use super::laps::{Lap, Race, Stop};
use super::replay::Replay;
use super::surface::{Minima, Plane};
use crate::scenes::network::history::number;

/// The trail CSV's columns, in order. Row k of a lap is its point after k steps
/// and the step it takes from there (empty on its last point).
pub const COLUMNS: [&str; 20] = [
    "optimizer",
    "lr",
    "step",
    "x",
    "y",
    "loss",
    "grad_x",
    "grad_y",
    "used_x",
    "used_y",
    "clipped",
    "step_x",
    "step_y",
    "raw_step_x",
    "raw_step_y",
    "velocity_x",
    "velocity_y",
    "rate_x",
    "rate_y",
    "stop",
];

fn opt(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// Why a lap stopped, as a word: `left` (the window), `non-finite`, or empty.
pub fn stop_word(lap: &Lap, k: usize) -> &'static str {
    match lap.stopped {
        Some((at, Stop::LeftWindow)) if at == k => "left",
        Some((at, Stop::NonFinite)) if at == k + 1 && k + 1 == lap.points.len() => "non-finite",
        _ => "",
    }
}

/// Row `k` of `lap` (no newline).
pub fn row(lap: &Lap, k: usize) -> String {
    let p = lap.points[k];
    let mut cells = vec![
        lap.entrant.kind.to_string(),
        number(lap.entrant.lr),
        k.to_string(),
        number(p.x),
        number(p.y),
        number(p.loss),
    ];
    match lap.steps.get(k) {
        Some(s) => {
            cells.extend(s.grad.map(number));
            cells.extend(s.used.map(number));
            cells.push(u8::from(s.clipped).to_string());
            cells.extend(s.delta.map(number));
            cells.extend([0, 1].map(|i| opt(s.raw_delta.map(|d| d[i]))));
            cells.extend([0, 1].map(|i| opt(s.velocity.map(|v| v[i]))));
            cells.extend(s.rate.map(opt));
        }
        None => cells.extend(std::iter::repeat_n(String::new(), 13)),
    }
    cells.push(stop_word(lap, k).to_string());
    cells.join(",")
}

/// Every lap's rows under one header.
pub fn csv(race: &Race) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for lap in &race.laps {
        for k in 0..lap.points.len() {
            out.push_str(&row(lap, k));
            out.push('\n');
        }
    }
    out
}

/// f per step, one column per optimizer (empty once a lap has stopped).
pub fn loss_csv(race: &Race) -> String {
    wide(
        race,
        |lap, k| vec![opt(lap.points.get(k).map(|p| p.loss))],
        &[""],
    )
}

/// The effective step size per coordinate, two columns per optimizer.
pub fn rates_csv(race: &Race) -> String {
    wide(
        race,
        |lap, k| {
            let r = lap.steps.get(k).map(|s| s.rate);
            vec![opt(r.and_then(|r| r[0])), opt(r.and_then(|r| r[1]))]
        },
        &["_rate_x", "_rate_y"],
    )
}

fn wide(race: &Race, cells: impl Fn(&Lap, usize) -> Vec<String>, suffixes: &[&str]) -> String {
    let mut out = String::from("step");
    for lap in &race.laps {
        for s in suffixes {
            out.push_str(&format!(",{}{s}", lap.entrant.kind));
        }
    }
    out.push('\n');
    for k in 0..=race.len() {
        out.push_str(&k.to_string());
        for lap in &race.laps {
            for c in cells(lap, k) {
                out.push(',');
                out.push_str(&c);
            }
        }
        out.push('\n');
    }
    out
}

/// One optimizer's line of the scoreboard at step `shown`.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub optimizer: String,
    pub lr: f64,
    /// The step it first came within tolerance of a minimum (by `shown`).
    pub reached: Option<usize>,
    /// The minimum its point at `shown` is nearest, where the surface has several.
    pub nearest: Option<(f64, f64)>,
    pub loss: f64,
    /// The longest step so far: its length and index.
    pub longest: Option<(usize, f64)>,
    pub stopped: Option<(usize, &'static str)>,
}

/// The scoreboard at step `shown`.
pub fn scores(race: &Race, shown: usize) -> Vec<Score> {
    race.laps
        .iter()
        .map(|lap| {
            let p = lap.at(shown);
            let nearest = match &race.minima {
                Minima::Points(ps) if ps.len() > 1 => {
                    Plane::nearest(&race.minima, p.x, p.y).map(|i| ps[i])
                }
                _ => None,
            };
            Score {
                optimizer: lap.entrant.kind.to_string(),
                lr: lap.entrant.lr,
                reached: lap.reached.filter(|&r| r <= shown),
                nearest,
                loss: p.loss,
                longest: lap.longest(shown),
                stopped: lap.stopped_by(shown).map(|(k, why)| {
                    (
                        k,
                        match why {
                            Stop::LeftWindow => LEFT_WINDOW,
                            Stop::NonFinite => NON_FINITE,
                        },
                    )
                }),
            }
        })
        .collect()
}

/// The scoreboard's columns.
pub const SCORE_COLUMNS: [&str; 9] = [
    "optimizer",
    "lr",
    "reached_at",
    "nearest_x",
    "nearest_y",
    "loss",
    "longest_step",
    "longest_at",
    "stopped_at",
];

/// The scoreboard at step `shown` as CSV.
pub fn score_csv(replay: &Replay) -> String {
    let mut out = SCORE_COLUMNS.join(",");
    out.push('\n');
    for s in scores(&replay.race, replay.shown) {
        let cells = [
            s.optimizer.clone(),
            number(s.lr),
            s.reached.map(|k| k.to_string()).unwrap_or_default(),
            opt(s.nearest.map(|p| p.0)),
            opt(s.nearest.map(|p| p.1)),
            number(s.loss),
            opt(s.longest.map(|l| l.1)),
            s.longest.map(|l| l.0.to_string()).unwrap_or_default(),
            s.stopped.map(|l| l.0.to_string()).unwrap_or_default(),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The race as JSON Lines: one object per optimizer per step from step 0 (the
/// start), a lap at a time, then one summary object per optimizer.
pub fn jsonl(race: &Race) -> String {
    use serde_json::{json, Map, Value};
    let pair = |v: [f64; 2]| json!(v);
    let mut out = String::new();
    for lap in &race.laps {
        for (k, p) in lap.points.iter().enumerate() {
            let mut o = Map::new();
            o.insert("optimizer".into(), json!(lap.entrant.kind.to_string()));
            o.insert("step".into(), json!(k));
            o.insert("x".into(), json!(p.x));
            o.insert("y".into(), json!(p.y));
            o.insert("loss".into(), json!(p.loss));
            if let Some(s) = lap.steps.get(k) {
                o.insert("grad".into(), pair(s.grad));
                o.insert("used".into(), pair(s.used));
                o.insert("clipped".into(), json!(s.clipped));
                o.insert("delta".into(), pair(s.delta));
                if let Some(v) = s.velocity {
                    o.insert("velocity".into(), pair(v));
                }
                o.insert("rate".into(), json!(s.rate));
            }
            out.push_str(&Value::Object(o).to_string());
            out.push('\n');
        }
    }
    for s in scores(race, race.len()) {
        let line = json!({
            "optimizer": s.optimizer,
            "summary": true,
            "lr": s.lr,
            "reached_at": s.reached,
            "nearest_minimum": s.nearest.map(|p| [p.0, p.1]),
            "final_loss": s.loss,
            "longest_step": s.longest.map(|l| l.1),
            "longest_at": s.longest.map(|l| l.0),
            "stopped_at": s.stopped.map(|l| l.0),
            "stopped": s.stopped.map(|l| l.1),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// "left the plot at step 12", in the current language, from a score's word.
fn stopped_text(why: &str, k: usize) -> String {
    let key = if why == LEFT_WINDOW {
        "race.table.left"
    } else {
        "race.table.non-finite"
    };
    crate::t!(key, step = k)
}

/// A score's words for why a lap stopped (JSON Lines' `stopped`).
const LEFT_WINDOW: &str = "left the plot";
const NON_FINITE: &str = "went non-finite";

/// The scoreboard at step `shown` as a plain-text table.
pub fn table(race: &Race, shown: usize) -> String {
    let mut out = format!(
        "{:<9} {:>8} {:>8} {:>12} {:>12} {:>14}  {}\n",
        crate::t!("race.table.optimizer"),
        "lr",
        crate::t!("race.table.reached"),
        "f",
        crate::t!("race.table.longest"),
        crate::t!("race.table.nearest"),
        crate::t!("race.table.stopped")
    );
    for s in scores(race, shown) {
        let dash = || "—".to_string();
        out.push_str(&format!(
            "{:<9} {:>8} {:>8} {:>12.4e} {:>12} {:>14}  {}\n",
            s.optimizer,
            number(s.lr),
            s.reached.map_or_else(dash, |k| k.to_string()),
            s.loss,
            s.longest.map_or_else(dash, |(k, l)| format!("{l:.3} @{k}")),
            s.nearest
                .map_or_else(dash, |p| format!("({:.2}, {:.2})", p.0, p.1)),
            s.stopped
                .map_or_else(String::new, |(k, why)| stopped_text(why, k)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;
    use crate::scenes::race::config::RaceConfig;

    #[test]
    fn csv_rows_are_the_laps_points_and_read_back() {
        let mut c = RaceConfig::default();
        c.set("steps", "40").unwrap();
        let race = Race::run(&c);
        let text = csv(&race);
        let lines: Vec<&str> = text.lines().collect();
        let rows: usize = race.laps.iter().map(|l| l.points.len()).sum();
        assert_eq!(lines.len(), rows + 1);
        for line in &lines {
            assert_eq!(line.split(',').count(), COLUMNS.len(), "{line}");
        }
        let first = &race.laps[0];
        let cells: Vec<&str> = lines[2].split(',').collect();
        assert_eq!(cells[0], first.entrant.kind.to_string());
        assert_eq!(cells[3].parse::<f64>().unwrap(), first.points[1].x);
        let json: Vec<serde_json::Value> = jsonl(&race)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(json.len(), rows + race.laps.len());
        assert_eq!(json[0]["step"], 0);
        // serde_json reads floats to within an ulp (its exact reader is left out).
        let x = json[1]["x"].as_f64().unwrap();
        assert!((x - first.points[1].x).abs() <= 1e-15 * x.abs());
        assert_eq!(json.last().unwrap()["summary"], true);
    }

    #[test]
    fn a_stopped_lap_is_marked_once() {
        let mut c = RaceConfig::default();
        c.set("optimizers", "sgd:0.1").unwrap();
        c.set("steps", "2000").unwrap();
        let race = Race::run(&c);
        let text = csv(&race);
        assert_eq!(text.matches(",left\n").count(), 1);
        let s = &scores(&race, race.len())[0];
        assert_eq!(s.stopped.map(|s| s.1), Some("left the plot"));
        assert!(table(&race, race.len()).contains("left the plot at step"));
    }
}
