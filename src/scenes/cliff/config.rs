//! The cliff's settings: one flat serde type, read from the URL and the command
//! line through the same [`set_by_key`] as the network's [`crate::engine::config::Config`].
//! The defaults are the "E7 the cliff" preset: T = 10, where the wall is thin
//! but visible, a start just above it, and a learning rate at which one
//! unclipped step off the wall throws the parameters off the plot while
//! clipping at 0.1 keeps every step under 0.2 and, over 200 steps, descends
//! (from every start of the spread the tests try near the wall).

use serde::{Deserialize, Serialize};

use super::descent::{walk, Descent, Walk};
use super::surface::Surface;
use super::unit::Cliff;
use crate::engine::settings::{keys_of, ConfigError};

/// The title and two-line caption of the "E7 the cliff" preset.
pub const TITLE: &str = "E7 the cliff: gradient clipping on Pascanu's recurrent unit";
pub const CAPTION: &str = "One step off the wall throws plain gradient descent off the plot; clipped steps stay short.\nClick the surface to start elsewhere; raise T to sharpen the wall.";

crate::flat_settings!(CliffConfig);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CliffConfig {
    /// Sequence length T.
    pub t: usize,
    /// The start point (w, b).
    pub w: f64,
    pub b: f64,
    pub lr: f64,
    /// Clip the gradient's norm to this in the clipped run.
    pub threshold: f64,
    pub steps: usize,
    pub momentum: f64,
    /// The plotted window and its grid.
    pub w_min: f64,
    pub w_max: f64,
    pub b_min: f64,
    pub b_max: f64,
    pub grid: usize,
}

impl Default for CliffConfig {
    fn default() -> Self {
        CliffConfig {
            t: 10,
            w: 6.0,
            b: -3.0,
            lr: 2.0,
            threshold: 0.1,
            steps: 200,
            momentum: 0.0,
            w_min: 1.0,
            w_max: 11.0,
            b_min: -7.0,
            b_max: 1.0,
            grid: 201,
        }
    }
}

/// Both runs from the same start, and the surface under them.
#[derive(Clone, Debug, PartialEq)]
pub struct CliffRuns {
    pub unclipped: Walk,
    pub clipped: Walk,
}

impl CliffConfig {
    pub fn keys() -> Vec<String> {
        keys_of(&CliffConfig::default())
    }

    /// Checks every setting ([`Settings::validate`] calls it); the error names the first bad one.
    fn rules(&self) -> Result<(), ConfigError> {
        let bad = |f: &str, v: f64, why: String| Err(ConfigError::new(f, v, why));
        let from_to = |lo: usize, hi: usize| crate::t!("engine.range.from-to", lo = lo, hi = hi);
        if !(1..=200).contains(&self.t) {
            return bad("t", self.t as f64, from_to(1, 200));
        }
        for (f, v) in [("w", self.w), ("b", self.b)] {
            if !v.is_finite() || v.abs() > 1e3 {
                return bad(f, v, crate::t!("cliff.check.start", max = 1000));
            }
        }
        if !(self.lr > 0.0 && self.lr <= 100.0) {
            return bad(
                "lr",
                self.lr,
                crate::t!("engine.range.oc", lo = 0, hi = 100),
            );
        }
        if !(self.threshold > 0.0 && self.threshold <= 1e6) {
            return bad(
                "threshold",
                self.threshold,
                crate::t!("engine.range.oc", lo = 0, hi = "1e6"),
            );
        }
        if !(1..=10_000).contains(&self.steps) {
            return bad("steps", self.steps as f64, from_to(1, 10000));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad(
                "momentum",
                self.momentum,
                crate::t!("engine.range.co", lo = 0, hi = 1),
            );
        }
        if !(self.w_min.is_finite() && self.w_max.is_finite() && self.w_min < self.w_max) {
            return bad(
                "w_max",
                self.w_max,
                crate::t!("cliff.check.above", min = "w_min"),
            );
        }
        if !(self.b_min.is_finite() && self.b_max.is_finite() && self.b_min < self.b_max) {
            return bad(
                "b_max",
                self.b_max,
                crate::t!("cliff.check.above", min = "b_min"),
            );
        }
        if !(2..=1001).contains(&self.grid) {
            return bad("grid", self.grid as f64, from_to(2, 1001));
        }
        Ok(())
    }

    pub fn cliff(&self) -> Cliff {
        Cliff::new(self.t)
    }

    fn descent(&self, clip: Option<f64>) -> Descent {
        Descent {
            start: (self.w, self.b),
            lr: self.lr,
            steps: self.steps,
            clip,
            momentum: self.momentum,
        }
    }

    /// The two descents from the start: without and with clipping.
    pub fn runs(&self) -> CliffRuns {
        let c = self.cliff();
        let f = |w: f64, b: f64| c.loss_and_grad(w, b);
        CliffRuns {
            unclipped: walk(&self.descent(None), f),
            clipped: walk(&self.descent(Some(self.threshold)), f),
        }
    }

    /// The loss surface over the plotted window.
    pub fn surface(&self) -> Surface {
        let c = self.cliff();
        let n = self.grid;
        let at = |lo: f64, hi: f64, k: usize| lo + (hi - lo) * k as f64 / (n - 1) as f64;
        let ws: Vec<f64> = (0..n).map(|i| at(self.w_min, self.w_max, i)).collect();
        let (mut loss, mut grad_norm, mut scratch) = (
            Vec::with_capacity(n * n),
            Vec::with_capacity(n * n),
            Vec::new(),
        );
        for j in 0..n {
            c.row(
                &ws,
                at(self.b_min, self.b_max, j),
                &mut loss,
                &mut grad_norm,
                &mut scratch,
            );
        }
        Surface {
            w: (self.w_min, self.w_max),
            b: (self.b_min, self.b_max),
            n,
            loss,
            grad_norm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    fn max_step(w: &Walk) -> f64 {
        w.step_lengths().into_iter().fold(0.0, f64::max)
    }

    #[test]
    fn the_preset_shows_the_contrast() {
        let c = CliffConfig::default();
        c.validate().unwrap();
        let r = c.runs();
        assert!(r.unclipped.diverged.is_none() && r.clipped.diverged.is_none());
        let (u, k) = (max_step(&r.unclipped), max_step(&r.clipped));
        assert!(u > 10.0 * k, "unclipped largest step {u}, clipped {k}");
        for len in r.clipped.step_lengths() {
            assert!(len <= c.lr * c.threshold * (1.0 + 1e-12), "{len}");
        }
        assert!(r.clipped.points.iter().any(|p| p.clipped), "clipping acted");
        let (first, last) = (
            r.clipped.points[0].loss,
            r.clipped.points.last().unwrap().loss,
        );
        assert!(last < first, "clipped run {first} -> {last}");
        // The unclipped jump leaves the plotted window.
        assert!(r
            .unclipped
            .points
            .iter()
            .any(|p| p.w > c.w_max || p.b > c.b_max || p.w < c.w_min || p.b < c.b_min));
    }

    #[test]
    fn clipping_descends_from_starts_near_the_wall() {
        let base = CliffConfig::default();
        let (mut lower, mut total) = (0, 0);
        for w in [5.0, 5.5, 6.0, 6.5, 7.0, 8.0] {
            for off in [-0.5, -0.3, 0.2, 0.3, 0.5, 0.8] {
                let c = CliffConfig {
                    w,
                    b: Cliff::wall_b(w) + off,
                    ..base.clone()
                };
                let r = c.runs();
                for len in r.clipped.step_lengths() {
                    assert!(len <= c.lr * c.threshold * (1.0 + 1e-12));
                }
                total += 1;
                if r.clipped.points.last().unwrap().loss < r.clipped.points[0].loss {
                    lower += 1;
                }
            }
        }
        assert!(
            lower * 10 >= total * 9,
            "clipped runs ended lower in {lower} of {total}"
        );
    }

    #[test]
    fn the_surface_by_rows_equals_sampling_point_by_point() {
        let c = CliffConfig {
            grid: 31,
            t: 17,
            ..CliffConfig::default()
        };
        let cliff = c.cliff();
        let slow = Surface::sample((c.w_min, c.w_max), (c.b_min, c.b_max), c.grid, |w, b| {
            cliff.loss_and_grad(w, b)
        });
        assert_eq!(c.surface(), slow);
    }

    #[test]
    fn settings_read_like_the_network_config() {
        let mut c = CliffConfig::default();
        c.set("t", "20").unwrap();
        c.set("threshold", "0.5").unwrap();
        assert_eq!((c.t, c.threshold), (20, 0.5));
        assert_eq!(c.set("lr", "fast").unwrap_err().field, "lr");
        assert_eq!(c.set("depth", "3").unwrap_err().field, "depth");
        c.set("t", "0").unwrap();
        assert_eq!(c.validate().unwrap_err().field, "t");
        assert!(CliffConfig::keys().contains(&"momentum".to_string()));
    }
}
