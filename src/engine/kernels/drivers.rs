//! The fast path of the products: the run-time choice of instruction set, the drivers
//! (written once in `drivers!`, compiled once per instruction set) that cut a [`Job`]
//! into register-sized blocks, and the micro-kernel `tile` that sums one block. See the
//! parent module for why every path gives the reference loops' bits.

use super::Job;
use crate::engine::real::Real;

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
pub(super) fn run<T: Real>(job: Job<'_, T>, c: &mut [T], accumulate: bool) {
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

        // Seen from the whole of `kernels`, so its tests can call the baseline body.
        $(#[$isa])*
        pub(in crate::engine::kernels) fn run<T: Real>(job: Job<'_, T>, c: &mut [T], accumulate: bool) {
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
            // w < NR and NR is a power of two, so lanes ≤ NR; the guards are constants,
            // so no build compiles a panel wider than its own (on wasm32 that drops the
            // 16-lane f32 and 8- and 16-lane f64 drivers, about a third of this code).
            match lanes {
                1 => panel::<T, 1>(job, y, ys, v0, w, c, accumulate),
                2 if NR >= 2 => panel::<T, 2>(job, y, ys, v0, w, c, accumulate),
                4 if NR >= 4 => panel::<T, 4>(job, y, ys, v0, w, c, accumulate),
                8 if NR >= 8 => panel::<T, 8>(job, y, ys, v0, w, c, accumulate),
                16 if NR >= 16 => panel::<T, 16>(job, y, ys, v0, w, c, accumulate),
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
            // The 1–3 rows left: in the page one row at a time, which sums each output
            // in the same order (rows never share an accumulator) with a third of the
            // code; natively in one block.
            #[cfg(target_arch = "wasm32")]
            blocks::<T, 1, V>(job, y, ys, r0, job.nb - r0, v0, w, c, accumulate);
            #[cfg(not(target_arch = "wasm32"))]
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
/// Visible to the tests, which check this body on its own.
pub(super) mod baseline {
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
    #[cfg(target_arch = "wasm32")]
    if std::mem::size_of::<T>() == 4 && (R == 1 || R == 4) && (V == 4 || V == 8) {
        // Real is implemented for f32 and f64 only, so a 4-byte T is f32.
        // SAFETY: the same type, so the same layout; the bounds were asserted above.
        return unsafe {
            std::mem::transmute_copy(&simd::tile::<R, V>(
                x.as_ptr().cast(),
                xs,
                xr,
                y.as_ptr().cast(),
                ys,
                steps,
                std::mem::transmute_copy(&acc),
            ))
        };
    }
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

/// The page's f32 micro-kernel, written with simd128 instructions. The page is built
/// for small code (see .cargo/config.toml: LLVM's unroller has a small budget there),
/// and the loop above only keeps its accumulators in registers once its row and lane
/// loops are unrolled; here they are named locals, so nothing needs unrolling. Each
/// lane still does one multiply, then one add, in the order of `s`: the same bits as
/// the loop above and as the native build.
#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    /// Lanes 4h..4h+4 of row r of `acc`, or zeros where the tile has no such row or lanes.
    #[inline(always)]
    fn load<const R: usize, const V: usize>(acc: &[[f32; V]; R], r: usize, h: usize) -> v128 {
        if r < R && 4 * h + 4 <= V {
            // SAFETY: 4h + 4 ≤ V lanes of row r < R.
            unsafe { v128_load(acc[r].as_ptr().add(4 * h) as *const v128) }
        } else {
            f32x4_splat(0.0)
        }
    }

    #[inline(always)]
    fn store<const R: usize, const V: usize>(out: &mut [[f32; V]; R], r: usize, h: usize, v: v128) {
        if r < R && 4 * h + 4 <= V {
            // SAFETY: as in `load`.
            unsafe { v128_store(out[r].as_mut_ptr().add(4 * h) as *mut v128, v) }
        }
    }

    /// `acc += x · y` over `steps`, for R = 1 or 4 rows and V = 4 or 8 lanes.
    ///
    /// # Safety
    /// `x` must hold (steps − 1)·xs + (R − 1)·xr + 1 values and `y` (steps − 1)·ys + V.
    #[inline(always)]
    pub(super) unsafe fn tile<const R: usize, const V: usize>(
        x: *const f32,
        xs: usize,
        xr: usize,
        y: *const f32,
        ys: usize,
        steps: usize,
        acc: [[f32; V]; R],
    ) -> [[f32; V]; R] {
        let (mut a00, mut a01) = (load(&acc, 0, 0), load(&acc, 0, 1));
        let (mut a10, mut a11) = (load(&acc, 1, 0), load(&acc, 1, 1));
        let (mut a20, mut a21) = (load(&acc, 2, 0), load(&acc, 2, 1));
        let (mut a30, mut a31) = (load(&acc, 3, 0), load(&acc, 3, 1));
        let madd = |a: v128, x: v128, y: v128| f32x4_add(a, f32x4_mul(x, y));
        for s in 0..steps {
            let yp = y.add(s * ys);
            let y0 = v128_load(yp as *const v128);
            let y1 = if V == 8 {
                v128_load(yp.add(4) as *const v128)
            } else {
                y0
            };
            let xp = x.add(s * xs);
            let x0 = f32x4_splat(*xp);
            a00 = madd(a00, x0, y0);
            if V == 8 {
                a01 = madd(a01, x0, y1);
            }
            if R == 4 {
                let (x1, x2, x3) = (
                    f32x4_splat(*xp.add(xr)),
                    f32x4_splat(*xp.add(2 * xr)),
                    f32x4_splat(*xp.add(3 * xr)),
                );
                a10 = madd(a10, x1, y0);
                a20 = madd(a20, x2, y0);
                a30 = madd(a30, x3, y0);
                if V == 8 {
                    a11 = madd(a11, x1, y1);
                    a21 = madd(a21, x2, y1);
                    a31 = madd(a31, x3, y1);
                }
            }
        }
        let mut out = [[0.0f32; V]; R];
        for (r, (lo, hi)) in [(a00, a01), (a10, a11), (a20, a21), (a30, a31)]
            .into_iter()
            .enumerate()
        {
            store(&mut out, r, 0, lo);
            store(&mut out, r, 1, hi);
        }
        out
    }
}
