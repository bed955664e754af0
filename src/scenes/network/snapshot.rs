//! The network as it is now, for the panels that show more than history: each
//! hidden layer's pre-activation histogram (the activation panel), each layer's
//! weight histogram (the weights panel) and the model's answers (decision regions
//! for 2-D classification, predicted against actual for regression).
//!
//! Taking a snapshot runs the network in evaluation mode on the training points
//! and on a grid; it draws no random numbers and leaves the run exactly as it
//! was, so a page that redraws every frame trains the same numbers as the
//! command line.

use crate::engine::activation::Activation;
use crate::engine::data::Task;
use crate::engine::trainer::Run;

use super::diagram::{self, Diagram};

/// Pre-activations are binned over [-RANGE, RANGE]; the rest are counted aside.
pub const RANGE: f64 = 6.0;
/// Bins of each histogram.
pub const BINS: usize = 48;
/// Decision-region cells per side.
pub const GRID: usize = 48;
/// At most this many training points feed the histograms and the scatter.
pub const MAX_POINTS: usize = 1000;
/// Bins of each weight histogram: odd, so that one bin is centred on zero and
/// the weights L1 has switched off stand in it as one spike.
pub const WEIGHT_BINS: usize = 41;
/// A weight with |w| below this counts as switched off. L1 with SGD leaves such
/// weights jittering around 0 by about lr·l1 a step rather than at exactly 0.
pub const NEAR_ZERO: f64 = 1e-3;

#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// The bins cover [lo, hi] in equal widths.
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u32>,
    /// Values below `lo` / above `hi`.
    pub below: u32,
    pub above: u32,
    /// NaN or infinite values.
    pub non_finite: u32,
}

impl Histogram {
    pub fn of(values: &[f64], lo: f64, hi: f64, bins: usize) -> Self {
        let mut h = Histogram {
            lo,
            hi,
            counts: vec![0; bins],
            below: 0,
            above: 0,
            non_finite: 0,
        };
        let width = (hi - lo) / bins as f64;
        for &v in values {
            if !v.is_finite() {
                h.non_finite += 1;
            } else if v < lo {
                h.below += 1;
            } else if v > hi {
                h.above += 1;
            } else {
                let b = (((v - lo) / width) as usize).min(bins - 1);
                h.counts[b] += 1;
            }
        }
        h
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum::<u32>() + self.below + self.above + self.non_finite
    }
}

/// The least half-range of a weight histogram: its middle bin, 2m/WEIGHT_BINS
/// wide, then holds every |w| < [`NEAR_ZERO`].
pub fn min_half_range() -> f64 {
    WEIGHT_BINS as f64 * NEAR_ZERO
}

/// One layer's weight matrix, summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerWeights {
    pub inputs: usize,
    pub outputs: usize,
    /// Binned over [−m, m] in [`WEIGHT_BINS`] bins, m = max |w| but at least
    /// [`min_half_range`]: the bins follow the weights, yet the middle bin is
    /// never narrower than ±[`NEAR_ZERO`], so weights L1 has switched off stay
    /// one spike even when the whole layer has shrunk to nearly nothing.
    pub histogram: Histogram,
    /// How many weights have |w| < [`NEAR_ZERO`].
    pub near_zero: u32,
    /// ‖W‖_F, as the history's weight-norm series measures it.
    pub norm: f64,
}

impl LayerWeights {
    /// `w`, the `inputs` × `outputs` weights of one layer, summarised.
    pub fn of(inputs: usize, outputs: usize, w: &[f64]) -> Self {
        let finite = w.iter().filter(|v| v.is_finite());
        let m = finite
            .clone()
            .fold(0.0f64, |m, v| m.max(v.abs()))
            .max(min_half_range());
        LayerWeights {
            inputs,
            outputs,
            histogram: Histogram::of(w, -m, m, WEIGHT_BINS),
            near_zero: finite.filter(|v| v.abs() < NEAR_ZERO).count() as u32,
            norm: w.iter().map(|v| v * v).sum::<f64>().sqrt(),
        }
    }
}

/// What the model view draws.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelView {
    /// Two inputs, a class per point: the winning class and its probability on a
    /// `n` × `n` grid over `x` × `y` (row 0 at the bottom), and the data points.
    Regions {
        x: (f64, f64),
        y: (f64, f64),
        n: usize,
        classes: usize,
        /// Per cell, row-major from the bottom-left: (class, probability).
        cells: Vec<(usize, f64)>,
        /// (x, y, class) of the training points.
        train: Vec<(f64, f64, usize)>,
        /// (x, y, class) of the test points.
        test: Vec<(f64, f64, usize)>,
    },
    /// Regression: (actual, predicted) for the test points (the training points
    /// when there is no test set).
    Regression { pairs: Vec<(f64, f64)> },
    /// Classes of square images (the 8×8 digits): the first test images (the training
    /// images when there is no test set) with their label and the net's answer.
    Images {
        /// Pixels per side.
        side: usize,
        images: Vec<Labelled>,
    },
    /// Nothing sensible to draw (e.g. classification with more than two inputs).
    Unavailable(String),
}

/// One image of [`ModelView::Images`].
#[derive(Clone, Debug, PartialEq)]
pub struct Labelled {
    /// side × side pixels, row by row, as the net sees them.
    pub pixels: Vec<f64>,
    pub label: usize,
    pub predicted: usize,
    /// The net's probability for its answer.
    pub probability: f64,
}

/// Images shown by [`ModelView::Images`].
pub const IMAGES_SHOWN: usize = 32;

#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Steps the run had taken when the snapshot was taken.
    pub step: u64,
    /// The first hidden layer's activation (the one the panel plots with its derivative).
    pub activation: Activation,
    /// Each hidden layer's pre-activations, binned over [-RANGE, RANGE].
    pub layers: Vec<Histogram>,
    /// Every layer's weights (hidden layers and output), input side first.
    pub weights: Vec<LayerWeights>,
    pub model: ModelView,
    /// The network diagram's weights, gradients, saturation and thumbnails.
    pub diagram: Diagram,
}

/// Takes a snapshot of `run` (see the module docs: it changes nothing).
pub fn take(run: &mut Run) -> Snapshot {
    let config = run.config().clone();
    let hidden = config.hidden.len();
    let (x, _, rows) = run.points(true);
    let features = x.len().checked_div(rows).unwrap_or(0);
    let keep = rows.min(MAX_POINTS);
    let pre = run.pre_activations(&x[..keep * features], keep);
    let layers = pre
        .iter()
        .take(hidden)
        .map(|z| Histogram::of(z, -RANGE, RANGE, BINS))
        .collect();
    let model = model_view(run, features);
    let plane = match &model {
        ModelView::Regions { x, y, .. } => Some((*x, *y)),
        _ => None,
    };
    let diagram = diagram::take(run, &pre, keep, plane);
    let weights = run
        .weights()
        .iter()
        .map(|(inputs, outputs, w)| LayerWeights::of(*inputs, *outputs, w))
        .collect();
    Snapshot {
        step: run.steps(),
        activation: config.hidden_activation(0),
        layers,
        weights,
        model,
        diagram,
    }
}

fn model_view(run: &mut Run, features: usize) -> ModelView {
    let task = run.task();
    match task {
        Task::Regression => {
            let (mut x, mut y, mut rows) = run.points(false);
            if rows == 0 {
                (x, y, rows) = run.points(true);
            }
            let rows = rows.min(MAX_POINTS);
            let predicted = run.predict(&x[..rows * features], rows);
            ModelView::Regression {
                pairs: y.iter().take(rows).copied().zip(predicted).collect(),
            }
        }
        Task::Multiclass(classes) if square_side(features).is_some() => {
            let side = square_side(features).unwrap_or(0);
            let (mut x, mut y, mut rows) = run.points(false);
            if rows == 0 {
                (x, y, rows) = run.points(true);
            }
            let rows = rows.min(IMAGES_SHOWN);
            let p = run.predict(&x[..rows * features], rows);
            let images = (0..rows)
                .map(|r| {
                    let out = &p[r * classes..(r + 1) * classes];
                    let predicted = argmax(out);
                    Labelled {
                        pixels: x[r * features..(r + 1) * features].to_vec(),
                        label: argmax(&y[r * classes..(r + 1) * classes]),
                        predicted,
                        probability: out[predicted],
                    }
                })
                .collect();
            ModelView::Images { side, images }
        }
        Task::Binary | Task::Multiclass(_) if features != 2 => {
            ModelView::Unavailable(crate::t!("network.model.two-inputs", features = features))
        }
        Task::Binary | Task::Multiclass(_) => {
            let classes = task.outputs().max(2);
            let label = |y: &[f64]| -> usize {
                if y.len() == 1 {
                    usize::from(y[0] >= 0.5)
                } else {
                    argmax(y)
                }
            };
            let points = |train: bool| -> Vec<(f64, f64, usize)> {
                let (x, y, rows) = run.points(train);
                let out = y.len() / rows.max(1);
                (0..rows.min(MAX_POINTS))
                    .map(|r| (x[2 * r], x[2 * r + 1], label(&y[r * out..(r + 1) * out])))
                    .collect()
            };
            let (train, test) = (points(true), points(false));
            let (xr, yr) = bounds(train.iter().chain(&test));
            let n = GRID;
            let grid = plane_grid(xr, yr, n);
            let p = run.predict(&grid, n * n);
            let out = p.len() / (n * n);
            let cells = p
                .chunks_exact(out)
                .map(|row| {
                    if out == 1 {
                        let c = usize::from(row[0] >= 0.5);
                        (c, if c == 1 { row[0] } else { 1.0 - row[0] })
                    } else {
                        let c = argmax(row);
                        (c, row[c])
                    }
                })
                .collect();
            ModelView::Regions {
                x: xr,
                y: yr,
                n,
                classes,
                cells,
                train,
                test,
            }
        }
    }
}

/// The centres of `n` × `n` cells over the plane x × y, row by row from the
/// bottom, as (x, y) pairs: where the decision map and the thumbnails are computed.
pub fn plane_grid(x: (f64, f64), y: (f64, f64), n: usize) -> Vec<f64> {
    let mut grid = Vec::with_capacity(2 * n * n);
    for j in 0..n {
        let gy = y.0 + (y.1 - y.0) * (j as f64 + 0.5) / n as f64;
        for i in 0..n {
            grid.push(x.0 + (x.1 - x.0) * (i as f64 + 0.5) / n as f64);
            grid.push(gy);
        }
    }
    grid
}

/// The side of a square image of `features` pixels, from 4×4 up.
fn square_side(features: usize) -> Option<usize> {
    let side = (features as f64).sqrt().round() as usize;
    (side >= 4 && side * side == features).then_some(side)
}

fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |b, j| if v[j] > v[b] { j } else { b })
}

/// The points' box, widened by 5% on each side (and never empty).
fn bounds<'a>(points: impl Iterator<Item = &'a (f64, f64, usize)>) -> ((f64, f64), (f64, f64)) {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y, _) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if x0 > x1 {
        return ((-1.0, 1.0), (-1.0, 1.0));
    }
    let pad = |a: f64, b: f64| {
        let m = ((b - a) * 0.05).max(1e-3);
        (a - m, b + m)
    };
    (pad(x0, x1), pad(y0, y1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;
    use crate::scenes::network::presets;

    fn run(name: &str) -> Run {
        Run::new(&presets::find(name).unwrap().config.validate().unwrap())
    }

    #[test]
    fn histogram_counts_everything_once() {
        let h = Histogram::of(
            &[-7.0, -6.0, 0.0, 5.99, 6.0, 9.0, f64::NAN, f64::INFINITY],
            -6.0,
            6.0,
            12,
        );
        assert_eq!((h.below, h.above, h.non_finite), (1, 1, 2));
        assert_eq!(h.counts[0], 1);
        assert_eq!(h.counts[6], 1);
        assert_eq!(h.counts[11], 2);
        assert_eq!(h.total(), 8);
    }

    #[test]
    fn weight_histograms_count_every_weight_and_centre_a_bin_on_zero() {
        let w = [0.0, 0.0, -0.0, 5e-4, -2.0, 2.0, 1.0, 0.3, f64::NAN];
        let s = LayerWeights::of(3, 3, &w);
        let h = &s.histogram;
        assert_eq!((h.lo, h.hi), (-2.0, 2.0));
        assert_eq!(h.counts.len() % 2, 1);
        assert_eq!(h.total() as usize, w.len());
        assert_eq!((h.below, h.above, h.non_finite), (0, 0, 1));
        let middle = h.counts.len() / 2;
        let width = (h.hi - h.lo) / h.counts.len() as f64;
        assert!((h.lo + (middle as f64 + 0.5) * width).abs() < 1e-12);
        assert_eq!(h.counts[middle], 4, "the zeros and 5e-4: {:?}", h.counts);
        assert_eq!((h.counts[0], h.counts[h.counts.len() - 1]), (1, 1));
        assert_eq!(s.near_zero, 4);
        // Weights all within ±2·10⁻³ still spike in the middle rather than
        // spreading over bins as narrow as they are.
        let small = LayerWeights::of(1, 4, &[0.0, 0.0, 9.9e-4, -2e-3]);
        assert_eq!(small.histogram.hi, min_half_range());
        let middle = &small.histogram.counts[WEIGHT_BINS / 2 - 1..=WEIGHT_BINS / 2];
        assert_eq!(middle, [1, 3]);
        assert_eq!(
            (small.near_zero, small.norm),
            (3, (9.9e-4f64.powi(2) + 4e-6).sqrt())
        );
    }

    #[test]
    fn a_snapshot_holds_every_layers_weights_with_the_last_steps_norm() {
        let mut r = run("e2-deep-tanh");
        let mut last = None;
        for _ in 0..5 {
            last = Some(r.step());
        }
        let s = take(&mut r);
        let c = r.config().clone();
        assert_eq!(s.weights.len(), c.hidden.len() + 1);
        assert_eq!(
            (s.weights[0].inputs, s.weights[0].outputs),
            (2, c.hidden[0])
        );
        for (w, stats) in s.weights.iter().zip(&last.unwrap().layers) {
            assert_eq!(w.histogram.total() as usize, w.inputs * w.outputs);
            assert!((w.norm - stats.weight_norm).abs() <= 1e-12 * w.norm);
        }
    }

    #[test]
    fn snapshots_do_not_change_the_run() {
        let (mut a, mut b) = (run("e2-shallow-tanh"), run("e2-shallow-tanh"));
        for _ in 0..40 {
            let _ = take(&mut b);
            assert_eq!(a.step(), b.step());
        }
        assert_eq!(a.evaluate(), b.evaluate());
    }

    #[test]
    fn two_circles_give_regions_over_the_points() {
        let mut r = run("e2-shallow-tanh");
        let s = take(&mut r);
        assert_eq!(s.layers.len(), 1);
        assert_eq!(s.activation, Activation::Tanh);
        let units = r.config().hidden[0] as u32;
        assert_eq!(
            s.layers[0].total(),
            r.points(true).2.min(MAX_POINTS) as u32 * units
        );
        match s.model {
            ModelView::Regions {
                n,
                classes,
                cells,
                train,
                x,
                ..
            } => {
                assert_eq!((n, classes, cells.len()), (GRID, 2, GRID * GRID));
                assert!(cells
                    .iter()
                    .all(|&(c, p)| c < 2 && (0.5..=1.0).contains(&p)));
                assert!(train.iter().all(|p| p.0 > x.0 && p.0 < x.1));
                assert!(train.iter().any(|p| p.2 == 0) && train.iter().any(|p| p.2 == 1));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn spiral_has_three_classes_and_regression_pairs_actual_with_predicted() {
        let s = take(&mut run("e3-relu"));
        assert!(matches!(s.model, ModelView::Regions { classes: 3, .. }));
        let s = take(&mut run("e1-no-clip"));
        match s.model {
            ModelView::Regression { pairs } => {
                assert!(pairs.len() > 100);
                assert!(pairs.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
            }
            other => panic!("{other:?}"),
        }
    }
}
