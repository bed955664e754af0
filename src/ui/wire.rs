//! The page's event listeners: every control of every kind, the header's page
//! settings, the buttons and keys, exports, clicks on figures, resizes and the hash.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent,
};

use super::controls::{control_value, output_of};
use super::dom;
use super::page::{with_ui, Action};
use crate::scenes::controls::Kind;
use crate::scenes::KINDS;

pub fn wire() -> Result<(), JsValue> {
    let doc = dom::document()?;
    for c in KINDS.iter().flat_map(|k| k.controls) {
        let id = c.id;
        let e = doc
            .get_element_by_id(&format!("c-{id}"))
            .ok_or_else(|| JsValue::from_str(&format!("no control {id}")))?;
        // While a slider moves, show its value; apply it when let go.
        if matches!(c.kind, Kind::Range { .. }) {
            dom::listen(&e, "input", move |_: Event| {
                if let (Some(v), Some(out)) = (control_value(id), output_of(id)) {
                    out.set_text_content(Some(&v));
                }
            })?;
        }
        // A button acts on click; the toggles' changes bubble up to their group.
        let event = if matches!(c.kind, Kind::Button) {
            "click"
        } else {
            "change"
        };
        dom::listen(&e, event, move |_: Event| {
            if let Some(v) = control_value(id) {
                with_ui(|ui| ui.change(id, &v));
            }
        })?;
    }
    wire_header(&doc)?;
    for (id, action) in [
        ("play", Action::PlayPause),
        ("step", Action::Step),
        ("reset", Action::Reset),
    ] {
        let b: HtmlButtonElement = dom::by_id(id)?;
        dom::listen(&b, "click", move |_: Event| {
            with_ui(|ui| ui.act(action));
        })?;
    }
    let dismiss: HtmlButtonElement = dom::by_id("dismiss")?;
    dom::listen(&dismiss, "click", |_: Event| {
        with_ui(|ui| {
            ui.notes.clear();
            ui.show_notes();
        });
    })?;
    dom::listen(&doc, "click", |e: web_sys::MouseEvent| {
        let Some(b) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(what) = b.get_attribute("data-export") else {
            return;
        };
        let word = b
            .closest("figure")
            .ok()
            .flatten()
            .and_then(|f| f.get_attribute("data-panel"))
            .unwrap_or_default();
        with_ui(|ui| ui.export(&word, &what));
    })?;
    dom::listen(&doc, "keydown", |e: KeyboardEvent| {
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let action = match e.key().as_str() {
            " " => Action::PlayPause,
            "ArrowRight" => Action::Step,
            "r" | "R" => Action::Reset,
            _ => return,
        };
        e.prevent_default();
        with_ui(|ui| ui.act(action));
    })?;
    wire_figures()?;
    super::pointer::wire()?;
    let window = dom::window()?;
    dom::listen(&window, "resize", |_: Event| {
        with_ui(|ui| ui.dirty = true);
    })?;
    dom::listen(&window, "hashchange", |_: Event| {
        let hash = dom::window()
            .and_then(|w| w.location().hash())
            .unwrap_or_default();
        with_ui(|ui| ui.open(&hash));
    })?;
    Ok(())
}

/// The header: page settings (each element's data-key is the link's key), the
/// speed readout and the experiment menu.
fn wire_header(doc: &web_sys::Document) -> Result<(), JsValue> {
    let page_keys = doc.query_selector_all("header [data-key]")?;
    for i in 0..page_keys.length() {
        let Some(e) = page_keys.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let key = e.get_attribute("data-key").unwrap_or_default();
        let target = e.clone();
        dom::listen(&e, "change", move |_: Event| {
            let value = match target.dyn_ref::<HtmlSelectElement>() {
                Some(s) => s.value(),
                None => target
                    .dyn_ref::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default(),
            };
            with_ui(|ui| ui.change_page(&key, &value));
        })?;
    }
    // The speed readout follows the slider while it moves.
    if let Some(speed) = doc.query_selector("header input[data-key=\"speed\"]")? {
        let target = speed.clone();
        dom::listen(&speed, "input", move |_: Event| {
            if let (Some(i), Some(out)) = (
                target.dyn_ref::<HtmlInputElement>(),
                dom::document()
                    .ok()
                    .and_then(|d| d.get_element_by_id("speed-value")),
            ) {
                let n = i.value().parse::<u32>().unwrap_or(0);
                out.set_text_content(Some(&crate::tn!("page.speed-value", n)));
            }
        })?;
    }
    let preset: HtmlSelectElement = dom::by_id("preset")?;
    let p2 = preset.clone();
    dom::listen(&preset, "change", move |_: Event| {
        let name = p2.value();
        with_ui(|ui| ui.load_preset(&name));
    })?;
    Ok(())
}

/// A click on any figure goes to the open scene, which may act on it; so does
/// moving with the button held (dragging the race's start).
fn wire_figures() -> Result<(), JsValue> {
    let figures = with_ui(|ui| ui.figures.clone()).unwrap_or_default();
    for (word, canvas) in figures {
        for event in ["click", "mousemove"] {
            let target = canvas.clone();
            dom::listen(&canvas, event, move |e: web_sys::MouseEvent| {
                if event == "mousemove" && e.buttons() & 1 == 0 {
                    return;
                }
                // CSS pixels to the canvas's device pixels.
                let sx = f64::from(target.width()) / f64::from(target.client_width().max(1));
                let sy = f64::from(target.height()) / f64::from(target.client_height().max(1));
                let (px, py) = (f64::from(e.offset_x()) * sx, f64::from(e.offset_y()) * sy);
                with_ui(|ui| ui.click(word, px, py));
            })?;
        }
    }
    Ok(())
}
