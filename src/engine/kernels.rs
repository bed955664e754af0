//! Dense matrix products, the hot loops of training.
//!
//! Row-major slices. The order of additions is part of the contract: every output
//! element starts at zero (or its old value when accumulating) and adds its products
//! in increasing order of the summed index, with a separate multiply and add (never
//! fused). Blocked or vectorized versions must keep that order, so they give exactly
//! the same bits as these reference loops on every target, native or WebAssembly.

use super::real::Real;

/// c (m×n) = a (m×k) · b (k×n); with `accumulate`, c += a · b.
pub fn matmul<T: Real>(a: &[T], b: &[T], c: &mut [T], m: usize, k: usize, n: usize, accumulate: bool) {
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

/// c (k×n) = aᵀ · b with a (m×k) and b (m×n); with `accumulate`, c += aᵀ · b.
/// The sum runs over the m rows, in order (for weight gradients: over the batch).
pub fn matmul_tn<T: Real>(a: &[T], b: &[T], c: &mut [T], m: usize, k: usize, n: usize, accumulate: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
