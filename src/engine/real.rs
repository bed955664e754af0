//! The floating-point type the engine trains in.
//!
//! Everything numeric is generic over [`Real`], implemented for `f32` and `f64`:
//! training runs in `f32` (what Keras and PyTorch use, so E1 overflows where theirs does,
//! and twice the SIMD lanes), gradient checks in `f64`. Transcendental functions go
//! through `libm` or our own [`super::math`], never the platform's maths library, so
//! the command line and the browser compute the same bits.

use std::fmt::{Debug, Display};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use super::math;

pub trait Real:
    Copy
    + Default
    + PartialOrd
    + Debug
    + Display
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Sum
{
    const ZERO: Self;
    const ONE: Self;
    /// Name shown to users: "f32" or "f64".
    const NAME: &'static str;
    /// Largest finite value.
    const MAX: Self;

    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn from_usize(n: usize) -> Self {
        Self::from_f64(n as f64)
    }

    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn tanh(self) -> Self;
    fn sqrt(self) -> Self;
    fn powi(self, n: i32) -> Self;
    fn abs(self) -> Self;
    fn is_finite(self) -> bool;
    fn max(self, other: Self) -> Self {
        if self > other {
            self
        } else {
            other
        }
    }
    fn min(self, other: Self) -> Self {
        if self < other {
            self
        } else {
            other
        }
    }
}

macro_rules! impl_real {
    ($t:ty, $name:expr, $exp:path, $ln:path, $ln1p:path, $tanh:path) => {
        impl Real for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const NAME: &'static str = $name;
            const MAX: Self = <$t>::MAX;

            #[inline(always)]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn exp(self) -> Self {
                $exp(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                $ln(self)
            }
            #[inline(always)]
            fn ln_1p(self) -> Self {
                $ln1p(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                $tanh(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                // IEEE 754 square root is correctly rounded on every target.
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn powi(self, n: i32) -> Self {
                // Repeated multiplication in a fixed order: same bits everywhere.
                let mut r: $t = 1.0;
                let (mut base, mut e) = (if n < 0 { 1.0 / self } else { self }, n.unsigned_abs());
                while e > 0 {
                    if e & 1 == 1 {
                        r *= base;
                    }
                    base *= base;
                    e >>= 1;
                }
                r
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
        }
    };
}

impl_real!(
    f32,
    "f32",
    math::expf,
    libm::logf,
    libm::log1pf,
    math::tanhf
);
impl_real!(f64, "f64", math::exp, libm::log, libm::log1p, math::tanh);
