//! How the page shows a run, whatever the scene: none of it changes the numbers.
//! The page settings take the same [`Settings`] contract as every scene's config,
//! so the link, the header's controls and an embedding read them alike.

use crate::charts::diagram::DiagramView;
use crate::charts::{Options, ThemeKind};
use crate::engine::settings::{ConfigError, Settings};
use crate::lang::Lang;
use crate::scenes::network::history::Measure;

/// Steps per frame, at most (the frame's time budget may allow fewer).
pub const MAX_SPEED: u32 = 1000;
pub const DEFAULT_SPEED: u32 = 10;

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
    /// Which settings a scene compares is the scene's to say.
    pub compare: Option<String>,
    /// Controls (config keys or page keys) or panels to hide, for embedding.
    pub hide: Vec<String>,
    /// What the diagram draws its links by.
    pub diagram: DiagramView,
    /// The model panel shows the test points.
    pub test_points: bool,
    /// The model panel's decision map in flat colours.
    pub discretize: bool,
    /// The language the page speaks; None: the browser's, if it is one of ours.
    pub lang: Option<Lang>,
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
            diagram: DiagramView::Weights,
            test_points: true,
            discretize: false,
            lang: None,
        }
    }
}

impl PageSettings {
    /// The page's keys, in the order a link writes them.
    pub const KEYS: [&'static str; 10] = [
        "speed",
        "theme",
        "yscale",
        "gradient",
        "diagram",
        "compare",
        "hide",
        "test_points",
        "discretize",
        "lang",
    ];

    pub fn is_key(key: &str) -> bool {
        Self::KEYS.contains(&key)
    }

    /// What the charts honour.
    pub fn options(&self) -> Options {
        Options {
            log_loss: self.log_loss,
            gradient: self.gradient,
            diagram: self.diagram,
            focus: None,
            test_points: self.test_points,
            discretize: self.discretize,
        }
    }

    /// Whether `hide=` names `word` (a control, a panel, or `controls`).
    pub fn hides(&self, word: &str) -> bool {
        self.hide
            .iter()
            .any(|h| h == word || *h == word.replace('_', "-"))
    }

    /// The measure the gradient panel shows, as its URL word.
    pub fn gradient_word(&self) -> &'static str {
        match self.gradient {
            Measure::GradMeanAbs => "mean",
            _ => "norm",
        }
    }
}

impl Settings for PageSettings {
    fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        let bad = |why: &str| Err(ConfigError::new(key, value, why));
        match key {
            "speed" => match value.trim().parse::<u32>() {
                Ok(s) if (1..=MAX_SPEED).contains(&s) => self.speed = s,
                _ => return bad(&crate::t!("app.page.speed", max = MAX_SPEED)),
            },
            "theme" => match ThemeKind::from_word(value) {
                Some(t) => self.theme = t,
                None => return bad(crate::t!("app.page.theme")),
            },
            "yscale" => match value {
                "log" => self.log_loss = true,
                "linear" => self.log_loss = false,
                _ => return bad(crate::t!("app.page.yscale")),
            },
            "gradient" => match value {
                "norm" => self.gradient = Measure::GradNorm,
                "mean" => self.gradient = Measure::GradMeanAbs,
                _ => return bad(crate::t!("app.page.gradient")),
            },
            "diagram" => match DiagramView::from_word(value) {
                Some(v) => self.diagram = v,
                None => return bad(crate::t!("app.page.diagram")),
            },
            "compare" => {
                self.compare = (value != "off").then(|| value.to_string());
            }
            "hide" => {
                self.hide = value
                    .split(',')
                    .map(|s| s.trim().replace('_', "-"))
                    .filter(|s| !s.is_empty())
                    .collect()
            }
            "test_points" => match on_off(value) {
                Some(b) => self.test_points = b,
                None => return bad(crate::t!("app.page.test-points")),
            },
            "discretize" => match on_off(value) {
                Some(b) => self.discretize = b,
                None => return bad(crate::t!("app.page.discretize")),
            },
            "lang" => match value.trim() {
                "auto" | "" => self.lang = None,
                w => match Lang::from_word(w) {
                    Some(l) => self.lang = Some(l),
                    None => return bad(crate::t!("app.page.lang")),
                },
            },
            _ => return bad(crate::t!("app.page.unknown")),
        }
        Ok(())
    }

    fn to_pairs(&self) -> Vec<(String, String)> {
        let yscale = if self.log_loss { "log" } else { "linear" };
        [
            ("speed", self.speed.to_string()),
            ("theme", self.theme.word().to_string()),
            ("yscale", yscale.to_string()),
            ("gradient", self.gradient_word().to_string()),
            ("diagram", self.diagram.word().to_string()),
            (
                "compare",
                self.compare.clone().unwrap_or_else(|| "off".into()),
            ),
            ("hide", self.hide.join(",")),
            ("test_points", on_off_word(self.test_points).to_string()),
            ("discretize", on_off_word(self.discretize).to_string()),
            ("lang", self.lang.map_or("auto", Lang::word).to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// Every value `set` takes is a valid one.
    fn check(&self) -> Result<(), ConfigError> {
        Ok(())
    }
}

/// A view switch's word: on or off (true and false read too, as a config's do).
fn on_off(value: &str) -> Option<bool> {
    match value.trim() {
        "on" | "true" => Some(true),
        "off" | "false" => Some(false),
        _ => None,
    }
}

fn on_off_word(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}
