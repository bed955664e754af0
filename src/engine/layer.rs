//! One fully connected layer: z = BN(x·W + b) (batch norm optional), a = f(z),
//! then inverted dropout in training.
//!
//! Shapes are row-major: x is rows × inputs (one example per row), W is
//! inputs × outputs, z and a are rows × outputs. The forward pass keeps what the
//! backward pass needs; `backward` overwrites (never accumulates) the gradients, so
//! there is no separate zero_grad.

use ndarray::{Array1, Array2};

use super::activation::Activation;
use super::init::Init;
use super::kernels::{matmul, matmul_tn, transpose};
use super::real::Real;
use super::rng::Rng;

/// Training or evaluation. Training draws dropout masks from the given generator
/// and normalizes with batch statistics.
pub enum Mode<'a> {
    Train(&'a mut Rng),
    Eval,
}

impl Mode<'_> {
    pub fn is_train(&self) -> bool {
        matches!(self, Mode::Train(_))
    }
}

/// What arrives from above in the backward pass.
pub enum Upstream<'a, T> {
    /// ∂L/∂a, the gradient with respect to this layer's output.
    Output(&'a [T]),
    /// ∂L/∂z, already through the activation (the output layer, from the fused loss).
    PreActivation(&'a [T]),
}

/// How to build a layer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerSpec {
    pub inputs: usize,
    pub outputs: usize,
    pub activation: Activation,
    pub init: Init,
    pub batch_norm: bool,
    /// Probability of dropping each output in training (0 = no dropout).
    pub dropout: f64,
}

#[derive(Clone, Debug)]
pub struct Dense<T: Real> {
    pub inputs: usize,
    pub outputs: usize,
    pub w: Array2<T>,
    pub b: Array1<T>,
    /// ∂L/∂W and ∂L/∂b for the last batch.
    pub grad_w: Array2<T>,
    pub grad_b: Array1<T>,
    pub activation: Activation,
    pub batch_norm: Option<BatchNorm<T>>,
    pub dropout: f64,
    rows: usize,
    /// x·W + b, kept only when batch norm follows.
    lin: Vec<T>,
    /// Pre-activation: what the activation function sees.
    z: Vec<T>,
    /// f(z).
    act: Vec<T>,
    /// f(z) ⊙ mask, when dropout acted on this batch.
    out: Vec<T>,
    /// 0 or 1/(1 − p) per element: inverted dropout keeps the expected output.
    mask: Vec<T>,
    dropped: bool,
    /// ∂L/∂(x·W + b) from the last backward pass.
    delta: Vec<T>,
    /// Wᵀ, refreshed in each backward pass.
    wt: Vec<T>,
}

impl<T: Real> Dense<T> {
    pub fn new(spec: &LayerSpec, rng: &mut Rng) -> Self {
        let w = spec.init.weights::<T>(spec.inputs, spec.outputs, rng);
        Dense {
            inputs: spec.inputs,
            outputs: spec.outputs,
            w: Array2::from_shape_vec((spec.inputs, spec.outputs), w).expect("shape"),
            b: Array1::from_elem(spec.outputs, T::ZERO),
            grad_w: Array2::from_elem((spec.inputs, spec.outputs), T::ZERO),
            grad_b: Array1::from_elem(spec.outputs, T::ZERO),
            activation: spec.activation,
            batch_norm: spec.batch_norm.then(|| BatchNorm::new(spec.outputs)),
            dropout: spec.dropout,
            rows: 0,
            lin: Vec::new(),
            z: Vec::new(),
            act: Vec::new(),
            out: Vec::new(),
            mask: Vec::new(),
            dropped: false,
            delta: Vec::new(),
            wt: vec![T::ZERO; spec.inputs * spec.outputs],
        }
    }

    /// Sizes the buffers for `rows` examples; resizing to the same length costs
    /// nothing, and batch norm or dropout switched on mid-run get theirs here.
    fn resize(&mut self, rows: usize) {
        let n = rows * self.outputs;
        self.rows = rows;
        for buf in [&mut self.z, &mut self.act, &mut self.delta] {
            buf.resize(n, T::ZERO);
        }
        if self.batch_norm.is_some() {
            self.lin.resize(n, T::ZERO);
        }
        if self.dropout > 0.0 {
            self.out.resize(n, T::ZERO);
            self.mask.resize(n, T::ZERO);
        }
    }

    /// Forward pass for `rows` examples in `x` (rows × inputs).
    pub fn forward(&mut self, x: &[T], rows: usize, mode: &mut Mode) {
        self.resize(rows);
        let (k, n) = (self.inputs, self.outputs);
        let w = self.w.as_slice().expect("standard layout");
        let b = self.b.as_slice().expect("standard layout");
        let target = if self.batch_norm.is_some() {
            &mut self.lin
        } else {
            &mut self.z
        };
        matmul(x, w, target, rows, k, n, false);
        for row in target.chunks_exact_mut(n) {
            for (v, &bj) in row.iter_mut().zip(b) {
                *v += bj;
            }
        }
        if let Some(bn) = &mut self.batch_norm {
            bn.forward(&self.lin, &mut self.z, rows, n, mode.is_train());
        }
        self.activation.forward(&self.z, &mut self.act, n);
        self.dropped = false;
        if let Mode::Train(rng) = mode {
            if self.dropout > 0.0 {
                let keep = T::from_f64(1.0 / (1.0 - self.dropout));
                for ((m, o), &a) in self.mask.iter_mut().zip(self.out.iter_mut()).zip(&self.act) {
                    *m = if rng.uniform() < self.dropout {
                        T::ZERO
                    } else {
                        keep
                    };
                    *o = a * *m;
                }
                self.dropped = true;
            }
        }
    }

    /// This layer's output for the last forward pass (rows × outputs).
    pub fn output(&self) -> &[T] {
        if self.dropped {
            &self.out
        } else {
            &self.act
        }
    }

    /// The pre-activation z of the last forward pass (rows × outputs).
    pub fn pre_activation(&self) -> &[T] {
        &self.z
    }

    /// f(z) before dropout.
    pub fn activation_value(&self) -> &[T] {
        &self.act
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Backward pass. `x` is the input the forward pass saw; writes ∂L/∂W, ∂L/∂b (and
    /// batch norm's ∂L/∂γ, ∂L/∂β) and, if `d_input` is given, ∂L/∂x into it.
    pub fn backward(&mut self, x: &[T], upstream: Upstream<T>, d_input: Option<&mut [T]>) {
        let (rows, k, n) = (self.rows, self.inputs, self.outputs);
        match upstream {
            Upstream::PreActivation(dz) => self.delta.copy_from_slice(dz),
            Upstream::Output(da) => {
                if self.dropped {
                    for ((d, &g), &m) in self.delta.iter_mut().zip(da).zip(&self.mask) {
                        *d = g * m;
                    }
                } else {
                    self.delta.copy_from_slice(da);
                }
                self.activation
                    .backward_in_place(&self.z, &self.act, &mut self.delta);
            }
        }
        if let Some(bn) = &mut self.batch_norm {
            bn.backward(&mut self.delta, rows, n);
        }
        matmul_tn(
            x,
            &self.delta,
            self.grad_w.as_slice_mut().expect("layout"),
            rows,
            k,
            n,
            false,
        );
        let gb = self.grad_b.as_slice_mut().expect("layout");
        gb.fill(T::ZERO);
        for row in self.delta.chunks_exact(n) {
            for (g, &d) in gb.iter_mut().zip(row) {
                *g += d;
            }
        }
        if let Some(dx) = d_input {
            transpose(self.w.as_slice().expect("layout"), &mut self.wt, k, n);
            matmul(&self.delta, &self.wt, dx, rows, n, k, false);
        }
    }

    /// ∂L/∂(x·W + b) from the last backward pass (rows × outputs).
    pub fn delta(&self) -> &[T] {
        &self.delta
    }

    /// Visits (parameter, gradient) pairs: W, b, then γ, β with batch norm.
    pub fn visit_params(&mut self, mut f: impl FnMut(ParamKind, &mut [T], &[T])) {
        f(
            ParamKind::Weight,
            self.w.as_slice_mut().expect("layout"),
            self.grad_w.as_slice().expect("layout"),
        );
        f(
            ParamKind::Bias,
            self.b.as_slice_mut().expect("layout"),
            self.grad_b.as_slice().expect("layout"),
        );
        if let Some(bn) = &mut self.batch_norm {
            f(
                ParamKind::Gamma,
                bn.gamma.as_slice_mut().expect("layout"),
                bn.grad_gamma.as_slice().expect("layout"),
            );
            f(
                ParamKind::Beta,
                bn.beta.as_slice_mut().expect("layout"),
                bn.grad_beta.as_slice().expect("layout"),
            );
        }
    }

    /// Visits the gradients only, mutably (for clipping and penalties).
    pub fn visit_grads(&mut self, mut f: impl FnMut(ParamKind, &[T], &mut [T])) {
        f(
            ParamKind::Weight,
            self.w.as_slice().expect("layout"),
            self.grad_w.as_slice_mut().expect("layout"),
        );
        f(
            ParamKind::Bias,
            self.b.as_slice().expect("layout"),
            self.grad_b.as_slice_mut().expect("layout"),
        );
        if let Some(bn) = &mut self.batch_norm {
            f(
                ParamKind::Gamma,
                bn.gamma.as_slice().expect("layout"),
                bn.grad_gamma.as_slice_mut().expect("layout"),
            );
            f(
                ParamKind::Beta,
                bn.beta.as_slice().expect("layout"),
                bn.grad_beta.as_slice_mut().expect("layout"),
            );
        }
    }

    pub fn param_count(&self) -> usize {
        self.w.len() + self.b.len() + self.batch_norm.as_ref().map_or(0, |bn| 2 * bn.gamma.len())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Weight,
    Bias,
    Gamma,
    Beta,
}

/// Batch normalization (Ioffe & Szegedy, 2015) over each output unit.
///
/// Training normalizes with the batch's mean and (biased) variance and updates the
/// running averages; evaluation uses the running averages. Keras's defaults:
/// momentum 0.99, ε = 1e-3.
#[derive(Clone, Debug)]
pub struct BatchNorm<T: Real> {
    pub gamma: Array1<T>,
    pub beta: Array1<T>,
    pub grad_gamma: Array1<T>,
    pub grad_beta: Array1<T>,
    pub running_mean: Vec<T>,
    pub running_var: Vec<T>,
    pub momentum: f64,
    pub epsilon: f64,
    x_hat: Vec<T>,
    inv_std: Vec<T>,
    mean: Vec<T>,
}

impl<T: Real> BatchNorm<T> {
    pub fn new(units: usize) -> Self {
        BatchNorm {
            gamma: Array1::from_elem(units, T::ONE),
            beta: Array1::from_elem(units, T::ZERO),
            grad_gamma: Array1::from_elem(units, T::ZERO),
            grad_beta: Array1::from_elem(units, T::ZERO),
            running_mean: vec![T::ZERO; units],
            running_var: vec![T::ONE; units],
            momentum: 0.99,
            epsilon: 1e-3,
            x_hat: Vec::new(),
            inv_std: vec![T::ZERO; units],
            mean: vec![T::ZERO; units],
        }
    }

    pub fn forward(&mut self, u: &[T], z: &mut [T], rows: usize, cols: usize, training: bool) {
        self.x_hat.resize(rows * cols, T::ZERO);
        let eps = T::from_f64(self.epsilon);
        if training {
            let inv_rows = T::ONE / T::from_usize(rows.max(1));
            self.mean.fill(T::ZERO);
            for row in u.chunks_exact(cols) {
                for (m, &v) in self.mean.iter_mut().zip(row) {
                    *m += v;
                }
            }
            for m in self.mean.iter_mut() {
                *m *= inv_rows;
            }
            let var = &mut self.inv_std;
            var.fill(T::ZERO);
            for row in u.chunks_exact(cols) {
                for ((vj, &x), &m) in var.iter_mut().zip(row).zip(&self.mean) {
                    let d = x - m;
                    *vj += d * d;
                }
            }
            let mom = T::from_f64(self.momentum);
            for (j, vj) in var.iter_mut().enumerate() {
                let v = *vj * inv_rows;
                self.running_mean[j] = self.running_mean[j] * mom + self.mean[j] * (T::ONE - mom);
                self.running_var[j] = self.running_var[j] * mom + v * (T::ONE - mom);
                *vj = T::ONE / (v + eps).sqrt();
            }
        } else {
            for j in 0..cols {
                self.mean[j] = self.running_mean[j];
                self.inv_std[j] = T::ONE / (self.running_var[j] + eps).sqrt();
            }
        }
        let (g, b) = (
            self.gamma.as_slice().expect("layout"),
            self.beta.as_slice().expect("layout"),
        );
        for ((ur, zr), xr) in u
            .chunks_exact(cols)
            .zip(z.chunks_exact_mut(cols))
            .zip(self.x_hat.chunks_exact_mut(cols))
        {
            for j in 0..cols {
                xr[j] = (ur[j] - self.mean[j]) * self.inv_std[j];
                zr[j] = g[j] * xr[j] + b[j];
            }
        }
    }

    /// Turns ∂L/∂z into ∂L/∂u in place, writing ∂L/∂γ and ∂L/∂β.
    /// ∂L/∂u = γ·σ⁻¹/N · (N·∂z − Σ∂z − x̂·Σ(∂z·x̂)), the batch-statistics form.
    pub fn backward(&mut self, d: &mut [T], rows: usize, cols: usize) {
        let gg = self.grad_gamma.as_slice_mut().expect("layout");
        let gb = self.grad_beta.as_slice_mut().expect("layout");
        gg.fill(T::ZERO);
        gb.fill(T::ZERO);
        for (dr, xr) in d.chunks_exact(cols).zip(self.x_hat.chunks_exact(cols)) {
            for j in 0..cols {
                gg[j] += dr[j] * xr[j];
                gb[j] += dr[j];
            }
        }
        let nf = T::from_usize(rows.max(1));
        let g = self.gamma.as_slice().expect("layout");
        for (dr, xr) in d.chunks_exact_mut(cols).zip(self.x_hat.chunks_exact(cols)) {
            for j in 0..cols {
                dr[j] = g[j] * self.inv_std[j] / nf * (nf * dr[j] - gb[j] - xr[j] * gg[j]);
            }
        }
    }
}
