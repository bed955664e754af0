//! Property tests of the one way into a run: random link strings through
//! [`Link::parse`], and random `key=value` pairs through [`Session::apply`].
//!
//! The generators draw keys from every scene's real settings (`Config::keys()`,
//! `CliffConfig::keys()`, `RnnConfig::keys()`, `clip_threshold`, `PageSettings::KEYS`),
//! `preset` with real names, `custom` and junk, and junk key names; values mix the
//! words the presets write (their `to_pairs()`) and the menus offer, junk words,
//! extreme numbers (1e308, -1e308, 1e-320, 0, -0, NaN, inf), random floats and
//! integers, empty values and unicode, written plainly, link-encoded or fully
//! percent-escaped, with bare keys (no `=`), blank pairs (`&&`), repeated pairs and
//! raw junk segments.
//!
//! What a parsed link promises, checked against a model that sets the pairs one by
//! one on the last preset: no panic; every note starts with `ignored key=value: ` for
//! the pair it refused (or `unknown preset 'name'`), at most one per non-preset pair
//! (+1 for an unknown preset); every applied pair is kept (the applied pairs alone
//! give the same link, without notes); the scene's config validates; and
//! `Link::parse(&link.format())` gives the link back without notes. A session opened
//! from any link advances and reports a status, and `Session::apply` either refuses a
//! pair with a message naming its key, leaving the link as it was, or takes it and
//! the link still round-trips.
//!
//! Counts: [`LINK_CASES`] = 5 000 link strings of 0 to 13 segments (some 6 pairs on
//! average, about 30 000 pairs), and [`SESSION_CASES`] = 1 000 more link strings,
//! each opened as a session that takes [`APPLIES`] = 5 random pairs through
//! `Session::apply` (5 000 apply calls): some 42 000 random link strings and pairs
//! in all, in about 15 s of the test profile.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use gradient_lab::app::link::{Link, PageSettings};
use gradient_lab::app::session::Session;
use gradient_lab::engine::config::Config;
use gradient_lab::engine::recurrent::RnnConfig;
use gradient_lab::engine::settings::{keys_of, Settings};
use gradient_lab::scenes::cliff::config::CliffConfig;
use gradient_lab::scenes::race::config::RaceConfig;
use gradient_lab::scenes::{self, cliff, network, race, recurrent, SceneSetup};
use proptest::prelude::*;
use proptest::sample::{select, Index};

const LINK_CASES: u32 = 5_000;
const SESSION_CASES: u32 = 1_000;
const APPLIES: usize = 5;

/// What the generators draw from, gathered once from the registry.
struct Vocab {
    /// Every preset's name and `custom`.
    presets: Vec<String>,
    /// Every real key of every scene and of the page.
    keys: Vec<String>,
    network_keys: Vec<String>,
    cliff_keys: Vec<String>,
    rnn_keys: Vec<String>,
    race_keys: Vec<String>,
    /// Every word the presets and the page write for their settings.
    words: Vec<String>,
    /// The same words by key, with the words the menus offer.
    words_by_key: BTreeMap<String, Vec<String>>,
}

static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let with_threshold = |mut keys: Vec<String>| {
        keys.push("clip_threshold".into());
        keys
    };
    let network_keys = with_threshold(Config::keys());
    let cliff_keys = CliffConfig::keys();
    let rnn_keys = with_threshold(RnnConfig::keys());
    let race_keys = keys_of(&RaceConfig::default());
    let mut keys: Vec<String> = PageSettings::KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(
        network_keys
            .iter()
            .chain(&cliff_keys)
            .chain(&rnn_keys)
            .chain(&race_keys)
            .cloned(),
    );
    keys.sort();
    keys.dedup();

    let mut presets: Vec<String> = scenes::all_presets()
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    presets.push("custom".into());

    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |k: &str, v: &str| by_key.entry(k.into()).or_default().push(v.into());
    for (k, v) in PageSettings::default().to_pairs() {
        add(&k, &v);
    }
    for (k, v) in [
        ("theme", "projector"),
        ("yscale", "log"),
        ("gradient", "mean"),
        ("compare", "activation"),
        ("hide", "seed,data"),
        ("hide", "controls,loss"),
        ("test_points", "off"),
        ("discretize", "on"),
    ] {
        add(k, v);
    }
    for name in &presets {
        let link = Link::from_preset(name).expect("a listed preset opens");
        for (k, v) in scene_pairs(link.scene.as_ref()) {
            add(&k, &v);
        }
    }
    for (k, list) in MENU_WORDS {
        for v in list.split(' ') {
            add(k, v);
        }
    }
    let mut words = Vec::new();
    for list in by_key.values_mut() {
        list.sort();
        list.dedup();
        words.extend(list.iter().cloned());
    }
    words.sort();
    words.dedup();
    Vocab {
        presets,
        keys,
        network_keys,
        cliff_keys,
        rnn_keys,
        race_keys,
        words,
        words_by_key: by_key,
    }
});

/// The scene config's pairs, whichever scene it is.
fn scene_pairs(setup: &dyn SceneSetup) -> Vec<(String, String)> {
    if let Some(c) = network::config_of(setup) {
        c.to_pairs()
    } else if let Some(c) = cliff::config_of(setup) {
        c.to_pairs()
    } else if let Some(c) = recurrent::config_of(setup) {
        c.to_pairs()
    } else if let Some(c) = race::config_of(setup) {
        c.to_pairs()
    } else {
        panic!("a scene without a config accessor: {setup:?}")
    }
}

/// The scene config validates, whichever scene it is.
fn scene_validates(setup: &dyn SceneSetup) -> Result<(), String> {
    let e = if let Some(c) = network::config_of(setup) {
        c.validate().err()
    } else if let Some(c) = cliff::config_of(setup) {
        c.validate().err()
    } else if let Some(c) = recurrent::config_of(setup) {
        c.validate().err()
    } else if let Some(c) = race::config_of(setup) {
        c.validate().err()
    } else {
        return Err(format!("a scene without a config accessor: {setup:?}"));
    };
    e.map_or(Ok(()), |e| Err(e.to_string()))
}

/// Words the menus offer, many of which no preset writes.
const MENU_WORDS: &[(&str, &str)] = &[
    ("data", "regression two-circles spiral digits"),
    (
        "data",
        "playground-circle playground-xor playground-gauss playground-spiral",
    ),
    (
        "activation",
        "sigmoid tanh relu leaky-relu:0.1 elu:1 linear softmax",
    ),
    ("activations", "relu relu,tanh sigmoid,sigmoid,sigmoid"),
    ("inputs", "x1,x2,x1sq x1sq,x2sq sin-x1,x1x2,sin-x2"),
    ("output", "auto sigmoid linear softmax"),
    ("loss", "auto mse binary-cross-entropy cross-entropy"),
    ("init", "he-uniform he-normal glorot-uniform fan-in-uniform"),
    ("init", "uniform:0:1 normal:0.5 zeros"),
    ("output_init", "he-uniform glorot-uniform normal:0.05 zeros"),
    (
        "optimizer",
        "sgd momentum nesterov adagrad adadelta rmsprop adam",
    ),
    ("clip", "none norm:1 global:0.5 value:2"),
    ("schedule", "constant step exponential cosine plateau"),
    ("precision", "f32 f64"),
    ("cell", "rnn lstm gru"),
    ("task", "adding first-symbol:3"),
    ("recurrent_init", "orthogonal:1 normal:0.1 identity:1"),
    (
        "surface",
        "saddle rosenbrock beale quadratic himmelblau cliff",
    ),
    (
        "optimizers",
        "sgd:0.05,adam:0.05 adadelta:1 rmsprop:0.01,nesterov:0.002",
    ),
    ("start", "1,0.001 -1.2,1 0,0 6,-3 3,2"),
];

/// Keys no scene has, or real ones written oddly.
#[rustfmt::skip]
const JUNK_KEYS: &[&str] = &[
    "depth", "LR", " lr", "lr ", "", "ü", "a b", "Preset", "preset ", "batch-norm",
    "clip-threshold", "w-min", "x=y", "lr%", "--", "_", "seed\u{0}", "🙂", "hide ",
];

/// Words no setting takes, or takes only for some keys; escapes and unicode.
#[rustfmt::skip]
const JUNK_WORDS: &[&str] = &[
    "abc", "fast", "none", "off", "on", "true", "yes", "auto", "norm", "norm:", "norm:x",
    "norm:1:2", "global:-1", "value:0", "uniform:1:0", "uniform:-inf:0", "uniform:-1e308:1e308",
    "normal:NaN", "normal:inf", "normal:-1", "leaky-relu:nan", "elu:1e308", "softmax",
    "first-symbol:NaN", "first-symbol:1", "orthogonal:1e308", "identity:-0", "5,,5", ",", "0,5",
    "5,2000", "1024,1024,1024", "x,y", "relu,relu", "[5,5]", "{}", "null", "\"lr\"", "%", "%2",
    "%zz", "%C3%BC", "%FF", "%00", "%26", "%3D", "%2B", "+", "a+b", "100%", "#", "##x", "&",
    "==", "a=b", " ", "\t", "ü", "日本", "🙂", "\u{200b}", "\u{0}", "é=", "-", "custom",
];

/// Numbers of every size and spelling.
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "1e308", "-1e308", "1e-320", "-1e-320", "0", "-0", "0.0", "-0.0", "NaN", "nan", "inf",
    "-inf", "infinity", "1e400", "-1e400", "1", "2", "3", "5", "10", "20", "50", "100", "0.1",
    "0.5", "1.5", "-1", "0.001", "18446744073709551615", "18446744073709551616", "0x10",
    "1_000", "+1", ".5", "5.", "1e3", "1E-3", "01", "4294967296",
];

/// A value: the presets' words, numbers of every size, junk and unicode.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(VOCAB.words.clone()),
        1 => select(VOCAB.presets.clone()),
        4 => select(NUMBERS).prop_map(String::from),
        2 => any::<f64>().prop_map(|x| format!("{x}")),
        1 => any::<f64>().prop_map(|x| format!("{x:e}")),
        2 => (0.0f64..3.0).prop_map(|x| x.to_string()),
        1 => (0u64..300).prop_map(|x| x.to_string()),
        1 => any::<u64>().prop_map(|x| x.to_string()),
        3 => select(JUNK_WORDS).prop_map(String::from),
        1 => "\\PC{0,8}",
        1 => Just(String::new()),
    ]
}

/// A key: most often one of the scene's own, else any scene's or the page's, junk.
fn key(own: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(own),
        4 => select(VOCAB.keys.clone()),
        1 => Just("preset".to_string()),
        2 => select(JUNK_KEYS).prop_map(String::from),
        1 => "\\PC{0,6}",
    ]
}

/// A pair: a key, and often one of the words the presets or the menus give that key.
fn pair(own: Vec<String>) -> impl Strategy<Value = (String, String)> {
    key(own).prop_flat_map(|k| {
        let words = VOCAB
            .words_by_key
            .get(&k.trim().replace('-', "_"))
            .cloned()
            .unwrap_or_default();
        let v = if words.is_empty() {
            value().boxed()
        } else {
            prop_oneof![2 => select(words), 3 => value()].boxed()
        };
        (Just(k), v)
    })
}

/// A preset name: mostly real (each kind alike), sometimes custom or junk.
fn preset_name() -> impl Strategy<Value = String> {
    let names = |kind: usize| -> Vec<String> {
        (scenes::KINDS[kind].presets)()
            .iter()
            .map(|p| p.name.to_string())
            .collect()
    };
    prop_oneof![
        3 => select(names(0)),
        2 => select(names(1)),
        2 => select(names(2)),
        1 => Just("custom".to_string()),
        1 => select(vec!["", "e9", "E2-deep-tanh", " e7-cliff", "e7-cliff\u{0}", "ü", "%65"])
            .prop_map(String::from),
    ]
}

/// The keys of the scene a preset opens (the network's for an unknown name).
fn own_keys(preset: &str) -> Vec<String> {
    let v = &*VOCAB;
    match Link::from_preset(preset).map(|l| l.scene.kind().word) {
        Some("cliff") => v.cliff_keys.clone(),
        Some("recurrent") => v.rnn_keys.clone(),
        Some("race") => v.race_keys.clone(),
        _ => v.network_keys.clone(),
    }
}

/// How a key or value is written into the hash.
#[derive(Clone, Copy, Debug)]
enum Written {
    /// As it is: `&`, `=`, `%`, `+` and `#` in it make junk of their own.
    Plain,
    /// As a link writes it.
    Encoded,
    /// Every byte as `%XX`, in upper or lower case.
    Escaped { lower: bool },
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        4 => Just(Written::Plain),
        3 => Just(Written::Encoded),
        1 => any::<bool>().prop_map(|lower| Written::Escaped { lower }),
    ]
}

fn write(s: &str, how: Written) -> String {
    match how {
        Written::Plain => s.to_string(),
        Written::Encoded => encode(s),
        Written::Escaped { lower } => s
            .bytes()
            .map(|b| {
                if lower {
                    format!("%{b:02x}")
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
    }
}

/// Percent-encodes all but the characters a link leaves as they are.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' | b',' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One `&`-separated segment of a hash.
fn segment(own: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (pair(own.clone()), written(), written())
            .prop_map(|((k, v), hk, hv)| format!("{}={}", write(&k, hk), write(&v, hv))),
        1 => (key(own.clone()), written()).prop_map(|(k, hk)| write(&k, hk)),
        1 => select(vec!["", " ", "="]).prop_map(String::from),
        1 => (key(own), value(), value()).prop_map(|(k, a, b)| format!("{k}={a}={b}")),
        1 => "[a-z0-9=%+#ü ]{0,8}",
    ]
}

/// A whole hash: segments, maybe a `preset=` among them, some repeated, maybe a `#`.
fn hash() -> impl Strategy<Value = String> {
    preset_name().prop_flat_map(|preset| {
        (
            prop::collection::vec(segment(own_keys(&preset)), 0..10),
            prop::option::weighted(0.85, (any::<Index>(), written())),
            prop::collection::vec((any::<Index>(), any::<Index>()), 0..3),
            select(vec!["", "", "", "#", "##", "&", "#&"]),
            Just(preset),
        )
            .prop_map(|(mut segments, at, repeats, head, preset)| {
                if let Some((at, how)) = at {
                    let i = at.index(segments.len() + 1);
                    segments.insert(i, format!("preset={}", write(&preset, how)));
                }
                for (from, to) in repeats {
                    if !segments.is_empty() {
                        let s = segments[from.index(segments.len())].clone();
                        segments.insert(to.index(segments.len() + 1), s);
                    }
                }
                format!("{head}{}", segments.join("&"))
            })
    })
}

/// The reference reading of a hash's pairs, from `Link::parse`'s documentation:
/// split at `&`, skip blank pairs, split at the first `=`, undo `%XX` and `+`
/// (a broken escape stays as typed), trim.
fn pairs_of(hash: &str) -> Vec<(String, String)> {
    hash.trim_start_matches('#')
        .split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_string()
}

/// Checks everything a parsed link promises, whatever the hash was.
fn check_link(hash: &str) -> Result<(), TestCaseError> {
    let pairs = pairs_of(hash);
    let (link, notes) = Link::parse(hash);

    // The model: the last preset opens (the default for none; an unknown one is
    // a note), then every other pair is set in order, a refused one noted.
    let preset = pairs.iter().rev().find(|(k, _)| k == "preset");
    let mut want = preset.map_or_else(Link::default, |(_, name)| {
        Link::from_preset(name).unwrap_or_default()
    });
    let unknown = preset.filter(|(_, name)| Link::from_preset(name).is_none());
    let others: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "preset").collect();
    let mut refused = Vec::new();
    let mut kept = Vec::new();
    for (k, v) in &others {
        match want.set(k, v) {
            Ok(()) => kept.push((k.clone(), v.clone())),
            Err(_) => refused.push((k, v)),
        }
    }

    // Every note is about an item, and names it.
    for n in &notes {
        prop_assert!(
            n.starts_with("ignored ") || n.starts_with("unknown preset"),
            "{n:?} in {notes:?} of {hash:?}"
        );
    }
    prop_assert!(
        notes.len() <= others.len() + usize::from(unknown.is_some()),
        "{notes:?} for {} pairs of {hash:?}",
        others.len()
    );
    let mut rest = &notes[..];
    if let Some((_, name)) = unknown {
        prop_assert!(
            rest.first()
                .is_some_and(|n| n.starts_with(&format!("unknown preset '{name}'"))),
            "{notes:?} of {hash:?}"
        );
        rest = &rest[1..];
    }
    prop_assert_eq!(rest.len(), refused.len(), "{:?} of {:?}", notes, hash);
    for (n, (k, v)) in rest.iter().zip(&refused) {
        let head = format!("ignored {k}={v}: ");
        prop_assert!(
            n.starts_with(&head) && n.len() > head.len(),
            "{n:?} is not about {k}={v} ({hash:?})"
        );
    }
    prop_assert_eq!(&link, &want, "{:?}", hash);

    // Whatever was skipped, the scene's config is valid.
    if let Err(e) = scene_validates(link.scene.as_ref()) {
        return Err(TestCaseError::fail(format!("{hash:?}: {e}")));
    }

    // Every applied pair is kept: the pairs that were applied, alone, give no
    // notes and the same link.
    let head = preset
        .filter(|_| unknown.is_none())
        .map(|(_, name)| format!("preset={}", encode(name)));
    let applied: Vec<String> = head
        .into_iter()
        .chain(
            kept.iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v))),
        )
        .collect();
    let applied = applied.join("&");
    let (again, notes) = Link::parse(&applied);
    prop_assert!(notes.is_empty(), "{notes:?} of {applied:?} (from {hash:?})");
    prop_assert_eq!(&again, &link, "{:?} from {:?}", applied, hash);

    check_round_trip(&link, hash)
}

/// `Link::parse(&link.format())` gives the link back, without notes.
fn check_round_trip(link: &Link, from: &str) -> Result<(), TestCaseError> {
    let written = link.format();
    let (back, notes) = Link::parse(&written);
    prop_assert!(notes.is_empty(), "{notes:?} of {written:?} (from {from:?})");
    prop_assert_eq!(&back, link, "{:?} (from {:?})", written, from);
    prop_assert_eq!(back.format(), written);
    Ok(())
}

fn session_case() -> impl Strategy<Value = (String, Vec<(String, String)>)> {
    hash().prop_flat_map(|hash| {
        let (link, _) = Link::parse(&hash);
        let own = match link.scene.kind().word {
            "cliff" => VOCAB.cliff_keys.clone(),
            "recurrent" => VOCAB.rnn_keys.clone(),
            "race" => VOCAB.race_keys.clone(),
            _ => VOCAB.network_keys.clone(),
        };
        (
            Just(hash),
            prop::collection::vec(pair(own), APPLIES..=APPLIES),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: LINK_CASES, ..ProptestConfig::default() })]

    #[test]
    fn any_link_parses_to_a_valid_link_that_round_trips(hash in hash()) {
        check_link(&hash)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: SESSION_CASES, ..ProptestConfig::default() })]

    #[test]
    fn any_session_plays_and_takes_or_refuses_any_pair((hash, pairs) in session_case()) {
        let (link, _) = Link::parse(&hash);
        let mut s = Session::new(link);
        s.advance(3, |_| false);
        prop_assert!(!s.status().is_empty(), "{:?}", hash);
        for (k, v) in &pairs {
            let before = s.link().format();
            match s.apply(k, v) {
                Err(e) => {
                    prop_assert!(e.contains(k.as_str()), "{e:?} does not name {k:?} ({hash:?})");
                    prop_assert_eq!(s.link().format(), before, "{}={} in {:?}", k, v, hash);
                }
                Ok(_) => check_round_trip(&s.link(), &format!("{before} + {k}={v}"))?,
            }
            s.advance(1, |_| false);
            prop_assert!(!s.status().is_empty(), "{:?} + {}={}", hash, k, v);
        }
    }
}
