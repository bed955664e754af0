//! Tests of input features and the data seed in the trainer: the first layer is as
//! wide as the features chosen, predictions over raw points go through the same
//! features as training, and the data seed moves the data alone.

use super::*;
use crate::engine::config::Config;
use crate::engine::data::DataKind;
use crate::engine::layer::Mode;
use crate::engine::settings::Settings;

fn trainer<T: Real>(c: &Config) -> Trainer<T> {
    Trainer::new(&c.validate().unwrap())
}

fn with_inputs(words: &str) -> Config {
    let mut c = Config::default();
    c.set("inputs", words).unwrap();
    c
}

#[test]
fn the_first_layer_is_as_wide_as_the_features_chosen() {
    for (words, width) in [("", 2), ("x1sq", 1), ("x1,x2,x1sq,x2sq", 4)] {
        let t = trainer::<f32>(&with_inputs(words));
        assert_eq!(t.net.inputs(), width, "{words}");
        assert_eq!(t.weights()[0].0, width, "{words}");
    }
    let all = with_inputs("x1,x2,x1sq,x2sq,x1x2,sin-x1,sin-x2");
    assert_eq!(trainer::<f64>(&all).net.inputs(), 7);
}

#[test]
fn points_stay_raw_and_predicting_them_repeats_the_training_forward_pass() {
    fn check<T: Real>() {
        let c = Config {
            data: DataKind::PlaygroundCircle,
            hidden: vec![3],
            ..with_inputs("x1sq,x2,sin-x1,x1x2")
        };
        let mut t = trainer::<T>(&c);
        for _ in 0..20 {
            t.step();
        }
        let (x, _, rows) = t.points(true);
        assert_eq!(x.len(), 2 * rows, "the points are the raw (x1, x2)");
        // The network's own training table, forward in evaluation mode.
        let table = t.train.x.clone();
        let trained: Vec<f64> = t
            .net
            .forward(&table, rows, &mut Mode::Eval)
            .iter()
            .map(|v| v.to_f64())
            .collect();
        assert_eq!(t.predict(&x, rows), trained);
        // The table is the features of the raw points: x1² first, then x2.
        let (x1, x2) = (x[0], x[1]);
        assert_eq!(table[0].to_f64(), T::from_f64(x1 * x1).to_f64());
        assert_eq!(table[1].to_f64(), T::from_f64(x2).to_f64());
        assert_eq!(t.pre_activations(&x, rows)[0].len(), rows * 3);
    }
    check::<f32>();
    check::<f64>();
}

#[test]
fn no_features_keep_the_old_numbers_bit_for_bit() {
    let plain = Config::default();
    let mut a = trainer::<f32>(&plain);
    let mut b = trainer::<f32>(&Config {
        data_seed: 0,
        ..plain.clone()
    });
    let mut steps = Vec::new();
    for _ in 0..10 {
        let s = a.step();
        assert_eq!(s, b.step());
        steps.push(s);
    }
    // The raw columns named outright are the same inputs: the same run.
    let mut named = trainer::<f32>(&with_inputs("x1,x2"));
    for s in &steps {
        assert!(&named.step() == s);
    }
}

#[test]
fn data_seed_draws_other_data_and_leaves_the_init_alone() {
    let base = Config::default();
    let old = trainer::<f64>(&base);
    // 0 is the run's seed: the same data as before.
    let same = trainer::<f64>(&Config {
        data_seed: base.seed,
        ..base.clone()
    });
    assert!(old.points(true) == same.points(true));
    let other = trainer::<f64>(&Config {
        data_seed: 7,
        ..base.clone()
    });
    assert!(old.points(true).0 != other.points(true).0);
    assert!(
        old.weights() == other.weights(),
        "the init follows seed alone"
    );
    // And the run's seed moves the init but, with a data seed set, not the data.
    let reseeded = trainer::<f64>(&Config {
        data_seed: 7,
        seed: 2,
        ..base
    });
    assert!(other.points(true) == reseeded.points(true));
    assert!(other.weights() != reseeded.weights());
}
