//! One CSV writer per figure: the page's CSV of a recurrent run and of the cliff, as
//! the page's scenes write it, is what the command line prints.

use gradient_lab::charts::Options;
use gradient_lab::scenes::cliff::CliffSetup;
use gradient_lab::scenes::recurrent::RnnSetup;
use gradient_lab::scenes::{Scene, SceneSetup};

use super::ok;

/// A scene as the page runs it, trained to its end.
fn played(setup: &dyn SceneSetup) -> Box<dyn Scene> {
    let mut scene = setup.start();
    while !scene.is_finished() {
        scene.advance(1000, &mut |_| false);
    }
    scene
}

#[test]
fn the_page_and_the_command_line_write_one_csv_per_figure() {
    // E6: a run too short to thin, so the page keeps every step; one finite, one that
    // goes non-finite.
    for sets in [&[][..], &["--set", "lr=10", "--set", "steps=40"]] {
        let mut setup = RnnSetup::of_preset("e6-exploding").unwrap();
        for kv in sets.iter().filter(|s| s.contains('=')) {
            let (k, v) = kv.split_once('=').unwrap();
            setup.set(k, v).unwrap();
        }
        let page = played(&setup).csv("through-time", &Options::default());
        let cli = ok(&[&["rnn", "e6-exploding", "--format", "csv"][..], sets].concat());
        assert_eq!(page.unwrap(), cli, "{sets:?}");
        let last: Vec<&str> = cli.lines().last().unwrap().split(',').collect();
        let non_finite = if sets.is_empty() { "0" } else { "1" };
        assert_eq!(last[4], non_finite, "{sets:?}: the last step's non_finite");
    }
    // E7: both walks, every step.
    let page = played(&CliffSetup::default()).csv("cliff", &Options::default());
    assert_eq!(page.unwrap(), ok(&["cliff", "--format", "csv"]));
}
