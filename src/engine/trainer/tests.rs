//! Tests of the trainer: runs repeat bit for bit, reports count epochs and steps, and
//! a divergence is reported once with the last finite weights kept.

use super::*;
use crate::engine::config::Config;
use crate::engine::settings::Settings;

fn run_epochs(c: &Config, epochs: usize) -> (Vec<StepReport>, Run) {
    let mut run = Run::new(&c.validate().unwrap());
    let mut out = Vec::new();
    while run.epochs_done() < epochs && run.diverged().is_none() && run.stopped().is_none() {
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

/// The lr of every evaluated epoch, and the epochs' reports.
fn epoch_reports(c: &Config) -> (Vec<EpochReport>, Run) {
    let (steps, run) = run_epochs(c, c.epochs);
    let epochs = steps.into_iter().filter_map(|s| s.epoch_end).collect();
    (epochs, run)
}

fn small() -> Config {
    Config {
        samples: 120,
        epochs: 12,
        optimizer: crate::engine::optim::OptimizerKind::Sgd,
        lr: 0.2,
        ..Config::default()
    }
}

#[test]
fn a_constant_schedule_leaves_runs_bit_identical() {
    // No schedule keys at all, against `schedule=constant` with every other
    // schedule key changed: the same steps, bit for bit, and the lr never moves.
    let plain = Config::from_json(r#"{"samples": 120, "epochs": 6, "hidden": [6, 6]}"#).unwrap();
    let mut keyed = plain.clone();
    for (k, v) in [
        ("schedule", "constant"),
        ("gamma", "0.1"),
        ("step_every", "1"),
        ("min_lr", "0.001"),
        ("plateau_patience", "0"),
        ("plateau_factor", "0.5"),
    ] {
        keyed.set(k, v).unwrap();
    }
    let (a, _) = run_epochs(&plain, 6);
    let (b, run) = run_epochs(&keyed, 6);
    assert_eq!(a, b);
    let lr = plain.lr.to_bits();
    assert!(b.iter().all(|s| s.lr.to_bits() == lr));
    assert!(b
        .iter()
        .filter_map(|s| s.epoch_end.as_ref())
        .all(|e| e.lr.to_bits() == lr));
    assert_eq!(run.lr().to_bits(), lr);
}

#[test]
fn each_schedule_sets_the_lr_of_each_epoch_by_its_formula() {
    use crate::engine::schedule::Schedule;
    let base = small();
    let lr0 = base.lr;
    // γ = 0.5 keeps step and exponential decay exact.
    let step = Config {
        schedule: Schedule::Step,
        step_every: 4,
        gamma: 0.5,
        ..base.clone()
    };
    let (reports, _) = epoch_reports(&step);
    for r in &reports {
        assert_eq!(r.lr, lr0 * 0.5f64.powi(((r.epoch - 1) / 4) as i32), "{r:?}");
    }
    let exp = Config {
        schedule: Schedule::Exponential,
        ..step.clone()
    };
    let (reports, _) = epoch_reports(&exp);
    for r in &reports {
        assert_eq!(r.lr, lr0 * 0.5f64.powi(r.epoch as i32 - 1), "{r:?}");
    }
    let cos = Config {
        schedule: Schedule::Cosine,
        min_lr: 0.01,
        ..base.clone()
    };
    let (reports, _) = epoch_reports(&cos);
    for r in &reports {
        let e = (r.epoch - 1) as f64;
        let want = 0.01 + (lr0 - 0.01) * (1.0 + (std::f64::consts::PI * e / 12.0).cos()) / 2.0;
        assert!((r.lr - want).abs() < 1e-15, "{r:?} vs {want}");
    }
    assert_eq!(reports.len(), 12);
    // The steps train with it: a decayed run differs from a constant one from
    // the epoch its lr first differs (epoch 2 for cosine).
    let (plain, _) = run_epochs(&base, 2);
    let (cosine, _) = run_epochs(&cos, 2);
    let per_epoch = plain.len() / 2;
    assert_eq!(plain[..per_epoch], cosine[..per_epoch]);
    assert_ne!(plain[per_epoch].loss, cosine[per_epoch + 1].loss);
    assert!(cosine[per_epoch..].iter().all(|s| s.lr < lr0));
}

#[test]
fn plateau_cuts_the_lr_when_the_watched_loss_stalls() {
    use crate::engine::schedule::{LrSchedule, Schedule};
    // A large relative threshold makes most epochs count as bad ones.
    let c = Config {
        schedule: Schedule::Plateau,
        plateau_patience: 1,
        plateau_factor: 0.5,
        plateau_threshold: 0.2,
        min_lr: 0.01,
        epochs: 20,
        ..small()
    };
    let (reports, _) = epoch_reports(&c);
    // Replaying the schedule on the test losses the run saw gives its lrs.
    let mut s = LrSchedule::new(c.schedule_spec());
    for r in &reports {
        assert_eq!(r.lr, s.lr(), "epoch {}", r.epoch);
        s.epoch_end(r.epoch, r.test_loss);
    }
    assert!(reports.last().unwrap().lr < c.lr, "the lr was cut");
    assert!(reports.iter().all(|r| r.lr >= c.min_lr));
}

fn stopping(precision: crate::engine::config::Precision) -> Config {
    Config {
        hidden: vec![8, 8],
        batch_norm: true,
        dropout: 0.1,
        early_stop: true,
        patience: 3,
        min_delta: 0.01,
        epochs: 300,
        precision,
        ..small()
    }
}

#[test]
fn early_stopping_stops_after_patience_and_restores_the_best_network_exactly() {
    use crate::engine::config::Precision;
    for precision in [Precision::F32, Precision::F64] {
        let c = stopping(precision);
        let (reports, mut run) = epoch_reports(&c);
        let s = run
            .stopped()
            .cloned()
            .expect("the loss stops improving by 0.01");
        assert!(run.is_finished());
        // Keras's rule: stop when `wait` reaches patience, here 3 evaluations.
        assert_eq!(s.epoch, s.best_epoch + 3, "{s:?}");
        assert_eq!(reports.last().unwrap().epoch, s.epoch);
        let best = reports.iter().find(|r| r.epoch == s.best_epoch).unwrap();
        assert_eq!(Some(s.best_loss), best.test_loss);
        assert_eq!(run.best(), Some(best));
        assert!(s.restored);
        // The network is the best epoch's: evaluation gives its figures exactly.
        let again = run.evaluate();
        assert_eq!(again.test_loss, Some(s.best_loss), "{precision}");
        assert_eq!(
            (again.train_loss, again.train_accuracy, again.test_accuracy),
            (best.train_loss, best.train_accuracy, best.test_accuracy)
        );
        // No step is taken after the stop, and each reports it.
        let steps = run.steps();
        assert_eq!(run.step().stopped, Some(s));
        assert_eq!(run.steps(), steps);
    }
}

#[test]
fn without_restore_the_last_network_stays_and_disabled_never_stops() {
    use crate::engine::config::Precision;
    let c = Config {
        restore_best: false,
        ..stopping(Precision::F64)
    };
    let (reports, mut run) = epoch_reports(&c);
    let s = run.stopped().cloned().unwrap();
    assert!(!s.restored);
    let last = reports.last().unwrap();
    assert_eq!(run.evaluate().test_loss, last.test_loss);

    let off = Config {
        early_stop: false,
        epochs: s.epoch + 5,
        ..c
    };
    let (reports, run) = epoch_reports(&off);
    assert!(run.stopped().is_none());
    assert_eq!(reports.len(), s.epoch + 5);
}

#[test]
fn early_stopping_counts_evaluated_epochs_only() {
    use crate::engine::config::Precision;
    let c = Config {
        eval_every: 2,
        ..stopping(Precision::F64)
    };
    let (_, run) = epoch_reports(&c);
    let s = run.stopped().unwrap();
    assert_eq!(s.epoch, s.best_epoch + 3 * 2, "{s:?}");
}
