//! Weight initializers.
//!
//! The scale of the initial weights decides whether a signal survives a deep stack:
//! He keeps ReLU activations' variance constant (Var = 2/fan_in), Glorot does the same
//! for tanh-like units (Var = 2/(fan_in + fan_out)); E2's all-positive U(0, 1) pushes a
//! deep tanh stack into saturation. Biases always start at zero, as in Keras.

use std::fmt;
use std::str::FromStr;

use super::real::Real;
use super::rng::Rng;
use super::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// U(±√(6 / fan_in)) (He et al., 2015; Keras `he_uniform`).
    HeUniform,
    /// N(0, 2 / fan_in) (He et al., 2015).
    HeNormal,
    /// U(±√(6 / (fan_in + fan_out))) (Glorot & Bengio, 2010; Keras's default).
    GlorotUniform,
    /// U(±1/√fan_in): PyTorch's `nn.Linear` default, used by seed 002's E3.
    FanInUniform,
    /// U(a, b).
    Uniform(f64, f64),
    /// N(0, σ²).
    Normal(f64),
    Zeros,
}

impl Init {
    /// A fan_in × fan_out weight matrix, row-major, drawn from `rng`.
    pub fn weights<T: Real>(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> Vec<T> {
        let n = fan_in * fan_out;
        let (fi, fo) = (fan_in.max(1) as f64, fan_out.max(1) as f64);
        let draw = |rng: &mut Rng| -> f64 {
            match self {
                Init::HeUniform => {
                    let l = (6.0 / fi).sqrt();
                    rng.uniform_in(-l, l)
                }
                Init::HeNormal => rng.normal() * (2.0 / fi).sqrt(),
                Init::GlorotUniform => {
                    let l = (6.0 / (fi + fo)).sqrt();
                    rng.uniform_in(-l, l)
                }
                Init::FanInUniform => {
                    let l = 1.0 / fi.sqrt();
                    rng.uniform_in(-l, l)
                }
                Init::Uniform(a, b) => rng.uniform_in(a, b),
                Init::Normal(s) => rng.normal() * s,
                Init::Zeros => 0.0,
            }
        };
        (0..n).map(|_| T::from_f64(draw(rng))).collect()
    }
}

impl fmt::Display for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Init::HeUniform => write!(f, "he-uniform"),
            Init::HeNormal => write!(f, "he-normal"),
            Init::GlorotUniform => write!(f, "glorot-uniform"),
            Init::FanInUniform => write!(f, "fan-in-uniform"),
            Init::Uniform(a, b) => write!(f, "uniform:{a}:{b}"),
            Init::Normal(s) => write!(f, "normal:{s}"),
            Init::Zeros => write!(f, "zeros"),
        }
    }
}

impl FromStr for Init {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        if let Some(x) = p.iter().find(|x| !x.is_finite()) {
            return Err(crate::t!("engine.init.finite", name = name, got = x));
        }
        let none = || expect_params(&name, &p, 0, 0);
        Ok(match name.as_str() {
            "he-uniform" | "he" => none().map(|_| Init::HeUniform)?,
            "he-normal" => none().map(|_| Init::HeNormal)?,
            "glorot-uniform" | "glorot" | "xavier" => none().map(|_| Init::GlorotUniform)?,
            "fan-in-uniform" | "torch" => none().map(|_| Init::FanInUniform)?,
            "uniform" => {
                expect_params(&name, &p, 2, 2)?;
                if p[0] >= p[1] {
                    return Err(crate::t!(
                        "engine.init.uniform",
                        word = format!("uniform:{}:{}", p[0], p[1])
                    ));
                }
                Init::Uniform(p[0], p[1])
            }
            "normal" => {
                expect_params(&name, &p, 1, 1)?;
                Init::Normal(p[0])
            }
            "zeros" | "zero" => none().map(|_| Init::Zeros)?,
            _ => {
                return Err(crate::t!(
                    "engine.unknown.init",
                    word = s,
                    known = "he-uniform, he-normal, glorot-uniform, fan-in-uniform, uniform:a:b, normal:σ, zeros"
                ))
            }
        })
    }
}

impl Vocabulary for Init {
    const MENU: &'static [(Self, &'static str)] = &[
        (Init::GlorotUniform, "Glorot uniform"),
        (Init::HeUniform, "He uniform"),
        (Init::HeNormal, "He normal"),
        (Init::FanInUniform, "fan-in uniform (PyTorch)"),
        (Init::Uniform(0.0, 1.0), "uniform U(0, 1)"),
        (Init::Uniform(-1.0, 1.0), "uniform U(−1, 1)"),
        (Init::Normal(0.01), "normal σ 0.01"),
        (Init::Normal(1.0), "normal σ 1"),
        (Init::Zeros, "zeros"),
    ];
}

crate::word_serde!(Init);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Init>();
    }

    fn moments(v: &[f64]) -> (f64, f64, f64, f64) {
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, var, lo, hi)
    }

    #[test]
    fn ranges_and_variances() {
        let mut rng = Rng::new(2);
        let (fi, fo) = (200, 100);
        let he: Vec<f64> = Init::HeUniform.weights(fi, fo, &mut rng);
        let (m, v, lo, hi) = moments(&he);
        let l = (6.0f64 / 200.0).sqrt();
        assert!(lo >= -l && hi <= l && m.abs() < 0.01);
        assert!((v - 2.0 / 200.0).abs() < 0.0005, "He variance {v}");
        let g: Vec<f64> = Init::GlorotUniform.weights(fi, fo, &mut rng);
        let (_, v, _, _) = moments(&g);
        assert!((v - 2.0 / 300.0).abs() < 0.0004, "Glorot variance {v}");
        let u: Vec<f64> = Init::Uniform(0.0, 1.0).weights(5, 5, &mut rng);
        assert!(u.iter().all(|&x| (0.0..1.0).contains(&x)));
        let z: Vec<f32> = Init::Zeros.weights(3, 4, &mut rng);
        assert_eq!(z, vec![0.0; 12]);
    }

    #[test]
    fn words_round_trip_and_errors() {
        for i in [
            Init::Uniform(0.0, 1.0),
            Init::Normal(0.05),
            Init::HeUniform,
            Init::FanInUniform,
        ] {
            assert_eq!(i.to_string().parse::<Init>().unwrap(), i);
        }
        assert!("uniform:1:0".parse::<Init>().unwrap_err().contains("a < b"));
        assert!("orthogonal"
            .parse::<Init>()
            .unwrap_err()
            .contains("unknown initializer"));
    }

    #[test]
    fn parameters_that_are_not_numbers_are_refused() {
        // NaN weights would train nothing, and a config holding NaN is not equal to itself.
        for w in [
            "normal:NaN",
            "normal:inf",
            "uniform:-inf:0",
            "uniform:0:NaN",
        ] {
            assert!(
                w.parse::<Init>()
                    .unwrap_err()
                    .contains("must be finite numbers"),
                "{w}"
            );
        }
    }
}
