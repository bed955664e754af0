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
    let backend =
        Raster::new(canvas).ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))?;
    let root = backend.into_drawing_area();
    let theme = &Theme {
        raster: true,
        ..theme.clone()
    };
    figure
        .draw(&root, theme)
        .map_err(|e| JsValue::from_str(&format!("{} chart: {e}", figure.name())))?;
    root.present()
        .map_err(|e| JsValue::from_str(&format!("{e:?}")))
}

/// The page's canvas backend: plotters-canvas for everything, but a bitmap is copied
/// in one `putImageData` call rather than drawn pixel by pixel (plotters' default), so
/// the diagram's thumbnails cost one call each. The canvas is sized in device pixels
/// and drawn without a transform, so backend coordinates are the image's.
struct Raster {
    canvas: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
}

impl Raster {
    fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<web_sys::CanvasRenderingContext2d>()
            .ok()?;
        Some(Raster {
            canvas: CanvasBackend::with_canvas_object(canvas.clone())?,
            context,
        })
    }
}

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
// plotters-canvas does not export its error type by name.
type Problem = <CanvasBackend as DrawingBackend>::ErrorType;
type Failed = DrawingErrorKind<Problem>;

impl DrawingBackend for Raster {
    type ErrorType = Problem;

    fn get_size(&self) -> (u32, u32) {
        self.canvas.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Failed> {
        self.canvas.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failed> {
        self.canvas.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failed> {
        self.canvas.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failed> {
        self.canvas.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        self.canvas.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.canvas.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        self.canvas.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.canvas.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failed> {
        self.canvas.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Failed> {
        self.canvas.estimate_text_size(text, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (w, h): (u32, u32),
        src: &[u8],
    ) -> Result<(), Failed> {
        let mut rgba = Vec::with_capacity(w as usize * h as usize * 4);
        for p in src.chunks_exact(3).take(w as usize * h as usize) {
            rgba.extend([p[0], p[1], p[2], 255]);
        }
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&rgba),
            w,
            h,
        )
        .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        self.context
            .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))
    }
}
