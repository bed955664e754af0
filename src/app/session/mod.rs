//! The page's one app state, without the page: the open scene, the page settings,
//! and play/pause. The browser layer only turns DOM events into calls here and
//! draws what the scene hands it, so all of this is tested natively.
//!
//! A control change goes through [`Session::apply`]: a setting that does not
//! parse, or a config that does not validate, leaves the run as it was and says
//! why; a good one restarts the run (the same seed gives the same run again).
//! Page settings (speed, theme, the loss axis, the gradient measure, the
//! comparison) change how the run is shown and never restart it.

use crate::charts::Options;
use crate::scenes::{self, Action, Click, Scene};
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
}

impl Session {
    pub fn new(link: Link) -> Self {
        let mut s = Session {
            scene: link.scene.start(),
            actions: link.actions,
            applied: 0,
            page: link.page,
            playing: false,
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

    pub fn caption(&self) -> Option<&'static str> {
        self.scene.caption()
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
        let setup = scenes::open(name).ok_or_else(|| format!("unknown preset '{name}'"))?;
        self.page.compare = setup.compares().map(str::to_string);
        self.scene = setup.start();
        self.actions.clear();
        self.applied = 0;
        let _ = self.sync_compare();
        Ok(())
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
            .map_err(|why| format!("ignored {key}={value}: {why}"))?;
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
    fn acts_now(&self, key: &str, value: &str) -> bool {
        self.page.compare.is_none()
            && self.scene.step() > 0
            && !self.scene.is_finished()
            && self.scene.setup().check_action(key, value).is_ok()
    }

    /// Changes `key` from the current step on and records it, so the link replays
    /// this run. Recorded changes still ahead are dropped: the run has left them.
    fn act(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        self.scene
            .act(key, value)
            .map_err(|e| format!("{key}={value} not applied: {e}"))?;
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
        self.page.options()
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
