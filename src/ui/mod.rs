//! The browser layer (wasm32 only): a thin shell over the engine. [`page`]
//! builds the page and runs its animation loop over a [`crate::app::session::Session`];
//! this module is the whole surface exported to JavaScript.

mod assets;
mod canvas;
mod controls;
mod data_file;
mod dom;
mod export;
mod frame;
mod language;
mod page;
mod pointer;
mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Runs once when the module loads. A document without the page's skeleton
/// (a test runner, an embedding that only wants the exports) is left alone.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    if document.get_element_by_id("panels").is_none() {
        return Ok(());
    }
    // The page is built once its language's texts and the digits are in (local
    // fetches, started as the module runs): a link to a digits preset then opens as
    // it would with them compiled in, and no English flashes before the language.
    // Digits handed over already (an embedding, the browser tests) need no fetch.
    // Both fetches run at once; the last to land builds the page.
    let hash = document
        .location()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let wanted = language::wanted(&crate::app::link::Link::parse(&hash).0.page);
    let waiting = Rc::new(RefCell::new((2u8, Vec::<String>::new())));
    let landed = move |problem: Option<String>| {
        let mut w = waiting.borrow_mut();
        w.0 -= 1;
        w.1.extend(problem);
        if w.0 == 0 {
            let problems = std::mem::take(&mut w.1);
            drop(w);
            if let Err(e) = page::build(problems) {
                wasm_bindgen::throw_val(e);
            }
        }
    };
    if crate::engine::digits::available() {
        landed(None);
    } else {
        assets::fetch_digits(landed.clone())?;
    }
    language::speak(wanted, landed)
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
    let preset = crate::scenes::network::presets::find(preset)
        .ok_or_else(|| JsError::new(&format!("unknown preset '{preset}'")))?;
    let checked = crate::engine::settings::Settings::validate(&preset.config)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::scenes::network::report::run_to_jsonl(
        &checked,
        epochs.map(|e| e as usize),
    ))
}

/// The page's state: step, play state, divergence, status line, the link's hash,
/// notes and the animation loop's timings.
#[wasm_bindgen]
pub fn page_state() -> Result<JsValue, JsError> {
    let state =
        page::with_ui(|ui| ui.state()).ok_or_else(|| JsError::new("the page is not built"))?;
    // None as null, not undefined: `diverged === null` reads as "did not diverge".
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    state
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Loads CSV text as the page's "load" button does: a good text switches the run to
/// data=file and restarts it; a bad one throws the message (also shown in the
/// notes) and leaves the run and the last good data as they were.
#[wasm_bindgen]
pub fn load_data(text: &str) -> Result<(), JsError> {
    page::with_ui(|ui| ui.load_data(text))
        .ok_or_else(|| JsError::new("the page is not built"))?
        .map_err(|e| JsError::new(&e))
}

/// The loaded rows as the "download data (CSV)" button saves them; null when none.
#[wasm_bindgen]
pub fn page_data_csv() -> Result<Option<String>, JsError> {
    page::with_ui(|ui| ui.session.data_csv()).ok_or_else(|| JsError::new("the page is not built"))
}

/// Benchmark: loads `text` as [`load_data`] does (parse, restart, redraw the
/// controls); returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_load_data(text: &str) -> Result<f64, JsError> {
    let t0 = dom::now();
    load_data(text)?;
    Ok(dom::now() - t0)
}

/// The numbers behind a figure of the open scene (`loss`, `gradients`, `activation`,
/// `model`, `change`, `weights`, `compare` while the comparison is on, `through-time` for a
/// recurrent run, `cliff`) as CSV.
#[wasm_bindgen]
pub fn page_csv(panel: &str) -> Result<String, JsError> {
    page::with_ui(|ui| ui.session.scene().csv(panel, &ui.session.options()))
        .ok_or_else(|| JsError::new("the page is not built"))?
        .map_err(|e| JsError::new(&e))
}

/// Benchmark: trains one whole epoch of the current run (and of the comparison,
/// when it is on) and redraws every panel, as one frame would at full speed;
/// returns [train ms, draw ms]. The run goes on from where it is (the page
/// shows the extra epoch).
#[wasm_bindgen]
pub fn bench_frame() -> Result<Vec<f64>, JsError> {
    page::with_ui(|ui| {
        let steps = ui.session.steps_per_epoch() as u32;
        let t0 = dom::now();
        ui.session.advance(steps, |_| false);
        let t1 = dom::now();
        ui.redraw();
        vec![t1 - t0, dom::now() - t1]
    })
    .ok_or_else(|| JsError::new("the page is not built"))
}

/// Benchmark: the race of all seven optimizers for `steps` steps on `surface`,
/// and its `grid` × `grid` contour grid; returns the milliseconds they took.
#[wasm_bindgen]
pub fn bench_race(surface: &str, steps: u32, grid: u32) -> Result<f64, JsError> {
    use crate::engine::settings::Settings;
    use crate::scenes::race::{config::RaceConfig, laps::Race, replay::grid_of};
    let kind = surface.parse().map_err(|e: String| JsError::new(&e))?;
    let mut config = RaceConfig::on(kind);
    config.steps = steps as usize;
    config.grid = grid as usize;
    config
        .validate()
        .map_err(|e| JsError::new(&e.to_string()))?;
    let t0 = dom::now();
    let race = Race::run(&config);
    let contours = grid_of(&config);
    let ms = dom::now() - t0;
    // Use the results, so the work cannot be skipped.
    if race.laps.len() != 7 || contours.loss.len() != (grid * grid) as usize {
        return Err(JsError::new("the race has the wrong size"));
    }
    Ok(ms)
}

/// Benchmark: computes the cliff's loss and gradient over a `grid` × `grid`
/// surface at sequence length `t`; returns the milliseconds it took.
#[wasm_bindgen]
pub fn bench_cliff_surface(t: u32, grid: u32) -> Result<f64, JsError> {
    let config = crate::scenes::cliff::config::CliffConfig {
        t: t as usize,
        grid: grid as usize,
        ..Default::default()
    };
    crate::engine::settings::Settings::validate(&config)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let t0 = dom::now();
    let surface = config.surface();
    let ms = dom::now() - t0;
    // Use the result, so the work cannot be skipped.
    if surface.loss.len() != (grid * grid) as usize {
        return Err(JsError::new("surface has the wrong size"));
    }
    Ok(ms)
}
