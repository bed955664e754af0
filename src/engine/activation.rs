//! Activation functions and their derivatives.
//!
//! Each activation is a pair {value, derivative}. The derivative is computed from the
//! pre-activation z and, where cheaper, from the value a = f(z) the forward pass kept
//! (σ' = a(1 − a), tanh' = 1 − a²). Softmax acts on a whole row and is only an output:
//! its derivative is folded into the cross-entropy loss.

use std::fmt;
use std::str::FromStr;

use super::real::Real;
use super::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    Identity,
    Sigmoid,
    Tanh,
    Relu,
    /// x for x > 0, αx otherwise.
    LeakyRelu(f64),
    /// x for x > 0, α(eˣ − 1) otherwise.
    Elu(f64),
    /// Row-wise softmax; output layer only.
    Softmax,
}

/// The hidden layers' activations a menu offers (softmax is an output only).
impl Vocabulary for Activation {
    const MENU: &'static [(Self, &'static str)] = &[
        (Activation::Sigmoid, "sigmoid"),
        (Activation::Tanh, "tanh"),
        (Activation::Relu, "ReLU"),
        (Activation::LeakyRelu(0.2), "Leaky ReLU (α 0.2)"),
        (Activation::Elu(1.0), "ELU (α 1)"),
        (Activation::Identity, "linear"),
    ];
}

impl Activation {
    /// f(z) for a whole batch: `z` and `a` are rows × cols, row-major.
    pub fn forward<T: Real>(self, z: &[T], a: &mut [T], cols: usize) {
        match self {
            Activation::Identity => a.copy_from_slice(z),
            Activation::Sigmoid => {
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = super::math::sigmoid(zi);
                }
            }
            Activation::Tanh => {
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = zi.tanh();
                }
            }
            Activation::Relu => {
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = if zi > T::ZERO { zi } else { T::ZERO };
                }
            }
            Activation::LeakyRelu(alpha) => {
                let alpha = T::from_f64(alpha);
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = if zi > T::ZERO { zi } else { alpha * zi };
                }
            }
            Activation::Elu(alpha) => {
                let alpha = T::from_f64(alpha);
                for (ai, &zi) in a.iter_mut().zip(z) {
                    *ai = if zi > T::ZERO {
                        zi
                    } else {
                        alpha * (zi.exp() - T::ONE)
                    };
                }
            }
            Activation::Softmax => {
                for (zr, ar) in z.chunks_exact(cols).zip(a.chunks_exact_mut(cols)) {
                    softmax_row(zr, ar);
                }
            }
        }
    }

    /// f'(z) given z and a = f(z). Not defined for softmax (use the loss).
    #[inline]
    pub fn derivative_at<T: Real>(self, z: T, a: T) -> T {
        match self {
            Activation::Identity => T::ONE,
            Activation::Sigmoid => a * (T::ONE - a),
            Activation::Tanh => T::ONE - a * a,
            // The derivative at exactly 0 is taken as 0, as in TensorFlow.
            Activation::Relu => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    T::ZERO
                }
            }
            Activation::LeakyRelu(alpha) => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    T::from_f64(alpha)
                }
            }
            // For z ≤ 0: d/dz α(eᶻ − 1) = αeᶻ = ELU(z) + α.
            Activation::Elu(alpha) => {
                if z > T::ZERO {
                    T::ONE
                } else {
                    a + T::from_f64(alpha)
                }
            }
            Activation::Softmax => panic!("softmax's derivative is folded into the loss"),
        }
    }

    /// dz = da ⊙ f'(z), elementwise.
    pub fn backward<T: Real>(self, z: &[T], a: &[T], da: &[T], dz: &mut [T]) {
        for i in 0..dz.len() {
            dz[i] = da[i] * self.derivative_at(z[i], a[i]);
        }
    }

    /// d ← d ⊙ f'(z), elementwise, one loop per activation so each vectorizes.
    pub fn backward_in_place<T: Real>(self, z: &[T], a: &[T], d: &mut [T]) {
        match self {
            Activation::Identity => {}
            Activation::Sigmoid => {
                for (di, &ai) in d.iter_mut().zip(a) {
                    *di *= ai * (T::ONE - ai);
                }
            }
            Activation::Tanh => {
                for (di, &ai) in d.iter_mut().zip(a) {
                    *di *= T::ONE - ai * ai;
                }
            }
            _ => {
                for ((di, &zi), &ai) in d.iter_mut().zip(z).zip(a) {
                    *di *= self.derivative_at(zi, ai);
                }
            }
        }
    }

    /// f(x) for one number, in f64: for drawing the curves.
    pub fn value(self, x: f64) -> f64 {
        let mut a = [0.0];
        let act = if self == Activation::Softmax {
            Activation::Identity
        } else {
            self
        };
        act.forward(&[x], &mut a, 1);
        a[0]
    }

    /// f'(x) for one number, in f64: for drawing the curves.
    pub fn derivative(self, x: f64) -> f64 {
        if self == Activation::Softmax {
            return f64::NAN;
        }
        self.derivative_at(x, self.value(x))
    }

    /// True for the functions whose derivative tends to 0 on both sides.
    pub fn saturates(self) -> bool {
        matches!(self, Activation::Sigmoid | Activation::Tanh)
    }

    pub fn is_elementwise(self) -> bool {
        self != Activation::Softmax
    }
}

/// 1 / (1 + e^−x), computed so that neither branch overflows.
#[inline]
pub fn sigmoid<T: Real>(x: T) -> T {
    if x >= T::ZERO {
        T::ONE / (T::ONE + (-x).exp())
    } else {
        let e = x.exp();
        e / (T::ONE + e)
    }
}

/// Softmax of one row, shifted by the row's maximum so exp never overflows.
pub fn softmax_row<T: Real>(z: &[T], out: &mut [T]) {
    let mut m = z[0];
    for &v in z {
        m = if v > m { v } else { m };
    }
    let mut sum = T::ZERO;
    for (o, &v) in out.iter_mut().zip(z) {
        *o = (v - m).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activation::Identity => write!(f, "linear"),
            Activation::Sigmoid => write!(f, "sigmoid"),
            Activation::Tanh => write!(f, "tanh"),
            Activation::Relu => write!(f, "relu"),
            Activation::LeakyRelu(a) => write!(f, "leaky-relu:{a}"),
            Activation::Elu(a) => write!(f, "elu:{a}"),
            Activation::Softmax => write!(f, "softmax"),
        }
    }
}

impl FromStr for Activation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        let one = |default: f64| -> Result<f64, String> {
            expect_params(&name, &p, 0, 1)?;
            Ok(p.first().copied().unwrap_or(default))
        };
        let none = || expect_params(&name, &p, 0, 0);
        Ok(match name.as_str() {
            "linear" | "identity" => none().map(|_| Activation::Identity)?,
            "sigmoid" | "logistic" => none().map(|_| Activation::Sigmoid)?,
            "tanh" => none().map(|_| Activation::Tanh)?,
            "relu" => none().map(|_| Activation::Relu)?,
            "leaky-relu" | "leakyrelu" => Activation::LeakyRelu(one(0.2)?),
            "elu" => Activation::Elu(one(1.0)?),
            "softmax" => none().map(|_| Activation::Softmax)?,
            _ => {
                return Err(crate::t!(
                    "engine.unknown.activation",
                    word = s,
                    known = "linear, sigmoid, tanh, relu, leaky-relu:α, elu:α, softmax"
                ))
            }
        })
    }
}

crate::word_serde!(Activation);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::gradcheck::central_difference;

    #[test]
    fn derivatives_match_finite_differences() {
        let acts = [
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu(0.2),
            Activation::Elu(1.0),
            Activation::Elu(0.7),
        ];
        let mut rng = crate::engine::rng::Rng::new(11);
        for act in acts {
            for _ in 0..200 {
                let x = rng.uniform_in(-6.0, 6.0);
                if x.abs() < 1e-3 {
                    continue; // the kink of the ReLU family
                }
                let numeric = central_difference(|v| act.value(v), x, 1e-6);
                let analytic = act.derivative(x);
                let rel =
                    (numeric - analytic).abs() / numeric.abs().max(analytic.abs()).max(1e-300);
                assert!(
                    rel <= 1e-6 || (numeric - analytic).abs() < 1e-12,
                    "{act} at {x}: analytic {analytic}, numeric {numeric}"
                );
            }
        }
    }

    #[test]
    fn known_values_and_bounds() {
        assert_eq!(Activation::Sigmoid.value(0.0), 0.5);
        assert_eq!(Activation::Sigmoid.derivative(0.0), 0.25);
        let max_sig_deriv = (0..2001)
            .map(|i| Activation::Sigmoid.derivative(-10.0 + i as f64 * 0.01))
            .fold(0.0, f64::max);
        assert!(max_sig_deriv <= 0.25);
        assert_eq!(Activation::Relu.derivative(-1.0), 0.0);
        assert_eq!(Activation::LeakyRelu(0.1).value(-2.0), -0.2);
        assert!((Activation::Elu(1.0).value(-1.0) - (libm::exp(-1.0) - 1.0)).abs() < 1e-15);
        // Sigmoid does not overflow at the extremes.
        assert_eq!(sigmoid(-1000.0f64), 0.0);
        assert_eq!(sigmoid(1000.0f32), 1.0);
    }

    #[test]
    fn softmax_rows_sum_to_one_even_for_huge_logits() {
        let z = [1000.0f64, 1001.0, 999.0, -5.0, 0.0, 5.0];
        let mut a = [0.0; 6];
        Activation::Softmax.forward(&z, &mut a, 3);
        for row in a.chunks(3) {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(row.iter().all(|v| v.is_finite()));
        }
        assert!(a[1] > a[0] && a[0] > a[2]);
    }

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Activation>();
        assert!(Activation::values().iter().all(|a| a.is_elementwise()));
    }

    #[test]
    fn words_round_trip() {
        for act in [
            Activation::LeakyRelu(0.3),
            Activation::Elu(1.0),
            Activation::Tanh,
            Activation::Identity,
        ] {
            assert_eq!(act.to_string().parse::<Activation>().unwrap(), act);
        }
        assert_eq!(
            "leaky_relu".parse::<Activation>().unwrap(),
            Activation::LeakyRelu(0.2)
        );
        assert!("swish"
            .parse::<Activation>()
            .unwrap_err()
            .contains("unknown activation 'swish'"));
        assert!("relu:3".parse::<Activation>().is_err());
    }
}
