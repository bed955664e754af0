//! The race's surfaces: the standard test functions of optimization, each with its
//! exact formula and analytic gradient, the window it is plotted in, the start a
//! race leaves from by default, and its minima.
//!
//! The formulas are generic over [`Real`], so a race runs in f32 like the networks
//! or in f64 for the checks. The cliff is E7's unit ([`Cliff`]), whose own scene
//! evaluates it in f64; here too, rounded to the race's precision afterwards.

use std::fmt;
use std::str::FromStr;

use crate::engine::real::Real;
use crate::engine::words::{expect_params, split_word, Vocabulary};
use crate::scenes::cliff::unit::Cliff;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurfaceKind {
    /// f = x² − y²: a saddle point at the origin, no minimum.
    Saddle,
    /// f = (1 − x)² + 100·(y − x²)²: the long curved valley, minimum (1, 1).
    Rosenbrock,
    /// f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum (3, 0.5).
    Beale,
    /// f = ½·(x² + κ·y²): a bowl whose curvatures differ by κ, minimum (0, 0).
    Quadratic,
    /// f = (x² + y − 11)² + (x + y² − 7)²: four minima of value 0.
    Himmelblau,
    /// E7's loss over (w, b) at T = 10: zero along a curve where σ(x_T) = 0.7.
    Cliff,
}

impl fmt::Display for SurfaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SurfaceKind::Saddle => "saddle",
            SurfaceKind::Rosenbrock => "rosenbrock",
            SurfaceKind::Beale => "beale",
            SurfaceKind::Quadratic => "quadratic",
            SurfaceKind::Himmelblau => "himmelblau",
            SurfaceKind::Cliff => "cliff",
        })
    }
}

impl FromStr for SurfaceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = split_word(s)?;
        expect_params(&name, &p, 0, 0)?;
        SurfaceKind::values()
            .into_iter()
            .find(|k| k.to_string() == name)
            .ok_or_else(|| {
                let words: Vec<String> = SurfaceKind::values()
                    .iter()
                    .map(|k| k.to_string())
                    .collect();
                crate::t!("race.unknown-surface", word = s, known = words.join(", "))
            })
    }
}

impl Vocabulary for SurfaceKind {
    const MENU: &'static [(Self, &'static str)] = &[
        (SurfaceKind::Saddle, "saddle x² − y²"),
        (SurfaceKind::Rosenbrock, "Rosenbrock's valley"),
        (SurfaceKind::Beale, "Beale"),
        (SurfaceKind::Quadratic, "ill-conditioned bowl ½(x² + κy²)"),
        (SurfaceKind::Himmelblau, "Himmelblau (four minima)"),
        (SurfaceKind::Cliff, "E7's cliff"),
    ];
}

crate::word_serde!(SurfaceKind);

/// The cliff's sequence length in the race: E7's preset.
pub const CLIFF_T: usize = 10;

/// A rectangle of the plane: x ∈ [x.0, x.1], y ∈ [y.0, y.1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Window {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.x.0..=self.x.1).contains(&x) && (self.y.0..=self.y.1).contains(&y)
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::t!(
            "race.window",
            x0 = self.x.0,
            x1 = self.x.1,
            y0 = self.y.0,
            y1 = self.y.1
        );
        f.write_str(&text)
    }
}

/// Where a surface's minima are, so a race can say when an optimizer got there.
#[derive(Clone, Debug, PartialEq)]
pub enum Minima {
    /// No minimum (the saddle falls without bound along y).
    None,
    /// Isolated minima, all of value 0.
    Points(Vec<(f64, f64)>),
    /// Value 0 along a curve (the cliff: wherever σ(x_T) = 0.7).
    Curve,
}

/// One surface with its parameter (κ of the bowl).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plane {
    pub kind: SurfaceKind,
    pub kappa: f64,
}

impl Plane {
    pub fn new(kind: SurfaceKind, kappa: f64) -> Self {
        Plane { kind, kappa }
    }

    /// f and ∇f at (x, y), in the race's precision.
    pub fn eval<T: Real>(&self, x: T, y: T) -> (T, [T; 2]) {
        let c = T::from_f64;
        let two = c(2.0);
        match self.kind {
            SurfaceKind::Saddle => (x * x - y * y, [two * x, -(two * y)]),
            SurfaceKind::Rosenbrock => {
                let (a, b) = (T::ONE - x, y - x * x);
                let hundred = c(100.0);
                (
                    a * a + hundred * b * b,
                    [-(two * a) - c(400.0) * x * b, c(200.0) * b],
                )
            }
            SurfaceKind::Beale => {
                let (y2, y3) = (y * y, y * y * y);
                let a = c(1.5) - x + x * y;
                let b = c(2.25) - x + x * y2;
                let d = c(2.625) - x + x * y3;
                (
                    a * a + b * b + d * d,
                    [
                        two * (a * (y - T::ONE) + b * (y2 - T::ONE) + d * (y3 - T::ONE)),
                        two * (a * x + b * two * x * y + d * c(3.0) * x * y2),
                    ],
                )
            }
            SurfaceKind::Quadratic => {
                let k = c(self.kappa);
                (c(0.5) * (x * x + k * y * y), [x, k * y])
            }
            SurfaceKind::Himmelblau => {
                let a = x * x + y - c(11.0);
                let b = x + y * y - c(7.0);
                (
                    a * a + b * b,
                    [c(4.0) * x * a + two * b, two * a + c(4.0) * y * b],
                )
            }
            SurfaceKind::Cliff => {
                let (e, g) = Cliff::new(CLIFF_T).loss_and_grad(x.to_f64(), y.to_f64());
                (c(e), [c(g[0]), c(g[1])])
            }
        }
    }

    /// f at (x, y) in f64.
    pub fn loss(&self, x: f64, y: f64) -> f64 {
        self.eval(x, y).0
    }

    /// The plotted window; a run that leaves it stops.
    pub fn window(&self) -> Window {
        let w = |x: (f64, f64), y: (f64, f64)| Window { x, y };
        match self.kind {
            SurfaceKind::Saddle => w((-1.5, 1.5), (-1.5, 1.5)),
            SurfaceKind::Rosenbrock => w((-2.0, 2.0), (-1.0, 3.0)),
            SurfaceKind::Beale => w((-4.5, 4.5), (-4.5, 4.5)),
            SurfaceKind::Quadratic => w((-2.0, 2.0), (-1.0, 1.0)),
            SurfaceKind::Himmelblau => w((-5.0, 5.0), (-5.0, 5.0)),
            SurfaceKind::Cliff => w((1.0, 11.0), (-7.0, 1.0)),
        }
    }

    pub fn minima(&self) -> Minima {
        match self.kind {
            SurfaceKind::Saddle => Minima::None,
            SurfaceKind::Rosenbrock => Minima::Points(vec![(1.0, 1.0)]),
            SurfaceKind::Beale => Minima::Points(vec![(3.0, 0.5)]),
            SurfaceKind::Quadratic => Minima::Points(vec![(0.0, 0.0)]),
            SurfaceKind::Himmelblau => Minima::Points(
                // (3, 2) is exact; the other three are refined from their usual
                // 6-digit values by Newton's method on ∇f = 0.
                [
                    (3.0, 2.0),
                    (-2.805118, 3.131312),
                    (-3.779310, -3.283186),
                    (3.584428, -1.848126),
                ]
                .into_iter()
                .map(|p| self.refine(p))
                .collect(),
            ),
            SurfaceKind::Cliff => Minima::Curve,
        }
    }

    /// Newton's method on ∇f = 0 from `p`, with the Hessian by central differences
    /// of the analytic gradient (a few steps from 6 digits reach f64's precision).
    fn refine(&self, mut p: (f64, f64)) -> (f64, f64) {
        let g = |x: f64, y: f64| self.eval(x, y).1;
        for _ in 0..8 {
            let h = 1e-6;
            let (gx1, gx0) = (g(p.0 + h, p.1), g(p.0 - h, p.1));
            let (gy1, gy0) = (g(p.0, p.1 + h), g(p.0, p.1 - h));
            let (a, b) = ((gx1[0] - gx0[0]) / (2.0 * h), (gy1[0] - gy0[0]) / (2.0 * h));
            let (c, d) = ((gx1[1] - gx0[1]) / (2.0 * h), (gy1[1] - gy0[1]) / (2.0 * h));
            let det = a * d - b * c;
            let r = g(p.0, p.1);
            if det == 0.0 || !det.is_finite() {
                break;
            }
            p = (
                p.0 - (d * r[0] - b * r[1]) / det,
                p.1 - (-c * r[0] + a * r[1]) / det,
            );
        }
        p
    }

    /// Whether (x, y), where f is `loss`, is within `tolerance` of a minimum: at
    /// that distance of an isolated one; on the cliff, σ(x_T) within `tolerance` of
    /// its target, i.e. f ≤ tolerance².
    pub fn reached(&self, minima: &Minima, x: f64, y: f64, loss: f64, tolerance: f64) -> bool {
        match minima {
            Minima::None => false,
            Minima::Points(ps) => ps.iter().any(|&(mx, my)| {
                let (dx, dy) = (x - mx, y - my);
                dx * dx + dy * dy <= tolerance * tolerance
            }),
            Minima::Curve => loss <= tolerance * tolerance,
        }
    }

    /// The index of the isolated minimum nearest (x, y).
    pub fn nearest(minima: &Minima, x: f64, y: f64) -> Option<usize> {
        let Minima::Points(ps) = minima else {
            return None;
        };
        (0..ps.len()).min_by(|&i, &j| {
            let d = |k: usize| (x - ps[k].0).hypot(y - ps[k].1);
            d(i).total_cmp(&d(j))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    #[test]
    fn every_gradient_equals_central_differences() {
        let mut rng = Rng::new(7);
        for &kind in &SurfaceKind::values() {
            for kappa in [1.0, 37.0, 1000.0] {
                let p = Plane::new(kind, kappa);
                let w = p.window();
                for _ in 0..200 {
                    let (x, y) = (rng.uniform_in(w.x.0, w.x.1), rng.uniform_in(w.y.0, w.y.1));
                    let (_, g) = p.eval(x, y);
                    let scale = (x.abs() + y.abs()).max(1.0);
                    // Central differences at h and h/2, Richardson-combined: the
                    // cliff's wall bends too sharply for plain O(h²) differences.
                    let d = |h: f64, dx: f64, dy: f64| {
                        (p.loss(x + h * dx, y + h * dy) - p.loss(x - h * dx, y - h * dy))
                            / (2.0 * h)
                    };
                    let r =
                        |h: f64, dx: f64, dy: f64| (4.0 * d(h / 2.0, dx, dy) - d(h, dx, dy)) / 3.0;
                    let h = 1e-5 * scale;
                    let (dx, dy) = (r(h, 1.0, 0.0), r(h, 0.0, 1.0));
                    for (a, n) in [(g[0], dx), (g[1], dy)] {
                        // Relative to the gradient's size; the floor keeps points
                        // where it vanishes from dividing by nothing.
                        let size = g[0].hypot(g[1]).max(1e-3);
                        assert!(
                            (a - n).abs() <= 1e-6 * size,
                            "{kind} at ({x}, {y}): analytic {a}, differences {n}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_minima_are_minima() {
        for &kind in &SurfaceKind::values() {
            let p = Plane::new(kind, 10.0);
            if let Minima::Points(ps) = p.minima() {
                for (x, y) in ps {
                    assert!(p.window().contains(x, y), "{kind}");
                    let (f, g) = p.eval(x, y);
                    assert!(
                        f.abs() < 1e-20 && g[0].hypot(g[1]) < 1e-9,
                        "{kind} ({x}, {y}): f {f}, g {g:?}"
                    );
                }
            }
        }
        // Beale's constants: the 2.25 term, not a second 2.625, puts the minimum at (3, 0.5).
        assert_eq!(Plane::new(SurfaceKind::Beale, 1.0).loss(3.0, 0.5), 0.0);
    }

    #[test]
    fn words_read_back() {
        crate::engine::words::assert_vocabulary::<SurfaceKind>();
        assert!("bowl"
            .parse::<SurfaceKind>()
            .unwrap_err()
            .contains("himmelblau"));
    }

    #[test]
    fn f32_and_f64_agree_to_f32_precision() {
        for &kind in &SurfaceKind::values() {
            let p = Plane::new(kind, 10.0);
            let (f32v, _) = p.eval(0.75f32, 0.25f32);
            let (f64v, _) = p.eval(0.75f64, 0.25f64);
            assert!(
                (f32v as f64 - f64v).abs() <= 1e-5 * f64v.abs().max(1.0),
                "{kind}"
            );
        }
    }
}
