//! Your own data on the page: a text box with a load button, a file picker, a file
//! dropped anywhere on the page, and a download of the loaded rows as CSV. Only the
//! reading of the file is here; parsing and what a good or bad file does to the run
//! are the session's ([`crate::app::session::Session::load_data`]).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, File, FileReader, HtmlInputElement, HtmlTextAreaElement};

use super::dom;
use super::page::with_ui;
use crate::engine::data::file;

/// The fieldset the controls go in (the network's Data group).
const GROUP: &str = "network-data";

/// Adds the controls to the Data fieldset.
pub fn build() -> Result<(), JsValue> {
    let group: web_sys::HtmlElement = dom::by_id(GROUP)?;
    let block = dom::make("div", "data-file", "")?;
    block.set_id("data-file");
    // Every text here is written by language::relabel from its data-t key.
    let label = dom::make("label", "", "")?;
    label.set_attribute("for", "data-text")?;
    label.set_attribute("data-t", "page.data.label")?;
    block.append_child(&label)?;
    let text = dom::make("textarea", "", "")?;
    text.set_id("data-text");
    text.set_attribute("rows", "4")?;
    text.set_attribute("spellcheck", "false")?;
    text.set_attribute("data-t-placeholder", "page.data.placeholder")?;
    text.set_attribute("data-t-title", "page.data.help")?;
    block.append_child(&text)?;
    let buttons = dom::make("div", "data-buttons", "")?;
    let load = dom::make("button", "", "")?;
    load.set_id("data-load");
    load.set_attribute("type", "button")?;
    load.set_attribute("data-t", "page.data.load")?;
    load.set_attribute("data-t-title", "page.data.load.help")?;
    buttons.append_child(&load)?;
    let pick = dom::make("input", "", "")?;
    pick.set_id("data-pick");
    pick.set_attribute("type", "file")?;
    pick.set_attribute("accept", ".csv,.tsv,.txt,text/csv,text/plain")?;
    pick.set_attribute("data-t-aria", "page.data.pick")?;
    buttons.append_child(&pick)?;
    let download = dom::make("button", "", "")?;
    download.set_id("data-download");
    download.set_attribute("type", "button")?;
    download.set_attribute("data-t", "page.data.download")?;
    download.set_attribute("data-t-title", "page.data.download.help")?;
    buttons.append_child(&download)?;
    block.append_child(&buttons)?;
    let hint = dom::make("p", "data-hint", "")?;
    hint.set_attribute("data-t", "page.data.hint")?;
    hint.set_id("data-hint");
    block.append_child(&hint)?;
    group.append_child(&block)?;
    Ok(())
}

/// Listens to the load and download buttons, the picker and drops on the page.
pub fn wire() -> Result<(), JsValue> {
    let load: web_sys::HtmlElement = dom::by_id("data-load")?;
    dom::listen(&load, "click", |_: Event| {
        if let Ok(text) = dom::by_id::<HtmlTextAreaElement>("data-text") {
            let value = text.value();
            with_ui(|ui| ui.load_data(&value));
        }
    })?;
    let pick: HtmlInputElement = dom::by_id("data-pick")?;
    let target = pick.clone();
    dom::listen(&pick, "change", move |_: Event| {
        if let Some(f) = target.files().and_then(|l| l.get(0)) {
            read(&f);
        }
        // Picking the same file again must fire again.
        target.set_value("");
    })?;
    let download: web_sys::HtmlElement = dom::by_id("data-download")?;
    dom::listen(&download, "click", |_: Event| {
        with_ui(|ui| ui.download_data());
    })?;
    let doc = dom::document()?;
    // Without this the browser opens a dropped file instead of handing it over.
    dom::listen(&doc, "dragover", |e: DragEvent| e.prevent_default())?;
    dom::listen(&doc, "drop", |e: DragEvent| {
        e.prevent_default();
        if let Some(f) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            read(&f);
        }
    })?;
    Ok(())
}

/// Reads a file as text and loads it; one too big is refused before it is read.
fn read(f: &File) {
    let name = f.name();
    if let Err(e) = file::check_size(f.size() as usize) {
        with_ui(|ui| ui.note(crate::t!("page.data.too-big", file = name, why = e)));
        return;
    }
    let Ok(reader) = FileReader::new() else {
        return;
    };
    let done = reader.clone();
    let onload = Closure::once(move |_: Event| {
        let text = done.result().ok().and_then(|v| v.as_string());
        match text {
            Some(t) => {
                with_ui(|ui| ui.load_data(&t));
            }
            None => {
                with_ui(|ui| ui.note(crate::t!("page.data.not-text", file = name)));
            }
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    // The reader holds the only reference to the closure until it fires once.
    onload.forget();
    if reader.read_as_text(f).is_err() {
        with_ui(|ui| ui.note(crate::t!("page.data.unreadable").to_string()));
    }
}
