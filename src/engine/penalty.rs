//! Weight penalties added to the loss: L1, L2 and the sum of Frobenius norms.
//!
//! Keras's conventions: l1 adds λ·Σ|w|, l2 adds λ·Σw² (gradient 2λw, not λw).
//! Seed 002's E3 adds λ·Σ_layers ‖W‖_F, whose gradient is λ·W/‖W‖_F. Penalties apply
//! to weight matrices, not to biases or batch-norm parameters.

use super::real::Real;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Penalty {
    pub l1: f64,
    pub l2: f64,
    pub frobenius: f64,
}

impl Penalty {
    pub fn is_zero(&self) -> bool {
        self.l1 == 0.0 && self.l2 == 0.0 && self.frobenius == 0.0
    }

    /// The penalty of one weight matrix.
    pub fn value<T: Real>(&self, w: &[T]) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let (mut abs, mut sq) = (0.0, 0.0);
        for &v in w {
            let v = v.to_f64();
            abs += v.abs();
            sq += v * v;
        }
        self.l1 * abs + self.l2 * sq + self.frobenius * sq.sqrt()
    }

    /// Adds the penalty's gradient with respect to `w` to `g`.
    pub fn add_gradient<T: Real>(&self, w: &[T], g: &mut [T]) {
        if self.is_zero() {
            return;
        }
        let fro = if self.frobenius != 0.0 {
            let n = w
                .iter()
                .map(|&v| v.to_f64() * v.to_f64())
                .sum::<f64>()
                .sqrt();
            // ‖W‖ is not differentiable at W = 0; take the zero subgradient there.
            if n > 0.0 {
                self.frobenius / n
            } else {
                0.0
            }
        } else {
            0.0
        };
        let (l1, two_l2, fro) = (
            T::from_f64(self.l1),
            T::from_f64(2.0 * self.l2),
            T::from_f64(fro),
        );
        for (gi, &wi) in g.iter_mut().zip(w) {
            let sign = if wi > T::ZERO {
                T::ONE
            } else if wi < T::ZERO {
                -T::ONE
            } else {
                T::ZERO
            };
            *gi += l1 * sign + (two_l2 + fro) * wi;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::gradcheck::{assert_gradients_match, numeric_gradient};
    use crate::engine::rng::Rng;

    #[test]
    fn gradients_match_finite_differences() {
        let mut rng = Rng::new(8);
        for p in [
            Penalty {
                l1: 0.3,
                ..Default::default()
            },
            Penalty {
                l2: 0.7,
                ..Default::default()
            },
            Penalty {
                frobenius: 0.01,
                ..Default::default()
            },
            Penalty {
                l1: 0.1,
                l2: 0.2,
                frobenius: 0.5,
            },
        ] {
            let mut w: Vec<f64> = (0..12).map(|_| rng.uniform_in(-1.0, 1.0)).collect();
            let mut analytic = vec![0.0; 12];
            p.add_gradient(&w, &mut analytic);
            let numeric = numeric_gradient(&mut w, 1e-6, |w| p.value(w));
            assert_gradients_match(&format!("{p:?}"), &analytic, &numeric, 1e-6);
        }
    }

    #[test]
    fn values_by_hand() {
        let w = [3.0f64, -4.0];
        assert_eq!(
            Penalty {
                l1: 1.0,
                ..Default::default()
            }
            .value(&w),
            7.0
        );
        assert_eq!(
            Penalty {
                l2: 1.0,
                ..Default::default()
            }
            .value(&w),
            25.0
        );
        assert_eq!(
            Penalty {
                frobenius: 2.0,
                ..Default::default()
            }
            .value(&w),
            10.0
        );
        let mut g = [0.0f64; 2];
        Penalty {
            frobenius: 1.0,
            ..Default::default()
        }
        .add_gradient(&[0.0f64, 0.0], &mut g);
        assert_eq!(g, [0.0, 0.0]);
    }
}
