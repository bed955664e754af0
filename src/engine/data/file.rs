//! "Your own data": a CSV text read into a [`Dataset`], and a [`Dataset`] written back.
//!
//! One row a line: the input columns, then the target. Separators are a comma, a
//! semicolon or a tab, whichever the first line holds (tab, then semicolon, else
//! comma); with a semicolon or a tab, `1,5` reads as 1.5. Blank lines and lines that
//! start with `#` are skipped; CRLF, a UTF-8 byte-order mark, spaces around fields
//! and double quotes around a field are fine. A first row with any field that is not
//! a number is a header.
//!
//! What the target means: a header whose last name is `y`, `target` or `value` makes
//! it regression; `label` or `class` makes it classification (the labels may then be
//! words). Otherwise a last column of whole numbers with at most [`MAX_CLASSES`]
//! distinct values is classification, anything else regression. The distinct labels,
//! sorted, become classes 0..k-1: two classes are one 0/1 column ([`Task::Binary`]),
//! more are one-hot ([`Task::Multiclass`]).
//!
//! Every limit is a constant here, and every error says where: the line and column
//! (both 1-based, blank and comment lines counted) and the text at fault.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use ndarray::Array2;

use super::{Dataset, Task};

/// The largest file read, in bytes (2 MiB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Rows of data, at most.
pub const MAX_ROWS: usize = 10_000;
/// Rows of data, at least: enough for a training and a test set.
pub const MIN_ROWS: usize = 4;
/// Input columns (all but the last), at most: the 8×8 digits' width.
pub const MAX_INPUTS: usize = 64;
/// Classes, at most.
pub const MAX_CLASSES: usize = 10;

/// Header names that make the last column a regression target or a class label.
const REGRESSION_NAMES: [&str; 3] = ["y", "target", "value"];
const CLASS_NAMES: [&str; 2] = ["label", "class"];

/// Why a text is not a data set. Each message is one sentence for a note or stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Empty,
    TooBig {
        size: String,
    },
    NotText {
        line: usize,
        byte: usize,
    },
    Binary {
        line: usize,
    },
    OnlyHeader {
        line: usize,
    },
    NotANumber {
        line: usize,
        column: usize,
        text: String,
    },
    NotFinite {
        line: usize,
        column: usize,
        text: String,
    },
    EmptyField {
        line: usize,
        column: usize,
    },
    Ragged {
        line: usize,
        found: usize,
        expected: usize,
        /// "the header" or "line 3": the row that set the count.
        first: String,
    },
    OneColumn {
        line: usize,
        separator: String,
    },
    TooManyColumns {
        line: usize,
        inputs: usize,
    },
    TooManyRows {
        line: usize,
        row: usize,
    },
    TooFewRows {
        rows: usize,
    },
    TooManyClasses {
        found: usize,
    },
    OneClass {
        label: String,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::t;
        let text = match self {
            FileError::Empty => t!("engine.file.empty").to_string(),
            FileError::TooBig { size } => t!("engine.file.too-big", size = size),
            FileError::NotText { line, byte } => {
                t!("engine.file.not-text", line = line, byte = byte)
            }
            FileError::Binary { line } => t!("engine.file.binary", line = line),
            FileError::OnlyHeader { line } => t!("engine.file.only-header", line = line),
            FileError::NotANumber { line, column, text } => {
                t!(
                    "engine.file.not-a-number",
                    line = line,
                    column = column,
                    text = text
                )
            }
            FileError::NotFinite { line, column, text } => {
                t!(
                    "engine.file.not-finite",
                    line = line,
                    column = column,
                    text = text
                )
            }
            FileError::EmptyField { line, column } => {
                t!("engine.file.empty-field", line = line, column = column)
            }
            FileError::Ragged {
                line,
                found,
                expected,
                first,
            } => t!(
                "engine.file.ragged",
                line = line,
                found = found,
                first = first,
                expected = expected
            ),
            FileError::OneColumn { line, separator } => {
                t!("engine.file.one-column", line = line, separator = separator)
            }
            FileError::TooManyColumns { line, inputs } => t!(
                "engine.file.too-many-columns",
                line = line,
                inputs = inputs,
                max = MAX_INPUTS
            ),
            FileError::TooManyRows { line, row } => {
                t!(
                    "engine.file.too-many-rows",
                    line = line,
                    row = row,
                    max = MAX_ROWS
                )
            }
            FileError::TooFewRows { rows } => {
                t!("engine.file.too-few-rows", rows = rows, min = MIN_ROWS)
            }
            FileError::TooManyClasses { found } => {
                t!(
                    "engine.file.too-many-classes",
                    found = found,
                    max = MAX_CLASSES
                )
            }
            FileError::OneClass { label } => t!("engine.file.one-class", label = label),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for FileError {}

/// Reads a file's bytes: the size, then UTF-8, then [`parse`].
pub fn parse_bytes(bytes: &[u8]) -> Result<Dataset, FileError> {
    check_size(bytes.len())?;
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(FileError::NotText { line, byte: at + 1 })
        }
    }
}

/// Whether a file of this many bytes may be read (so a caller can ask before reading it).
pub fn check_size(bytes: usize) -> Result<(), FileError> {
    if bytes > MAX_BYTES {
        return Err(FileError::TooBig {
            size: mebibytes(bytes),
        });
    }
    Ok(())
}

/// "3.1 MiB", rounded up so a file just over the limit never reads as "2.0 MiB".
fn mebibytes(bytes: usize) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).ceil() / 10.0;
    crate::t!("engine.file.mib", size = format!("{tenths:.1}"))
}

/// Parses CSV text into a data set (see the module docs for the format).
pub fn parse(text: &str) -> Result<Dataset, FileError> {
    check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .peekable();
    let Some(&(first_line, first)) = lines.peek() else {
        return Err(FileError::Empty);
    };
    if let Some((line, _)) = text.split('\n').enumerate().find(|(_, l)| l.contains('\0')) {
        return Err(FileError::Binary { line: line + 1 });
    }
    let sep = separator(first);
    let fields = |l: &str| -> Vec<String> { l.split(sep).map(clean).collect() };

    let head = fields(first);
    check_width(first_line, head.len(), sep)?;
    let header = head
        .iter()
        .any(|f| !f.is_empty() && number(f, sep).is_none());
    let mode = if header {
        lines.next();
        let last = head
            .last()
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        if REGRESSION_NAMES.contains(&last.as_str()) {
            Mode::Regression
        } else if CLASS_NAMES.contains(&last.as_str()) {
            Mode::Classes
        } else {
            Mode::Auto
        }
    } else {
        Mode::Auto
    };
    let width = head.len();
    let first_name = if header {
        crate::t!("engine.file.the-header").to_string()
    } else {
        crate::t!("engine.file.line", line = first_line)
    };

    let inputs = width - 1;
    let mut x: Vec<f64> = Vec::new();
    // The target column as written, with the line of each, until the task is known.
    let mut targets: Vec<(usize, String)> = Vec::new();
    for (line, l) in lines {
        let row = fields(l);
        if row.len() != width {
            return Err(FileError::Ragged {
                line,
                found: row.len(),
                expected: width,
                first: first_name.clone(),
            });
        }
        if targets.len() == MAX_ROWS {
            return Err(FileError::TooManyRows {
                line,
                row: MAX_ROWS + 1,
            });
        }
        for (j, f) in row[..inputs].iter().enumerate() {
            x.push(finite(f, sep, line, j + 1)?);
        }
        targets.push((line, row[inputs].clone()));
    }
    if targets.is_empty() {
        return Err(FileError::OnlyHeader { line: first_line });
    }
    if targets.len() < MIN_ROWS {
        return Err(FileError::TooFewRows {
            rows: targets.len(),
        });
    }
    let x = Array2::from_shape_vec((targets.len(), inputs), x).expect("one value per field");
    let (y, task) = target(&targets, mode, sep, width)?;
    Ok(Dataset { x, y, task })
}

/// What the header says about the last column.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Regression,
    Classes,
    Auto,
}

fn separator(first: &str) -> char {
    if first.contains('\t') {
        '\t'
    } else if first.contains(';') {
        ';'
    } else {
        ','
    }
}

fn separator_name(sep: char) -> String {
    match sep {
        '\t' => crate::t!("engine.file.tab").into(),
        s => format!("'{s}'"),
    }
}

fn check_width(line: usize, fields: usize, sep: char) -> Result<(), FileError> {
    if fields < 2 {
        return Err(FileError::OneColumn {
            line,
            separator: separator_name(sep),
        });
    }
    if fields - 1 > MAX_INPUTS {
        return Err(FileError::TooManyColumns {
            line,
            inputs: fields - 1,
        });
    }
    Ok(())
}

/// A field without the spaces and the one pair of double quotes around it.
fn clean(f: &str) -> String {
    let t = f.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t);
    t.trim().to_string()
}

/// The field as a number (not necessarily finite), if it reads as one. With a
/// semicolon or tab separator a decimal comma is read too.
fn number(f: &str, sep: char) -> Option<f64> {
    if let Ok(v) = f.parse::<f64>() {
        return Some(v);
    }
    if sep != ',' && f.matches(',').count() == 1 && !f.contains('.') {
        return f.replace(',', ".").parse().ok();
    }
    None
}

/// The field as a finite number, or the error naming it.
fn finite(f: &str, sep: char, line: usize, column: usize) -> Result<f64, FileError> {
    if f.is_empty() {
        return Err(FileError::EmptyField { line, column });
    }
    match number(f, sep) {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(FileError::NotFinite {
            line,
            column,
            text: shown(f),
        }),
        None => Err(FileError::NotANumber {
            line,
            column,
            text: shown(f),
        }),
    }
}

/// The offending text for a message: at most 24 characters, control characters escaped.
fn shown(f: &str) -> String {
    let mut out = String::new();
    for (i, c) in f.chars().enumerate() {
        if i == 24 {
            out.push('…');
            break;
        }
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A class label: numbers sort by value, words after them by text.
#[derive(Clone, Debug, PartialEq)]
enum Label {
    Number(f64),
    Word(String),
}

impl Eq for Label {}

impl Ord for Label {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (Label::Number(a), Label::Number(b)) => a.total_cmp(b),
            (Label::Word(a), Label::Word(b)) => a.cmp(b),
            (Label::Number(_), Label::Word(_)) => Ordering::Less,
            (Label::Word(_), Label::Number(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The target column as the task says: one column of values, one 0/1 column, or
/// one-hot columns.
fn target(
    targets: &[(usize, String)],
    mode: Mode,
    sep: char,
    width: usize,
) -> Result<(Array2<f64>, Task), FileError> {
    let n = targets.len();
    let values: Vec<Option<f64>> = targets
        .iter()
        .map(|(_, t)| number(t, sep).filter(|v| v.is_finite()))
        .collect();
    if mode != Mode::Classes {
        // Every value must be a finite number: find the first that is not.
        let mut ys = Vec::with_capacity(n);
        for ((line, t), v) in targets.iter().zip(&values) {
            ys.push(match v {
                Some(v) => *v,
                None => return Err(finite(t, sep, *line, width).unwrap_err()),
            });
        }
        let whole = |v: &f64| v.fract() == 0.0 && v.abs() < 1e15;
        let classes = if mode == Mode::Auto && ys.iter().all(whole) {
            let mut distinct: Vec<(f64, usize)> = ys.iter().map(|&y| (y, 0)).collect();
            crate::engine::sorting::sort_by_first(&mut distinct);
            distinct.dedup();
            (distinct.len() <= MAX_CLASSES).then_some(distinct.len())
        } else {
            None
        };
        if classes.is_none() {
            return Ok((
                Array2::from_shape_vec((n, 1), ys).expect("one target a row"),
                Task::Regression,
            ));
        }
    }
    // Classification: numbers where every label is one, else words.
    let all_numbers = values.iter().all(Option::is_some);
    let labels: Vec<Label> = targets
        .iter()
        .zip(&values)
        .map(|((_, t), v)| match (all_numbers, v) {
            // + 0.0 makes -0 into 0: one label, as `==` says.
            (true, Some(v)) => Label::Number(*v + 0.0),
            _ => Label::Word(t.clone()),
        })
        .collect();
    if let Some((line, _)) = targets.iter().find(|(_, t)| t.is_empty()) {
        return Err(FileError::EmptyField {
            line: *line,
            column: width,
        });
    }
    // One by one: collect() would sort them first, with a stable sort of its own.
    let mut index: BTreeMap<&Label, usize> = BTreeMap::new();
    for l in labels.iter() {
        index.insert(l, 0);
    }
    if index.len() > MAX_CLASSES {
        return Err(FileError::TooManyClasses { found: index.len() });
    }
    if index.len() == 1 {
        return Err(FileError::OneClass {
            label: shown(&targets[0].1),
        });
    }
    for (i, v) in index.values_mut().enumerate() {
        *v = i;
    }
    let k = index.len();
    let class: Vec<usize> = labels.iter().map(|l| index[l]).collect();
    if k == 2 {
        let y = Array2::from_shape_fn((n, 1), |(i, _)| class[i] as f64);
        return Ok((y, Task::Binary));
    }
    let y = Array2::from_shape_fn((n, k), |(i, j)| f64::from(u8::from(class[i] == j)));
    Ok((y, Task::Multiclass(k)))
}

/// The data set as CSV: a header `x1,…,xn,label` (or `…,y` for regression), then one
/// row a line, numbers in their shortest exact form and classes as 0..k-1, so
/// [`parse`] gives the same data set back.
pub fn to_csv(data: &Dataset) -> String {
    let mut out = String::new();
    for j in 1..=data.features() {
        let _ = write!(out, "x{j},");
    }
    out.push_str(match data.task {
        Task::Regression => "y\n",
        _ => "label\n",
    });
    for (x, y) in data.x.rows().into_iter().zip(data.y.rows()) {
        for v in x {
            let _ = write!(out, "{v},");
        }
        let target = match data.task {
            Task::Regression | Task::Binary => y[0],
            Task::Multiclass(_) => y.iter().position(|&v| v == 1.0).unwrap_or_default() as f64,
        };
        let _ = writeln!(out, "{target}");
    }
    out
}

/// The settings a data set sets when it is loaded: its input columns, its classes
/// (0 for regression) and its rows, as the config's `features`, `classes`, `samples`.
pub fn shape(data: &Dataset) -> (usize, usize, usize) {
    let classes = match data.task {
        Task::Regression => 0,
        Task::Binary => 2,
        Task::Multiclass(k) => k,
    };
    (data.features(), classes, data.len())
}

#[cfg(test)]
mod tests;
