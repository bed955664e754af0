//! Per-layer statistics of one training step: what the gradient panel, the
//! weight-change and weights panels and the saturation view draw.
//!
//! All figures are f64 whatever the training precision, and cheap: one pass over a
//! layer's weights or pre-activations.

use serde::Serialize;

use super::activation::Activation;
use super::real::Real;

/// A derivative below this counts as saturated (sigmoid/tanh) or inactive (ReLU).
pub const SATURATION: f64 = 1e-3;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LayerStats {
    /// ‖∂L/∂W‖₂ before clipping.
    pub grad_norm: f64,
    /// Mean |∂L/∂W| before clipping.
    pub grad_mean_abs: f64,
    /// Σ|∂L/∂W| divided by the layer's output units (seed 002's E3 measure).
    pub grad_abs_per_unit: f64,
    /// ‖ΔW‖ / ‖W‖ of this step's update.
    pub update_ratio: f64,
    /// Mean |ΔW| of this step's update (E4's measure).
    pub weight_change: f64,
    /// ‖W‖_F after this step's update: what L1 and L2 pull down.
    pub weight_norm: f64,
    /// Fraction of (example, unit) pairs whose f'(z) < 1e-3.
    pub saturated: f64,
    /// Fraction of units whose f'(z) < 1e-3 for every example in the batch.
    pub dead: f64,
}

/// (‖g‖, mean |g|, Σ|g|), summed in f64.
pub fn magnitudes<T: Real>(g: &[T]) -> (f64, f64, f64) {
    let (mut sq, mut abs) = (0.0, 0.0);
    for &v in g {
        let v = v.to_f64();
        sq += v * v;
        abs += v.abs();
    }
    (sq.sqrt(), abs / g.len().max(1) as f64, abs)
}

/// (saturated fraction, dead-unit fraction) of a batch of pre-activations.
pub fn saturation<T: Real>(act: Activation, z: &[T], a: &[T], cols: usize) -> (f64, f64) {
    if !act.is_elementwise() || z.is_empty() {
        return (0.0, 0.0);
    }
    // One monomorphized loop per activation, so each compiles to straight-line code.
    match act {
        Activation::Identity => (0.0, 0.0),
        Activation::Sigmoid => count_small(z, a, cols, |_, a| a * (T::ONE - a)),
        Activation::Tanh => count_small(z, a, cols, |_, a| T::ONE - a * a),
        _ => count_small(z, a, cols, |z, a| act.derivative_at(z, a)),
    }
}

fn count_small<T: Real>(
    z: &[T],
    a: &[T],
    cols: usize,
    derivative: impl Fn(T, T) -> T,
) -> (f64, f64) {
    let limit = T::from_f64(SATURATION);
    // Per unit: how many examples had a small derivative.
    let mut small = vec![0u32; cols];
    for (zr, ar) in z.chunks_exact(cols).zip(a.chunks_exact(cols)) {
        for ((c, &zi), &ai) in small.iter_mut().zip(zr).zip(ar) {
            *c += (derivative(zi, ai).abs() < limit) as u32;
        }
    }
    let rows = (z.len() / cols) as u32;
    let total: u64 = small.iter().map(|&c| c as u64).sum();
    let dead = small.iter().filter(|&&c| c == rows).count();
    (total as f64 / z.len() as f64, dead as f64 / cols as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitudes_and_saturation_by_hand() {
        let (n, m, s) = magnitudes(&[3.0f32, -4.0]);
        assert_eq!((n, m, s), (5.0, 3.5, 7.0));
        // ReLU: column 0 inactive for both rows (dead), column 1 active once.
        let z = [-1.0f64, 2.0, -3.0, -1.0];
        let mut a = [0.0; 4];
        Activation::Relu.forward(&z, &mut a, 2);
        assert_eq!(saturation(Activation::Relu, &z, &a, 2), (0.75, 0.5));
        // Sigmoid at ±20 is saturated (σ' ≈ 2e-9), at 0 it is not.
        let z = [20.0f64, 0.0, -20.0, 0.0];
        let mut a = [0.0; 4];
        Activation::Sigmoid.forward(&z, &mut a, 2);
        assert_eq!(saturation(Activation::Sigmoid, &z, &a, 2), (0.5, 0.5));
    }
}
