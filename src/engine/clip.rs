//! Gradient clipping: by global norm, by each tensor's norm, or by value.
//!
//! Pascanu, Mikolov & Bengio (2013): if ‖g‖ ≥ c then g ← c·g/‖g‖. The step keeps its
//! direction and its length is bounded, so one cliff-like gradient cannot throw the
//! parameters far. Keras's `clipnorm` applies this to each gradient tensor on its own;
//! `global_clipnorm` to all of them as one vector; `clipvalue` clamps each element.

use std::fmt;
use std::str::FromStr;

use super::real::Real;
use super::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clip {
    None,
    /// All gradients as one vector: ‖g‖ ≤ c.
    GlobalNorm(f64),
    /// Each gradient tensor on its own (Keras `clipnorm`).
    Norm(f64),
    /// Each element into [−c, c] (Keras `clipvalue`).
    Value(f64),
}

/// L2 norm of a tensor, accumulated in f64 so large f32 gradients do not overflow it.
pub fn norm<T: Real>(g: &[T]) -> f64 {
    g.iter()
        .map(|&v| v.to_f64() * v.to_f64())
        .sum::<f64>()
        .sqrt()
}

/// Scales `g` to norm `c` if its norm `n` is above; returns whether it did.
pub fn scale_to<T: Real>(g: &mut [T], n: f64, c: f64) -> bool {
    if n > c {
        let s = T::from_f64(c / n);
        for v in g.iter_mut() {
            *v *= s;
        }
        true
    } else {
        false
    }
}

/// Clamps each element of `g` into [−c, c]; returns whether any changed.
pub fn clamp<T: Real>(g: &mut [T], c: f64) -> bool {
    let (lo, hi) = (T::from_f64(-c), T::from_f64(c));
    let mut changed = false;
    for v in g.iter_mut() {
        if *v > hi {
            *v = hi;
            changed = true;
        } else if *v < lo {
            *v = lo;
            changed = true;
        }
    }
    changed
}

impl Clip {
    /// Clips a set of gradient tensors in place. Returns whether clipping changed anything.
    pub fn apply<T: Real>(self, grads: &mut [&mut [T]]) -> bool {
        match self {
            Clip::None => false,
            Clip::GlobalNorm(c) => {
                let total = grads.iter().map(|g| norm(g).powi(2)).sum::<f64>().sqrt();
                let mut any = false;
                for g in grads.iter_mut() {
                    any |= scale_to(g, total, c);
                }
                any
            }
            Clip::Norm(c) => {
                let mut any = false;
                for g in grads.iter_mut() {
                    let n = norm(g);
                    any |= scale_to(g, n, c);
                }
                any
            }
            Clip::Value(c) => {
                let mut any = false;
                for g in grads.iter_mut() {
                    any |= clamp(g, c);
                }
                any
            }
        }
    }

    pub fn threshold(self) -> Option<f64> {
        match self {
            Clip::None => None,
            Clip::GlobalNorm(c) | Clip::Norm(c) | Clip::Value(c) => Some(c),
        }
    }

    /// The mode's word: the clip's word without its threshold ("norm" for norm:1).
    pub fn mode(self) -> &'static str {
        match self {
            Clip::None => "none",
            Clip::GlobalNorm(_) => "global",
            Clip::Norm(_) => "norm",
            Clip::Value(_) => "value",
        }
    }
}

/// Every mode (at threshold 1), with its label; a menu offers the mode's word.
impl Vocabulary for Clip {
    const MENU: &'static [(Self, &'static str)] = &[
        (Clip::None, "none"),
        (Clip::GlobalNorm(1.0), "by global norm"),
        (Clip::Norm(1.0), "per-tensor norm (clipnorm)"),
        (Clip::Value(1.0), "by value (clipvalue)"),
    ];

    fn option(self) -> String {
        self.mode().to_string()
    }
}

impl fmt::Display for Clip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.threshold() {
            None => f.write_str(self.mode()),
            Some(c) => write!(f, "{}:{c}", self.mode()),
        }
    }
}

impl FromStr for Clip {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        if name == "none" || name == "off" {
            expect_params(&name, &p, 0, 0)?;
            return Ok(Clip::None);
        }
        expect_params(&name, &p, 1, 1)?;
        let c = p[0];
        if !(c.is_finite() && c > 0.0) {
            return Err(crate::t!("engine.clip.threshold", got = c));
        }
        Ok(match name.as_str() {
            "global" | "global-norm" => Clip::GlobalNorm(c),
            "norm" | "clipnorm" => Clip::Norm(c),
            "value" | "clipvalue" => Clip::Value(c),
            _ => {
                return Err(crate::t!(
                    "engine.unknown.clip",
                    word = s,
                    known = "none, global:c, norm:c, value:c"
                ))
            }
        })
    }
}

crate::word_serde!(Clip);

#[cfg(test)]
#[allow(clippy::useless_vec)] // vectors read closer to real gradient buffers
mod tests {
    use super::*;

    #[test]
    fn the_modes_read_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Clip>();
        for clip in Clip::values() {
            assert!(clip.to_string().starts_with(clip.mode()));
        }
    }

    #[test]
    fn global_norm_leaves_small_gradients_and_scales_large_ones_to_the_threshold() {
        let mut a = vec![0.3f64, 0.4];
        let mut b = vec![0.0f64];
        assert!(!Clip::GlobalNorm(1.0).apply(&mut [&mut a[..], &mut b[..]]));
        assert_eq!(a, vec![0.3, 0.4]);
        // ‖(3, 4, 12)‖ = 13 → scaled to exactly 2.
        let mut a = vec![3.0f64, 4.0];
        let mut b = vec![12.0f64];
        assert!(Clip::GlobalNorm(2.0).apply(&mut [&mut a[..], &mut b[..]]));
        let n = (a[0] * a[0] + a[1] * a[1] + b[0] * b[0]).sqrt();
        assert!((n - 2.0).abs() < 1e-15, "norm after clipping {n}");
        assert!((a[0] / b[0] - 0.25).abs() < 1e-15, "direction kept");
    }

    #[test]
    fn per_tensor_norm_and_value() {
        let mut a = vec![3.0f64, 4.0];
        let mut b = vec![0.1f64];
        Clip::Norm(1.0).apply(&mut [&mut a[..], &mut b[..]]);
        assert!((a[0] - 0.6).abs() < 1e-15 && (a[1] - 0.8).abs() < 1e-15);
        assert_eq!(b, vec![0.1]);
        let mut c = vec![-7.0f32, 2.0, 6.0];
        assert!(Clip::Value(5.0).apply(&mut [&mut c[..]]));
        assert_eq!(c, vec![-5.0, 2.0, 5.0]);
    }

    #[test]
    fn huge_f32_gradients_are_clipped_without_overflow() {
        let mut g = vec![3e38f32, 3e38];
        Clip::Norm(1.0).apply(&mut [&mut g[..]]);
        assert!((g[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    #[test]
    fn words() {
        assert_eq!("norm:1".parse::<Clip>().unwrap(), Clip::Norm(1.0));
        assert_eq!("global:0.5".parse::<Clip>().unwrap(), Clip::GlobalNorm(0.5));
        assert_eq!("value:5".parse::<Clip>().unwrap().to_string(), "value:5");
        assert!("norm:-1".parse::<Clip>().unwrap_err().contains("positive"));
        assert!("norm".parse::<Clip>().is_err());
    }
}
