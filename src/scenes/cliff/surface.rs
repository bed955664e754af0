//! The loss and gradient norm of a two-parameter surface sampled on a grid —
//! what the cliff panel paints under the trajectories.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Surface {
    /// The grid covers w ∈ [w.0, w.1] and b ∈ [b.0, b.1], endpoints included.
    pub w: (f64, f64),
    pub b: (f64, f64),
    /// Points per side.
    pub n: usize,
    /// Row-major, row 0 at b.0: `loss[j * n + i]` is at (w_i, b_j).
    pub loss: Vec<f64>,
    pub grad_norm: Vec<f64>,
}

impl Surface {
    /// Samples `f` (loss and gradient) on an `n` × `n` grid.
    pub fn sample(
        w: (f64, f64),
        b: (f64, f64),
        n: usize,
        mut f: impl FnMut(f64, f64) -> (f64, [f64; 2]),
    ) -> Self {
        let n = n.max(2);
        let at = |r: (f64, f64), k: usize| r.0 + (r.1 - r.0) * k as f64 / (n - 1) as f64;
        let mut loss = Vec::with_capacity(n * n);
        let mut grad_norm = Vec::with_capacity(n * n);
        for j in 0..n {
            let bj = at(b, j);
            for i in 0..n {
                let (e, g) = f(at(w, i), bj);
                loss.push(e);
                grad_norm.push(g[0].hypot(g[1]));
            }
        }
        Surface {
            w,
            b,
            n,
            loss,
            grad_norm,
        }
    }

    /// (w, b) of grid point (i, j).
    pub fn point(&self, i: usize, j: usize) -> (f64, f64) {
        let d = (self.n - 1) as f64;
        (
            self.w.0 + (self.w.1 - self.w.0) * i as f64 / d,
            self.b.0 + (self.b.1 - self.b.0) * j as f64 / d,
        )
    }

    /// The grid as CSV: w, b, loss, grad_norm.
    pub fn csv(&self) -> String {
        let mut out = String::from("w,b,loss,grad_norm\n");
        for j in 0..self.n {
            for i in 0..self.n {
                let (w, b) = self.point(i, j);
                let k = j * self.n + i;
                out.push_str(&format!(
                    "{w},{b},{},{}\n",
                    crate::scenes::network::history::number(self.loss[k]),
                    crate::scenes::network::history::number(self.grad_norm[k])
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_every_point_once_with_endpoints() {
        let s = Surface::sample((0.0, 2.0), (-1.0, 1.0), 3, |w, b| {
            (w + 10.0 * b, [3.0, 4.0])
        });
        assert_eq!(
            s.loss,
            vec![-10.0, -9.0, -8.0, 0.0, 1.0, 2.0, 10.0, 11.0, 12.0]
        );
        assert!(s.grad_norm.iter().all(|&g| g == 5.0));
        assert_eq!(s.point(2, 0), (2.0, -1.0));
        let csv = s.csv();
        assert_eq!(csv.lines().count(), 10);
        assert_eq!(csv.lines().nth(3).unwrap(), "2,-1,-8,5");
    }
}
