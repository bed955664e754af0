//! The TensorFlow Playground's four two-class sets (circle, exclusive or, Gaussian,
//! spiral), after `src/dataset.ts` of tensorflow/playground. Each returns its rows in
//! generation order; [`super::generate`] shuffles them.

use std::f64::consts::PI;

use super::{binary, Dataset};
use crate::engine::rng::Rng;

/// The radius of the TensorFlow Playground's circle, XOR and spiral sets.
const PLAYGROUND_RADIUS: f64 = 5.0;

/// How far the Playground's XOR set keeps points from the axes.
const PLAYGROUND_XOR_PADDING: f64 = 0.3;

/// A label-noise offset as the Playground draws it: U(-5, 5) times the noise fraction.
fn playground_offset(noise: f64, rng: &mut Rng) -> f64 {
    noise * rng.uniform_in(-PLAYGROUND_RADIUS, PLAYGROUND_RADIUS)
}

/// The Playground's "Circle": `samples / 2` points uniform in radius over [0, 2.5) (class 1
/// unless noise moves them out), the rest over [3.5, 5) (class 0 unless noise moves them
/// in), at uniform angles. The label is whether the point shifted by the noise offsets lies
/// within 2.5 of the centre; the point itself is kept where it was drawn.
pub(super) fn playground_circle(samples: usize, noise: f64, rng: &mut Rng) -> Dataset {
    let boundary = 0.5 * PLAYGROUND_RADIUS;
    let inside = samples / 2;
    let mut points = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for i in 0..samples {
        let r = if i < inside {
            rng.uniform_in(0.0, boundary)
        } else {
            rng.uniform_in(0.7 * PLAYGROUND_RADIUS, PLAYGROUND_RADIUS)
        };
        let angle = rng.uniform_in(0.0, 2.0 * PI);
        let (px, py) = (r * libm::sin(angle), r * libm::cos(angle));
        let (sx, sy) = (
            px + playground_offset(noise, rng),
            py + playground_offset(noise, rng),
        );
        points.push([px, py]);
        labels.push((sx * sx + sy * sy).sqrt() < boundary);
    }
    binary(points, labels)
}

/// The Playground's "Exclusive or": each coordinate U(-5, 5), then pushed 0.3 further from
/// zero; class 1 where x·y >= 0 after shifting by the noise offsets (the point stays put).
pub(super) fn playground_xor(samples: usize, noise: f64, rng: &mut Rng) -> Dataset {
    let coordinate = |rng: &mut Rng| {
        let v = rng.uniform_in(-PLAYGROUND_RADIUS, PLAYGROUND_RADIUS);
        if v > 0.0 {
            v + PLAYGROUND_XOR_PADDING
        } else {
            v - PLAYGROUND_XOR_PADDING
        }
    };
    let mut points = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for _ in 0..samples {
        let px = coordinate(rng);
        let py = coordinate(rng);
        let (sx, sy) = (
            px + playground_offset(noise, rng),
            py + playground_offset(noise, rng),
        );
        points.push([px, py]);
        labels.push(sx * sy >= 0.0);
    }
    binary(points, labels)
}

/// The Playground's "Gaussian": `samples / 2` points around (2, 2) (class 1), the rest
/// around (-2, -2) (class 0), each coordinate with variance 0.5 + 7·noise.
pub(super) fn playground_gauss(samples: usize, noise: f64, rng: &mut Rng) -> Dataset {
    let spread = (0.5 + 7.0 * noise).max(0.0).sqrt();
    let positive = samples / 2;
    let mut points = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for i in 0..samples {
        let centre = if i < positive { 2.0 } else { -2.0 };
        points.push([
            centre + spread * rng.normal(),
            centre + spread * rng.normal(),
        ]);
        labels.push(i < positive);
    }
    binary(points, labels)
}

/// The Playground's "Spiral": two arms of m points each (`samples / 2` for class 1, the
/// rest for class 0); the i-th point of an arm has radius 5·i/m and angle
/// 1.75·2π·i/m (+π for class 0), at (r·sin t, r·cos t), then each coordinate moves by
/// noise·U(-1, 1).
pub(super) fn playground_spiral(samples: usize, noise: f64, rng: &mut Rng) -> Dataset {
    let positive = samples / 2;
    let mut points = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for (count, turn, label) in [(positive, 0.0, true), (samples - positive, PI, false)] {
        for i in 0..count {
            let fraction = i as f64 / count as f64;
            let r = PLAYGROUND_RADIUS * fraction;
            let t = 1.75 * 2.0 * PI * fraction + turn;
            let px = r * libm::sin(t) + noise * rng.uniform_in(-1.0, 1.0);
            let py = r * libm::cos(t) + noise * rng.uniform_in(-1.0, 1.0);
            points.push([px, py]);
            labels.push(label);
        }
    }
    binary(points, labels)
}
