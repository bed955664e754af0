//! Tests of the trainer: runs repeat bit for bit, reports count epochs and steps, and
//! a divergence is reported once with the last finite weights kept.

use super::*;
use crate::engine::config::Config;
use crate::engine::settings::Settings;

fn run_epochs(c: &Config, epochs: usize) -> (Vec<StepReport>, Run) {
    let mut run = Run::new(&c.validate().unwrap());
    let mut out = Vec::new();
    while run.epochs_done() < epochs && run.diverged().is_none() {
        out.push(run.step());
    }
    (out, run)
}

#[test]
fn same_config_and_seed_give_identical_runs() {
    let c = Config {
        hidden: vec![8, 8],
        dropout: 0.2,
        batch_norm: true,
        ..Config::default()
    };
    let (a, _) = run_epochs(&c, 3);
    let (b, _) = run_epochs(&c, 3);
    assert_eq!(a, b);
    let (d, _) = run_epochs(&Config { seed: 2, ..c }, 3);
    assert_ne!(a, d);
}

#[test]
fn reports_epochs_and_stats() {
    let c = Config {
        hidden: vec![6, 6],
        ..Config::default()
    };
    let (reports, run) = run_epochs(&c, 2);
    assert_eq!(run.steps_per_epoch(), 16); // 500 / 32, rounded up
    assert_eq!(reports.len(), 32);
    let ends: Vec<_> = reports
        .iter()
        .filter_map(|r| r.epoch_end.as_ref())
        .collect();
    assert_eq!(ends.len(), 2);
    assert_eq!(ends[1].epoch, 2);
    assert!(ends[1].train_accuracy.is_some() && ends[1].test_loss.is_some());
    for r in &reports {
        assert_eq!(r.layers.len(), 3);
        assert!(r
            .layers
            .iter()
            .all(|s| s.grad_norm > 0.0 && s.weight_change > 0.0 && s.update_ratio > 0.0));
    }
}

#[test]
fn divergence_is_reported_once_and_weights_stay_finite() {
    let c = Config {
        data: crate::engine::data::DataKind::Regression,
        hidden: vec![25],
        activation: crate::engine::activation::Activation::Relu,
        init: crate::engine::init::Init::HeUniform,
        lr: 0.5,
        ..Config::default()
    };
    let (reports, mut run) = run_epochs(&c, 5);
    let d = reports
        .last()
        .unwrap()
        .diverged
        .clone()
        .expect("lr 0.5 on an unscaled target diverges");
    assert!(d
        .message()
        .starts_with(&format!("diverged at step {}", d.step)));
    let again = run.step();
    assert_eq!(again.diverged, Some(d.clone()));
    assert_eq!(run.steps(), d.step, "no step is taken after divergence");
    if let Run::F32(t) = &mut run {
        assert!(
            t.net.flat_params().iter().all(|v| v.is_finite()),
            "the last finite weights are kept"
        );
    }
}

#[test]
fn weight_norm_is_the_norm_of_the_weights_after_the_update() {
    let c = Config {
        hidden: vec![6, 4],
        l1: 1e-3,
        ..Config::default()
    };
    let mut run = Run::new(&c.validate().unwrap());
    for _ in 0..5 {
        let r = run.step();
        let now = run.weights();
        assert_eq!(r.layers.len(), now.len());
        for (s, (inputs, outputs, w)) in r.layers.iter().zip(&now) {
            assert_eq!(w.len(), inputs * outputs);
            let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
            assert!((s.weight_norm - norm).abs() <= 1e-12 * norm, "{s:?}");
        }
    }
}
