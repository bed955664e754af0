//! `chart` and `compare`, run as a user would.

use super::*;

#[test]
fn chart_draws_a_panel_as_svg_to_a_file_or_stdout() {
    let path = scratch("gradients.svg");
    ok(&[
        "chart",
        "e2-deep-tanh",
        "--steps",
        "40",
        "--panel",
        "gradients",
        "--theme",
        "projector",
        "--size",
        "900x500",
        "--out",
        path.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.starts_with("<svg width=\"900\" height=\"500\""),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert!(svg.contains("Gradient flow"), "the panel's title is drawn");
    let loss = ok(&["chart", "e1-no-clip", "--panel", "loss", "--seed", "2"]);
    assert!(
        loss.contains("diverged at step"),
        "the divergence is marked on the loss chart"
    );
}

#[test]
fn chart_writes_the_weights_panel_and_its_csv() {
    let (svg, csv) = (scratch("weights.svg"), scratch("weights.csv"));
    ok(&[
        "chart",
        "e4-digits-sigmoid",
        "--steps",
        "20",
        "--set",
        "l1=0.001",
        "--panel",
        "weights",
        "--out",
        svg.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("Weights: distribution and norm per layer"));
    assert!(svg.contains("layer 1 · 64×75"));
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with("kind,layer,step,bin_low,bin_high,count,weight_norm\n"));
    assert!(csv.contains("\nhistogram,1,20,") && csv.contains("\nnorm,4,20,,,,"));
    let change = ok(&[
        "chart",
        "e4-digits-sigmoid",
        "--steps",
        "5",
        "--panel",
        "change",
    ]);
    assert!(change.contains("Weight change per layer"));
}

#[test]
fn chart_refuses_bad_options_with_one_line() {
    for args in [
        &["chart", "e2-deep-tanh", "--panel", "pie"][..],
        &["chart", "e2-deep-tanh", "--steps", "many"],
        &["chart", "e2-deep-tanh", "--theme", "neon"],
        &["chart", "e2-deep-tanh", "--size", "10x10"],
        &["chart", "e2-deep-tanh", "--format", "csv"],
        &["chart", "e2-deep-tanh", "--set", "lr=fast"],
        &["chart"],
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn compare_trains_each_activation_as_run_would_and_draws_them() {
    let path = scratch("compare.svg");
    let o = cli(&[
        "compare",
        "e5-digits-sigmoid",
        "--epochs",
        "2",
        "--format",
        "csv",
        "--svg",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let labels = ["sigmoid", "tanh", "relu", "leaky-relu:0.2", "elu:1"];
    assert_eq!(rows[0].len(), 1 + 2 * labels.len());
    assert_eq!(rows[0][1], "train_loss_sigmoid");
    assert_eq!(rows[0][10], "test_loss_elu:1");
    let epochs: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    assert_eq!(epochs, ["0", "1", "2"]);
    // Each column is what 'run' prints for that activation alone, digit for digit.
    for (i, label) in labels.iter().enumerate() {
        let alone = ok(&[
            "run",
            "e5-digits-sigmoid",
            "--epochs",
            "2",
            "--format",
            "csv",
            "--set",
            &format!("activation={label}"),
        ]);
        let alone: Vec<Vec<&str>> = alone
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(alone.len(), 2);
        for (row, line) in rows[2..].iter().zip(&alone) {
            // run's columns: epoch, step, train_loss, train_accuracy, test_loss, …
            assert_eq!((row[1 + i], row[6 + i]), (line[2], line[4]), "{label}");
        }
    }
    // One summary line per variant on stderr, as 'run' ends.
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 5, "{err}");
    assert!(err
        .lines()
        .nth(2)
        .unwrap()
        .starts_with("e5-digits-sigmoid activation=relu seed 1: 2 epochs (26 steps), train loss "));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("Loss by activation") && svg.contains("leaky-relu:0.2"));

    // --vary another setting; the table ends with the summaries.
    let table = ok(&[
        "compare",
        "e5-digits-relu",
        "--vary",
        "lr=0.01,0.001",
        "--epochs",
        "1",
    ]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2 + 2 + 2, "{table}");
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["0.01", "0.001"],
        "{table}"
    );
    assert!(lines[5].starts_with("e5-digits-relu lr=0.001 seed 1: 1 epoch"));
    let hidden = ok(&[
        "compare",
        "e5-digits-relu",
        "--vary",
        "hidden=8/8,8",
        "--epochs",
        "1",
        "--format",
        "csv",
    ]);
    assert!(
        hidden.starts_with("epoch,train_loss_8,\"train_loss_8,8\","),
        "{hidden}"
    );
}

#[test]
fn compare_refuses_bad_input_with_one_line() {
    for (args, needle) in [
        (
            &["compare", "e5-digits-relu", "--vary", "lr"][..],
            "--vary needs key=value",
        ),
        (
            &["compare", "e5-digits-relu", "--vary", "lr=0.1,"],
            "--vary needs",
        ),
        (
            &[
                "compare",
                "e5-digits-relu",
                "--vary",
                "activation=relu,swish",
            ],
            "activation: unknown activation 'swish'",
        ),
        (
            &["compare", "e5-digits-relu", "--vary", "lr=0.1,0.1"],
            "each value only once",
        ),
        (
            &["compare", "e5-digits-relu", "--vary", "speed=1,2"],
            "speed",
        ),
        (
            &["compare", "e5-digits-relu", "--format", "jsonl"],
            "table or csv",
        ),
        (&["compare", "e5-digits-relu", "--theme", "neon"], "--theme"),
        (&["compare", "e5-digits-relu", "--size", "10x10"], "--size"),
        (&["compare", "e5-digits-relu", "--layers"], "--layers"),
        (&["compare", "e5-digits-relu", "--log=yes"], "--log"),
        (&["compare", "e5-digits-relu", "--set", "lr=fast"], "lr:"),
        (&["compare"], "which preset"),
    ] {
        let o = cli(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    assert!(ok(&["help"]).contains("gradient-lab compare"));
}
