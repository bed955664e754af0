//! A link to a run: the page's whole state in the URL hash, in words.
//!
//! `#preset=e2-deep-tanh&lr=0.01&clip=norm:1&theme=projector&hide=seed,data`
//!
//! The preset comes first whatever its place; every other config key is applied
//! on top of it with [`Config::set`], the same path as the command line's `--set`.
//! Page keys (`speed`, `theme`, `yscale`, `gradient`, `compare`, `hide`) are not
//! part of the run. Writing a link lists only what differs from the preset, so links stay
//! short and keep working when a default changes. Anything unknown or bad is
//! skipped with a note the page shows; parsing never fails.
//!
//! `preset=e7-cliff` opens the cliff instead of a network: the other keys are
//! then the cliff's settings (`t`, `w`, `b`, `lr`, `threshold`, …). An E6 preset
//! (`preset=e6-vanishing`, …) opens a recurrent net through time, whose keys are
//! those of [`RnnConfig`] (`cell`, `t`, `recurrent_init`, `clip`, …).
//!
//! `compare=activation` trains the same net once per activation beside the run
//! (E5); only network runs are compared, so the cliff and the recurrent runs
//! skip it with a note.

use crate::charts::ThemeKind;
use crate::compare;
use crate::config::{Config, ConfigError};
use crate::engine::recurrent::config::RnnConfig;
use crate::engine::recurrent::presets as rnn_presets;
use crate::history::Measure;
use crate::landscape::config::CliffConfig;
use crate::presets;

/// The cliff's preset word.
pub const CLIFF_PRESET: &str = "e7-cliff";
/// The preset a bare page opens with: the vanishing-gradient story.
pub const DEFAULT_PRESET: &str = "e2-deep-tanh";
/// Steps per frame, at most (the frame's time budget may allow fewer).
pub const MAX_SPEED: u32 = 1000;
pub const DEFAULT_SPEED: u32 = 10;

/// How the page shows the run; none of it changes the numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    /// Training steps per animation frame.
    pub speed: u32,
    pub theme: ThemeKind,
    /// Loss on a log y axis.
    pub log_loss: bool,
    /// What the gradient-flow panel plots.
    pub gradient: Measure,
    /// The setting the compare panel varies (`activation`); None when it is off.
    pub compare: Option<String>,
    /// Controls (config keys or page keys) or panels to hide, for embedding.
    pub hide: Vec<String>,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            speed: DEFAULT_SPEED,
            theme: ThemeKind::Default,
            log_loss: false,
            gradient: Measure::GradNorm,
            compare: None,
            hide: Vec::new(),
        }
    }
}

/// Everything a link says.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The preset the config started from, if it was one.
    pub preset: Option<String>,
    pub config: Config,
    /// Present when the link opens the cliff rather than a network.
    pub cliff: Option<CliffConfig>,
    /// Present when the link opens a recurrent net through time (E6).
    pub rnn: Option<RnnConfig>,
    pub page: PageSettings,
}

impl Default for Link {
    fn default() -> Self {
        Link::from_preset(DEFAULT_PRESET)
    }
}

impl Link {
    /// A link to a preset as it is.
    pub fn from_preset(name: &str) -> Self {
        let p = presets::find(name).unwrap_or_else(|| presets::all().swap_remove(0));
        Link {
            preset: Some(p.name.to_string()),
            config: p.config,
            cliff: None,
            rnn: None,
            page: PageSettings::default(),
        }
    }

    /// A link to a recurrent preset as it is (`None` for an unknown name).
    pub fn rnn_preset(name: &str) -> Option<Self> {
        let p = rnn_presets::find(name)?;
        Some(Link {
            preset: Some(p.name.to_string()),
            rnn: Some(p.config),
            ..Link::default()
        })
    }

    /// The recurrent config the preset gives (the default one without a recurrent preset).
    pub fn base_rnn(&self) -> RnnConfig {
        self.preset
            .as_deref()
            .and_then(rnn_presets::find)
            .map_or_else(RnnConfig::default, |p| p.config)
    }

    /// A link to the cliff with its preset settings.
    pub fn cliff() -> Self {
        Link {
            preset: Some(CLIFF_PRESET.to_string()),
            cliff: Some(CliffConfig::default()),
            ..Link::default()
        }
    }

    /// The config the preset gives (the default config without one).
    pub fn base(&self) -> Config {
        self.preset
            .as_deref()
            .and_then(presets::find)
            .map_or_else(Config::default, |p| p.config)
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
            Some((_, name)) if name == "custom" => Link {
                preset: None,
                config: Config::default(),
                cliff: None,
                rnn: None,
                page: PageSettings::default(),
            },
            Some((_, name)) if name == CLIFF_PRESET => Link::cliff(),
            Some((_, name)) if rnn_presets::find(name).is_some() => {
                Link::rnn_preset(name).unwrap_or_default()
            }
            Some((_, name)) => match presets::find(name) {
                Some(_) => Link::from_preset(name),
                None => {
                    notes.push(format!(
                        "unknown preset '{name}' — opened {DEFAULT_PRESET} instead"
                    ));
                    Link::default()
                }
            },
        };

        for (key, value) in pairs.iter().filter(|(k, _)| k != "preset") {
            let ignored = |why: String| format!("ignored {key}={value}: {why}");
            match key.as_str() {
                "speed" => match value.parse::<u32>() {
                    Ok(s) if (1..=MAX_SPEED).contains(&s) => link.page.speed = s,
                    _ => notes.push(ignored(format!(
                        "speed must be a whole number from 1 to {MAX_SPEED}"
                    ))),
                },
                "theme" => match ThemeKind::from_word(value) {
                    Some(t) => link.page.theme = t,
                    None => notes.push(ignored("theme is default or projector".into())),
                },
                "yscale" => match value.as_str() {
                    "log" => link.page.log_loss = true,
                    "linear" => link.page.log_loss = false,
                    _ => notes.push(ignored("yscale is linear or log".into())),
                },
                "gradient" => match value.as_str() {
                    "norm" => link.page.gradient = Measure::GradNorm,
                    "mean" => link.page.gradient = Measure::GradMeanAbs,
                    _ => notes.push(ignored("gradient is norm or mean".into())),
                },
                "compare" => match value.as_str() {
                    _ if link.cliff.is_some() || link.rnn.is_some() => {
                        notes.push(ignored("only network runs are compared".into()))
                    }
                    "off" => link.page.compare = None,
                    v => match compare::page_values(v) {
                        Some(_) => link.page.compare = Some(v.to_string()),
                        None => notes.push(ignored(format!("compare is {}", compare_words()))),
                    },
                },
                "hide" => {
                    link.page.hide = value
                        .split(',')
                        .map(|s| s.trim().replace('_', "-"))
                        .filter(|s| !s.is_empty())
                        .collect()
                }
                _ => {
                    let result = if let Some(cliff) = &mut link.cliff {
                        set_checked(cliff, key, value, CliffConfig::set, CliffConfig::validate)
                    } else if let Some(rnn) = &mut link.rnn {
                        set_checked(rnn, key, value, RnnConfig::set, RnnConfig::validate)
                    } else {
                        set_checked(&mut link.config, key, value, Config::set, |c| {
                            c.validate().map(|_| ())
                        })
                    };
                    if let Err(why) = result {
                        notes.push(ignored(why));
                    }
                }
            }
        }
        (link, notes)
    }

    /// Writes the hash (without `#`): the preset, the settings that differ from
    /// it, then the page settings that differ from their defaults.
    pub fn format(&self) -> String {
        let base = self.base();
        let mut parts = vec![format!(
            "preset={}",
            self.preset.as_deref().unwrap_or("custom")
        )];
        let (old, new) = match (&self.cliff, &self.rnn) {
            (Some(c), _) => (CliffConfig::default().to_pairs(), c.to_pairs()),
            (None, Some(r)) => (self.base_rnn().to_pairs(), r.to_pairs()),
            (None, None) => (base.to_pairs(), self.config.to_pairs()),
        };
        for (k, v) in new {
            if old.iter().find(|(ok, _)| *ok == k).map(|(_, ov)| ov) != Some(&v) {
                parts.push(format!("{}={}", encode(&k), encode(&v)));
            }
        }
        let d = PageSettings::default();
        let p = &self.page;
        if p.speed != d.speed {
            parts.push(format!("speed={}", p.speed));
        }
        if p.theme != d.theme {
            parts.push(format!("theme={}", p.theme.word()));
        }
        if p.log_loss {
            parts.push("yscale=log".into());
        }
        if p.gradient == Measure::GradMeanAbs {
            parts.push("gradient=mean".into());
        }
        if let Some(key) = &p.compare {
            parts.push(format!("compare={}", encode(key)));
        }
        if !p.hide.is_empty() {
            parts.push(format!("hide={}", encode(&p.hide.join(","))));
        }
        parts.join("&")
    }
}

/// What `compare=` takes, for a note: "activation or off".
fn compare_words() -> String {
    let keys: Vec<&str> = compare::ON_PAGE.iter().map(|(k, _)| *k).collect();
    format!("{} or off", keys.join(", "))
}

/// Sets `key` on `config` and checks the whole; on either error `config` is as it
/// was and the reason comes back, short enough for a note.
fn set_checked<C: Clone>(
    config: &mut C,
    key: &str,
    value: &str,
    set: impl Fn(&mut C, &str, &str) -> Result<(), ConfigError>,
    validate: impl Fn(&C) -> Result<(), ConfigError>,
) -> Result<(), String> {
    let before = config.clone();
    set(config, key, value).map_err(|e| short_reason(&e.reason))?;
    validate(config).map_err(|e| {
        *config = before;
        e.to_string()
    })
}

/// A reason short enough for a note: an unknown key does not list every known one.
fn short_reason(reason: &str) -> String {
    match reason.split_once(" (known:") {
        Some((head, _)) => head.to_string(),
        None => reason.to_string(),
    }
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

    #[test]
    fn a_bare_page_opens_the_default_preset() {
        let (link, notes) = Link::parse("");
        assert!(notes.is_empty());
        assert_eq!(link.preset.as_deref(), Some(DEFAULT_PRESET));
        assert_eq!(link.format(), format!("preset={DEFAULT_PRESET}"));
    }

    #[test]
    fn the_issue_example_reads_and_writes_back() {
        let (link, notes) = Link::parse("#preset=e2-deep-tanh&lr=0.01&clip=norm:1");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(link.config.clip, crate::engine::clip::Clip::Norm(1.0));
        // lr=0.01 is the preset's own: not repeated.
        assert_eq!(link.format(), "preset=e2-deep-tanh&clip=norm:1");
    }

    #[test]
    fn every_change_survives_a_round_trip() {
        let mut link = Link::from_preset("e3-relu");
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
            link.config.set(k, v).unwrap();
        }
        link.page = PageSettings {
            speed: 250,
            theme: ThemeKind::Projector,
            log_loss: true,
            gradient: Measure::GradMeanAbs,
            compare: Some("activation".into()),
            hide: vec!["seed".into(), "data".into()],
        };
        let (back, notes) = Link::parse(&link.format());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, link);
        assert_eq!(Link::parse(&format!("#{}", link.format())).0, link);
        assert!(link.format().contains("&compare=activation&hide="));
    }

    #[test]
    fn compare_turns_on_with_a_setting_the_page_varies_and_off_with_off() {
        let (link, notes) = Link::parse("preset=e5-digits-sigmoid&compare=activation&epochs=5");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(link.page.compare.as_deref(), Some("activation"));
        assert_eq!(link.config.epochs, 5);
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
            notes[0].starts_with("ignored compare=lr: compare is activation or off"),
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
        assert_eq!(link.preset.as_deref(), Some(DEFAULT_PRESET));
        assert_eq!(link.config.seed, 3);
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
        link.config.validate().unwrap();
    }

    #[test]
    fn cross_field_conflicts_keep_the_last_valid_config() {
        // Binary cross-entropy cannot score three spiral classes.
        let (link, notes) = Link::parse("preset=e3-relu&loss=binary-cross-entropy&lr=0.5");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(link.config.validate().is_ok());
        assert_eq!(link.config.lr, 0.5);
    }

    #[test]
    fn the_cliff_reads_its_own_settings() {
        let (link, notes) =
            Link::parse("preset=e7-cliff&t=15&lr=0.5&threshold=abc&theme=projector");
        assert_eq!(notes.len(), 1, "{notes:?}");
        let c = link.cliff.as_ref().expect("cliff mode");
        assert_eq!((c.t, c.lr), (15, 0.5));
        assert_eq!(link.page.theme, ThemeKind::Projector);
        assert_eq!(link.format(), "preset=e7-cliff&lr=0.5&t=15&theme=projector");
        assert_eq!(Link::parse(&link.format()).0, link);
        assert_eq!(Link::cliff().format(), "preset=e7-cliff");
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
        let r = link.rnn.as_ref().expect("rnn mode");
        assert_eq!(r.cell.to_string(), "lstm");
        assert_eq!(r.t, 50, "a bad T keeps the preset's");
        assert!(link.cliff.is_none());
        assert_eq!(
            link.format(),
            "preset=e6-exploding&cell=lstm&clip=global:1&speed=50"
        );
        assert_eq!(Link::parse(&link.format()).0, link);
        assert_eq!(
            Link::rnn_preset("e6-lstm").unwrap().format(),
            "preset=e6-lstm"
        );
        assert!(Link::rnn_preset("e2-deep-tanh").is_none());
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
}
