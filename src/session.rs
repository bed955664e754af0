//! The page's one app state, without the page: the applied link (config and
//! page settings), the run, its history and the latest snapshot, play/pause, and
//! the notes the page shows. The browser layer only turns DOM events into calls
//! here and draws what it holds, so all of this is tested natively.
//!
//! A control change goes through [`Session::apply`]: a setting that does not
//! parse, or a config that does not validate, leaves the run as it was and says
//! why; a good one restarts the run (the same seed gives the same run again).

use crate::charts::{Options, View};
use crate::config::Config;
use crate::engine::recurrent::presets as rnn_presets;
use crate::engine::trainer::Run;
use crate::history::{History, Measure};
use crate::landscape::replay::Replay;
use crate::link::{Link, MAX_SPEED};
use crate::presets;
use crate::snapshot::{self, Snapshot};
use crate::through_time::RnnRun;

pub struct Session {
    link: Link,
    run: Run,
    pub history: History,
    pub snapshot: Option<Snapshot>,
    pub playing: bool,
    /// The cliff, when the link opens it instead of a network.
    pub cliff: Option<Replay>,
    /// A recurrent net through time (E6), when the link opens one.
    pub rnn: Option<RnnRun>,
}

/// What a change did, so the page knows what to redraw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The run restarted with the new settings.
    Restarted,
    /// Only how the page shows the run changed.
    Display,
}

impl Session {
    pub fn new(link: Link) -> Self {
        let run = Run::new(&link.config.validate().unwrap_or_else(|_| {
            Config::default()
                .validate()
                .expect("the default config is valid")
        }));
        let mut s = Session {
            history: History::new(run.config().hidden.len() + 1),
            run,
            snapshot: None,
            playing: false,
            cliff: link.cliff.clone().map(Replay::new),
            rnn: link.rnn.as_ref().map(RnnRun::new),
            link,
        };
        s.refresh_snapshot();
        s
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    pub fn config(&self) -> &Config {
        &self.link.config
    }

    pub fn caption(&self) -> Option<&'static str> {
        if let Some(r) = &self.cliff {
            return (r.config == crate::landscape::config::CliffConfig::default())
                .then_some(crate::landscape::config::CAPTION);
        }
        let name = self.link.preset.as_deref()?;
        if let Some(r) = &self.rnn {
            let p = rnn_presets::find(name)?;
            return (p.config == *r.config()).then_some(p.caption);
        }
        let preset = presets::find(name)?;
        // Once a setting differs, the caption's story may no longer hold.
        (preset.config == self.link.config).then_some(preset.caption)
    }

    /// Starts the run over with the current settings.
    pub fn reset(&mut self) {
        if let Some(r) = &mut self.cliff {
            r.reset();
            return;
        }
        if let Some(r) = &mut self.rnn {
            *r = RnnRun::new(r.config());
            return;
        }
        let checked = self
            .link
            .config
            .validate()
            .expect("Session keeps only valid configs");
        self.run = Run::new(&checked);
        self.history = History::new(self.run.config().hidden.len() + 1);
        self.refresh_snapshot();
    }

    /// Loads a preset (keeping the page settings) and restarts.
    pub fn load_preset(&mut self, name: &str) -> Result<(), String> {
        self.playing = false;
        if name == "custom" {
            // The same settings, no longer tied to a preset's story.
            if self.cliff.is_none() && self.rnn.is_none() {
                self.link.preset = None;
            }
            return Ok(());
        }
        if let Some(rnn) = Link::rnn_preset(name) {
            self.link = Link {
                page: self.link.page.clone(),
                ..rnn
            };
            self.cliff = None;
            self.rnn = self.link.rnn.as_ref().map(RnnRun::new);
            return Ok(());
        }
        if name == crate::link::CLIFF_PRESET {
            let page = self.link.page.clone();
            self.link = Link {
                page,
                ..Link::cliff()
            };
            self.cliff = self.link.cliff.clone().map(Replay::new);
            self.rnn = None;
            return Ok(());
        }
        self.cliff = None;
        self.link.cliff = None;
        self.rnn = None;
        self.link.rnn = None;
        let p = presets::find(name).ok_or_else(|| format!("unknown preset '{name}'"))?;
        self.link.preset = Some(p.name.to_string());
        self.link.config = p.config;
        self.playing = false;
        self.reset();
        Ok(())
    }

    /// Changes one setting by its key and written value: a config key
    /// (`lr`, `hidden`, `clip`, …) or a page key (`speed`, `theme`, `yscale`,
    /// `gradient`). On error nothing changes and the message names the setting.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        match key {
            "speed" | "theme" | "yscale" | "gradient" => {
                let (parsed, notes) = Link::parse(&format!("{key}={value}"));
                if let Some(n) = notes.into_iter().next() {
                    return Err(n);
                }
                let p = &mut self.link.page;
                match key {
                    "speed" => p.speed = parsed.page.speed,
                    "theme" => p.theme = parsed.page.theme,
                    "yscale" => p.log_loss = parsed.page.log_loss,
                    _ => p.gradient = parsed.page.gradient,
                }
                Ok(Applied::Display)
            }
            _ if self.cliff.is_some() => {
                let replay = self.cliff.as_mut().expect("cliff mode");
                replay
                    .set(key, value)
                    .map_err(|e| format!("{key}={value} not applied: {}", e.reason))?;
                self.link.cliff = Some(replay.config.clone());
                Ok(Applied::Restarted)
            }
            _ if self.rnn.is_some() => {
                let run = self.rnn.as_mut().expect("rnn mode");
                let mut next = run.config().clone();
                next.set(key, value)
                    .map_err(|e| format!("{key}={value} not applied: {}", e.reason))?;
                next.validate()
                    .map_err(|e| format!("{key}={value} not applied: {e}"))?;
                if next != *run.config() {
                    *run = RnnRun::new(&next);
                    self.link.rnn = Some(next);
                }
                Ok(Applied::Restarted)
            }
            _ => {
                let mut next = self.link.config.clone();
                next.set(key, value)
                    .map_err(|e| format!("{key}={value} not applied: {}", e.reason))?;
                next.validate()
                    .map_err(|e| format!("{key}={value} not applied: {e}"))?;
                if next != self.link.config {
                    self.link.config = next;
                    self.reset();
                }
                Ok(Applied::Restarted)
            }
        }
    }

    /// Runs up to `max_steps` steps, stopping early when `out_of_time()` says so
    /// (checked after every step, so at least one step runs) or when the run
    /// ends; pauses at the end. Returns the steps run.
    /// On the cliff, a tenth of `max_steps` (at least one) is revealed per call,
    /// so the default speed shows a step per frame.
    pub fn advance(&mut self, max_steps: u32, mut out_of_time: impl FnMut() -> bool) -> u32 {
        if let Some(r) = &mut self.cliff {
            let n = r.advance((max_steps as usize / 10).max(1));
            if r.is_finished() {
                self.playing = false;
            }
            return n as u32;
        }
        if let Some(r) = &mut self.rnn {
            let mut n = 0;
            while n < max_steps.min(MAX_SPEED) && r.step() {
                n += 1;
                if out_of_time() {
                    break;
                }
            }
            if r.is_finished() {
                self.playing = false;
            }
            return n;
        }
        let mut n = 0;
        while n < max_steps.min(MAX_SPEED) && !self.run.is_finished() {
            self.history.push(self.run.step());
            n += 1;
            if out_of_time() {
                break;
            }
        }
        if self.run.is_finished() {
            self.playing = false;
        }
        n
    }

    /// Recomputes the activation histograms and the model view.
    pub fn refresh_snapshot(&mut self) {
        self.snapshot = Some(snapshot::take(&mut self.run));
    }

    pub fn is_finished(&self) -> bool {
        match (&self.cliff, &self.rnn) {
            (Some(c), _) => c.is_finished(),
            (None, Some(r)) => r.is_finished(),
            (None, None) => self.run.is_finished(),
        }
    }

    /// Starts the cliff's descents from (w, b); an error if not on the cliff.
    pub fn start_cliff_at(&mut self, w: f64, b: f64) -> Result<(), String> {
        let r = self.cliff.as_mut().ok_or("not on the cliff")?;
        r.start_at(w, b)
            .map_err(|e| format!("start not moved: {e}"))?;
        self.link.cliff = Some(r.config.clone());
        Ok(())
    }

    pub fn steps_per_epoch(&self) -> usize {
        self.run.steps_per_epoch()
    }

    /// The banner's sentence once the run diverged.
    pub fn divergence(&self) -> Option<String> {
        if let Some(r) = &self.rnn {
            return r.trace.non_finite_message();
        }
        self.run.diverged().map(|d| d.message())
    }

    /// One line for the status bar: step, epoch, latest losses and accuracy.
    pub fn status(&self) -> String {
        if let Some(r) = &self.cliff {
            return r.status();
        }
        if let Some(r) = &self.rnn {
            return r.status();
        }
        let h = &self.history;
        let mut s = format!(
            "step {} · epoch {} of {}",
            h.step(),
            self.run.epochs_done(),
            self.link.config.epochs
        );
        if let Some(e) = h.epochs.last() {
            s.push_str(&format!(
                " · train loss {}",
                crate::report::loss_word(e.train_loss)
            ));
            if let Some(t) = e.test_loss {
                s.push_str(&format!(" · test loss {}", crate::report::loss_word(t)));
            }
            if let Some(a) = e.test_accuracy.or(e.train_accuracy) {
                s.push_str(&format!(" · accuracy {a:.3}"));
            }
        }
        if h.clipped_steps > 0 {
            s.push_str(&format!(" · clipped {} steps", h.clipped_steps));
        }
        if self.run.is_finished() && self.run.diverged().is_none() {
            s.push_str(" · finished");
        }
        s
    }

    /// What the charts read.
    pub fn view(&self) -> View<'_> {
        View {
            history: &self.history,
            snapshot: self.snapshot.as_ref(),
            options: Options {
                log_loss: self.link.page.log_loss,
                gradient: self.link.page.gradient,
            },
        }
    }

    pub fn set_hide(&mut self, hide: Vec<String>) {
        self.link.page.hide = hide;
    }

    /// The measure the gradient panel shows, as its URL word.
    pub fn gradient_word(&self) -> &'static str {
        match self.link.page.gradient {
            Measure::GradMeanAbs => "mean",
            _ => "norm",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(hash: &str) -> Session {
        let (link, notes) = Link::parse(hash);
        assert!(notes.is_empty(), "{notes:?}");
        Session::new(link)
    }

    #[test]
    fn advance_stops_on_time_and_at_the_end() {
        let mut s = session("preset=e2-shallow-tanh&epochs=2");
        s.playing = true;
        let mut calls = 0;
        assert_eq!(
            s.advance(100, || {
                calls += 1;
                calls >= 7
            }),
            7
        );
        assert_eq!(s.history.step(), 7);
        let per_epoch = s.steps_per_epoch() as u32;
        assert_eq!(s.advance(1000, || false), 2 * per_epoch - 7);
        assert!(s.is_finished() && !s.playing);
        assert_eq!(s.advance(10, || false), 0);
        assert!(s.status().ends_with("finished"), "{}", s.status());
    }

    #[test]
    fn a_bad_value_changes_nothing_and_names_the_setting() {
        let mut s = session("preset=e2-deep-tanh");
        s.advance(5, || false);
        let before = s.config().clone();
        for (k, v) in [
            ("lr", "fast"),
            ("lr", "-1"),
            ("hidden", "5,0"),
            ("speed", "0"),
            ("loss", "cross-entropy"),
        ] {
            let e = s.apply(k, v).unwrap_err();
            assert!(e.contains(k), "{e}");
            assert_eq!(s.config(), &before);
            assert_eq!(s.history.step(), 5, "the run goes on");
        }
    }

    #[test]
    fn a_good_value_restarts_the_same_way_every_time() {
        let mut s = session("preset=e2-deep-tanh");
        assert_eq!(s.apply("lr", "0.1"), Ok(Applied::Restarted));
        s.advance(30, || false);
        let first = s.history.loss.clone();
        s.reset();
        s.advance(30, || false);
        assert_eq!(s.history.loss, first);
        assert_eq!(s.link().format(), "preset=e2-deep-tanh&lr=0.1");
        assert_eq!(s.caption(), None, "the preset's story no longer applies");
        assert_eq!(s.apply("theme", "projector"), Ok(Applied::Display));
        assert_eq!(s.history.step(), 30, "display changes keep the run");
    }

    #[test]
    fn the_cliff_plays_step_by_step_and_takes_its_own_settings() {
        let mut s = session("preset=e7-cliff&grid=21");
        assert!(s.cliff.is_some());
        assert_eq!(s.advance(10, || false), 1);
        assert_eq!(s.advance(1000, || false), 100);
        assert_eq!(s.apply("threshold", "0.5"), Ok(Applied::Restarted));
        assert_eq!(s.link().format(), "preset=e7-cliff&grid=21&threshold=0.5");
        assert!(s
            .apply("threshold", "-1")
            .unwrap_err()
            .contains("threshold"));
        s.start_cliff_at(7.0, -3.5).unwrap();
        assert!(s.link().format().contains("w=7"));
        s.load_preset("e2-shallow-tanh").unwrap();
        assert!(s.cliff.is_none() && s.link().cliff.is_none());
        assert!(s.start_cliff_at(1.0, 1.0).is_err());
        s.load_preset("e7-cliff").unwrap();
        assert_eq!(s.link().format(), "preset=e7-cliff");
        assert!(s.caption().is_some());
        s.load_preset("e2-deep-tanh").unwrap();
        s.apply("lr", "0.1").unwrap();
        s.load_preset("custom").unwrap();
        let (link, _) = Link::parse(&s.link().format());
        assert!(
            link.preset.is_none() && link.config == *s.config(),
            "{}",
            s.link().format()
        );
        assert_eq!(s.caption(), None);
    }

    #[test]
    fn a_recurrent_preset_trains_through_time_and_takes_its_own_settings() {
        let mut s = session("preset=e6-exploding");
        assert!(s.rnn.is_some() && s.cliff.is_none());
        assert!(s.caption().is_some());
        s.playing = true;
        assert_eq!(s.advance(5, || false), 5);
        assert!(s.status().starts_with("step 5 of 20"), "{}", s.status());
        s.advance(1000, || false);
        assert!(s.is_finished() && !s.playing);
        assert_eq!(s.apply("clip", "global:1"), Ok(Applied::Restarted));
        assert_eq!(s.link().format(), "preset=e6-exploding&clip=global:1");
        assert_eq!(s.caption(), None);
        assert_eq!(s.rnn.as_ref().unwrap().trace.steps, 0, "restarted");
        for (k, v) in [
            ("t", "1"),
            ("cell", "transformer"),
            ("lr", "abc"),
            ("depth", "2"),
        ] {
            let e = s.apply(k, v).unwrap_err();
            assert!(e.contains(k), "{e}");
        }
        assert_eq!(s.link().format(), "preset=e6-exploding&clip=global:1");
        s.load_preset("custom").unwrap();
        assert_eq!(s.link().preset.as_deref(), Some("e6-exploding"));
        s.load_preset("e6-lstm").unwrap();
        assert_eq!(s.link().format(), "preset=e6-lstm");
        s.load_preset("e2-deep-tanh").unwrap();
        assert!(s.rnn.is_none() && s.link().rnn.is_none());
    }

    #[test]
    fn a_non_finite_recurrent_step_is_a_banner_not_a_freeze() {
        // Unclipped steps of lr 10 blow the read-out weights up until the loss overflows.
        let mut s = session("preset=e6-exploding&lr=10&steps=500");
        s.playing = true;
        let n = s.advance(1000, || false);
        assert!(n >= 1 && s.is_finished() && !s.playing);
        let m = s.divergence().expect("non-finite");
        assert!(m.starts_with(&format!("diverged at step {n}")), "{m}");
        assert_eq!(s.apply("clip", "global:1"), Ok(Applied::Restarted));
        assert!(s.divergence().is_none());
    }

    #[test]
    fn divergence_is_reported_and_the_session_still_responds() {
        let mut s = session("preset=e1-no-clip");
        s.playing = true;
        s.advance(1000, || false);
        let msg = s.divergence().expect("E1 without clipping diverges");
        assert!(msg.starts_with("diverged at step "), "{msg}");
        assert!(!s.playing);
        assert_eq!(s.apply("clip", "norm:1"), Ok(Applied::Restarted));
        assert!(s.divergence().is_none());
        s.advance(50, || false);
        assert!(s.divergence().is_none());
        s.load_preset("e3-relu").unwrap();
        assert!(s.caption().is_some());
        assert!(s.load_preset("e9").is_err());
    }
}
