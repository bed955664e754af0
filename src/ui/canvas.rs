//! Figures on canvases: the backing store is sized to the CSS box times the
//! screen's devicePixelRatio, and the theme is scaled by the same ratio, so
//! charts are sharp on a projector, a laptop or a phone.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::charts::{Theme, ThemeKind};
use crate::scenes::Figure;

/// Exported PNGs are this many pixels wide (1080p projectors), at this scale.
pub const EXPORT_SIZE: (u32, u32) = (1920, 1080);
pub const EXPORT_SCALE: f64 = 2.0;

pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0)
}

/// Resizes the backing store to the CSS box × dpr when they differ; returns
/// the scale to draw at.
fn fit(canvas: &HtmlCanvasElement) -> f64 {
    let dpr = device_pixel_ratio();
    let (w, h) = (canvas.client_width().max(1), canvas.client_height().max(1));
    let (bw, bh) = (
        (f64::from(w) * dpr).round() as u32,
        (f64::from(h) * dpr).round() as u32,
    );
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    dpr
}

/// Draws `figure` on `canvas` at the screen's resolution.
pub fn draw(canvas: &HtmlCanvasElement, figure: &Figure, kind: ThemeKind) -> Result<(), JsValue> {
    let scale = fit(canvas);
    draw_at(canvas, figure, &Theme::new(kind, scale))
}

/// Draws `figure` on `canvas` as it is sized, with `theme`.
pub fn draw_at(canvas: &HtmlCanvasElement, figure: &Figure, theme: &Theme) -> Result<(), JsValue> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))?;
    let root = backend.into_drawing_area();
    figure
        .draw(&root, theme)
        .map_err(|e| JsValue::from_str(&format!("{} chart: {e}", figure.name())))?;
    root.present()
        .map_err(|e| JsValue::from_str(&format!("{e:?}")))
}
