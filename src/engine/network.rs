//! A stack of dense layers: forward, backward, and access to parameters.

use super::layer::{Dense, LayerSpec, Mode, ParamKind, Upstream};
use super::loss::Loss;
use super::real::Real;
use super::rng::Rng;

#[derive(Clone, Debug)]
pub struct Network<T: Real> {
    pub layers: Vec<Dense<T>>,
    /// The batch the last forward pass saw (rows × inputs).
    input: Vec<T>,
    rows: usize,
    /// ∂L/∂z of the output layer, from the loss.
    dz_out: Vec<T>,
    /// ∂L/∂(input of layer l), for l ≥ 1.
    d_inputs: Vec<Vec<T>>,
}

impl<T: Real> Network<T> {
    /// Builds the layers in order, drawing their weights from `rng`.
    pub fn new(specs: &[LayerSpec], rng: &mut Rng) -> Self {
        let layers: Vec<Dense<T>> = specs.iter().map(|s| Dense::new(s, rng)).collect();
        let n = layers.len();
        Network {
            layers,
            input: Vec::new(),
            rows: 0,
            dz_out: Vec::new(),
            d_inputs: vec![Vec::new(); n],
        }
    }

    pub fn inputs(&self) -> usize {
        self.layers[0].inputs
    }

    pub fn outputs(&self) -> usize {
        self.layers.last().expect("at least one layer").outputs
    }

    pub fn param_count(&self) -> usize {
        self.layers.iter().map(|l| l.param_count()).sum()
    }

    /// Runs `rows` examples `x` (rows × inputs) through every layer; returns the
    /// output layer's activation (rows × outputs).
    pub fn forward(&mut self, x: &[T], rows: usize, mode: &mut Mode) -> &[T] {
        self.input.clear();
        self.input.extend_from_slice(x);
        self.rows = rows;
        for l in 0..self.layers.len() {
            let (before, after) = self.layers.split_at_mut(l);
            let input: &[T] = if l == 0 {
                &self.input
            } else {
                before[l - 1].output()
            };
            after[0].forward(input, rows, mode);
        }
        self.output()
    }

    /// The output layer's activation for the last forward pass.
    pub fn output(&self) -> &[T] {
        self.layers.last().expect("layers").output()
    }

    /// The output layer's pre-activation (logits) for the last forward pass.
    pub fn logits(&self) -> &[T] {
        self.layers.last().expect("layers").pre_activation()
    }

    /// The loss of the last forward pass against targets `y`, and its gradient
    /// back through every layer.
    pub fn backward_from_loss(&mut self, loss: Loss, y: &[T]) -> T {
        let last = self.layers.last().expect("layers");
        let cols = last.outputs;
        self.dz_out.resize(self.rows * cols, T::ZERO);
        let value = loss.forward_backward(
            last.activation,
            last.pre_activation(),
            last.output(),
            y,
            cols,
            &mut self.dz_out,
        );
        self.backward();
        value
    }

    /// Back-propagates `self.dz_out` through every layer.
    fn backward(&mut self) {
        let n = self.layers.len();
        for l in (0..n).rev() {
            let (before, after) = self.layers.split_at_mut(l);
            let layer = &mut after[0];
            let input: &[T] = if l == 0 {
                &self.input
            } else {
                before[l - 1].output()
            };
            let (d_lo, d_hi) = self.d_inputs.split_at_mut(l + 1);
            let upstream = if l == n - 1 {
                Upstream::PreActivation(&self.dz_out[..])
            } else {
                Upstream::Output(&d_hi[0][..])
            };
            let d_input = if l > 0 {
                let buf = &mut d_lo[l];
                buf.resize(self.rows * layer.inputs, T::ZERO);
                Some(&mut buf[..])
            } else {
                None
            };
            layer.backward(input, upstream, d_input);
        }
    }

    /// Visits every (parameter, gradient) pair with its layer index.
    pub fn visit_params(&mut self, mut f: impl FnMut(usize, ParamKind, &mut [T], &[T])) {
        for (l, layer) in self.layers.iter_mut().enumerate() {
            layer.visit_params(|kind, p, g| f(l, kind, p, g));
        }
    }

    /// Visits every gradient, mutably, beside its parameter.
    pub fn visit_grads(&mut self, mut f: impl FnMut(usize, ParamKind, &[T], &mut [T])) {
        for (l, layer) in self.layers.iter_mut().enumerate() {
            layer.visit_grads(|kind, p, g| f(l, kind, p, g));
        }
    }

    /// Copies every parameter out, in visiting order (for tests and snapshots).
    pub fn flat_params(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.param_count());
        self.visit_params(|_, _, p, _| out.extend_from_slice(p));
        out
    }

    /// Copies every gradient out, in visiting order.
    pub fn flat_grads(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.param_count());
        self.visit_params(|_, _, _, g| out.extend_from_slice(g));
        out
    }

    /// Overwrites every parameter from `values`, in visiting order.
    pub fn set_flat_params(&mut self, values: &[T]) {
        let mut at = 0;
        self.visit_params(|_, _, p, _| {
            p.copy_from_slice(&values[at..at + p.len()]);
            at += p.len();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::activation::Activation;
    use crate::engine::gradcheck::{assert_gradients_match, numeric_gradient};
    use crate::engine::init::Init;

    fn spec(i: usize, o: usize, act: Activation) -> LayerSpec {
        LayerSpec {
            inputs: i,
            outputs: o,
            activation: act,
            init: Init::GlorotUniform,
            batch_norm: false,
            dropout: 0.0,
        }
    }

    /// Checks ∂L/∂θ for every parameter of `net` against central differences. With
    /// `dropout_seed`, every forward pass draws the same dropout mask.
    fn check_network(
        mut net: Network<f64>,
        loss: Loss,
        rows: usize,
        dropout_seed: Option<u64>,
        what: &str,
    ) {
        let mut rng = Rng::new(100);
        let inputs = net.inputs();
        let outs = net.outputs();
        let x: Vec<f64> = (0..rows * inputs).map(|_| rng.normal()).collect();
        let y: Vec<f64> = match loss {
            Loss::Mse => (0..rows * outs).map(|_| rng.normal()).collect(),
            Loss::BinaryCrossEntropy => (0..rows).map(|_| rng.below(2) as f64).collect(),
            Loss::SoftmaxCrossEntropy => {
                let mut y = vec![0.0; rows * outs];
                for r in 0..rows {
                    y[r * outs + rng.below(outs)] = 1.0;
                }
                y
            }
        };
        let run = |net: &mut Network<f64>| -> f64 {
            match dropout_seed {
                Some(s) => {
                    let mut r = Rng::new(s);
                    net.forward(&x, rows, &mut Mode::Train(&mut r));
                }
                None => {
                    let mut r = Rng::new(0);
                    net.forward(&x, rows, &mut Mode::Train(&mut r));
                }
            }
            net.backward_from_loss(loss, &y)
        };
        run(&mut net);
        let analytic = net.flat_grads();
        let mut params = net.flat_params();
        let mut probe = net.clone();
        let numeric = numeric_gradient(&mut params, 1e-6, |p| {
            probe.set_flat_params(p);
            run(&mut probe)
        });
        assert_gradients_match(what, &analytic, &numeric, 1e-6);
        // Per layer too, so a small layer's error is not hidden by a large one's.
        let mut at = 0;
        for (l, layer) in net.layers.iter().enumerate() {
            let n = layer.param_count();
            assert_gradients_match(
                &format!("{what}, layer {l}"),
                &analytic[at..at + n],
                &numeric[at..at + n],
                1e-6,
            );
            at += n;
        }
    }

    #[test]
    fn deep_network_gradients_match_finite_differences() {
        for (acts, loss, out_act, outs) in [
            (
                vec![Activation::Tanh; 5],
                Loss::BinaryCrossEntropy,
                Activation::Sigmoid,
                1,
            ),
            (
                vec![Activation::Sigmoid, Activation::Sigmoid],
                Loss::SoftmaxCrossEntropy,
                Activation::Softmax,
                3,
            ),
            (
                vec![
                    Activation::Relu,
                    Activation::LeakyRelu(0.1),
                    Activation::Elu(1.0),
                ],
                Loss::Mse,
                Activation::Identity,
                2,
            ),
        ] {
            let mut specs = Vec::new();
            let mut width = 3;
            for (i, &a) in acts.iter().enumerate() {
                let w = 4 + i % 2;
                specs.push(spec(width, w, a));
                width = w;
            }
            specs.push(spec(width, outs, out_act));
            let net = Network::<f64>::new(&specs, &mut Rng::new(3));
            check_network(net, loss, 7, None, &format!("{acts:?} + {loss}"));
        }
    }

    #[test]
    fn dropout_with_fixed_mask_gradients_match() {
        let mut specs = vec![
            spec(3, 6, Activation::Tanh),
            spec(6, 5, Activation::Relu),
            spec(5, 1, Activation::Identity),
        ];
        specs[0].dropout = 0.3;
        specs[1].dropout = 0.5;
        let net = Network::<f64>::new(&specs, &mut Rng::new(4));
        check_network(net, Loss::Mse, 8, Some(77), "dropout");
    }

    #[test]
    fn batch_norm_gradients_match() {
        let mut specs = vec![
            spec(3, 5, Activation::Tanh),
            spec(5, 4, Activation::Sigmoid),
            spec(4, 3, Activation::Softmax),
        ];
        specs[0].batch_norm = true;
        specs[1].batch_norm = true;
        let mut net = Network::<f64>::new(&specs, &mut Rng::new(5));
        // Move γ and β off their initial 1 and 0 so their gradients are exercised fully.
        for layer in net.layers.iter_mut() {
            if let Some(bn) = &mut layer.batch_norm {
                bn.gamma.mapv_inplace(|g| g * 1.3);
                bn.beta.mapv_inplace(|b| b + 0.2);
            }
        }
        check_network(net, Loss::SoftmaxCrossEntropy, 9, None, "batch norm");
    }

    #[test]
    fn dropout_is_inverted_and_off_in_evaluation() {
        let mut s = spec(1, 2000, Activation::Identity);
        s.init = Init::Uniform(1.0, 1.0 + 1e-12);
        s.dropout = 0.25;
        let mut net = Network::<f64>::new(&[s], &mut Rng::new(6));
        let out = net
            .forward(&[1.0], 1, &mut Mode::Train(&mut Rng::new(1)))
            .to_vec();
        let dropped = out.iter().filter(|&&v| v == 0.0).count() as f64 / 2000.0;
        assert!((dropped - 0.25).abs() < 0.04, "dropped {dropped}");
        let mean = out.iter().sum::<f64>() / 2000.0;
        assert!(
            (mean - 1.0).abs() < 0.06,
            "inverted dropout keeps the mean: {mean}"
        );
        let eval = net.forward(&[1.0], 1, &mut Mode::Eval);
        assert!(eval.iter().all(|&v| (v - 1.0).abs() < 1e-9));
    }

    #[test]
    fn batch_norm_uses_running_averages_in_evaluation() {
        let mut s = spec(1, 1, Activation::Identity);
        s.init = Init::Uniform(2.0, 2.0 + 1e-12);
        s.batch_norm = true;
        let mut net = Network::<f64>::new(&[s], &mut Rng::new(7));
        let x = [1.0, 2.0, 3.0, 4.0];
        let train = net
            .forward(&x, 4, &mut Mode::Train(&mut Rng::new(0)))
            .to_vec();
        let mean: f64 = train.iter().sum::<f64>() / 4.0;
        assert!(mean.abs() < 1e-12, "normalized batch has mean 0");
        let bn = net.layers[0].batch_norm.as_ref().unwrap();
        // u = 2x: batch mean 5, biased variance 5; running = 0.99·init + 0.01·batch.
        assert!((bn.running_mean[0] - 0.05).abs() < 1e-9);
        assert!((bn.running_var[0] - (0.99 + 0.05)).abs() < 1e-9);
        let eval = net.forward(&[1.0], 1, &mut Mode::Eval)[0];
        assert!((eval - (2.0 - 0.05) / (1.04f64 + 1e-3).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn dropout_changes_nothing_in_evaluation_and_keeps_the_mean_in_training() {
        // A 3-8-8-2 net with p = 0.5 after each hidden layer, and the same weights
        // without dropout.
        let specs = |p| {
            let mut s = [
                spec(3, 8, Activation::Relu),
                spec(8, 8, Activation::Tanh),
                spec(8, 2, Activation::Identity),
            ];
            s[0].dropout = p;
            s[1].dropout = p;
            s
        };
        let mut with = Network::<f64>::new(&specs(0.5), &mut Rng::new(11));
        let mut without = Network::<f64>::new(&specs(0.0), &mut Rng::new(11));
        let x = [0.3, -1.2, 0.8, 1.5, 0.1, -0.4];
        let eval = without.forward(&x, 2, &mut Mode::Eval).to_vec();
        assert_eq!(
            with.forward(&x, 2, &mut Mode::Eval),
            &eval[..],
            "evaluation drops nothing"
        );
        // Training: the first hidden layer's output, averaged over N masks, against
        // f(z) without dropout. Each draw is 0 or 2·f(z), so its standard deviation
        // is f(z) and the mean's is f(z)/√N; the tolerance is 4 of those (a chance
        // of about 6e-5 per unit of a false alarm).
        let n = 20_000;
        let mut rng = Rng::new(5);
        let mut sum = [0.0; 16];
        for _ in 0..n {
            with.forward(&x, 2, &mut Mode::Train(&mut rng));
            for (s, v) in sum.iter_mut().zip(with.layers[0].output()) {
                *s += v;
            }
        }
        without.forward(&x, 2, &mut Mode::Eval);
        let plain = without.layers[0].output();
        let mut checked = 0;
        for (s, &a) in sum.iter().zip(plain) {
            let mean = s / n as f64;
            let tolerance = 4.0 * a / (n as f64).sqrt();
            assert!(
                (mean - a).abs() <= tolerance.max(1e-15),
                "mean {mean} vs {a} (±{tolerance})"
            );
            checked += usize::from(a > 0.0);
        }
        assert!(checked >= 4, "some units are active: {checked}");
    }
}
