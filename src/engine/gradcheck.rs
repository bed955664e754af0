//! Finite-difference gradient checking (tests only).
//!
//! Central differences f'(x) ≈ (f(x + h) − f(x − h)) / 2h have error O(h²), so in f64
//! with h ≈ 1e-6 they agree with a correct analytic gradient to about 1e-8 relative.

/// Central difference of a scalar function at x.
pub fn central_difference(mut f: impl FnMut(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Numeric gradient of `loss` with respect to every element of `params`,
/// perturbing one element at a time and restoring it afterwards.
pub fn numeric_gradient(
    params: &mut [f64],
    h: f64,
    mut loss: impl FnMut(&[f64]) -> f64,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(params.len());
    for i in 0..params.len() {
        let keep = params[i];
        params[i] = keep + h;
        let up = loss(params);
        params[i] = keep - h;
        let down = loss(params);
        params[i] = keep;
        out.push((up - down) / (2.0 * h));
    }
    out
}

/// ‖a − b‖ / max(‖a‖, ‖b‖): the relative error of a whole gradient tensor.
pub fn relative_error(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    let diff: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt();
    let na: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| x * x).sum::<f64>().sqrt();
    let scale = na.max(nb);
    if scale == 0.0 {
        0.0
    } else {
        diff / scale
    }
}

/// Asserts that the analytic gradient matches the numeric one within `tol`.
#[track_caller]
pub fn assert_gradients_match(what: &str, analytic: &[f64], numeric: &[f64], tol: f64) {
    let rel = relative_error(analytic, numeric);
    assert!(
        rel <= tol,
        "{what}: relative error {rel:.3e} > {tol:.0e}\n analytic {:?}\n numeric  {:?}",
        &analytic[..analytic.len().min(8)],
        &numeric[..numeric.len().min(8)]
    );
}
