//! The recurrent scene: its setup (preset, checked settings, the clip threshold kept
//! while clipping is off) and the running scene, an [`RnnRun`] trained step by step
//! with its through-time trace.

use std::any::Any;

use super::controls;
use super::presets;
use super::report;
use super::trace::RnnRun;
use crate::charts::Options;
use crate::engine::recurrent::RnnConfig;
use crate::engine::settings::{Checked, Settings};
use crate::scenes::controls::KeptThreshold;
use crate::scenes::{with_setting, Advanced, Applied, Figure, Scene, SceneKind, SceneSetup};

/// A recurrent run's settings as a link holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct RnnSetup {
    pub preset: &'static str,
    pub config: Checked<RnnConfig>,
    pub clip_threshold: KeptThreshold,
}

impl RnnSetup {
    /// The setup of a recurrent preset, as it is.
    pub fn of_preset(name: &str) -> Option<Self> {
        let p = presets::find(name)?;
        let config = p.config.validate().ok()?;
        Some(RnnSetup {
            preset: p.name,
            clip_threshold: KeptThreshold::of(config.clip),
            config,
        })
    }

    /// The settings the preset gives.
    pub fn base(&self) -> RnnConfig {
        presets::find(self.preset).map_or_else(RnnConfig::default, |p| p.config)
    }
}

impl SceneSetup for RnnSetup {
    fn kind(&self) -> &'static SceneKind {
        &super::KIND
    }

    fn preset(&self) -> Option<&'static str> {
        Some(self.preset)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(done) = self.clip_threshold.set(key, value, self.config.clip) {
            return done;
        }
        let next = with_setting(&self.config, key, value)?;
        self.clip_threshold.follow(next.clip);
        self.config = next;
        Ok(())
    }

    fn changes(&self) -> Vec<(String, String)> {
        let base = self.base();
        let pairs = self.config.changes_from(&base);
        self.clip_threshold
            .add_to(self.config.clip, base.clip, pairs)
    }

    fn detach(&mut self) {}

    fn start(&self) -> Box<dyn Scene> {
        Box::new(RecurrentScene {
            run: RnnRun::new(&self.config),
            setup: self.clone(),
        })
    }

    crate::setup_boxing!();
}

/// A recurrent net as the page trains it.
pub struct RecurrentScene {
    setup: RnnSetup,
    pub run: RnnRun,
}

impl Scene for RecurrentScene {
    fn setup(&self) -> &dyn SceneSetup {
        &self.setup
    }

    fn caption(&self) -> Option<&'static str> {
        let p = presets::find(self.setup.preset)?;
        (p.config == *self.setup.config).then_some(p.caption)
    }

    fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        let mut next = self.setup.clone();
        next.set(key, value)
            .map_err(|e| crate::engine::settings::not_applied(key, value, &e))?;
        if next.config != self.setup.config {
            self.run = RnnRun::new(&next.config);
        }
        self.setup = next;
        Ok(Applied::Restarted)
    }

    fn detach(&mut self) {}

    fn reset(&mut self) {
        self.run = RnnRun::new(&self.setup.config);
    }

    fn advance(&mut self, max_steps: u32, out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced {
        let mut done = Advanced::default();
        while done.steps < max_steps && self.run.step() {
            done.steps += 1;
            if out_of_time(1.0) {
                break;
            }
        }
        done
    }

    fn is_finished(&self) -> bool {
        self.run.is_finished()
    }

    fn step(&self) -> u64 {
        self.run.trace.steps as u64
    }

    fn status(&self) -> String {
        self.run.status()
    }

    fn divergence(&self) -> Option<String> {
        self.run.trace.non_finite_message()
    }

    fn control_value(&self, id: &str) -> String {
        controls::rnn_value_of(id, &self.setup.config, self.setup.clip_threshold.0)
    }

    fn control_setting(&self, id: &str, value: &str) -> (String, String) {
        controls::rnn_to_setting(id, value, &self.setup.config, self.setup.clip_threshold.0)
    }

    fn control_applies(&self, id: &str) -> bool {
        controls::rnn_applies(id, &self.setup.config)
    }

    fn hide_word(&self, id: &'static str) -> &'static str {
        controls::rnn_key(id)
    }

    fn shown(&self) -> Vec<&'static str> {
        vec!["through-time"]
    }

    fn figure<'a>(&'a self, word: &str, _options: &Options) -> Option<Figure<'a>> {
        (word == "through-time").then(|| Figure::ThroughTime(&self.run.trace, self.run.config()))
    }

    fn csv(&self, word: &str, _options: &Options) -> Result<String, String> {
        match word {
            "through-time" => Ok(report::csv(self.run.config().t, &self.run.trace.columns)),
            _ => Err(crate::t!("rnn.no-figure", figure = word)),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The setup its own changes give, set on its preset.
    fn written_back(s: &RnnSetup) -> RnnSetup {
        let mut back = RnnSetup::of_preset(s.preset).unwrap();
        for (k, v) in s.changes() {
            back.set(&k, &v).unwrap_or_else(|e| panic!("{k}={v}: {e}"));
        }
        back
    }

    #[test]
    fn the_kept_clip_threshold_is_written_exactly() {
        for t in ["1.2644687615856618", "1e-300", "123456.7"] {
            let mut s = RnnSetup::of_preset("e6-vanishing").unwrap();
            s.set(KeptThreshold::KEY, t).unwrap();
            assert_eq!(written_back(&s), s, "{t}");
        }
    }

    #[test]
    fn the_kept_clip_threshold_is_refused_while_clipping_is_on() {
        // Any later setting would put the clip's threshold back, so a link could not keep it.
        let mut s = RnnSetup::of_preset("e6-exploding-clipped").unwrap();
        let before = s.clone();
        assert!(s.set(KeptThreshold::KEY, "5").is_err());
        assert_eq!(s, before);
        s.set("clip", "none").unwrap();
        s.set(KeptThreshold::KEY, "5").unwrap();
        s.set("lr", "0.5").unwrap();
        assert_eq!(s.clip_threshold.0, 5.0);
        assert_eq!(written_back(&s), s);
    }
}
