//! Initial weights of a recurrent cell.
//!
//! Input weights are Glorot uniform (Glorot & Bengio, 2010). The recurrent matrix U is
//! what BPTT multiplies by once per step, so its size decides whether gradients vanish or
//! explode (Pascanu, Mikolov & Bengio, 2013): it is drawn orthogonal and scaled (Saxe et
//! al., 2014), Gaussian, or as a scaled identity (Le, Jaitly & Hinton, 2015).

use std::fmt;
use std::str::FromStr;

use crate::engine::rng::Rng;
use crate::engine::words::{expect_params, split_word, Vocabulary};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RecurrentInit {
    /// `scale`·Q with Q orthogonal: every singular value, and every |eigenvalue|, is `scale`.
    Orthogonal { scale: f64 },
    /// Each element N(0, std²). With std = 1/√H the spectral radius is about 1 (circular law).
    Normal { std: f64 },
    /// `scale`·I.
    Identity { scale: f64 },
}

impl RecurrentInit {
    /// An H × H recurrent matrix, row-major.
    pub fn matrix(self, h: usize, rng: &mut Rng) -> Vec<f64> {
        match self {
            RecurrentInit::Orthogonal { scale } => {
                orthogonal(h, rng).into_iter().map(|v| v * scale).collect()
            }
            RecurrentInit::Normal { std } => (0..h * h).map(|_| std * rng.normal()).collect(),
            RecurrentInit::Identity { scale } => {
                let mut m = vec![0.0; h * h];
                for i in 0..h {
                    m[i * h + i] = scale;
                }
                m
            }
        }
    }

    /// The kind's word: the init's word without its parameter ("orthogonal").
    pub fn kind(self) -> &'static str {
        match self {
            RecurrentInit::Orthogonal { .. } => "orthogonal",
            RecurrentInit::Normal { .. } => "normal",
            RecurrentInit::Identity { .. } => "identity",
        }
    }

    /// The parameter: the scale, or the standard deviation of `Normal`.
    pub fn scale(self) -> f64 {
        match self {
            RecurrentInit::Orthogonal { scale } | RecurrentInit::Identity { scale } => scale,
            RecurrentInit::Normal { std } => std,
        }
    }
}

/// Every kind (at parameter 1), with its label; a menu offers the kind's word.
impl Vocabulary for RecurrentInit {
    const MENU: &'static [(Self, &'static str)] = &[
        (
            RecurrentInit::Orthogonal { scale: 1.0 },
            "orthogonal × scale",
        ),
        (RecurrentInit::Normal { std: 1.0 }, "normal, σ = scale"),
        (RecurrentInit::Identity { scale: 1.0 }, "identity × scale"),
    ];

    fn option(self) -> String {
        self.kind().to_string()
    }
}

impl fmt::Display for RecurrentInit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.scale())
    }
}

impl FromStr for RecurrentInit {
    type Err = String;
    /// `orthogonal:1`, `normal:0.25`, `identity:1` (the parameter defaults to 1).
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        expect_params(&name, &p, 0, 1)?;
        let a = p.first().copied().unwrap_or(1.0);
        if !(a.is_finite() && a >= 0.0) {
            return Err(crate::t!("engine.recurrent-init.param", got = a));
        }
        match name.as_str() {
            "orthogonal" => Ok(RecurrentInit::Orthogonal { scale: a }),
            "normal" => Ok(RecurrentInit::Normal { std: a }),
            "identity" => Ok(RecurrentInit::Identity { scale: a }),
            _ => Err(crate::t!(
                "engine.unknown.recurrent-init",
                word = s,
                known = "orthogonal:s, normal:std, identity:s"
            )),
        }
    }
}

/// A `fan_out × fan_in` matrix, row-major, uniform in ±√(6 / (fan_in + fan_out)).
pub fn glorot_uniform(fan_in: usize, fan_out: usize, rng: &mut Rng) -> Vec<f64> {
    let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
    (0..fan_in * fan_out)
        .map(|_| rng.uniform_in(-limit, limit))
        .collect()
}

/// A random H × H orthogonal matrix, row-major: the columns of a seeded Gaussian matrix
/// orthonormalized by modified Gram–Schmidt, run twice ("twice is enough", Giraud et al.
/// 2005) so QᵀQ = I to rounding.
pub fn orthogonal(h: usize, rng: &mut Rng) -> Vec<f64> {
    // cols[j] is column j.
    let mut cols: Vec<Vec<f64>> = (0..h)
        .map(|_| (0..h).map(|_| rng.normal()).collect())
        .collect();
    for j in 0..h {
        for _pass in 0..2 {
            for k in 0..j {
                let d: f64 = cols[j].iter().zip(&cols[k]).map(|(a, b)| a * b).sum();
                let (done, rest) = cols.split_at_mut(j);
                for (a, b) in rest[0].iter_mut().zip(&done[k]) {
                    *a -= d * b;
                }
            }
        }
        let n = cols[j].iter().map(|a| a * a).sum::<f64>().sqrt();
        // A Gaussian column lies in the span of the others with probability zero.
        for a in cols[j].iter_mut() {
            *a /= n;
        }
    }
    let mut m = vec![0.0; h * h];
    for (j, col) in cols.iter().enumerate() {
        for (i, v) in col.iter().enumerate() {
            m[i * h + j] = *v;
        }
    }
    m
}

/// The spectral norm ‖M‖₂ (largest singular value) of an n × n row-major matrix, by power
/// iteration on MᵀM.
///
/// This is not the spectral radius ρ(M) = max |eigenvalue|, which is what decides whether
/// Mᵗ grows or shrinks; ρ(M) ≤ ‖M‖₂ always, with equality for normal matrices (symmetric,
/// orthogonal, scaled identity). Power iteration on M itself would estimate ρ but does not
/// converge when the top eigenvalues are a complex pair, which random matrices usually
/// have; MᵀM is symmetric and positive semi-definite, so its iteration always converges.
/// For the orthogonal and identity inits both numbers equal `scale`.
pub fn spectral_norm(m: &[f64], n: usize) -> f64 {
    assert_eq!(m.len(), n * n, "spectral_norm: matrix is not {n}×{n}");
    if n == 0 {
        return 0.0;
    }
    // A fixed, generic start vector: the result does not depend on any RNG.
    let mut v: Vec<f64> = (0..n).map(|i| 1.0 + 0.1 * i as f64).collect();
    let mut sigma2 = 0.0;
    for _ in 0..10_000 {
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return if norm == 0.0 { 0.0 } else { f64::NAN };
        }
        v.iter_mut().for_each(|a| *a /= norm);
        // w = Mᵀ(M v)
        let mv: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| m[i * n + j] * v[j]).sum())
            .collect();
        let w: Vec<f64> = (0..n)
            .map(|j| (0..n).map(|i| m[i * n + j] * mv[i]).sum())
            .collect();
        // Rayleigh quotient vᵀMᵀMv with ‖v‖ = 1.
        let next: f64 = v.iter().zip(&w).map(|(a, b)| a * b).sum();
        let done = (next - sigma2).abs() <= 1e-15 * next.abs();
        sigma2 = next;
        v = w;
        if done {
            break;
        }
    }
    sigma2.sqrt()
}

/// The spectral radius ρ(M) = max |eigenvalue| of an n × n row-major matrix: what decides
/// whether Mᵏ (and so BPTT through a linear recurrence) shrinks or grows with k.
///
/// Gelfand's formula ρ = lim ‖Mᵏ‖^(1/k), with k = 2¹² reached by squaring and the
/// logarithm of the scale kept aside so nothing overflows. With the Frobenius norm the
/// error factor is at most n^(1/2k) (under 0.1 % for n ≤ 128), a little more when
/// eigenvalues of the largest modulus are defective.
pub fn spectral_radius(m: &[f64], n: usize) -> f64 {
    const SQUARINGS: i32 = 12;
    assert_eq!(m.len(), n * n, "spectral_radius: matrix is not {n}×{n}");
    let mut a = m.to_vec();
    let mut log_scale = 0.0;
    for j in 0..=SQUARINGS {
        let f = a.iter().map(|v| v * v).sum::<f64>().sqrt();
        if f == 0.0 {
            return 0.0;
        }
        if !f.is_finite() {
            return f64::NAN;
        }
        a.iter_mut().for_each(|v| *v /= f);
        // a = M^(2^j) / e^log_scale, with log_scale doubling at each squaring.
        log_scale += f.ln() * 2f64.powi(SQUARINGS - j);
        if j < SQUARINGS {
            let mut sq = vec![0.0; n * n];
            for i in 0..n {
                for k in 0..n {
                    let aik = a[i * n + k];
                    if aik != 0.0 {
                        for c in 0..n {
                            sq[i * n + c] += aik * a[k * n + c];
                        }
                    }
                }
            }
            a = sq;
        }
    }
    (log_scale / 2f64.powi(SQUARINGS)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_read_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<RecurrentInit>();
        for init in RecurrentInit::values() {
            assert_eq!(init.to_string(), format!("{}:1", init.kind()));
        }
    }

    #[test]
    fn spectral_radius_of_known_matrices() {
        let close = |a: f64, b: f64| (a - b).abs() <= 2e-3 * b;
        // Triangular: the eigenvalues are the diagonal.
        let tri = [0.5, 7.0, 0.0, 0.0, -0.9, 3.0, 0.0, 0.0, 0.2];
        assert!(
            close(spectral_radius(&tri, 3), 0.9),
            "{}",
            spectral_radius(&tri, 3)
        );
        // A rotation by 90° scaled by 2: eigenvalues ±2i, which power iteration misses.
        assert!(close(spectral_radius(&[0.0, -2.0, 2.0, 0.0], 2), 2.0));
        // [[1, 1], [0, 1]]: norm φ, radius 1 (defective, so the estimate is a little high).
        assert!((spectral_radius(&[1.0, 1.0, 0.0, 1.0], 2) - 1.0).abs() < 5e-3);
        assert_eq!(spectral_radius(&[0.0; 4], 2), 0.0);
        // Orthogonal times a scale: every |eigenvalue| is the scale, also when it is huge.
        for (seed, scale) in [(1u64, 0.5), (2, 3.0), (3, 1e6)] {
            let u = RecurrentInit::Orthogonal { scale }.matrix(32, &mut Rng::new(seed));
            assert!(close(spectral_radius(&u, 32), scale), "{scale}");
        }
        // Gaussian N(0, σ²) entries: ρ ≈ σ√n by the circular law.
        let g = RecurrentInit::Normal { std: 0.25 }.matrix(64, &mut Rng::new(9));
        let rho = spectral_radius(&g, 64);
        assert!((1.7..2.3).contains(&rho), "{rho}");
    }

    #[test]
    fn orthogonal_init_has_spectral_norm_equal_to_its_scale() {
        let h = 16;
        for (seed, scale) in [(1u64, 1.0), (2, 0.5), (3, 3.0)] {
            let mut rng = Rng::stream(seed, "init");
            let u = RecurrentInit::Orthogonal { scale }.matrix(h, &mut rng);
            let s = spectral_norm(&u, h);
            assert!((s - scale).abs() < 1e-9, "scale {scale}: spectral norm {s}");
            // Stronger: UᵀU = scale²·I, so every singular value (and |eigenvalue|) is scale.
            for a in 0..h {
                for b in 0..h {
                    let d: f64 = (0..h).map(|i| u[i * h + a] * u[i * h + b]).sum();
                    let want = if a == b { scale * scale } else { 0.0 };
                    assert!((d - want).abs() < 1e-12, "UᵀU[{a},{b}] = {d}");
                }
            }
        }
    }

    #[test]
    fn spectral_norm_of_known_matrices() {
        // diag(2, −3) → 3; [[1, 1], [0, 1]] → golden ratio (its ρ is 1: norm ≠ radius).
        assert!((spectral_norm(&[2.0, 0.0, 0.0, -3.0], 2) - 3.0).abs() < 1e-12);
        let phi = (1.0 + 5f64.sqrt()) / 2.0;
        assert!((spectral_norm(&[1.0, 1.0, 0.0, 1.0], 2) - phi).abs() < 1e-9);
        let id = RecurrentInit::Identity { scale: 0.7 }.matrix(5, &mut Rng::new(0));
        assert!((spectral_norm(&id, 5) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn words() {
        for w in ["orthogonal:3", "normal:0.25", "identity:1"] {
            assert_eq!(w.parse::<RecurrentInit>().unwrap().to_string(), w);
        }
        assert_eq!(
            "orthogonal".parse::<RecurrentInit>().unwrap(),
            RecurrentInit::Orthogonal { scale: 1.0 }
        );
        assert!("eye:1".parse::<RecurrentInit>().is_err());
    }
}
