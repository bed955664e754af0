//! Seeded sequence tasks whose answer depends on inputs far back in the sequence.

use std::fmt;
use std::str::FromStr;

use crate::engine::rng::Rng;

/// A batch: `size` sequences of T steps × n_in, and one target per sequence.
pub type Batch = (Vec<Vec<Vec<f64>>>, Vec<Vec<f64>>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceTask {
    /// The adding problem (Hochreiter & Schmidhuber, 1997, experiment 4), in the form used
    /// by Le, Jaitly & Hinton (2015) and Arjovsky, Shah & Bengio (2016): each step is
    /// (value ~ U(0, 1), marker ∈ {0, 1}); exactly two markers, one uniformly in the first
    /// half of the sequence and one in the second half; the target is the sum of the two
    /// marked values. (H&S put the first marker among the first 10 steps, the second
    /// before T/2, and used values in [−1, 1].) Predicting 1 always gives MSE ≈ 1/6.
    Adding,
    /// Remember the first symbol: each step is a one-hot symbol out of `symbols`, drawn
    /// uniformly; the target is the first step's one-hot vector (regression on MSE).
    FirstSymbol { symbols: usize },
}

impl SequenceTask {
    pub fn n_in(self) -> usize {
        match self {
            SequenceTask::Adding => 2,
            SequenceTask::FirstSymbol { symbols } => symbols,
        }
    }

    pub fn n_out(self) -> usize {
        match self {
            SequenceTask::Adding => 1,
            SequenceTask::FirstSymbol { symbols } => symbols,
        }
    }

    /// `size` sequences of length `steps`.
    pub fn batch(self, rng: &mut Rng, steps: usize, size: usize) -> Batch {
        match self {
            SequenceTask::Adding => adding_batch(rng, steps, size),
            SequenceTask::FirstSymbol { symbols } => first_symbol_batch(rng, steps, size, symbols),
        }
    }
}

impl fmt::Display for SequenceTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SequenceTask::Adding => write!(f, "adding"),
            SequenceTask::FirstSymbol { symbols } => write!(f, "first-symbol:{symbols}"),
        }
    }
}

impl FromStr for SequenceTask {
    type Err = String;
    /// `adding`, `first-symbol:k` (k ≥ 2 symbols, default 4).
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, p) = crate::engine::words::split_word(s)?;
        match name.as_str() {
            "adding" => {
                crate::engine::words::expect_params(&name, &p, 0, 0)?;
                Ok(SequenceTask::Adding)
            }
            "first-symbol" => {
                crate::engine::words::expect_params(&name, &p, 0, 1)?;
                let k = p.first().copied().unwrap_or(4.0);
                if !((2.0..=64.0).contains(&k) && k.fract() == 0.0) {
                    return Err(format!("first-symbol needs 2 to 64 symbols, got {k}"));
                }
                Ok(SequenceTask::FirstSymbol {
                    symbols: k as usize,
                })
            }
            _ => Err(format!("unknown task '{s}' (adding, first-symbol:k)")),
        }
    }
}

/// The adding problem; see [`SequenceTask::Adding`]. Needs `steps` ≥ 2.
pub fn adding_batch(rng: &mut Rng, steps: usize, size: usize) -> Batch {
    assert!(steps >= 2, "the adding problem needs at least 2 steps");
    let half = steps / 2;
    let mut inputs = Vec::with_capacity(size);
    let mut targets = Vec::with_capacity(size);
    for _ in 0..size {
        let mut xs: Vec<Vec<f64>> = (0..steps).map(|_| vec![rng.uniform(), 0.0]).collect();
        let first = rng.below(half);
        let second = half + rng.below(steps - half);
        xs[first][1] = 1.0;
        xs[second][1] = 1.0;
        targets.push(vec![xs[first][0] + xs[second][0]]);
        inputs.push(xs);
    }
    (inputs, targets)
}

/// Remember the first symbol; see [`SequenceTask::FirstSymbol`].
pub fn first_symbol_batch(rng: &mut Rng, steps: usize, size: usize, symbols: usize) -> Batch {
    assert!(steps >= 1 && symbols >= 1);
    let one_hot = |k: usize| {
        let mut v = vec![0.0; symbols];
        v[k] = 1.0;
        v
    };
    let mut inputs = Vec::with_capacity(size);
    let mut targets = Vec::with_capacity(size);
    for _ in 0..size {
        let xs: Vec<Vec<f64>> = (0..steps).map(|_| one_hot(rng.below(symbols))).collect();
        targets.push(xs[0].clone());
        inputs.push(xs);
    }
    (inputs, targets)
}
