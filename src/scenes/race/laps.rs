//! The race itself: every optimizer from one start on one surface, each stepped by
//! the engine's own [`Optimizer`] (the very code that trains the networks), with
//! the engine's clipping and, when asked, seeded Gaussian noise on every gradient.
//!
//! A whole race is worked out at once (7 × 20 000 steps take milliseconds), so the
//! page reveals it step by step and scrubbing back needs no replay.

use super::config::{Entrant, RaceConfig};
use super::surface::{Minima, Plane};
use crate::engine::clip::Clip;
use crate::engine::optim::{Optimizer, OptimizerKind};
use crate::engine::precision::Precision;
use crate::engine::real::Real;
use crate::engine::rng::Rng;

/// Where one optimizer is after a step, and f there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub loss: f64,
}

/// One step of one optimizer, from `points[k]` to `points[k + 1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// ∇f at the point, noise included: what the optimizer was handed.
    pub grad: [f64; 2],
    /// The gradient after clipping (equal to `grad` when clipping did not act).
    pub used: [f64; 2],
    pub clipped: bool,
    /// The step taken.
    pub delta: [f64; 2],
    /// The step the same optimizer state would have taken with the unclipped
    /// gradient (only when clipping acted).
    pub raw_delta: Option<[f64; 2]>,
    /// The velocity the step leaves (momentum and Nesterov).
    pub velocity: Option<[f64; 2]>,
    /// The effective step size per coordinate, |Δᵢ| / |gᵢ| with g the gradient the
    /// optimizer used: constant lr for SGD, AdaGrad's decay made visible. None
    /// where that coordinate's gradient was 0.
    pub rate: [Option<f64>; 2],
}

impl Step {
    pub fn length(&self) -> f64 {
        self.delta[0].hypot(self.delta[1])
    }
}

/// Why a run stopped before the last step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Its point left the plotted window (the point outside is kept).
    LeftWindow,
    /// Its point or loss was not a finite number (that point is not kept).
    NonFinite,
}

/// One optimizer's run: the points from the start, the steps between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Lap {
    pub entrant: Entrant,
    pub points: Vec<Point>,
    pub steps: Vec<Step>,
    /// The step at which it stopped early, and why.
    pub stopped: Option<(usize, Stop)>,
    /// The first step whose point is within tolerance of a minimum.
    pub reached: Option<usize>,
}

impl Lap {
    /// The point after `shown` steps, or the last one it has.
    pub fn at(&self, shown: usize) -> &Point {
        &self.points[shown.min(self.points.len() - 1)]
    }

    /// The longest step among the first `shown`, and its index.
    pub fn longest(&self, shown: usize) -> Option<(usize, f64)> {
        self.steps
            .iter()
            .take(shown)
            .map(Step::length)
            .enumerate()
            .fold(None, |best, (k, l)| match best {
                Some((_, b)) if b >= l => best,
                _ => Some((k, l)),
            })
    }

    /// Whether the run stopped at or before step `shown`.
    pub fn stopped_by(&self, shown: usize) -> Option<(usize, Stop)> {
        self.stopped.filter(|&(k, _)| k <= shown)
    }
}

/// Every optimizer's lap, in menu order.
#[derive(Clone, Debug, PartialEq)]
pub struct Race {
    pub laps: Vec<Lap>,
    pub minima: Minima,
}

impl Race {
    /// Runs the race of `config` (which passed validation) in its precision.
    pub fn run(config: &RaceConfig) -> Race {
        let minima = config.plane().minima();
        let laps = config
            .optimizers
            .0
            .iter()
            .map(|e| match config.precision {
                Precision::F32 => lap::<f32>(config, e, &minima),
                Precision::F64 => lap::<f64>(config, e, &minima),
            })
            .collect();
        Race { laps, minima }
    }

    /// The most steps any lap has.
    pub fn len(&self) -> usize {
        self.laps.iter().map(|l| l.steps.len()).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn lap(&self, kind: OptimizerKind) -> Option<&Lap> {
        self.laps.iter().find(|l| l.entrant.kind == kind)
    }
}

/// The noise stream: every optimizer draws the same noise at the same step, so two
/// laps differ only by their rules.
fn noise_stream(seed: u64) -> Rng {
    Rng::stream(seed, "race-noise")
}

fn lap<T: Real>(config: &RaceConfig, entrant: &Entrant, minima: &Minima) -> Lap {
    let plane: Plane = config.plane();
    let window = plane.window();
    let mut opt = Optimizer::<T>::new(entrant.kind, config.hyper(entrant));
    let mut rng = noise_stream(config.seed);
    let sigma = config.noise;
    let mut p = [T::from_f64(config.start.x), T::from_f64(config.start.y)];
    let (mut f, mut g) = plane.eval(p[0], p[1]);
    let point = |p: [T; 2], f: T| Point {
        x: p[0].to_f64(),
        y: p[1].to_f64(),
        loss: f.to_f64(),
    };
    let wide = |v: [T; 2]| [v[0].to_f64(), v[1].to_f64()];
    let mut lap = Lap {
        entrant: *entrant,
        points: {
            let mut v = Vec::with_capacity(config.steps + 1);
            v.push(point(p, f));
            v
        },
        steps: Vec::with_capacity(config.steps),
        stopped: None,
        reached: None,
    };
    let tol = config.tolerance;
    if plane.reached(
        minima,
        lap.points[0].x,
        lap.points[0].y,
        lap.points[0].loss,
        tol,
    ) {
        lap.reached = Some(0);
    }
    for k in 1..=config.steps {
        if sigma > 0.0 {
            for gi in g.iter_mut() {
                *gi += T::from_f64(sigma * rng.normal());
            }
        }
        let mut used = g;
        let clipped = config.clip != Clip::None && config.clip.apply(&mut [&mut used[..]]);
        let raw_delta = clipped.then(|| {
            let (mut o, mut q) = (opt.clone(), p);
            o.begin_step();
            o.update(0, &mut q, &g);
            [(q[0] - p[0]).to_f64(), (q[1] - p[1]).to_f64()]
        });
        let before = p;
        opt.begin_step();
        opt.update(0, &mut p, &used);
        let delta = [p[0] - before[0], p[1] - before[1]];
        let rate = |i: usize| {
            (used[i] != T::ZERO).then(|| delta[i].to_f64().abs() / used[i].to_f64().abs())
        };
        let velocity = opt.velocity(0).map(|v| [v[0].to_f64(), v[1].to_f64()]);
        lap.steps.push(Step {
            grad: wide(g),
            used: wide(used),
            clipped,
            delta: wide(delta),
            raw_delta,
            velocity,
            rate: [rate(0), rate(1)],
        });
        (f, g) = plane.eval(p[0], p[1]);
        let next = point(p, f);
        if !(next.x.is_finite() && next.y.is_finite() && next.loss.is_finite()) {
            lap.stopped = Some((k, Stop::NonFinite));
            lap.steps.pop();
            break;
        }
        lap.points.push(next);
        if lap.reached.is_none() && plane.reached(minima, next.x, next.y, next.loss, tol) {
            lap.reached = Some(k);
        }
        if !window.contains(next.x, next.y) {
            lap.stopped = Some((k, Stop::LeftWindow));
            break;
        }
    }
    lap
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;
    use crate::scenes::race::surface::SurfaceKind;

    fn config(words: &[(&str, &str)]) -> RaceConfig {
        let mut c = RaceConfig::default();
        for (k, v) in words {
            c.set(k, v).unwrap();
        }
        c.validate().unwrap().into_inner()
    }

    #[test]
    fn sgd_steps_are_minus_lr_times_the_gradient() {
        let c = config(&[("precision", "f64"), ("optimizers", "sgd:0.1")]);
        let race = Race::run(&c);
        let lap = &race.laps[0];
        for (k, s) in lap.steps.iter().enumerate() {
            let (a, b) = (lap.points[k], lap.points[k + 1]);
            assert_eq!(b.x, a.x - 0.1 * s.grad[0]);
            assert_eq!(b.y, a.y - 0.1 * s.grad[1]);
            assert_eq!(
                s.rate,
                [
                    Some(s.delta[0].abs() / s.used[0].abs()),
                    Some(s.delta[1].abs() / s.used[1].abs())
                ]
            );
        }
    }

    #[test]
    fn the_saddle_is_left_along_y_and_the_run_stops_there() {
        let c = config(&[("optimizers", "sgd:0.1"), ("steps", "2000")]);
        let lap = &Race::run(&c).laps[0];
        let (k, why) = lap.stopped.expect("sgd leaves the saddle's window");
        assert_eq!(why, Stop::LeftWindow);
        assert_eq!(lap.points.len(), k + 1);
        assert!(lap.points[k].y.abs() > 1.5);
    }

    #[test]
    fn non_finite_runs_stop_without_the_bad_point() {
        let c = config(&[
            ("surface", "beale"),
            ("start", "4,4"),
            ("optimizers", "sgd:100"),
            ("precision", "f32"),
        ]);
        let lap = &Race::run(&c).laps[0];
        assert!(lap.stopped.is_some());
        assert!(lap.points.iter().all(|p| p.loss.is_finite()));
    }

    #[test]
    fn clipped_sgd_steps_never_exceed_lr_times_the_threshold() {
        for (surface, start) in [
            ("rosenbrock", "-1.5,2.5"),
            ("beale", "1,1.5"),
            ("cliff", "6,-3"),
        ] {
            for precision in ["f64", "f32"] {
                let c = config(&[
                    ("surface", surface),
                    ("start", start),
                    ("clip", "norm:0.5"),
                    ("optimizers", "sgd:0.2,momentum:0.2"),
                    ("momentum", "0.5"),
                    ("precision", precision),
                ]);
                let race = Race::run(&c);
                // A step is a difference of two positions: in f32 it is known to a few
                // units in the last place of the position, not of the step.
                let slack = |p: &Point| match precision {
                    "f64" => 1e-12,
                    _ => 4.0 * f32::EPSILON as f64 * p.x.abs().max(p.y.abs()).max(1.0),
                };
                let sgd = race.lap(OptimizerKind::Sgd).unwrap();
                for (s, p) in sgd.steps.iter().zip(&sgd.points) {
                    assert!(s.used[0].hypot(s.used[1]) <= 0.5 * (1.0 + 1e-6));
                    assert!(
                        s.length() <= 0.2 * 0.5 + slack(p),
                        "{surface} {precision}: {}",
                        s.length()
                    );
                }
                // Momentum's velocity sums clipped steps: at most lr·c/(1 − μ).
                let momentum = race.lap(OptimizerKind::Momentum).unwrap();
                for (s, p) in momentum.steps.iter().zip(&momentum.points) {
                    assert!(s.length() <= 0.2 * 0.5 / 0.5 + slack(p));
                }
                assert!(race
                    .laps
                    .iter()
                    .any(|l| l.steps.iter().any(|s| s.clipped && s.raw_delta.is_some())));
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_noisy_race() {
        let words = [("surface", "quadratic"), ("noise", "0.5"), ("seed", "3")];
        let a = Race::run(&config(&words));
        assert_eq!(a, Race::run(&config(&words)));
        let b = Race::run(&config(&[
            ("surface", "quadratic"),
            ("noise", "0.5"),
            ("seed", "4"),
        ]));
        assert_ne!(a, b);
        // Every optimizer drew the same noise at step 1.
        let first = |l: &Lap| {
            let (_, g) = config(&words).plane().eval(l.points[0].x, l.points[0].y);
            [l.steps[0].grad[0] - g[0], l.steps[0].grad[1] - g[1]]
        };
        let n0 = first(&a.laps[0]);
        for l in &a.laps {
            let n = first(l);
            assert!((n[0] - n0[0]).abs() < 1e-6 && (n[1] - n0[1]).abs() < 1e-6);
        }
    }

    #[test]
    fn reaching_a_minimum_is_noticed() {
        let c = config(&[
            ("surface", "quadratic"),
            ("optimizers", "adam:0.05"),
            ("steps", "2000"),
            ("precision", "f64"),
        ]);
        let lap = &Race::run(&c).laps[0];
        let k = lap.reached.expect("adam reaches the bowl's bottom");
        let p = lap.points[k];
        assert!(p.x.hypot(p.y) <= c.tolerance);
        assert!(lap.points[..k].iter().all(|p| p.x.hypot(p.y) > c.tolerance));
        let _ = SurfaceKind::Quadratic;
    }
}
