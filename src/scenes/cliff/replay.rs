//! The cliff as the page plays it: the surface and both descents computed once
//! for the settings, and how many steps of them are shown so far. Moving the
//! start point recomputes the descents only; the surface changes only with T or
//! the window.

use super::config::{CliffConfig, CliffRuns};
use super::surface::Surface;
use crate::engine::config::ConfigError;
use crate::engine::settings::Settings;

#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    pub config: CliffConfig,
    pub surface: Surface,
    pub runs: CliffRuns,
    /// Steps shown so far (0: only the start point).
    pub shown: usize,
}

/// A start coordinate from a click, to the nearest thousandth, as a link writes it.
pub fn start_word(v: f64) -> String {
    ((v * 1000.0).round() / 1000.0).to_string()
}

impl Replay {
    /// `config` must be valid (see [`CliffConfig::validate`]).
    pub fn new(config: CliffConfig) -> Self {
        Replay {
            surface: config.surface(),
            runs: config.runs(),
            config,
            shown: 0,
        }
    }

    /// The steps either run has (a run that went non-finite stops early).
    pub fn len(&self) -> usize {
        let steps = |w: &super::descent::Walk| w.points.len().saturating_sub(1);
        steps(&self.runs.unclipped).max(steps(&self.runs.clipped))
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

    pub fn reset(&mut self) {
        self.shown = 0;
    }

    /// Changes one setting; on error nothing changes. Returns whether anything did.
    pub fn set(&mut self, key: &str, value: &str) -> Result<bool, ConfigError> {
        let mut next = self.config.clone();
        next.set(key, value)?;
        Ok(self.reconfigure(next.validate()?.into_inner()))
    }

    /// Takes settings that passed validation; returns whether anything changed. The
    /// surface is recomputed only when T or the window moved.
    pub fn reconfigure(&mut self, next: CliffConfig) -> bool {
        if next == self.config {
            return false;
        }
        let surface_same = (
            next.t, next.w_min, next.w_max, next.b_min, next.b_max, next.grid,
        ) == (
            self.config.t,
            self.config.w_min,
            self.config.w_max,
            self.config.b_min,
            self.config.b_max,
            self.config.grid,
        );
        if !surface_same {
            self.surface = next.surface();
        }
        self.runs = next.runs();
        self.config = next;
        self.shown = 0;
        true
    }

    /// Starts both descents from (w, b) (a click on the surface).
    pub fn start_at(&mut self, w: f64, b: f64) -> Result<(), ConfigError> {
        self.set("w", &start_word(w))?;
        self.set("b", &start_word(b)).map(|_| ())
    }

    /// One line for the status bar.
    pub fn status(&self) -> String {
        let at =
            |w: &super::descent::Walk| w.points.get(self.shown.min(w.points.len() - 1)).copied();
        let (u, c) = (at(&self.runs.unclipped), at(&self.runs.clipped));
        let clipped = self.runs.clipped.points[..self.shown.min(self.runs.clipped.points.len())]
            .iter()
            .filter(|p| p.clipped)
            .count();
        let mut s = crate::t!("cliff.status.step", step = self.shown, steps = self.len());
        if let (Some(u), Some(c)) = (u, c) {
            s.push_str(" · ");
            s.push_str(&crate::tn!(
                "cliff.status.losses",
                clipped,
                unclipped = format!("{:.4}", u.loss),
                clipped = format!("{:.4}", c.loss)
            ));
        }
        if let Some(k) = self.runs.unclipped.diverged {
            if self.shown >= k {
                s.push_str(" · ");
                s.push_str(&crate::t!("cliff.status.diverged", step = k));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plays_to_the_end_and_restarts_on_a_change() {
        let mut r = Replay::new(CliffConfig {
            grid: 21,
            ..CliffConfig::default()
        });
        assert_eq!(r.len(), 200);
        assert_eq!(r.advance(150), 150);
        assert_eq!(r.advance(150), 50);
        assert!(r.is_finished());
        let surface = r.surface.clone();
        r.start_at(7.0, -3.5).unwrap();
        assert_eq!((r.config.w, r.config.b, r.shown), (7.0, -3.5, 0));
        assert_eq!(r.surface, surface, "moving the start keeps the surface");
        assert_eq!(r.runs.clipped.points[0].w, 7.0);
        assert!(r.set("t", "12").unwrap());
        assert_ne!(r.surface, surface);
        let before = r.clone();
        assert_eq!(r.set("lr", "-1").unwrap_err().field, "lr");
        assert_eq!(r, before);
        assert!(r
            .status()
            .starts_with("step 0 of 200 · loss without clipping"));
    }
}

#[cfg(test)]
mod speaks {
    use super::*;
    use crate::engine::config::Config;
    use crate::lang::{self, Lang};

    fn error(pairs: &[(&str, &str)]) -> String {
        let mut c = Config::default();
        for (k, v) in pairs {
            c.set(k, v).unwrap();
        }
        c.validate().unwrap_err().to_string()
    }

    #[test]
    fn an_engine_error_and_the_cliff_status_in_russian_and_ukrainian() {
        let bad_lr = [("lr", "-1")];
        let min_lr = [("lr", "0.5"), ("schedule", "cosine"), ("min_lr", "0.75")];
        let mut replay = Replay::new(CliffConfig {
            grid: 21,
            ..CliffConfig::default()
        });
        replay.advance(3);
        assert_eq!(error(&bad_lr), "lr: must be in (0, 100] (got '-1')");
        lang::with(Lang::Ru, || {
            assert_eq!(error(&bad_lr), "lr: должно быть в (0; 100] (получено «-1»)");
            assert_eq!(
                replay.status(),
                "шаг 3 из 200 · потери без обрезки 0,4366 · с обрезкой 0,0219 · \
                 обрезка сработала на 1 шаге"
            );
        });
        // The decimal comma in the message's numbers; the value as it was written.
        lang::with(Lang::Uk, || {
            assert_eq!(
                error(&min_lr),
                "min_lr: має бути ≥ 0 і менше за lr (0,5) (отримано «0.75»)"
            );
            assert_eq!(
                replay.status(),
                "крок 3 з 200 · втрати без обрізання 0,4366 · з обрізанням 0,0219 · \
                 обрізання спрацювало на 1 кроці"
            );
        });
        assert!(replay
            .status()
            .starts_with("step 3 of 200 · loss without clipping 0.4366"));
    }
}
