//! The cliff: Pascanu, Mikolov & Bengio's single-unit recurrent net (2013,
//! "On the difficulty of training recurrent neural networks", §2.3), whose loss
//! over (w, b) has a wall of extreme curvature — the surface behind Goodfellow
//! et al.'s figure 10.17 on gradient clipping.
//!
//!   x_t = w·σ(x_{t−1}) + b,  x_0 = 0.5,  E = (σ(x_T) − 0.7)²
//!
//! For w > 1/σ'(0.5) = 4/(1 − tanh²(0.25))… ≈ 4.255 the start x_0 = 0.5 is an
//! unstable fixed point exactly when b = 0.5 − w·σ(0.5); across that line x_T
//! falls to one of two stable branches, the more abruptly the longer T.

use crate::engine::math::sigmoid;

/// x_0 of the paper.
pub const X0: f64 = 0.5;
/// The target σ(x_T) of the paper's loss.
pub const TARGET: f64 = 0.7;

/// σ'(x) = σ(x)(1 − σ(x)).
fn sigmoid_prime(x: f64) -> f64 {
    let s = sigmoid(x);
    s * (1.0 - s)
}

/// The net unrolled over `t` steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cliff {
    pub t: usize,
}

impl Cliff {
    pub fn new(t: usize) -> Self {
        Cliff { t }
    }

    /// The states x_0 … x_T.
    pub fn forward(&self, w: f64, b: f64) -> Vec<f64> {
        let mut x = Vec::with_capacity(self.t + 1);
        x.push(X0);
        for k in 0..self.t {
            x.push(w * sigmoid(x[k]) + b);
        }
        x
    }

    pub fn loss(&self, w: f64, b: f64) -> f64 {
        let mut x = X0;
        for _ in 0..self.t {
            x = w * sigmoid(x) + b;
        }
        (sigmoid(x) - TARGET).powi(2)
    }

    /// E and (∂E/∂w, ∂E/∂b) by backpropagation through time: δ_T = ∂E/∂x_T,
    /// δ_{t−1} = δ_t·w·σ'(x_{t−1}); each step adds δ_t·σ(x_{t−1}) to ∂E/∂w and
    /// δ_t to ∂E/∂b.
    pub fn loss_and_grad(&self, w: f64, b: f64) -> (f64, [f64; 2]) {
        self.loss_and_grad_in(w, b, &mut Vec::new())
    }

    /// [`Cliff::loss_and_grad`] reusing `s` for the σ(x_t) it keeps, so a whole
    /// surface needs no allocation per point (and one σ per step).
    pub fn loss_and_grad_in(&self, w: f64, b: f64, s: &mut Vec<f64>) -> (f64, [f64; 2]) {
        s.clear();
        let mut x = X0;
        for _ in 0..self.t {
            let sx = sigmoid(x);
            s.push(sx);
            x = w * sx + b;
        }
        let last = sigmoid(x);
        let e = last - TARGET;
        let mut delta = 2.0 * e * last * (1.0 - last);
        let (mut gw, mut gb) = (0.0, 0.0);
        for &sk in s.iter().rev() {
            gw += delta * sk;
            gb += delta;
            delta *= w * sk * (1.0 - sk);
        }
        (e * e, [gw, gb])
    }

    /// Loss and gradient norm at (w_i, b) for every w_i of a row, the points
    /// side by side so the inner loops run over the row (and vectorize): the
    /// same arithmetic as [`Cliff::loss_and_grad_in`], point for point.
    pub fn row(
        &self,
        ws: &[f64],
        b: f64,
        loss: &mut Vec<f64>,
        grad_norm: &mut Vec<f64>,
        s: &mut Vec<f64>,
    ) {
        let n = ws.len();
        s.clear();
        s.resize(n * self.t, 0.0);
        let mut x = vec![X0; n];
        for k in 0..self.t {
            let sk = &mut s[k * n..(k + 1) * n];
            for ((si, xi), &w) in sk.iter_mut().zip(x.iter_mut()).zip(ws) {
                *si = sigmoid(*xi);
                *xi = w * *si + b;
            }
        }
        let mut delta = vec![0.0; n];
        let (mut gw, mut gb) = (vec![0.0; n], vec![0.0; n]);
        for i in 0..n {
            let last = sigmoid(x[i]);
            let e = last - TARGET;
            loss.push(e * e);
            delta[i] = 2.0 * e * last * (1.0 - last);
        }
        for k in (0..self.t).rev() {
            let sk = &s[k * n..(k + 1) * n];
            for i in 0..n {
                gw[i] += delta[i] * sk[i];
                gb[i] += delta[i];
                delta[i] *= ws[i] * sk[i] * (1.0 - sk[i]);
            }
        }
        grad_norm.extend(gw.iter().zip(&gb).map(|(a, c)| a.hypot(*c)));
    }

    /// Where the wall stands for slope `w`: b = x_0 − w·σ(x_0) keeps x_t = x_0
    /// for every t (the unstable fixed point, for w > 1/σ'(x_0)).
    pub fn wall_b(w: f64) -> f64 {
        X0 - w * sigmoid(X0)
    }

    /// The slope above which the fixed point is unstable: 1/σ'(x_0).
    pub fn critical_w() -> f64 {
        1.0 / sigmoid_prime(X0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    fn central(c: &Cliff, w: f64, b: f64) -> [f64; 2] {
        // Fourth-order central differences: truncation error O(h⁴).
        let h = 1e-4;
        let d = |f: &dyn Fn(f64) -> f64| {
            (f(-2.0 * h) - 8.0 * f(-h) + 8.0 * f(h) - f(2.0 * h)) / (12.0 * h)
        };
        [d(&|e| c.loss(w + e, b)), d(&|e| c.loss(w, b + e))]
    }

    #[test]
    fn bptt_equals_central_differences_where_the_surface_is_smooth() {
        let mut rng = Rng::new(7);
        let mut checked = 0;
        for t in [1, 2, 5, 10, 20, 50] {
            let c = Cliff::new(t);
            for _ in 0..200 {
                let w = -2.0 + 14.0 * rng.uniform();
                let b = -8.0 + 10.0 * rng.uniform();
                let (_, g) = c.loss_and_grad(w, b);
                // Smooth here: stay well away from the wall, where h = 1e-6 spans the jump.
                let gn = g[0].hypot(g[1]);
                if gn > 1e3 || (b - Cliff::wall_b(w)).abs() < 0.3 {
                    continue;
                }
                let n = central(&c, w, b);
                let diff = (g[0] - n[0]).hypot(g[1] - n[1]);
                let scale = gn.max(n[0].hypot(n[1]));
                if scale < 1e-4 {
                    continue; // a plateau: rounding in E swamps a difference quotient this small
                }
                assert!(
                    diff / scale <= 1e-6,
                    "T={t} w={w} b={b}: bptt {g:?} vs fd {n:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "only {checked} points checked");
    }

    #[test]
    fn a_row_gives_the_same_bits_as_one_point_at_a_time() {
        let c = Cliff::new(23);
        let ws: Vec<f64> = (0..37).map(|i| -1.0 + 0.3 * i as f64).collect();
        let (mut loss, mut norm, mut s) = (Vec::new(), Vec::new(), Vec::new());
        c.row(&ws, -2.7, &mut loss, &mut norm, &mut s);
        for (i, &w) in ws.iter().enumerate() {
            let (e, g) = c.loss_and_grad(w, -2.7);
            assert_eq!(loss[i].to_bits(), e.to_bits());
            assert_eq!(norm[i].to_bits(), g[0].hypot(g[1]).to_bits());
        }
    }

    #[test]
    fn the_fixed_point_line_keeps_x_at_x0() {
        for w in [2.0, 5.0, 8.0] {
            let x = Cliff::new(10).forward(w, Cliff::wall_b(w));
            assert!(x.iter().all(|v| (v - X0).abs() < 1e-12), "{x:?}");
        }
        assert!((Cliff::critical_w() - 4.0 / (1.0 - 0.25f64.tanh().powi(2))).abs() < 1e-12);
        assert!((Cliff::critical_w() - 4.255).abs() < 1e-3);
    }

    /// The largest gradient norm over a line of b at slope w, and where it is.
    fn peak(c: &Cliff, w: f64, lo: f64, hi: f64) -> (f64, f64) {
        let n = 20_001;
        (0..n)
            .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
            .map(|b| {
                let (_, g) = c.loss_and_grad(w, b);
                (g[0].hypot(g[1]), b)
            })
            .fold(
                (0.0, f64::NAN),
                |best, p| if p.0 > best.0 { p } else { best },
            )
    }

    #[test]
    fn the_wall_stands_on_the_fixed_point_line_and_grows_with_t() {
        let w = 6.0;
        let wall = Cliff::wall_b(w);
        let (mut last, mut off) = (0.0, f64::INFINITY);
        // (Past T ≈ 25 the wall is thinner than this grid of b resolves.)
        for t in [5, 10, 15, 20] {
            let (norm, at) = peak(&Cliff::new(t), w, -7.0, 0.0);
            eprintln!("T={t}: peak {norm:.3e} at b={at:.4} (wall {wall:.4})");
            // Short nets smear the wall; from T = 10 it sits on the line.
            assert!(
                t < 10 || (at - wall).abs() < 0.02,
                "T={t}: peak at b={at}, wall at {wall}"
            );
            assert!(
                (at - wall).abs() <= off,
                "T={t}: the peak moved away from the wall"
            );
            assert!(norm > 2.0 * last, "T={t}: peak {norm} not above {last}");
            (last, off) = (norm, (at - wall).abs());
        }
        // Nothing like it for b > -2: the gradient stays small there.
        let c = Cliff::new(20);
        for w in [5.0, 7.0, 10.0] {
            let (norm, _) = peak(&c, w, -1.9, 3.0);
            assert!(norm < 1.0, "w={w}: {norm} above b=-2");
        }
        // Below the critical slope the fixed point is stable: no wall.
        let (norm, _) = peak(&Cliff::new(20), 3.0, -7.0, 0.0);
        assert!(norm < 1.0, "w=3: {norm}");
    }
}
