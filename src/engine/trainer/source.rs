//! Where a run's rows come from: generated from the config, or a file's rows handed
//! to the trainer (data=file), checked against the shape the config says and then
//! shuffled with the run's "data" stream, so the train/test split is fair and the
//! same seed gives the same run.

use crate::engine::config::{Checked, ConfigError};
use crate::engine::data::{self, file, DataKind, Dataset};
use crate::engine::rng::Rng;

/// What a data=file run says when it has no rows.
pub const NO_ROWS: &str =
    "no rows loaded: give a CSV file (--data-file, or paste, drop or pick one under Data)";

/// The run's rows, in the order the split takes them. `rows` is used only for
/// data=file, and needed there.
pub fn dataset(config: &Checked, rows: Option<&Dataset>) -> Result<Dataset, ConfigError> {
    let mut rng = Rng::stream(config.data_seed(), "data");
    if config.data != DataKind::File {
        return Ok(data::generate(&config.data_spec(), &mut rng));
    }
    let rows =
        rows.ok_or_else(|| ConfigError::new("data", DataKind::File, crate::t!("engine.no-rows")))?;
    let (features, classes, samples) = file::shape(rows);
    for (key, wanted, has) in [
        ("features", config.features, features),
        ("classes", config.classes, classes),
        ("samples", config.samples, samples),
    ] {
        if wanted != has {
            return Err(ConfigError::new(
                key,
                wanted,
                crate::t!("engine.file.rows-have", key = key, has = has),
            ));
        }
    }
    Ok(data::shuffle_rows(rows, &mut rng))
}
