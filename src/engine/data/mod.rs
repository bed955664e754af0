//! Seeded generators for the data sets of the experiments.
//!
//! Every generator draws from the [`Rng`] it is given, so a seed fixes the data.
//! Targets are encoded for the loss that uses them: regression as one real column,
//! two-class problems as one 0/1 column, k classes as k one-hot columns.
//!
//! This file holds the shared types, [`generate`] and [`split`]; the generators live
//! one family a file: `classic.rs` (the regression, two circles and spiral sets of
//! E1–E3) and `playground.rs` (the TensorFlow Playground's four sets). The digits
//! come from `super::digits`; rows read from a CSV file from `file.rs`.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, Axis};
use serde::{Deserialize, Serialize};

use super::rng::Rng;
use super::words::{parse_serde_word, write_serde_word, Vocabulary};

mod classic;
pub mod file;
pub mod inputs;
mod playground;
#[cfg(test)]
mod tests;

use classic::{circles_unscaled, regression, scale_columns_to_unit, spiral};
use playground::{playground_circle, playground_gauss, playground_spiral, playground_xor};

/// Which data set to generate. Written in configs and URLs as its word.
///
/// What [`DataSpec::noise`] means depends on the kind; each variant says. The Playground
/// sets follow `src/dataset.ts` of tensorflow/playground, with its labels +1 / -1 as 1 / 0
/// and its slider's percentage as a fraction; an odd sample count gives the second class
/// one point more (the original would make one point too many).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    /// E1: like scikit-learn's `make_regression`, target unscaled.
    /// `noise` is the standard deviation of the Gaussian added to the target.
    Regression,
    /// E2: like scikit-learn's `make_circles`, min-max scaled to [-1, 1].
    /// `noise` is the standard deviation of the Gaussian added to each coordinate,
    /// in units of the outer radius (1), before scaling.
    TwoCircles,
    /// E3: three interleaved spiral arms (CS231n style), 3 classes.
    /// `noise` is the standard deviation of the Gaussian added to each angle, in radians.
    Spiral,
    /// TensorFlow Playground's "Circle": class 1 inside radius 2.5, class 0 in the ring
    /// 3.5..5. `noise` is the Playground's slider over 100 (0..0.5): each point is
    /// labelled as if it sat `noise`·U(-5, 5) further along each axis, so points near
    /// the boundary may carry the other label; the points themselves do not move.
    PlaygroundCircle,
    /// TensorFlow Playground's "Exclusive or": uniform in [-5, 5]², pushed 0.3 away from
    /// the axes, class 1 where x·y >= 0. `noise` (0..0.5) flips labels near the axes as
    /// for [`DataKind::PlaygroundCircle`].
    PlaygroundXor,
    /// TensorFlow Playground's "Gaussian": two blobs around (2, 2) (class 1) and
    /// (-2, -2) (class 0). `noise` (0..0.5) sets each coordinate's variance,
    /// 0.5 + 7·noise (0.5 at no noise, 4 at 0.5).
    PlaygroundGauss,
    /// TensorFlow Playground's "Spiral": two arms of 1.75 turns out to radius 5, the
    /// second turned by π. `noise` (0..0.5) moves each coordinate by `noise`·U(-1, 1).
    PlaygroundSpiral,
    /// E4: the 8×8 handwritten digits (1 797 real images, 10 classes), pixels scaled to
    /// [0, 1]; `samples` of them, at most all. `noise` is the standard deviation of the
    /// Gaussian added to each scaled pixel.
    Digits,
    /// Rows read from a CSV file ([`file::parse`]); nothing is generated, so a run
    /// needs the rows handed to it. `samples`, `features` and the config's `classes`
    /// say the file's shape; `noise` is not used.
    File,
}

impl fmt::Display for DataKind {
    /// The word configs and URLs use: serde's name ("two-circles").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_serde_word(self, f)
    }
}

impl FromStr for DataKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_serde_word(s)
    }
}

impl Vocabulary for DataKind {
    const MENU: &'static [(Self, &'static str)] = &[
        (DataKind::TwoCircles, "two circles (E2)"),
        (DataKind::Spiral, "3-class spiral (E3)"),
        (DataKind::Regression, "regression (E1)"),
        (DataKind::PlaygroundCircle, "Playground: circle"),
        (DataKind::PlaygroundXor, "Playground: XOR"),
        (DataKind::PlaygroundGauss, "Playground: gaussians"),
        (DataKind::PlaygroundSpiral, "Playground: spiral"),
        (DataKind::Digits, "8×8 digits (E4)"),
        (DataKind::File, "your own data (CSV)"),
    ];
}

/// What the targets mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    Regression,
    /// One 0/1 column.
    Binary,
    /// One-hot columns, this many classes.
    Multiclass(usize),
}

impl Task {
    pub fn outputs(self) -> usize {
        match self {
            Task::Regression | Task::Binary => 1,
            Task::Multiclass(k) => k,
        }
    }
}

/// Everything a generator needs to know.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSpec {
    pub kind: DataKind,
    /// Total number of points (train + test). For `Spiral`, a multiple of 3 is used.
    pub samples: usize,
    /// Noise level, in the generator's own units (see each [`DataKind`] variant).
    pub noise: f64,
    /// Regression only: input dimension and how many inputs carry signal.
    pub features: usize,
    pub informative: usize,
    /// Two circles only: inner radius over outer radius.
    pub factor: f64,
}

/// Inputs (n × features) and targets (n × outputs).
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub x: Array2<f64>,
    pub y: Array2<f64>,
    pub task: Task,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.x.nrows()
    }
    pub fn is_empty(&self) -> bool {
        self.x.nrows() == 0
    }
    pub fn features(&self) -> usize {
        self.x.ncols()
    }
}

/// Generates the data set `spec` describes, in random order.
///
/// Every draw comes from `rng`, in a fixed order, so the same spec and generator state
/// give the same bits on every platform (angles go through `libm`, not `std`). The rows
/// are shuffled last, so [`split`] gives a fair train/test split. Degenerate sizes
/// (0 or 1 samples, fewer than 3 for `Spiral`) give a small or empty set, never a panic.
pub fn generate(spec: &DataSpec, rng: &mut Rng) -> Dataset {
    let ordered = generate_ordered(spec, rng);
    shuffle_rows(&ordered, rng)
}

/// The data set in generation order (class by class), before shuffling.
fn generate_ordered(spec: &DataSpec, rng: &mut Rng) -> Dataset {
    match spec.kind {
        DataKind::Regression => regression(spec, rng).0,
        DataKind::TwoCircles => {
            let mut data = circles_unscaled(spec, rng);
            scale_columns_to_unit(&mut data.x);
            data
        }
        DataKind::Spiral => spiral(spec, rng),
        DataKind::PlaygroundCircle => playground_circle(spec.samples, spec.noise, rng),
        DataKind::PlaygroundXor => playground_xor(spec.samples, spec.noise, rng),
        DataKind::PlaygroundGauss => playground_gauss(spec.samples, spec.noise, rng),
        DataKind::PlaygroundSpiral => playground_spiral(spec.samples, spec.noise, rng),
        DataKind::Digits => super::digits::digits(spec.samples, spec.noise, rng),
        // A file's rows come with the run (`Trainer::with_data`), not from here.
        DataKind::File => Dataset {
            x: Array2::zeros((0, spec.features)),
            y: Array2::zeros((0, 1)),
            task: Task::Regression,
        },
    }
}

/// The same rows in a random order.
pub fn shuffle_rows(data: &Dataset, rng: &mut Rng) -> Dataset {
    let mut order: Vec<usize> = (0..data.len()).collect();
    rng.shuffle(&mut order);
    Dataset {
        x: data.x.select(Axis(0), &order),
        y: data.y.select(Axis(0), &order),
        task: data.task,
    }
}

/// Two-class data from points and labels in generation order (label true is class 1).
fn binary(points: Vec<[f64; 2]>, labels: Vec<bool>) -> Dataset {
    let n = points.len();
    let x = Array2::from_shape_fn((n, 2), |(i, j)| points[i][j]);
    let y = Array2::from_shape_fn((n, 1), |(i, _)| f64::from(u8::from(labels[i])));
    Dataset {
        x,
        y,
        task: Task::Binary,
    }
}

/// The first `train` rows become the training set, the rest the test set.
pub fn split(data: &Dataset, train: usize) -> (Dataset, Dataset) {
    let train = train.min(data.len());
    let take = |lo: usize, hi: usize| Dataset {
        x: data.x.slice(ndarray::s![lo..hi, ..]).to_owned(),
        y: data.y.slice(ndarray::s![lo..hi, ..]).to_owned(),
        task: data.task,
    };
    (take(0, train), take(train, data.len()))
}
