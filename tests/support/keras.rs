//! Keras 3's optimizer update rules, written out again in plain f64 for two coordinates,
//! as a reference the engine is checked against (it is not called here).
//!
//! Each rule follows `update_step` in keras-team/keras, keras/src/optimizers/:
//! - `sgd.py` (commit 1937d48): plain, momentum and `nesterov=True`;
//! - `adagrad.py` (commit 40c7497): accumulator starts at `initial_accumulator_value`
//!   0.1, ε under the square root;
//! - `adadelta.py` (commit 13de96a): `rms(x) = sqrt(x + epsilon)`, ρ 0.95;
//! - `rmsprop.py` (commit 13de96a): ρ 0.9, ε under the square root (not centered, no
//!   momentum);
//! - `adam.py` (commit 13de96a): `local_step = iterations + 1`,
//!   `alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`, ε added to `sqrt(v)` (not
//!   amsgrad).
//!
//! Constants are Keras's defaults except SGD's momentum, which Keras leaves at 0: the
//! engine's momentum and Nesterov use 0.9. The operations are in the order the Keras
//! source writes them, and powers are `powf` as `ops.power` computes them.
//!
//! Include it with `#[path = "support/keras.rs"] mod keras;`.

#![allow(dead_code)]

/// SGD's momentum for "momentum" and "nesterov" (Keras's `SGD(momentum=0.9)`).
pub const MOMENTUM: f64 = 0.9;
/// Keras's default ε of AdaGrad, Adadelta, RMSProp and Adam.
pub const EPSILON: f64 = 1e-7;
/// `Adagrad(initial_accumulator_value=0.1)`.
pub const ADAGRAD_INITIAL: f64 = 0.1;
/// `Adadelta(rho=0.95)`.
pub const ADADELTA_RHO: f64 = 0.95;
/// `RMSprop(rho=0.9)`.
pub const RMSPROP_RHO: f64 = 0.9;
/// `Adam(beta_1=0.9, beta_2=0.999)`.
pub const BETA_1: f64 = 0.9;
pub const BETA_2: f64 = 0.999;

/// The optimizers, by the engine's words for them.
pub const NAMES: [&str; 7] = [
    "sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam",
];

/// One optimizer's slot variables for the two coordinates, and its step count.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Steps taken (Keras's `iterations`).
    pub iterations: u64,
    /// SGD's `momentums`, AdaGrad's `accumulators`, Adadelta's `accumulated_grads`,
    /// RMSProp's `velocities`, Adam's `momentums` (m).
    pub first: [f64; 2],
    /// Adadelta's `accumulated_delta_vars`, Adam's `velocities` (v).
    pub second: [f64; 2],
}

impl State {
    /// The state `build` creates: zeros, AdaGrad's accumulator at 0.1.
    pub fn new(name: &str) -> State {
        let first = if name == "adagrad" {
            ADAGRAD_INITIAL
        } else {
            0.0
        };
        State {
            iterations: 0,
            first: [first; 2],
            second: [0.0; 2],
        }
    }
}

/// One step of optimizer `name` at learning rate `lr`: moves `w` by gradient `g`.
pub fn reference_step(name: &str, lr: f64, state: &mut State, w: &mut [f64; 2], g: [f64; 2]) {
    // Adam's `local_step = iterations + 1`; the step count advances after the update.
    let t = (state.iterations + 1) as f64;
    for i in 0..2 {
        let gi = g[i];
        match name {
            // sgd.py: w = w - g * lr
            "sgd" => {
                w[i] -= gi * lr;
            }
            // sgd.py: m = m * momentum - g * lr; w = w + m
            "momentum" => {
                let m = &mut state.first[i];
                *m = *m * MOMENTUM - gi * lr;
                w[i] += *m;
            }
            // sgd.py, nesterov: m = m * momentum - g * lr; w = w + (m * momentum - g * lr)
            "nesterov" => {
                let m = &mut state.first[i];
                *m = *m * MOMENTUM - gi * lr;
                w[i] += *m * MOMENTUM - gi * lr;
            }
            // adagrad.py: a = a + g²; w = w - (lr * g) / sqrt(a + epsilon)
            "adagrad" => {
                let a = &mut state.first[i];
                *a += gi * gi;
                w[i] -= (lr * gi) / (*a + EPSILON).sqrt();
            }
            // adadelta.py: a = rho * a + (1 - rho) * g²;
            // delta = -(rms(d) * g / rms(a)); d = rho * d + (1 - rho) * delta²; w = w + lr * delta
            "adadelta" => {
                let rms = |x: f64| (x + EPSILON).sqrt();
                let a = &mut state.first[i];
                *a = ADADELTA_RHO * *a + (1.0 - ADADELTA_RHO) * (gi * gi);
                let d = &mut state.second[i];
                let delta = -((rms(*d) * gi) / rms(*a));
                *d = ADADELTA_RHO * *d + (1.0 - ADADELTA_RHO) * (delta * delta);
                w[i] += lr * delta;
            }
            // rmsprop.py: v = rho * v + (1 - rho) * g²; w = w - (lr * g) / sqrt(v + epsilon)
            "rmsprop" => {
                let v = &mut state.first[i];
                *v = RMSPROP_RHO * *v + (1.0 - RMSPROP_RHO) * (gi * gi);
                w[i] -= (lr * gi) / (*v + EPSILON).sqrt();
            }
            // adam.py: alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t);
            // m = m + (g - m) * (1 - beta_1); v = v + (g² - v) * (1 - beta_2);
            // w = w - (m * alpha) / (sqrt(v) + epsilon)
            "adam" => {
                let alpha = lr * (1.0 - BETA_2.powf(t)).sqrt() / (1.0 - BETA_1.powf(t));
                let m = &mut state.first[i];
                *m += (gi - *m) * (1.0 - BETA_1);
                let v = &mut state.second[i];
                *v += (gi * gi - *v) * (1.0 - BETA_2);
                w[i] -= (state.first[i] * alpha) / (state.second[i].sqrt() + EPSILON);
            }
            _ => panic!("no Keras reference for optimizer '{name}'"),
        }
    }
    state.iterations += 1;
}

/// `steps` steps of optimizer `name` from `start` on the gradient `grad`: the positions
/// from step 0 (`start`) to step `steps`, `steps + 1` of them.
pub fn reference_run(
    name: &str,
    lr: f64,
    start: (f64, f64),
    steps: usize,
    grad: impl Fn(f64, f64) -> (f64, f64),
) -> Vec<(f64, f64)> {
    let mut state = State::new(name);
    let mut w = [start.0, start.1];
    let mut path = vec![start];
    for _ in 0..steps {
        let (gx, gy) = grad(w[0], w[1]);
        reference_step(name, lr, &mut state, &mut w, [gx, gy]);
        path.push((w[0], w[1]));
    }
    path
}
