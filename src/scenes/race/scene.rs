//! The race scene: its setup (the preset and the checked race settings) and the
//! running scene, a [`Replay`] revealed step by step, scrubbed with the step
//! slider, whose start moves with a click or a drag on the surface.

use std::any::Any;

use super::config::RaceConfig;
use super::controls;
use super::presets;
use super::replay::{start_word, Replay};
use super::report;
use crate::charts::{Options, Theme};
use crate::engine::settings::{not_applied, Checked, Settings};
use crate::scenes::{with_setting, Advanced, Applied, Click, Figure, Scene, SceneKind, SceneSetup};

/// The scrubbing key: which step is shown. It changes the view, not the race, so
/// it is not a setting and no link holds it.
pub const SHOWN: &str = "shown";

/// The race's settings as a link holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct RaceSetup {
    pub preset: &'static str,
    pub config: Checked<RaceConfig>,
}

impl RaceSetup {
    pub fn of_preset(name: &str) -> Option<Self> {
        let p = presets::find(name)?;
        Some(RaceSetup {
            preset: p.name,
            config: p.config.validate().ok()?,
        })
    }

    /// The settings the preset gives.
    pub fn base(&self) -> RaceConfig {
        presets::find(self.preset).map_or_else(RaceConfig::default, |p| p.config)
    }

    /// The settings with one more; a new surface brings its own start, steps and
    /// learning rates (the others are kept), since the old start may be off its plot.
    pub fn with(&self, key: &str, value: &str) -> Result<Checked<RaceConfig>, String> {
        if key.trim() != "surface" {
            return with_setting(&self.config, key, value);
        }
        let mut probe = (*self.config).clone();
        probe
            .set(key, value)
            .map_err(|e| e.short_reason().to_string())?;
        let fresh = RaceConfig::on(probe.surface);
        let next = RaceConfig {
            surface: probe.surface,
            start: fresh.start,
            steps: fresh.steps,
            optimizers: fresh.optimizers,
            ..probe
        };
        next.validate().map_err(|e| e.to_string())
    }
}

impl SceneSetup for RaceSetup {
    fn kind(&self) -> &'static SceneKind {
        &super::KIND
    }

    fn preset(&self) -> Option<&'static str> {
        Some(self.preset)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.config = self.with(key, value)?;
        Ok(())
    }

    /// The surface comes first: setting it loads its own start and rates, which
    /// the settings after it then change.
    fn changes(&self) -> Vec<(String, String)> {
        let mut pairs = self.config.changes_from(&self.base());
        crate::engine::sorting::sort_small(&mut pairs, |a, b| a.0 == "surface" && b.0 != "surface");
        pairs
    }

    /// The race's settings are always a preset's story, changed.
    fn detach(&mut self) {}

    fn start(&self) -> Box<dyn Scene> {
        Box::new(RaceScene {
            replay: Replay::new((*self.config).clone()),
            setup: self.clone(),
        })
    }

    crate::setup_boxing!();
}

/// The race as the page plays it.
pub struct RaceScene {
    setup: RaceSetup,
    pub replay: Replay,
}

impl RaceScene {
    fn reconfigure(&mut self, next: Checked<RaceConfig>) {
        self.replay.reconfigure((*next).clone());
        self.setup.config = next;
    }
}

impl Scene for RaceScene {
    fn setup(&self) -> &dyn SceneSetup {
        &self.setup
    }

    fn caption(&self) -> Option<&'static str> {
        let p = presets::find(self.setup.preset)?;
        (p.config == *self.setup.config).then_some(p.caption)
    }

    fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        if key == SHOWN {
            let k = value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|k| k.is_finite() && *k >= 0.0)
                .ok_or_else(|| not_applied(SHOWN, value, &crate::t!("race.not-a-step")))?;
            self.replay.show(k as usize);
            return Ok(Applied::Display);
        }
        let next = self
            .setup
            .with(key, value)
            .map_err(|e| not_applied(key, value, &e))?;
        self.reconfigure(next);
        Ok(Applied::Restarted)
    }

    fn detach(&mut self) {}

    fn reset(&mut self) {
        self.replay.reset();
    }

    /// A tenth of `max_steps` (at least one) is revealed per call, times the
    /// race's length in hundreds of steps, so any race plays in a few seconds at
    /// the default speed.
    fn advance(&mut self, max_steps: u32, _out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced {
        let per_hundred = self.replay.len().div_ceil(100).max(1);
        let n = (max_steps as usize / 10).max(1) * per_hundred;
        Advanced {
            steps: self.replay.advance(n) as u32,
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

    /// A lap that leaves the plot is part of the race, not a failure of the page.
    fn divergence(&self) -> Option<String> {
        None
    }

    fn control_value(&self, id: &str) -> String {
        controls::value_of(id, &self.replay)
    }

    fn control_setting(&self, id: &str, value: &str) -> (String, String) {
        controls::setting(id, value, &self.replay.config)
    }

    fn control_applies(&self, id: &str) -> bool {
        controls::applies(id, &self.replay.config)
    }

    fn control_max(&self, id: &str) -> Option<f64> {
        (id == controls::SHOWN_ID).then_some(self.replay.len() as f64)
    }

    fn shown(&self) -> Vec<&'static str> {
        super::KIND.figures.iter().map(|f| f.word).collect()
    }

    fn figure<'a>(&'a self, word: &str, _options: &Options) -> Option<Figure<'a>> {
        let which = super::RaceFigure::from_word(word)?;
        Some(Figure::Race(which, &self.replay))
    }

    fn csv(&self, word: &str, _options: &Options) -> Result<String, String> {
        let race = &self.replay.race;
        match word {
            "race" => Ok(report::csv(race)),
            "race-loss" => Ok(report::loss_csv(race)),
            "race-rates" => Ok(report::rates_csv(race)),
            "race-score" => Ok(report::score_csv(&self.replay)),
            _ => Err(crate::t!("race.no-figure", figure = word)),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    /// A click (or a drag) on the surface starts every optimizer there.
    fn click(&mut self, word: &str, click: Click, theme: &Theme) -> Option<Result<(), String>> {
        if word != "race" {
            return None;
        }
        let (x, y) =
            crate::charts::race::locate(click.size, theme, &self.replay, click.x, click.y)?;
        let start = format!("{},{}", start_word(x), start_word(y));
        let next = with_setting(&self.setup.config, "start", &start)
            .map_err(|e| crate::t!("race.start-not-moved", why = e));
        Some(next.map(|next| self.reconfigure(next)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_surface_brings_its_own_start_and_the_link_replays_it() {
        let mut s = RaceSetup::of_preset("e8-saddle").unwrap();
        s.set("noise", "0.5").unwrap();
        s.set("surface", "beale").unwrap();
        assert_eq!(
            s.config.start,
            RaceConfig::on(super::super::surface::SurfaceKind::Beale).start
        );
        assert_eq!(s.config.noise, 0.5, "other settings are kept");
        s.set("start", "2,1").unwrap();
        let changes = s.changes();
        assert_eq!(changes[0].0, "surface");
        let mut back = RaceSetup::of_preset("e8-saddle").unwrap();
        for (k, v) in &changes {
            back.set(k, v).unwrap();
        }
        assert_eq!(back, s);
    }

    #[test]
    fn bad_input_keeps_the_last_good_race() {
        let mut scene = RaceSetup::of_preset("e8-valley").unwrap().start();
        let before = scene.csv("race", &Options::default()).unwrap();
        for (k, v) in [
            ("optimizers", "lion:0.1"),
            ("surface", "teapot"),
            ("optimizers", "adam:0"),
            ("optimizers", "adam:-1"),
            ("start", "50,50"),
            ("start", "nan,1"),
            ("noise", "NaN"),
            (SHOWN, "-3"),
        ] {
            let e = scene.apply(k, v).unwrap_err();
            assert!(!e.contains('\n') && e.contains(k), "{k}={v}: {e}");
        }
        assert_eq!(scene.csv("race", &Options::default()).unwrap(), before);
    }

    #[test]
    fn the_step_slider_scrubs_without_restarting() {
        let mut scene = RaceSetup::of_preset("e8-saddle").unwrap().start();
        scene.advance(1000, &mut |_| false);
        let at = scene.step();
        assert!(at > 0);
        assert_eq!(scene.apply(SHOWN, "5").unwrap(), Applied::Display);
        assert_eq!(scene.step(), 5);
        assert!(scene.setup().changes().is_empty());
    }
}
