//! Property tests: any valid config trains without panicking; any invalid value
//! is refused with an error naming its field.

use gradient_lab::engine::activation::Activation;
use gradient_lab::engine::clip::Clip;
use gradient_lab::engine::config::{Config, Precision};
use gradient_lab::engine::data::DataKind;
use gradient_lab::engine::init::Init;
use gradient_lab::engine::optim::OptimizerKind;
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::Run;
use gradient_lab::engine::words::Vocabulary;
use proptest::prelude::*;

/// Any value of a type's menu.
fn any_of<T: Vocabulary>() -> impl Strategy<Value = T> {
    prop::sample::select(T::values())
}

/// Any clip mode, with a threshold from 0.1 to 3 where it takes one.
fn clip() -> impl Strategy<Value = String> {
    (any_of::<Clip>(), 0.1f64..3.0).prop_map(|(c, t)| match c.threshold() {
        None => c.to_string(),
        Some(_) => format!("{}:{t}", c.mode()),
    })
}

fn valid_config() -> impl Strategy<Value = Config> {
    (
        any_of::<DataKind>(),
        prop::collection::vec(1usize..12, 0..5),
        any_of::<Activation>(),
        any_of::<OptimizerKind>(),
        -4.0f64..0.5,
        clip(),
        (
            0usize..70,
            any::<bool>(),
            0.0f64..0.6,
            any_of::<Precision>(),
            any::<u64>(),
        ),
        any_of::<Init>(),
    )
        .prop_map(
            |(
                data,
                hidden,
                act,
                opt,
                log_lr,
                clip,
                (batch, bn, dropout, precision, seed),
                init,
            )| {
                let mut c = Config {
                    samples: 60,
                    epochs: 2,
                    ..Config::default()
                };
                let hidden: Vec<String> = hidden.iter().map(|w| w.to_string()).collect();
                for (k, v) in [
                    ("data", data.to_string()),
                    ("hidden", hidden.join(",")),
                    ("activation", act.to_string()),
                    ("optimizer", opt.to_string()),
                    ("lr", format!("{}", 10f64.powf(log_lr))),
                    ("clip", clip.to_string()),
                    ("batch_size", batch.to_string()),
                    ("batch_norm", bn.to_string()),
                    ("dropout", format!("{dropout}")),
                    ("precision", precision.to_string()),
                    ("seed", seed.to_string()),
                    ("init", init.to_string()),
                ] {
                    c.set(k, &v).unwrap_or_else(|e| panic!("{k}={v}: {e}"));
                }
                c
            },
        )
}

/// 60 rows of two inputs and a 0/1 label, read as a file.
fn file_rows() -> gradient_lab::engine::data::Dataset {
    let text: String = (0..60)
        .map(|i| {
            format!(
                "{},{},{}\n",
                f64::from(i) / 60.0,
                f64::from(i * 7 % 60) / 60.0,
                i % 2
            )
        })
        .collect();
    gradient_lab::engine::data::file::parse(&text).expect("the rows parse")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn valid_configs_train_without_panicking(c in valid_config()) {
        // data=file trains on rows handed over: a small two-class file of its shape.
        let rows = (c.data == DataKind::File).then(file_rows);
        let mut c = c;
        if let Some(r) = &rows {
            (c.features, c.classes, c.samples) = gradient_lab::engine::data::file::shape(r);
        }
        let checked = c.validate().expect("generated configs are valid");
        if rows.is_some() {
            // Without its rows a data=file run is an error, never a panic.
            prop_assert!(Run::with_data(&checked, None).is_err());
        }
        let mut run = Run::with_data(&checked, rows.as_ref()).expect("the rows fit");
        for _ in 0..6 {
            let r = run.step();
            prop_assert_eq!(r.layers.len(), c.hidden.len() + 1);
            if let Some(d) = r.diverged {
                prop_assert!(d.message().starts_with("diverged at step"));
                prop_assert!(run.is_finished());
            }
        }
        let e = run.evaluate();
        prop_assert!(e.train_accuracy.is_some() == (c.data != gradient_lab::engine::data::DataKind::Regression));
    }

    #[test]
    fn invalid_values_are_refused_naming_the_field(
        (key, value) in prop::sample::select(vec![
            ("lr", "0"), ("lr", "-1"), ("lr", "1e9"), ("momentum", "1.5"), ("dropout", "1"),
            ("samples", "1"), ("hidden", "0"), ("hidden", "5,2000"), ("train_fraction", "0"),
            ("epsilon", "0"), ("l2", "-0.1"), ("noise", "-1"), ("factor", "1"), ("beta2", "1"),
        ]),
        extra in 0usize..3,
    ) {
        let mut c = Config { hidden: vec![4; extra], ..Config::default() };
        let err = match c.set(key, value) {
            Err(e) => e,
            Ok(()) => c.validate().expect_err("value must be refused"),
        };
        prop_assert_eq!(err.field.as_str(), key);
        prop_assert!(err.to_string().starts_with(key));
    }

    #[test]
    fn junk_values_for_any_key_give_an_error_naming_it(
        key in prop::sample::select(Config::keys()),
        junk in "[a-z#%]{1,6}",
    ) {
        let mut c = Config::default();
        // Some junk words are meaningful for some keys (e.g. "none" for clip); skip those.
        if let Err(e) = c.set(&key, &junk).and_then(|_| c.validate().map(|_| ())) {
            prop_assert_eq!(e.field, key);
        }
    }
}
