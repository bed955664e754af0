//! Tests of the products: small cases by hand, then every fast path (AVX2 and the
//! baseline body) bit for bit against the reference loops, on shapes that hit every
//! ragged edge; and an ignored benchmark of the E3 shapes.

use super::drivers::baseline;
use super::*;
use crate::engine::rng::Rng;

#[test]
fn small_products_by_hand() {
    // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
    let a = [1.0, 2.0, 3.0, 4.0];
    let b = [5.0, 6.0, 7.0, 8.0];
    let mut c = [0.0f64; 4];
    matmul(&a, &b, &mut c, 2, 2, 2, false);
    assert_eq!(c, [19.0, 22.0, 43.0, 50.0]);
    // aᵀ · b = [1 3; 2 4] · [5 6; 7 8] = [26 30; 38 44]
    matmul_tn(&a, &b, &mut c, 2, 2, 2, false);
    assert_eq!(c, [26.0, 30.0, 38.0, 44.0]);
    matmul_tn(&a, &b, &mut c, 2, 2, 2, true);
    assert_eq!(c, [52.0, 60.0, 76.0, 88.0]);
    let mut t = [0.0; 6];
    transpose(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &mut t, 2, 3);
    assert_eq!(t, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
}

/// Values whose sums depend on the order of additions: mixed signs and magnitudes
/// from 2^-20 to 2^20, so partial sums cancel and round differently when reordered.
fn mixed<T: Real>(rng: &mut Rng, len: usize) -> Vec<T> {
    (0..len)
        .map(|_| {
            let mag = (rng.uniform_in(-20.0, 20.0)).exp2();
            let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            T::from_f64(sign * mag * rng.uniform_in(1.0, 2.0))
        })
        .collect()
}

fn same_bits<T: Real>(got: &[T], want: &[T]) -> bool {
    got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(g, w)| g.to_f64().to_bits() == w.to_f64().to_bits())
}

const SIZES: [usize; 16] = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 50, 64, 65];

fn check_all_shapes<T: Real>(seed: u64) {
    let mut rng = Rng::new(seed);
    let mut shapes = Vec::new();
    // Every remainder case in each dimension, with the other two drawn at random.
    for &s in &SIZES {
        for _ in 0..3 {
            let pick = |rng: &mut Rng| SIZES[(rng.next_u64() % SIZES.len() as u64) as usize];
            shapes.push((s, pick(&mut rng), pick(&mut rng)));
            shapes.push((pick(&mut rng), s, pick(&mut rng)));
            shapes.push((pick(&mut rng), pick(&mut rng), s));
        }
    }
    // The engine's own shapes (E3: 2-50-50-3 on 300 points; tiny ones from the tests),
    // uniform random shapes in 1..=70, and empty dimensions.
    shapes.extend([
        (300, 2, 50),
        (300, 50, 50),
        (300, 50, 3),
        (300, 3, 50),
        (10, 2, 4),
        (10, 4, 2),
    ]);
    for _ in 0..60 {
        let mut d = || 1 + (rng.next_u64() % 70) as usize;
        shapes.push((d(), d(), d()));
    }
    shapes.extend([(0, 3, 4), (3, 0, 4), (3, 4, 0)]);

    for (m, k, n) in shapes {
        for accumulate in [false, true] {
            // matmul: a m×k, b k×n, c m×n.
            let a = mixed::<T>(&mut rng, m * k);
            let b = mixed::<T>(&mut rng, k * n);
            let c0 = mixed::<T>(&mut rng, m * n);
            let (mut got, mut want) = (c0.clone(), c0.clone());
            matmul(&a, &b, &mut got, m, k, n, accumulate);
            matmul_reference(&a, &b, &mut want, m, k, n, accumulate);
            assert!(
                same_bits(&got, &want),
                "{} matmul {m}×{k}·{k}×{n} accumulate={accumulate}",
                T::NAME
            );
            // matmul_tn: a m×k, b m×n, c k×n.
            let b = mixed::<T>(&mut rng, m * n);
            let c0 = mixed::<T>(&mut rng, k * n);
            let (mut got, mut want) = (c0.clone(), c0.clone());
            matmul_tn(&a, &b, &mut got, m, k, n, accumulate);
            matmul_tn_reference(&a, &b, &mut want, m, k, n, accumulate);
            assert!(
                same_bits(&got, &want),
                "{} matmul_tn ({m}×{k})ᵀ·{m}×{n} accumulate={accumulate}",
                T::NAME
            );
        }
    }
}

#[test]
fn optimized_matches_reference_bit_for_bit_f32() {
    check_all_shapes::<f32>(0x6C61_6232);
}

#[test]
fn optimized_matches_reference_bit_for_bit_f64() {
    check_all_shapes::<f64>(0x6C61_6264);
}

/// The generic (non-AVX2) body is what wasm32 and old x86 CPUs run: it must agree too.
#[test]
fn baseline_body_matches_reference() {
    let mut rng = Rng::new(7);
    for &(m, k, n) in &[(300, 50, 3), (17, 65, 9), (5, 7, 50), (64, 3, 33)] {
        let a = mixed::<f32>(&mut rng, m * k);
        let b = mixed::<f32>(&mut rng, k * n);
        let (mut got, mut want) = (vec![0.0; m * n], vec![0.0; m * n]);
        baseline::run(
            Job {
                x: &a,
                xs: 1,
                xr: k,
                nb: m,
                y: &b,
                ys: n,
                nv: n,
                steps: k,
                crs: n,
                cvs: 1,
            },
            &mut got,
            false,
        );
        matmul_reference(&a, &b, &mut want, m, k, n, false);
        assert!(same_bits(&got, &want), "baseline matmul {m}×{k}·{k}×{n}");
    }
}

/// A reordered sum must be caught: the test data are chosen so that it would be.
#[test]
fn test_data_detect_reordering() {
    let mut rng = Rng::new(11);
    let (m, k, n) = (16, 50, 16);
    let a = mixed::<f32>(&mut rng, m * k);
    let b = mixed::<f32>(&mut rng, k * n);
    let mut want = vec![0.0; m * n];
    matmul_reference(&a, &b, &mut want, m, k, n, false);
    let mut reversed = vec![0.0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            reversed[i * n + j] = (0..k)
                .rev()
                .map(|p| a[i * k + p] * b[p * n + j])
                .fold(0.0, |s, t| s + t);
        }
    }
    assert!(!same_bits(&reversed, &want));
}

/// Reference vs optimized on the E3 shapes. Run with
/// `cargo test --release --lib kernels -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_e3_shapes() {
    use std::hint::black_box;
    use std::time::Instant;

    type Kernel<T> = fn(&[T], &[T], &mut [T], usize, usize, usize, bool);
    fn time<T: Real>(
        f: Kernel<T>,
        a: &[T],
        b: &[T],
        c: &mut [T],
        (m, k, n): (usize, usize, usize),
    ) -> f64 {
        let macs = (m * k * n) as f64;
        let reps = ((2.0e8 / macs) as usize).max(10);
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            for _ in 0..reps {
                f(
                    black_box(a),
                    black_box(b),
                    black_box(&mut *c),
                    m,
                    k,
                    n,
                    false,
                );
            }
            best = best.min(t.elapsed().as_secs_f64() / reps as f64);
        }
        macs / best / 1e9
    }
    fn shapes<T: Real>() {
        let mut rng = Rng::new(3);
        // (name, tn?, m, k, n): the E3 step's products, as layer.rs calls them.
        let list: [(&str, bool, usize, usize, usize); 8] = [
            ("fwd 1   300×2·2×50", false, 300, 2, 50),
            ("fwd 2   300×50·50×50", false, 300, 50, 50),
            ("fwd 3   300×50·50×3", false, 300, 50, 3),
            ("dx 3    300×3·3×50", false, 300, 3, 50),
            ("dx 2    300×50·50×50", false, 300, 50, 50),
            ("dW 1    (300×2)ᵀ·300×50", true, 300, 2, 50),
            ("dW 2    (300×50)ᵀ·300×50", true, 300, 50, 50),
            ("dW 3    (300×50)ᵀ·300×3", true, 300, 50, 3),
        ];
        println!("{}: GMAC/s reference → optimized (ratio)", T::NAME);
        let (mut t_ref, mut t_opt, mut total) = (0.0, 0.0, 0.0);
        for (name, tn, m, k, n) in list {
            let a = mixed::<T>(&mut rng, m * k);
            let b = mixed::<T>(&mut rng, if tn { m * n } else { k * n });
            let mut c = vec![T::ZERO; if tn { k * n } else { m * n }];
            let (r, o) = if tn {
                (
                    time(matmul_tn_reference, &a, &b, &mut c, (m, k, n)),
                    time(matmul_tn, &a, &b, &mut c, (m, k, n)),
                )
            } else {
                (
                    time(matmul_reference, &a, &b, &mut c, (m, k, n)),
                    time(matmul, &a, &b, &mut c, (m, k, n)),
                )
            };
            let macs = (m * k * n) as f64;
            total += macs;
            t_ref += macs / r;
            t_opt += macs / o;
            println!("  {name:28} {r:6.2} → {o:6.2}  ({:.1}×)", o / r);
        }
        println!(
            "  all products of one step   {:6.2} → {:6.2}  ({:.1}×); 50 000 steps: {:.2} s → {:.2} s",
            total / t_ref,
            total / t_opt,
            t_ref / t_opt,
            t_ref * 5e4 / 1e9,
            t_opt * 5e4 / 1e9
        );
    }
    shapes::<f32>();
    shapes::<f64>();
}
