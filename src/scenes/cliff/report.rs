//! The cliff (E7) as CSV, the one writer of the page's cliff CSV and of
//! `gradient-lab cliff --format csv`: both walks step by step (every step, not
//! only those shown), side by side, the clipped walk's columns prefixed `clipped_`.
//! A walk that stopped early leaves its cells empty; numbers are written by
//! [`number`](crate::scenes::network::history::number) (shortest round-trip form,
//! `nan`, `inf`, `-inf`).

use super::config::CliffRuns;
use super::descent::Point;
use crate::scenes::network::history::number;

/// The columns, in order.
pub const COLUMNS: [&str; 10] = [
    "step",
    "w",
    "b",
    "loss",
    "grad_norm",
    "clipped_w",
    "clipped_b",
    "clipped_loss",
    "clipped_grad_norm",
    "clipped",
];

/// The header line (no newline).
pub fn header() -> String {
    COLUMNS.join(",")
}

/// Step `k`'s line (no newline), or None past the end of both walks.
pub fn row(runs: &CliffRuns, k: usize) -> Option<String> {
    let (u, c) = (runs.unclipped.points.get(k), runs.clipped.points.get(k));
    if u.is_none() && c.is_none() {
        return None;
    }
    let four = |p: Option<&Point>| {
        p.map_or_else(
            || ",,,".to_string(),
            |p| [p.w, p.b, p.loss, p.grad_norm].map(number).join(","),
        )
    };
    let flag = c.map_or(String::new(), |p| u8::from(p.clipped).to_string());
    Some(format!("{k},{},{},{flag}", four(u), four(c)))
}

/// The number of rows: the longer walk's points.
pub fn rows(runs: &CliffRuns) -> usize {
    runs.unclipped.points.len().max(runs.clipped.points.len())
}

/// The whole CSV: the header, then one line per step.
pub fn csv(runs: &CliffRuns) -> String {
    let mut out = header();
    out.push('\n');
    for line in (0..rows(runs)).filter_map(|k| row(runs, k)) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::cliff::config::CliffConfig;
    use crate::scenes::cliff::replay::Replay;

    fn runs() -> CliffRuns {
        CliffConfig::default().runs()
    }

    /// The unclipped walk made to go non-finite at step `k`.
    fn diverged(k: usize) -> CliffRuns {
        let mut runs = runs();
        let walk = &mut runs.unclipped;
        walk.points.truncate(k + 1);
        let p = walk.points.last_mut().expect("point");
        p.loss = f64::NAN;
        p.grad_norm = f64::INFINITY;
        walk.diverged = Some(k);
        runs
    }

    #[test]
    fn a_row_per_step_for_both_walks() {
        let r = runs();
        let out = csv(&r);
        let lines: Vec<_> = out.lines().collect();
        let steps = CliffConfig::default().steps;
        assert_eq!(lines.len(), steps + 2);
        assert_eq!(rows(&r), steps + 1);
        assert_eq!(row(&r, rows(&r)), None);
        assert_eq!(
            lines[0],
            "step,w,b,loss,grad_norm,clipped_w,clipped_b,clipped_loss,clipped_grad_norm,clipped"
        );
        assert!(lines[1].starts_with("0,6,-3,"), "{}", lines[1]);
        assert!(
            lines[2].ends_with(",1"),
            "clipping acted on step 1: {}",
            lines[2]
        );
        assert!(lines.iter().all(|l| l.split(',').count() == COLUMNS.len()));
        // Every step, not only those the page shows.
        let mut replay = Replay::new(CliffConfig::default());
        replay.shown = 0;
        assert_eq!(csv(&replay.runs), out);
        // A walk that stopped early: nan and inf where it went non-finite, then
        // empty cells.
        let out = csv(&diverged(30));
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), steps + 2);
        assert!(lines[31].contains(",nan,inf,"), "{}", lines[31]);
        assert!(lines[32].starts_with("31,,,,,"), "{}", lines[32]);
    }
}
