//! The network scene: its setup (preset, checked config, the clip threshold kept
//! while clipping is off) and the running scene (the run, its history and latest
//! snapshot, and the comparison `compare=` asks for).
//!
//! A setting that does not parse, or a config that does not validate, leaves the run
//! as it was and says why; a good one restarts it (the same seed gives the same run).
//! data=file trains on rows the setup holds (read from a CSV file; a link does not
//! carry them): the setup refuses data=file without rows, and while it is on the
//! file fixes `features`, `classes` and `samples`.
//!
//! With a comparison on, the run may spend [`RUN_SHARE`] of a frame's budget and the
//! comparison's lockstep rounds the rest, so neither starves the other.

use std::any::Any;
use std::sync::Arc;

use super::compare::{self, Comparison};
use super::controls;
use super::history::{Change, History};
use super::presets;
use super::report::loss_word;
use super::snapshot::{self, Snapshot};
use crate::charts::compare::Compared;
use crate::charts::Theme;
use crate::charts::{self, Options, Panel, View};
use crate::engine::config::{Checked, Config};
use crate::engine::data::{file, DataKind, Dataset};
use crate::engine::settings::Settings;
use crate::engine::trainer::{Edit, Run, LIVE_KEYS};
use crate::scenes::controls::KeptThreshold;
use crate::scenes::{
    with_setting, Advanced, Applied, Click, Figure, Pointed, Scene, SceneKind, SceneSetup,
};

/// The part of a frame's budget the run may spend while a comparison still
/// trains; the comparison has the rest (and at least one round a frame).
pub const RUN_SHARE: f64 = 0.5;

/// A network run's settings as a link holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkSetup {
    pub preset: Option<&'static str>,
    pub config: Checked,
    /// The threshold the clip controls show, and restore, while clipping is off.
    pub clip_threshold: KeptThreshold,
    /// Rows read from a file, for data=file (kept while other data is chosen).
    pub data: Option<Arc<Dataset>>,
}

impl NetworkSetup {
    /// The setup of a preset, as it is.
    pub fn of_preset(name: &str) -> Option<Self> {
        let p = presets::find(name)?;
        Some(Self::new(Some(p.name), p.config.validate().ok()?))
    }

    /// Custom settings: the default config, tied to no preset.
    pub fn custom() -> Self {
        Self::new(
            None,
            Config::default()
                .validate()
                .expect("the default config is valid"),
        )
    }

    pub fn new(preset: Option<&'static str>, config: Checked) -> Self {
        let clip_threshold = KeptThreshold::of(config.clip);
        NetworkSetup {
            preset,
            config,
            clip_threshold,
            data: None,
        }
    }

    /// These settings training on `rows`: data=file with the file's shape, checked.
    /// On error (a loss that does not fit the file's target, say) nothing changes.
    pub fn load(&mut self, rows: Arc<Dataset>) -> Result<(), String> {
        let mut next = self.clone();
        next.data = Some(rows);
        next.set("data", &DataKind::File.to_string())?;
        *self = next;
        Ok(())
    }

    /// One setting, checked; data=file takes its shape from the rows: switching to
    /// it sets `features`, `classes` and `samples`, and while it is on they cannot
    /// change.
    fn with_file_setting(&self, key: &str, value: &str) -> Result<Checked, String> {
        let mut c = (*self.config).clone();
        c.set(key, value)
            .map_err(|e| e.short_reason().to_string())?;
        if c.data == DataKind::File {
            let rows = self
                .data
                .as_ref()
                .ok_or_else(|| crate::t!("network.data.no-file").to_string())?;
            let (features, classes, samples) = file::shape(rows);
            let was_file = self.config.data == DataKind::File;
            for (k, v, has) in [
                ("features", &mut c.features, features),
                ("classes", &mut c.classes, classes),
                ("samples", &mut c.samples, samples),
            ] {
                if was_file && key == k && *v != has {
                    return Err(crate::t!("network.data.file-fixes", key = k, value = has));
                }
                *v = has;
            }
        }
        c.validate().map_err(|e| e.to_string())
    }

    /// The config the preset gives (the default config without one).
    pub fn base(&self) -> Config {
        self.preset
            .and_then(presets::find)
            .map_or_else(Config::default, |p| p.config)
    }
}

impl SceneSetup for NetworkSetup {
    fn kind(&self) -> &'static SceneKind {
        &super::KIND
    }

    fn preset(&self) -> Option<&'static str> {
        self.preset
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(done) = self.clip_threshold.set(key, value, self.config.clip) {
            return done;
        }
        let next = self.with_file_setting(key, value)?;
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

    fn detach(&mut self) {
        self.preset = None;
    }

    fn check_compare(&self, key: &str) -> Result<(), String> {
        match compare::page_values(key) {
            Some(_) => Ok(()),
            None => Err(crate::t!("network.compare.is", words = compare_words())),
        }
    }

    fn check_action(&self, key: &str, value: &str) -> Result<(), String> {
        // A weight or bias edit: its shape and value here, its layer and units
        // against the net when it is made (the net's widths come with its data).
        if let Some(edit) = Edit::parse(key) {
            edit?;
            return Edit::value(key, value)
                .map(|_| ())
                .map_err(|e| e.to_string());
        }
        if !LIVE_KEYS.contains(&key) {
            return Err(crate::scenes::not_mid_run(key));
        }
        with_setting(&self.config, key, value).map(|_| ())
    }

    fn compares(&self) -> Option<&'static str> {
        self.preset.and_then(presets::find).and_then(|p| p.compares)
    }

    fn start(&self) -> Box<dyn Scene> {
        Box::new(NetworkScene::new(self.clone()))
    }

    crate::setup_boxing!();
}

/// What `compare=` takes, for a note: "activation, cure" (the note adds "or off").
fn compare_words() -> String {
    let keys: Vec<&str> = compare::ON_PAGE.iter().map(|(k, _)| *k).collect();
    keys.join(", ")
}

/// Why `key=value` was not applied: `lr=abc not applied: …`.
fn not_applied(key: &str, value: &str, why: &str) -> String {
    crate::t!(
        "network.setting.not-applied",
        setting = format!("{key}={value}"),
        why = why
    )
}

/// The status line's word for a comparison still training: "comparing 5
/// activations: epoch 3 of 100".
fn comparing(c: &Comparison, epoch: usize, epochs: usize) -> String {
    let n = c.variants.len();
    match c.key.as_str() {
        "activation" => crate::tn!(
            "network.status.comparing-activations",
            n,
            epoch = epoch,
            epochs = epochs
        ),
        compare::CURE => crate::tn!(
            "network.status.comparing-cures",
            n,
            epoch = epoch,
            epochs = epochs
        ),
        key => crate::t!(
            "network.status.comparing",
            count = n,
            key = key,
            epoch = epoch,
            epochs = epochs
        ),
    }
}

/// The setup's run. data=file without rows cannot come through [`NetworkSetup::set`];
/// a setup built by hand that has none trains on the default data rather than panic.
fn start_run(setup: &NetworkSetup) -> Run {
    Run::with_data(&setup.config, setup.data.as_deref()).unwrap_or_else(|_| {
        let fallback = Config {
            data: Config::default().data,
            ..(*setup.config).clone()
        };
        match fallback.validate() {
            Ok(c) => Run::new(&c),
            Err(_) => Run::new(&NetworkSetup::custom().config),
        }
    })
}

/// A network run as the page plays it.
pub struct NetworkScene {
    setup: NetworkSetup,
    run: Run,
    pub history: History,
    pub snapshot: Option<Snapshot>,
    /// The same net once per value of the compared setting, while `compare=` is on.
    pub comparison: Option<Comparison>,
    compare_key: Option<String>,
}

impl NetworkScene {
    pub fn new(setup: NetworkSetup) -> Self {
        let run = start_run(&setup);
        let mut s = NetworkScene {
            history: History::new(run.config().hidden.len() + 1),
            run,
            snapshot: None,
            comparison: None,
            compare_key: None,
            setup,
        };
        s.refresh_snapshot();
        s
    }

    pub fn config(&self) -> &Config {
        &self.setup.config
    }

    /// Recomputes the activation histograms and the model view.
    pub fn refresh_snapshot(&mut self) {
        self.snapshot = Some(snapshot::take(&mut self.run));
    }

    /// What the charts read.
    pub fn view(&self, options: &Options) -> View<'_> {
        View {
            history: &self.history,
            snapshot: self.snapshot.as_ref(),
            options: *options,
        }
    }

    /// Builds the comparison `compare_key` asks for from the current config.
    fn rebuild_comparison(&mut self) -> Result<(), String> {
        self.comparison = None;
        let Some(key) = self.compare_key.clone() else {
            return Ok(());
        };
        let built = match compare::page_values(&key) {
            Some(values) => {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                Comparison::with_data(
                    &self.setup.config,
                    self.setup.data.as_deref(),
                    &key,
                    &values,
                )
                .map_err(|e| e.to_string())
            }
            None => Err(crate::t!("network.compare.not-on-page", key = key)),
        };
        match built {
            Ok(c) => {
                self.comparison = Some(c);
                Ok(())
            }
            Err(e) => {
                self.compare_key = None;
                Err(crate::t!(
                    "network.compare.turned-off",
                    setting = format!("compare={key}"),
                    why = e
                ))
            }
        }
    }

    /// How far the comparison has trained: the most steps of any variant (a
    /// diverged one stops early).
    fn compared_steps(c: &Comparison) -> u64 {
        c.variants.iter().map(|v| v.run.steps()).max().unwrap_or(0)
    }
}

impl Scene for NetworkScene {
    fn setup(&self) -> &dyn SceneSetup {
        &self.setup
    }

    fn caption(&self) -> Option<&'static str> {
        let preset = presets::find(self.setup.preset?)?;
        // Once a setting differs, the caption's story may no longer hold.
        (preset.config == *self.setup.config).then_some(preset.caption)
    }

    fn apply(&mut self, key: &str, value: &str) -> Result<Applied, String> {
        let mut next = self.setup.clone();
        next.set(key, value)
            .map_err(|e| not_applied(key, value, &e))?;
        let restart = next.config != self.setup.config || next.data != self.setup.data;
        self.setup = next;
        if restart {
            self.reset();
        }
        Ok(Applied::Restarted)
    }

    fn detach(&mut self) {
        self.setup.detach();
    }

    fn act(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.run.change(key, value).map_err(|e| e.to_string())?;
        let step = self.history.step();
        self.history.changes.push(Change {
            step,
            epoch: self.run.epochs_done(),
            setting: format!("{key}={value}"),
        });
        // The diagram and the model show the edited net at once, not a frame later.
        self.refresh_snapshot();
        Ok(())
    }

    fn compare(&mut self, key: Option<&str>) -> Result<(), String> {
        if key.map(str::to_string) == self.compare_key
            && (key.is_none() || self.comparison.is_some())
        {
            return Ok(());
        }
        self.compare_key = key.map(str::to_string);
        self.rebuild_comparison()
    }

    fn load_data(&mut self, rows: Arc<Dataset>) -> Option<Result<Applied, String>> {
        let mut next = self.setup.clone();
        if let Err(e) = next.load(rows) {
            return Some(Err(crate::t!("network.data.not-used", why = e)));
        }
        self.setup = next;
        self.reset();
        Some(Ok(Applied::Restarted))
    }

    fn keep_data(&mut self, rows: Arc<Dataset>) {
        // A data=file run keeps the rows it trains on.
        if self.setup.config.data != DataKind::File {
            self.setup.data = Some(rows);
        }
    }

    fn reset(&mut self) {
        self.run = start_run(&self.setup);
        self.history = History::new(self.run.config().hidden.len() + 1);
        // A failure turns the comparison off, which the session then shows.
        let _ = self.rebuild_comparison();
        self.refresh_snapshot();
    }

    fn advance(&mut self, max_steps: u32, out_of_time: &mut dyn FnMut(f64) -> bool) -> Advanced {
        let mut done = Advanced::default();
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
        done
    }

    fn is_finished(&self) -> bool {
        self.run.is_finished() && self.comparison.as_ref().is_none_or(|c| c.is_finished())
    }

    fn step(&self) -> u64 {
        self.history.step()
    }

    fn steps_per_epoch(&self) -> usize {
        self.run.steps_per_epoch()
    }

    fn status(&self) -> String {
        let h = &self.history;
        let epochs = self.setup.config.epochs;
        let mut s = crate::t!(
            "network.status.step",
            step = h.step(),
            epoch = self.run.epochs_done(),
            epochs = epochs
        );
        let mut put = |part: String| {
            s.push_str(" · ");
            s.push_str(&part);
        };
        if let Some(e) = h.epochs.last() {
            put(crate::t!(
                "network.status.train-loss",
                loss = loss_word(e.train_loss)
            ));
            if let Some(t) = e.test_loss {
                put(crate::t!("network.status.test-loss", loss = loss_word(t)));
            }
            if let Some(a) = e.test_accuracy.or(e.train_accuracy) {
                put(crate::t!(
                    "network.status.accuracy",
                    accuracy = format!("{a:.3}")
                ));
            }
        }
        if h.clipped_steps > 0 {
            put(crate::tn!("network.status.clipped", h.clipped_steps));
        }
        if let Some(c) = self.comparison.as_ref().filter(|c| !c.is_finished()) {
            let epoch = c.variants.iter().map(|v| v.run.epochs_done()).max();
            put(comparing(c, epoch.unwrap_or(0), epochs));
        } else if let Some(stop) = self.run.stopped() {
            let which = match h.epochs.last() {
                Some(e) if e.test_loss.is_none() => "train",
                _ => "test",
            };
            put(stop.message(which, &loss_word(stop.best_loss)));
        } else if self.run.is_finished() && self.run.diverged().is_none() {
            put(crate::t!("network.status.finished").to_string());
        }
        s
    }

    fn divergence(&self) -> Option<String> {
        self.run.diverged().map(|d| d.message())
    }

    fn last_train_loss(&self) -> Option<f64> {
        self.history.epochs.last().map(|e| e.train_loss)
    }

    fn layer_widths(&self) -> Vec<usize> {
        let layers = self.run.weights();
        let inputs = layers.first().map(|(i, _, _)| *i);
        inputs
            .into_iter()
            .chain(layers.iter().map(|(_, o, _)| *o))
            .collect()
    }

    fn compare_step(&self) -> Option<u64> {
        self.comparison.as_ref().map(Self::compared_steps)
    }

    fn control_value(&self, id: &str) -> String {
        controls::value_of(id, self.run.config(), self.setup.clip_threshold.0)
    }

    fn control_values(&self) -> Vec<(&'static str, String)> {
        controls::values_of(self.run.config(), self.setup.clip_threshold.0)
    }

    fn control_setting(&self, id: &str, value: &str) -> (String, String) {
        controls::to_setting(id, value, self.run.config(), self.setup.clip_threshold.0)
    }

    fn control_applies(&self, id: &str) -> bool {
        controls::applies(id, self.run.config())
    }

    fn prepare(&mut self) {
        self.refresh_snapshot();
    }

    fn shown(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Panel::ALL.iter().map(|p| p.word()).collect();
        if self.comparison.is_some() {
            out.push("compare");
        }
        out
    }

    fn point(&self, word: &str, at: Click, theme: &Theme, options: &Options) -> Option<Pointed> {
        if word != Panel::Diagram.word() {
            return None;
        }
        let p = (at.x.round() as i32, at.y.round() as i32);
        charts::diagram::point(&self.view(options), theme, at.size, p)
    }

    fn figure<'a>(&'a self, word: &str, options: &Options) -> Option<Figure<'a>> {
        if word == "compare" {
            let c = self.comparison.as_ref()?;
            return Some(Figure::Compare(Compared::of(c, options.log_loss)));
        }
        Some(Figure::Panel(Panel::from_word(word)?, self.view(options)))
    }

    fn csv(&self, word: &str, options: &Options) -> Result<String, String> {
        if word == "compare" {
            return self
                .comparison
                .as_ref()
                .map(|c| c.csv())
                .ok_or_else(|| crate::t!("network.compare.off").to_string());
        }
        let panel = Panel::from_word(word)
            .ok_or_else(|| crate::t!("network.figure.unknown", word = word))?;
        Ok(charts::csv(panel, &self.view(options)))
    }

    fn export_step(&self, word: &str) -> u64 {
        match (word, &self.comparison) {
            ("compare", Some(c)) => Self::compared_steps(c),
            _ => self.step(),
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
    fn written_back(s: &NetworkSetup) -> NetworkSetup {
        let mut back = NetworkSetup::of_preset(s.preset.unwrap()).unwrap();
        for (k, v) in s.changes() {
            back.set(&k, &v).unwrap_or_else(|e| panic!("{k}={v}: {e}"));
        }
        back
    }

    #[test]
    fn the_kept_clip_threshold_is_written_exactly() {
        for t in ["1.2644687615856618", "1e-300", "123456.7"] {
            let mut s = NetworkSetup::of_preset("e2-deep-tanh").unwrap();
            s.set(KeptThreshold::KEY, t).unwrap();
            assert_eq!(written_back(&s), s, "{t}");
        }
    }

    #[test]
    fn a_kept_clip_threshold_that_differs_from_the_presets_is_written() {
        // Clipping off where the preset clips by value at 5, keeping the default 1.
        let mut s = NetworkSetup::of_preset("e1-clipvalue").unwrap();
        s.set("clip", "none").unwrap();
        s.set(KeptThreshold::KEY, "1").unwrap();
        assert_eq!(written_back(&s), s);
    }

    #[test]
    fn the_kept_clip_threshold_is_refused_while_clipping_is_on() {
        // Any later setting would put the clip's threshold back, so a link could not keep it.
        let mut s = NetworkSetup::of_preset("e1-clipnorm").unwrap();
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
