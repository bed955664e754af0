//! Several runs of one config that differ in one setting, trained in lockstep:
//! E5's "one net, five activations", side by side.
//!
//! Every variant is the base config with one `key=value` applied through
//! [`Config::set`] and then validated, so a comparison accepts exactly the words
//! the command line and the URL do, and a bad value is refused with the setting
//! and value named. Each variant keeps its own [`Run`] and [`History`]; the loss
//! before the first step is recorded as epoch 0, so a loss that never moves shows
//! as a flat line from the start. A variant that diverges stops; the others go on.
//! Pure Rust: the page can hold a `Comparison` and step it within a frame's budget.

use crate::engine::activation::Activation;
use crate::engine::config::{Config, ConfigError};
use crate::engine::data::Dataset;
use crate::engine::settings::Settings;
use crate::engine::trainer::{EpochReport, Run};
use crate::engine::words::Vocabulary;
use crate::scenes::network::cures;
use crate::scenes::network::history::History;
use crate::scenes::network::report::{csv_number, loss_word, summary, Outcome};

/// The values compared when none are given: E5's activations, the words of the
/// activation menu's nonlinear ones.
pub fn activations() -> Vec<String> {
    Activation::values()
        .into_iter()
        .filter(|&a| a != Activation::Identity)
        .map(|a| a.to_string())
        .collect()
}

/// The words of the values compared.
pub type Values = fn() -> Vec<String>;

/// Not a setting but E9's cures ([`cures::CURES`]), each a few settings laid
/// over the run: `compare=cure`, `--vary cure=none,l2,…`.
pub const CURE: &str = "cure";

/// The settings the page can compare, each with the values it compares.
pub const ON_PAGE: [(&str, Values); 2] = [("activation", activations), (CURE, cures::words)];

/// The values the page compares for `key`; None for a setting it does not vary.
pub fn page_values(key: &str) -> Option<Vec<String>> {
    ON_PAGE.iter().find(|(k, _)| *k == key).map(|(_, v)| v())
}

/// One run of the comparison.
pub struct Variant {
    /// The varied setting's value in its written form ("leaky-relu:0.2").
    pub label: String,
    pub run: Run,
    pub history: History,
}

pub struct Comparison {
    /// The setting that differs between the variants ("activation").
    pub key: String,
    pub variants: Vec<Variant>,
}

impl Comparison {
    /// One variant per value of `key`, each `base` with `key=value` set and checked
    /// (for [`CURE`], `base` with that cure laid over it).
    pub fn new(base: &Config, key: &str, values: &[&str]) -> Result<Self, ConfigError> {
        Self::with_data(base, None, key, values)
    }

    /// As [`Comparison::new`], every variant training on `rows` when data=file.
    pub fn with_data(
        base: &Config,
        rows: Option<&Dataset>,
        key: &str,
        values: &[&str],
    ) -> Result<Self, ConfigError> {
        let key = key.trim();
        if values.is_empty() {
            return Err(ConfigError::new(
                key,
                "",
                crate::t!("network.compare.needs-a-value"),
            ));
        }
        let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
        for value in values {
            let (config, label) = if key == CURE {
                (cures::apply(base, value)?, value.trim().to_string())
            } else {
                let mut config = base.clone();
                config.set(key, value)?;
                // The written form the config reads back, so "leaky-relu" and
                // "leaky-relu:0.2" are one value.
                let label = config
                    .to_pairs()
                    .into_iter()
                    .find(|(k, _)| k == key)
                    .map_or_else(|| value.trim().to_string(), |(_, v)| v);
                (config, label)
            };
            let checked = config.validate()?;
            if variants.iter().any(|v| v.label == label) {
                return Err(ConfigError::new(
                    key,
                    value,
                    crate::t!("network.compare.each-once"),
                ));
            }
            let mut run = Run::with_data(&checked, rows)?;
            let mut history = History::new(checked.hidden.len() + 1);
            // Evaluation draws no random numbers and leaves the weights alone, so
            // this epoch-0 point does not change the run.
            history.push_epoch(run.evaluate());
            variants.push(Variant {
                label,
                run,
                history,
            });
        }
        Ok(Comparison {
            key: key.to_string(),
            variants,
        })
    }

    /// One step of every variant still training; how many stepped.
    pub fn step_all(&mut self) -> usize {
        let mut stepped = 0;
        for v in &mut self.variants {
            if !v.run.is_finished() {
                v.history.push(v.run.step());
                stepped += 1;
            }
        }
        stepped
    }

    /// Up to `rounds` lockstep rounds, stopping early when `out_of_time` says so
    /// (asked after each round) or every variant is done; the rounds taken.
    pub fn step_for(&mut self, rounds: u32, mut out_of_time: impl FnMut() -> bool) -> u32 {
        let mut n = 0;
        while n < rounds && self.step_all() > 0 {
            n += 1;
            if out_of_time() {
                break;
            }
        }
        n
    }

    /// True when every variant has finished or diverged.
    pub fn is_finished(&self) -> bool {
        self.variants.iter().all(|v| v.run.is_finished())
    }

    /// Every epoch some variant evaluated, in order, with each variant's report
    /// for it (None where that variant has none: not evaluated, or diverged).
    pub fn epoch_rows(&self) -> Vec<(usize, Vec<Option<&EpochReport>>)> {
        let mut epochs: Vec<usize> = self
            .variants
            .iter()
            .flat_map(|v| v.history.epochs.iter().map(|e| e.epoch))
            .collect();
        crate::engine::sorting::sort_numbers(&mut epochs);
        epochs.dedup();
        epochs
            .into_iter()
            .map(|epoch| {
                let cells = self
                    .variants
                    .iter()
                    .map(|v| v.history.epochs.iter().find(|e| e.epoch == epoch))
                    .collect();
                (epoch, cells)
            })
            .collect()
    }

    fn has_test_set(&self) -> bool {
        self.variants
            .iter()
            .flat_map(|v| &v.history.epochs)
            .any(|e| e.test_loss.is_some())
    }

    /// The losses as CSV: `epoch`, then `train_loss_<label>` per variant, then
    /// `test_loss_<label>` per variant (when there is a test set). Numbers as
    /// `run --format csv` writes them; an empty cell where a variant has no
    /// figure for that epoch.
    pub fn csv(&self) -> String {
        let test = self.has_test_set();
        let mut head = vec!["epoch".to_string()];
        for prefix in ["train_loss", "test_loss"]
            .iter()
            .take(1 + usize::from(test))
        {
            head.extend(
                self.variants
                    .iter()
                    .map(|v| csv_cell(&format!("{prefix}_{}", v.label))),
            );
        }
        let mut out = head.join(",");
        out.push('\n');
        for (epoch, cells) in self.epoch_rows() {
            let mut row = vec![epoch.to_string()];
            row.extend(
                cells
                    .iter()
                    .map(|e| e.map_or(String::new(), |e| csv_number(e.train_loss))),
            );
            if test {
                row.extend(cells.iter().map(|e| {
                    e.and_then(|e| e.test_loss)
                        .map_or(String::new(), csv_number)
                }));
            }
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }

    /// The losses as a table for a terminal: per variant, train and test loss.
    pub fn table(&self) -> String {
        const EPOCH: usize = 7;
        let width = self
            .variants
            .iter()
            .map(|v| v.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(TABLE_CELL);
        let mut out = format!("{:>EPOCH$}", "");
        for v in &self.variants {
            out.push_str(&format!("  {:>width$}", v.label));
        }
        out.push('\n');
        out.push_str(&format!("{:>EPOCH$}", "epoch"));
        for _ in &self.variants {
            out.push_str(&format!("  {:>width$}", "train / test"));
        }
        out.push('\n');
        for (epoch, cells) in self.epoch_rows() {
            out.push_str(&format!("{epoch:>EPOCH$}"));
            for e in cells {
                let cell = e.map_or_else(String::new, |e| {
                    let test = e.test_loss.map_or_else(|| "-".to_string(), loss_word);
                    format!("{} / {test}", loss_word(e.train_loss))
                });
                out.push_str(&format!("  {cell:>width$}"));
            }
            out.push('\n');
        }
        out
    }

    /// One summary line per variant, as `run` ends: `e5-digits-sigmoid activation=relu
    /// seed 1: 10 epochs (130 steps), train loss …` or `… diverged at step N …`.
    pub fn summaries(&self, name: &str) -> Vec<String> {
        self.variants
            .iter()
            .map(|v| {
                let last = v.history.epochs.last().filter(|e| e.epoch > 0).cloned();
                let who = format!("{name} {}={}", self.key, v.label);
                summary(&who, &Outcome::of(&v.run, last), None)
            })
            .collect()
    }
}

/// A table cell fits "2.3029 / 2.3167".
const TABLE_CELL: usize = 15;

/// A CSV cell, quoted when it holds a comma or a quote ("hidden=8,8").
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::network::presets;

    fn small(preset: &str) -> Config {
        let mut c = presets::find(preset).unwrap().config;
        c.epochs = 3;
        c
    }

    #[test]
    fn each_variant_trains_exactly_as_a_run_of_its_own_config() {
        let base = small("e5-digits-sigmoid");
        let mut cmp = Comparison::new(&base, "activation", &["sigmoid", "relu"]).unwrap();
        while !cmp.is_finished() {
            cmp.step_all();
        }
        for v in &cmp.variants {
            let mut c = base.clone();
            c.set("activation", &v.label).unwrap();
            let mut alone = Run::new(&c.validate().unwrap());
            let mut epochs = vec![alone.evaluate()];
            while !alone.is_finished() {
                epochs.extend(alone.step().epoch_end);
            }
            assert_eq!(v.history.epochs, epochs, "{}", v.label);
            assert_eq!(v.history.epochs[0].epoch, 0);
        }
    }

    #[test]
    fn labels_are_the_written_form_and_bad_values_are_named() {
        let base = small("e5-digits-sigmoid");
        let words = activations();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let cmp = Comparison::new(&base, "activation", &words).unwrap();
        let labels: Vec<_> = cmp.variants.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(
            labels,
            ["sigmoid", "tanh", "relu", "leaky-relu:0.2", "elu:1"]
        );
        let e = Comparison::new(&base, "activation", &["relu", "swish"])
            .err()
            .unwrap();
        assert_eq!(
            (e.field.as_str(), e.value.as_str()),
            ("activation", "swish")
        );
        let e = Comparison::new(&base, "activation", &["leaky-relu", "leaky-relu:0.2"])
            .err()
            .unwrap();
        assert!(e.to_string().contains("each value only once"), "{e}");
        assert!(Comparison::new(&base, "speed", &["1"]).is_err());
        assert!(Comparison::new(&base, "lr", &[]).is_err());
        assert!(Comparison::new(&base, "lr", &["-1"]).is_err());
    }

    #[test]
    fn a_diverged_variant_stops_and_the_others_go_on() {
        let mut base = presets::find("e1-clipnorm").unwrap().config;
        base.epochs = 3;
        let mut cmp = Comparison::new(&base, "clip", &["none", "norm:1"]).unwrap();
        let rounds = cmp.step_for(u32::MAX, || false);
        assert!(cmp.is_finished());
        let (none, norm) = (&cmp.variants[0], &cmp.variants[1]);
        let d = none.run.diverged().expect("no clipping diverges");
        assert_eq!(none.history.diverged.as_ref(), Some(d));
        assert_eq!(none.run.steps(), d.step, "no step after divergence");
        assert!(norm.run.diverged().is_none());
        assert_eq!(u64::from(rounds), norm.run.steps());
        // The CSV leaves the diverged variant's cells empty after it stopped.
        let csv = cmp.csv();
        let last = csv.lines().last().unwrap();
        assert!(last.starts_with("3,,"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 4, "epochs 0 to 3");
        let s = cmp.summaries("e1");
        assert!(
            s[0].starts_with("e1 clip=none seed 1: diverged at step "),
            "{s:?}"
        );
        assert!(s[1].starts_with("e1 clip=norm:1 seed 1: 3 epochs"), "{s:?}");
    }

    #[test]
    fn step_for_stops_when_out_of_time_and_steps_in_lockstep() {
        let base = small("e5-digits-sigmoid");
        let mut cmp = Comparison::new(&base, "activation", &["tanh", "elu"]).unwrap();
        let mut asked = 0;
        let n = cmp.step_for(100, || {
            asked += 1;
            asked == 7
        });
        assert_eq!(n, 7);
        assert!(cmp.variants.iter().all(|v| v.run.steps() == 7));
        assert_eq!(cmp.step_for(5, || false), 5);
        assert!(cmp.variants.iter().all(|v| v.run.steps() == 12));
    }

    #[test]
    fn csv_and_table_have_a_column_per_variant() {
        let base = small("e5-digits-sigmoid");
        let mut cmp = Comparison::new(&base, "hidden", &["8", "8,8"]).unwrap();
        cmp.step_for(u32::MAX, || false);
        let csv = cmp.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "epoch,train_loss_8,\"train_loss_8,8\",test_loss_8,\"test_loss_8,8\""
        );
        assert_eq!(lines.len(), 1 + 4);
        for (i, line) in lines[1..].iter().enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[0], i.to_string());
            assert!(cells[1..]
                .iter()
                .all(|c| c.parse::<f64>().is_ok_and(|v| v > 0.0)));
        }
        let table = cmp.table();
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows.len(), 2 + 4);
        assert!(rows[0].trim_start().starts_with('8') && rows[0].ends_with("8,8"));
        assert!(rows[5].starts_with("      3") && rows[5].contains(" / "));
    }
}
