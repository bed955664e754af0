//! A stand-in chart until the real panels land: a histogram of draws from the
//! engine's [`Rng::normal`] with the standard normal density over it.
//!
//! It is drawn at the screen's device-pixel ratio so it stays sharp on a projector
//! or a high-density laptop screen.

use crate::engine::rng::Rng;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const SEED: u64 = 42;
const DRAWS: usize = 20_000;
const BINS: usize = 40;
/// The histogram covers [-RANGE, RANGE).
const RANGE: f64 = 4.0;

/// Counts of `DRAWS` standard normal draws in `BINS` equal bins over [-RANGE, RANGE).
fn histogram(seed: u64) -> [u32; BINS] {
    let mut rng = Rng::new(seed);
    let mut counts = [0u32; BINS];
    let width = 2.0 * RANGE / BINS as f64;
    for _ in 0..DRAWS {
        let z = rng.normal();
        let bin = ((z + RANGE) / width).floor();
        if (0.0..BINS as f64).contains(&bin) {
            counts[bin as usize] += 1;
        }
    }
    counts
}

/// Draws the placeholder chart on `canvas`, sized to its CSS box.
pub fn draw(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    // CSS size (what the layout gave the canvas); fall back to its attributes.
    let css_w = match canvas.client_width() {
        w if w > 0 => f64::from(w),
        _ => f64::from(canvas.width()),
    };
    let css_h = match canvas.client_height() {
        h if h > 0 => f64::from(h),
        _ => f64::from(canvas.height()),
    };
    canvas.set_width((css_w * dpr).round() as u32);
    canvas.set_height((css_h * dpr).round() as u32);

    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsError::new("canvas has no 2d context"))?
        .dyn_into()
        .map_err(|_| JsError::new("2d context has an unexpected type"))?;
    ctx.scale(dpr, dpr)?;

    let (w, h) = (css_w, css_h);
    let (left, right, top, bottom) = (16.0, 16.0, 36.0, 28.0);
    let plot_w = (w - left - right).max(1.0);
    let plot_h = (h - top - bottom).max(1.0);

    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);

    let counts = histogram(SEED);
    let bin_width = 2.0 * RANGE / BINS as f64;
    // Scale so the density's peak, 1/sqrt(2π), sits at 90% of the plot height.
    let peak = DRAWS as f64 * bin_width / (2.0 * std::f64::consts::PI).sqrt();
    let y_of = |count: f64| top + plot_h - 0.9 * plot_h * count / peak;
    let x_of = |z: f64| left + plot_w * (z + RANGE) / (2.0 * RANGE);

    ctx.set_fill_style_str("#4a7fb5");
    for (i, &c) in counts.iter().enumerate() {
        let z0 = -RANGE + i as f64 * bin_width;
        let (x0, x1) = (x_of(z0), x_of(z0 + bin_width));
        let y = y_of(f64::from(c));
        ctx.fill_rect(x0 + 0.5, y, (x1 - x0 - 1.0).max(0.5), top + plot_h - y);
    }

    ctx.set_stroke_style_str("#d9534f");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    for i in 0..=200 {
        let z = -RANGE + 2.0 * RANGE * f64::from(i) / 200.0;
        let expected = peak * libm::exp(-0.5 * z * z);
        let (x, y) = (x_of(z), y_of(expected));
        if i == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.stroke();

    ctx.set_stroke_style_str("#333333");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(left, top + plot_h + 0.5);
    ctx.line_to(left + plot_w, top + plot_h + 0.5);
    ctx.stroke();

    ctx.set_fill_style_str("#222222");
    ctx.set_font("14px sans-serif");
    ctx.fill_text(
        &format!("{DRAWS} draws of Rng::normal (seed {SEED}) and the standard normal density"),
        left,
        22.0,
    )?;
    ctx.set_font("12px sans-serif");
    for z in [-4, -2, 0, 2, 4] {
        let label = z.to_string();
        ctx.fill_text(&label, x_of(f64::from(z)) - 4.0, top + plot_h + 18.0)?;
    }
    Ok(())
}
