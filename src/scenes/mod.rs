//! Scenes: one per kind of experiment. A scene owns its config and presets, its
//! runner and record, its control table, its figures, their CSV and its status line,
//! behind the one small [`Scene`] interface the app and the page use.
//!
//! [`KINDS`] is the registry, and the only place that lists every scene: the link,
//! the session, the page and the command line ask it, never "which scene is this?".
//! A new kind of experiment is one folder here and one line in [`KINDS`].

pub mod cliff;
pub mod controls;
pub mod figure;
pub mod network;
pub mod race;
pub mod recurrent;

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::charts::{Options, Theme};
use crate::engine::data::Dataset;
use crate::engine::settings::{Checked, Settings};
use controls::{Control, Group};
pub use figure::Figure;

/// Every kind of experiment, in the order the experiment menu lists them.
pub static KINDS: &[&SceneKind] = &[&network::KIND, &recurrent::KIND, &cliff::KIND, &race::KIND];

/// A preset as the menus and listings show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetInfo {
    pub name: &'static str,
    pub title: &'static str,
    /// Two lines: what happens, and what to look at.
    pub caption: &'static str,
}

/// What is the same for every scene of one kind.
pub struct SceneKind {
    /// The kind's word: `network`, `recurrent`, `cliff`.
    pub word: &'static str,
    /// Its presets, in lecture order.
    pub presets: fn() -> Vec<PresetInfo>,
    /// The setup a preset opens (None for a name that is not this kind's).
    pub open: fn(&str) -> Option<Box<dyn SceneSetup>>,
    /// The setup of custom settings (`preset=custom`), for the kind that has one.
    pub custom: Option<fn() -> Box<dyn SceneSetup>>,
    /// The control table and its fieldsets.
    pub controls: &'static [Control],
    pub groups: &'static [Group],
    /// Every figure this kind can draw: (word for ids, file names and `hide=`, label
    /// for screen readers, hint under the figure). Empty hint: the chart titles itself.
    pub figures: &'static [FigureInfo],
    /// The page's view keys (the header's `yscale`, `gradient`, `compare`) it uses.
    pub view_keys: &'static [&'static str],
}

impl fmt::Debug for SceneKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SceneKind({})", self.word)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FigureInfo {
    pub word: &'static str,
    /// What the figure shows, for screen readers.
    pub label: &'static str,
    /// The line under the figure (empty where the chart titles itself).
    pub hint: &'static str,
    /// The canvas's tooltip (empty for none): what a click on it does.
    pub tooltip: &'static str,
}

/// The setup of the preset called `name`, from whichever kind has it.
pub fn open(name: &str) -> Option<Box<dyn SceneSetup>> {
    let name = name.trim();
    if name == "custom" {
        return KINDS.iter().find_map(|k| k.custom).map(|f| f());
    }
    KINDS.iter().find_map(|k| (k.open)(name))
}

/// Every preset of every kind, in menu order.
pub fn all_presets() -> Vec<PresetInfo> {
    KINDS.iter().flat_map(|k| (k.presets)()).collect()
}

/// The control with `id`, in any kind's table (ids are unique across kinds).
pub fn control(id: &str) -> Option<&'static Control> {
    KINDS.iter().flat_map(|k| k.controls).find(|c| c.id == id)
}

/// What a change did, so the page knows what to redraw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The run restarted with the new settings.
    Restarted,
    /// Only how the page shows the run changed.
    Display,
    /// The setting changed from the current step on and the run goes on (an
    /// [`Action`], recorded in the link).
    Continued,
}

/// What one call of [`Scene::advance`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advanced {
    /// Steps of the run (or of the cliff's descents, or of the recurrent net).
    pub steps: u32,
    /// Lockstep rounds of a comparison: one step of every variant still training.
    pub rounds: u32,
}

/// A scene's settings as a link holds them: the preset they started from and the
/// config, checked. Setting a key sets and checks the whole; on error nothing changes.
pub trait SceneSetup: fmt::Debug {
    fn kind(&self) -> &'static SceneKind;
    /// The preset the settings started from; None once they are custom.
    fn preset(&self) -> Option<&'static str>;
    /// One setting by its key and written value; the error is short enough for a note.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    /// The settings that differ from the preset's, in key order, as the link writes them
    /// (moving one after the settings it needs to fit).
    fn changes(&self) -> Vec<(String, String)>;
    /// The same settings, no longer tied to a preset's story (`preset=custom`);
    /// kinds whose settings are always a preset's keep it.
    fn detach(&mut self);
    /// The setting the preset's experiment compares side by side (E5's activations).
    fn compares(&self) -> Option<&'static str> {
        None
    }
    /// Whether the page may compare variants of this setup by `key`.
    fn check_compare(&self, key: &str) -> Result<(), String> {
        let _ = key;
        Err(crate::t!("network.compare.networks-only").into())
    }
    /// Whether `key` may change to `value` in the middle of a run (an [`Action`]).
    fn check_action(&self, key: &str, value: &str) -> Result<(), String> {
        let _ = value;
        Err(not_mid_run(key))
    }
    /// A running scene of these settings.
    fn start(&self) -> Box<dyn Scene>;
    fn clone_box(&self) -> Box<dyn SceneSetup>;
    fn as_any(&self) -> &dyn Any;
    fn eq_setup(&self, other: &dyn SceneSetup) -> bool;
}

impl Clone for Box<dyn SceneSetup> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

impl PartialEq for dyn SceneSetup + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.eq_setup(other)
    }
}

impl dyn SceneSetup + '_ {
    /// The setup's own type, when it is `T` (tests and kind-specific exports read it).
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }
}

/// A setting changed at a training step, recorded in the link as `at=STEP:key=value`
/// (repeatable) and replayed at that step by the session, on the page and wherever a
/// session runs, so a run changed mid-way is reproduced exactly. Which settings may
/// change mid-run is the scene's to say ([`SceneSetup::check_action`], [`Scene::act`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The action applies once this many steps are done, before the next.
    pub step: u64,
    pub key: String,
    pub value: String,
}

impl Action {
    /// Reads `STEP:key=value`.
    pub fn parse(word: &str) -> Result<Action, String> {
        let bad = || crate::t!("app.action.bad", word = word);
        let (step, pair) = word.split_once(':').ok_or_else(bad)?;
        let (key, value) = pair.split_once('=').ok_or_else(bad)?;
        let step = step.trim().parse::<u64>().map_err(|_| bad())?;
        if key.trim().is_empty() {
            return Err(bad());
        }
        Ok(Action {
            step,
            key: key.trim().to_string(),
            value: value.trim().to_string(),
        })
    }

    /// The written form, `STEP:key=value`.
    pub fn word(&self) -> String {
        format!("{}:{}={}", self.step, self.key, self.value)
    }
}

/// Why `key` cannot change in the middle of a run.
pub fn not_mid_run(key: &str) -> String {
    crate::t!("network.action.not-mid-run", key = key)
}

/// A click or tap on a figure, in the figure's device pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Click {
    pub size: (u32, u32),
    pub x: f64,
    pub y: f64,
}

/// A running experiment of one kind.
pub trait Scene {
    /// The settings it runs, as a link holds them.
    fn setup(&self) -> &dyn SceneSetup;
    fn kind(&self) -> &'static SceneKind {
        self.setup().kind()
    }
    /// The preset's caption while the settings are still the preset's.
    fn caption(&self) -> Option<&'static str>;

    /// Changes one setting; on error nothing changes and the message names it.
    fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String>;
    /// `preset=custom`: the same run, no longer tied to the preset's story.
    fn detach(&mut self);
    /// Changes one setting from the current step on, without restarting (an
    /// [`Action`]); the setup accepted it with [`SceneSetup::check_action`].
    fn act(&mut self, key: &str, value: &str) -> Result<(), String> {
        let _ = value;
        Err(not_mid_run(key))
    }
    /// Turns the comparison by `key` on, or off with None; the run goes on.
    fn compare(&mut self, key: Option<&str>) -> Result<(), String> {
        match key {
            None => Ok(()),
            Some(_) => Err(crate::t!("network.compare.networks-only").into()),
        }
    }

    /// Trains on rows read from a file (data=file) and restarts; None where the scene
    /// takes no data. On error nothing changes and the message says why.
    fn load_data(&mut self, rows: Arc<Dataset>) -> Option<Result<Applied, String>> {
        let _ = rows;
        None
    }
    /// Keeps rows read from a file for a later data=file; the run goes on as it was.
    fn keep_data(&mut self, rows: Arc<Dataset>) {
        let _ = rows;
    }

    /// Starts the run over with the current settings (the same seed, the same run).
    fn reset(&mut self);
    /// Runs up to `max_steps` steps, stopping early when the run ends or
    /// `out_of_time(share)` says more than that share of the frame's budget is spent.
    fn advance(&mut self, max_steps: u32, out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced;
    fn is_finished(&self) -> bool;
    /// Training steps done (or shown, on the cliff).
    fn step(&self) -> u64;
    /// Steps in one epoch (1 for scenes without epochs).
    fn steps_per_epoch(&self) -> usize {
        1
    }
    /// One line for the status bar.
    fn status(&self) -> String;
    /// The banner's sentence once the run diverged.
    fn divergence(&self) -> Option<String>;
    /// The latest train loss, for `page_state()`.
    fn last_train_loss(&self) -> Option<f64> {
        None
    }
    /// Steps the comparison's variants have taken (the most of any); None when off.
    fn compare_step(&self) -> Option<u64> {
        None
    }
    /// The network's layer widths, input first (empty for scenes without one).
    fn layer_widths(&self) -> Vec<usize> {
        Vec::new()
    }

    /// A control's value in the form it shows.
    fn control_value(&self, id: &str) -> String;
    /// Every control's value, for the page to show them all at once.
    fn control_values(&self) -> Vec<(&'static str, String)> {
        self.kind()
            .controls
            .iter()
            .map(|c| (c.id, self.control_value(c.id)))
            .collect()
    }
    /// The setting (key, value) a control change means.
    fn control_setting(&self, id: &str, value: &str) -> (String, String);
    /// A slider's largest value when it depends on the run (the race's step slider).
    fn control_max(&self, id: &str) -> Option<f64> {
        let _ = id;
        None
    }
    /// Whether a control applies to the current settings (others are hidden).
    fn control_applies(&self, id: &str) -> bool {
        let _ = id;
        true
    }
    /// The word `hide=` uses for a control.
    fn hide_word(&self, id: &'static str) -> &'static str {
        id
    }

    /// Brings the figures up to date before they are drawn (e.g. a fresh snapshot).
    fn prepare(&mut self) {}
    /// The figures shown now, in page order (of [`SceneKind::figures`]).
    fn shown(&self) -> Vec<&'static str>;
    /// Figure `word` as the charts draw it.
    fn figure<'a>(&'a self, word: &str, options: &Options) -> Option<Figure<'a>>;
    /// The numbers behind figure `word`, as CSV; the error says why there are none.
    fn csv(&self, word: &str, options: &Options) -> Result<String, String>;
    /// The step an export of figure `word` is named by.
    fn export_step(&self, word: &str) -> u64 {
        let _ = word;
        self.step()
    }
    /// The scene's own type, for tests and kind-specific exports.
    fn as_any(&self) -> &dyn Any;
    /// A click on figure `word`: Some when the scene acted on it.
    fn click(&mut self, word: &str, click: Click, theme: &Theme) -> Option<Result<(), String>> {
        let _ = (word, click, theme);
        None
    }
    /// What the pointer is on at `at` in figure `word`, drawn with `options`.
    fn point(&self, word: &str, at: Click, theme: &Theme, options: &Options) -> Option<Pointed> {
        let _ = (word, at, theme, options);
        None
    }
}

/// What a pointer rests on in a figure (a link or unit of the network diagram).
#[derive(Clone, Debug, PartialEq)]
pub struct Pointed {
    /// The sentence a tooltip shows.
    pub text: String,
    /// What a click there edits: a change's key (`w.2.3.1`) and its value now.
    pub edit: Option<(String, f64)>,
    /// A unit to show large in the model panel: (layer, 0 for the inputs; unit).
    pub focus: Option<(usize, usize)>,
}

impl dyn Scene + '_ {
    /// The scene's own type, when it is `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }
}

/// `config` with one more setting, checked as a whole. The error is a note's reason:
/// a word that does not parse says why in short, a whole that does not check names
/// the setting at fault.
pub fn with_setting<T: Settings>(
    config: &Checked<T>,
    key: &str,
    value: &str,
) -> Result<Checked<T>, String> {
    let mut next = (**config).clone();
    next.set(key, value)
        .map_err(|e| e.short_reason().to_string())?;
    next.validate().map_err(|e| e.to_string())
}

/// Implements [`SceneSetup`]'s boxing helpers for a `Clone + PartialEq + 'static` setup.
#[macro_export]
macro_rules! setup_boxing {
    () => {
        fn clone_box(&self) -> Box<dyn $crate::scenes::SceneSetup> {
            Box::new(self.clone())
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn eq_setup(&self, other: &dyn $crate::scenes::SceneSetup) -> bool {
            other.as_any().downcast_ref::<Self>() == Some(self)
        }
    };
}

/// A table's word as a catalog key's part: lower case, a space written `-`
/// (`group.Through time` → `group.through-time`), since keys are `[a-z0-9._:-]`.
pub fn key_word(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The catalog keys of the texts the tables hold, as [`texts`] lists them and the
/// accessors ([`PresetInfo::title_text`], `Control::label_text`, ...) look them up.
pub mod keys {
    use super::key_word;

    /// `preset.{name}.title` or `preset.{name}.caption`.
    pub fn preset(name: &str, field: &str) -> String {
        format!("preset.{}.{field}", key_word(name))
    }

    /// `control.{id}`, or with a suffix `control.{id}.help`.
    pub fn control(id: &str, suffix: &str) -> String {
        format!("control.{}{suffix}", key_word(id))
    }

    /// `control.{id}.option.{value}`.
    pub fn option(id: &str, value: &str) -> String {
        format!("control.{}.option.{}", key_word(id), key_word(value))
    }

    /// `group.{name}`.
    pub fn group(name: &str) -> String {
        format!("group.{}", key_word(name))
    }

    /// `figure.{kind}.{word}.{field}` (field: `label`, `hint`, `tooltip`).
    pub fn figure(kind: &str, word: &str, field: &str) -> String {
        format!("figure.{}.{}.{field}", key_word(kind), key_word(word))
    }
}

impl PresetInfo {
    /// The title in the current language.
    pub fn title_text(&self) -> &'static str {
        crate::lang::text(&keys::preset(self.name, "title"), self.title)
    }

    /// The caption in the current language.
    pub fn caption_text(&self) -> &'static str {
        crate::lang::text(&keys::preset(self.name, "caption"), self.caption)
    }
}

impl FigureInfo {
    /// The screen readers' label in the current language; `kind` is the kind's word.
    pub fn label_text(&self, kind: &str) -> &'static str {
        crate::lang::text(&keys::figure(kind, self.word, "label"), self.label)
    }

    /// The line under the figure in the current language (empty stays empty).
    pub fn hint_text(&self, kind: &str) -> &'static str {
        crate::lang::text(&keys::figure(kind, self.word, "hint"), self.hint)
    }

    /// The canvas's tooltip in the current language (empty stays empty).
    pub fn tooltip_text(&self, kind: &str) -> &'static str {
        crate::lang::text(&keys::figure(kind, self.word, "tooltip"), self.tooltip)
    }
}

impl dyn Scene + '_ {
    /// [`Scene::caption`] in the current language.
    pub fn caption_text(&self) -> Option<&'static str> {
        let english = self.caption()?;
        Some(match self.setup().preset() {
            Some(name) => crate::lang::text(&keys::preset(name, "caption"), english),
            None => english,
        })
    }
}

/// Every text the scenes' tables hold in English, with its catalog key: each
/// preset's title and caption, each control's label, tooltip and menu labels, each
/// fieldset's legend and each figure's label, hint and tooltip. The catalogs of the
/// other languages must translate every one ([`crate::lang`]); a text with no letter
/// in it ("3", "0.5") is not a text to translate. Read in English whatever the
/// thread speaks.
pub fn texts() -> Vec<(String, &'static str)> {
    crate::lang::with(crate::lang::Lang::En, || {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        let mut put = |key: String, english: &'static str| {
            if english.chars().any(char::is_alphabetic) && !out.iter().any(|(k, _)| *k == key) {
                out.push((key, english));
            }
        };
        for kind in KINDS {
            for p in (kind.presets)() {
                put(keys::preset(p.name, "title"), p.title);
                put(keys::preset(p.name, "caption"), p.caption);
            }
            for c in kind.controls {
                put(keys::control(c.id, ""), c.label);
                put(keys::control(c.id, ".help"), c.help);
                if let controls::Kind::Select(options) | controls::Kind::Toggles(options) = c.kind {
                    for (value, label) in options() {
                        put(
                            keys::option(c.id, &value),
                            Box::leak(label.into_boxed_str()),
                        );
                    }
                }
            }
            for g in kind.groups {
                put(keys::group(g.name), g.legend);
            }
            for f in kind.figures {
                put(keys::figure(kind.word, f.word, "label"), f.label);
                put(keys::figure(kind.word, f.word, "hint"), f.hint);
                put(keys::figure(kind.word, f.word, "tooltip"), f.tooltip);
            }
        }
        out
    })
}
