//! Seeded sequence tasks whose answer depends on inputs far back in the sequence.

use std::fmt;
use std::str::FromStr;

use crate::engine::rng::Rng;
use crate::engine::words::Vocabulary;

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

    /// The loss of the best constant prediction, which needs no memory at all: the
    /// mean target's variance. Adding: Var(U₁ + U₂) = 2/12 = 1/6. First symbol out of
    /// k: each output is Bernoulli(1/k), variance (k − 1)/k², averaged over outputs.
    pub fn baseline_loss(self) -> f64 {
        match self {
            SequenceTask::Adding => 1.0 / 6.0,
            SequenceTask::FirstSymbol { symbols } => {
                let k = symbols as f64;
                (k - 1.0) / (k * k)
            }
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
                    return Err(crate::t!("engine.task.symbols", lo = 2, hi = 64, got = k));
                }
                Ok(SequenceTask::FirstSymbol {
                    symbols: k as usize,
                })
            }
            _ => Err(crate::t!(
                "engine.unknown.task",
                word = s,
                known = "adding, first-symbol:k"
            )),
        }
    }
}

impl Vocabulary for SequenceTask {
    const MENU: &'static [(Self, &'static str)] = &[
        (SequenceTask::Adding, "adding problem"),
        (
            SequenceTask::FirstSymbol { symbols: 4 },
            "remember the first of 4 symbols",
        ),
    ];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<SequenceTask>();
    }

    #[test]
    fn the_baseline_is_the_loss_of_always_predicting_the_mean() {
        for task in [
            SequenceTask::Adding,
            SequenceTask::FirstSymbol { symbols: 3 },
        ] {
            let (_, targets) = task.batch(&mut Rng::new(5), 20, 40_000);
            let outs = task.n_out();
            let mean: Vec<f64> = (0..outs)
                .map(|j| targets.iter().map(|t| t[j]).sum::<f64>() / targets.len() as f64)
                .collect();
            let loss = targets
                .iter()
                .map(|t| (0..outs).map(|j| (t[j] - mean[j]).powi(2)).sum::<f64>() / outs as f64)
                .sum::<f64>()
                / targets.len() as f64;
            let want = task.baseline_loss();
            assert!(
                (loss - want).abs() < 0.02 * want,
                "{task}: {loss} vs {want}"
            );
        }
    }
}
