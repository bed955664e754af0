//! The race as the page plays it: the contour grid and the whole race worked out
//! once for the settings, and how many steps of it are shown. Moving the start or
//! a learning rate reruns the race only; the grid changes only with the surface.

use super::config::RaceConfig;
use super::laps::{Race, Stop};
use crate::scenes::cliff::surface::Surface;

#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    pub config: RaceConfig,
    /// f sampled over the window (its `w` is x, its `b` is y).
    pub grid: Surface,
    pub race: Race,
    /// Steps shown so far (0: only the start).
    pub shown: usize,
}

/// A start coordinate from a click, to the nearest thousandth, as a link writes it.
pub use crate::scenes::cliff::replay::start_word;

/// f over the window of `config`'s surface on its grid.
pub fn grid_of(config: &RaceConfig) -> Surface {
    let plane = config.plane();
    let w = plane.window();
    Surface::sample(w.x, w.y, config.grid, |x, y| plane.eval(x, y))
}

impl Replay {
    /// `config` must be valid.
    pub fn new(config: RaceConfig) -> Self {
        Replay {
            grid: grid_of(&config),
            race: Race::run(&config),
            config,
            shown: 0,
        }
    }

    /// Steps the longest lap has.
    pub fn len(&self) -> usize {
        self.race.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_finished(&self) -> bool {
        self.shown >= self.len()
    }

    /// Shows up to `n` more steps; returns how many.
    pub fn advance(&mut self, n: usize) -> usize {
        let before = self.shown;
        self.shown = (self.shown + n).min(self.len());
        self.shown - before
    }

    /// Shows step `k` (scrubbing), clamped to the race.
    pub fn show(&mut self, k: usize) {
        self.shown = k.min(self.len());
    }

    pub fn reset(&mut self) {
        self.shown = 0;
    }

    /// Takes settings that passed validation; the grid is sampled again only when
    /// the surface or the grid changed. Returns whether anything changed.
    pub fn reconfigure(&mut self, next: RaceConfig) -> bool {
        if next == self.config {
            return false;
        }
        if (next.surface, next.kappa, next.grid)
            != (self.config.surface, self.config.kappa, self.config.grid)
        {
            self.grid = grid_of(&next);
        }
        self.race = Race::run(&next);
        self.config = next;
        self.shown = 0;
        true
    }

    /// One line for the status bar: the step, the leader, who has stopped.
    pub fn status(&self) -> String {
        let k = self.shown;
        let mut s = crate::t!("race.status.step", step = k, steps = self.len());
        let best = self
            .race
            .laps
            .iter()
            .map(|l| (l, l.at(k).loss))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((lap, loss)) = best {
            s.push_str(" · ");
            s.push_str(&crate::t!(
                "race.status.lowest",
                optimizer = lap.entrant.kind,
                loss = format!("{loss:.4}")
            ));
        }
        let reached: Vec<String> = self
            .race
            .laps
            .iter()
            .filter_map(|l| {
                l.reached.filter(|&r| r <= k).map(|r| {
                    crate::t!(
                        "race.status.reached-at",
                        optimizer = l.entrant.kind,
                        step = r
                    )
                })
            })
            .collect();
        if !reached.is_empty() {
            s.push_str(" · ");
            s.push_str(&crate::t!("race.status.reached", list = reached.join(", ")));
        }
        for l in &self.race.laps {
            if let Some((at, why)) = l.stopped_by(k) {
                let key = match why {
                    Stop::LeftWindow => "race.status.left",
                    Stop::NonFinite => "race.status.non-finite",
                };
                s.push_str(" · ");
                s.push_str(&crate::t!(key, optimizer = l.entrant.kind, step = at));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    #[test]
    fn plays_scrubs_and_reruns_on_a_change() {
        let mut c = RaceConfig::default();
        c.set("grid", "21").unwrap();
        let mut r = Replay::new(c.clone());
        let n = r.len();
        assert!(n > 0);
        assert_eq!(r.advance(n + 5), n);
        assert!(r.is_finished());
        r.show(3);
        assert_eq!(r.shown, 3);
        let grid = r.grid.clone();
        c.set("start", "0.5,0.2").unwrap();
        assert!(r.reconfigure(c.clone()));
        assert_eq!(
            (r.shown, &r.grid),
            (0, &grid),
            "moving the start keeps the grid"
        );
        c.set("surface", "beale").unwrap();
        c.set("start", "1,1").unwrap();
        assert!(r.reconfigure(c));
        assert_ne!(r.grid, grid);
        assert!(r.status().starts_with("step 0 of"));
    }
}
