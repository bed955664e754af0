//! The browser shell (wasm32 only): the page's entry point and the small surface
//! exported to JavaScript.
//!
//! For now the page is a placeholder: on start it installs the panic hook (so a Rust
//! panic shows its message in the browser console), writes "engine ready" into the
//! status line and draws one chart from the engine's own random generator, which
//! proves the engine runs in the browser. The full page (controls, animation loop,
//! charts) replaces [`placeholder`] later; the engine itself never depends on this
//! module.

mod placeholder;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// The id of the status line in `index.html`.
pub const STATUS_ID: &str = "status";
/// The id of the chart canvas in `index.html`.
pub const CANVAS_ID: &str = "canvas";

/// Runs once when the module is loaded. A page without the status line or the
/// canvas (a test page, an embedding that does not want them) is left alone.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        // Not a window (a worker, a test runner): nothing to show.
        return Ok(());
    };
    if let Some(canvas) = document.get_element_by_id(CANVAS_ID) {
        let canvas: HtmlCanvasElement = canvas
            .dyn_into()
            .map_err(|_| JsError::new("#canvas is not a <canvas> element"))?;
        placeholder::draw(&canvas)?;
    }
    if let Some(status) = document.get_element_by_id(STATUS_ID) {
        status.set_text_content(Some("engine ready"));
    }
    Ok(())
}

/// The version of the engine (the crate's version), for the page footer and bug reports.
#[wasm_bindgen]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Runs a preset (for at most `epochs` epochs, if given) and returns the JSON lines
/// the command line prints with `gradient-lab run PRESET --format jsonl`: the page
/// and the command line compute the same numbers, and the end-to-end test checks it.
#[wasm_bindgen]
pub fn run_preset_jsonl(preset: &str, epochs: Option<u32>) -> Result<String, JsError> {
    let preset = crate::presets::find(preset)
        .ok_or_else(|| JsError::new(&format!("unknown preset '{preset}'")))?;
    let checked = preset
        .config
        .validate()
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::report::run_to_jsonl(
        &checked,
        epochs.map(|e| e as usize),
    ))
}
