//! The network diagram's numbers: every layer's weights, biases and last-step
//! gradients, each unit's saturation on the training points, and, for data on a
//! plane, each unit's output over that plane (the TensorFlow Playground's
//! thumbnails). Taken with the snapshot, so it draws no random numbers and leaves
//! the run as it was.

use serde::Serialize;

use crate::engine::activation::Activation;
use crate::engine::data::inputs::{self, Input};
use crate::engine::stats::SATURATION;
use crate::engine::trainer::{LayerParams, Run};

/// Thumbnail cells per side.
pub const THUMB: usize = 16;

/// One link as `page_state().diagram` lists it: layers and units from 1, as the
/// diagram, the tooltips and the edit keys (`w.LAYER.FROM.TO`) name them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub layer: usize,
    pub from: usize,
    pub to: usize,
    pub weight: f64,
    pub gradient: f64,
}

/// A unit's output over the input plane: `THUMB` × `THUMB` values, row 0 at the
/// bottom, with the range of its layer so a layer's thumbnails share one scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Thumbnails {
    /// The plane: x and y ranges (the model panel's).
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Per layer, inputs first; per unit, its `THUMB²` values.
    pub images: Vec<Vec<Vec<f64>>>,
    /// Per layer, the largest |value| of its images (at least 1e-9).
    pub scale: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    /// Units per layer, inputs first.
    pub widths: Vec<usize>,
    /// The inputs' names (x1, x2, …).
    pub inputs: Vec<String>,
    /// Every layer's parameters and last-step gradients, input side first.
    pub params: Vec<LayerParams>,
    /// Per layer (hidden and output), per unit: the share of the training points
    /// (at most the snapshot's `MAX_POINTS`) where |f′(z)| < [`SATURATION`]. The
    /// output's softmax has no f′ of its own and counts as 0.
    pub saturation: Vec<Vec<f64>>,
    /// How many training points the saturation counts.
    pub points: usize,
    /// The unit's outputs over the plane, for two inputs.
    pub thumbnails: Option<Thumbnails>,
    /// Steps trained: before the first, every gradient is 0 and means "none yet".
    pub step: u64,
}

impl Diagram {
    /// Whether unit `u` of layer `l` (1-based layer) passes no gradient on any
    /// training point: dead (ReLU) or saturated through (sigmoid, tanh).
    pub fn dead(&self, l: usize, u: usize) -> bool {
        self.points > 0 && self.saturation[l - 1][u] >= 1.0
    }

    /// Every link, layer by layer, as `page_state().diagram.links` lists them.
    pub fn links(&self) -> Vec<Link> {
        let mut out = Vec::new();
        for (l, p) in self.params.iter().enumerate() {
            for from in 0..p.inputs {
                for to in 0..p.outputs {
                    let i = from * p.outputs + to;
                    out.push(Link {
                        layer: l + 1,
                        from: from + 1,
                        to: to + 1,
                        weight: p.w[i],
                        gradient: p.grad_w[i],
                    });
                }
            }
        }
        out
    }

    /// Mean |∂L/∂w| of layer `l` (0-based): what the gradient view's bands say.
    pub fn mean_abs_gradient(&self, l: usize) -> f64 {
        mean_abs(&self.params[l].grad_w)
    }

    /// Mean |w| of layer `l` (0-based).
    pub fn mean_abs_weight(&self, l: usize) -> f64 {
        mean_abs(&self.params[l].w)
    }
}

fn mean_abs(v: &[f64]) -> f64 {
    v.iter().map(|x| x.abs()).sum::<f64>() / v.len().max(1) as f64
}

/// The diagram of `run` now. `pre` holds each layer's pre-activations on
/// `points` training points (the snapshot's); `plane` the model panel's x and y
/// ranges when the data lie on a plane.
pub fn take(
    run: &mut Run,
    pre: &[Vec<f64>],
    points: usize,
    plane: Option<((f64, f64), (f64, f64))>,
) -> Diagram {
    let params = run.layer_params();
    let widths = run.widths();
    let saturation = params
        .iter()
        .zip(pre)
        .map(|(p, z)| unit_saturation(p.activation, z, p.outputs))
        .collect();
    let config = run.config().clone();
    // On a plane the inputs are the chosen features (x₁, x₁², sin x₂, …).
    let features = config.is_planar().then(|| inputs::chosen(&config.inputs));
    let thumbnails = plane
        .zip(features.as_ref())
        .map(|((x, y), f)| thumbnails(run, &params, f, x, y));
    Diagram {
        inputs: match &features {
            Some(f) => f.iter().map(|i| i.label().to_string()).collect(),
            None => (1..=widths[0]).map(|i| format!("x{i}")).collect(),
        },
        widths,
        params,
        saturation,
        points,
        thumbnails,
        step: run.steps(),
    }
}

/// Per unit, the share of rows where |f′(z)| < [`SATURATION`].
fn unit_saturation(act: Activation, z: &[f64], cols: usize) -> Vec<f64> {
    let rows = z.len() / cols.max(1);
    if !act.is_elementwise() || rows == 0 {
        return vec![0.0; cols];
    }
    let mut a = vec![0.0; z.len()];
    act.forward(z, &mut a, cols);
    let mut small = vec![0usize; cols];
    for (zr, ar) in z.chunks_exact(cols).zip(a.chunks_exact(cols)) {
        for (u, (&zi, &ai)) in zr.iter().zip(ar).enumerate() {
            small[u] += usize::from(act.derivative_at(zi, ai).abs() < SATURATION);
        }
    }
    small.iter().map(|&c| c as f64 / rows as f64).collect()
}

/// Every unit's output over a `THUMB` × `THUMB` grid of the plane.
fn thumbnails(
    run: &mut Run,
    params: &[LayerParams],
    features: &[Input],
    x: (f64, f64),
    y: (f64, f64),
) -> Thumbnails {
    let n = THUMB;
    let grid = super::snapshot::plane_grid(x, y, n);
    let pre = run.pre_activations(&grid, n * n);
    // The input units show the features the network is fed, over the same plane.
    let mut outputs = vec![inputs::expand_rows(features, &grid, n * n)];
    for (p, z) in params.iter().zip(&pre) {
        let mut a = vec![0.0; z.len()];
        p.activation.forward(z, &mut a, p.outputs);
        outputs.push(a);
    }
    let mut images = Vec::new();
    let mut scale = Vec::new();
    for values in &outputs {
        let cols = values.len() / (n * n);
        let layer: Vec<Vec<f64>> = (0..cols)
            .map(|u| values.iter().skip(u).step_by(cols).copied().collect())
            .collect();
        let m = values
            .iter()
            .filter(|v| v.is_finite())
            .fold(1e-9f64, |m, v| m.max(v.abs()));
        images.push(layer);
        scale.push(m);
    }
    Thumbnails {
        x,
        y,
        images,
        scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;
    use crate::scenes::network::presets;
    use crate::scenes::network::snapshot;

    fn run(name: &str) -> Run {
        Run::new(&presets::find(name).unwrap().config.validate().unwrap())
    }

    #[test]
    fn deep_tanh_after_one_step_starves_the_middle_layers_not_the_first() {
        // The real maths of E2's deep tanh net after one step, seeds 1–5: the output
        // layer's links get ≥ 10× the mean |∂L/∂w| of the starved middle layers, but
        // the first layer's inputs (x in [−1, 1], unsaturated) keep its gradient
        // within 10× of the output's. The diagram shows this as it is.
        for seed in 1..=5 {
            let mut config = presets::find("e2-deep-tanh").unwrap().config.clone();
            config.seed = seed;
            let mut r = Run::new(&config.validate().unwrap());
            r.step();
            let d = snapshot::take(&mut r).diagram;
            let g: Vec<f64> = (0..d.params.len())
                .map(|l| d.mean_abs_gradient(l))
                .collect();
            let last = g[g.len() - 1];
            let middle = g[1..g.len() - 1]
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min);
            assert!(middle > 0.0 && last >= 10.0 * middle, "seed {seed}: {g:?}");
            assert!(g[0] > middle, "seed {seed}: {g:?}");
        }
        // The listed links are the net's, gradient and weight each.
        let mut r = run("e2-deep-tanh");
        r.step();
        let d = snapshot::take(&mut r).diagram;
        let links = d.links();
        assert_eq!(
            links.len(),
            d.widths.windows(2).map(|w| w[0] * w[1]).sum::<usize>()
        );
        let l = links
            .iter()
            .find(|l| l.layer == 2 && l.from == 3 && l.to == 1)
            .unwrap();
        assert_eq!(l.weight, d.params[1].w[2 * d.params[1].outputs]);
        assert_eq!(l.gradient, d.params[1].grad_w[2 * d.params[1].outputs]);
    }

    #[test]
    fn before_a_step_gradients_are_zero_and_thumbnails_cover_every_unit() {
        let mut r = run("e2-shallow-tanh");
        let d = snapshot::take(&mut r).diagram;
        assert_eq!(d.step, 0);
        assert!(d.params.iter().all(|p| p.grad_w.iter().all(|&g| g == 0.0)));
        let t = d.thumbnails.as_ref().expect("two inputs");
        assert_eq!(t.images.iter().map(Vec::len).collect::<Vec<_>>(), d.widths);
        assert!(t
            .images
            .iter()
            .flatten()
            .all(|im| im.len() == THUMB * THUMB));
        // Input x1 grows along x, x2 along y.
        let x1 = &t.images[0][0];
        assert!(x1[THUMB - 1] > x1[0] && x1[THUMB * (THUMB - 1)] == x1[0]);
        // tanh outputs lie in (−1, 1).
        assert!(t.images[1].iter().flatten().all(|&v| v.abs() < 1.0));
    }

    #[test]
    fn saturation_counts_units_whose_derivative_vanishes_on_every_point() {
        // Rows: z for two ReLU units: the first always negative (dead), the second half.
        let z = [-1.0, 1.0, -2.0, -1.0, -0.5, 2.0, -3.0, -4.0];
        assert_eq!(unit_saturation(Activation::Relu, &z, 2), vec![1.0, 0.5]);
        assert_eq!(unit_saturation(Activation::Softmax, &z, 2), vec![0.0, 0.0]);
        // tanh saturates only far out: |1 − tanh²(z)| < 1e-3 needs |z| > 4.1.
        let s = unit_saturation(Activation::Tanh, &[5.0, 0.0, -5.0, 4.0], 2);
        assert_eq!(s, vec![1.0, 0.0]);
    }

    #[test]
    fn digits_have_no_thumbnails_but_every_link() {
        let mut r = run("e4-digits-sigmoid");
        r.step();
        let d = snapshot::take(&mut r).diagram;
        assert!(d.thumbnails.is_none());
        assert_eq!(d.widths[0], 64);
        assert_eq!(d.inputs.len(), 64);
    }

    #[test]
    fn input_features_are_the_diagrams_inputs_with_their_own_thumbnails() {
        let mut config = presets::find("e2-shallow-tanh").unwrap().config.clone();
        config.inputs = vec![Input::X1, Input::X1Squared, Input::SinX2];
        let mut r = Run::new(&config.validate().unwrap());
        let d = snapshot::take(&mut r).diagram;
        assert_eq!(d.widths[0], 3);
        assert_eq!(d.inputs, ["x₁", "x₁²", "sin x₂"]);
        let t = d.thumbnails.expect("a plane");
        let (x1, sq) = (&t.images[0][0], &t.images[0][1]);
        for (a, b) in x1.iter().zip(sq) {
            assert_eq!(*b, a * a);
        }
    }
}
