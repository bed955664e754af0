//! The page's one app state, without the page: the open scene, the page settings,
//! and play/pause. The browser layer only turns DOM events into calls here and
//! draws what the scene hands it, so all of this is tested natively.
//!
//! A control change goes through [`Session::apply`]: a setting that does not
//! parse, or a config that does not validate, leaves the run as it was and says
//! why; a good one restarts the run (the same seed gives the same run again).
//! Page settings (speed, theme, the loss axis, the gradient measure, the
//! comparison) change how the run is shown and never restart it.
//!
//! [`Session::load_data`] reads a CSV text: a good one switches the run to data=file
//! and restarts; a bad one changes nothing and the message says the line and column.
//! The session keeps the last good rows, so a preset picked since can go back to them.

use std::sync::Arc;

use crate::charts::Options;
use crate::engine::data::{file, Dataset};
use crate::engine::trainer::Edit;
use crate::scenes::{self, Action, Click, Pointed, Scene};
pub use crate::scenes::{Advanced, Applied};

use super::link::{Link, MAX_SPEED};
use super::page::PageSettings;

pub struct Session {
    scene: Box<dyn Scene>,
    /// Settings changed mid-run, in step order, replayed at their steps.
    actions: Vec<Action>,
    /// How many of `actions` the current run has applied.
    applied: usize,
    page: PageSettings,
    pub playing: bool,
    /// The diagram's unit under the pointer, which the model panel shows large.
    focus: Option<(usize, usize)>,
    /// The last rows a file gave (never part of a link).
    data: Option<Arc<Dataset>>,
}

impl Session {
    pub fn new(link: Link) -> Self {
        let mut s = Session {
            scene: link.scene.start(),
            actions: link.actions,
            applied: 0,
            page: link.page,
            playing: false,
            focus: None,
            data: None,
        };
        // The link already checked the setting; a failure turns it off.
        let _ = s.sync_compare();
        s
    }

    /// Hands the page's comparison to the scene; on failure it is turned off.
    fn sync_compare(&mut self) -> Result<(), String> {
        let result = self.scene.compare(self.page.compare.as_deref());
        if result.is_err() {
            self.page.compare = None;
        }
        result
    }

    /// The link to this state.
    pub fn link(&self) -> Link {
        Link {
            scene: self.scene.setup().clone_box(),
            actions: self.actions.clone(),
            page: self.page.clone(),
        }
    }

    pub fn scene(&self) -> &dyn Scene {
        self.scene.as_ref()
    }

    pub fn scene_mut(&mut self) -> &mut dyn Scene {
        self.scene.as_mut()
    }

    pub fn page(&self) -> &PageSettings {
        &self.page
    }

    /// The preset's caption in the current language, while the settings are still
    /// the preset's.
    pub fn caption(&self) -> Option<&'static str> {
        self.scene.caption_text()
    }

    /// Starts the run over with the current settings.
    pub fn reset(&mut self) {
        self.scene.reset();
        self.applied = 0;
        // A comparison that cannot be rebuilt is turned off, which the link then shows.
        let _ = self.sync_compare();
    }

    /// Loads a preset of any scene (keeping the page settings) and restarts; the
    /// comparison is what the preset's experiment compares (E5's activations), or off.
    pub fn load_preset(&mut self, name: &str) -> Result<(), String> {
        self.playing = false;
        if name == "custom" {
            // The same settings, no longer tied to a preset's story.
            self.scene.detach();
            return Ok(());
        }
        let setup = scenes::open(name)
            .ok_or_else(|| crate::t!("app.session.unknown-preset", name = name))?;
        self.page.compare = setup.compares().map(str::to_string);
        self.scene = setup.start();
        if let Some(d) = &self.data {
            self.scene.keep_data(d.clone());
        }
        self.actions.clear();
        self.applied = 0;
        let _ = self.sync_compare();
        Ok(())
    }

    /// Reads CSV text ([`file::parse`]) and trains on it: data=file with the file's
    /// columns, classes and rows, restarted. A scene that takes no data gives way to
    /// custom network settings. On error nothing changes: the run and the last good
    /// rows stay as they were, and the message names the line and column.
    pub fn load_data(&mut self, text: &str) -> Result<Applied, String> {
        let rows =
            Arc::new(file::parse(text).map_err(|e| crate::t!("network.data.not-used", why = e))?);
        let result = match self.scene.load_data(rows.clone()) {
            Some(result) => result,
            None => {
                let setup = scenes::open("custom").ok_or(crate::t!("app.session.no-network"))?;
                let mut fresh = setup.start();
                let result = fresh
                    .load_data(rows.clone())
                    .unwrap_or(Err(crate::t!("app.session.takes-no-data").into()));
                if result.is_ok() {
                    self.scene = fresh;
                    self.actions.clear();
                    self.page.compare = None;
                }
                result
            }
        };
        let applied = result?;
        self.data = Some(rows);
        self.applied = 0;
        self.playing = false;
        let _ = self.sync_compare();
        Ok(applied)
    }

    /// The last good rows a file gave, if any.
    pub fn data(&self) -> Option<&Dataset> {
        self.data.as_deref()
    }

    /// The last good rows as CSV ([`file::to_csv`]), to share beside a link.
    pub fn data_csv(&self) -> Option<String> {
        self.data().map(file::to_csv)
    }

    /// Changes one setting by its key and written value: a page key (`speed`,
    /// `theme`, `yscale`, `gradient`, `compare`) or one of the scene's. On error
    /// nothing changes and the message names the setting. Turning the comparison
    /// on starts it from the first step; the run goes on.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        if !PageSettings::is_key(key) {
            if self.acts_now(key, value) {
                return self.act(key, value);
            }
            let applied = self.scene.apply(key, value)?;
            if applied == Applied::Restarted {
                self.applied = 0;
                let _ = self.sync_compare();
            }
            return Ok(applied);
        }
        let mut link = self.link();
        link.set(key, value)
            .map_err(|why| super::link::ignored(key, value, &why))?;
        let compare_changed = link.page.compare != self.page.compare;
        self.page = link.page;
        if compare_changed {
            self.sync_compare()?;
        }
        Ok(Applied::Display)
    }

    /// Whether a change of `key` is one from the current step on: the run is under
    /// way and the scene can change that setting without starting over. Before the
    /// first step, after the last, and while a comparison trains beside the run (its
    /// variants are built from the settings, so they start over with them), a change
    /// starts the run over instead.
    /// A weight edit is always one: there is no setting to start over with.
    fn acts_now(&self, key: &str, value: &str) -> bool {
        if Edit::parse(key).is_some() {
            return true;
        }
        self.page.compare.is_none()
            && self.scene.step() > 0
            && !self.scene.is_finished()
            && self.scene.setup().check_action(key, value).is_ok()
    }

    /// Changes `key` from the current step on and records it, so the link replays
    /// this run. Recorded changes still ahead are dropped: the run has left them.
    fn act(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        self.scene.act(key, value).map_err(|e| {
            crate::t!(
                "network.setting.not-applied",
                setting = format!("{key}={value}"),
                why = e
            )
        })?;
        self.actions.truncate(self.applied);
        self.actions.push(Action {
            step: self.scene.step(),
            key: key.to_string(),
            value: value.to_string(),
        });
        self.applied = self.actions.len();
        Ok(Applied::Continued)
    }

    /// Runs up to `max_steps` steps, stopping early when the run ends or
    /// `out_of_time(share)` says more than that share of the frame's budget is
    /// spent (asked after every step, so at least one step runs); pauses once
    /// everything has ended. A recorded action is applied once its step is
    /// reached, before the next step. How a scene shares the budget is its own (a network
    /// with a comparison gives the run half of it).
    pub fn advance(
        &mut self,
        max_steps: u32,
        mut out_of_time: impl FnMut(f64) -> bool,
    ) -> Advanced {
        let max_steps = max_steps.min(MAX_SPEED);
        let mut done = Advanced::default();
        loop {
            self.apply_due_actions();
            let left = max_steps - done.steps;
            let until = match self.actions.get(self.applied) {
                Some(a) => a
                    .step
                    .saturating_sub(self.scene.step())
                    .min(u64::from(left)) as u32,
                None => left,
            };
            let d = self.scene.advance(until, &mut out_of_time);
            done.steps += d.steps;
            done.rounds += d.rounds;
            // Stopped by the clock or the run's end, or nothing left to replay.
            if d.steps < until || done.steps >= max_steps || self.applied == self.actions.len() {
                break;
            }
        }
        self.apply_due_actions();
        if self.is_finished() {
            self.playing = false;
        }
        done
    }

    /// Applies the recorded actions whose step the run has reached. One the scene
    /// refuses is dropped (the link was checked, so this means a scene changed).
    fn apply_due_actions(&mut self) {
        while let Some(a) = self.actions.get(self.applied) {
            if a.step > self.scene.step() {
                break;
            }
            let a = a.clone();
            match self.scene.act(&a.key, &a.value) {
                Ok(()) => self.applied += 1,
                Err(_) => {
                    self.actions.remove(self.applied);
                }
            }
        }
    }

    pub fn is_finished(&self) -> bool {
        self.scene.is_finished()
    }

    pub fn steps_per_epoch(&self) -> usize {
        self.scene.steps_per_epoch()
    }

    /// The banner's sentence once the run diverged.
    pub fn divergence(&self) -> Option<String> {
        self.scene.divergence()
    }

    /// One line for the status bar.
    pub fn status(&self) -> String {
        self.scene.status()
    }

    /// What the charts honour.
    pub fn options(&self) -> Options {
        Options {
            focus: self.focus,
            ..self.page.options()
        }
    }

    /// What the pointer is on at `at` in figure `word`; a unit it rests on is
    /// shown large in the model panel until the pointer moves off it. Returns also
    /// whether that focus changed (the model panel needs a redraw).
    pub fn point(
        &mut self,
        word: &str,
        at: Click,
        theme: &crate::charts::Theme,
    ) -> (Option<Pointed>, bool) {
        let pointed = self.scene.point(word, at, theme, &self.options());
        let focus = pointed.as_ref().and_then(|p| p.focus);
        let changed = focus != self.focus;
        self.focus = focus;
        (pointed, changed)
    }

    /// The pointer left the figures; true if a unit was shown large.
    pub fn leave(&mut self) -> bool {
        self.focus.take().is_some()
    }

    /// A click on figure `word`; Some when the scene acted on it.
    pub fn click(
        &mut self,
        word: &str,
        click: Click,
        theme: &crate::charts::Theme,
    ) -> Option<Result<(), String>> {
        self.scene.click(word, click, theme)
    }
}

#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod tests;
