//! The session's tests: the network, the cliff and the recurrent scenes through the
//! one interface, the comparison, and the replay of recorded actions.

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
        rnn(&s).is_none() && crate::scenes::recurrent::config_of(s.link().scene.as_ref()).is_none()
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
        assert_eq!(labels, compare::activations(), "{name}");
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
    assert_eq!(labels, compare::activations());
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

/// A scene that counts steps and records the mid-run changes it is given, to
/// test the replay of recorded actions apart from any real scene.
mod replay {
    use std::any::Any;

    use crate::charts::Options;
    use crate::scenes::{Advanced, Applied, Figure, Scene, SceneKind, SceneSetup};

    #[derive(Clone, Debug, PartialEq)]
    pub struct CountSetup;

    impl SceneSetup for CountSetup {
        fn kind(&self) -> &'static SceneKind {
            &crate::scenes::network::KIND
        }
        fn preset(&self) -> Option<&'static str> {
            None
        }
        fn set(&mut self, _: &str, _: &str) -> Result<(), String> {
            Err("unknown setting".into())
        }
        fn changes(&self) -> Vec<(String, String)> {
            Vec::new()
        }
        fn detach(&mut self) {}
        fn check_action(&self, key: &str, _: &str) -> Result<(), String> {
            (key == "rate")
                .then_some(())
                .ok_or_else(|| "only rate".into())
        }
        fn start(&self) -> Box<dyn Scene> {
            Box::new(Count::default())
        }
        crate::setup_boxing!();
    }

    /// Steps to 100; `acts` holds (step, value) of every change it was given.
    #[derive(Default)]
    pub struct Count {
        pub step: u64,
        pub acts: Vec<(u64, String)>,
    }

    impl Scene for Count {
        fn setup(&self) -> &dyn SceneSetup {
            &CountSetup
        }
        fn caption(&self) -> Option<&'static str> {
            None
        }
        fn apply(&mut self, _: &str, _: &str) -> Result<Applied, String> {
            Ok(Applied::Restarted)
        }
        fn detach(&mut self) {}
        fn act(&mut self, key: &str, value: &str) -> Result<(), String> {
            assert_eq!(key, "rate");
            self.acts.push((self.step, value.to_string()));
            Ok(())
        }
        fn reset(&mut self) {
            *self = Count::default();
        }
        fn advance(&mut self, max: u32, out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced {
            let mut done = Advanced::default();
            while done.steps < max && self.step < 100 {
                self.step += 1;
                done.steps += 1;
                if out_of_time(1.0) {
                    break;
                }
            }
            done
        }
        fn is_finished(&self) -> bool {
            self.step >= 100
        }
        fn step(&self) -> u64 {
            self.step
        }
        fn status(&self) -> String {
            format!("step {}", self.step)
        }
        fn divergence(&self) -> Option<String> {
            None
        }
        fn control_value(&self, _: &str) -> String {
            String::new()
        }
        fn control_setting(&self, id: &str, v: &str) -> (String, String) {
            (id.into(), v.into())
        }
        fn shown(&self) -> Vec<&'static str> {
            Vec::new()
        }
        fn figure<'a>(&'a self, _: &str, _: &Options) -> Option<Figure<'a>> {
            None
        }
        fn csv(&self, _: &str, _: &Options) -> Result<String, String> {
            Err("none".into())
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }
}

#[test]
fn recorded_actions_replay_at_their_steps_whatever_the_frames() {
    let mut link = Link {
        scene: Box::new(replay::CountSetup),
        actions: Vec::new(),
        page: Default::default(),
    };
    for word in ["30:rate=0.5", "0:rate=2", "30:rate=0.25", "75:rate=1"] {
        link.set("at", word).unwrap();
    }
    assert!(link
        .set("at", "40:speed=3")
        .unwrap_err()
        .contains("only rate"));
    assert!(link.set("at", "x:rate=1").is_err() && link.set("at", "5:=1").is_err());
    let want: Vec<(u64, String)> = [(0, "2"), (30, "0.5"), (30, "0.25"), (75, "1")]
        .into_iter()
        .map(|(s, v)| (s, v.to_string()))
        .collect();
    let acts = |s: &Session| s.scene().get::<replay::Count>().unwrap().acts.clone();
    // In one call, in frames of 7 steps, and with the clock running out every
    // 3 steps: the same changes at the same steps.
    for frame in [1000, 7, 3] {
        let mut s = Session::new(link.clone());
        let mut ticks = 0;
        while !s.is_finished() {
            s.advance(frame, |_| {
                ticks += 1;
                ticks % 3 == 0 && frame == 3
            });
        }
        assert_eq!(acts(&s), want, "frames of {frame}");
        assert_eq!(s.link().actions, link.actions);
        s.reset();
        assert!(acts(&s).is_empty());
        s.advance(1000, |_| false);
        assert_eq!(acts(&s), want, "after a reset, frames of {frame}");
    }
}

#[test]
fn an_action_a_scene_cannot_take_mid_run_is_a_note() {
    let (link, notes) = Link::parse("preset=e2-deep-tanh&at=50:hidden=4&at=junk");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].starts_with("ignored at=50:hidden=4: hidden cannot change"),
        "{notes:?}"
    );
    assert!(
        notes[1].starts_with("ignored at=junk: 'junk' is not STEP:key=value"),
        "{notes:?}"
    );
    assert!(link.actions.is_empty());
    assert_eq!(link.format(), "preset=e2-deep-tanh");
}

#[test]
fn a_cure_switched_on_mid_run_is_recorded_and_its_link_replays_the_run() {
    let mut s = session("preset=e2-deep-tanh&epochs=6");
    s.advance(40, |_| false);
    assert_eq!(s.apply("l2", "0.001"), Ok(Applied::Continued));
    assert_eq!(
        net(&s).history.step(),
        40,
        "the run went on, it did not restart"
    );
    s.advance(25, |_| false);
    assert_eq!(s.apply("lr", "0.05"), Ok(Applied::Continued));
    assert_eq!(s.scene().control_value("lr"), "0.05");
    while !s.is_finished() {
        s.advance(1000, |_| false);
    }
    let link = s.link().format();
    assert!(
        link.contains("at=40:l2=0.001") && link.contains("at=65:lr=0.05"),
        "{link}"
    );
    let mut again = session(&link);
    while !again.is_finished() {
        again.advance(7, |_| false);
    }
    let (a, b) = (&net(&s).history, &net(&again).history);
    assert_eq!(a.loss, b.loss);
    assert_eq!(a.epochs, b.epochs);
    assert_eq!(b.changes.len(), 2);
    // A setting that is not live still starts over, and keeps the recorded changes.
    let mut plain = session("preset=e2-deep-tanh&epochs=6");
    plain.advance(40, |_| false);
    let before = net(&plain).history.loss.clone();
    assert_eq!(plain.apply("hidden", "4,4"), Ok(Applied::Restarted));
    assert_eq!(net(&plain).history.step(), 0);
    assert_ne!(before, net(&plain).history.loss);
}
