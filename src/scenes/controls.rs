//! The control tables' shape: every setting a page control offers, how it is shown,
//! and the composite controls shared by several scenes (clip mode + threshold make
//! `clip`). Each scene has its own table (`network/controls.rs`, `cliff/controls.rs`,
//! `recurrent/controls.rs`); the page builds its fieldsets from them.

use crate::engine::clip::Clip;

pub enum Kind {
    /// The menu's (value, label) pairs, in order, mostly a type's
    /// [`options`](crate::engine::words::Vocabulary::options); the current value is
    /// added if it is not among them.
    Select(fn() -> Vec<(String, String)>),
    /// A slider. With `log`, the slider moves over log10 of the value.
    Range {
        min: f64,
        max: f64,
        step: f64,
        log: bool,
    },
    Check,
    Number {
        min: f64,
        max: f64,
        step: f64,
    },
    /// One checkbox per (word, label) pair; the value is the checked words, "a,b".
    Toggles(fn() -> Vec<(String, String)>),
    /// A button: pressing it sends the control's setting (its value is unused).
    Button,
}

pub struct Control {
    /// The control's id: a config key, a page key, or a composite
    /// (`layers`, `width`, `clip-mode`, `clip-threshold`).
    pub id: &'static str,
    pub label: &'static str,
    pub group: &'static str,
    pub kind: Kind,
    /// Shown as the control's tooltip.
    pub help: &'static str,
}

impl Control {
    /// The label in the current language.
    pub fn label_text(&self) -> &'static str {
        crate::lang::text(&super::keys::control(self.id, ""), self.label)
    }

    /// The tooltip in the current language.
    pub fn help_text(&self) -> &'static str {
        crate::lang::text(&super::keys::control(self.id, ".help"), self.help)
    }

    /// A menu's or a toggle's label for `value` in the current language; `english`
    /// is the label its options give.
    pub fn option_label(&self, value: &str, english: &str) -> String {
        crate::lang::text(&super::keys::option(self.id, value), english).to_string()
    }
}

pub const fn range(min: f64, max: f64, step: f64) -> Kind {
    Kind::Range {
        min,
        max,
        step,
        log: false,
    }
}

pub const fn log_range(min: f64, max: f64) -> Kind {
    Kind::Range {
        min,
        max,
        step: 0.0,
        log: true,
    }
}

/// A fieldset of the settings column: the controls whose `group` is `name`.
pub struct Group {
    pub name: &'static str,
    /// The fieldset's legend.
    pub legend: &'static str,
    /// The fieldset's element id, where the page or its tests need one.
    pub id: Option<&'static str>,
}

impl Group {
    /// The legend in the current language.
    pub fn legend_text(&self) -> &'static str {
        crate::lang::text(&super::keys::group(self.name), self.legend)
    }
}

/// The clip threshold shown while clipping is off (kept so turning it on again
/// restores the last one).
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// A slider value in few digits: 0.0123 rather than 0.012345678.
pub fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The clip setting a change of the `clip-mode` or `clip-threshold` control means,
/// given the current clip and the threshold kept while clipping is off.
pub fn clip_setting(control: &str, value: &str, clip: Clip, threshold: f64) -> (String, String) {
    match control {
        "clip-mode" => match value {
            "none" => ("clip".into(), "none".into()),
            mode => (
                "clip".into(),
                format!("{mode}:{}", short(clip.threshold().unwrap_or(threshold))),
            ),
        },
        _ => {
            let mode = match clip.mode() {
                "none" => "global",
                m => m,
            };
            ("clip".into(), format!("{mode}:{value}"))
        }
    }
}

/// The clip-mode or clip-threshold control's value for `clip`.
pub fn clip_value(control: &str, clip: Clip, threshold: f64) -> String {
    match control {
        "clip-mode" => clip.mode().to_string(),
        _ => short(clip.threshold().unwrap_or(threshold)),
    }
}

/// The threshold a clip setting carries, if any.
pub fn clip_threshold(clip: Clip) -> Option<f64> {
    clip.threshold()
}

/// The clip threshold the clip controls show while clipping is off. A scene's setup
/// keeps it and the link writes it (`clip_threshold=2.5`), so turning clipping back on
/// restores it, after a reload too.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeptThreshold(pub f64);

impl KeptThreshold {
    pub const KEY: &'static str = "clip_threshold";

    /// The threshold `clip` carries, or the default.
    pub fn of(clip: Clip) -> Self {
        KeptThreshold(clip_threshold(clip).unwrap_or(DEFAULT_THRESHOLD))
    }

    /// Sets it when `key` names it (Some), or leaves `key` to the config (None).
    /// While clipping is on the kept threshold is the clip's own: setting it then
    /// would be undone by the next setting, so it is refused.
    pub fn set(&mut self, key: &str, value: &str, clip: Clip) -> Option<Result<(), String>> {
        if key.trim().replace('-', "_") != Self::KEY {
            return None;
        }
        if clip_threshold(clip).is_some() {
            return Some(Err(
                crate::t!("network.clip-threshold.kept-while-off").into()
            ));
        }
        Some(match value.trim().parse::<f64>() {
            Ok(t) if t.is_finite() && t > 0.0 => {
                self.0 = t;
                Ok(())
            }
            _ => Err(crate::t!("network.clip-threshold.positive").into()),
        })
    }

    /// Follows a new clip setting that carries a threshold.
    pub fn follow(&mut self, clip: Clip) {
        if let Some(t) = clip_threshold(clip) {
            self.0 = t;
        }
    }

    /// A link's changes with this one added where they would not leave it kept by
    /// themselves (set on the preset, the kept threshold is the clip's, else the
    /// preset's); written exactly, so it reads back the same.
    pub fn add_to(
        self,
        clip: Clip,
        preset_clip: Clip,
        mut pairs: Vec<(String, String)>,
    ) -> Vec<(String, String)> {
        let implied = clip_threshold(clip)
            .or(clip_threshold(preset_clip))
            .unwrap_or(DEFAULT_THRESHOLD);
        if self.0 != implied {
            pairs.push((Self::KEY.into(), self.0.to_string()));
            crate::engine::sorting::sort_small(&mut pairs, |a, b| a < b);
        }
        pairs
    }
}

#[cfg(test)]
pub mod test_support {
    use super::Control;
    use crate::engine::settings::ConfigError;

    /// Every control of `table` shows a value for `config` that, written back, leaves
    /// the config as it was (the clip threshold is only written while clipping is on).
    pub fn round_trips<C: Clone + PartialEq + std::fmt::Debug>(
        name: &str,
        config: &C,
        table: &[Control],
        read: impl Fn(&str, &C) -> String,
        write: impl Fn(&str, &str, &C) -> (String, String),
        set: impl Fn(&mut C, &str, &str) -> Result<(), ConfigError>,
        clipping: bool,
    ) {
        // A button changes the config by design; it has no value to round-trip.
        for c in table
            .iter()
            .filter(|c| !matches!(c.kind, super::Kind::Button))
        {
            let v = read(c.id, config);
            assert!(!v.is_empty(), "{} of {name}", c.id);
            let (key, value) = write(c.id, &v, config);
            let mut back = config.clone();
            set(&mut back, &key, &value).unwrap_or_else(|e| panic!("{}: {e}", c.id));
            if !c.id.ends_with("clip-threshold") || clipping {
                assert_eq!(&back, config, "{} of {name} = {v}", c.id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keeps_four_significant_digits() {
        assert_eq!(short(0.012345678), "0.01235");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(1e-5), "0.00001");
        assert_eq!(short(1234.6), "1235");
    }
}
