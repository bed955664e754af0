//! Seeded generators for the data sets of the experiments.
//!
//! Every generator draws from the [`Rng`] it is given, so a seed fixes the data.
//! Targets are encoded for the loss that uses them: regression as one real column,
//! two-class problems as one 0/1 column, k classes as k one-hot columns.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::rng::Rng;

/// Which data set to generate. Written in configs and URLs as its word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    /// E1: like scikit-learn's `make_regression`, target unscaled.
    Regression,
    /// E2: like scikit-learn's `make_circles`, min-max scaled to [-1, 1].
    TwoCircles,
    /// E3: three interleaved spiral arms (CS231n style), 3 classes.
    Spiral,
    /// TensorFlow Playground's four 2-D sets (two classes).
    PlaygroundCircle,
    PlaygroundXor,
    PlaygroundGauss,
    PlaygroundSpiral,
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
    /// Noise level, in the generator's own units (see each generator).
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
pub fn generate(spec: &DataSpec, rng: &mut Rng) -> Dataset {
    let _ = (spec, rng);
    todo!("data generators")
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
