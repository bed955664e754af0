//! The E6 presets: named [`RnnConfig`]s with a title and a two-line caption, each caption
//! checked against what the run shows (see the tests below and `gradient-lab rnn`).

use crate::engine::clip::Clip;
use crate::engine::optim::OptimizerKind;
use crate::engine::recurrent::cell::CellKind;
use crate::engine::recurrent::config::RnnConfig;
use crate::engine::recurrent::init::RecurrentInit;

#[derive(Clone, Debug, PartialEq)]
pub struct RnnPreset {
    pub name: &'static str,
    pub title: &'static str,
    pub caption: &'static str,
    pub config: RnnConfig,
}

/// Every preset, the default ("e6-vanishing") first.
pub fn all() -> Vec<RnnPreset> {
    let base = RnnConfig::default();
    let exploding = RnnConfig {
        recurrent_init: RecurrentInit::Orthogonal { scale: 3.0 },
        lr: 0.1,
        steps: 20,
        ..base.clone()
    };
    vec![
        RnnPreset {
            name: "e6-vanishing",
            title: "E6 vanishing through time: a vanilla RNN on the adding problem",
            caption: "With a small Gaussian recurrent matrix the gradient reaching h_1 is 1e15 or more below the one at h_50.\nThe loss falls only to about 1/6, what predicting the mean gives: the first marker is out of reach.",
            config: base.clone(),
        },
        RnnPreset {
            name: "e6-exploding",
            title: "E6 exploding through time: a vanilla RNN with recurrent scale 3",
            caption: "Orthogonal U scaled by 3: ‖∂L/∂h_1‖ is 1e5 or more times ‖∂L/∂h_50‖, and ‖g‖ is 1e5 or more.\nUnclipped, SGD steps throw the weights and the loss jumps a hundredfold or more within 20 steps.",
            config: exploding.clone(),
        },
        RnnPreset {
            name: "e6-exploding-clipped",
            title: "E6 exploding, clipped: the same net with the gradient clipped to norm 1",
            caption: "The same huge gradients, but every step is clipped to global norm 1.\nEach step moves the weights by at most lr = 0.1, and the loss stays below 10 instead of jumping.",
            config: RnnConfig {
                clip: Clip::GlobalNorm(1.0),
                ..exploding
            },
        },
        RnnPreset {
            name: "e6-lstm",
            title: "E6 the LSTM's cell state: forget bias 3 keeps the gradient alive",
            caption: "Same task and small recurrent init as e6-vanishing, as an LSTM with forget bias 3.\nThe cell state carries the gradient back: h_1 gets within ~100x of h_50's, not 1e15 below.",
            config: RnnConfig {
                cell: CellKind::Lstm,
                forget_bias: 3.0,
                ..base.clone()
            },
        },
        RnnPreset {
            name: "e6-gru",
            title: "E6 the GRU: gates in between",
            caption: "Same task and small recurrent init as e6-vanishing, as a GRU: its update gate passes part of h_{t-1} on.\nThe gradient still fades through time (1e9 to 1e12 at T = 50), but a millionfold less than the vanilla RNN's.",
            config: RnnConfig {
                cell: CellKind::Gru,
                ..base.clone()
            },
        },
        RnnPreset {
            name: "e6-learning-rnn",
            title: "E6 learning the adding problem: the vanilla RNN with Adam",
            caption: "1 500 Adam steps with clipping at global norm 1, T = 50: the loss settles near 1/6, what predicting the mean gives.\nFor most steps h_1 gets 1e-10 or less of h_50's gradient: compare e6-learning-lstm and e6-learning-gru.",
            config: learning(CellKind::Vanilla),
        },
        RnnPreset {
            name: "e6-learning-lstm",
            title: "E6 learning the adding problem: the LSTM solves it",
            caption: "The same training as an LSTM (forget bias 3): after a plateau near the no-memory loss it drops to a few thousandths.\nWatch the heat map: even before it learns, h_1 gets 1e-6 or more of h_50's gradient, not the vanilla RNN's 1e-20.",
            config: learning(CellKind::Lstm),
        },
        RnnPreset {
            name: "e6-learning-gru",
            title: "E6 learning the adding problem: the GRU solves it",
            caption: "The same training as a GRU: the loss drops below a thousandth within 1 500 steps.\nOnce it has learned, the gradient to the early steps grows: they matter now.",
            config: learning(CellKind::Gru),
        },
    ]
}

/// Adam at lr 0.01 with global-norm clipping 1, long enough for a gated cell to solve
/// the adding problem at T = 50 (its loss falls 100× below the mean predictor's 1/6).
fn learning(cell: CellKind) -> RnnConfig {
    RnnConfig {
        cell,
        forget_bias: 3.0,
        optimizer: OptimizerKind::Adam,
        clip: Clip::GlobalNorm(1.0),
        steps: 1500,
        ..RnnConfig::default()
    }
}

/// The preset of that name.
pub fn find(name: &str) -> Option<RnnPreset> {
    all().into_iter().find(|p| p.name == name.trim())
}

/// The preset names, in order.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::recurrent::trainer::{RnnStepReport, RnnTrainer};
    use crate::engine::settings::Settings;

    fn preset(name: &str) -> RnnConfig {
        let p = find(name).unwrap();
        p.config.validate().unwrap();
        assert_eq!(p.caption.lines().count(), 2, "{name}");
        p.config
    }

    /// The first `steps` reports of the preset with each seed 1..=5.
    fn runs(name: &str, steps: usize) -> Vec<Vec<RnnStepReport>> {
        let c = preset(name);
        (1..=5u64)
            .map(|seed| {
                RnnTrainer::new(&RnnConfig { seed, ..c.clone() })
                    .take(steps)
                    .collect()
            })
            .collect()
    }

    fn first_ratios(name: &str) -> Vec<f64> {
        runs(name, 1).iter().map(|r| r[0].decay_ratio()).collect()
    }

    fn holds(n: usize) -> bool {
        n >= 4
    }

    #[test]
    fn names_are_unique_and_the_default_is_e6_vanishing() {
        let mut n = names();
        assert_eq!(n[0], "e6-vanishing");
        assert_eq!(all()[0].config, RnnConfig::default());
        n.sort_unstable();
        n.dedup();
        assert_eq!(n.len(), all().len());
        assert!(find("e6-nope").is_none());
    }

    #[test]
    fn vanishing_lstm_and_gru_tell_their_story() {
        let rnn = first_ratios("e6-vanishing");
        let lstm = first_ratios("e6-lstm");
        let gru = first_ratios("e6-gru");
        println!("first-step ratios: rnn {rnn:?}, lstm {lstm:?}, gru {gru:?}");
        assert!(holds(rnn.iter().filter(|&&r| r >= 1e15).count()), "{rnn:?}");
        assert!(
            holds(lstm.iter().filter(|&&r| r <= 1e3).count()),
            "{lstm:?}"
        );
        let far = |a: &[f64], by: f64| a.iter().zip(&rnn).filter(|(x, r)| **x * by < **r).count();
        assert!(holds(far(&lstm, 1e12)), "lstm {lstm:?} vs rnn {rnn:?}");
        assert!(
            holds(gru.iter().filter(|&&r| (1e8..=1e13).contains(&r)).count()),
            "{gru:?}"
        );
        assert!(holds(far(&gru, 1e6)), "gru {gru:?} vs rnn {rnn:?}");
    }

    #[test]
    fn the_vanilla_loss_falls_to_about_the_mean_and_no_further() {
        let ends = runs("e6-vanishing", 200)
            .into_iter()
            .filter(|r| {
                let tail: Vec<f64> = r[r.len() - 20..].iter().map(|x| x.loss).collect();
                let mean = tail.iter().sum::<f64>() / tail.len() as f64;
                println!("vanilla mean loss over the last 20 steps: {mean:.4}");
                r.len() == 200 && (0.1..0.3).contains(&mean)
            })
            .count();
        assert!(holds(ends));
    }

    #[test]
    fn exploding_spikes_and_clipping_keeps_it_in_bounds() {
        let spiked = runs("e6-exploding", 20)
            .into_iter()
            .filter(|r| {
                let peak = r.iter().map(|x| x.loss).fold(0.0, f64::max);
                let ratio = r[0].decay_ratio();
                r.last().unwrap().non_finite
                    || (peak >= 100.0 * r[0].loss && r[0].grad_norm >= 1e5 && ratio <= 1e-5)
            })
            .count();
        assert!(holds(spiked));
        let kept = runs("e6-exploding-clipped", 20)
            .into_iter()
            .filter(|r| {
                r.len() == 20
                    && r.iter()
                        .all(|x| !x.non_finite && x.loss < 10.0 && x.clipped)
                    && r[0].grad_norm >= 1e5
            })
            .count();
        assert!(holds(kept));
    }

    #[test]
    fn gated_cells_learn_the_adding_problem_and_the_vanilla_rnn_does_not() {
        let tail_mean = |runs: &[Vec<RnnStepReport>]| -> Vec<f64> {
            runs.iter()
                .map(|r| {
                    assert!(!r.last().unwrap().non_finite, "went non-finite");
                    let tail = &r[r.len() - 100..];
                    tail.iter().map(|x| x.loss).sum::<f64>() / tail.len() as f64
                })
                .collect()
        };
        let gru_runs = runs("e6-learning-gru", usize::MAX);
        let rnn_runs = runs("e6-learning-rnn", usize::MAX);
        let rnn = tail_mean(&rnn_runs);
        let lstm_runs = runs("e6-learning-lstm", usize::MAX);
        let lstm = tail_mean(&lstm_runs);
        let gru = tail_mean(&gru_runs);
        println!(
            "mean loss over the last 100 steps: rnn {rnn:.4?}, lstm {lstm:.4?}, gru {gru:.4?}"
        );
        // 1/6 is the variance of the sum of two U(0, 1) markers: the mean predictor's loss.
        assert!(holds(rnn.iter().filter(|&&l| l > 0.1).count()), "{rnn:?}");
        assert!(
            holds(lstm.iter().filter(|&&l| l < 0.02).count()),
            "{lstm:?}"
        );
        assert!(holds(gru.iter().filter(|&&l| l < 0.02).count()), "{gru:?}");

        let median = |xs: &[RnnStepReport]| {
            let mut v: Vec<f64> = xs.iter().map(|x| 1.0 / x.decay_ratio()).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        // The vanilla caption: for most steps h_1 gets 1e-10 or less of h_T's gradient.
        let typical: Vec<f64> = rnn_runs.iter().map(|r| median(r)).collect();
        println!("rnn median h_1/h_T over the run: {typical:?}");
        assert!(
            holds(typical.iter().filter(|&&m| m <= 1e-10).count()),
            "{typical:?}"
        );

        // The LSTM caption: h_1 never gets less than 1e-6 of h_T's gradient.
        let lowest: Vec<f64> = lstm_runs
            .iter()
            .map(|r| {
                r.iter()
                    .map(|x| 1.0 / x.decay_ratio())
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        println!("lstm lowest h_1/h_T over the run: {lowest:?}");
        assert!(
            holds(lowest.iter().filter(|&&l| l >= 1e-6).count()),
            "{lowest:?}"
        );

        // The GRU caption: once it has learned, the early steps get far more of the
        // gradient (median h_1/h_T over the first and the last 50 steps).
        let grown: Vec<(f64, f64)> = gru_runs
            .iter()
            .map(|r| (median(&r[..50]), median(&r[r.len() - 50..])))
            .collect();
        println!("gru h_1/h_T, first vs last 50 steps: {grown:?}");
        assert!(
            holds(grown.iter().filter(|(a, b)| *b > 1e3 * a).count()),
            "{grown:?}"
        );
    }
}
