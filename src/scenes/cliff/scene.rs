//! The cliff scene: its setup (the checked cliff settings; the cliff is one preset,
//! `e7-cliff`) and the running scene, a [`Replay`] of both descents revealed step by
//! step, whose start moves with a click on either surface.

use std::any::Any;

use super::config::{CliffConfig, CAPTION};
use super::controls;
use super::replay::{start_word, Replay};
use super::report;
use crate::charts::{self, Options, Theme};
use crate::engine::settings::{not_applied, Checked, Settings};
use crate::scenes::{with_setting, Advanced, Applied, Click, Figure, Scene, SceneKind, SceneSetup};

/// The cliff's preset word.
pub const PRESET: &str = "e7-cliff";

/// The cliff's settings as a link holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct CliffSetup {
    pub config: Checked<CliffConfig>,
}

impl Default for CliffSetup {
    fn default() -> Self {
        CliffSetup {
            config: CliffConfig::default()
                .validate()
                .expect("the cliff's defaults are valid"),
        }
    }
}

impl SceneSetup for CliffSetup {
    fn kind(&self) -> &'static SceneKind {
        &super::KIND
    }

    fn preset(&self) -> Option<&'static str> {
        Some(PRESET)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.config = with_setting(&self.config, key, value)?;
        Ok(())
    }

    fn changes(&self) -> Vec<(String, String)> {
        self.config.changes_from(&CliffConfig::default())
    }

    /// The cliff's settings are always its one preset's.
    fn detach(&mut self) {}

    fn start(&self) -> Box<dyn Scene> {
        Box::new(CliffScene {
            replay: Replay::new((*self.config).clone()),
            setup: self.clone(),
        })
    }

    crate::setup_boxing!();
}

/// The cliff as the page plays it.
pub struct CliffScene {
    setup: CliffSetup,
    pub replay: Replay,
}

impl CliffScene {
    /// Runs the replay on settings that passed validation.
    fn reconfigure(&mut self, next: Checked<CliffConfig>) {
        self.replay.reconfigure((*next).clone());
        self.setup.config = next;
    }
}

impl Scene for CliffScene {
    fn setup(&self) -> &dyn SceneSetup {
        &self.setup
    }

    fn caption(&self) -> Option<&'static str> {
        (self.replay.config == CliffConfig::default()).then_some(CAPTION)
    }

    fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        let next = with_setting(&self.setup.config, key, value)
            .map_err(|e| not_applied(key, value, &e))?;
        self.reconfigure(next);
        Ok(Applied::Restarted)
    }

    fn detach(&mut self) {}

    fn reset(&mut self) {
        self.replay.reset();
    }

    /// A tenth of `max_steps` (at least one) is revealed per call, so the default
    /// speed shows a step per frame.
    fn advance(&mut self, max_steps: u32, _out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced {
        Advanced {
            steps: self.replay.advance((max_steps as usize / 10).max(1)) as u32,
            rounds: 0,
        }
    }

    fn is_finished(&self) -> bool {
        self.replay.is_finished()
    }

    fn step(&self) -> u64 {
        self.replay.shown as u64
    }

    fn status(&self) -> String {
        self.replay.status()
    }

    fn divergence(&self) -> Option<String> {
        None
    }

    fn control_value(&self, id: &str) -> String {
        controls::cliff_value_of(id, &self.replay.config)
    }

    fn control_setting(&self, id: &str, value: &str) -> (String, String) {
        (controls::cliff_key(id).to_string(), value.to_string())
    }

    fn shown(&self) -> Vec<&'static str> {
        vec!["cliff"]
    }

    fn figure<'a>(&'a self, word: &str, _options: &Options) -> Option<Figure<'a>> {
        (word == "cliff").then_some(Figure::Cliff(&self.replay))
    }

    fn csv(&self, word: &str, _options: &Options) -> Result<String, String> {
        match word {
            "cliff" => Ok(report::csv(&self.replay.runs)),
            _ => Err(crate::t!("cliff.no-figure", figure = word)),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    /// A click on either surface starts both descents there.
    fn click(&mut self, word: &str, click: Click, theme: &Theme) -> Option<Result<(), String>> {
        if word != "cliff" {
            return None;
        }
        let (w, b) = charts::cliff::locate(click.size, theme, &self.replay, click.x, click.y)?;
        // Both or neither.
        let next = with_setting(&self.setup.config, "w", &start_word(w))
            .and_then(|c| with_setting(&c, "b", &start_word(b)))
            .map_err(|e| crate::t!("cliff.start-not-moved", why = e));
        Some(next.map(|next| self.reconfigure(next)))
    }
}
