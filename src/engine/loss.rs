//! Loss functions, each fused with the output activation it belongs to.
//!
//! Binary cross-entropy is computed from the logit z, not from σ(z), and softmax
//! cross-entropy from the logits through log-sum-exp: both stay finite where
//! log(σ(z)) would give −∞. Their gradient with respect to the logits is simply
//! (prediction − target) / batch.

use std::fmt;
use std::str::FromStr;

use super::activation::Activation;
use super::real::Real;
use super::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Mean over the batch and the outputs of (ŷ − y)², as Keras's `mse`.
    Mse,
    /// −[y ln σ(z) + (1 − y) ln(1 − σ(z))], mean over the batch; sigmoid output.
    BinaryCrossEntropy,
    /// −Σ_k y_k ln softmax(z)_k, mean over the batch; softmax output.
    SoftmaxCrossEntropy,
}

impl Loss {
    /// The output activation this loss is fused with, if it needs a particular one.
    pub fn required_output(self) -> Option<Activation> {
        match self {
            Loss::Mse => None,
            Loss::BinaryCrossEntropy => Some(Activation::Sigmoid),
            Loss::SoftmaxCrossEntropy => Some(Activation::Softmax),
        }
    }

    /// The batch loss, and in `dz` the gradient with respect to the output layer's
    /// pre-activation `z`. `a` = output(z). All are rows × cols.
    pub fn forward_backward<T: Real>(
        self,
        output: Activation,
        z: &[T],
        a: &[T],
        y: &[T],
        cols: usize,
        dz: &mut [T],
    ) -> T {
        let rows = z.len() / cols.max(1);
        let inv_rows = T::ONE / T::from_usize(rows.max(1));
        match self {
            Loss::Mse => {
                let inv_n = T::ONE / T::from_usize((rows * cols).max(1));
                let two = T::from_f64(2.0);
                let mut sum = T::ZERO;
                for i in 0..z.len() {
                    let d = a[i] - y[i];
                    sum += d * d;
                    dz[i] = two * d * inv_n * output.derivative_at(z[i], a[i]);
                }
                sum * inv_n
            }
            Loss::BinaryCrossEntropy => {
                let mut sum = T::ZERO;
                for i in 0..z.len() {
                    // max(z, 0) − z·y + ln(1 + e^−|z|)  (the TensorFlow form, stable for any z)
                    let zi = z[i];
                    let pos = if zi > T::ZERO { zi } else { T::ZERO };
                    sum += pos - zi * y[i] + (-zi.abs()).exp().ln_1p();
                    dz[i] = (a[i] - y[i]) * inv_rows;
                }
                sum * inv_rows
            }
            Loss::SoftmaxCrossEntropy => {
                let mut sum = T::ZERO;
                for ((zr, ar), (yr, dr)) in z
                    .chunks_exact(cols)
                    .zip(a.chunks_exact(cols))
                    .zip(y.chunks_exact(cols).zip(dz.chunks_exact_mut(cols)))
                {
                    let m = zr
                        .iter()
                        .copied()
                        .fold(zr[0], |m, v| if v > m { v } else { m });
                    let lse = m + zr.iter().map(|&v| (v - m).exp()).sum::<T>().ln();
                    for k in 0..cols {
                        sum += yr[k] * (lse - zr[k]);
                        dr[k] = (ar[k] - yr[k]) * inv_rows;
                    }
                }
                sum * inv_rows
            }
        }
    }

    /// Loss value only (for evaluation).
    pub fn value<T: Real>(self, output: Activation, z: &[T], a: &[T], y: &[T], cols: usize) -> T {
        let mut scratch = vec![T::ZERO; z.len()];
        self.forward_backward(output, z, a, y, cols, &mut scratch)
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Loss::Mse => "mse",
            Loss::BinaryCrossEntropy => "binary-cross-entropy",
            Loss::SoftmaxCrossEntropy => "cross-entropy",
        })
    }
}

impl FromStr for Loss {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        expect_params(&name, &p, 0, 0)?;
        Ok(match name.as_str() {
            "mse" | "mean-squared-error" => Loss::Mse,
            "binary-cross-entropy" | "bce" | "binary-crossentropy" => Loss::BinaryCrossEntropy,
            "cross-entropy" | "softmax-cross-entropy" | "categorical-crossentropy" | "ce" => {
                Loss::SoftmaxCrossEntropy
            }
            _ => {
                return Err(crate::t!(
                    "engine.unknown.loss",
                    word = s,
                    known = "mse, binary-cross-entropy, cross-entropy"
                ))
            }
        })
    }
}

impl Vocabulary for Loss {
    const MENU: &'static [(Self, &'static str)] = &[
        (Loss::Mse, "mean squared error"),
        (Loss::BinaryCrossEntropy, "binary cross-entropy"),
        (Loss::SoftmaxCrossEntropy, "softmax cross-entropy"),
    ];
}

crate::word_serde!(Loss);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Loss>();
    }
    use crate::engine::gradcheck::{assert_gradients_match, numeric_gradient};
    use crate::engine::rng::Rng;

    fn check(
        loss: Loss,
        output: Activation,
        cols: usize,
        targets: impl Fn(&mut Rng, usize) -> Vec<f64>,
    ) {
        let mut rng = Rng::new(9);
        let rows = 6;
        for _ in 0..5 {
            let mut z: Vec<f64> = (0..rows * cols)
                .map(|_| rng.uniform_in(-4.0, 4.0))
                .collect();
            let y = targets(&mut rng, rows);
            let eval = |z: &[f64], dz: &mut [f64]| {
                let mut a = vec![0.0; z.len()];
                output.forward(z, &mut a, cols);
                loss.forward_backward(output, z, &a, &y, cols, dz)
            };
            let mut analytic = vec![0.0; z.len()];
            eval(&z, &mut analytic);
            let mut scratch = vec![0.0; z.len()];
            let numeric = numeric_gradient(&mut z, 1e-6, |z| eval(z, &mut scratch));
            assert_gradients_match(&format!("{loss} with {output}"), &analytic, &numeric, 1e-6);
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        check(Loss::Mse, Activation::Identity, 2, |r, n| {
            (0..2 * n).map(|_| r.normal()).collect()
        });
        check(Loss::Mse, Activation::Tanh, 1, |r, n| {
            (0..n).map(|_| r.uniform_in(-1.0, 1.0)).collect()
        });
        check(Loss::BinaryCrossEntropy, Activation::Sigmoid, 1, |r, n| {
            (0..n).map(|_| r.below(2) as f64).collect()
        });
        check(Loss::SoftmaxCrossEntropy, Activation::Softmax, 3, |r, n| {
            let mut y = vec![0.0; 3 * n];
            for i in 0..n {
                y[i * 3 + r.below(3)] = 1.0;
            }
            y
        });
    }

    #[test]
    fn values_by_hand_and_stability() {
        // MSE of [1, 3] against [0, 0] = (1 + 9) / 2.
        let z = [1.0f64, 3.0];
        let mut dz = [0.0; 2];
        assert_eq!(
            Loss::Mse.forward_backward(Activation::Identity, &z, &z, &[0.0, 0.0], 1, &mut dz),
            5.0
        );
        assert_eq!(dz, [1.0, 3.0]);
        // BCE at z = 0 is ln 2 whatever the label.
        let v = Loss::BinaryCrossEntropy.value(Activation::Sigmoid, &[0.0f64], &[0.5], &[1.0], 1);
        assert!((v - std::f64::consts::LN_2).abs() < 1e-15);
        // A confidently wrong logit gives a large finite loss, not inf.
        let v =
            Loss::BinaryCrossEntropy.value(Activation::Sigmoid, &[-800.0f64], &[0.0], &[1.0], 1);
        assert!((v - 800.0).abs() < 1e-9);
        let mut a = [0.0; 3];
        let z = [900.0f64, -900.0, 0.0];
        Activation::Softmax.forward(&z, &mut a, 3);
        let v = Loss::SoftmaxCrossEntropy.value(Activation::Softmax, &z, &a, &[0.0, 1.0, 0.0], 3);
        assert!((v - 1800.0).abs() < 1e-9);
    }
}
