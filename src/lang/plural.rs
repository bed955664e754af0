//! Which plural form a count takes, by the CLDR plural rules
//! (unicode.org/cldr, "Language Plural Rules"): English has two forms for whole
//! numbers, Ukrainian and Russian three (1 крок, 2 кроки, 5 кроків), and all three
//! languages use "other" for fractions.

use super::Lang;

/// A plural category, written in catalog keys as the suffix `.one`, `.few`, `.many`, `.other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    One,
    Few,
    Many,
    Other,
}

impl Form {
    pub fn word(self) -> &'static str {
        match self {
            Form::One => "one",
            Form::Few => "few",
            Form::Many => "many",
            Form::Other => "other",
        }
    }

    pub fn from_word(w: &str) -> Option<Form> {
        [Form::One, Form::Few, Form::Many, Form::Other]
            .into_iter()
            .find(|f| f.word() == w)
    }
}

impl Lang {
    /// The forms a catalog of this language writes for every counted message.
    pub fn forms(self) -> &'static [Form] {
        match self {
            Lang::En => &[Form::One, Form::Other],
            Lang::Uk | Lang::Ru => &[Form::One, Form::Few, Form::Many, Form::Other],
        }
    }

    /// The form `n` takes. A fraction (or anything not a whole number) is "other".
    pub fn form(self, n: f64) -> Form {
        if !(n.is_finite() && n.fract() == 0.0) {
            return Form::Other;
        }
        // Whole and finite: as an integer (no float remainder routine needed).
        let n = n.abs().min(1e15) as u64;
        match self {
            Lang::En => {
                if n == 1 {
                    Form::One
                } else {
                    Form::Other
                }
            }
            // CLDR for uk and ru: one if i%10=1 and i%100≠11; few if i%10 in 2..4 and
            // i%100 not in 12..14; many otherwise.
            Lang::Uk | Lang::Ru => {
                let (d, h) = (n % 10, n % 100);
                if d == 1 && h != 11 {
                    Form::One
                } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
                    Form::Few
                } else {
                    Form::Many
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_and_russian_take_three_forms_for_whole_numbers() {
        for lang in [Lang::Uk, Lang::Ru] {
            for n in [1, 21, 101, 1001] {
                assert_eq!(lang.form(n as f64), Form::One, "{n}");
            }
            for n in [2, 3, 4, 22, 34, 102] {
                assert_eq!(lang.form(n as f64), Form::Few, "{n}");
            }
            for n in [0, 5, 11, 12, 13, 14, 19, 100, 111, 112, 1000] {
                assert_eq!(lang.form(n as f64), Form::Many, "{n}");
            }
            assert_eq!(lang.form(1.5), Form::Other);
        }
    }

    #[test]
    fn english_takes_one_for_one_only() {
        assert_eq!(Lang::En.form(1.0), Form::One);
        for n in [0.0, 2.0, 11.0, 21.0, 0.5] {
            assert_eq!(Lang::En.form(n), Form::Other, "{n}");
        }
    }
}
