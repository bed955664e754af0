//! Tests of the data sets: shapes, seeding and shuffling for every kind, then each
//! generator against the distribution it promises.

use std::f64::consts::PI;

use super::*;

use crate::engine::words::assert_vocabulary;

#[test]
fn the_menu_reads_back_without_repeats() {
    assert_vocabulary::<DataKind>();
    for kind in DataKind::values() {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{kind}\""), "the word is serde's");
    }
}

/// Every kind a generator makes (a file's rows come with the run, not from `generate`).
fn generated_kinds() -> Vec<DataKind> {
    let mut kinds = DataKind::values();
    kinds.retain(|&k| k != DataKind::File);
    kinds
}

#[test]
fn a_file_generates_no_rows() {
    let d = make(&spec(DataKind::File, 100, 0.0), 1);
    assert!(d.is_empty());
    assert_eq!(d.features(), 20);
}

/// E1's regression settings and E2's factor; `kind`, `samples` and `noise` as given.
fn spec(kind: DataKind, samples: usize, noise: f64) -> DataSpec {
    DataSpec {
        kind,
        samples,
        noise,
        features: 20,
        informative: 10,
        factor: 0.8,
    }
}

/// The noise the experiments use (Playground: its default slider of 20, i.e. 0.2).
fn usual_noise(kind: DataKind) -> f64 {
    match kind {
        DataKind::Regression | DataKind::TwoCircles => 0.1,
        DataKind::Digits => 0.0,
        _ => 0.2,
    }
}

fn make(spec: &DataSpec, seed: u64) -> Dataset {
    generate(spec, &mut Rng::new(seed))
}

/// The class of each row: the 0/1 target, or the hot column.
fn classes(d: &Dataset) -> Vec<usize> {
    d.y.outer_iter()
        .map(|row| match d.task {
            Task::Binary => row[0] as usize,
            _ => row.iter().position(|&v| v == 1.0).expect("a hot column"),
        })
        .collect()
}

fn counts(d: &Dataset) -> Vec<usize> {
    let mut counts = vec![0; d.task.outputs().max(2)];
    for c in classes(d) {
        counts[c] += 1;
    }
    counts
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn std(v: &[f64]) -> f64 {
    let m = mean(v);
    (v.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / v.len() as f64).sqrt()
}

/// Angle difference wrapped into (-π, π].
fn wrapped(a: f64) -> f64 {
    let a = a.rem_euclid(2.0 * PI);
    if a > PI {
        a - 2.0 * PI
    } else {
        a
    }
}

/// Ordinary least squares through the normal equations, by Gaussian elimination
/// with partial pivoting.
fn least_squares(x: &Array2<f64>, y: &Array2<f64>) -> Vec<f64> {
    let a = x.t().dot(x);
    let b = x.t().dot(&y.column(0));
    let n = b.len();
    let mut m = Array2::zeros((n, n + 1));
    m.slice_mut(ndarray::s![.., ..n]).assign(&a);
    m.column_mut(n).assign(&b);
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| m[[i, col]].abs().total_cmp(&m[[j, col]].abs()))
            .unwrap();
        for k in 0..=n {
            m.swap([col, k], [pivot, k]);
        }
        for row in 0..n {
            if row != col {
                let f = m[[row, col]] / m[[col, col]];
                for k in col..=n {
                    m[[row, k]] -= f * m[[col, k]];
                }
            }
        }
    }
    (0..n).map(|i| m[[i, n]] / m[[i, i]]).collect()
}

#[test]
fn shapes_and_task_per_kind() {
    for kind in generated_kinds() {
        let d = make(&spec(kind, 301, usual_noise(kind)), 1);
        let (rows, cols, task) = match kind {
            DataKind::Regression => (301, 20, Task::Regression),
            DataKind::Spiral => (300, 2, Task::Multiclass(3)),
            DataKind::Digits => (301, 64, Task::Multiclass(10)),
            _ => (301, 2, Task::Binary),
        };
        assert_eq!(d.x.dim(), (rows, cols), "{kind:?}");
        assert_eq!(d.y.dim(), (rows, task.outputs()), "{kind:?}");
        assert_eq!(d.task, task);
        assert_eq!((d.len(), d.features()), (rows, cols));
        assert!(
            d.x.iter().chain(d.y.iter()).all(|v| v.is_finite()),
            "{kind:?}"
        );
        if task != Task::Regression {
            assert!(d.y.iter().all(|&v| v == 0.0 || v == 1.0), "{kind:?}");
        }
    }
}

#[test]
fn tiny_sizes_give_small_sets_without_panicking() {
    for kind in generated_kinds() {
        for samples in 0..5 {
            let d = make(&spec(kind, samples, usual_noise(kind)), 2);
            let rows = if kind == DataKind::Spiral {
                samples / 3 * 3
            } else {
                samples
            };
            assert_eq!(d.len(), rows, "{kind:?} {samples}");
            assert_eq!(d.y.nrows(), rows);
            assert_eq!(d.is_empty(), rows == 0);
            assert!(
                d.x.iter().chain(d.y.iter()).all(|v| v.is_finite()),
                "{kind:?}"
            );
        }
    }
    // One point of two circles: nothing to scale by, so it sits at the centre.
    let one = make(&spec(DataKind::TwoCircles, 1, 0.1), 2);
    assert_eq!(one.x.row(0).to_vec(), vec![0.0, 0.0]);
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    for kind in generated_kinds() {
        let s = spec(kind, 200, usual_noise(kind));
        let a = make(&s, 42);
        assert_eq!(a, make(&s, 42), "{kind:?}");
        let b = make(&s, 43);
        assert_ne!(a.x, b.x, "{kind:?}");
    }
}

#[test]
fn rows_are_a_shuffled_permutation_of_the_generated_set() {
    for kind in generated_kinds() {
        let s = spec(kind, 300, usual_noise(kind));
        let ordered = generate_ordered(&s, &mut Rng::new(9));
        let shuffled = make(&s, 9);
        let key = |d: &Dataset| {
            let mut rows: Vec<Vec<u64>> =
                d.x.outer_iter()
                    .zip(d.y.outer_iter())
                    .map(|(x, y)| x.iter().chain(y.iter()).map(|v| v.to_bits()).collect())
                    .collect();
            rows.sort();
            rows
        };
        assert_eq!(key(&ordered), key(&shuffled), "{kind:?}");
        assert_ne!(ordered.x, shuffled.x, "{kind:?} was not shuffled");
        // Generation order puts the classes one after another; the first half of
        // the shuffled set must hold every class in fair measure.
        if kind != DataKind::Regression {
            let (head, _) = split(&shuffled, 150);
            let k = head.task.outputs().max(2);
            for (class, &c) in counts(&head).iter().enumerate() {
                assert!(c >= 150 / k / 2, "{kind:?} class {class}: {c} of 150");
            }
        }
    }
}

#[test]
fn regression_has_exactly_the_informative_coefficients() {
    let s = DataSpec {
        noise: 0.0,
        ..spec(DataKind::Regression, 200, 0.0)
    };
    let mut chosen = Vec::new();
    for seed in 0..5 {
        let (_, coef) = regression(&s, &mut Rng::new(seed));
        let d = make(&s, seed);
        let fit = least_squares(&d.x, &d.y);
        for (f, c) in fit.iter().zip(&coef) {
            assert!((f - c).abs() < 1e-8, "seed {seed}: fitted {f}, true {c}");
        }
        assert_eq!(fit.iter().filter(|c| c.abs() > 1e-6).count(), 10, "{fit:?}");
        assert!(coef.iter().all(|c| (0.0..100.0).contains(c)));
        let columns: Vec<usize> = (0..20).filter(|&i| coef[i] != 0.0).collect();
        chosen.push(columns);
    }
    // The informative columns are drawn, not always the first ten.
    assert!(chosen.iter().any(|c| *c != (0..10).collect::<Vec<_>>()));
    assert!(chosen.windows(2).any(|w| w[0] != w[1]));
}

#[test]
fn regression_coefficients_survive_e1_noise() {
    let s = spec(DataKind::Regression, 500, 0.1);
    for seed in 0..3 {
        let (_, coef) = regression(&s, &mut Rng::new(seed));
        let fit = least_squares(&make(&s, seed).x, &make(&s, seed).y);
        for (f, c) in fit.iter().zip(&coef) {
            assert!((f - c).abs() < 0.05, "seed {seed}: fitted {f}, true {c}");
            assert_eq!(
                f.abs() > 0.05,
                *c != 0.0,
                "seed {seed}: fitted {f}, true {c}"
            );
        }
    }
}

#[test]
fn regression_clamps_informative_and_handles_no_features() {
    let s = DataSpec {
        features: 3,
        informative: 10,
        ..spec(DataKind::Regression, 50, 0.0)
    };
    let (d, coef) = regression(&s, &mut Rng::new(4));
    assert_eq!(coef.iter().filter(|&&c| c != 0.0).count(), 3);
    assert_eq!(d.x.dim(), (50, 3));
    let s = DataSpec {
        features: 0,
        informative: 0,
        ..spec(DataKind::Regression, 50, 1.0)
    };
    let d = make(&s, 4);
    assert_eq!(d.x.dim(), (50, 0));
    let y: Vec<f64> = d.y.iter().copied().collect();
    assert!(
        (std(&y) - 1.0).abs() < 0.3,
        "pure noise of std 1: {}",
        std(&y)
    );
}

#[test]
fn regression_target_is_unscaled_with_e1_spread() {
    let s = spec(DataKind::Regression, 1000, 0.1);
    let mut spreads = Vec::new();
    for seed in 0..20 {
        let (d, coef) = regression(&s, &mut Rng::new(seed));
        let y: Vec<f64> = d.y.iter().copied().collect();
        let expected = coef.iter().map(|c| c * c).sum::<f64>().sqrt();
        let sd = std(&y);
        assert!(
            (sd / expected - 1.0).abs() < 0.1,
            "seed {seed}: std {sd} vs {expected}"
        );
        assert!((80.0..300.0).contains(&sd), "seed {seed}: std {sd}");
        assert!(mean(&y).abs() < 0.15 * sd, "seed {seed}: mean {}", mean(&y));
        spreads.push(sd);
    }
    // E[Σc²] = 10·100²/3, so the typical spread is a little under √33 333 ≈ 183.
    let typical = mean(&spreads);
    assert!(
        (140.0..220.0).contains(&typical),
        "mean std over seeds {typical}"
    );
}

#[test]
fn two_circles_radii_differ_by_one_minus_factor_before_scaling() {
    for factor in [0.8, 0.5] {
        for (noise, tolerance) in [(0.0, 1e-12), (0.1, 0.02)] {
            let s = DataSpec {
                factor,
                ..spec(DataKind::TwoCircles, 1000, noise)
            };
            let d = circles_unscaled(&s, &mut Rng::new(5));
            let mut radii = [Vec::new(), Vec::new()];
            for (p, c) in d.x.outer_iter().zip(classes(&d)) {
                radii[c].push(p[0].hypot(p[1]));
            }
            let (outer, inner) = (mean(&radii[0]), mean(&radii[1]));
            assert!(
                (outer - inner - (1.0 - factor)).abs() < tolerance,
                "factor {factor} noise {noise}: outer {outer} inner {inner}"
            );
            assert!((outer - 1.0).abs() < tolerance, "outer {outer}");
        }
    }
}

#[test]
fn two_circles_angles_are_evenly_spaced_like_sklearn() {
    let s = DataSpec {
        factor: 0.5,
        ..spec(DataKind::TwoCircles, 8, 0.0)
    };
    let d = circles_unscaled(&s, &mut Rng::new(0));
    let expected = [
        [1.0, 0.0],
        [0.0, 1.0],
        [-1.0, 0.0],
        [0.0, -1.0],
        [0.5, 0.0],
        [0.0, 0.5],
        [-0.5, 0.0],
        [0.0, -0.5],
    ];
    for (row, e) in d.x.outer_iter().zip(expected) {
        assert!(
            (row[0] - e[0]).abs() < 1e-12 && (row[1] - e[1]).abs() < 1e-12,
            "{row}"
        );
    }
    assert_eq!(classes(&d), vec![0, 0, 0, 0, 1, 1, 1, 1]);
}

#[test]
fn two_circles_span_exactly_unit_range_and_are_balanced() {
    for samples in [1000, 1001] {
        let d = make(&spec(DataKind::TwoCircles, samples, 0.1), 6);
        for column in d.x.columns() {
            let lo = column.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert_eq!((lo, hi), (-1.0, 1.0));
        }
        assert_eq!(counts(&d), vec![samples / 2, samples - samples / 2]);
    }
}

#[test]
fn spiral_is_balanced_one_hot_with_evenly_spaced_radii() {
    let d = make(&spec(DataKind::Spiral, 300, 0.2), 7);
    assert_eq!(counts(&d), vec![100, 100, 100]);
    for row in d.y.outer_iter() {
        assert_eq!(row.sum(), 1.0);
        assert_eq!(row.iter().filter(|&&v| v == 1.0).count(), 1);
    }
    for class in 0..3 {
        let mut radii: Vec<f64> =
            d.x.outer_iter()
                .zip(classes(&d))
                .filter(|&(_, c)| c == class)
                .map(|(p, _)| p[0].hypot(p[1]))
                .collect();
        radii.sort_by(f64::total_cmp);
        for (k, r) in radii.iter().enumerate() {
            assert!(
                (r - k as f64 / 99.0).abs() < 1e-12,
                "class {class} point {k}: {r}"
            );
        }
    }
}

#[test]
fn spiral_angles_follow_the_arms_with_the_given_noise() {
    for (noise, seed) in [(0.0, 8), (0.2, 8)] {
        let d = make(&spec(DataKind::Spiral, 600, noise), seed);
        let mut residuals = Vec::new();
        for (p, class) in d.x.outer_iter().zip(classes(&d)) {
            let r = p[0].hypot(p[1]);
            if r == 0.0 {
                continue;
            }
            let k = (r * 199.0).round();
            let theta = 4.0 * class as f64 + 4.0 * k / 199.0;
            residuals.push(wrapped(p[0].atan2(p[1]) - theta));
        }
        assert_eq!(residuals.len(), 597);
        if noise == 0.0 {
            assert!(residuals.iter().all(|e| e.abs() < 1e-9));
        } else {
            let sd = std(&residuals);
            assert!((sd - noise).abs() < 0.03, "angle noise std {sd}");
        }
    }
}

#[test]
fn playground_circle_without_noise_labels_by_radius() {
    let d = make(&spec(DataKind::PlaygroundCircle, 500, 0.0), 10);
    assert_eq!(counts(&d), vec![250, 250]);
    for (p, class) in d.x.outer_iter().zip(classes(&d)) {
        let r = p[0].hypot(p[1]);
        if class == 1 {
            assert!(r < 2.5, "inner point at {r}");
        } else {
            assert!(
                (3.5 - 1e-12..5.0 + 1e-12).contains(&r),
                "outer point at {r}"
            );
        }
    }
}

#[test]
fn playground_circle_noise_moves_labels_not_points() {
    let d = make(&spec(DataKind::PlaygroundCircle, 1000, 0.5), 11);
    let mut flipped = 0;
    for (p, class) in d.x.outer_iter().zip(classes(&d)) {
        let r = p[0].hypot(p[1]);
        assert!(
            r < 2.5 || (3.5 - 1e-12..5.0 + 1e-12).contains(&r),
            "point at {r}"
        );
        if (r < 2.5) != (class == 1) {
            flipped += 1;
        }
    }
    assert!((50..500).contains(&flipped), "{flipped} labels flipped");
    let c = counts(&d);
    assert!(c.iter().all(|&n| n > 250), "{c:?}");
}

#[test]
fn playground_xor_stays_in_range_off_the_axes() {
    for noise in [0.0, 0.5] {
        let d = make(&spec(DataKind::PlaygroundXor, 1000, noise), 12);
        assert!(
            d.x.iter().all(|v| (0.3..=5.3).contains(&v.abs())),
            "noise {noise}"
        );
        let mismatched =
            d.x.outer_iter()
                .zip(classes(&d))
                .filter(|(p, c)| (p[0] * p[1] >= 0.0) != (*c == 1))
                .count();
        if noise == 0.0 {
            assert_eq!(mismatched, 0);
        } else {
            assert!((20..400).contains(&mismatched), "{mismatched} flipped");
        }
        let ones = counts(&d)[1];
        assert!(
            (420..=580).contains(&ones),
            "noise {noise}: {ones} of 1000 in class 1"
        );
    }
}

#[test]
fn playground_gauss_centres_and_variance_follow_noise() {
    for (noise, variance) in [(0.0, 0.5), (0.25, 2.25), (0.5, 4.0)] {
        let d = make(&spec(DataKind::PlaygroundGauss, 2000, noise), 13);
        assert_eq!(counts(&d), vec![1000, 1000]);
        for (class, centre) in [(0, -2.0), (1, 2.0)] {
            for axis in 0..2 {
                let v: Vec<f64> =
                    d.x.outer_iter()
                        .zip(classes(&d))
                        .filter(|&(_, c)| c == class)
                        .map(|(p, _)| p[axis])
                        .collect();
                assert!(
                    (mean(&v) - centre).abs() < 0.2,
                    "noise {noise}: {}",
                    mean(&v)
                );
                let var = std(&v).powi(2);
                assert!(
                    (var / variance - 1.0).abs() < 0.15,
                    "noise {noise}: var {var}"
                );
            }
        }
        if noise == 0.0 {
            assert!(
                d.x.iter().all(|v| v.abs() < 6.0),
                "outside the Playground's view"
            );
        }
    }
}

#[test]
fn playground_spiral_arms_without_noise() {
    let d = make(&spec(DataKind::PlaygroundSpiral, 500, 0.0), 14);
    assert_eq!(counts(&d), vec![250, 250]);
    let mut radii = [Vec::new(), Vec::new()];
    for (p, class) in d.x.outer_iter().zip(classes(&d)) {
        let r = p[0].hypot(p[1]);
        radii[class].push(r);
        if r > 0.0 {
            let turn = if class == 1 { 0.0 } else { PI };
            let t = 1.75 * 2.0 * PI * r / 5.0 + turn;
            let e = wrapped(p[0].atan2(p[1]) - t);
            assert!(e.abs() < 1e-9, "class {class} at r {r}: off by {e}");
        }
    }
    for mut arm in radii {
        arm.sort_by(f64::total_cmp);
        for (i, r) in arm.iter().enumerate() {
            assert!((r - 5.0 * i as f64 / 250.0).abs() < 1e-12);
        }
    }
}

#[test]
fn playground_spiral_noise_stays_within_half_a_unit() {
    let clean = make(&spec(DataKind::PlaygroundSpiral, 500, 0.0), 15);
    let noisy = make(&spec(DataKind::PlaygroundSpiral, 500, 0.5), 15);
    assert_eq!(counts(&noisy), vec![250, 250]);
    assert!(noisy.x.iter().all(|v| v.abs() <= 5.5));
    // Same arms, moved: each noisy point lies within 0.5 per axis of a clean one
    // of its class, and not all of them sit on the arms.
    let mut moved = 0;
    for (p, c) in noisy.x.outer_iter().zip(classes(&noisy)) {
        let nearest = clean
            .x
            .outer_iter()
            .zip(classes(&clean))
            .filter(|&(_, k)| k == c)
            .map(|(q, _)| (p[0] - q[0]).abs().max((p[1] - q[1]).abs()))
            .fold(f64::INFINITY, f64::min);
        assert!(nearest <= 0.5, "{nearest}");
        if nearest > 1e-3 {
            moved += 1;
        }
    }
    assert!(moved > 100, "{moved} points moved");
}

#[test]
fn split_sizes_and_rows() {
    let d = make(&spec(DataKind::TwoCircles, 500, 0.1), 16);
    let (train, test) = split(&d, 300);
    assert_eq!((train.len(), test.len()), (300, 200));
    assert_eq!((train.features(), test.features()), (2, 2));
    assert_eq!((train.task, test.task), (Task::Binary, Task::Binary));
    let x = ndarray::concatenate(Axis(0), &[train.x.view(), test.x.view()]).unwrap();
    let y = ndarray::concatenate(Axis(0), &[train.y.view(), test.y.view()]).unwrap();
    assert_eq!((x, y), (d.x.clone(), d.y.clone()));
    let (all, none) = split(&d, 600);
    assert_eq!((all.len(), none.len()), (500, 0));
    assert!(none.is_empty());
    let (none, all) = split(&d, 0);
    assert_eq!((none.len(), all.len()), (0, 500));
}
