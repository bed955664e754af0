//! The page: builds the menu, the controls and one figure per figure of every
//! scene kind from the registry, and turns DOM events into [`Session`] calls.
//!
//! Nothing a handler does can throw the page away: a bad value becomes a note, a
//! diverged run a banner, and every control keeps working. Nothing here asks which
//! scene is open: the scene says which controls, figures and view keys it has.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlSelectElement};

use super::{canvas, controls, data_file, dom, export, frame, language};
use crate::app::link::Link;
use crate::app::session::{Applied, Session};
use crate::charts::{Theme, ThemeKind};
use crate::scenes::network::NetworkScene;
use crate::scenes::{Click, FigureInfo, KINDS};
use crate::t;

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
    pub(super) notes: Vec<String>,
    /// Something changed that the figures do not show yet.
    pub(super) dirty: bool,
    /// One canvas per figure of every kind, by the figure's word.
    pub(super) figures: Vec<(&'static str, HtmlCanvasElement)>,
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
    /// Each panel's share of the last redraw: its word and milliseconds, in page order.
    pub panel_ms: Vec<(String, f64)>,
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
    /// The network's layer widths, input first (empty for other scenes).
    pub layer_widths: Vec<usize>,
    pub stats: FrameStats,
    /// What the network diagram draws, for a network scene: units per layer
    /// (inputs first) and every link with its weight and last-step gradient.
    pub diagram: Option<DiagramState>,
}

#[derive(Serialize)]
pub struct DiagramState {
    /// The step the diagram shows: the snapshot is taken as a frame is drawn, so
    /// just after a step it can still be the step before.
    pub step: u64,
    pub layers: Vec<usize>,
    pub links: Vec<crate::scenes::network::diagram::Link>,
}

/// Builds the page into the elements of `index.html` and starts the loop.
pub fn build(problems: Vec<String>) -> Result<(), JsValue> {
    let hash = dom::window()?.location().hash().unwrap_or_default();
    let (link, notes) = Link::parse(&hash);
    controls::fill_presets()?;
    controls::build_controls()?;
    data_file::build()?;
    let mut figures = Vec::new();
    for kind in KINDS {
        for info in kind.figures {
            figures.push((info.word, build_figure(info)?));
        }
    }
    let ui = Ui {
        session: Session::new(link),
        notes: Vec::new(),
        dirty: true,
        figures,
        stats: FrameStats::default(),
    };
    UI.with(|u| *u.borrow_mut() = Some(ui));
    language::relabel()?;
    with_ui(|ui| {
        for n in problems.into_iter().chain(notes) {
            ui.note(n);
        }
        ui.sync()
    })
    .transpose()?;
    super::wire::wire()?;
    data_file::wire()?;
    frame::start_loop()
}

/// A figure: a canvas labelled for screen readers, and a caption strip with the
/// hint (or nothing, where the chart titles itself) and the exports.
fn build_figure(info: &FigureInfo) -> Result<HtmlCanvasElement, JsValue> {
    let section: HtmlElement = dom::by_id("panels")?;
    let figure = dom::make("figure", &format!("panel {}", info.word), "")?;
    figure.set_attribute("data-panel", info.word)?;
    let c: HtmlCanvasElement = dom::make("canvas", "", "")?.dyn_into()?;
    c.set_attribute("role", "img")?;
    c.set_attribute("aria-label", info.label)?;
    if !info.tooltip.is_empty() {
        c.set_title(info.tooltip);
    }
    figure.append_child(&c)?;
    let caption = dom::make("figcaption", "", "")?;
    let hint = dom::make("span", "", info.hint)?;
    caption.append_child(&hint)?;
    // Their titles are written by language::relabel, as every fixed text is.
    for (what, text) in [("png", "PNG"), ("csv", "CSV")] {
        let b = dom::make("button", "export", text)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-export", what)?;
        caption.append_child(&b)?;
    }
    figure.append_child(&caption)?;
    section.append_child(&figure)?;
    Ok(c)
}

/// A training action from a button or a key.
#[derive(Clone, Copy)]
pub enum Action {
    PlayPause,
    Step,
    Reset,
}

impl Ui {
    pub(super) fn note(&mut self, text: String) {
        self.notes.push(text);
        let extra = self.notes.len().saturating_sub(MAX_NOTES);
        self.notes.drain(..extra);
        self.show_notes();
    }

    pub(super) fn show_notes(&self) {
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

    /// A control of the settings column changed: apply it, or keep the run and say
    /// why not.
    pub(super) fn change(&mut self, id: &str, value: &str) {
        let (key, word) = self.session.scene().control_setting(id, value);
        let result = self.session.apply(&key, &word);
        if let Some(e) = dom::document()
            .ok()
            .and_then(|d| d.get_element_by_id(&format!("c-{id}")))
        {
            let _ = e
                .class_list()
                .toggle_with_force("rejected", result.is_err());
        }
        self.applied(result);
    }

    /// A page setting of the header changed.
    pub(super) fn change_page(&mut self, key: &str, value: &str) {
        let result = self.session.apply(key, value);
        self.applied(result);
    }

    fn applied(&mut self, result: Result<Applied, String>) {
        match result {
            Ok(applied) => {
                if applied == Applied::Restarted {
                    self.session.playing = false;
                }
                self.after_change();
            }
            // The control keeps what the user chose, marked, and the note says why.
            Err(e) => self.note(t!("page.rejected", why = e)),
        }
    }

    /// CSV text from the box, a picked or a dropped file: a good one restarts the
    /// run on it, a bad one leaves everything as it was and the note says where.
    pub(super) fn load_data(&mut self, text: &str) -> Result<(), String> {
        match self.session.load_data(text) {
            Ok(_) => {
                self.after_change();
                Ok(())
            }
            Err(e) => {
                self.note(t!("page.data-rejected", why = e));
                Err(e)
            }
        }
    }

    /// Saves the loaded rows as CSV.
    pub(super) fn download_data(&mut self) {
        let result = match self.session.data_csv() {
            Some(csv) => export::text(&csv, "gradient-lab-data.csv"),
            None => Err(JsValue::from_str(t!("page.no-file"))),
        };
        if let Err(e) = result {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            self.note(t!("page.save-data-failed", why = why));
        }
    }

    pub(super) fn load_preset(&mut self, name: &str) {
        match self.session.load_preset(name) {
            Ok(()) => self.after_change(),
            Err(e) => self.note(e),
        }
    }

    /// Opens a link (the hash changed by hand or by a link on the page).
    pub(super) fn open(&mut self, hash: &str) {
        let (link, notes) = Link::parse(hash);
        if link.format() == self.session.link().format() {
            return;
        }
        self.session = Session::new(link);
        // Notes about the page that was: gone with it.
        self.notes.clear();
        self.show_notes();
        for n in notes {
            self.note(n);
        }
        self.after_change();
    }

    pub(super) fn after_change(&mut self) {
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

    pub(super) fn act(&mut self, action: Action) {
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

    /// Saves figure `word` as a PNG or its numbers as CSV.
    pub(super) fn export(&mut self, word: &str, what: &str) {
        let scene = self.session.scene();
        let run = scene.setup().preset().unwrap_or("custom");
        let name = export::file_name(run, word, scene.export_step(word), what);
        let options = self.session.options();
        let theme = self.session.page().theme;
        let result = match what {
            "png" => match scene.figure(word, &options) {
                Some(figure) => export::png(&figure, theme, &name),
                None => Err(JsValue::from_str(t!("page.nothing-to-draw"))),
            },
            _ => match scene.csv(word, &options) {
                Ok(csv) => export::text(&csv, &name),
                Err(e) => Err(JsValue::from_str(&e)),
            },
        };
        if let Err(e) = result {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            self.note(t!("page.save-failed", panel = word, why = why));
        }
    }

    /// A click on figure `word` at device pixel (px, py): the scene may act on it
    /// (the cliff starts both descents there) and then plays.
    pub(super) fn click(&mut self, word: &str, px: f64, py: f64) {
        let Some(canvas) = self.canvas(word) else {
            return;
        };
        let click = Click {
            size: (canvas.width(), canvas.height()),
            x: px,
            y: py,
        };
        let theme = Theme::new(self.session.page().theme, canvas::device_pixel_ratio());
        match self.session.click(word, click, &theme) {
            Some(Ok(())) => {
                self.session.playing = true;
                self.after_change();
            }
            Some(Err(e)) => self.note(e),
            None => {}
        }
    }

    pub(super) fn canvas(&self, word: &str) -> Option<HtmlCanvasElement> {
        self.figures
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, c)| c.clone())
    }

    /// Puts every control, the header, the figures and the hidden parts in line
    /// with the session.
    pub(super) fn sync(&mut self) -> Result<(), JsValue> {
        let doc = dom::document()?;
        let scene = self.session.scene();
        let page = self.session.page();
        controls::sync(&doc, scene, page)?;
        let shown = scene.shown();
        for (word, canvas) in &self.figures {
            if let Some(f) = canvas.parent_element() {
                dom::show(&f, shown.contains(word) && !page.hides(word));
            }
        }
        let preset: HtmlSelectElement = dom::by_id("preset")?;
        preset.set_value(scene.setup().preset().unwrap_or("custom"));
        let caption: HtmlElement = dom::by_id("caption")?;
        caption.set_text_content(Some(match scene.caption_text() {
            Some(c) => c,
            None => t!("page.caption.custom"),
        }));
        controls::sync_header(&doc, scene, page)?;
        let body = doc.body().ok_or_else(|| JsValue::from_str("no body"))?;
        body.set_class_name(if page.theme == ThemeKind::Projector {
            "projector"
        } else {
            ""
        });
        dom::show(&dom::by_id::<Element>("controls")?, !page.hides("controls"));
        self.show_run();
        let wanted = language::wanted(page);
        if wanted != crate::lang::current() {
            language::speak(wanted, |problem| {
                with_ui(|ui| {
                    if let Some(p) = problem {
                        ui.note(p);
                    }
                    // Texts built from the run (caption, status, charts) in the new words.
                    let _ = ui.sync();
                    ui.dirty = true;
                });
            })?;
        }
        Ok(())
    }

    /// Status line, banner and the play button's label.
    pub(super) fn show_run(&self) {
        if let Ok(doc) = dom::document() {
            let _ = controls::sync_live(&doc, self.session.scene());
        }
        if let Ok(s) = dom::by_id::<HtmlElement>("status") {
            s.set_text_content(Some(&self.session.status()));
        }
        if let Ok(b) = dom::by_id::<HtmlElement>("banner") {
            match self.session.divergence() {
                Some(m) => {
                    b.set_text_content(Some(&t!("page.banner", what = m)));
                    b.set_hidden(false);
                }
                None => b.set_hidden(true),
            }
        }
        if let Ok(p) = dom::by_id::<HtmlButtonElement>("play") {
            let playing = self.session.playing;
            p.set_text_content(Some(if playing {
                t!("page.pause")
            } else {
                t!("page.play")
            }));
            let _ = p.set_attribute("aria-pressed", &playing.to_string());
            p.set_disabled(self.session.is_finished());
        }
        if let Ok(s) = dom::by_id::<HtmlButtonElement>("step") {
            s.set_disabled(self.session.is_finished());
        }
    }

    pub fn state(&self) -> PageState {
        let scene = self.session.scene();
        PageState {
            preset: scene.setup().preset().map(str::to_string),
            step: scene.step(),
            playing: self.session.playing,
            finished: self.session.is_finished(),
            diverged: self.session.divergence(),
            status: self.session.status(),
            hash: self.session.link().format(),
            notes: self.notes.clone(),
            last_train_loss: scene.last_train_loss(),
            compare_step: scene.compare_step(),
            layer_widths: scene.layer_widths(),
            stats: self.stats.clone(),
            diagram: scene
                .get::<NetworkScene>()
                .and_then(|n| n.snapshot.as_ref())
                .map(|s| DiagramState {
                    step: s.step,
                    layers: s.diagram.widths.clone(),
                    links: s.diagram.links(),
                }),
        }
    }
}
