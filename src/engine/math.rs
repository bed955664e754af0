//! Deterministic exp, tanh and sigmoid for f32 and f64.
//!
//! Plain IEEE multiplies, adds and one divide, in a fixed order, with no table and no
//! branch: the same bits on every target (native or WebAssembly), and loops that call
//! them vectorize, because special cases are handled with clamps and selects.
//!
//! Method. exp(x) = 2ⁿ·eʳ with n = round(x/ln 2) and r = x − n·ln 2, computed with the
//! two-constant split of Cody & Waite ("Software Manual for the Elementary Functions",
//! 1980): ln 2 = hi + lo, where hi has so few significant bits that n·hi is exact.
//! eʳ − 1 on |r| ≤ ln 2 / 2 is r + r²·P(r): for f32, P is the degree-5 minimax polynomial
//! of Cephes' `expf` (S. Moshier); for f64, the Taylor series to r¹³ (its truncation
//! error, below 5·10⁻¹⁸, is far under half an ulp). n is rounded with the 1.5·2ᵖ shifter
//! (adding and subtracting it rounds to an integer, ties to even) and 2ⁿ is built from
//! its exponent bits, as two factors 2^⌊n/2⌋·2^⌈n/2⌉ so that results that overflow or
//! underflow (to subnormals or zero) come out right from the multiplications alone.
//! Inputs are clamped first, which also sends ±∞ to +∞ and 0; NaN passes the clamp
//! (comparisons with NaN are false) and propagates.
//!
//! tanh(x) = sign(x)·E/(E + 2) with E = e^{2|x|} − 1 computed as 2ⁿ·(eʳ − 1) + (2ⁿ − 1):
//! near 0, n = 0 and E is the polynomial r + r²·P(r) itself, so there is no cancellation
//! and tanh is accurate down to subnormal x; one formula for every x, no select. (The
//! f64 version takes n = ⌊2|x|/ln 2⌋ instead, so that eʳ − 1 ≥ 0 and the sum above
//! cannot cancel either; its Taylor series then runs to r¹⁷.)
//! sigmoid(x) = 1/(1 + t) for x ≥ 0 and t/(1 + t) below, with t = e^{−|x|} ≤ 1: never
//! overflows, and keeps relative accuracy far into the negative tail.
//!
//! Measured against glibc's exp and tanh (the tests assert bounds; the ignored test
//! `report_accuracy` prints these): expf ≤ 0.99 ulp over every f32 in [−104, 89];
//! exp ≤ 1 ulp over 30 million random x in [−745, 710] and tiny |x|; tanhf ≤ 2.42 ulp
//! (every f32 in [−12, 12]); tanh ≤ 3 ulp; sigmoid ≤ 2.83 ulp (f32), ≤ 3 ulp (f64).

use super::real::Real;

// ---- f32 ----

const F32_LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 ≈ LN2_HI + LN2_LO; LN2_HI = 355/512 has 9 significant bits, so n·LN2_HI is exact
/// for every |n| < 2¹⁵.
const F32_LN2_HI: f32 = 355.0 / 512.0;
const F32_LN2_LO: f32 = -2.121_944_4e-4;
/// 1.5·2²³: x + SHIFT − SHIFT rounds x to an integer, which sits in SHIFT's low bits.
const F32_SHIFT: f32 = 12_582_912.0;
/// e^±104 is beyond f32's range (e^88.73 overflows, e^−103.98 rounds to 0) and
/// n = ±150 still splits into two normal powers of two.
const F32_CLAMP: f32 = 104.0;
/// tanh(x) rounds to 1 for x > 9.02.
const F32_TANH_CLAMP: f32 = 10.0;

/// x clamped to [−limit, limit]; NaN stays NaN.
#[inline(always)]
fn clamp_f32(x: f32, limit: f32) -> f32 {
    let x = if x > limit { limit } else { x };
    if x < -limit {
        -limit
    } else {
        x
    }
}

/// n = round(x / ln 2) and r = x − n·ln 2, |r| ≤ ln 2 / 2 (plus rounding).
#[inline(always)]
fn reduce_f32(x: f32) -> (i32, f32) {
    let shifted = x * F32_LOG2_E + F32_SHIFT;
    let nf = shifted - F32_SHIFT;
    let n = (shifted.to_bits() as i32).wrapping_sub(F32_SHIFT.to_bits() as i32);
    let r = (x - nf * F32_LN2_HI) - nf * F32_LN2_LO;
    (n, r)
}

/// eʳ − 1 for |r| ≤ ln 2 / 2, as r + r²·P(r) (Cephes expf coefficients).
#[inline(always)]
fn expm1_reduced_f32(r: f32) -> f32 {
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5; // Cephes: 5.0000001201e-1, which is 0.5 in f32
    r + (r * r) * p
}

/// 2ⁿ for −126 ≤ n ≤ 127, from its exponent bits (other n give garbage, never UB).
#[inline(always)]
fn pow2i_f32(n: i32) -> f32 {
    f32::from_bits((n.wrapping_add(127) as u32) << 23)
}

/// eˣ in f32, within 1 ulp; +∞ above 88.72, 0 below −103.98, NaN for NaN.
#[inline]
pub fn expf(x: f32) -> f32 {
    let (n, r) = reduce_f32(clamp_f32(x, F32_CLAMP));
    let er = 1.0 + expm1_reduced_f32(r);
    let n1 = n >> 1;
    er * pow2i_f32(n1) * pow2i_f32(n.wrapping_sub(n1))
}

/// tanh(x) in f32.
#[inline]
pub fn tanhf(x: f32) -> f32 {
    let y = 2.0 * clamp_f32(x.abs(), F32_TANH_CLAMP);
    let (n, r) = reduce_f32(y);
    // n is in 0..=29 here.
    let scale = pow2i_f32(n);
    let em1 = scale * expm1_reduced_f32(r) + (scale - 1.0);
    (em1 / (em1 + 2.0)).copysign(x)
}

// ---- f64 ----

const F64_LOG2_E: f64 = std::f64::consts::LOG2_E;
/// ln 2 = LN2_HI + LN2_LO (the split of fdlibm); LN2_HI has 32 significant bits, so
/// n·LN2_HI is exact for every |n| < 2²¹.
const F64_LN2_HI: f64 = 6.931_471_803_691_238e-1; // 0x3FE6_2E42_FEE0_0000
const F64_LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // 0x3DEA_39EF_3579_3C76
/// 1.5·2⁵²: x + SHIFT − SHIFT rounds x to an integer, which sits in SHIFT's low bits.
const F64_SHIFT: f64 = 6_755_399_441_055_744.0;
/// e^±750 is beyond f64's range (e^709.79 overflows, e^−745.14 rounds to 0) and
/// n = ±1082 still splits into two normal powers of two.
const F64_CLAMP: f64 = 750.0;
/// tanh(x) rounds to 1 for x > 19.06.
const F64_TANH_CLAMP: f64 = 20.0;

#[inline(always)]
fn clamp_f64(x: f64, limit: f64) -> f64 {
    let x = if x > limit { limit } else { x };
    if x < -limit {
        -limit
    } else {
        x
    }
}

#[inline(always)]
fn reduce_f64(x: f64) -> (i64, f64) {
    let shifted = x * F64_LOG2_E + F64_SHIFT;
    let nf = shifted - F64_SHIFT;
    let n = (shifted.to_bits() as i64).wrapping_sub(F64_SHIFT.to_bits() as i64);
    let r = (x - nf * F64_LN2_HI) - nf * F64_LN2_LO;
    (n, r)
}

/// eʳ − 1 for |r| ≤ ln 2 / 2, as r + r²·Σ_{k=2}^{13} r^{k−2}/k! (Horner).
#[inline(always)]
fn expm1_reduced_f64(r: f64) -> f64 {
    const C: [f64; 12] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let mut p = C[11];
    for &c in C[..11].iter().rev() {
        p = p * r + c;
    }
    r + (r * r) * p
}

/// 2ⁿ for −1022 ≤ n ≤ 1023, from its exponent bits (other n give garbage, never UB).
#[inline(always)]
fn pow2i_f64(n: i64) -> f64 {
    f64::from_bits((n.wrapping_add(1023) as u64) << 52)
}

/// eˣ in f64, within 1 ulp; +∞ above 709.78, 0 below −745.13, NaN for NaN.
#[inline]
pub fn exp(x: f64) -> f64 {
    let (n, r) = reduce_f64(clamp_f64(x, F64_CLAMP));
    let er = 1.0 + expm1_reduced_f64(r);
    let n1 = n >> 1;
    er * pow2i_f64(n1) * pow2i_f64(n.wrapping_sub(n1))
}

/// tanh(x) in f64. Unlike exp, n = ⌊2|x|/ln 2⌋, so r ∈ [0, ln 2) and eʳ − 1 ≥ 0: the
/// sum 2ⁿ·(eʳ − 1) + (2ⁿ − 1) then has no cancellation (with n rounded to nearest it
/// loses up to 2 ulp just above 2|x| = ln 2 / 2). The wider range of r takes the Taylor
/// series to r¹⁷ (truncation below 3·10⁻¹⁹).
#[inline]
pub fn tanh(x: f64) -> f64 {
    const C: [f64; 16] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
        1.0 / 87_178_291_200.0,
        1.0 / 1_307_674_368_000.0,
        1.0 / 20_922_789_888_000.0,
        1.0 / 355_687_428_096_000.0,
    ];
    let y = 2.0 * clamp_f64(x.abs(), F64_TANH_CLAMP);
    // Rounding t − ½ to nearest gives ⌊t⌋ (or, at a tie, t itself: then r = 0).
    let shifted = (y * F64_LOG2_E - 0.5) + F64_SHIFT;
    let nf = shifted - F64_SHIFT;
    let n = (shifted.to_bits() as i64).wrapping_sub(F64_SHIFT.to_bits() as i64);
    let r = (y - nf * F64_LN2_HI) - nf * F64_LN2_LO;
    let mut p = C[15];
    for &c in C[..15].iter().rev() {
        p = p * r + c;
    }
    let s = r + (r * r) * p;
    // n is in 0..=57 here.
    let scale = pow2i_f64(n);
    let em1 = scale * s + (scale - 1.0);
    (em1 / (em1 + 2.0)).copysign(x)
}

/// 1/(1 + e^−x) for any [`Real`], through `Real::exp` (which routes to this module):
/// never overflows, keeps relative accuracy in the negative tail, and has no branch.
#[inline]
pub fn sigmoid<T: Real>(x: T) -> T {
    let t = (-x.abs()).exp();
    let d = T::ONE / (T::ONE + t);
    if x >= T::ZERO {
        d
    } else {
        t * d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    /// |got − want| in units of f32's ulp at `want` (subnormal spacing below 2⁻¹²⁶).
    /// +∞ counts as 2¹²⁸, the next step after f32::MAX, so that returning ∞ where the
    /// correctly rounded result is MAX is a 1-ulp error, not an infinite one.
    fn ulps_f32(got: f32, want: f64) -> f64 {
        if got.is_nan() || want.is_nan() {
            return if got.is_nan() && want.is_nan() {
                0.0
            } else {
                f64::INFINITY
            };
        }
        let top = 2f64.powi(128);
        let (got, want) = ((got as f64).clamp(-top, top), want.clamp(-top, top));
        if got == want {
            return 0.0;
        }
        let e = want.abs().log2().floor().clamp(-126.0, 127.0);
        (got - want).abs() / (e - 23.0).exp2()
    }

    /// Distance in representable f64 values between two finite f64 (or 0 if both NaN).
    fn ulps_f64(got: f64, want: f64) -> f64 {
        if got == want || (got.is_nan() && want.is_nan()) {
            return 0.0;
        }
        if !got.is_finite() || !want.is_finite() {
            return f64::INFINITY;
        }
        let key = |v: f64| {
            let b = v.to_bits() as i64;
            if b < 0 {
                i64::MIN - b
            } else {
                b
            }
        };
        (key(got) as i128 - key(want) as i128).unsigned_abs() as f64
    }

    /// Every `stride`-th f32 with lo ≤ x ≤ hi (stride 1: all of them), worst error.
    fn sweep_f32(
        lo: f32,
        hi: f32,
        stride: u32,
        f: impl Fn(f32) -> f32,
        reference: impl Fn(f64) -> f64,
    ) -> (f64, f32) {
        let mut worst = (0.0, 0.0);
        let mut check = |x: f32| {
            let e = ulps_f32(f(x), reference(x as f64));
            if e > worst.0 {
                worst = (e, x);
            }
        };
        // Non-negative floats are ordered like their bit patterns; so are negative ones.
        for (from, to, neg) in [(0.0f32, hi, false), (0.0f32, -lo, true)] {
            if to < 0.0 {
                continue;
            }
            let mut bits = from.to_bits();
            while bits <= to.to_bits() {
                let x = f32::from_bits(bits);
                check(if neg { -x } else { x });
                bits = match bits.checked_add(stride) {
                    Some(b) => b,
                    None => break,
                };
            }
        }
        worst
    }

    fn random_f64(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
        rng.uniform_in(lo, hi)
    }

    /// Small |x| (down to subnormals), where relative accuracy is hardest for tanh.
    fn random_tiny(rng: &mut Rng) -> f64 {
        let sign = if rng.next_u64() & 1 == 0 { -1.0 } else { 1.0 };
        sign * rng.uniform_in(1.0, 2.0) * rng.uniform_in(-1074.0, 0.0).floor().exp2()
    }

    #[test]
    fn special_values() {
        assert_eq!(expf(0.0), 1.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(expf(-0.0), 1.0);
        assert_eq!(expf(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(expf(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert!(expf(f32::NAN).is_nan() && exp(f64::NAN).is_nan());
        assert_eq!(expf(89.0), f32::INFINITY);
        assert_eq!(expf(88.72), (88.72f32 as f64).exp() as f32);
        assert_eq!(exp(709.8), f64::INFINITY);
        assert!(exp(709.78).is_finite());
        assert_eq!(expf(-104.0), 0.0);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(-745.0), 5e-324); // the smallest subnormal
        assert_eq!(expf(-103.0), (-103.0f64).exp() as f32); // subnormal
        assert_eq!(expf(-87.5), (-87.5f64).exp() as f32); // subnormal
        for (t, x) in [(tanhf(0.0), 0.0f32), (tanhf(-0.0), -0.0)] {
            assert_eq!(t.to_bits(), x.to_bits());
        }
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanhf(1e-40), 1e-40);
        assert_eq!(tanh(5e-324), 5e-324);
        assert_eq!((tanhf(30.0), tanhf(-30.0)), (1.0, -1.0));
        assert_eq!((tanh(1e300), tanh(f64::NEG_INFINITY)), (1.0, -1.0));
        assert!(tanhf(f32::NAN).is_nan() && tanh(f64::NAN).is_nan());
        assert_eq!(
            (
                sigmoid::<f32>(f32::INFINITY),
                sigmoid::<f32>(f32::NEG_INFINITY)
            ),
            (1.0, 0.0)
        );
        assert_eq!((sigmoid::<f64>(800.0), sigmoid::<f64>(-800.0)), (1.0, 0.0));
        assert_eq!(sigmoid::<f32>(0.0), 0.5);
        assert!(sigmoid::<f64>(-700.0) > 0.0 && sigmoid::<f32>(-100.0) > 0.0);
        assert!(sigmoid::<f32>(f32::NAN).is_nan() && sigmoid::<f64>(f64::NAN).is_nan());
        assert_eq!(sigmoid(0.0f64), 0.5);
        assert_eq!(sigmoid(-3.0f32).to_bits(), sigmoid::<f32>(-3.0).to_bits());
    }

    #[test]
    fn exp_f32_within_1_ulp() {
        let (err, at) = sweep_f32(-104.0, 89.0, 61, expf, f64::exp);
        assert!(err <= 1.0, "expf: {err} ulp at {at:e}");
    }

    #[test]
    fn exp_f64_within_1_ulp() {
        let mut rng = Rng::new(1);
        let mut worst = (0.0, 0.0);
        for i in 0..1_000_000 {
            let x = if i % 4 == 0 {
                random_tiny(&mut rng)
            } else {
                random_f64(&mut rng, -746.0, 710.0)
            };
            let e = ulps_f64(exp(x), x.exp());
            if e > worst.0 {
                worst = (e, x);
            }
        }
        assert!(worst.0 <= 1.0, "exp: {} ulp at {:e}", worst.0, worst.1);
    }

    #[test]
    fn tanh_and_sigmoid_f32_within_bounds() {
        let (err, at) = sweep_f32(-12.0, 12.0, 61, tanhf, f64::tanh);
        assert!(err <= TANH_F32_ULPS, "tanhf: {err} ulp at {at:e}");
        let (err, at) = sweep_f32(-104.0, 20.0, 61, sigmoid::<f32>, |x| {
            1.0 / (1.0 + (-x).exp())
        });
        assert!(
            err <= SIGMOID_F32_ULPS,
            "sigmoid::<f32>: {err} ulp at {at:e}"
        );
    }

    #[test]
    fn tanh_and_sigmoid_f64_within_bounds() {
        let mut rng = Rng::new(2);
        let (mut worst_tanh, mut worst_sigmoid) = ((0.0, 0.0), (0.0, 0.0));
        for i in 0..1_000_000 {
            let x = if i % 4 == 0 {
                random_tiny(&mut rng)
            } else {
                random_f64(&mut rng, -25.0, 25.0)
            };
            let e = ulps_f64(tanh(x), x.tanh());
            if e > worst_tanh.0 {
                worst_tanh = (e, x);
            }
            let x = random_f64(&mut rng, -745.0, 40.0);
            let e = ulps_f64(sigmoid::<f64>(x), sigmoid_reference(x));
            if e > worst_sigmoid.0 {
                worst_sigmoid = (e, x);
            }
        }
        assert!(
            worst_tanh.0 <= TANH_F64_ULPS,
            "tanh: {} ulp at {:e}",
            worst_tanh.0,
            worst_tanh.1
        );
        assert!(
            worst_sigmoid.0 <= SIGMOID_F64_ULPS,
            "sigmoid::<f64>: {} ulp at {:e}",
            worst_sigmoid.0,
            worst_sigmoid.1
        );
    }

    const TANH_F32_ULPS: f64 = 3.0;
    const SIGMOID_F32_ULPS: f64 = 3.0;
    const TANH_F64_ULPS: f64 = 3.0;
    const SIGMOID_F64_ULPS: f64 = 3.0;

    /// sigmoid in f64 from glibc's e^−|x| (within an ulp) and double-double arithmetic
    /// after it: 1/(1 + t) exact to far below an ulp, then one rounding (times t for x < 0).
    fn sigmoid_reference(x: f64) -> f64 {
        // Dekker's exact product: a·b = p + err.
        fn two_prod(a: f64, b: f64) -> (f64, f64) {
            let split = |v: f64| {
                let c = 134_217_729.0 * v; // 2²⁷ + 1
                let hi = c - (c - v);
                (hi, v - hi)
            };
            let p = a * b;
            let ((ah, al), (bh, bl)) = (split(a), split(b));
            (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
        }
        let t = (-x.abs()).exp();
        // s + e = 1 + t exactly (Fast2Sum, 1 ≥ t).
        let s = 1.0 + t;
        let e = t - (s - 1.0);
        // q = 1/(s + e) to about 2⁻¹⁰⁰ by one Newton step from 1/s.
        let q0 = 1.0 / s;
        let (p, p_err) = two_prod(q0, s);
        let residual = ((1.0 - p) - p_err) - q0 * e;
        let q1 = q0 * residual; // q = q0 + q1
        if x >= 0.0 {
            q0 + q1
        } else {
            let (hi, lo) = two_prod(t, q0);
            hi + (lo + t * q1)
        }
    }

    /// Ulp errors on dense sweeps; run with
    /// `cargo test --release --lib math -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn report_accuracy() {
        let (e, at) = sweep_f32(-104.0, 89.0, 1, expf, f64::exp);
        println!("expf, every f32 in [−104, 89]: max {e:.3} ulp at {at:e}");
        let (e, at) = sweep_f32(-12.0, 12.0, 1, tanhf, f64::tanh);
        println!("tanhf, every f32 in [−12, 12]: max {e:.3} ulp at {at:e}");
        let (e, at) = sweep_f32(-104.0, 20.0, 1, sigmoid::<f32>, |x| {
            1.0 / (1.0 + (-x).exp())
        });
        println!("sigmoid::<f32>, every f32 in [−104, 20]: max {e:.3} ulp at {at:e}");
        let mut rng = Rng::new(3);
        let n = 30_000_000;
        let (mut w_exp, mut w_tanh, mut w_sig, mut w_tiny) =
            ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
        let upd = |w: &mut (f64, f64), e: f64, x: f64| {
            if e > w.0 {
                *w = (e, x);
            }
        };
        for _ in 0..n {
            let x = random_f64(&mut rng, -745.0, 710.0);
            upd(&mut w_exp, ulps_f64(exp(x), x.exp()), x);
            let x = random_f64(&mut rng, -25.0, 25.0);
            upd(&mut w_tanh, ulps_f64(tanh(x), x.tanh()), x);
            let x = random_tiny(&mut rng);
            upd(
                &mut w_tiny,
                ulps_f64(tanh(x), x.tanh()).max(ulps_f64(exp(x), x.exp())),
                x,
            );
            let x = random_f64(&mut rng, -745.0, 40.0);
            upd(
                &mut w_sig,
                ulps_f64(sigmoid::<f64>(x), sigmoid_reference(x)),
                x,
            );
        }
        println!(
            "exp, {n} random x in [−745, 710]: max {} ulp at {:e}",
            w_exp.0, w_exp.1
        );
        println!(
            "tanh, {n} random x in [−25, 25]: max {} ulp at {:e}",
            w_tanh.0, w_tanh.1
        );
        println!(
            "exp/tanh, {n} random |x| in [2⁻¹⁰⁷⁴, 1]: max {} ulp at {:e}",
            w_tiny.0, w_tiny.1
        );
        println!(
            "sigmoid::<f64>, {n} random x in [−745, 40]: max {} ulp at {:e}",
            w_sig.0, w_sig.1
        );
    }

    /// ns per element on slices of 30 000, libm vs this module, as the activation loops
    /// call them (baseline instruction set). Run with
    /// `cargo test --release --lib math -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bench_exp() {
        use std::hint::black_box;
        use std::time::Instant;
        fn time<T: Copy>(xs: &[T], out: &mut [T], f: impl Fn(T) -> T) -> f64 {
            let mut best = f64::INFINITY;
            for _ in 0..200 {
                let t = Instant::now();
                for (o, &x) in out.iter_mut().zip(black_box(xs)) {
                    *o = f(x);
                }
                black_box(&mut *out);
                best = best.min(t.elapsed().as_secs_f64());
            }
            best * 1e9 / xs.len() as f64
        }
        let mut rng = Rng::new(4);
        let n = 30_000;
        let x32: Vec<f32> = (0..n).map(|_| rng.uniform_in(-20.0, 20.0) as f32).collect();
        let x64: Vec<f64> = (0..n).map(|_| rng.uniform_in(-20.0, 20.0)).collect();
        let (mut o32, mut o64) = (vec![0.0f32; n], vec![0.0f64; n]);
        let rows: [(&str, f64, f64); 6] = [
            (
                "exp f32",
                time(&x32, &mut o32, libm::expf),
                time(&x32, &mut o32, expf),
            ),
            (
                "exp f64",
                time(&x64, &mut o64, libm::exp),
                time(&x64, &mut o64, exp),
            ),
            (
                "tanh f32",
                time(&x32, &mut o32, libm::tanhf),
                time(&x32, &mut o32, tanhf),
            ),
            (
                "tanh f64",
                time(&x64, &mut o64, libm::tanh),
                time(&x64, &mut o64, tanh),
            ),
            (
                "sigmoid f32",
                time(&x32, &mut o32, |x| 1.0 / (1.0 + libm::expf(-x))),
                time(&x32, &mut o32, sigmoid::<f32>),
            ),
            (
                "sigmoid f64",
                time(&x64, &mut o64, |x| 1.0 / (1.0 + libm::exp(-x))),
                time(&x64, &mut o64, sigmoid::<f64>),
            ),
        ];
        println!("ns per element, slices of {n} (libm → this module):");
        for (name, l, m) in rows {
            println!("  {name:12} {l:6.2} → {m:6.2} ns  ({:.1}×)", l / m);
        }
    }
}
