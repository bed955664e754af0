//! The languages the page and the command line speak: English (the default),
//! Ukrainian and Russian, the languages of the lectures in `shared/seeds/`.
//!
//! Every text a person reads comes from a message catalog (`www/lang/<word>.txt`, see
//! [`catalog`]). Texts kept beside their tables (a control's label, a preset's
//! caption, a menu's labels) stay in the code in English and are looked up by a key
//! derived from the table ([`text`]); every other message lives in `www/lang/en.txt`
//! and is looked up by its key ([`tr`], [`fill`], [`count`], or the [`t!`] macro).
//!
//! The language is a display setting, like a locale: it changes no number. It is
//! held per thread ([`set`]; the page and the command line each have one), so
//! charts, reports and error messages need not carry it through every call.
//! Natively every catalog is compiled in; the page fetches the one it speaks
//! ([`install`]), so its wasm carries no catalog at all.

pub mod catalog;
pub mod plural;

use std::cell::{Cell, RefCell};
use std::fmt::Display;

pub use catalog::Catalog;
pub use plural::Form;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Uk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Uk, Lang::Ru];

    /// The link's word and the BCP 47 tag: `en`, `uk`, `ru`.
    pub fn word(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
        }
    }

    pub fn from_word(w: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.word() == w)
    }

    /// The language's own name, as its menu shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Uk => "Українська",
            Lang::Ru => "Русский",
        }
    }

    /// The first of the browser's languages (`navigator.languages`: "uk-UA",
    /// "ru", "en-GB", …) that is one of ours, else English.
    pub fn from_browser<S: AsRef<str>>(tags: &[S]) -> Lang {
        tags.iter()
            .find_map(|t| {
                let primary = t.as_ref().split(['-', '_']).next().unwrap_or("");
                Lang::from_word(&primary.to_ascii_lowercase())
            })
            .unwrap_or(Lang::En)
    }

    /// Whether this language writes a decimal comma (0,5) rather than a point.
    pub fn decimal_comma(self) -> bool {
        !matches!(self, Lang::En)
    }

    /// The catalog compiled into this build: every language natively; none in the
    /// page, which fetches the one it speaks (`lang/<word>.txt` beside the wasm), so
    /// its wasm carries no text of any language.
    pub fn built_in(self) -> Option<&'static str> {
        #[cfg(not(target_arch = "wasm32"))]
        return Some(match self {
            Lang::En => include_str!("../../www/lang/en.txt"),
            Lang::Uk => include_str!("../../www/lang/uk.txt"),
            Lang::Ru => include_str!("../../www/lang/ru.txt"),
        });
        #[cfg(target_arch = "wasm32")]
        None
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    static LOADED: RefCell<[Option<&'static Catalog>; 3]> = const { RefCell::new([None, None, None]) };
}

/// The language this thread speaks.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Speak `lang` from now on, on this thread. Its catalog should be there
/// ([`is_available`]); until it is, texts fall back to English.
pub fn set(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// Runs `f` speaking `lang`, then goes back to the language before.
pub fn with<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = current();
    set(lang);
    let r = f();
    set(before);
    r
}

/// Adds a catalog read from `text` (the page's fetched file) for `lang`.
pub fn install(lang: Lang, text: &str) -> Result<(), String> {
    let catalog: &'static Catalog = Box::leak(Box::new(Catalog::parse(text)?));
    LOADED.with(|l| l.borrow_mut()[lang as usize] = Some(catalog));
    Ok(())
}

/// `lang`'s catalog, reading a built-in one on first use.
pub fn catalog(lang: Lang) -> Option<&'static Catalog> {
    if let Some(c) = LOADED.with(|l| l.borrow()[lang as usize]) {
        return Some(c);
    }
    let text = lang.built_in()?;
    // A built-in catalog is checked by the tests: a parse error here is a build's bug.
    install(lang, text).ok()?;
    LOADED.with(|l| l.borrow()[lang as usize])
}

/// Whether `lang`'s texts can be shown now.
pub fn is_available(lang: Lang) -> bool {
    catalog(lang).is_some()
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    catalog(lang)?.get(key)
}

/// The message `key` in the current language, else in English, else the key itself
/// (a missing key shows as its name, which the catalog tests forbid).
pub fn tr(key: &str) -> &str {
    lookup(current(), key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or(key)
}

/// A text held in English beside its table (a label, a caption), in the current
/// language: the catalog's `key` when it has one, else `english`.
pub fn text<'a>(key: &str, english: &'a str) -> &'a str {
    match current() {
        Lang::En => english,
        lang => lookup(lang, key).unwrap_or(english),
    }
}

/// [`text`] for a key built at run time (`control.{id}`, `preset.{name}.caption`).
pub fn text_of<'a>(prefix: &str, id: &str, suffix: &str, english: &'a str) -> &'a str {
    match current() {
        Lang::En => english,
        _ => {
            let key = format!("{prefix}{id}{suffix}");
            text_owned(&key).unwrap_or(english)
        }
    }
}

fn text_owned(key: &str) -> Option<&'static str> {
    lookup(current(), key)
}

/// The message `key` with its `{name}` placeholders filled from `args`. A value that
/// is a plain decimal number is written with the language's decimal mark.
pub fn fill(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill_text(tr(key), args)
}

/// The counted message `key` for `n`: its `.one`, `.few`, `.many` or `.other` form in
/// the current language, with `{n}` and the other placeholders filled.
pub fn count(key: &str, n: f64, args: &[(&str, &dyn Display)]) -> String {
    let lang = current();
    let form = format!("{key}.{}", lang.form(n).word());
    let other = format!("{key}.other");
    let text = lookup(lang, &form)
        .or_else(|| lookup(lang, &other))
        .or_else(|| lookup(Lang::En, &format!("{key}.{}", Lang::En.form(n).word())))
        .or_else(|| lookup(Lang::En, &other))
        .unwrap_or(key);
    let n_text = if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        n.to_string()
    };
    let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n_text)];
    all.extend_from_slice(args);
    fill_text(text, &all)
}

/// `text` with `{name}` placeholders filled from `args`; an unknown one stays as written.
pub fn fill_text(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, v.to_string()))
        }) {
            Some((close, value)) => {
                out.push_str(&number(&value));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A number as the current language writes it: `0.25` → `0,25` in Ukrainian and
/// Russian. Anything that is not a plain number (`lr=0.1`, `data.csv`, `1.2.3`) is
/// left as it is.
pub fn number(s: &str) -> String {
    if current().decimal_comma() && is_decimal(s) {
        s.replacen('.', ",", 1)
    } else {
        s.to_string()
    }
}

/// `-1.5`, `0.25`, `3.0e-4`, `12.5%`, `≈0.5`, `−0.5`: a decimal number, perhaps signed,
/// with an exponent or a unit sign.
fn is_decimal(s: &str) -> bool {
    let s = s
        .strip_prefix('−')
        .or_else(|| s.strip_prefix('≈'))
        .unwrap_or(s);
    let s = s.strip_suffix('×').unwrap_or(s).as_bytes();
    // sign? digits '.' digits (e sign? digits)? '%'? — scanned by hand: small code.
    let mut i = usize::from(matches!(s.first(), Some(b'-' | b'+' | b'~')));
    let digits = |i: &mut usize| {
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !(digits(&mut i) && s.get(i) == Some(&b'.')) {
        return false;
    }
    i += 1;
    if !digits(&mut i) {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i += usize::from(s.get(i) == Some(&b'%'));
    i == s.len()
}

/// `t!("key")` is [`tr`]; `t!("key", step = 12, value = v)` is [`fill`] with those
/// placeholders.
#[macro_export]
macro_rules! t {
    ($key:expr) => {
        $crate::lang::tr($key)
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::fill($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

/// `tn!("key", n)` is [`count`]; further placeholders as in [`t!`].
#[macro_export]
macro_rules! tn {
    ($key:expr, $n:expr) => {
        $crate::lang::count($key, ($n) as f64, &[])
    };
    ($key:expr, $n:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::count($key, ($n) as f64, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_picks_one_of_ours_else_english() {
        assert_eq!(Lang::from_browser(&["de-DE", "uk-UA", "en"]), Lang::Uk);
        assert_eq!(Lang::from_browser(&["RU"]), Lang::Ru);
        assert_eq!(Lang::from_browser(&["fr", "de"]), Lang::En);
        assert_eq!(Lang::from_browser::<&str>(&[]), Lang::En);
    }

    #[test]
    fn numbers_take_the_decimal_comma_and_nothing_else_does() {
        with(Lang::Uk, || {
            assert_eq!(number("0.25"), "0,25");
            assert_eq!(number("-1.5e-3"), "-1,5e-3");
            assert_eq!(number("12.5%"), "12,5%");
            for s in ["12", "lr=0.1", "data.csv", "1.2.3", ".5", "e.g."] {
                assert_eq!(number(s), s);
            }
        });
        assert_eq!(with(Lang::En, || number("0.25")), "0.25");
    }

    #[test]
    fn placeholders_fill_and_unknown_ones_stay() {
        let s = with(Lang::Ru, || {
            fill_text("шаг {step}: {v} {x}", &[("step", &12), ("v", &0.5)])
        });
        assert_eq!(s, "шаг 12: 0,5 {x}");
    }

    #[test]
    fn the_language_is_the_thread_s_and_with_restores_it() {
        set(Lang::En);
        with(Lang::Ru, || assert_eq!(current(), Lang::Ru));
        assert_eq!(current(), Lang::En);
    }
}
