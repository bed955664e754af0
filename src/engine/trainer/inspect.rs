//! What the network diagram reads: every layer's parameters and the gradients of
//! the last step, in f64 whatever the training precision.

use super::Trainer;
use crate::engine::activation::Activation;
use crate::engine::real::Real;

/// One layer's parameters and their gradients.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerParams {
    pub inputs: usize,
    pub outputs: usize,
    pub activation: Activation,
    /// W, inputs × outputs, row-major: `w[from * outputs + to]`.
    pub w: Vec<f64>,
    pub b: Vec<f64>,
    /// ∂L/∂W and ∂L/∂b of the last step as the update used them: penalty included,
    /// after clipping. All zero before the first step.
    pub grad_w: Vec<f64>,
    pub grad_b: Vec<f64>,
}

impl<T: Real> Trainer<T> {
    /// Every layer's parameters, input side first.
    pub fn layer_params(&self) -> Vec<LayerParams> {
        let f64s = |v: &[T]| v.iter().map(|x| x.to_f64()).collect::<Vec<f64>>();
        self.net
            .layers
            .iter()
            .map(|l| LayerParams {
                inputs: l.inputs,
                outputs: l.outputs,
                activation: l.activation,
                w: f64s(l.w.as_slice().expect("layout")),
                b: f64s(l.b.as_slice().expect("layout")),
                grad_w: f64s(l.grad_w.as_slice().expect("layout")),
                grad_b: f64s(l.grad_b.as_slice().expect("layout")),
            })
            .collect()
    }
}
