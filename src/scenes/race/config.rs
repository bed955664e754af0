//! The race's settings: one flat type read from the URL and the command line by
//! the same [`crate::engine::settings::set_by_key`] as every other scene's. Two
//! settings are written as lists: `start=x,y` and `optimizers=name:lr,...`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::surface::{Plane, SurfaceKind};
use crate::engine::clip::Clip;
use crate::engine::optim::{Hyper, OptimizerKind};
use crate::engine::precision::Precision;
use crate::engine::settings::{as_written, ConfigError};
use crate::engine::words::Vocabulary;

/// The most steps a race runs (the whole race is worked out at once).
pub const MAX_STEPS: usize = 20_000;

/// A start point, written `x,y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    pub x: f64,
    pub y: f64,
}

impl fmt::Display for Start {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.x, self.y)
    }
}

impl FromStr for Start {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || as_written(crate::t!("race.start.not-xy").to_string(), &[("word", s)]);
        let (x, y) = s.split_once(',').ok_or_else(bad)?;
        let read = |v: &str| v.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        Ok(Start {
            x: read(x).ok_or_else(bad)?,
            y: read(y).ok_or_else(bad)?,
        })
    }
}

crate::word_serde!(Start);

/// One runner of the race: an optimizer and its learning rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entrant {
    pub kind: OptimizerKind,
    pub lr: f64,
}

/// The optimizers racing, written `sgd:0.05,adam:0.05`, in menu order.
#[derive(Clone, Debug, PartialEq)]
pub struct Entrants(pub Vec<Entrant>);

impl Entrants {
    pub fn get(&self, kind: OptimizerKind) -> Option<&Entrant> {
        self.0.iter().find(|e| e.kind == kind)
    }

    /// These entrants with `kind` at learning rate `lr`, or without it (None).
    pub fn with(&self, kind: OptimizerKind, lr: Option<f64>) -> Entrants {
        let mut list: Vec<Entrant> = self.0.iter().copied().filter(|e| e.kind != kind).collect();
        if let Some(lr) = lr {
            list.push(Entrant { kind, lr });
        }
        Entrants::sorted(list)
    }

    fn sorted(mut list: Vec<Entrant>) -> Entrants {
        let order = OptimizerKind::values();
        let rank = |e: &Entrant| order.iter().position(|&k| k == e.kind);
        crate::engine::sorting::sort_small(&mut list, |a, b| rank(a) < rank(b));
        Entrants(list)
    }
}

impl fmt::Display for Entrants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}:{}", e.kind, e.lr))
            .collect();
        f.write_str(&words.join(","))
    }
}

impl FromStr for Entrants {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut list: Vec<Entrant> = Vec::new();
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let (name, lr) = word.split_once(':').ok_or_else(|| {
                as_written(
                    crate::t!("race.entrant.word").to_string(),
                    &[("word", word)],
                )
            })?;
            let kind: OptimizerKind = name.trim().parse()?;
            let lr = lr
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    as_written(crate::t!("race.entrant.lr").to_string(), &[("word", word)])
                })?;
            if list.iter().any(|e| e.kind == kind) {
                return Err(crate::t!("engine.check.twice", item = kind));
            }
            list.push(Entrant { kind, lr });
        }
        Ok(Entrants::sorted(list))
    }
}

crate::word_serde!(Entrants);

crate::flat_settings!(RaceConfig);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RaceConfig {
    pub surface: SurfaceKind,
    /// The bowl's condition number κ (the quadratic surface only).
    pub kappa: f64,
    pub start: Start,
    pub steps: usize,
    pub optimizers: Entrants,
    /// μ of momentum and Nesterov.
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    /// RMSProp's ρ.
    pub rho: f64,
    pub adadelta_rho: f64,
    pub epsilon: f64,
    /// The same words as a network's: none, norm:c, global:c, value:c.
    pub clip: Clip,
    /// σ of the Gaussian noise added to every gradient (0: none).
    pub noise: f64,
    /// Seeds the noise.
    pub seed: u64,
    pub precision: Precision,
    /// How near a minimum counts as having reached it.
    pub tolerance: f64,
    /// Points per side of the contour grid.
    pub grid: usize,
}

impl Default for RaceConfig {
    fn default() -> Self {
        RaceConfig::on(SurfaceKind::Saddle)
    }
}

impl RaceConfig {
    /// The race on `surface` with that surface's start, steps and learning rates
    /// (what its preset starts from; changing the surface loads them).
    pub fn on(surface: SurfaceKind) -> RaceConfig {
        let h = Hyper::default();
        let (start, steps, lrs) = surface_defaults(surface);
        RaceConfig {
            surface,
            kappa: 50.0,
            start: Start {
                x: start.0,
                y: start.1,
            },
            steps,
            optimizers: Entrants(
                OptimizerKind::values()
                    .into_iter()
                    .zip(lrs)
                    .map(|(kind, &lr)| Entrant { kind, lr })
                    .collect(),
            ),
            momentum: h.momentum,
            beta1: h.beta1,
            beta2: h.beta2,
            rho: h.rho,
            adadelta_rho: h.adadelta_rho,
            epsilon: h.epsilon,
            clip: Clip::None,
            noise: 0.0,
            seed: 1,
            precision: Precision::F32,
            tolerance: 0.01,
            grid: 200,
        }
    }

    pub fn plane(&self) -> Plane {
        Plane::new(self.surface, self.kappa)
    }

    /// The hyper-parameters of `entrant`.
    pub fn hyper(&self, entrant: &Entrant) -> Hyper {
        Hyper {
            lr: entrant.lr,
            momentum: self.momentum,
            beta1: self.beta1,
            beta2: self.beta2,
            rho: self.rho,
            adadelta_rho: self.adadelta_rho,
            epsilon: self.epsilon,
        }
    }

    /// Checks every setting ([`crate::engine::settings::Settings::validate`] calls
    /// it); the error names the first bad one.
    fn rules(&self) -> Result<(), ConfigError> {
        let bad = |f: &str, v: &dyn fmt::Display, why: String| Err(ConfigError::new(f, v, why));
        if !(1.0..=1000.0).contains(&self.kappa) {
            return bad(
                "kappa",
                &self.kappa,
                crate::t!("engine.range.from-to", lo = 1, hi = 1000),
            );
        }
        let window = self.plane().window();
        if !window.contains(self.start.x, self.start.y) {
            return bad(
                "start",
                &self.start,
                crate::t!("race.check.start", surface = self.surface, window = window),
            );
        }
        if !(1..=MAX_STEPS).contains(&self.steps) {
            return bad(
                "steps",
                &self.steps,
                crate::t!("engine.range.from-to", lo = 1, hi = MAX_STEPS),
            );
        }
        if self.optimizers.0.is_empty() {
            return bad(
                "optimizers",
                &self.optimizers,
                crate::t!("race.check.no-optimizer").into(),
            );
        }
        for e in &self.optimizers.0 {
            if !(e.lr > 0.0 && e.lr <= 100.0) {
                return bad(
                    "optimizers",
                    &self.optimizers,
                    crate::t!("race.check.lr", optimizer = e.kind, lo = 0, hi = 100),
                );
            }
        }
        for (f, v) in [
            ("momentum", self.momentum),
            ("beta1", self.beta1),
            ("beta2", self.beta2),
            ("rho", self.rho),
            ("adadelta_rho", self.adadelta_rho),
        ] {
            if !(0.0..1.0).contains(&v) {
                return bad(f, &v, crate::t!("engine.range.co", lo = 0, hi = 1));
            }
        }
        if !(self.epsilon > 0.0 && self.epsilon <= 1.0) {
            return bad(
                "epsilon",
                &self.epsilon,
                crate::t!("engine.range.oc", lo = 0, hi = 1),
            );
        }
        if let Clip::Norm(c) | Clip::GlobalNorm(c) | Clip::Value(c) = self.clip {
            if !(c > 0.0 && c.is_finite()) {
                return bad("clip", &self.clip, crate::t!("race.check.clip").into());
            }
        }
        if !(0.0..=100.0).contains(&self.noise) {
            return bad(
                "noise",
                &self.noise,
                crate::t!("engine.range.from-to", lo = 0, hi = 100),
            );
        }
        if !(self.tolerance > 0.0 && self.tolerance <= 10.0) {
            return bad(
                "tolerance",
                &self.tolerance,
                crate::t!("engine.range.oc", lo = 0, hi = 10),
            );
        }
        if !(2..=1001).contains(&self.grid) {
            return bad(
                "grid",
                &self.grid,
                crate::t!("engine.range.from-to", lo = 2, hi = 1001),
            );
        }
        Ok(())
    }
}

/// Per surface: the start, the steps, and the learning rates of the optimizers in
/// menu order (sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam), chosen by
/// running the race so every trail stays readable on the plot.
fn surface_defaults(surface: SurfaceKind) -> ((f64, f64), usize, &'static [f64; 7]) {
    match surface {
        SurfaceKind::Saddle => (
            (1.0, 0.001),
            300,
            &[0.01, 0.01, 0.01, 0.05, 1.0, 0.01, 0.01],
        ),
        SurfaceKind::Rosenbrock => (
            (-1.2, 1.0),
            2000,
            &[0.001, 0.001, 0.001, 0.5, 1.0, 0.01, 0.05],
        ),
        SurfaceKind::Beale => (
            (1.0, 1.5),
            2000,
            &[0.001, 0.001, 0.001, 0.1, 1.0, 0.01, 0.01],
        ),
        SurfaceKind::Quadratic => (
            (-1.8, 0.6),
            300,
            &[0.018, 0.018, 0.018, 0.5, 1.0, 0.02, 0.05],
        ),
        SurfaceKind::Himmelblau => (
            (0.0, 0.0),
            500,
            &[0.005, 0.002, 0.002, 0.5, 1.0, 0.05, 0.05],
        ),
        SurfaceKind::Cliff => ((6.0, -3.0), 300, &[2.0, 1.0, 1.0, 1.0, 1.0, 0.05, 0.05]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    #[test]
    fn lists_read_and_write_back() {
        let e: Entrants = "adam:0.05, sgd:0.1".parse().unwrap();
        assert_eq!(e.to_string(), "sgd:0.1,adam:0.05");
        assert!("adam".parse::<Entrants>().unwrap_err().contains("name:lr"));
        assert!("lion:0.1"
            .parse::<Entrants>()
            .unwrap_err()
            .contains("unknown optimizer"));
        assert!("sgd:0.1,sgd:0.2"
            .parse::<Entrants>()
            .unwrap_err()
            .contains("twice"));
        assert!("sgd:NaN".parse::<Entrants>().is_err());
        let s: Start = "1,0.001".parse().unwrap();
        assert_eq!((s.x, s.y), (1.0, 0.001));
        assert!("1".parse::<Start>().is_err());
        assert!("nan,1".parse::<Start>().is_err());
        assert!("inf,1".parse::<Start>().is_err());
    }

    #[test]
    fn every_surface_default_checks() {
        for &s in &SurfaceKind::values() {
            RaceConfig::on(s).validate().unwrap();
        }
    }

    #[test]
    fn bad_settings_name_the_setting() {
        let c = RaceConfig::default();
        let mut bad = c.clone();
        bad.set("start", "9,9").unwrap();
        let e = bad.validate().unwrap_err();
        assert_eq!(e.field, "start");
        assert!(e.reason.contains("window"), "{e}");
        bad = c.clone();
        bad.set("optimizers", "sgd:0").unwrap();
        assert_eq!(bad.validate().unwrap_err().field, "optimizers");
        assert_eq!(
            c.clone().set("optimizers", "sgd:x").unwrap_err().field,
            "optimizers"
        );
        assert_eq!(
            c.clone().set("surface", "bowl").unwrap_err().field,
            "surface"
        );
        assert_eq!(c.clone().set("noise", "NaN").unwrap_err().field, "noise");
        bad = c;
        bad.set("optimizers", "").unwrap();
        assert_eq!(bad.validate().unwrap_err().field, "optimizers");
    }
}
