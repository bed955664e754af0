//! "Your own data": every malformed file in tests/data/bad/ fails with its line and
//! column and leaves the page's session as it was; a file trains the same run twice
//! and learns; a link with data=file and no file opens with a note.

use std::path::PathBuf;

use gradient_lab::app::link::Link;
use gradient_lab::app::session::{Applied, Session};
use gradient_lab::engine::config::Config;
use gradient_lab::engine::data::file::{self, MAX_BYTES, MAX_ROWS};
use gradient_lab::engine::data::{DataKind, Dataset, Task};
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::Run;
use gradient_lab::scenes::network::NetworkScene;

/// Each file of tests/data/bad/ and a fragment of the message it must give.
const BAD: &[(&str, &str)] = &[
    ("bad-number.csv", "line 3, column 2: 'abc' is not a number"),
    ("ragged-short.csv", "line 4: 2 fields, the header has 3"),
    (
        "ragged-long-no-header.csv",
        "line 3: 4 fields, line 1 has 3",
    ),
    (
        "too-many-classes.csv",
        "too many classes: 14 distinct labels (at most 10); name the last column y for regression",
    ),
    ("empty.csv", "the file is empty"),
    ("only-comments.csv", "the file is empty"),
    ("only-header.csv", "only a header (line 1): no rows of data"),
    ("nan.csv", "line 3, column 1: 'NaN' is not a finite number"),
    ("inf.csv", "line 1, column 2: 'inf' is not a finite number"),
    (
        "overflow.csv",
        "line 4, column 2: '1e400' is not a finite number",
    ),
    ("one-class.csv", "only one class: every label is '1'"),
    (
        "too-many-columns.csv",
        "line 1: 69 input columns; at most 64",
    ),
    ("too-few-rows.csv", "3 rows of data; at least 4"),
    (
        "nul-bytes.csv",
        "line 2: the file holds binary data (a NUL byte)",
    ),
    (
        "bom-bad-number.csv",
        "line 3, column 1: 'x' is not a number",
    ),
    ("empty-field.csv", "line 3, column 2: an empty field"),
    (
        "one-column.csv",
        "line 1: one field; a row needs at least one input",
    ),
    ("empty-label.csv", "line 4, column 3: an empty field"),
    (
        "regression-word.csv",
        "line 3, column 3: 'high' is not a number",
    ),
    (
        "semicolon-bad-number.csv",
        "line 3, column 1: '1,2,3' is not a number",
    ),
    ("tab-ragged.tsv", "line 3: 2 fields, the header has 3"),
    (
        "crlf-bad-number.csv",
        "line 5, column 2: 'x' is not a number",
    ),
    (
        "comments-count-lines.csv",
        "line 8, column 2: 'six' is not a number",
    ),
    (
        "word-labels-too-many.csv",
        "too many classes: 12 distinct labels",
    ),
    (
        "quoted-word-input.csv",
        "line 3, column 2: 'four' is not a number",
    ),
    (
        "binary-junk.bin",
        "line 3: the file is not UTF-8 text (byte 19 of the file)",
    ),
];

fn data_dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(sub)
}

fn bytes(sub: &str, name: &str) -> Vec<u8> {
    std::fs::read(data_dir(sub).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The files too big to commit, made here: (name, text, fragment).
fn generated() -> Vec<(&'static str, String, String)> {
    let row = "0.123456,0.654321,1\n";
    let huge = row.repeat(3 * 1024 * 1024 / row.len() + 2_000);
    assert!(huge.len() > 3 * 1024 * 1024 && huge.len() < MAX_BYTES * 2);
    let tall: String = (0..=MAX_ROWS).map(|i| format!("{i},{}\n", i % 2)).collect();
    vec![
        (
            "huge",
            huge,
            "the file is 3.1 MiB; at most 2 MiB".to_string(),
        ),
        (
            "too many rows",
            tall,
            format!("too many rows: line 10001 holds row 10001; at most {MAX_ROWS}"),
        ),
    ]
}

#[test]
fn every_bad_file_is_in_the_table_and_fails_naming_where() {
    let mut on_disk: Vec<String> = std::fs::read_dir(data_dir("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BAD.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/data/bad/ and the table differ");
    assert!(BAD.len() >= 20);
    for (name, fragment) in BAD {
        let e = file::parse_bytes(&bytes("bad", name))
            .expect_err(name)
            .to_string();
        assert!(e.contains(fragment), "{name}: got '{e}', want '{fragment}'");
    }
    for (name, text, fragment) in generated() {
        let e = file::parse(&text).expect_err(name).to_string();
        assert!(
            e.contains(&fragment),
            "{name}: got '{e}', want '{fragment}'"
        );
    }
}

/// A session on custom settings that has trained on the good file for a few steps.
fn session_on_good_file() -> (Session, String) {
    let (link, notes) = Link::parse("preset=custom");
    assert!(notes.is_empty());
    let mut s = Session::new(link);
    let good = String::from_utf8(bytes("good", "disc.csv")).unwrap();
    assert_eq!(s.load_data(&good), Ok(Applied::Restarted));
    s.advance(5, |_| false);
    (s, good)
}

#[test]
fn after_each_bad_file_the_session_keeps_its_data_and_its_run() {
    let (mut s, good) = session_on_good_file();
    let kept = s.data().cloned().unwrap();
    let link = s.link().format();
    let status = s.status();
    let texts = BAD
        .iter()
        .map(|(name, f)| {
            let text = String::from_utf8_lossy(&bytes("bad", name)).into_owned();
            (name.to_string(), text, f.to_string())
        })
        .chain(
            generated()
                .into_iter()
                .map(|(n, t, f)| (n.to_string(), t, f)),
        );
    for (name, text, fragment) in texts {
        let e = s.load_data(&text).expect_err(&name);
        assert!(
            e.contains("line") || e.contains("file") || e.contains("classes"),
            "{name}: {e}"
        );
        // Through the page the junk is decoded first, so its message is another one.
        if name != "binary-junk.bin" {
            assert!(e.contains(&fragment), "{name}: got '{e}'");
        }
        assert_eq!(s.data(), Some(&kept), "{name}");
        assert_eq!(s.link().format(), link, "{name}");
        assert_eq!(s.status(), status, "{name}");
    }
    assert_eq!(file::to_csv(&kept), s.data_csv().unwrap());
    assert_eq!(file::parse(&good).unwrap(), kept);
}

#[test]
fn a_good_file_switches_the_run_to_data_file_with_its_shape() {
    let (s, _) = session_on_good_file();
    let scene = s.scene().get::<NetworkScene>().unwrap();
    let c = scene.config();
    assert_eq!(c.data, DataKind::File);
    assert_eq!((c.features, c.classes, c.samples), (2, 2, 200));
    let link = s.link().format();
    assert!(link.contains("data=file"), "{link}");
    assert_eq!(scene.history.step(), 5);
}

#[test]
fn a_file_that_does_not_fit_the_settings_changes_nothing() {
    let (mut s, _) = session_on_good_file();
    let before = s.link().format();
    // Binary cross-entropy set by hand cannot take three classes.
    s.apply("loss", "binary-cross-entropy").unwrap();
    let before_loss = s.link().format();
    assert_ne!(before, before_loss);
    let e = s
        .load_data("1,2,0\n3,4,1\n5,6,2\n7,8,0\n")
        .expect_err("three classes, bce");
    assert!(e.contains("loss"), "{e}");
    assert_eq!(s.link().format(), before_loss);
    // While data=file, the file's shape cannot be changed by hand.
    let e = s.apply("samples", "300").expect_err("samples");
    assert!(e.contains("the file's (200)"), "{e}");
}

#[test]
fn a_link_with_data_file_and_no_file_opens_with_a_note() {
    let (link, notes) = Link::parse("preset=custom&data=file&features=2&samples=200");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("needs a CSV file"), "{notes:?}");
    assert!(
        notes[0].contains("a link does not carry the data"),
        "{notes:?}"
    );
    let mut s = Session::new(link);
    assert_ne!(
        s.scene().get::<NetworkScene>().unwrap().config().data,
        DataKind::File
    );
    s.advance(3, |_| false);
    assert_eq!(s.scene().step(), 3);
    // Picking data=file by hand says the same, and the run goes on.
    assert!(s
        .apply("data", "file")
        .unwrap_err()
        .contains("needs a CSV file"));
}

#[test]
fn a_preset_picked_after_a_file_can_go_back_to_the_file() {
    let (mut s, _) = session_on_good_file();
    s.load_preset("e2-shallow-tanh").unwrap();
    assert_eq!(
        s.scene().get::<NetworkScene>().unwrap().config().data,
        DataKind::TwoCircles
    );
    s.apply("data", "file").unwrap();
    let c = s.scene().get::<NetworkScene>().unwrap().config().clone();
    assert_eq!((c.data, c.samples, c.classes), (DataKind::File, 200, 2));
}

#[test]
fn the_cliff_gives_way_to_a_network_on_the_file() {
    let (link, _) = Link::parse("preset=e7-cliff");
    let mut s = Session::new(link);
    assert!(s.scene().get::<NetworkScene>().is_none());
    s.load_data("x,y\n1,0.5\n2,1\n3,1.5\n4,2\n").unwrap();
    let c = s.scene().get::<NetworkScene>().unwrap().config().clone();
    assert_eq!((c.data, c.classes, c.features), (DataKind::File, 0, 1));
}

fn file_config(rows: &Dataset) -> Config {
    let (features, classes, samples) = file::shape(rows);
    Config {
        data: DataKind::File,
        features,
        classes,
        samples,
        hidden: vec![8],
        epochs: 30,
        lr: 0.1,
        ..Config::default()
    }
}

/// Every epoch's train loss.
fn losses(run: &mut Run) -> Vec<f64> {
    let mut out = Vec::new();
    while !run.is_finished() {
        if let Some(e) = run.step().epoch_end {
            out.push(e.train_loss);
        }
    }
    out
}

#[test]
fn training_on_a_file_gives_the_same_run_twice_and_learns() {
    for name in ["disc.csv", "wave-semicolon.csv"] {
        let rows = file::parse_bytes(&bytes("good", name)).unwrap();
        let config = file_config(&rows).validate().unwrap();
        let a = losses(&mut Run::with_data(&config, Some(&rows)).unwrap());
        let b = losses(&mut Run::with_data(&config, Some(&rows)).unwrap());
        assert_eq!(a, b, "{name}");
        assert!(
            a.last().unwrap() < &(0.7 * a[0]),
            "{name}: the loss fell only from {} to {}",
            a[0],
            a.last().unwrap()
        );
        // Another seed shuffles the rows, and so the split, differently.
        let other = Config {
            seed: 2,
            ..(*config).clone()
        };
        let c = losses(&mut Run::with_data(&other.validate().unwrap(), Some(&rows)).unwrap());
        assert_ne!(a, c, "{name}");
    }
}

#[test]
fn a_file_run_without_rows_or_with_other_rows_is_an_error() {
    let rows = file::parse_bytes(&bytes("good", "disc.csv")).unwrap();
    assert_eq!(rows.task, Task::Binary);
    let config = file_config(&rows).validate().unwrap();
    let e = Run::with_data(&config, None).err().unwrap();
    assert!(e.to_string().contains("no rows loaded"), "{e}");
    let fewer = file::parse("1,2,0\n3,4,1\n5,6,0\n7,8,1\n").unwrap();
    let e = Run::with_data(&config, Some(&fewer)).err().unwrap();
    assert_eq!(e.field, "samples");
    // Generated data ignores rows handed over.
    let plain = Config::default().validate().unwrap();
    let mut with = Run::with_data(&plain, Some(&rows)).unwrap();
    let mut without = Run::new(&plain);
    assert_eq!(with.step(), without.step());
}
