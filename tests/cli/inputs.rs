//! Input features, the data seed and the model panel's view switches, run as a user
//! would: the first layer follows `inputs`, bad words are one line naming the key.

use super::*;

#[test]
fn inputs_widen_the_first_layer_and_change_the_run() {
    let plain = ok(&[
        "run",
        "e2-shallow-tanh",
        "--epochs",
        "2",
        "--format",
        "jsonl",
        "--layers",
    ]);
    let features = ok(&[
        "run",
        "e2-shallow-tanh",
        "--epochs",
        "2",
        "--format",
        "jsonl",
        "--set",
        "inputs=x1,x2,x1sq,x2sq",
    ]);
    assert_ne!(plain, features);
    let config = ok(&["config", "e2-shallow-tanh", "--set", "inputs=x1sq,sin-x2"]);
    let v: serde_json::Value = serde_json::from_str(&config).unwrap();
    assert_eq!(v["inputs"], serde_json::json!(["x1sq", "sin-x2"]));
    assert_eq!(v["data_seed"], 0);
    // The raw columns named outright are the plain run, bit for bit.
    let named = ok(&[
        "run",
        "e2-shallow-tanh",
        "--epochs",
        "2",
        "--format",
        "jsonl",
        "--layers",
        "--set",
        "inputs=x1,x2",
    ]);
    assert_eq!(named, plain);
    let reseeded = ok(&[
        "run",
        "e2-shallow-tanh",
        "--epochs",
        "2",
        "--format",
        "jsonl",
        "--layers",
        "--set",
        "data_seed=1",
    ]);
    assert_eq!(reseeded, plain, "data_seed 1 is seed 1's data");
}

#[test]
fn bad_inputs_and_views_are_one_line_naming_the_key() {
    for (args, want) in [
        (
            &["run", "e4-digits-sigmoid", "--set", "inputs=x1sq"][..],
            "gradient-lab: inputs: input features need 2-D points; digits is not 2-D (got 'x1sq')",
        ),
        (
            &["run", "e2-shallow-tanh", "--set", "inputs=x1,x1"][..],
            "gradient-lab: inputs: x1 is listed twice (got 'x1,x1')",
        ),
        (
            &["chart", "e2-shallow-tanh", "--view", "discretize=maybe"][..],
            "gradient-lab: --view: discretize: discretize is on or off (got 'maybe')",
        ),
        (
            &["chart", "e2-shallow-tanh", "--view", "theme=projector"][..],
            "gradient-lab: --view: theme: must be test_points, discretize, yscale, gradient or diagram",
        ),
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).trim_end(), want, "{args:?}");
    }
}

#[test]
fn chart_view_switches_hide_the_test_points() {
    let args = [
        "chart",
        "e2-shallow-tanh",
        "--panel",
        "model",
        "--steps",
        "20",
    ];
    let shown = ok(&args);
    let hidden = ok(&[&args[..], &["--view", "test_points=off"]].concat());
    let flat = ok(&[&args[..], &["--view", "discretize=on"]].concat());
    let rings = |svg: &str| svg.matches("<circle").count();
    assert!(
        rings(&hidden) < rings(&shown),
        "{} vs {}",
        rings(&hidden),
        rings(&shown)
    );
    assert_ne!(flat, shown);
}
