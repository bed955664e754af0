//! `--lang`: the command line's tables, summaries and messages in Ukrainian and
//! Russian, with the decimal comma, while CSV and JSON Lines never change.

use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradient-lab"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// `run e2-shallow-tanh --epochs 2` in `lang`: the lines of standard output.
fn run_in(lang: &str, extra: &[&str]) -> Output {
    let mut args = vec!["--lang", lang, "run", "e2-shallow-tanh", "--epochs", "2"];
    args.extend_from_slice(extra);
    cli(&args)
}

/// Whether `s` writes a number with a decimal point (`0.7010`).
fn has_decimal_point(s: &str) -> bool {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|i| b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

fn has_decimal_comma(s: &str) -> bool {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

#[test]
fn ukrainian_table_and_summary_with_decimal_commas() {
    let o = run_in("uk", &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for word in ["епоха", "крок", "втрати навч.", "точн. тест"] {
        assert!(lines[0].contains(word), "{}", lines[0]);
    }
    for row in &lines[1..3] {
        assert!(has_decimal_comma(row) && !has_decimal_point(row), "{row}");
    }
    let summary = lines[3];
    assert!(
        summary.starts_with("e2-shallow-tanh, зерно 1: 2 епохи (32 кроки), навч.: втрати 0,"),
        "{summary}"
    );
    assert!(summary.contains("тест: втрати") && summary.contains("точність 0,"));
    assert!(
        summary.ends_with(" с") && !has_decimal_point(summary),
        "{summary}"
    );
}

#[test]
fn russian_table_and_summary_with_decimal_commas() {
    let o = run_in("ru", &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for word in ["эпоха", "шаг", "потери обуч.", "точн. тест"] {
        assert!(lines[0].contains(word), "{}", lines[0]);
    }
    for row in &lines[1..3] {
        assert!(has_decimal_comma(row) && !has_decimal_point(row), "{row}");
    }
    let summary = lines[3];
    assert!(
        summary.starts_with("e2-shallow-tanh, зерно 1: 2 эпохи (32 шага), обуч.: потери 0,"),
        "{summary}"
    );
    assert!(summary.contains("точность 0,") && !has_decimal_point(summary));
}

#[test]
fn english_is_the_default_and_unchanged() {
    let (default, en) = (
        cli(&["run", "e2-shallow-tanh", "--epochs", "2"]),
        run_in("en", &[]),
    );
    let out = text(&en.stdout);
    assert!(out.starts_with("  epoch      step   train loss  train acc    test loss   test acc\n"));
    assert!(out.contains("e2-shallow-tanh seed 1: 2 epochs (32 steps), train loss 0."));
    // The same but for the seconds the runs took.
    let without_time = |s: &str| s.rsplit_once(", ").map(|(a, _)| a.to_string());
    assert_eq!(
        without_time(&text(&default.stdout)),
        without_time(&out),
        "--lang en is the default"
    );
}

#[test]
fn csv_and_json_lines_are_the_same_in_every_language() {
    for format in ["csv", "jsonl"] {
        let outs: Vec<Output> = ["en", "uk", "ru"]
            .iter()
            .map(|l| run_in(l, &["--format", format, "--layers", "--changes"]))
            .collect();
        for o in &outs {
            assert!(o.status.success(), "{}", text(&o.stderr));
        }
        assert_eq!(outs[0].stdout, outs[1].stdout, "{format}: uk");
        assert_eq!(outs[0].stdout, outs[2].stdout, "{format}: ru");
        // The summary on standard error is the one that speaks the language.
        assert!(text(&outs[1].stderr).contains("2 епохи"));
        assert!(text(&outs[2].stderr).contains("2 эпохи"));
    }
    // A diverged run's JSON Lines message too, and the cliff's and the rnn's CSV.
    let same = |args: &[&str]| {
        let en = cli(args);
        for lang in ["uk", "ru"] {
            let mut with = vec!["--lang", lang];
            with.extend_from_slice(args);
            assert_eq!(cli(&with).stdout, en.stdout, "{lang}: {args:?}");
        }
    };
    same(&["run", "e1-no-clip", "--format", "jsonl"]);
    same(&["cliff", "--format", "csv"]);
    same(&["rnn", "--format", "csv", "--set", "steps=3"]);
    same(&["compare", "e5-relu", "--epochs", "1", "--format", "csv"]);
    same(&["race", "--format", "csv"]);
}

#[test]
fn an_unknown_language_is_bad_input_in_one_line() {
    for args in [
        &["--lang", "xx", "run", "e2-shallow-tanh"][..],
        &["run", "e2-shallow-tanh", "--lang=de"],
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("gradient-lab: --lang is en, uk or ru (got '"),
            "{err}"
        );
    }
}

#[test]
fn messages_follow_the_language_and_keep_what_was_typed() {
    let o = cli(&["--lang", "uk", "run", "nope-0.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        "gradient-lab: невідомий експеримент 'nope-0.5' (спробуйте 'gradient-lab presets')\n"
    );
    // Even clap's errors and the value parsers', --lang given after the command.
    let o = cli(&["run", "e2-shallow-tanh", "--format", "xml", "--lang", "ru"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        "gradient-lab: --format: допустимо table, csv или jsonl (получено 'xml')\n"
    );
    let o = cli(&["--lang", "ru", "run", "e2-shallow-tanh", "--bogus"]);
    assert!(text(&o.stderr).starts_with("gradient-lab: неизвестный параметр '--bogus'"));
}

#[test]
fn a_divergence_and_the_other_scenes_speak_it_too() {
    let o = cli(&["--lang", "uk", "run", "e1-no-clip"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("e1-no-clip, зерно 1: розбіжність на кроці "),
        "{last}"
    );
    let cliff = text(&cli(&["--lang", "ru", "cliff"]).stdout);
    assert!(cliff.lines().next().unwrap().contains("обрезано"));
    assert!(cliff
        .lines()
        .last()
        .unwrap()
        .starts_with("обрыв T=10 из точки (6; -3), lr 2, порог 0,1:"));
    let rnn = text(&cli(&["--lang", "uk", "rnn", "--set", "steps=3"]).stdout);
    assert!(rnn.lines().last().unwrap().contains("за 3 кроки"), "{rnn}");
    let race = text(&cli(&["--lang", "uk", "race"]).stdout);
    assert!(race.starts_with("перегони на поверхні saddle з точки (1; 0,001), 300 кроків"));
    let presets = text(&cli(&["--lang", "ru", "presets"]).stdout);
    assert!(presets.contains("\nОбрыв (E7): gradient-lab cliff (или run e7-cliff)\n"));
}

#[test]
fn the_help_documents_lang() {
    let help = text(&cli(&["--help"]).stdout);
    assert!(help.contains("--lang <en|uk|ru>"), "{help}");
}

#[test]
fn lang_before_the_command_leaves_the_command_first() {
    // run hands a recurrent preset to rnn however --lang was given.
    let o = cli(&["--lang", "uk", "run", "e6-lstm", "--set", "steps=2"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout)
        .lines()
        .last()
        .unwrap()
        .starts_with("rnn e6-lstm: lstm на adding"));
    // An unknown option names its command, as without --lang.
    let o = cli(&["--lang", "uk", "cliff", "--bogus"]);
    assert_eq!(
        text(&o.stderr),
        "gradient-lab: невідомий параметр '--bogus' команди 'cliff' (спробуйте 'gradient-lab help')\n"
    );
}
