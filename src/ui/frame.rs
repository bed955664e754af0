//! The one animation loop: each frame runs as many training steps as the speed
//! asks for and the time budget allows, then redraws every visible figure once.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};

use super::page::{with_ui, Ui};
use super::{canvas, dom};
use crate::scenes::Advanced;

/// Milliseconds of training per frame at most: with the redraw this keeps a
/// frame near 16 ms, so the page never freezes whatever the speed.
const STEP_BUDGET_MS: f64 = 10.0;

pub fn start_loop() -> Result<(), JsValue> {
    // The closure re-schedules itself: it holds its own handle.
    type FrameCallback = Closure<dyn FnMut(f64)>;
    let handle: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let again = handle.clone();
    *handle.borrow_mut() = Some(Closure::new(move |_t: f64| {
        with_ui(|ui| ui.frame());
        if let (Ok(w), Some(c)) = (dom::window(), again.borrow().as_ref()) {
            let _ = w.request_animation_frame(c.as_ref().unchecked_ref());
        }
    }));
    let first = handle.borrow();
    let first = first
        .as_ref()
        .ok_or_else(|| JsValue::from_str("no frame callback"))?;
    dom::window()?.request_animation_frame(first.as_ref().unchecked_ref())?;
    Ok(())
}

impl Ui {
    /// One animation frame: train within the budget, then redraw if needed.
    pub fn frame(&mut self) {
        let t0 = dom::now();
        let mut done = Advanced::default();
        if self.session.playing {
            let speed = self.session.page().speed;
            done = self
                .session
                .advance(speed, |share| dom::now() - t0 > STEP_BUDGET_MS * share);
        }
        let t1 = dom::now();
        self.stats.steps_last_frame = done.steps;
        self.stats.rounds_last_frame = done.rounds;
        self.stats.step_ms = t1 - t0;
        if done != Advanced::default() || self.dirty {
            self.redraw();
            self.stats.draw_ms = dom::now() - t1;
        }
    }

    /// Redraws every visible figure of the open scene.
    pub fn redraw(&mut self) {
        self.dirty = false;
        let kind = self.session.page().theme;
        let options = self.session.options();
        self.session.scene_mut().prepare();
        let scene = self.session.scene();
        let mut failures = Vec::new();
        self.stats.panel_ms.clear();
        for (word, c) in &self.figures {
            if !is_shown(c) {
                continue;
            }
            let t0 = dom::now();
            if let Some(figure) = scene.figure(word, &options) {
                if let Err(e) = canvas::draw(c, &figure, kind) {
                    failures.push(format!("{e:?}"));
                }
                self.stats
                    .panel_ms
                    .push((word.to_string(), dom::now() - t0));
            }
        }
        self.stats.frames_drawn += 1;
        if self.stats.first_chart_ms.is_none() {
            self.stats.first_chart_ms = Some(dom::now());
        }
        for f in failures {
            self.note(f);
        }
        self.show_run();
    }
}

/// True when `canvas`'s figure is not hidden.
fn is_shown(canvas: &HtmlCanvasElement) -> bool {
    canvas
        .parent_element()
        .and_then(|f| f.dyn_into::<HtmlElement>().ok())
        .is_some_and(|f| !f.hidden())
}
