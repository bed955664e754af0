//! A message catalog: `key = text` lines, read once.
//!
//! ```text
//! # A comment.
//! status.diverged = diverged at step {step}: {what}
//! clip.acted.one = clipping acted on {n} step
//! clip.acted.other = clipping acted on {n} steps
//! ```
//! A text runs to the end of its line; `\n` in it is a line break. `{name}` is a
//! placeholder the caller fills. A counted message writes one key per plural form
//! (`.one`, `.few`, `.many`, `.other`: see [`super::plural`]).
//! Keys are lower-case words joined by `.`, `-` and `_`; a key derived from a table may
//! also hold a menu value's `:` (`control.init.option.uniform:-1:1`).

/// One language's messages, sorted by key.
#[derive(Debug, Default)]
pub struct Catalog {
    entries: Vec<(String, String)>,
}

impl Catalog {
    /// Reads a catalog; an error names the line at fault.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let mut entries: Vec<(String, String)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(format!("line {}: expected key = text", i + 1));
            };
            let key = key.trim();
            if key.is_empty() || !key.bytes().all(|b| is_key_byte(b) || b == b':') {
                return Err(format!("line {}: {key:?} is not a key", i + 1));
            }
            // Kept sorted as read (no sort routine in the page's wasm for this).
            match entries.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
                Ok(_) => return Err(format!("{key} is written twice")),
                Err(at) => entries.insert(at, (key.to_string(), value.trim().replace("\\n", "\n"))),
            }
        }
        Ok(Catalog { entries })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.entries[i].1.as_str())
    }

    /// Every (key, text), sorted by key.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
}

/// The placeholders a text holds, in order of first use: `{step}` → "step".
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.bytes().all(is_key_byte) && !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_texts_and_line_breaks() {
        let c = Catalog::parse("# c\n\nb.x = two\\nlines\na = one {n}\n").unwrap();
        assert_eq!(c.get("a"), Some("one {n}"));
        assert_eq!(c.get("b.x"), Some("two\nlines"));
        assert_eq!(c.get("c"), None);
        assert_eq!(c.entries().count(), 2);
    }

    #[test]
    fn names_the_bad_line() {
        assert_eq!(
            Catalog::parse("a = 1\nno equals sign").unwrap_err(),
            "line 2: expected key = text"
        );
        assert!(Catalog::parse("Big = 1").unwrap_err().contains("not a key"));
        assert!(Catalog::parse("control.init.option.uniform:-1:1 = 1").is_ok());
        assert_eq!(
            Catalog::parse("a = 1\na = 2").unwrap_err(),
            "a is written twice"
        );
    }

    #[test]
    fn finds_placeholders_once_each() {
        assert_eq!(placeholders("{a} and {b}, {a}; {not a key} {"), ["a", "b"]);
    }
}
