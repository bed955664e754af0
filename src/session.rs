//! The page's one app state, without the page: the applied link (config and
//! page settings), the run, its history and the latest snapshot, play/pause, and
//! the notes the page shows. The browser layer only turns DOM events into calls
//! here and draws what it holds, so all of this is tested natively.
//!
//! A control change goes through [`Session::apply`]: a setting that does not
//! parse, or a config that does not validate, leaves the run as it was and says
//! why; a good one restarts the run (the same seed gives the same run again).
//!
//! With `compare=activation` the session also holds a [`Comparison`] of the
//! current config, one variant per activation (E5). It is rebuilt whenever the
//! run restarts, trained in the same frame budget after the run, and play stops
//! once both are done. The cliff and the recurrent runs have none.

use crate::charts::{Options, View};
use crate::compare::{self, Comparison};
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
    /// The same net once per value of the compared setting, while `compare=` is on.
    pub comparison: Option<Comparison>,
}

/// What one call of [`Session::advance`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advanced {
    /// Steps of the run (or of the cliff's descents, or of the recurrent net).
    pub steps: u32,
    /// Lockstep rounds of the comparison: one step of every variant still training.
    pub rounds: u32,
}

/// The part of a frame's budget the run may spend while a comparison still
/// trains; the comparison has the rest (and at least one round a frame).
pub const RUN_SHARE: f64 = 0.5;

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
            comparison: None,
            link,
        };
        // The link already checked the setting; a failure turns it off.
        let _ = s.rebuild_comparison();
        s.refresh_snapshot();
        s
    }

    /// Builds the comparison the link asks for from the current config, or
    /// drops it. The compared values validate with any valid config; should one
    /// not, the comparison is turned off and the reason returned.
    fn rebuild_comparison(&mut self) -> Result<(), String> {
        self.comparison = None;
        let Some(key) = self.link.page.compare.clone() else {
            return Ok(());
        };
        let values = compare::page_values(&key);
        let built = match values {
            Some(values) if self.cliff.is_none() && self.rnn.is_none() => {
                Comparison::new(&self.link.config, &key, values).map_err(|e| e.to_string())
            }
            Some(_) => Err("only network runs are compared".to_string()),
            None => Err(format!("the page does not compare {key}")),
        };
        match built {
            Ok(c) => {
                self.comparison = Some(c);
                Ok(())
            }
            Err(e) => {
                self.link.page.compare = None;
                Err(format!("compare={key} turned off: {e}"))
            }
        }
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
        // A failure turns the comparison off, which the link then shows.
        let _ = self.rebuild_comparison();
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
            self.link.page.compare = None;
            self.comparison = None;
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
            self.link.page.compare = None;
            self.comparison = None;
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
        // E5 is the comparison; other experiments start without one.
        self.link.page.compare = compare::for_preset(p.name).map(str::to_string);
        self.playing = false;
        self.reset();
        Ok(())
    }

    /// Changes one setting by its key and written value: a config key
    /// (`lr`, `hidden`, `clip`, …) or a page key (`speed`, `theme`, `yscale`,
    /// `gradient`, `compare`). On error nothing changes and the message names
    /// the setting. Turning the comparison on starts it from the first step; the
    /// run goes on.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        match key {
            "compare" => {
                if self.cliff.is_some() || self.rnn.is_some() {
                    return Err(format!(
                        "compare={value} not applied: only network runs are compared"
                    ));
                }
                let (parsed, notes) = Link::parse(&format!("compare={value}"));
                if let Some(n) = notes.into_iter().next() {
                    return Err(n);
                }
                if parsed.page.compare != self.link.page.compare {
                    self.link.page.compare = parsed.page.compare;
                    self.rebuild_comparison()?;
                }
                Ok(Applied::Display)
            }
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

    /// Runs up to `max_steps` steps, stopping early when the run ends or
    /// `out_of_time(share)` says more than that share of the frame's budget is
    /// spent (asked after every step, so at least one step runs); pauses once
    /// everything has ended.
    ///
    /// The run goes first. While a comparison still trains, the run may spend
    /// [`RUN_SHARE`] of the budget and the comparison then takes up to as many
    /// lockstep rounds within the whole of it, so neither starves the other.
    /// On the cliff, a tenth of `max_steps` (at least one) is revealed per call,
    /// so the default speed shows a step per frame.
    pub fn advance(
        &mut self,
        max_steps: u32,
        mut out_of_time: impl FnMut(f64) -> bool,
    ) -> Advanced {
        let max_steps = max_steps.min(MAX_SPEED);
        let mut done = Advanced::default();
        if let Some(r) = &mut self.cliff {
            done.steps = r.advance((max_steps as usize / 10).max(1)) as u32;
        } else if let Some(r) = &mut self.rnn {
            while done.steps < max_steps && r.step() {
                done.steps += 1;
                if out_of_time(1.0) {
                    break;
                }
            }
        } else {
            let comparing = self.comparison.as_ref().is_some_and(|c| !c.is_finished());
            let share = if comparing { RUN_SHARE } else { 1.0 };
            while done.steps < max_steps && !self.run.is_finished() {
                self.history.push(self.run.step());
                done.steps += 1;
                if out_of_time(share) {
                    break;
                }
            }
            if let Some(c) = &mut self.comparison {
                done.rounds = c.step_for(max_steps, || out_of_time(1.0));
            }
        }
        if self.is_finished() {
            self.playing = false;
        }
        done
    }

    /// Recomputes the activation histograms and the model view.
    pub fn refresh_snapshot(&mut self) {
        self.snapshot = Some(snapshot::take(&mut self.run));
    }

    pub fn is_finished(&self) -> bool {
        match (&self.cliff, &self.rnn) {
            (Some(c), _) => c.is_finished(),
            (None, Some(r)) => r.is_finished(),
            (None, None) => {
                self.run.is_finished() && self.comparison.as_ref().is_none_or(|c| c.is_finished())
            }
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
        if let Some(c) = self.comparison.as_ref().filter(|c| !c.is_finished()) {
            let epoch = c.variants.iter().map(|v| v.run.epochs_done()).max();
            s.push_str(&format!(
                " · comparing {} {}s: epoch {} of {}",
                c.variants.len(),
                c.key,
                epoch.unwrap_or(0),
                self.link.config.epochs
            ));
        } else if self.run.is_finished() && self.run.diverged().is_none() {
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
            s.advance(100, |_| {
                calls += 1;
                calls >= 7
            })
            .steps,
            7
        );
        assert_eq!(s.history.step(), 7);
        let per_epoch = s.steps_per_epoch() as u32;
        assert_eq!(s.advance(1000, |_| false).steps, 2 * per_epoch - 7);
        assert!(s.is_finished() && !s.playing);
        assert_eq!(s.advance(10, |_| false).steps, 0);
        assert!(s.status().ends_with("finished"), "{}", s.status());
    }

    #[test]
    fn a_bad_value_changes_nothing_and_names_the_setting() {
        let mut s = session("preset=e2-deep-tanh");
        s.advance(5, |_| false);
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
        s.advance(30, |_| false);
        let first = s.history.loss.clone();
        s.reset();
        s.advance(30, |_| false);
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
        assert_eq!(s.advance(10, |_| false).steps, 1);
        assert_eq!(s.advance(1000, |_| false).steps, 100);
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
        assert_eq!(s.advance(5, |_| false).steps, 5);
        assert!(s.status().starts_with("step 5 of 20"), "{}", s.status());
        s.advance(1000, |_| false);
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
        let n = s.advance(1000, |_| false).steps;
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
        s.advance(1000, |_| false);
        let msg = s.divergence().expect("E1 without clipping diverges");
        assert!(msg.starts_with("diverged at step "), "{msg}");
        assert!(!s.playing);
        assert_eq!(s.apply("clip", "norm:1"), Ok(Applied::Restarted));
        assert!(s.divergence().is_none());
        s.advance(50, |_| false);
        assert!(s.divergence().is_none());
        s.load_preset("e3-relu").unwrap();
        assert!(s.caption().is_some());
        assert!(s.load_preset("e9").is_err());
    }

    /// The comparison's variants: (label, steps, lr).
    fn variants(s: &Session) -> Vec<(String, u64, f64)> {
        s.comparison
            .as_ref()
            .expect("comparing")
            .variants
            .iter()
            .map(|v| (v.label.clone(), v.run.steps(), v.run.config().lr))
            .collect()
    }

    #[test]
    fn picking_an_e5_preset_turns_the_comparison_on_and_other_experiments_off() {
        let mut s = session("preset=e2-deep-tanh");
        assert!(s.comparison.is_none());
        for name in ["e5-digits-sigmoid", "e5-relu", "e5-digits-elu"] {
            s.load_preset(name).unwrap();
            let labels: Vec<String> = variants(&s).into_iter().map(|v| v.0).collect();
            assert_eq!(labels, compare::ACTIVATIONS, "{name}");
            assert_eq!(
                s.link().format(),
                format!("preset={name}&compare=activation")
            );
        }
        s.load_preset("custom").unwrap();
        assert!(s.comparison.is_some(), "custom keeps what is on");
        s.load_preset("e3-relu").unwrap();
        assert!(s.comparison.is_none());
        assert_eq!(s.link().format(), "preset=e3-relu");
        for other in ["e7-cliff", "e6-exploding"] {
            s.load_preset("e5-tanh").unwrap();
            s.load_preset(other).unwrap();
            assert!(s.comparison.is_none(), "{other}");
            assert_eq!(s.link().format(), format!("preset={other}"));
        }
    }

    #[test]
    fn a_config_change_or_a_reset_rebuilds_the_comparison() {
        let mut s = session("preset=e5-digits-sigmoid&compare=activation&epochs=2");
        s.advance(4, |_| false);
        assert!(variants(&s).iter().all(|v| v.1 == 4));
        // A rejected value keeps both running where they were.
        assert!(s.apply("lr", "-1").is_err());
        assert!(variants(&s).iter().all(|v| v.1 == 4));
        assert_eq!(s.apply("lr", "0.05"), Ok(Applied::Restarted));
        assert!(variants(&s).iter().all(|v| v.1 == 0 && v.2 == 0.05));
        // The main run's activation is one setting; the variants still vary it.
        s.apply("activation", "relu").unwrap();
        let labels: Vec<String> = variants(&s).into_iter().map(|v| v.0).collect();
        assert_eq!(labels, compare::ACTIVATIONS);
        s.advance(3, |_| false);
        s.reset();
        assert_eq!(s.history.step(), 0);
        let c = s.comparison.as_ref().unwrap();
        for v in &c.variants {
            assert_eq!(v.run.steps(), 0);
            assert_eq!(v.history.epochs.len(), 1, "only the epoch-0 loss");
        }
        assert_eq!(
            s.link().format(),
            "preset=e5-digits-sigmoid&activation=relu&epochs=2&lr=0.05&compare=activation"
        );
    }

    #[test]
    fn advance_steps_the_run_first_and_gives_the_comparison_the_rest_of_the_budget() {
        let mut s = session("preset=e5-digits-sigmoid&compare=activation&epochs=2");
        assert_eq!(
            s.advance(5, |_| false),
            Advanced {
                steps: 5,
                rounds: 5
            }
        );
        assert!(variants(&s).iter().all(|v| v.1 == 5));
        // Every step or round costs 1 ms of a 10 ms budget: the run stops past
        // half of it, the comparison past the whole.
        let mut spent = 0.0;
        let mut clock = |share: f64| {
            spent += 1.0;
            spent > share * 10.0
        };
        assert_eq!(
            s.advance(1000, &mut clock),
            Advanced {
                steps: 6,
                rounds: 5
            }
        );
        // Without a comparison the run has the whole budget.
        s.apply("compare", "off").unwrap();
        spent = 0.0;
        let mut clock = |share: f64| {
            spent += 1.0;
            spent > share * 10.0
        };
        assert_eq!(s.advance(1000, &mut clock).steps, 11);
    }

    #[test]
    fn play_stops_when_the_run_and_the_comparison_are_both_done() {
        let mut s = session("preset=e5-digits-sigmoid&compare=activation&epochs=2");
        let total = 2 * s.steps_per_epoch() as u32;
        s.playing = true;
        // The comparison out of time after each round: the run ends first.
        let done = s.advance(1000, |share| share >= 1.0);
        assert_eq!(
            done,
            Advanced {
                steps: total,
                rounds: 1
            }
        );
        assert!(!s.is_finished() && s.playing, "the comparison still trains");
        assert!(
            s.status()
                .contains(" · comparing 5 activations: epoch 0 of 2"),
            "{}",
            s.status()
        );
        assert_eq!(s.advance(1000, |_| false).rounds, total - 1);
        assert!(s.is_finished() && !s.playing);
        assert!(s.status().ends_with("finished"), "{}", s.status());
        let c = s.comparison.as_ref().unwrap();
        assert!(c.variants.iter().all(|v| v.history.epochs.len() == 3));
        assert_eq!(c.csv().lines().count(), 1 + 3, "epochs 0 to 2");
        assert_eq!(s.advance(10, |_| false), Advanced::default());
    }

    #[test]
    fn a_diverged_run_leaves_the_comparison_training() {
        // E1 without clipping diverges with ReLU, and so does its ReLU variant.
        let mut s = session("preset=e1-no-clip&compare=activation&epochs=3");
        s.playing = true;
        while s.playing {
            s.advance(1000, |_| false);
        }
        assert!(s.divergence().is_some());
        let c = s.comparison.as_ref().unwrap();
        assert!(c.is_finished());
        let relu = c.variants.iter().find(|v| v.label == "relu").unwrap();
        assert!(relu.history.diverged.is_some());
        assert!(
            c.variants.iter().any(|v| v.history.epochs.len() == 4),
            "some variant trains all 3 epochs"
        );
    }

    #[test]
    fn compare_is_a_page_setting_that_keeps_the_run() {
        let mut s = session("preset=e2-shallow-tanh");
        s.advance(5, |_| false);
        assert_eq!(s.apply("compare", "activation"), Ok(Applied::Display));
        assert_eq!(s.history.step(), 5, "the run goes on");
        assert!(variants(&s).iter().all(|v| v.1 == 0));
        assert_eq!(
            s.link().format(),
            "preset=e2-shallow-tanh&compare=activation"
        );
        let e = s.apply("compare", "lr").unwrap_err();
        assert!(e.starts_with("ignored compare=lr"), "{e}");
        assert!(s.comparison.is_some());
        s.apply("compare", "off").unwrap();
        assert!(s.comparison.is_none());
        assert_eq!(s.link().format(), "preset=e2-shallow-tanh");
    }

    #[test]
    fn the_cliff_and_the_recurrent_runs_are_never_compared() {
        for hash in [
            "preset=e7-cliff&compare=activation",
            "preset=e6-lstm&compare=activation",
        ] {
            let (link, notes) = Link::parse(hash);
            assert_eq!(notes.len(), 1, "{notes:?}");
            let mut s = Session::new(link.clone());
            assert!(s.comparison.is_none());
            let e = s.apply("compare", "activation").unwrap_err();
            assert!(e.contains("only network runs are compared"), "{e}");
            // Even a link built by hand that asks for one.
            let mut forced = link;
            forced.page.compare = Some("activation".into());
            let s = Session::new(forced);
            assert!(s.comparison.is_none() && s.link().page.compare.is_none());
        }
    }
}
