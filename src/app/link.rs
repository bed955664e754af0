//! A link to a run: the page's whole state in the URL hash, in words.
//!
//! `#preset=e2-deep-tanh&lr=0.01&clip=norm:1&theme=projector&hide=seed,data`
//!
//! The preset comes first whatever its place and picks the scene (the registry in
//! `scenes` knows which kind has it); every other key is a page key
//! ([`PageSettings::KEYS`]) or a setting of that scene, applied on top of the preset
//! through the scene's own `set`, the same path as the command line's `--set`.
//! Writing a link lists only what differs from the preset, so links stay short and
//! keep working when a default changes. Anything unknown or bad is skipped with a
//! note the page shows; parsing never fails.

pub use super::page::{PageSettings, DEFAULT_SPEED, MAX_SPEED};
use crate::engine::settings::Settings;
use crate::scenes::{self, Action, SceneSetup};

/// The preset a bare page opens with: the vanishing-gradient story.
pub const DEFAULT_PRESET: &str = "e2-deep-tanh";

/// Everything a link says: one scene's settings, the settings changed mid-run
/// (`at=STEP:key=value`, in step order) and the page's settings.
#[derive(Clone, Debug)]
pub struct Link {
    pub scene: Box<dyn SceneSetup>,
    pub actions: Vec<Action>,
    pub page: PageSettings,
}

impl PartialEq for Link {
    fn eq(&self, other: &Self) -> bool {
        self.scene.eq_setup(other.scene.as_ref())
            && self.actions == other.actions
            && self.page == other.page
    }
}

impl Default for Link {
    fn default() -> Self {
        Link::from_preset(DEFAULT_PRESET).expect("the default preset exists")
    }
}

impl Link {
    /// A link to a preset (of any scene) as it is; None for an unknown name.
    pub fn from_preset(name: &str) -> Option<Self> {
        Some(Link {
            scene: scenes::open(name)?,
            actions: Vec::new(),
            page: PageSettings::default(),
        })
    }

    /// The preset the settings started from, if they are still tied to one.
    pub fn preset(&self) -> Option<&'static str> {
        self.scene.preset()
    }

    /// Reads a hash (with or without its leading `#`). Returns the link and one
    /// note per thing it skipped.
    pub fn parse(hash: &str) -> (Link, Vec<String>) {
        let mut notes = Vec::new();
        let pairs: Vec<(String, String)> = hash
            .trim_start_matches('#')
            .split('&')
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(p), String::new()),
            })
            .collect();

        let mut link = match pairs.iter().rev().find(|(k, _)| k == "preset") {
            None => Link::default(),
            Some((_, name)) => Link::from_preset(name).unwrap_or_else(|| {
                notes.push(crate::t!(
                    "app.link.unknown-preset",
                    name = name,
                    default = DEFAULT_PRESET
                ));
                Link::default()
            }),
        };
        for (key, value) in pairs.iter().filter(|(k, _)| k != "preset") {
            if let Err(why) = link.set(key, value) {
                notes.push(ignored(key, value, &why));
            }
        }
        (link, notes)
    }

    /// Sets one page or scene setting; on error nothing changes and the reason is
    /// short enough for a note.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if key == "at" {
            let action = Action::parse(value)?;
            self.scene.check_action(&action.key, &action.value)?;
            // In step order; actions at one step keep the order they came in.
            let at = self.actions.partition_point(|a| a.step <= action.step);
            self.actions.insert(at, action);
            return Ok(());
        }
        if !PageSettings::is_key(key) {
            return self.scene.set(key, value);
        }
        let mut page = self.page.clone();
        page.set(key, value).map_err(|e| e.reason)?;
        if let Some(c) = &page.compare {
            self.scene.check_compare(c)?;
        }
        self.page = page;
        Ok(())
    }

    /// Writes the hash (without `#`): the preset, the scene's settings that differ
    /// from it, the settings changed mid-run, then the page settings that differ
    /// from their defaults.
    pub fn format(&self) -> String {
        let preset = self.preset().unwrap_or("custom");
        let actions = self.actions.iter().map(|a| ("at".to_string(), a.word()));
        std::iter::once(("preset".to_string(), preset.to_string()))
            .chain(self.scene_changes(preset))
            .chain(actions)
            .chain(self.page.changes_from(&PageSettings::default()))
            // A value may hold '=' (an action's key=value): only the first '=' splits.
            .map(|(k, v)| format!("{}={}", encode(&k), encode(&v).replace("%3D", "=")))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The scene's changes in an order `parse` applies them all in: each is set on
    /// the preset as it stands, so settings that only fit together (`hidden` and
    /// `activations`, `w_min` and `w_max`) come after what they need; else in key order.
    fn scene_changes(&self, preset: &str) -> Vec<(String, String)> {
        let mut rest = self.scene.changes();
        let Some(mut at) = scenes::open(preset) else {
            return rest;
        };
        let mut ordered = Vec::with_capacity(rest.len());
        while !rest.is_empty() {
            let next = rest.iter().position(|(k, v)| at.set(k, v).is_ok());
            ordered.push(rest.remove(next.unwrap_or(0)));
        }
        ordered
    }
}

/// The note for a setting skipped: `ignored lr=abc: …`.
pub fn ignored(key: &str, value: &str, why: &str) -> String {
    crate::t!(
        "app.link.ignored",
        setting = format!("{key}={value}"),
        why = why
    )
}

/// Percent-encodes what would break a hash pair; words stay readable.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' | b',' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Undoes percent-encoding (and `+` for space); a broken escape stays as typed.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::ThemeKind;
    use crate::engine::config::Config;
    use crate::scenes::network::history::Measure;
    use crate::scenes::{cliff, network, recurrent};

    fn net(link: &Link) -> &Config {
        network::config_of(link.scene.as_ref()).expect("a network link")
    }

    #[test]
    fn a_bare_page_opens_the_default_preset() {
        let (link, notes) = Link::parse("");
        assert!(notes.is_empty());
        assert_eq!(link.preset(), Some(DEFAULT_PRESET));
        assert_eq!(link.format(), format!("preset={DEFAULT_PRESET}"));
    }

    #[test]
    fn the_issue_example_reads_and_writes_back() {
        let (link, notes) = Link::parse("#preset=e2-deep-tanh&lr=0.01&clip=norm:1");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(net(&link).clip, crate::engine::clip::Clip::Norm(1.0));
        // lr=0.01 is the preset's own: not repeated.
        assert_eq!(link.format(), "preset=e2-deep-tanh&clip=norm:1");
    }

    #[test]
    fn every_change_survives_a_round_trip() {
        let mut link = Link::from_preset("e3-relu").unwrap();
        for (k, v) in [
            ("lr", "0.3"),
            ("hidden", "8,8,8"),
            ("init", "uniform:-1:1"),
            ("optimizer", "adam"),
            ("clip", "global:2.5"),
            ("batch_norm", "true"),
            ("dropout", "0.25"),
            ("seed", "17"),
            ("activation", "leaky-relu:0.1"),
        ] {
            link.scene.set(k, v).unwrap();
        }
        link.page = PageSettings {
            speed: 250,
            theme: ThemeKind::Projector,
            log_loss: true,
            gradient: Measure::GradMeanAbs,
            compare: Some("activation".into()),
            hide: vec!["seed".into(), "data".into()],
            diagram: crate::charts::diagram::DiagramView::Gradients,
            test_points: false,
            discretize: true,
            lang: Some(crate::lang::Lang::Uk),
        };
        let (back, notes) = Link::parse(&link.format());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, link);
        assert_eq!(Link::parse(&format!("#{}", link.format())).0, link);
        assert!(link.format().contains("&compare=activation&hide="));
        assert!(link.format().ends_with("&lang=uk"), "{}", link.format());
    }

    #[test]
    fn view_switches_and_features_round_trip_and_bad_words_are_noted() {
        let hash =
            "preset=e2-shallow-tanh&inputs=x1sq,x2sq&data_seed=3&test_points=off&discretize=on";
        let (link, notes) = Link::parse(hash);
        assert!(notes.is_empty(), "{notes:?}");
        assert!(!link.page.test_points && link.page.discretize);
        let c = net(&link);
        assert_eq!(c.data_seed, 3);
        assert_eq!(c.inputs.len(), 2);
        assert_eq!(
            link.format(),
            hash.replace(
                "inputs=x1sq,x2sq&data_seed=3",
                "data_seed=3&inputs=x1sq,x2sq"
            )
        );
        let (back, _) = Link::parse(&link.format());
        assert_eq!(back, link);
        let (_, notes) = Link::parse("preset=e2-shallow-tanh&discretize=maybe&inputs=x9");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes.iter().any(|n| n.contains("discretize is on or off")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.contains("'x9': unknown input")),
            "{notes:?}"
        );
    }

    #[test]
    fn compare_turns_on_with_a_setting_the_page_varies_and_off_with_off() {
        let (link, notes) = Link::parse("preset=e5-digits-sigmoid&compare=activation&epochs=5");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(link.page.compare.as_deref(), Some("activation"));
        assert_eq!(net(&link).epochs, 5);
        assert_eq!(
            link.format(),
            "preset=e5-digits-sigmoid&epochs=5&compare=activation"
        );
        let (off, notes) = Link::parse("preset=e5-digits-sigmoid&compare=activation&compare=off");
        assert!(notes.is_empty() && off.page.compare.is_none(), "{notes:?}");
        assert_eq!(off.format(), "preset=e5-digits-sigmoid");
        // A bare page compares nothing.
        assert_eq!(Link::parse("").0.page.compare, None);
    }

    #[test]
    fn compare_junk_and_compare_off_the_networks_get_a_note() {
        let (link, notes) = Link::parse("preset=e5-relu&compare=lr&compare=sigmoid&compare=");
        assert_eq!(link.page.compare, None);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(
            notes[0].starts_with("ignored compare=lr: compare is activation, cure or off"),
            "{notes:?}"
        );
        assert!(notes[1].starts_with("ignored compare=sigmoid"), "{notes:?}");
        assert_eq!(link.format(), "preset=e5-relu");
        for hash in [
            "preset=e7-cliff&compare=activation",
            "compare=activation&preset=e6-exploding",
        ] {
            let (link, notes) = Link::parse(hash);
            assert_eq!(link.page.compare, None, "{hash}");
            assert_eq!(
                notes,
                ["ignored compare=activation: only network runs are compared"],
                "{hash}"
            );
            assert!(!link.format().contains("compare"), "{hash}");
        }
    }

    #[test]
    fn junk_is_skipped_with_a_note_per_item() {
        let (link, notes) = Link::parse(
            "#preset=nope&lr=abc&depth=7&speed=0&theme=neon&yscale=cubic&dropout=1.5&%zz&&=&seed=3",
        );
        assert_eq!(link.preset(), Some(DEFAULT_PRESET));
        assert_eq!(net(&link).seed, 3);
        let want = [
            "unknown preset 'nope'",
            "ignored lr=abc",
            "ignored depth=7",
            "ignored speed=0",
            "ignored theme=neon",
            "ignored yscale=cubic",
            "ignored dropout=1.5",
        ];
        for w in want {
            assert!(
                notes.iter().any(|n| n.starts_with(w)),
                "{w} not in {notes:?}"
            );
        }
        assert!(
            notes
                .iter()
                .any(|n| n.contains("dropout") && n.contains("[0, 1)")),
            "{notes:?}"
        );
        assert!(notes.iter().all(|n| n.len() < 120), "{notes:?}");
        // Whatever was skipped, the config is valid.
        net(&link).validate().unwrap();
    }

    #[test]
    fn cross_field_conflicts_keep_the_last_valid_config() {
        // Binary cross-entropy cannot score three spiral classes.
        let (link, notes) = Link::parse("preset=e3-relu&loss=binary-cross-entropy&lr=0.5");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(net(&link).validate().is_ok());
        assert_eq!(net(&link).lr, 0.5);
    }

    #[test]
    fn the_cliff_reads_its_own_settings() {
        let (link, notes) =
            Link::parse("preset=e7-cliff&t=15&lr=0.5&threshold=abc&theme=projector");
        assert_eq!(notes.len(), 1, "{notes:?}");
        let c = cliff::config_of(link.scene.as_ref()).expect("cliff mode");
        assert_eq!((c.t, c.lr), (15, 0.5));
        assert_eq!(link.page.theme, ThemeKind::Projector);
        assert_eq!(link.format(), "preset=e7-cliff&lr=0.5&t=15&theme=projector");
        assert_eq!(Link::parse(&link.format()).0, link);
        assert_eq!(
            Link::from_preset("e7-cliff").unwrap().format(),
            "preset=e7-cliff"
        );
    }

    #[test]
    fn a_recurrent_preset_reads_its_own_settings() {
        let (link, notes) =
            Link::parse("preset=e6-exploding&cell=lstm&clip=global:1&t=500&hidden=x&speed=50");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes.iter().any(|n| n.starts_with("ignored t=500")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.starts_with("ignored hidden=x")),
            "{notes:?}"
        );
        let r = recurrent::config_of(link.scene.as_ref()).expect("rnn mode");
        assert_eq!(r.cell.to_string(), "lstm");
        assert_eq!(r.t, 50, "a bad T keeps the preset's");
        assert!(cliff::config_of(link.scene.as_ref()).is_none());
        assert_eq!(
            link.format(),
            "preset=e6-exploding&cell=lstm&clip=global:1&speed=50"
        );
        assert_eq!(Link::parse(&link.format()).0, link);
        assert_eq!(
            Link::from_preset("e6-lstm").unwrap().format(),
            "preset=e6-lstm"
        );
        assert!(
            recurrent::config_of(Link::from_preset("e2-deep-tanh").unwrap().scene.as_ref())
                .is_none()
        );
    }

    #[test]
    fn settings_that_only_fit_together_are_written_in_an_order_that_reads_back() {
        // One activation per hidden layer: in key order, activations=relu would come
        // first and not fit the preset's five layers.
        let mut net = Link::from_preset("e2-deep-tanh").unwrap();
        net.set("hidden", "16").unwrap();
        net.set("activations", "relu").unwrap();
        assert_eq!(
            net.format(),
            "preset=e2-deep-tanh&hidden=16&activations=relu"
        );
        // The window moved below the preset's: w_max=0 first would be under w_min=1.
        let mut cliff = Link::from_preset("e7-cliff").unwrap();
        cliff.set("w_min", "-5").unwrap();
        cliff.set("w_max", "0").unwrap();
        for link in [net, cliff] {
            let (back, notes) = Link::parse(&link.format());
            assert!(notes.is_empty(), "{notes:?}");
            assert_eq!(back, link);
        }
    }

    #[test]
    fn encoding_round_trips_odd_characters() {
        for s in ["a b", "x&y=z", "100%", "#hash", "ü"] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%ü1"), "%ü1");
    }

    #[test]
    fn the_clip_threshold_kept_while_clipping_is_off_is_in_the_link() {
        // Turning clipping off keeps the threshold it had; the link carries it.
        let (mut link, notes) = Link::parse("preset=e1-clipnorm&clip=norm:2.5");
        assert!(notes.is_empty(), "{notes:?}");
        link.set("clip", "none").unwrap();
        assert_eq!(
            link.format(),
            "preset=e1-clipnorm&clip=none&clip_threshold=2.5"
        );
        let session = crate::app::session::Session::new(Link::parse(&link.format()).0);
        assert_eq!(session.scene().control_value("clip-threshold"), "2.5");
        assert_eq!(
            session.scene().control_setting("clip-mode", "value"),
            ("clip".into(), "value:2.5".into())
        );
        // The default threshold is not written; a bad one is a note.
        let (link, notes) = Link::parse("preset=e6-exploding&clip_threshold=1&clip-threshold=-3");
        assert_eq!(link.format(), "preset=e6-exploding");
        assert_eq!(
            notes,
            ["ignored clip-threshold=-3: the clip threshold must be a positive number"]
        );
    }
}
