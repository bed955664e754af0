//! Saving a panel: as a PNG at projector resolution (drawn afresh on an
//! off-screen canvas, not scaled up from the screen) and its numbers as CSV.
//! Both are made in the page and handed to the browser as a download; nothing
//! goes over the network.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

use super::canvas::{draw_at, EXPORT_SCALE, EXPORT_SIZE};
use super::dom;
use crate::charts::{Theme, ThemeKind};
use crate::scenes::Figure;

/// The file name for a figure at `step`: `gradient-lab-e2-deep-tanh-gradients-step400.png`.
pub fn file_name(run: &str, figure: &str, step: u64, ext: &str) -> String {
    if run == figure {
        format!("gradient-lab-{run}-step{step}.{ext}")
    } else {
        format!("gradient-lab-{run}-{figure}-step{step}.{ext}")
    }
}

pub fn png(figure: &Figure, kind: ThemeKind, name: &str) -> Result<(), JsValue> {
    let canvas: HtmlCanvasElement = dom::document()?.create_element("canvas")?.dyn_into()?;
    canvas.set_width(EXPORT_SIZE.0);
    canvas.set_height(EXPORT_SIZE.1);
    draw_at(&canvas, figure, &Theme::new(kind, EXPORT_SCALE))?;
    download(&canvas.to_data_url_with_type("image/png")?, name)
}

/// Saves `text` as a CSV file called `name`.
pub fn text(text: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let result = download(&url, name);
    Url::revoke_object_url(&url)?;
    result
}

fn download(href: &str, name: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}
