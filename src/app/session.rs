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
use crate::scenes::{self, Click, Scene};
pub use crate::scenes::{Advanced, Applied};

use super::link::{Link, MAX_SPEED};
use super::page::PageSettings;

pub struct Session {
    scene: Box<dyn Scene>,
    page: PageSettings,
    pub playing: bool,
}

impl Session {
    pub fn new(link: Link) -> Self {
        let mut s = Session {
            scene: link.scene.start(),
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
        let _ = self.sync_compare();
        Ok(())
    }

    /// Changes one setting by its key and written value: a page key (`speed`,
    /// `theme`, `yscale`, `gradient`, `compare`) or one of the scene's. On error
    /// nothing changes and the message names the setting. Turning the comparison
    /// on starts it from the first step; the run goes on.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        if !PageSettings::is_key(key) {
            let applied = self.scene.apply(key, value)?;
            if applied == Applied::Restarted {
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

    /// Runs up to `max_steps` steps, stopping early when the run ends or
    /// `out_of_time(share)` says more than that share of the frame's budget is
    /// spent (asked after every step, so at least one step runs); pauses once
    /// everything has ended. How a scene shares the budget is its own (a network
    /// with a comparison gives the run half of it).
    pub fn advance(
        &mut self,
        max_steps: u32,
        mut out_of_time: impl FnMut(f64) -> bool,
    ) -> Advanced {
        let done = self
            .scene
            .advance(max_steps.min(MAX_SPEED), &mut out_of_time);
        if self.is_finished() {
            self.playing = false;
        }
        done
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

    pub fn set_hide(&mut self, hide: Vec<String>) {
        self.page.hide = hide;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::cliff::CliffScene;
    use crate::scenes::network::compare;
    use crate::scenes::network::NetworkScene;
    use crate::scenes::recurrent::RecurrentScene;
    use crate::scenes::{cliff, network};

    fn net(s: &Session) -> &NetworkScene {
        s.scene().get::<NetworkScene>().expect("a network run")
    }

    fn on_cliff(s: &Session) -> bool {
        s.scene().get::<CliffScene>().is_some()
    }

    fn rnn(s: &Session) -> Option<&RecurrentScene> {
        s.scene().get::<RecurrentScene>()
    }

    /// Both descents from (w, b), as a click on the cliff starts them.
    fn start_cliff_at(s: &mut Session, w: f64, b: f64) -> Result<(), String> {
        if !on_cliff(s) {
            return Err("not on the cliff".into());
        }
        s.apply("w", &w.to_string())?;
        s.apply("b", &b.to_string()).map(|_| ())
    }

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
        assert_eq!(net(&s).history.step(), 7);
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
        let before = net(&s).config().clone();
        for (k, v) in [
            ("lr", "fast"),
            ("lr", "-1"),
            ("hidden", "5,0"),
            ("speed", "0"),
            ("loss", "cross-entropy"),
        ] {
            let e = s.apply(k, v).unwrap_err();
            assert!(e.contains(k), "{e}");
            assert_eq!(net(&s).config(), &before);
            assert_eq!(net(&s).history.step(), 5, "the run goes on");
        }
    }

    #[test]
    fn a_good_value_restarts_the_same_way_every_time() {
        let mut s = session("preset=e2-deep-tanh");
        assert_eq!(s.apply("lr", "0.1"), Ok(Applied::Restarted));
        s.advance(30, |_| false);
        let first = net(&s).history.loss.clone();
        s.reset();
        s.advance(30, |_| false);
        assert_eq!(net(&s).history.loss, first);
        assert_eq!(s.link().format(), "preset=e2-deep-tanh&lr=0.1");
        assert_eq!(s.caption(), None, "the preset's story no longer applies");
        assert_eq!(s.apply("theme", "projector"), Ok(Applied::Display));
        assert_eq!(net(&s).history.step(), 30, "display changes keep the run");
    }

    #[test]
    fn the_cliff_plays_step_by_step_and_takes_its_own_settings() {
        let mut s = session("preset=e7-cliff&grid=21");
        assert!(on_cliff(&s));
        assert_eq!(s.advance(10, |_| false).steps, 1);
        assert_eq!(s.advance(1000, |_| false).steps, 100);
        assert_eq!(s.apply("threshold", "0.5"), Ok(Applied::Restarted));
        assert_eq!(s.link().format(), "preset=e7-cliff&grid=21&threshold=0.5");
        assert!(s
            .apply("threshold", "-1")
            .unwrap_err()
            .contains("threshold"));
        start_cliff_at(&mut s, 7.0, -3.5).unwrap();
        assert!(s.link().format().contains("w=7"));
        s.load_preset("e2-shallow-tanh").unwrap();
        assert!(!on_cliff(&s) && cliff::config_of(s.link().scene.as_ref()).is_none());
        assert!(start_cliff_at(&mut s, 1.0, 1.0).is_err());
        s.load_preset("e7-cliff").unwrap();
        assert_eq!(s.link().format(), "preset=e7-cliff");
        assert!(s.caption().is_some());
        s.load_preset("e2-deep-tanh").unwrap();
        s.apply("lr", "0.1").unwrap();
        s.load_preset("custom").unwrap();
        let (link, _) = Link::parse(&s.link().format());
        assert!(
            link.preset().is_none()
                && network::config_of(link.scene.as_ref()) == Some(net(&s).config()),
            "{}",
            s.link().format()
        );
        assert_eq!(s.caption(), None);
    }

    #[test]
    fn a_recurrent_preset_trains_through_time_and_takes_its_own_settings() {
        let mut s = session("preset=e6-exploding");
        assert!(rnn(&s).is_some() && !on_cliff(&s));
        assert!(s.caption().is_some());
        s.playing = true;
        assert_eq!(s.advance(5, |_| false).steps, 5);
        assert!(s.status().starts_with("step 5 of 20"), "{}", s.status());
        s.advance(1000, |_| false);
        assert!(s.is_finished() && !s.playing);
        assert_eq!(s.apply("clip", "global:1"), Ok(Applied::Restarted));
        assert_eq!(s.link().format(), "preset=e6-exploding&clip=global:1");
        assert_eq!(s.caption(), None);
        assert_eq!(rnn(&s).unwrap().run.trace.steps, 0, "restarted");
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
        assert_eq!(s.link().preset(), Some("e6-exploding"));
        s.load_preset("e6-lstm").unwrap();
        assert_eq!(s.link().format(), "preset=e6-lstm");
        s.load_preset("e2-deep-tanh").unwrap();
        assert!(
            rnn(&s).is_none()
                && crate::scenes::recurrent::config_of(s.link().scene.as_ref()).is_none()
        );
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
        net(s)
            .comparison
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
        assert!(s.scene().compare_step().is_none());
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
        assert!(
            s.scene().compare_step().is_some(),
            "custom keeps what is on"
        );
        s.load_preset("e3-relu").unwrap();
        assert!(s.scene().compare_step().is_none());
        assert_eq!(s.link().format(), "preset=e3-relu");
        for other in ["e7-cliff", "e6-exploding"] {
            s.load_preset("e5-tanh").unwrap();
            s.load_preset(other).unwrap();
            assert!(s.scene().compare_step().is_none(), "{other}");
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
        assert_eq!(net(&s).history.step(), 0);
        let c = net(&s).comparison.as_ref().unwrap();
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
        let c = net(&s).comparison.as_ref().unwrap();
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
        let c = net(&s).comparison.as_ref().unwrap();
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
        assert_eq!(net(&s).history.step(), 5, "the run goes on");
        assert!(variants(&s).iter().all(|v| v.1 == 0));
        assert_eq!(
            s.link().format(),
            "preset=e2-shallow-tanh&compare=activation"
        );
        let e = s.apply("compare", "lr").unwrap_err();
        assert!(e.starts_with("ignored compare=lr"), "{e}");
        assert!(s.scene().compare_step().is_some());
        s.apply("compare", "off").unwrap();
        assert!(s.scene().compare_step().is_none());
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
            assert!(s.scene().compare_step().is_none());
            let e = s.apply("compare", "activation").unwrap_err();
            assert!(e.contains("only network runs are compared"), "{e}");
            // Even a link built by hand that asks for one.
            let mut forced = link;
            forced.page.compare = Some("activation".into());
            let s = Session::new(forced);
            assert!(s.scene().compare_step().is_none() && s.link().page.compare.is_none());
        }
    }
}
