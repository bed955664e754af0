//! Gradient descent across a two-parameter surface, with and without clipping
//! by norm (Pascanu et al. 2013, algorithm 1: if ‖g‖ ≥ c then g ← c·g/‖g‖),
//! optionally with momentum (v ← μv − lr·g, as the engine's optimizer).
//!
//! Every step records the raw gradient, the one applied and whether clipping
//! acted, so the page can show both. A non-finite loss or parameter stops the
//! walk cleanly at the step it appears.

use serde::Serialize;

/// One point of a walk: where it stood and the step it took from there.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub w: f64,
    pub b: f64,
    pub loss: f64,
    /// ∂E/∂(w, b) here, before clipping.
    pub grad: [f64; 2],
    pub grad_norm: f64,
    /// The gradient the update used (equal to `grad` unless clipped).
    pub applied: [f64; 2],
    pub clipped: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Walk {
    /// The start and every point reached; the last one has taken no step yet.
    pub points: Vec<Point>,
    /// The step (1-based) at which a value went non-finite, if one did.
    pub diverged: Option<usize>,
}

impl Walk {
    /// Length of each step taken, ‖(w, b)_{k+1} − (w, b)_k‖.
    pub fn step_lengths(&self) -> Vec<f64> {
        self.points
            .windows(2)
            .map(|p| (p[1].w - p[0].w).hypot(p[1].b - p[0].b))
            .collect()
    }
}

/// How to walk.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descent {
    pub start: (f64, f64),
    pub lr: f64,
    pub steps: usize,
    /// Clip the gradient's norm to this; None walks unclipped.
    pub clip: Option<f64>,
    pub momentum: f64,
}

/// Walks from `d.start` over the surface whose loss and gradient `f` gives.
pub fn walk(d: &Descent, f: impl Fn(f64, f64) -> (f64, [f64; 2])) -> Walk {
    let (mut w, mut b) = d.start;
    let mut v = [0.0, 0.0];
    let mut points = Vec::with_capacity(d.steps + 1);
    let mut diverged = None;
    for k in 0..=d.steps {
        let (loss, grad) = f(w, b);
        let grad_norm = grad[0].hypot(grad[1]);
        let finite = loss.is_finite() && grad_norm.is_finite() && w.is_finite() && b.is_finite();
        let (applied, clipped) = match d.clip {
            Some(c) if grad_norm >= c && grad_norm > 0.0 => {
                ([grad[0] * c / grad_norm, grad[1] * c / grad_norm], true)
            }
            _ => (grad, false),
        };
        points.push(Point {
            w,
            b,
            loss,
            grad,
            grad_norm,
            applied,
            clipped,
        });
        if !finite {
            diverged = Some(k.max(1));
            break;
        }
        if k == d.steps {
            break;
        }
        v = [
            d.momentum * v[0] - d.lr * applied[0],
            d.momentum * v[1] - d.lr * applied[1],
        ];
        w += v[0];
        b += v[1];
    }
    Walk { points, diverged }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bowl E = w² + 10b², gradient (2w, 20b).
    fn bowl(w: f64, b: f64) -> (f64, [f64; 2]) {
        (w * w + 10.0 * b * b, [2.0 * w, 20.0 * b])
    }

    #[test]
    fn plain_steps_follow_the_gradient() {
        let d = Descent {
            start: (1.0, 1.0),
            lr: 0.01,
            steps: 2,
            clip: None,
            momentum: 0.0,
        };
        let walk = walk(&d, bowl);
        assert_eq!(walk.points.len(), 3);
        assert_eq!((walk.points[1].w, walk.points[1].b), (0.98, 0.8));
        assert_eq!(
            (walk.points[2].w, walk.points[2].b),
            (0.98 - 0.01 * 1.96, 0.8 - 0.01 * 16.0)
        );
        assert!(walk.points.iter().all(|p| !p.clipped));
    }

    #[test]
    fn clipping_bounds_every_step_by_lr_times_threshold() {
        let d = Descent {
            start: (3.0, 2.0),
            lr: 0.1,
            steps: 20,
            clip: Some(1.0),
            momentum: 0.0,
        };
        let walk = walk(&d, bowl);
        assert!(walk.points[0].clipped);
        let n = walk.points[0].applied;
        assert!((n[0].hypot(n[1]) - 1.0).abs() < 1e-12);
        for len in walk.step_lengths() {
            assert!(len <= 0.1 * 1.0 + 1e-12, "{len}");
        }
        // Below the threshold the gradient is left alone.
        let last = walk.points.last().unwrap();
        if last.grad_norm < 1.0 {
            assert!(!last.clipped && last.applied == last.grad);
        }
    }

    #[test]
    fn momentum_accumulates_velocity() {
        let d = Descent {
            start: (1.0, 0.0),
            lr: 0.1,
            steps: 2,
            clip: None,
            momentum: 0.9,
        };
        let walk = walk(&d, bowl);
        // v1 = −0.1·2 = −0.2 → w1 = 0.8; v2 = 0.9·(−0.2) − 0.1·1.6 = −0.34 → w2 = 0.46.
        assert!((walk.points[1].w - 0.8).abs() < 1e-15);
        assert!((walk.points[2].w - 0.46).abs() < 1e-15);
    }

    #[test]
    fn a_non_finite_value_stops_the_walk_where_it_appears() {
        let f = |w: f64, _b: f64| (w.exp(), [w.exp(), 0.0]);
        let d = Descent {
            start: (1.0, 0.0),
            lr: -100.0,
            steps: 50,
            clip: None,
            momentum: 0.0,
        };
        let walk = walk(&d, f);
        let k = walk.diverged.expect("overflows");
        assert_eq!(walk.points.len(), k + 1);
        assert!(!walk.points.last().unwrap().loss.is_finite());
        assert!(walk.points[..k].iter().all(|p| p.loss.is_finite()));
    }
}
