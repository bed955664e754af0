//! Editing one weight or bias by hand in the middle of a run: a student clicks a
//! link of the diagram and types a new weight, and the run goes on from the edited
//! net. Written as a mid-run change (`at=STEP:w.2.3.1=0.5`), so a link and the
//! command line's `--at` replay it exactly. Layers and units are counted from 1, as
//! the diagram and the charts name them.

use super::Trainer;
use crate::engine::config::ConfigError;
use crate::engine::real::Real;

/// The largest |value| an edit may set: beyond it the lesson is overflow, which
/// the learning rate already shows.
pub const MAX_EDIT: f64 = 1000.0;

/// Which parameter an edit sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// `w.L.FROM.TO`: the weight of layer L from its input FROM to its unit TO.
    Weight {
        layer: usize,
        from: usize,
        to: usize,
    },
    /// `b.L.UNIT`: the bias of unit UNIT of layer L.
    Bias { layer: usize, unit: usize },
}

impl Edit {
    /// Reads an edit's key; None when `key` is not one (so it is a setting).
    pub fn parse(key: &str) -> Option<Result<Edit, String>> {
        let (kind, rest) = key.split_once('.')?;
        if kind != "w" && kind != "b" {
            return None;
        }
        let parts: Result<Vec<usize>, _> = rest.split('.').map(str::parse::<usize>).collect();
        let want = if kind == "w" { 3 } else { 2 };
        let shape = if kind == "w" {
            "w.LAYER.FROM.TO"
        } else {
            "b.LAYER.UNIT"
        };
        Some(match parts {
            Ok(p) if p.len() == want && p.iter().all(|&i| i >= 1) => Ok(if kind == "w" {
                Edit::Weight {
                    layer: p[0],
                    from: p[1],
                    to: p[2],
                }
            } else {
                Edit::Bias {
                    layer: p[0],
                    unit: p[1],
                }
            }),
            _ => Err(crate::t!("engine.edit.key", key = key, shape = shape)),
        })
    }

    /// The key it is written with.
    pub fn key(&self) -> String {
        match *self {
            Edit::Weight { layer, from, to } => format!("w.{layer}.{from}.{to}"),
            Edit::Bias { layer, unit } => format!("b.{layer}.{unit}"),
        }
    }

    /// The value an edit takes: a finite number within ±[`MAX_EDIT`].
    pub fn value(key: &str, value: &str) -> Result<f64, ConfigError> {
        match value.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= MAX_EDIT => Ok(v),
            _ => Err(ConfigError::new(
                key,
                value,
                crate::t!("engine.edit.value", max = MAX_EDIT),
            )),
        }
    }

    /// Checks the edit against a net of these layer widths (inputs first).
    pub fn check(&self, widths: &[usize]) -> Result<(), String> {
        let layers = widths.len().saturating_sub(1);
        let (layer, from, to) = match *self {
            Edit::Weight { layer, from, to } => (layer, Some(from), to),
            Edit::Bias { layer, unit } => (layer, None, unit),
        };
        if layer > layers {
            return Err(crate::t!(
                "engine.edit.layers",
                key = self.key(),
                layers = layers
            ));
        }
        if let Some(from) = from.filter(|&f| f > widths[layer - 1]) {
            return Err(crate::t!(
                "engine.edit.inputs",
                key = self.key(),
                layer = layer,
                inputs = widths[layer - 1],
                from = from
            ));
        }
        if to > widths[layer] {
            return Err(crate::t!(
                "engine.edit.units",
                key = self.key(),
                layer = layer,
                units = widths[layer],
                to = to
            ));
        }
        Ok(())
    }
}

impl<T: Real> Trainer<T> {
    /// The layer widths, inputs first.
    pub fn widths(&self) -> Vec<usize> {
        let first = self.net.layers.first().map_or(0, |l| l.inputs);
        std::iter::once(first)
            .chain(self.net.layers.iter().map(|l| l.outputs))
            .collect()
    }

    /// Sets one weight or bias; on error nothing changes. The optimizer's state
    /// is kept: the edit moves the point, not the optimizer's memory.
    pub(super) fn edit(&mut self, edit: Edit, key: &str, value: &str) -> Result<(), ConfigError> {
        let v = Edit::value(key, value)?;
        edit.check(&self.widths())
            .map_err(|why| ConfigError::new(key, value, why))?;
        match edit {
            Edit::Weight { layer, from, to } => {
                self.net.layers[layer - 1].w[[from - 1, to - 1]] = T::from_f64(v);
            }
            Edit::Bias { layer, unit } => {
                self.net.layers[layer - 1].b[unit - 1] = T::from_f64(v);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::settings::Settings;
    use crate::engine::trainer::Run;

    #[test]
    fn keys_read_back_and_bad_ones_say_the_shape() {
        for key in ["w.1.2.3", "b.2.4"] {
            assert_eq!(Edit::parse(key).unwrap().unwrap().key(), key);
        }
        assert_eq!(Edit::parse("lr"), None);
        assert_eq!(Edit::parse("batch_norm"), None);
        for bad in ["w.1.2", "w.0.1.1", "b.1", "w.a.1.1", "b.1.2.3"] {
            let e = Edit::parse(bad).unwrap().unwrap_err();
            assert!(e.contains("count from 1"), "{bad}: {e}");
        }
        let widths = [2, 5, 1];
        assert!(Edit::parse("w.3.1.1")
            .unwrap()
            .unwrap()
            .check(&widths)
            .is_err());
        assert!(Edit::parse("w.1.3.1")
            .unwrap()
            .unwrap()
            .check(&widths)
            .is_err());
        assert!(Edit::parse("w.2.5.2")
            .unwrap()
            .unwrap()
            .check(&widths)
            .is_err());
        Edit::parse("w.2.5.1")
            .unwrap()
            .unwrap()
            .check(&widths)
            .unwrap();
        Edit::parse("b.1.5")
            .unwrap()
            .unwrap()
            .check(&widths)
            .unwrap();
        assert!(Edit::value("w.1.1.1", "NaN").is_err());
        assert!(Edit::value("w.1.1.1", "2000").is_err());
        assert_eq!(Edit::value("w.1.1.1", " -1.5").unwrap(), -1.5);
    }

    #[test]
    fn an_edit_sets_that_one_parameter_and_the_run_goes_on_from_it() {
        let config = Config {
            hidden: vec![4],
            epochs: 2,
            ..Config::default()
        }
        .validate()
        .unwrap();
        let mut run = Run::new(&config);
        run.step();
        let before = run.layer_params();
        run.change("w.1.2.3", "0.75").unwrap();
        run.change("b.2.1", "-0.5").unwrap();
        let after = run.layer_params();
        assert_eq!(after[0].w[4 + 2], 0.75_f32 as f64);
        assert_eq!(after[1].b[0], -0.5);
        let changed = |l: usize| -> usize {
            let (a, b) = (&before[l], &after[l]);
            a.w.iter().zip(&b.w).filter(|(x, y)| x != y).count()
                + a.b.iter().zip(&b.b).filter(|(x, y)| x != y).count()
        };
        assert_eq!((changed(0), changed(1)), (1, 1));
        // Out of range or not a number: an error, and nothing moves.
        assert!(run.change("w.1.3.1", "1").is_err());
        assert!(run.change("w.1.1.1", "inf").is_err());
        assert_eq!(run.layer_params(), after);
        let loss = run.step().loss;
        assert!(loss.is_finite());
    }
}
