//! The language the page speaks: the link's `lang=`, else the browser's first one of
//! ours, else English. A language other than English is fetched once (see
//! [`super::assets`]); then every text of the page is put in it ([`relabel`]), the
//! header's texts by their `data-t` keys in `index.html`, the rest from the scenes'
//! tables, and the charts redraw in it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::dom;
use crate::app::page::PageSettings;
use crate::lang::{self, Lang};
use crate::scenes::controls::Kind;
use crate::scenes::{self, KINDS};
use crate::t;

/// The language `page` asks for.
pub fn wanted(page: &PageSettings) -> Lang {
    page.lang.unwrap_or_else(browser)
}

/// The browser's first language that is one of ours, else English.
pub fn browser() -> Lang {
    let tags: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::from_browser(&tags)
}

/// Speaks `l` once its catalog is in: at once when it is, else after fetching it;
/// English if it cannot be had. `then` runs after the switch, with the sentence to
/// show if it failed.
pub fn speak(l: Lang, then: impl FnOnce(Option<String>) + 'static) -> Result<(), JsValue> {
    speak_boxed(l, Box::new(then))
}

fn speak_boxed(l: Lang, then: Box<dyn FnOnce(Option<String>)>) -> Result<(), JsValue> {
    if lang::is_available(l) {
        lang::set(l);
        relabel()?;
        then(None);
        return Ok(());
    }
    super::assets::fetch_catalog(l, move |problem| {
        let done = match problem {
            None => {
                lang::set(l);
                relabel().map(|()| then(None))
            }
            Some(p) if l != Lang::En => speak_boxed(Lang::En, Box::new(|_| then(Some(p)))),
            Some(p) => relabel().map(|()| then(Some(p))),
        };
        if let Err(e) = done {
            wasm_bindgen::throw_val(e);
        }
    })
}

/// Puts every fixed text of the page in the current language: the header's, the
/// experiment menu, the settings column and the figures' labels. (What changes
/// with the run, the status line and the notes, is written as it is shown.)
pub fn relabel() -> Result<(), JsValue> {
    let doc = dom::document()?;
    if let Some(root) = doc.document_element() {
        root.set_attribute("lang", lang::current().word())?;
    }
    doc.set_title(t!("page.title"));
    for (attr, put) in [
        (
            "data-t",
            put_text as fn(&Element, &str) -> Result<(), JsValue>,
        ),
        ("data-t-title", |e, s| e.set_attribute("title", s)),
        ("data-t-aria", |e, s| e.set_attribute("aria-label", s)),
        ("data-t-placeholder", |e, s| {
            e.set_attribute("placeholder", s)
        }),
    ] {
        for e in all(&doc, &format!("[{attr}]"))? {
            if let Some(key) = e.get_attribute(attr) {
                put(&e, t!(&key))?;
            }
        }
    }
    presets(&doc)?;
    controls(&doc)?;
    figures(&doc)?;
    Ok(())
}

fn put_text(e: &Element, s: &str) -> Result<(), JsValue> {
    e.set_text_content(Some(s));
    Ok(())
}

/// Every element `selector` finds.
fn all(doc: &Document, selector: &str) -> Result<Vec<Element>, JsValue> {
    let list = doc.query_selector_all(selector)?;
    Ok((0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect())
}

fn one(doc: &Document, selector: &str) -> Option<Element> {
    doc.query_selector(selector).ok().flatten()
}

/// The experiment menu: "name — title" per preset, then custom settings.
fn presets(doc: &Document) -> Result<(), JsValue> {
    for p in scenes::all_presets() {
        if let Some(o) = one(doc, &format!("#preset option[value=\"{}\"]", p.name)) {
            o.set_text_content(Some(&format!("{} — {}", p.name, p.title_text())));
        }
    }
    if let Some(o) = one(doc, "#preset option[value=\"custom\"]") {
        o.set_text_content(Some(t!("page.custom")));
    }
    Ok(())
}

/// The settings column: legends, labels, tooltips, menus' and toggles' labels.
fn controls(doc: &Document) -> Result<(), JsValue> {
    for kind in KINDS {
        for g in kind.groups {
            let selector = format!("fieldset[data-group=\"{}\"] > legend", g.name);
            if let Some(l) = one(doc, &selector) {
                l.set_text_content(Some(g.legend_text()));
            }
        }
        for c in kind.controls {
            let Some(row) = one(doc, &format!(".control[data-key=\"{}\"]", c.id)) else {
                continue;
            };
            row.set_attribute("title", c.help_text())?;
            let named = match c.kind {
                Kind::Button => doc.get_element_by_id(&format!("c-{}", c.id)),
                Kind::Toggles(_) => doc.get_element_by_id(&format!("c-{}-label", c.id)),
                _ => one(doc, &format!("label[for=\"c-{}\"]", c.id)),
            };
            if let Some(n) = named {
                n.set_text_content(Some(c.label_text()));
            }
            if let Kind::Select(options) | Kind::Toggles(options) = c.kind {
                let select = matches!(c.kind, Kind::Select(_));
                for (value, english) in lang::with(Lang::En, options) {
                    let target = if select {
                        one(doc, &format!("#c-{} option[value=\"{value}\"]", c.id))
                    } else {
                        one(doc, &format!("#c-{}-{value} + span", c.id))
                    };
                    if let Some(o) = target {
                        o.set_text_content(Some(&c.option_label(&value, &english)));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Each figure's label for screen readers, tooltip, hint and export buttons.
fn figures(doc: &Document) -> Result<(), JsValue> {
    for kind in KINDS {
        for f in kind.figures {
            let Some(figure) = one(doc, &format!("figure[data-panel=\"{}\"]", f.word)) else {
                continue;
            };
            let label = f.label_text(kind.word);
            if let Some(c) = figure.query_selector("canvas")? {
                c.set_attribute("aria-label", label)?;
                if !f.tooltip.is_empty() {
                    c.set_attribute("title", f.tooltip_text(kind.word))?;
                }
            }
            if let Some(h) = figure.query_selector("figcaption > span")? {
                h.set_text_content(Some(f.hint_text(kind.word)));
            }
            for b in all(
                doc,
                &format!("figure[data-panel=\"{}\"] [data-export]", f.word),
            )? {
                let format = b
                    .get_attribute("data-export")
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                b.set_attribute("title", &t!("page.export", panel = label, format = format))?;
            }
        }
    }
    Ok(())
}
