//! The checks [`super::Config`]'s validation is made of: ranges, and the rules
//! of a file's shape, the input features and an activation's parameter, each
//! naming the setting at fault.

use super::*;

/// data=file: the shape a file can have (the rows themselves come with the run).
pub(super) fn check_file_shape(c: &Config) -> Result<(), ConfigError> {
    use crate::engine::data::file::{MAX_CLASSES, MAX_INPUTS, MAX_ROWS, MIN_ROWS};
    range_usize("samples", c.samples, MIN_ROWS, MAX_ROWS)?;
    range_usize("features", c.features, 1, MAX_INPUTS)?;
    if c.classes == 1 || c.classes > MAX_CLASSES {
        return Err(ConfigError::new(
            "classes",
            c.classes,
            crate::t!("engine.check.classes", max = MAX_CLASSES),
        ));
    }
    Ok(())
}

pub(super) fn field_name(l: usize) -> &'static str {
    if l == 0 {
        "activation"
    } else {
        "activations"
    }
}

pub(super) fn check_inputs(c: &Config) -> Result<(), ConfigError> {
    if c.inputs.is_empty() {
        return Ok(());
    }
    let word = c
        .inputs
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    if !c.is_planar() {
        let why = match c.data {
            DataKind::Regression => {
                crate::t!("engine.check.inputs-regression", features = c.features)
            }
            d => crate::t!("engine.check.inputs-planar", data = d),
        };
        return Err(ConfigError::new("inputs", word, why));
    }
    let repeated = (1..c.inputs.len()).find(|&k| c.inputs[..k].contains(&c.inputs[k]));
    if let Some(k) = repeated {
        let i = c.inputs[k];
        return Err(ConfigError::new(
            "inputs",
            word,
            crate::t!("engine.check.twice", item = i),
        ));
    }
    Ok(())
}

pub(super) fn check_activation_param(field: &str, a: Activation) -> Result<(), ConfigError> {
    match a {
        Activation::LeakyRelu(x) | Activation::Elu(x)
            if !(x.is_finite() && (0.0..=10.0).contains(&x)) =>
        {
            Err(ConfigError::new(field, a, crate::t!("engine.check.alpha")))
        }
        _ => Ok(()),
    }
}

pub(super) fn task_word(t: Task) -> String {
    match t {
        Task::Regression => crate::t!("engine.task.regression").into(),
        Task::Binary => crate::t!("engine.task.binary").into(),
        Task::Multiclass(k) => crate::tn!("engine.task.classes", k),
    }
}

pub(super) fn range_usize(field: &str, v: usize, lo: usize, hi: usize) -> Result<(), ConfigError> {
    if v < lo || v > hi {
        return Err(ConfigError::new(
            field,
            v,
            crate::t!("engine.range.to", lo = lo, hi = hi),
        ));
    }
    Ok(())
}

pub(super) fn range_f64(field: &str, v: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if !(v.is_finite() && v >= lo && v <= hi) {
        return Err(ConfigError::new(
            field,
            v,
            crate::t!("engine.range.number", lo = lo, hi = hi),
        ));
    }
    Ok(())
}

pub(super) fn widths_word(w: &[usize]) -> String {
    w.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
