//! `cliff` and `rnn`, run as a user would.

use super::*;

#[test]
fn cliff_prints_both_descents_and_writes_the_surface() {
    let csv = ok(&["cliff", "--format", "csv", "--set", "steps=50"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("step,w,b,loss,grad_norm,clipped_w"));
    assert_eq!(lines.len(), 52, "a header and steps 0..=50");
    // Both runs start at the preset's start point.
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        (first[1], first[2], first[5], first[6]),
        ("6", "-3", "6", "-3")
    );
    let path = scratch("cliff-surface.csv");
    ok(&[
        "cliff",
        "--set",
        "grid=21",
        "--set",
        "steps=3",
        "--surface",
        path.to_str().unwrap(),
    ]);
    let surface = std::fs::read_to_string(&path).unwrap();
    assert_eq!(surface.lines().count(), 1 + 21 * 21);
    let table = ok(&["cliff", "--set", "steps=5"]);
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("cliff T=10 from (6, -3)"),
        "{table}"
    );
}

#[test]
fn cliff_refuses_bad_settings_with_one_line() {
    for args in [
        &["cliff", "--set", "t=0"][..],
        &["cliff", "--set", "lr=fast"],
        &["cliff", "--set", "height=3"],
        &["cliff", "--format", "xml"],
        &["cliff", "--frobnicate"],
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).trim().lines().count(), 1, "{args:?}");
    }
}

#[test]
fn rnn_prints_the_gradient_at_every_time_step() {
    let csv = ok(&[
        "rnn", "--format", "csv", "--set", "t=12", "--set", "steps=5", "--set", "hidden=4",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6, "a header and 5 steps: {csv}");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        &header[..6],
        &[
            "step",
            "loss",
            "grad_norm",
            "clipped",
            "non_finite",
            "spectral_radius"
        ]
    );
    assert_eq!(lines[0], rnn_report::header(12), "the page's header");
    let dh: Vec<&&str> = header.iter().filter(|h| h.starts_with("dh_")).collect();
    assert_eq!(dh.len(), 12);
    assert_eq!((*dh[0], *dh[11]), ("dh_1", "dh_12"));
    for line in &lines[1..] {
        assert_eq!(line.split(',').count(), header.len());
    }
    // --every keeps the first, every Nth and the last step.
    let every = ok(&[
        "rnn", "--format", "csv", "--set", "t=6", "--set", "steps=7", "--every", "3",
    ]);
    let steps: Vec<&str> = every
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(steps, vec!["1", "3", "6", "7"]);
    // The table ends with the summary; jsonl lines parse.
    let table = ok(&["rnn", "e6-lstm", "--set", "steps=3"]);
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("rnn e6-lstm: lstm"),
        "{table}"
    );
    let jsonl = ok(&["rnn", "e6-gru", "--format", "jsonl", "--set", "steps=2"]);
    let rows = json_lines(&jsonl);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["dh_norms"].as_array().unwrap().len(), 50);
    // The same command gives the same output.
    assert_eq!(
        csv,
        ok(&["rnn", "--format", "csv", "--set", "t=12", "--set", "steps=5", "--set", "hidden=4",])
    );
}

#[test]
fn rnn_lists_its_presets() {
    let list = ok(&["rnn", "--list"]);
    for name in [
        "e6-vanishing",
        "e6-exploding",
        "e6-exploding-clipped",
        "e6-lstm",
        "e6-gru",
    ] {
        assert!(list.lines().any(|l| l.starts_with(name)), "{name}: {list}");
    }
    assert_eq!(ok(&["rnn", "presets"]), list);
    assert!(ok(&["help"]).contains("gradient-lab rnn"));
}

#[test]
fn rnn_refuses_bad_input_with_one_line() {
    for args in [
        &["rnn", "--set", "t=1"][..],
        &["rnn", "--set", "lr=fast"],
        &["rnn", "--set", "cell=transformer"],
        &["rnn", "--set", "depth=3"],
        &["rnn", "--set", "clip"],
        &["rnn", "e6-nope"],
        &["rnn", "--format", "xml"],
        &["rnn", "--every", "0"],
        &["rnn", "--frobnicate"],
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).trim().lines().count(), 1, "{args:?}");
    }
    let o = cli(&["rnn", "--set", "hidden=0"]);
    assert!(stderr(&o).contains("hidden"), "{}", stderr(&o));
    let o = cli(&["rnn", "e6-nope"]);
    assert!(stderr(&o).contains("e6-nope"), "{}", stderr(&o));
}
