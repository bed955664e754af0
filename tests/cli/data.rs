//! `--data-file`: training on your own CSV file, and its errors.

use super::*;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_data_file_trains_the_same_run_twice_and_the_loss_falls() {
    let disc = data("good/disc.csv");
    let args = [
        "run",
        "--data-file",
        &disc,
        "--epochs",
        "40",
        "--set",
        "hidden=8",
        "--set",
        "lr=0.1",
        "--format",
        "jsonl",
    ];
    let out = ok(&args);
    assert_eq!(out, ok(&args), "the same file and seed give the same run");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 40);
    let loss = |l: &serde_json::Value| l["train_loss"].as_f64().unwrap();
    assert!(loss(&lines[39]) < 0.8 * loss(&lines[0]), "{out}");
    // The page's settings: data=file, the file's shape, half the rows to train on.
    let config = Config::from_json(&ok(&["config", "--data-file", &disc])).unwrap();
    assert_eq!(config.data, gradient_lab::engine::data::DataKind::File);
    assert_eq!(
        (config.features, config.classes, config.samples),
        (2, 2, 200)
    );
    // A preset's settings on the file; the semicolon file is regression.
    let wave = data("good/wave-semicolon.csv");
    let table = ok(&[
        "run",
        "e2-shallow-tanh",
        "--data-file",
        &wave,
        "--epochs",
        "2",
    ]);
    assert!(table.contains("e2-shallow-tanh"), "{table}");
    let json = ok(&["config", "e2-shallow-tanh", "--data-file", &wave]);
    assert!(json.contains("\"classes\": 0"), "{json}");
}

#[test]
fn chart_and_compare_take_a_data_file() {
    let disc = data("good/disc.csv");
    let svg = ok(&[
        "chart",
        "--data-file",
        &disc,
        "--panel",
        "model",
        "--steps",
        "20",
    ]);
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    let csv = ok(&[
        "compare",
        "--data-file",
        &disc,
        "--epochs",
        "2",
        "--vary",
        "lr=0.01,0.1",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("epoch,train_loss_0.01"), "{csv}");
}

#[test]
fn a_bad_data_file_is_one_line_naming_the_file_line_and_column() {
    let bad = data("bad/bad-number.csv");
    let disc = data("good/disc.csv");
    let missing = data("no-such-file.csv");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["run", "--data-file", &bad],
            format!("{bad}: line 3, column 2: 'abc' is not a number"),
        ),
        (
            vec!["chart", "e2-shallow-tanh", "--data-file", &bad],
            format!("{bad}: line 3"),
        ),
        (
            vec!["compare", "--data-file", &bad],
            format!("{bad}: line 3"),
        ),
        (vec!["run", "--data-file", &missing], "cannot read".into()),
        (
            vec!["run", "--data-file", &disc, "--set", "samples=100"],
            "samples: the file's rows have samples=200".into(),
        ),
        (
            vec!["run", "--data-file", &disc, "--set", "classes=11"],
            "classes: must be 0 (regression) or 2 to 10".into(),
        ),
        (
            vec!["run", "e2-shallow-tanh", "--set", "data=file"],
            "no rows loaded".into(),
        ),
        (
            vec!["chart", "e2-shallow-tanh", "--set", "data=file"],
            "no rows loaded".into(),
        ),
    ];
    for (args, needle) in cases {
        let o = cli(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(&needle),
            "{args:?}: expected '{needle}' in {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
