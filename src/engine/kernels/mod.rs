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
//!
//! # Where the code lives
//!
//! This file holds the public products, their reference loops and the `Job` that
//! describes one product to the drivers; `drivers.rs` holds the instruction-set
//! dispatch, the drivers and the micro-kernel; `tests.rs` the bit-for-bit tests.

use super::real::Real;

mod drivers;
#[cfg(test)]
mod tests;

use drivers::run;

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
