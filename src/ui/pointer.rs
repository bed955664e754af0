//! The pointer over the network diagram: a tooltip that names the link or unit
//! under it (weight or bias, gradient, saturation), the unit shown large in the
//! model panel, and a click that opens a small form to edit the weight or bias.
//! The edit goes through the session like any mid-run change, so the link
//! records it and replays it.

use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement, HtmlFormElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use super::page::{with_ui, Ui};
use super::{canvas, dom};
use crate::charts::{Panel, Theme};
use crate::scenes::{Click, Pointed};

/// Listens on the diagram's canvas and on the edit form.
pub fn wire() -> Result<(), JsValue> {
    let word = Panel::Diagram.word();
    let Some(canvas) = with_ui(|ui| ui.canvas(word)).flatten() else {
        return Ok(());
    };
    for event in ["mousemove", "click"] {
        let target = canvas.clone();
        dom::listen(&canvas, event, move |e: MouseEvent| {
            let sx = f64::from(target.width()) / f64::from(target.client_width().max(1));
            let sy = f64::from(target.height()) / f64::from(target.client_height().max(1));
            let at = Click {
                size: (target.width(), target.height()),
                x: f64::from(e.offset_x()) * sx,
                y: f64::from(e.offset_y()) * sy,
            };
            let client = (e.client_x(), e.client_y());
            with_ui(|ui| {
                if event == "click" {
                    ui.pick(word, at, client);
                } else {
                    ui.hover(word, at, client);
                }
            });
        })?;
    }
    dom::listen(&canvas, "mouseleave", |_: Event| {
        with_ui(|ui| {
            show_tip(None, (0, 0));
            if ui.session.leave() {
                ui.dirty = true;
            }
        });
    })?;
    let form: HtmlFormElement = dom::by_id("edit")?;
    dom::listen(&form, "submit", |e: Event| {
        e.prevent_default();
        with_ui(|ui| ui.submit_edit());
    })?;
    dom::listen(&form, "keydown", |e: KeyboardEvent| {
        if e.key() == "Escape" {
            close_edit();
        }
    })?;
    let cancel: HtmlElement = dom::by_id("edit-cancel")?;
    dom::listen(&cancel, "click", |_: Event| close_edit())?;
    Ok(())
}

fn theme(ui: &Ui) -> Theme {
    Theme::new(ui.session.page().theme, canvas::device_pixel_ratio())
}

impl Ui {
    fn hover(&mut self, word: &str, at: Click, client: (i32, i32)) {
        let theme = theme(self);
        let (pointed, changed) = self.session.point(word, at, &theme);
        show_tip(pointed.as_ref().map(|p| p.text.as_str()), client);
        if changed {
            self.dirty = true;
        }
    }

    fn pick(&mut self, word: &str, at: Click, client: (i32, i32)) {
        let theme = theme(self);
        let (pointed, _) = self.session.point(word, at, &theme);
        if let Some(Pointed {
            edit: Some((key, value)),
            ..
        }) = pointed
        {
            show_tip(None, client);
            open_edit(&key, value, client);
        }
    }

    fn submit_edit(&mut self) {
        let (Ok(form), Ok(input)) = (
            dom::by_id::<HtmlFormElement>("edit"),
            dom::by_id::<HtmlInputElement>("edit-value"),
        ) else {
            return;
        };
        let key = form.get_attribute("data-key").unwrap_or_default();
        let value = input.value().trim().replace(',', ".");
        match self.session.apply(&key, &value) {
            Ok(_) => {
                close_edit();
                self.after_change();
            }
            // The form stays open with what was typed; the note says why.
            Err(e) => self.note(e),
        }
    }
}

fn show_tip(text: Option<&str>, (x, y): (i32, i32)) {
    let Ok(tip) = dom::by_id::<HtmlElement>("tip") else {
        return;
    };
    match text {
        Some(t) => {
            tip.set_text_content(Some(t));
            let style = tip.style();
            let _ = style.set_property("left", &format!("{}px", x + 14));
            let _ = style.set_property("top", &format!("{}px", y + 14));
            tip.set_hidden(false);
        }
        None => tip.set_hidden(true),
    }
}

fn open_edit(key: &str, value: f64, (x, y): (i32, i32)) {
    let (Ok(form), Ok(input), Ok(what)) = (
        dom::by_id::<HtmlFormElement>("edit"),
        dom::by_id::<HtmlInputElement>("edit-value"),
        dom::by_id::<HtmlElement>("edit-what"),
    ) else {
        return;
    };
    let _ = form.set_attribute("data-key", key);
    what.set_text_content(Some(key));
    input.set_value(&format!("{}", (value * 1e6).round() / 1e6));
    let style = form.style();
    let _ = style.set_property("left", &format!("{}px", (x - 40).max(4)));
    let _ = style.set_property("top", &format!("{}px", y + 12));
    form.set_hidden(false);
    let _ = input.focus();
    input.select();
}

fn close_edit() {
    if let Ok(form) = dom::by_id::<HtmlElement>("edit") {
        form.set_hidden(true);
    }
}
