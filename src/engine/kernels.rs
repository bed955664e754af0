//! Dense matrix products, the hot loops of training.
//!
//! Row-major slices. The order of additions is part of the contract: every output
//! element starts at zero (or its old value when accumulating) and adds its products
//! in increasing order of the summed index, with a separate multiply and add (never
//! fused). Blocked or vectorized versions must keep that order, so they give exactly
//! the same bits as these reference loops on every target, native or WebAssembly.
//!
//! # How the fast versions keep the order
//!
//! Both products are computed by one register-blocked micro-kernel (`tile`): a small
//! block of outputs, R "broadcast" rows × V "vector" lanes (4 × 16 for f32 with AVX2),
//! lives in a local array for the whole summed loop, so LLVM keeps it in SIMD registers.
//! Each step of the summed index adds one product to every output of the block:
//! `acc[r][v] += x[r] * y[v]`. Vectors run only across *independent outputs*, never
//! along the sum, so every output still sees exactly the reference sequence of
//! roundings — whatever the tile size, the vector width or the instruction set. Rust
//! never fuses a multiply and an add into an FMA and never reassociates float sums, so
//! this holds on every target. Long sums are cut into chunks of 64 steps (the outputs
//! are stored and reloaded in between, which rounds nothing) to keep operands in cache.
//!
//! `matmul` broadcasts a's elements and takes lanes along b's rows; `matmul_tn` can take
//! its lanes from either operand and picks the wider one (for a 300×50 by 300×3 weight
//! gradient: lanes along a, writing c transposed). Ragged edges use narrower tiles
//! (R = 3, 2, 1) or a zero-padded copy of the last vector panel; the padded lanes are
//! computed and thrown away, so they cannot change a kept output.
//!
//! On x86_64 the drivers are compiled twice, as is and with AVX2 enabled (not FMA), and
//! chosen at run time; on wasm32 the crate is built with simd128. Tests check every
//! path bit for bit against the reference loops, which stay here as
//! [`matmul_reference`] and [`matmul_tn_reference`].

use super::real::Real;

/// c (m×n) = a (m×k) · b (k×n); with `accumulate`, c += a · b.
pub fn matmul<T: Real>(
    a: &[T],
    b: &[T],
    c: &mut [T],
    m: usize,
    k: usize,
    n: usize,
    accumulate: bool,
) {
    assert_eq!(a.len(), m * k, "matmul: a is not m×k");
    assert_eq!(b.len(), k * n, "matmul: b is not k×n");
    assert_eq!(c.len(), m * n, "matmul: c is not m×n");
    // c[i][j] = Σ_p a[i][p]·b[p][j]: broadcast a[i][p] down the rows, vectors along b's rows.
    let job = Job {
        x: a,
        xs: 1,
        xr: k,
        nb: m,
        y: b,
        ys: n,
        nv: n,
        steps: k,
        crs: n,
        cvs: 1,
    };
    run(job, c, accumulate);
}

/// c (k×n) = aᵀ · b with a (m×k) and b (m×n); with `accumulate`, c += aᵀ · b.
/// The sum runs over the m rows, in order (for weight gradients: over the batch).
pub fn matmul_tn<T: Real>(
    a: &[T],
    b: &[T],
    c: &mut [T],
    m: usize,
    k: usize,
    n: usize,
    accumulate: bool,
) {
    assert_eq!(a.len(), m * k, "matmul_tn: a is not m×k");
    assert_eq!(b.len(), m * n, "matmul_tn: b is not m×n");
    assert_eq!(c.len(), k * n, "matmul_tn: c is not k×n");
    // c[p][j] = Σ_i a[i][p]·b[i][j]. Both operands are read along their rows, so either
    // can supply the vector lanes: take the wider one (fewer ragged lanes).
    let job = if n >= k {
        Job {
            x: a,
            xs: k,
            xr: 1,
            nb: k,
            y: b,
            ys: n,
            nv: n,
            steps: m,
            crs: n,
            cvs: 1,
        }
    } else {
        // Lanes along a's rows (the p of c), broadcasts from b; c is written transposed.
        Job {
            x: b,
            xs: n,
            xr: 1,
            nb: n,
            y: a,
            ys: k,
            nv: k,
            steps: m,
            crs: 1,
            cvs: n,
        }
    };
    run(job, c, accumulate);
}

/// Writes the transpose of a (r×c) into out (c×r).
pub fn transpose<T: Real>(a: &[T], out: &mut [T], r: usize, c: usize) {
    debug_assert_eq!(a.len(), r * c);
    debug_assert_eq!(out.len(), r * c);
    for i in 0..r {
        for j in 0..c {
            out[j * r + i] = a[i * c + j];
        }
    }
}

/// The reference loops for [`matmul`]: the definition of its result, kept for the tests
/// and the benchmark.
pub fn matmul_reference<T: Real>(
    a: &[T],
    b: &[T],
    c: &mut [T],
    m: usize,
    k: usize,
    n: usize,
    accumulate: bool,
) {
    debug_assert_eq!(a.len(), m * k);
    debug_assert_eq!(b.len(), k * n);
    debug_assert_eq!(c.len(), m * n);
    if !accumulate {
        c.fill(T::ZERO);
    }
    for i in 0..m {
        let c_row = &mut c[i * n..(i + 1) * n];
        for p in 0..k {
            let aip = a[i * k + p];
            let b_row = &b[p * n..(p + 1) * n];
            for (cj, &bj) in c_row.iter_mut().zip(b_row) {
                *cj += aip * bj;
            }
        }
    }
}

/// The reference loops for [`matmul_tn`].
pub fn matmul_tn_reference<T: Real>(
    a: &[T],
    b: &[T],
    c: &mut [T],
    m: usize,
    k: usize,
    n: usize,
    accumulate: bool,
) {
    debug_assert_eq!(a.len(), m * k);
    debug_assert_eq!(b.len(), m * n);
    debug_assert_eq!(c.len(), k * n);
    if !accumulate {
        c.fill(T::ZERO);
    }
    for i in 0..m {
        let b_row = &b[i * n..(i + 1) * n];
        for p in 0..k {
            let aip = a[i * k + p];
            let c_row = &mut c[p * n..(p + 1) * n];
            for (cj, &bj) in c_row.iter_mut().zip(b_row) {
                *cj += aip * bj;
            }
        }
    }
}

/// One product in the kernel's terms: for every "broadcast" index r < nb and "vector"
/// index v < nv, the output `c[r·crs + v·cvs]` gets, for s = 0, 1, …, steps − 1 in that
/// order, `+= x[s·xs + r·xr] · y[s·ys + v]`.
#[derive(Clone, Copy)]
struct Job<'a, T> {
    x: &'a [T],
    xs: usize,
    xr: usize,
    nb: usize,
    y: &'a [T],
    ys: usize,
    nv: usize,
    steps: usize,
    crs: usize,
    cvs: usize,
}

/// Vector panel width (lanes of one tile row), per element type and target: two
/// registers' worth, so a 4-row tile holds 8 accumulator registers — enough independent
/// add chains to hide the adder's latency, few enough to leave registers for operands.
#[cfg(not(target_arch = "wasm32"))]
const PANEL_F32: usize = 16;
#[cfg(not(target_arch = "wasm32"))]
const PANEL_F64: usize = 8;
// simd128 registers hold 4 f32: the engine under WebAssembly has 16 of them on x86 hosts.
#[cfg(target_arch = "wasm32")]
const PANEL_F32: usize = 8;
#[cfg(target_arch = "wasm32")]
const PANEL_F64: usize = 4;

/// Steps of the summed index per pass over the outputs (see `run` in `drivers!`).
const STEP_CHUNK: usize = 64;

/// Picks the instruction set (std caches the CPU feature test in an atomic, so after the
/// first call this is a load and a bit test) and runs the same generic body.
fn run<T: Real>(job: Job<'_, T>, c: &mut [T], accumulate: bool) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { avx2::run(job, c, accumulate) };
            return;
        }
    }
    baseline::run(job, c, accumulate);
}

/// The drivers, written once and compiled once per instruction set. Each R×V block is
/// its own function (`inline(never)`): optimized alone, every tile keeps its accumulators
/// in registers, which LLVM does not reliably manage once twenty tiles are inlined into
/// one function.
macro_rules! drivers {
    ($(#[$isa:meta])*) => {
        use super::{contiguous_block, Job, Real, PANEL_F32, PANEL_F64, STEP_CHUNK};

        $(#[$isa])*
        pub(super) fn run<T: Real>(job: Job<'_, T>, c: &mut [T], accumulate: bool) {
            if job.nb == 0 || job.nv == 0 {
                return;
            }
            if job.steps == 0 {
                // An empty sum: the outputs keep their start values.
                if !accumulate {
                    c.fill(T::ZERO);
                }
                return;
            }
            // Long sums (over the batch, in matmul_tn) are cut into chunks, each added to
            // the outputs stored by the previous one: the same additions in the same order,
            // on operands that stay in the L1 cache while every block of outputs uses them.
            let mut s0 = 0;
            while s0 < job.steps {
                let steps = STEP_CHUNK.min(job.steps - s0);
                let chunk = Job { x: &job.x[s0 * job.xs..], y: &job.y[s0 * job.ys..], steps, ..job };
                let accumulate = accumulate || s0 > 0;
                if std::mem::size_of::<T>() == 4 {
                    run_panels::<T, PANEL_F32>(chunk, c, accumulate);
                } else {
                    run_panels::<T, PANEL_F64>(chunk, c, accumulate);
                }
                s0 += steps;
            }
        }

        /// Walks the vector dimension in panels of NR lanes; the last, narrower panel is
        /// run with the next power of two lanes, on a zero-padded copy of its columns of y
        /// when its width is not already a power of two.
        $(#[$isa])*
        fn run_panels<T: Real, const NR: usize>(job: Job<'_, T>, c: &mut [T], accumulate: bool) {
            let mut v0 = 0;
            while v0 + NR <= job.nv {
                panel::<T, NR>(job, &job.y[v0..], job.ys, v0, NR, c, accumulate);
                v0 += NR;
            }
            let w = job.nv - v0;
            if w == 0 {
                return;
            }
            let lanes = w.next_power_of_two();
            let padded: Vec<T>;
            let (y, ys) = if lanes == w {
                (&job.y[v0..], job.ys)
            } else {
                let mut buf = vec![T::ZERO; job.steps * lanes];
                for (dst, s) in buf.chunks_exact_mut(lanes).zip(0..job.steps) {
                    dst[..w].copy_from_slice(&job.y[s * job.ys + v0..s * job.ys + v0 + w]);
                }
                padded = buf;
                (&padded[..], lanes)
            };
            match lanes {
                1 => panel::<T, 1>(job, y, ys, v0, w, c, accumulate),
                2 => panel::<T, 2>(job, y, ys, v0, w, c, accumulate),
                4 => panel::<T, 4>(job, y, ys, v0, w, c, accumulate),
                8 => panel::<T, 8>(job, y, ys, v0, w, c, accumulate),
                16 => panel::<T, 16>(job, y, ys, v0, w, c, accumulate),
                _ => unreachable!("panel edge wider than the panel"),
            }
        }

        /// One vector panel (lanes v0..v0+w of the output, read from `y` with row stride
        /// `ys`), swept by blocks of 4 broadcast rows, then one block of the 1–3 rows left.
        $(#[$isa])*
        fn panel<T: Real, const V: usize>(
            job: Job<'_, T>,
            y: &[T],
            ys: usize,
            v0: usize,
            w: usize,
            c: &mut [T],
            accumulate: bool,
        ) {
            let full = job.nb / 4;
            blocks::<T, 4, V>(job, y, ys, 0, full, v0, w, c, accumulate);
            let r0 = 4 * full;
            match job.nb - r0 {
                3 => blocks::<T, 3, V>(job, y, ys, r0, 1, v0, w, c, accumulate),
                2 => blocks::<T, 2, V>(job, y, ys, r0, 1, v0, w, c, accumulate),
                1 => blocks::<T, 1, V>(job, y, ys, r0, 1, v0, w, c, accumulate),
                _ => {}
            }
        }

        /// `count` R×V blocks of outputs, from broadcast row r0 on; of each, the first w
        /// lanes, at c[base + r·crs + v·cvs]. Whole, contiguous blocks are loaded and
        /// stored in place; ragged or transposed ones go through a small contiguous copy,
        /// so that the accumulators are only ever indexed by constants (a run-time index
        /// would keep them in memory).
        #[allow(clippy::too_many_arguments)]
        $(#[$isa])*
        fn blocks<T: Real, const R: usize, const V: usize>(
            job: Job<'_, T>,
            y: &[T],
            ys: usize,
            r0: usize,
            count: usize,
            v0: usize,
            w: usize,
            c: &mut [T],
            accumulate: bool,
        ) {
            if w == V && job.cvs == 1 {
                blocks_in_place::<T, R, V>(job, y, ys, r0, count, v0, c, accumulate);
            } else {
                blocks_staged::<T, R, V>(job, y, ys, r0, count, v0, w, c, accumulate);
            }
        }

        #[allow(clippy::too_many_arguments)]
        #[inline(never)]
        $(#[$isa])*
        fn blocks_in_place<T: Real, const R: usize, const V: usize>(
            job: Job<'_, T>,
            y: &[T],
            ys: usize,
            r0: usize,
            count: usize,
            v0: usize,
            c: &mut [T],
            accumulate: bool,
        ) {
            for r0 in (r0..r0 + count * R).step_by(R) {
                let x = &job.x[r0 * job.xr..];
                let c = &mut c[r0 * job.crs + v0..];
                contiguous_block::<T, R, V>(x, job.xs, job.xr, y, ys, job.steps, c, job.crs, accumulate);
            }
        }

        #[allow(clippy::too_many_arguments)]
        #[inline(never)]
        $(#[$isa])*
        fn blocks_staged<T: Real, const R: usize, const V: usize>(
            job: Job<'_, T>,
            y: &[T],
            ys: usize,
            r0: usize,
            count: usize,
            v0: usize,
            w: usize,
            c: &mut [T],
            accumulate: bool,
        ) {
            const MAX_BLOCK: usize = 64;
            debug_assert!(R * V <= MAX_BLOCK);
            for r0 in (r0..r0 + count * R).step_by(R) {
                let x = &job.x[r0 * job.xr..];
                let base = r0 * job.crs + v0 * job.cvs;
                let mut tmp = [T::ZERO; MAX_BLOCK];
                if accumulate {
                    for r in 0..R {
                        for v in 0..w {
                            tmp[r * V + v] = c[base + r * job.crs + v * job.cvs];
                        }
                    }
                }
                contiguous_block::<T, R, V>(x, job.xs, job.xr, y, ys, job.steps, &mut tmp, V, accumulate);
                for r in 0..R {
                    for v in 0..w {
                        c[base + r * job.crs + v * job.cvs] = tmp[r * V + v];
                    }
                }
            }
        }
    };
}

/// The drivers for the build's baseline instruction set (SSE2 on x86_64, simd128 on wasm32).
mod baseline {
    drivers!();
}

/// The same drivers with AVX2 enabled (deliberately not FMA): lanes are independent, so
/// wider vectors compute exactly the same bits as the baseline build.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    drivers!(#[target_feature(enable = "avx2")]);
}

/// Loads the block at c[r·crs + v] (or zeros), runs the whole sum on it, stores it back.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn contiguous_block<T: Real, const R: usize, const V: usize>(
    x: &[T],
    xs: usize,
    xr: usize,
    y: &[T],
    ys: usize,
    steps: usize,
    c: &mut [T],
    crs: usize,
    accumulate: bool,
) {
    let acc = if accumulate {
        std::array::from_fn(|r| -> [T; V] { c[r * crs..r * crs + V].try_into().expect("V lanes") })
    } else {
        [[T::ZERO; V]; R]
    };
    let acc = tile::<T, R, V>(x, xs, xr, y, ys, steps, acc);
    for (r, row) in acc.iter().enumerate() {
        let dst: &mut [T; V] = (&mut c[r * crs..r * crs + V]).try_into().expect("V lanes");
        *dst = *row;
    }
}

/// The micro-kernel: for s = 0..steps in order, `acc[r][v] += x[s·xs + r·xr] · y[s·ys + v]`.
/// `acc` is a local array across the whole loop, so it stays in registers; the V lanes
/// of a row are independent outputs, which is what lets LLVM vectorize them.
#[inline(always)]
fn tile<T: Real, const R: usize, const V: usize>(
    x: &[T],
    xs: usize,
    xr: usize,
    y: &[T],
    ys: usize,
    steps: usize,
    mut acc: [[T; V]; R],
) -> [[T; V]; R] {
    if steps == 0 {
        return acc;
    }
    // Every index below grows with s, r and v, so checking the largest ones once makes
    // all of them in bounds.
    assert!(
        (steps - 1) * xs + (R - 1) * xr < x.len(),
        "tile: x too short"
    );
    assert!((steps - 1) * ys + V <= y.len(), "tile: y too short");
    for s in 0..steps {
        // SAFETY: s·ys + V ≤ (steps − 1)·ys + V ≤ y.len(), asserted above; [T; V] has
        // the alignment of T.
        let yv: [T; V] = unsafe { *(y.as_ptr().add(s * ys) as *const [T; V]) };
        for (r, row) in acc.iter_mut().enumerate() {
            // SAFETY: s·xs + r·xr ≤ (steps − 1)·xs + (R − 1)·xr < x.len(), asserted above.
            let xv = unsafe { *x.get_unchecked(s * xs + r * xr) };
            for (a, &yj) in row.iter_mut().zip(&yv) {
                *a += xv * yj;
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
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
}
