//! The data sets of E1–E3, after scikit-learn and CS231n: regression, two circles
//! (and the min-max scaling it gets) and the three-arm spiral. Each returns its rows in
//! generation order; [`super::generate`] shuffles them.

use std::f64::consts::PI;

use ndarray::Array2;

use super::{binary, DataSpec, Dataset, Task};
use crate::engine::rng::Rng;

/// `count` evenly spaced values from `start` to `stop` inclusive, like `numpy.linspace`
/// (a single value is `start`).
fn linspace(start: f64, stop: f64, count: usize, i: usize) -> f64 {
    if count < 2 {
        start
    } else {
        start + (stop - start) * i as f64 / (count - 1) as f64
    }
}

/// E1, like scikit-learn's `make_regression` with bias 0 and one target: X ~ N(0, 1),
/// `informative` randomly chosen columns get coefficients 100·U(0, 1), the rest 0,
/// y = X·coef + noise·N(0, 1). Returns the data (in generation order) and the coefficients.
pub(super) fn regression(spec: &DataSpec, rng: &mut Rng) -> (Dataset, Vec<f64>) {
    let (n, features) = (spec.samples, spec.features);
    let informative = spec.informative.min(features);
    let x = Array2::from_shape_simple_fn((n, features), || rng.normal());
    let mut columns: Vec<usize> = (0..features).collect();
    rng.shuffle(&mut columns);
    let mut coef = vec![0.0; features];
    for &c in &columns[..informative] {
        coef[c] = 100.0 * rng.uniform();
    }
    let mut y = Array2::zeros((n, 1));
    for (i, row) in x.outer_iter().enumerate() {
        let signal: f64 = row.iter().zip(&coef).map(|(a, b)| a * b).sum();
        y[[i, 0]] = signal + spec.noise * rng.normal();
    }
    let data = Dataset {
        x,
        y,
        task: Task::Regression,
    };
    (data, coef)
}

/// E2 before scaling, like scikit-learn's `make_circles`: `samples / 2` points on the unit
/// circle (class 0) and the rest on radius `factor` (class 1), each circle at evenly spaced
/// angles 2πk/m (k < m), then N(0, noise²) added to both coordinates.
pub(super) fn circles_unscaled(spec: &DataSpec, rng: &mut Rng) -> Dataset {
    let outer = spec.samples / 2;
    let inner = spec.samples - outer;
    let mut points = Vec::with_capacity(spec.samples);
    let mut labels = Vec::with_capacity(spec.samples);
    for (count, radius, label) in [(outer, 1.0, false), (inner, spec.factor, true)] {
        for k in 0..count {
            let angle = 2.0 * PI * k as f64 / count as f64;
            points.push([radius * libm::cos(angle), radius * libm::sin(angle)]);
            labels.push(label);
        }
    }
    for p in &mut points {
        p[0] += spec.noise * rng.normal();
        p[1] += spec.noise * rng.normal();
    }
    binary(points, labels)
}

/// Maps each column linearly onto [-1, 1] (its minimum to -1, its maximum to 1).
/// A column with a single value becomes 0.
pub(super) fn scale_columns_to_unit(x: &mut Array2<f64>) {
    for mut column in x.columns_mut() {
        let lo = column.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let range = hi - lo;
        column.mapv_inplace(|v| {
            if range > 0.0 {
                2.0 * (v - lo) / range - 1.0
            } else {
                0.0
            }
        });
    }
}

/// E3, after CS231n: `samples / 3` points per class; for class j the k-th of N points has
/// radius k/(N−1) and angle 4j + 4k/(N−1) + N(0, noise²), at (r·sin θ, r·cos θ).
pub(super) fn spiral(spec: &DataSpec, rng: &mut Rng) -> Dataset {
    const CLASSES: usize = 3;
    let per_class = spec.samples / CLASSES;
    let n = per_class * CLASSES;
    let mut x = Array2::zeros((n, 2));
    let mut y = Array2::zeros((n, CLASSES));
    for j in 0..CLASSES {
        let start = 4.0 * j as f64;
        for k in 0..per_class {
            let row = j * per_class + k;
            let r = linspace(0.0, 1.0, per_class, k);
            let theta = linspace(start, start + 4.0, per_class, k) + spec.noise * rng.normal();
            x[[row, 0]] = r * libm::sin(theta);
            x[[row, 1]] = r * libm::cos(theta);
            y[[row, j]] = 1.0;
        }
    }
    Dataset {
        x,
        y,
        task: Task::Multiclass(CLASSES),
    }
}
