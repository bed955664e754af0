//! The page: builds the controls and panels from their tables, turns DOM events
//! into [`Session`] calls, and runs the one animation loop.
//!
//! Each frame runs as many training steps as the speed asks for and the time
//! budget allows, then redraws every visible panel once. Nothing a handler does
//! can throw the page away: a bad value becomes a note, a diverged run a banner,
//! and every control keeps working.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement, KeyboardEvent,
};

use super::canvas::{self, Figure};
use super::{dom, export};
use crate::app::link::Link;
use crate::app::session::{Advanced, Applied, Session};
use crate::charts::compare::Compared;
use crate::charts::{Panel, ThemeKind};
use crate::scenes::controls::{
    self, Control, Kind, CLIFF_CONTROLS, CONTROLS, DEFAULT_THRESHOLD, RNN_CONTROLS,
};
use crate::scenes::network::presets;
use crate::scenes::recurrent::presets as rnn_presets;

/// Milliseconds of training per frame at most: with the redraw this keeps a
/// frame near 16 ms, so the page never freezes whatever the speed.
const STEP_BUDGET_MS: f64 = 10.0;
/// Notes shown at once (the newest).
const MAX_NOTES: usize = 8;

// The page's one app state. The page is single-threaded, and the exports that
// tests and embedding pages call must reach it, hence a thread-local.
thread_local! {
    static UI: RefCell<Option<Ui>> = const { RefCell::new(None) };
}

/// Runs `f` on the page's state, if the page is built.
pub fn with_ui<R>(f: impl FnOnce(&mut Ui) -> R) -> Option<R> {
    UI.with(|u| u.borrow_mut().as_mut().map(f))
}

pub struct Ui {
    pub session: Session,
    /// The clip threshold to restore when clipping is turned back on.
    threshold: f64,
    notes: Vec<String>,
    /// Something changed that the panels do not show yet.
    dirty: bool,
    canvases: Vec<(Panel, HtmlCanvasElement)>,
    /// The cliff's canvas (shown instead of the panels on the cliff).
    cliff_canvas: HtmlCanvasElement,
    /// The recurrent run's canvas (shown instead of the panels for E6).
    rnn_canvas: HtmlCanvasElement,
    /// The comparison's canvas (shown with the panels while it is on).
    compare_canvas: HtmlCanvasElement,
    pub stats: FrameStats,
}

/// Figures of the animation loop, for the benchmark and the tests.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FrameStats {
    pub steps_last_frame: u32,
    /// Lockstep rounds of the comparison in the last frame.
    pub rounds_last_frame: u32,
    pub step_ms: f64,
    pub draw_ms: f64,
    /// performance.now() when the first chart was drawn (ms from navigation).
    pub first_chart_ms: Option<f64>,
    pub frames_drawn: u64,
}

/// What `page_state()` returns to JavaScript.
#[derive(Serialize)]
pub struct PageState {
    pub preset: Option<String>,
    pub step: u64,
    pub playing: bool,
    pub finished: bool,
    pub diverged: Option<String>,
    pub status: String,
    pub hash: String,
    pub notes: Vec<String>,
    pub last_train_loss: Option<f64>,
    /// Steps the comparison's variants have taken (the most of any); None when off.
    pub compare_step: Option<u64>,
    pub stats: FrameStats,
}

/// Builds the page into the elements of `index.html` and starts the loop.
pub fn build() -> Result<(), JsValue> {
    let hash = dom::window()?.location().hash().unwrap_or_default();
    let (link, notes) = Link::parse(&hash);
    let threshold = clip_threshold(&link).unwrap_or(DEFAULT_THRESHOLD);
    fill_presets()?;
    build_controls()?;
    let canvases = build_panels()?;
    let cliff_canvas = build_figure(
        "cliff",
        "The cliff: the loss surface with the descent without and with clipping",
        "Click on either surface to start both descents there.",
    )?;
    cliff_canvas.set_title("Click on the surface to start both descents there");
    let rnn_canvas = build_figure(
        "through-time",
        "The gradient through time: a heat map of the gradient reaching each time step over training, the latest step's curve, and the loss",
        "Bright: the gradient reaches that time step; dark: it has vanished.",
    )?;
    let compare_canvas = build_figure(
        "compare",
        "The same net once per activation: training and test loss over epochs, overlaid",
        "The same net, once per activation, trained beside the run.",
    )?;
    let ui = Ui {
        session: Session::new(link),
        threshold,
        notes: Vec::new(),
        dirty: true,
        canvases,
        cliff_canvas,
        rnn_canvas,
        compare_canvas,
        stats: FrameStats::default(),
    };
    UI.with(|u| *u.borrow_mut() = Some(ui));
    with_ui(|ui| {
        for n in notes {
            ui.note(n);
        }
        ui.sync()
    })
    .transpose()?;
    wire()?;
    start_loop()
}

fn clip_threshold(link: &Link) -> Option<f64> {
    use crate::engine::clip::Clip;
    let clip = link.rnn.as_ref().map_or(link.config.clip, |r| r.clip);
    match clip {
        Clip::None => None,
        Clip::GlobalNorm(t) | Clip::Norm(t) | Clip::Value(t) => Some(t),
    }
}

fn fill_presets() -> Result<(), JsValue> {
    let select: HtmlSelectElement = dom::by_id("preset")?;
    for p in presets::all() {
        let o = dom::make("option", "", &format!("{} — {}", p.name, p.title))?;
        o.set_attribute("value", p.name)?;
        select.append_child(&o)?;
    }
    for p in rnn_presets::all() {
        let o = dom::make("option", "", &format!("{} — {}", p.name, p.title))?;
        o.set_attribute("value", p.name)?;
        select.append_child(&o)?;
    }
    let o = dom::make(
        "option",
        "",
        &format!(
            "{} — {}",
            crate::app::link::CLIFF_PRESET,
            crate::scenes::cliff::config::TITLE
        ),
    )?;
    o.set_attribute("value", crate::app::link::CLIFF_PRESET)?;
    select.append_child(&o)?;
    let o = dom::make("option", "", "custom settings")?;
    o.set_attribute("value", "custom")?;
    select.append_child(&o)?;
    Ok(())
}

fn build_controls() -> Result<(), JsValue> {
    let aside: HtmlElement = dom::by_id("controls")?;
    for group in controls::GROUPS {
        let members: Vec<&Control> = CONTROLS.iter().filter(|c| c.group == group).collect();
        let set = fieldset(group, &members)?;
        aside.append_child(&set)?;
    }
    let cliff: Vec<&Control> = CLIFF_CONTROLS.iter().collect();
    let set = fieldset("The cliff", &cliff)?;
    set.set_id("cliff-controls");
    aside.append_child(&set)?;
    let rnn: Vec<&Control> = RNN_CONTROLS.iter().collect();
    let set = fieldset("Through time", &rnn)?;
    set.set_id("rnn-controls");
    aside.append_child(&set)?;
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
    let label = dom::make("label", "", c.label)?;
    label.set_attribute("for", &format!("c-{}", c.id))?;
    row.append_child(&label)?;
    let input: Element = match &c.kind {
        Kind::Select(options) => {
            let s = dom::make("select", "", "")?;
            for (value, text) in *options {
                let o = dom::make("option", "", text)?;
                o.set_attribute("value", value)?;
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
    };
    input.set_id(&format!("c-{}", c.id));
    row.append_child(&input)?;
    if matches!(c.kind, Kind::Range { .. }) {
        let out = dom::make("output", "", "")?;
        row.append_child(&out)?;
    }
    Ok(row)
}

fn build_panels() -> Result<Vec<(Panel, HtmlCanvasElement)>, JsValue> {
    let section: HtmlElement = dom::by_id("panels")?;
    let mut out = Vec::new();
    for panel in Panel::ALL {
        let figure = dom::make("figure", "panel", "")?;
        figure.set_attribute("data-panel", panel.word())?;
        let c: HtmlCanvasElement = dom::make("canvas", "", "")?.dyn_into()?;
        c.set_attribute("role", "img")?;
        c.set_attribute("aria-label", panel.title())?;
        figure.append_child(&c)?;
        let caption = dom::make("figcaption", "", "")?;
        // The chart draws its own title; the strip holds the exports.
        let spacer = dom::make("span", "", "")?;
        caption.append_child(&spacer)?;
        for (what, text) in [("png", "PNG"), ("csv", "CSV")] {
            let b = dom::make("button", "export", text)?;
            b.set_attribute("type", "button")?;
            b.set_attribute("data-export", what)?;
            b.set_title(&format!("Save the {} panel as {text}", panel.word()));
            caption.append_child(&b)?;
        }
        figure.append_child(&caption)?;
        section.append_child(&figure)?;
        out.push((panel, c));
    }
    Ok(out)
}

/// A figure of its own (shown instead of the network's panels): a canvas with
/// `label` for screen readers, and a caption strip with `hint` and the exports.
fn build_figure(word: &str, label: &str, hint: &str) -> Result<HtmlCanvasElement, JsValue> {
    let section: HtmlElement = dom::by_id("panels")?;
    let figure = dom::make("figure", &format!("panel {word}"), "")?;
    figure.set_attribute("data-panel", word)?;
    let c: HtmlCanvasElement = dom::make("canvas", "", "")?.dyn_into()?;
    c.set_attribute("role", "img")?;
    c.set_attribute("aria-label", label)?;
    figure.append_child(&c)?;
    let caption = dom::make("figcaption", "", "")?;
    let title = dom::make("span", "", hint)?;
    caption.append_child(&title)?;
    for (what, text) in [("png", "PNG"), ("csv", "CSV")] {
        let b = dom::make("button", "export", text)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-export", what)?;
        b.set_title(&format!("Save the {word} panel as {text}"));
        caption.append_child(&b)?;
    }
    figure.append_child(&caption)?;
    section.append_child(&figure)?;
    Ok(c)
}

/// The control with `id` in any table.
fn control(id: &str) -> Option<&'static Control> {
    all_controls().find(|c| c.id == id)
}

fn all_controls() -> impl Iterator<Item = &'static Control> {
    CONTROLS.iter().chain(CLIFF_CONTROLS).chain(RNN_CONTROLS)
}

/// The value a control holds, in the form `Config::set` reads.
fn control_value(id: &str) -> Option<String> {
    let c = control(id)?;
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
        _ => e.dyn_into::<HtmlInputElement>().ok()?.value(),
    })
}

fn wire() -> Result<(), JsValue> {
    let doc = dom::document()?;
    for c in all_controls() {
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
        dom::listen(&e, "change", move |_: Event| {
            if let Some(v) = control_value(id) {
                with_ui(|ui| ui.change(id, &v));
            }
        })?;
    }
    // Page settings in the header: each element's data-key is the URL key.
    let page_keys = doc.query_selector_all("header [data-key]")?;
    for i in 0..page_keys.length() {
        let Some(node) = page_keys.item(i) else {
            continue;
        };
        let Ok(e) = node.dyn_into::<Element>() else {
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
            with_ui(|ui| ui.change(&key, &value));
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
                out.set_text_content(Some(&format!("{} steps/frame", i.value())));
            }
        })?;
    }
    let preset: HtmlSelectElement = dom::by_id("preset")?;
    let p2 = preset.clone();
    dom::listen(&preset, "change", move |_: Event| {
        let name = p2.value();
        with_ui(|ui| ui.load_preset(&name));
    })?;
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
        if word == "cliff" || word == "through-time" {
            with_ui(|ui| ui.export_figure(&what));
        } else if word == "compare" {
            with_ui(|ui| ui.export_comparison(&what));
        } else if let Some(panel) = Panel::from_word(&word) {
            with_ui(|ui| ui.export(panel, &what));
        }
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
    let cliff: HtmlCanvasElement = with_ui(|ui| ui.cliff_canvas.clone())
        .ok_or_else(|| JsValue::from_str("the page is not built"))?;
    let target = cliff.clone();
    dom::listen(&cliff, "click", move |e: web_sys::MouseEvent| {
        // CSS pixels to the canvas's device pixels.
        let sx = f64::from(target.width()) / f64::from(target.client_width().max(1));
        let sy = f64::from(target.height()) / f64::from(target.client_height().max(1));
        let (px, py) = (f64::from(e.offset_x()) * sx, f64::from(e.offset_y()) * sy);
        with_ui(|ui| ui.click_cliff(px, py));
    })?;
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
    }
    Ok(())
}

fn output_of(id: &str) -> Option<Element> {
    dom::document()
        .ok()?
        .query_selector(&format!(".control[data-key=\"{id}\"] output"))
        .ok()?
}

#[derive(Clone, Copy)]
enum Action {
    PlayPause,
    Step,
    Reset,
}

fn start_loop() -> Result<(), JsValue> {
    use std::rc::Rc;
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
    fn note(&mut self, text: String) {
        self.notes.push(text);
        let extra = self.notes.len().saturating_sub(MAX_NOTES);
        self.notes.drain(..extra);
        self.show_notes();
    }

    fn show_notes(&self) {
        let Ok(list) = dom::by_id::<HtmlElement>("notes") else {
            return;
        };
        list.set_inner_html("");
        for n in &self.notes {
            if let Ok(li) = dom::make("li", "", n) {
                let _ = list.append_child(&li);
            }
        }
        if let Ok(box_) = dom::by_id::<Element>("notes-box") {
            dom::show(&box_, !self.notes.is_empty());
        }
    }

    /// A control changed: apply it, or keep the run and say why not.
    fn change(&mut self, id: &str, value: &str) {
        let (key, word) = if id.starts_with("cliff-") {
            (controls::cliff_key(id).to_string(), value.to_string())
        } else if let (true, Some(r)) = (id.starts_with("rnn-"), &self.session.rnn) {
            controls::rnn_to_setting(id, value, r.config(), self.threshold)
        } else {
            controls::to_setting(id, value, self.session.config(), self.threshold)
        };
        let result = self.session.apply(&key, &word);
        if let Some(e) = dom::document()
            .ok()
            .and_then(|d| d.get_element_by_id(&format!("c-{id}")))
        {
            let _ = e
                .class_list()
                .toggle_with_force("rejected", result.is_err());
        }
        match result {
            Ok(applied) => {
                if id == "clip-threshold" || id == "rnn-clip-threshold" {
                    self.threshold = value.parse().unwrap_or(self.threshold);
                }
                if applied == Applied::Restarted {
                    self.session.playing = false;
                }
                self.after_change();
            }
            // The control keeps what the user chose, marked, and the note says why.
            Err(e) => self.note(format!("{e} — the run keeps its last valid settings")),
        }
    }

    fn load_preset(&mut self, name: &str) {
        match self.session.load_preset(name) {
            Ok(()) => {
                self.threshold = clip_threshold(self.session.link()).unwrap_or(self.threshold);
                self.after_change();
            }
            Err(e) => self.note(e),
        }
    }

    /// Opens a link (the hash changed by hand or by a link on the page).
    fn open(&mut self, hash: &str) {
        let (link, notes) = Link::parse(hash);
        if link.format() == self.session.link().format() {
            return;
        }
        self.threshold = clip_threshold(&link).unwrap_or(self.threshold);
        self.session = Session::new(link);
        // Notes about the page that was: gone with it.
        self.notes.clear();
        self.show_notes();
        for n in notes {
            self.note(n);
        }
        self.after_change();
    }

    fn after_change(&mut self) {
        if let Err(e) = self.sync() {
            self.note(format!("{e:?}"));
        }
        self.dirty = true;
        if let Ok(w) = dom::window() {
            let url = format!("#{}", self.session.link().format());
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::PlayPause => {
                self.session.playing = !self.session.playing && !self.session.is_finished();
            }
            Action::Step => {
                self.session.playing = false;
                self.session.advance(1, |_| true);
            }
            Action::Reset => {
                self.session.playing = false;
                self.session.reset();
            }
        }
        self.dirty = true;
        self.show_run();
    }

    fn export(&mut self, panel: Panel, what: &str) {
        let run = self
            .session
            .link()
            .preset
            .clone()
            .unwrap_or_else(|| "custom".into());
        let step = self.session.history.step();
        let view = self.session.view();
        let theme = self.session.link().page.theme;
        let name = export::file_name(&run, panel.word(), step, what);
        let result = match what {
            "png" => export::png(Figure::Panel(panel, &view), theme, &name),
            _ => export::text(&crate::charts::csv(panel, &view), &name),
        };
        if let Err(e) = result {
            self.note(format!("could not save the {} panel: {e:?}", panel.word()));
        }
    }

    /// Saves the cliff or the recurrent run, whichever is open.
    fn export_figure(&mut self, what: &str) {
        let theme = self.session.link().page.theme;
        let run = self.session.link().preset.clone().unwrap_or_default();
        let (figure, csv, name) = match (&self.session.cliff, &self.session.rnn) {
            (Some(r), _) => (
                Figure::Cliff(r),
                crate::charts::cliff::csv(r),
                export::file_name("e7-cliff", "cliff", r.shown as u64, what),
            ),
            (None, Some(r)) => (
                Figure::ThroughTime(r),
                crate::charts::through_time::csv(&r.trace),
                export::file_name(&run, "through-time", r.trace.steps as u64, what),
            ),
            (None, None) => return,
        };
        let result = match what {
            "png" => export::png(figure, theme, &name),
            _ => export::text(&csv, &name),
        };
        if let Err(e) = result {
            self.note(format!("could not save the figure: {e:?}"));
        }
    }

    /// Saves the comparison: its chart or its losses per epoch.
    fn export_comparison(&mut self, what: &str) {
        let Some(c) = &self.session.comparison else {
            return;
        };
        let run = self.session.link().preset.as_deref().unwrap_or("custom");
        let step = compared_steps(c);
        let name = export::file_name(run, "compare", step, what);
        let compared = Compared::of(c, self.session.link().page.log_loss);
        let result = match what {
            "png" => export::png(
                Figure::Compare(&compared),
                self.session.link().page.theme,
                &name,
            ),
            _ => export::text(&c.csv(), &name),
        };
        if let Err(e) = result {
            self.note(format!("could not save the comparison: {e:?}"));
        }
    }

    /// A click on the cliff at device pixel (px, py): start both descents there.
    fn click_cliff(&mut self, px: f64, py: f64) {
        let Some(r) = &self.session.cliff else { return };
        let size = (self.cliff_canvas.width(), self.cliff_canvas.height());
        let theme =
            crate::charts::Theme::new(self.session.link().page.theme, canvas::device_pixel_ratio());
        if let Some((w, b)) = crate::charts::cliff::locate(size, &theme, r, px, py) {
            match self.session.start_cliff_at(w, b) {
                Ok(()) => {
                    self.session.playing = true;
                    self.after_change();
                }
                Err(e) => self.note(e),
            }
        }
    }

    /// Puts every control, the header and the hidden parts in line with the session.
    fn sync(&mut self) -> Result<(), JsValue> {
        let doc = dom::document()?;
        let link = self.session.link().clone();
        let config = &link.config;
        let hidden = |id: &str| {
            link.page
                .hide
                .iter()
                .any(|h| h == id || h == &id.replace('_', "-"))
        };
        for c in CONTROLS {
            let value = controls::value_of(c.id, config, self.threshold);
            let Some(e) = doc.get_element_by_id(&format!("c-{}", c.id)) else {
                continue;
            };
            let _ = e.class_list().remove_1("rejected");
            set_control(c, &e, &value)?;
            if let Some(row) = e.parent_element() {
                dom::show(&row, controls::applies(c.id, config) && !hidden(c.id));
            }
        }
        let on_cliff = self.session.cliff.is_some();
        let on_rnn = self.session.rnn.is_some();
        if let Some(r) = &self.session.rnn {
            for c in RNN_CONTROLS {
                let value = controls::rnn_value_of(c.id, r.config(), self.threshold);
                if let Some(e) = doc.get_element_by_id(&format!("c-{}", c.id)) {
                    let _ = e.class_list().remove_1("rejected");
                    set_control(c, &e, &value)?;
                    if let Some(row) = e.parent_element() {
                        let key = controls::rnn_key(c.id);
                        dom::show(
                            &row,
                            controls::rnn_applies(c.id, r.config()) && !hidden(key),
                        );
                    }
                }
            }
        }
        if let Some(r) = &self.session.cliff {
            for c in CLIFF_CONTROLS {
                let value = controls::cliff_value_of(c.id, &r.config);
                if let Some(e) = doc.get_element_by_id(&format!("c-{}", c.id)) {
                    let _ = e.class_list().remove_1("rejected");
                    set_control(c, &e, &value)?;
                    if let Some(row) = e.parent_element() {
                        dom::show(&row, !hidden(c.id));
                    }
                }
            }
        }
        // The network's fieldsets and panels, the cliff's or the recurrent run's.
        let scene = if on_cliff {
            "cliff-controls"
        } else if on_rnn {
            "rnn-controls"
        } else {
            ""
        };
        let sets = doc.query_selector_all("#controls fieldset")?;
        for i in 0..sets.length() {
            if let Some(f) = sets.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let own = matches!(f.id().as_str(), "cliff-controls" | "rnn-controls");
                dom::show(
                    &f,
                    if own {
                        f.id() == scene
                    } else {
                        scene.is_empty()
                    },
                );
            }
        }
        if let Some(f) = self.cliff_canvas.parent_element() {
            dom::show(&f, on_cliff && !hidden("cliff"));
        }
        if let Some(f) = self.rnn_canvas.parent_element() {
            dom::show(&f, on_rnn && !hidden("through-time"));
        }
        let preset: HtmlSelectElement = dom::by_id("preset")?;
        preset.set_value(link.preset.as_deref().unwrap_or("custom"));
        let caption: HtmlElement = dom::by_id("caption")?;
        caption.set_text_content(Some(match self.session.caption() {
            Some(c) => c,
            None => "Settings changed from the preset: pick it again to restore its story.",
        }));
        let page = &link.page;
        for (key, value) in [
            ("speed", page.speed.to_string()),
            ("theme", page.theme.word().to_string()),
            (
                "yscale",
                if page.log_loss { "log" } else { "linear" }.to_string(),
            ),
            ("gradient", self.session.gradient_word().to_string()),
            (
                "compare",
                page.compare.clone().unwrap_or_else(|| "off".to_string()),
            ),
        ] {
            if let Some(e) = doc.query_selector(&format!("header [data-key=\"{key}\"]"))? {
                if let Some(s) = e.dyn_ref::<HtmlSelectElement>() {
                    s.set_value(&value);
                } else if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
                    i.set_value(&value);
                }
                if let Some(row) = e.parent_element() {
                    // The loss, gradient and compare views are the network panels'.
                    let moot =
                        (on_cliff || on_rnn) && matches!(key, "yscale" | "gradient" | "compare");
                    dom::show(&row, !hidden(key) && !moot);
                }
            }
        }
        if let Some(out) = doc.get_element_by_id("speed-value") {
            out.set_text_content(Some(&format!("{} steps/frame", page.speed)));
        }
        let body = doc.body().ok_or_else(|| JsValue::from_str("no body"))?;
        body.set_class_name(if page.theme == ThemeKind::Projector {
            "projector"
        } else {
            ""
        });
        dom::show(&dom::by_id::<Element>("controls")?, !hidden("controls"));
        for (panel, canvas) in &self.canvases {
            if let Some(f) = canvas.parent_element() {
                dom::show(&f, !on_cliff && !on_rnn && !hidden(panel.word()));
            }
        }
        if let Some(f) = self.compare_canvas.parent_element() {
            dom::show(&f, self.session.comparison.is_some() && !hidden("compare"));
        }
        self.show_run();
        Ok(())
    }

    /// Status line, banner and the play button's label.
    fn show_run(&self) {
        if let Ok(s) = dom::by_id::<HtmlElement>("status") {
            s.set_text_content(Some(&self.session.status()));
        }
        if let Ok(b) = dom::by_id::<HtmlElement>("banner") {
            match self.session.divergence() {
                Some(m) => {
                    b.set_text_content(Some(&format!(
                        "⚠ {m}. Lower the learning rate or turn on clipping, then reset."
                    )));
                    b.set_hidden(false);
                }
                None => b.set_hidden(true),
            }
        }
        if let Ok(p) = dom::by_id::<HtmlButtonElement>("play") {
            let playing = self.session.playing;
            p.set_text_content(Some(if playing { "❚❚ Pause" } else { "▶ Play" }));
            let _ = p.set_attribute("aria-pressed", &playing.to_string());
            p.set_disabled(self.session.is_finished());
        }
        if let Ok(s) = dom::by_id::<HtmlButtonElement>("step") {
            s.set_disabled(self.session.is_finished());
        }
    }

    /// One animation frame: train within the budget, then redraw if needed.
    pub fn frame(&mut self) {
        let t0 = dom::now();
        let mut done = Advanced::default();
        if self.session.playing {
            let speed = self.session.link().page.speed;
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

    /// Redraws every visible panel from a fresh snapshot.
    pub fn redraw(&mut self) {
        self.dirty = false;
        let kind = self.session.link().page.theme;
        let mut failures = Vec::new();
        let own = match (&self.session.cliff, &self.session.rnn) {
            (Some(r), _) => Some((&self.cliff_canvas, Figure::Cliff(r))),
            (None, Some(r)) => Some((&self.rnn_canvas, Figure::ThroughTime(r))),
            (None, None) => None,
        };
        let networks = own.is_none();
        if let Some((c, figure)) = own {
            if let Err(e) = canvas::draw(c, figure, kind) {
                failures.push(format!("{e:?}"));
            }
        } else {
            self.session.refresh_snapshot();
        }
        if let Some(cmp) = self.session.comparison.as_ref().filter(|_| networks) {
            if is_shown(&self.compare_canvas) {
                let compared = Compared::of(cmp, self.session.link().page.log_loss);
                if let Err(e) = canvas::draw(&self.compare_canvas, Figure::Compare(&compared), kind)
                {
                    failures.push(format!("{e:?}"));
                }
            }
        }
        let view = self.session.view();
        for (panel, c) in self.canvases.iter().filter(|_| networks) {
            if is_shown(c) {
                if let Err(e) = canvas::draw(c, Figure::Panel(*panel, &view), kind) {
                    failures.push(format!("{e:?}"));
                }
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

    pub fn state(&self) -> PageState {
        let h = &self.session.history;
        PageState {
            preset: self.session.link().preset.clone(),
            step: match (&self.session.cliff, &self.session.rnn) {
                (Some(r), _) => r.shown as u64,
                (None, Some(r)) => r.trace.steps as u64,
                (None, None) => h.step(),
            },
            playing: self.session.playing,
            finished: self.session.is_finished(),
            diverged: self.session.divergence(),
            status: self.session.status(),
            hash: self.session.link().format(),
            notes: self.notes.clone(),
            last_train_loss: h.epochs.last().map(|e| e.train_loss),
            compare_step: self.session.comparison.as_ref().map(compared_steps),
            stats: self.stats.clone(),
        }
    }
}

/// True when `canvas`'s figure is not hidden.
fn is_shown(canvas: &HtmlCanvasElement) -> bool {
    canvas
        .parent_element()
        .and_then(|f| f.dyn_into::<HtmlElement>().ok())
        .is_some_and(|f| !f.hidden())
}

/// How far the comparison has trained: the most steps of any variant (a
/// diverged one stops early).
fn compared_steps(c: &crate::scenes::network::compare::Comparison) -> u64 {
    c.variants.iter().map(|v| v.run.steps()).max().unwrap_or(0)
}
