//! The engine's optimizers against Keras 3's update rules, step by step.
//!
//! `support/keras.rs` writes each rule out again from the Keras source, in plain f64
//! for two coordinates; here every optimizer the engine offers takes 200 steps on the
//! Rosenbrock and Beale functions, in the engine (`Optimizer::<f64>`) and in the
//! reference, and the two paths agree to 1e-9 relative at every step.
//!
//! That catches a changed formula (ε outside the square root instead of under it moves
//! AdaGrad by some 1e-8 in one step), not a reordering that only rounds differently
//! (Adam's m ← βm + (1 − β)g against Keras's m ← m + (g − m)(1 − β) stays within 1e-14
//! here). When written, every path but Adam's was bit for bit the reference's; Adam's
//! differs by some 1e-14, as the engine raises β to the t by repeated multiplication
//! and the reference by `powf`.

#[path = "support/keras.rs"]
mod keras;

use gradient_lab::engine::optim::{Hyper, Optimizer, OptimizerKind};
use gradient_lab::engine::words::Vocabulary;

const STEPS: usize = 200;
const RELATIVE: f64 = 1e-9;

/// f = (1 − x)² + 100(y − x²)²; its minimum is (1, 1).
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

fn rosenbrock_grad(x: f64, y: f64) -> (f64, f64) {
    (
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x),
    )
}

/// f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; its minimum is (3, 0.5).
fn beale(x: f64, y: f64) -> f64 {
    (1.5 - x + x * y).powi(2) + (2.25 - x + x * y * y).powi(2) + (2.625 - x + x * y.powi(3)).powi(2)
}

fn beale_grad(x: f64, y: f64) -> (f64, f64) {
    let r1 = 1.5 - x + x * y;
    let r2 = 2.25 - x + x * y * y;
    let r3 = 2.625 - x + x * y.powi(3);
    (
        2.0 * r1 * (y - 1.0) + 2.0 * r2 * (y * y - 1.0) + 2.0 * r3 * (y.powi(3) - 1.0),
        2.0 * r1 * x + 2.0 * r2 * 2.0 * x * y + 2.0 * r3 * 3.0 * x * y * y,
    )
}

/// A test function: its name, value, gradient, start and each optimizer's learning rate.
struct Surface {
    name: &'static str,
    f: fn(f64, f64) -> f64,
    grad: fn(f64, f64) -> (f64, f64),
    start: (f64, f64),
    lr: fn(&str) -> f64,
}

/// Learning rates that keep every optimizer finite and moving for 200 steps.
const SURFACES: [Surface; 2] = [
    Surface {
        name: "rosenbrock",
        f: rosenbrock,
        grad: rosenbrock_grad,
        start: (-1.5, 2.0),
        lr: |name| match name {
            "sgd" | "momentum" | "nesterov" => 1e-3,
            "adagrad" => 0.5,
            "adadelta" => 1.0,
            "rmsprop" => 0.01,
            "adam" => 0.05,
            _ => panic!("no learning rate for {name}"),
        },
    },
    Surface {
        name: "beale",
        f: beale,
        grad: beale_grad,
        start: (1.0, 1.5),
        lr: |name| match name {
            "sgd" | "momentum" | "nesterov" => 1e-3,
            "adagrad" => 0.5,
            "adadelta" => 1.0,
            "rmsprop" => 0.01,
            "adam" => 0.05,
            _ => panic!("no learning rate for {name}"),
        },
    },
];

/// The engine's path: `Optimizer::<f64>` with Keras's constants and learning rate `lr`.
fn engine_run(kind: OptimizerKind, lr: f64, surface: &Surface) -> Vec<(f64, f64)> {
    let mut opt = Optimizer::<f64>::new(
        kind,
        Hyper {
            lr,
            ..Hyper::default()
        },
    );
    let mut w = [surface.start.0, surface.start.1];
    let mut path = vec![surface.start];
    for _ in 0..STEPS {
        let (gx, gy) = (surface.grad)(w[0], w[1]);
        opt.begin_step();
        opt.update(0, &mut w, &[gx, gy]);
        path.push((w[0], w[1]));
    }
    path
}

fn agrees(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= RELATIVE * a.abs().max(b.abs())
}

#[test]
fn the_engine_offers_exactly_the_optimizers_the_reference_knows() {
    let offered: Vec<String> = OptimizerKind::MENU
        .iter()
        .map(|(k, _)| k.to_string())
        .collect();
    assert_eq!(offered, keras::NAMES);
}

#[test]
fn the_engine_defaults_are_keras_constants() {
    let h = Hyper::default();
    assert_eq!(h.momentum, keras::MOMENTUM);
    assert_eq!(h.epsilon, keras::EPSILON);
    assert_eq!(h.adadelta_rho, keras::ADADELTA_RHO);
    assert_eq!(h.rho, keras::RMSPROP_RHO);
    assert_eq!((h.beta1, h.beta2), (keras::BETA_1, keras::BETA_2));
}

#[test]
fn analytic_gradients_match_central_differences() {
    let points = [
        (-1.5, 2.0),
        (1.0, 1.5),
        (0.3, -0.7),
        (2.0, 0.4),
        (-0.8, 1.1),
        (3.0, 0.5),
        (1.0, 1.0),
    ];
    let h = 1e-6;
    for s in &SURFACES {
        for &(x, y) in &points {
            let (gx, gy) = (s.grad)(x, y);
            let dx = ((s.f)(x + h, y) - (s.f)(x - h, y)) / (2.0 * h);
            let dy = ((s.f)(x, y + h) - (s.f)(x, y - h)) / (2.0 * h);
            for (analytic, numeric) in [(gx, dx), (gy, dy)] {
                assert!(
                    (analytic - numeric).abs() <= 1e-6 * analytic.abs().max(1.0),
                    "{} at ({x}, {y}): analytic {analytic}, central difference {numeric}",
                    s.name
                );
            }
        }
    }
}

#[test]
fn every_optimizer_follows_keras_step_by_step() {
    for s in &SURFACES {
        for name in keras::NAMES {
            let kind: OptimizerKind = name.parse().unwrap();
            let lr = (s.lr)(name);
            let want = keras::reference_run(name, lr, s.start, STEPS, s.grad);
            let got = engine_run(kind, lr, s);
            assert_eq!((want.len(), got.len()), (STEPS + 1, STEPS + 1));
            for (step, (w, g)) in want.iter().zip(&got).enumerate() {
                assert!(
                    agrees(w.0, g.0) && agrees(w.1, g.1),
                    "{name} on {} at step {step}: Keras {w:?}, engine {g:?}",
                    s.name
                );
            }
            // The paths say something: finite all the way, and gone somewhere.
            let end = want[STEPS];
            assert!(
                want.iter().all(|p| p.0.is_finite() && p.1.is_finite()),
                "{name} on {} left the finite numbers",
                s.name
            );
            assert!(
                (end.0 - s.start.0).abs() + (end.1 - s.start.1).abs() > 1e-2,
                "{name} on {} barely moved: {end:?}",
                s.name
            );
            eprintln!(
                "{name:>9} on {:<10} lr {lr:<6} f {:>10.4} -> {:>10.4} at ({:.4}, {:.4})",
                s.name,
                (s.f)(s.start.0, s.start.1),
                (s.f)(end.0, end.1),
                end.0,
                end.1
            );
        }
    }
}
