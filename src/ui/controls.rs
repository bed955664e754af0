//! The settings column and the experiment menu, built from the scenes' registry:
//! one fieldset per group of each kind's control table, one row per control, and
//! the two ways between a control's element and its written value.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::dom;
use crate::app::page::PageSettings;
use crate::engine::settings::Settings;
use crate::scenes::controls::{self, Control, Kind};
use crate::scenes::{self, Scene, KINDS};

/// The experiment menu: every kind's presets in registry order, then custom settings.
pub fn fill_presets() -> Result<(), JsValue> {
    let select: HtmlSelectElement = dom::by_id("preset")?;
    for p in scenes::all_presets() {
        let o = dom::make("option", "", &format!("{} — {}", p.name, p.title))?;
        o.set_attribute("value", p.name)?;
        select.append_child(&o)?;
    }
    let o = dom::make("option", "", crate::t!("page.custom"))?;
    o.set_attribute("value", "custom")?;
    select.append_child(&o)?;
    Ok(())
}

/// Every kind's fieldsets, each marked with its kind (only the open kind's show).
pub fn build_controls() -> Result<(), JsValue> {
    let aside: HtmlElement = dom::by_id("controls")?;
    for kind in KINDS {
        for group in kind.groups {
            let members: Vec<&Control> = kind
                .controls
                .iter()
                .filter(|c| c.group == group.name)
                .collect();
            let set = fieldset(group.legend, &members)?;
            set.set_attribute("data-scene", kind.word)?;
            set.set_attribute("data-group", group.name)?;
            if let Some(id) = group.id {
                set.set_id(id);
            }
            aside.append_child(&set)?;
        }
    }
    Ok(())
}

/// A fieldset titled `title` holding one row per control.
fn fieldset(title: &str, members: &[&Control]) -> Result<HtmlElement, JsValue> {
    let fieldset = dom::make("fieldset", "group", "")?;
    let legend = dom::make("legend", "", title)?;
    fieldset.append_child(&legend)?;
    for c in members {
        let row = control_row(c)?;
        fieldset.append_child(&row)?;
    }
    Ok(fieldset)
}

fn control_row(c: &Control) -> Result<HtmlElement, JsValue> {
    let row = dom::make("div", "control", "")?;
    row.set_attribute("data-key", c.id)?;
    row.set_title(c.help);
    match &c.kind {
        // The button names itself; the toggles are a group labelled by their title.
        Kind::Button => {}
        Kind::Toggles(_) => {
            let title = dom::make("span", "", c.label)?;
            title.set_id(&format!("c-{}-label", c.id));
            row.append_child(&title)?;
        }
        _ => {
            let label = dom::make("label", "", c.label)?;
            label.set_attribute("for", &format!("c-{}", c.id))?;
            row.append_child(&label)?;
        }
    }
    let input: Element = match &c.kind {
        Kind::Select(options) => {
            let s = dom::make("select", "", "")?;
            for (value, text) in options() {
                let o = dom::make("option", "", &text)?;
                o.set_attribute("value", &value)?;
                s.append_child(&o)?;
            }
            s.into()
        }
        Kind::Range {
            min,
            max,
            step,
            log,
        } => {
            let i = dom::make("input", "", "")?;
            i.set_attribute("type", "range")?;
            let (lo, hi, st) = if *log {
                (min.log10(), max.log10(), 0.01)
            } else {
                (*min, *max, *step)
            };
            i.set_attribute("min", &lo.to_string())?;
            i.set_attribute("max", &hi.to_string())?;
            i.set_attribute("step", &st.to_string())?;
            i.into()
        }
        Kind::Check => {
            let i = dom::make("input", "", "")?;
            i.set_attribute("type", "checkbox")?;
            i.into()
        }
        Kind::Number { min, max, step } => {
            let i = dom::make("input", "", "")?;
            i.set_attribute("type", "number")?;
            i.set_attribute("min", &min.to_string())?;
            i.set_attribute("max", &max.to_string())?;
            i.set_attribute("step", &step.to_string())?;
            i.into()
        }
        Kind::Toggles(options) => {
            let group = dom::make("div", "toggles", "")?;
            group.set_attribute("role", "group")?;
            group.set_attribute("aria-labelledby", &format!("c-{}-label", c.id))?;
            for (word, text) in options() {
                let label = dom::make("label", "toggle", "")?;
                let i = dom::make("input", "", "")?;
                i.set_attribute("type", "checkbox")?;
                i.set_attribute("data-word", &word)?;
                i.set_id(&format!("c-{}-{word}", c.id));
                label.append_child(&i)?;
                let text = dom::make("span", "", &text)?;
                label.append_child(&text)?;
                group.append_child(&label)?;
            }
            group.into()
        }
        Kind::Button => {
            let b = dom::make("button", "", c.label)?;
            b.set_attribute("type", "button")?;
            b.into()
        }
    };
    input.set_id(&format!("c-{}", c.id));
    row.append_child(&input)?;
    if matches!(c.kind, Kind::Range { .. }) {
        let out = dom::make("output", "", "")?;
        row.append_child(&out)?;
    }
    Ok(row)
}

/// The value a control holds, in the form the scene's `control_setting` reads.
pub fn control_value(id: &str) -> Option<String> {
    let c = scenes::control(id)?;
    let e = dom::document()
        .ok()?
        .get_element_by_id(&format!("c-{id}"))?;
    Some(match &c.kind {
        Kind::Select(_) => e.dyn_into::<HtmlSelectElement>().ok()?.value(),
        Kind::Check => e.dyn_into::<HtmlInputElement>().ok()?.checked().to_string(),
        Kind::Range { log: true, .. } => {
            let x: f64 = e
                .dyn_into::<HtmlInputElement>()
                .ok()?
                .value()
                .parse()
                .ok()?;
            controls::short(10f64.powf(x))
        }
        Kind::Toggles(_) => toggles(&e)
            .iter()
            .filter(|i| i.checked())
            .filter_map(|i| i.get_attribute("data-word"))
            .collect::<Vec<_>>()
            .join(","),
        Kind::Button => String::new(),
        _ => e.dyn_into::<HtmlInputElement>().ok()?.value(),
    })
}

/// The checkboxes of a toggles control, in order.
fn toggles(group: &Element) -> Vec<HtmlInputElement> {
    let Ok(list) = group.query_selector_all("input[type=checkbox]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k)?.dyn_into::<HtmlInputElement>().ok())
        .collect()
}

/// Shows `value` in control `c`'s element `e`.
fn set_control(c: &Control, e: &Element, value: &str) -> Result<(), JsValue> {
    match &c.kind {
        Kind::Select(_) => {
            let s: HtmlSelectElement = e.clone().dyn_into()?;
            // A value the menu lacks (from a link or a preset) gets its own entry.
            let has = (0..s.length()).any(|i| {
                s.item(i)
                    .and_then(|o| o.get_attribute("value"))
                    .is_some_and(|v| v == value)
            });
            if !has {
                // Only one such entry at a time: drop the last link's.
                let old = s.query_selector_all("option[data-extra]")?;
                for i in 0..old.length() {
                    if let Some(n) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        n.remove();
                    }
                }
                let o = dom::make("option", "", value)?;
                o.set_attribute("value", value)?;
                o.set_attribute("data-extra", "")?;
                s.append_child(&o)?;
            }
            s.set_value(value);
        }
        Kind::Check => e
            .clone()
            .dyn_into::<HtmlInputElement>()?
            .set_checked(value == "true"),
        Kind::Range { log, .. } => {
            let i: HtmlInputElement = e.clone().dyn_into()?;
            let v: f64 = value.parse().unwrap_or(0.0);
            i.set_value(&if *log { v.max(1e-12).log10() } else { v }.to_string());
            if let Some(out) = output_of(c.id) {
                out.set_text_content(Some(value));
            }
        }
        Kind::Number { .. } => e.clone().dyn_into::<HtmlInputElement>()?.set_value(value),
        Kind::Toggles(_) => {
            let on: Vec<&str> = value.split(',').collect();
            for i in toggles(e) {
                let word = i.get_attribute("data-word").unwrap_or_default();
                i.set_checked(on.contains(&word.as_str()));
            }
        }
        Kind::Button => {}
    }
    Ok(())
}

pub fn output_of(id: &str) -> Option<Element> {
    dom::document()
        .ok()?
        .query_selector(&format!(".control[data-key=\"{id}\"] output"))
        .ok()?
}

/// Puts the open scene's controls in line with its settings, shows only its
/// fieldsets, and hides the controls that do not apply or that `hide=` names.
pub fn sync(doc: &Document, scene: &dyn Scene, page: &PageSettings) -> Result<(), JsValue> {
    let kind = scene.kind();
    for (c, (_, value)) in kind.controls.iter().zip(scene.control_values()) {
        let Some(e) = doc.get_element_by_id(&format!("c-{}", c.id)) else {
            continue;
        };
        let _ = e.class_list().remove_1("rejected");
        if let Some(max) = scene.control_max(c.id) {
            e.set_attribute("max", &max.to_string())?;
        }
        set_control(c, &e, &value)?;
        if let Some(row) = e.parent_element() {
            dom::show(
                &row,
                scene.control_applies(c.id) && !page.hides(scene.hide_word(c.id)),
            );
        }
    }
    let sets = doc.query_selector_all("#controls fieldset")?;
    for i in 0..sets.length() {
        if let Some(f) = sets.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            dom::show(
                &f,
                f.get_attribute("data-scene").as_deref() == Some(kind.word),
            );
        }
    }
    Ok(())
}

/// The controls whose range follows the run (the race's step slider), brought up
/// to date after each drawn frame.
pub fn sync_live(doc: &Document, scene: &dyn Scene) -> Result<(), JsValue> {
    for c in scene.kind().controls {
        let Some(max) = scene.control_max(c.id) else {
            continue;
        };
        if let Some(e) = doc.get_element_by_id(&format!("c-{}", c.id)) {
            e.set_attribute("max", &max.to_string())?;
            set_control(c, &e, &scene.control_value(c.id))?;
        }
    }
    Ok(())
}

/// The header's page settings: each element's `data-key` is the link's key. A view
/// key some other kind uses but the open one does not (the loss axis on the cliff)
/// is moot and hidden.
pub fn sync_header(doc: &Document, scene: &dyn Scene, page: &PageSettings) -> Result<(), JsValue> {
    let own = scene.kind().view_keys;
    let moot = |key: &str| KINDS.iter().any(|k| k.view_keys.contains(&key)) && !own.contains(&key);
    for (key, value) in page.to_pairs() {
        if let Some(e) = doc.query_selector(&format!("header [data-key=\"{key}\"]"))? {
            if let Some(s) = e.dyn_ref::<HtmlSelectElement>() {
                s.set_value(&value);
            } else if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
                i.set_value(&value);
            }
            if let Some(row) = e.parent_element() {
                dom::show(&row, !page.hides(&key) && !moot(&key));
            }
        }
    }
    if let Some(out) = doc.get_element_by_id("speed-value") {
        out.set_text_content(Some(&crate::tn!("page.speed-value", page.speed)));
    }
    Ok(())
}
