//! What each race figure says: where laps stopped, which runner is which,
//! the loss's axis, the step sizes' coordinates, the scoreboard's columns,
//! and the steps clipping cut.

use super::tests::{half_way, hex, light, race, svg, Fig, FIGS};
use super::*;
use crate::charts::axis::test_support::texts;
use crate::charts::ThemeKind;
use crate::engine::optim::OptimizerKind;
use crate::engine::words::Vocabulary;
use crate::scenes::race::laps::Stop;
use crate::scenes::race::surface::SurfaceKind;

#[test]
fn a_stopped_lap_says_where_in_the_legend_the_plot_and_the_score() {
    // Six of the saddle's seven runners leave through the top.
    let r = race(SurfaceKind::Saddle, &[], usize::MAX);
    let (k, _) = r
        .race
        .lap(crate::engine::optim::OptimizerKind::Momentum)
        .and_then(|l| l.stopped)
        .expect("momentum leaves");
    let words = format!("left the plot at step {k}");
    // With the legend beside the plot, under momentum's entry; where the
    // legend is in the header, beside the mark on the plot.
    let wide = texts(&svg(Fig::Plane, &r, &light(), (1280, 720)));
    assert!(wide.contains(&words), "{wide:?}");
    let small = texts(&svg(
        Fig::Plane,
        &r,
        &Theme::new(ThemeKind::Projector, 1.0),
        (520, 400),
    ));
    let short = runners::stop_short((k, Stop::LeftWindow));
    let near_mark = format!("momentum: {words}");
    assert!(
        [&words, &short, &near_mark]
            .iter()
            .any(|w| small.contains(w)),
        "{small:?}"
    );
    assert!(texts(&svg(Fig::Score, &r, &light(), (1280, 720))).contains(&words));
    // Not before it happens.
    let before = race(SurfaceKind::Saddle, &[], k - 1);
    for fig in [Fig::Plane, Fig::Score] {
        let t = texts(&svg(fig, &before, &light(), (1280, 720)));
        assert!(!t.iter().any(|t| t.contains(&words)), "{fig:?}: {t:?}");
    }
    // A lap that goes non-finite: SGD at lr 100 from Beale's corner.
    let r = race(
        SurfaceKind::Beale,
        &[("start", "4,4"), ("optimizers", "sgd:100,adam:0.01")],
        usize::MAX,
    );
    let (k, why) = r.race.laps[0].stopped.expect("sgd stops");
    let words = runners::stop_words((k, why));
    for fig in [Fig::Plane, Fig::Score] {
        let t = texts(&svg(fig, &r, &light(), (800, 600)));
        assert!(
            t.iter().any(|t| t.contains(&words)),
            "{fig:?} {words}: {t:?}"
        );
    }
}

#[test]
fn each_runner_keeps_its_colour_and_marker_when_others_are_off() {
    use crate::charts::theme::OKABE_ITO;
    let all = race(SurfaceKind::Himmelblau, &[], 100);
    let adam = race(SurfaceKind::Himmelblau, &[("optimizers", "adam:0.05")], 100);
    for fig in FIGS {
        let (a, b) = (
            svg(fig, &all, &light(), (800, 600)),
            svg(fig, &adam, &light(), (800, 600)),
        );
        for c in OKABE_ITO {
            assert!(a.contains(&hex(c)), "{fig:?}: {c:?}");
        }
        // Adam is yellow alone as among seven; blue (SGD's) is gone.
        assert!(b.contains(&hex(OKABE_ITO[6])), "{fig:?}");
        assert!(!b.contains(&hex(OKABE_ITO[0])), "{fig:?}");
    }
    let shapes: Vec<_> = OptimizerKind::values()
        .into_iter()
        .map(runners::shape)
        .collect();
    for (i, s) in shapes.iter().enumerate() {
        assert!(!shapes[..i].contains(s), "{s:?} twice");
    }
}

#[test]
fn the_loss_is_on_a_log_axis_where_there_is_a_minimum_and_linear_on_the_saddle() {
    use crate::charts::axis::test_support::power_labels;
    for kind in SurfaceKind::values() {
        let r = half_way(kind);
        let out = svg(Fig::Loss, &r, &light(), (800, 600));
        let t = texts(&out);
        let cursor = format!("step {}", r.shown);
        assert!(t.contains(&cursor), "{kind}: {t:?}");
        if kind == SurfaceKind::Saddle {
            assert!(t.iter().any(|t| t == LOSS_TITLE_LINEAR), "{t:?}");
            assert!(t.iter().any(|t| t.starts_with("no minimum")), "{t:?}");
            assert!(power_labels(&out).is_empty(), "{t:?}");
        } else {
            assert!(t.iter().any(|t| t == LOSS_TITLE), "{kind}: {t:?}");
            assert!(power_labels(&out).len() >= 3, "{kind}: {t:?}");
        }
    }
}

#[test]
fn the_step_sizes_say_which_line_is_which_coordinate() {
    let r = half_way(SurfaceKind::Rosenbrock);
    let t = texts(&svg(Fig::Rates, &r, &light(), (1280, 720)));
    for want in [RATES_TITLE, "x", "y", "SGD", "AdaGrad", "Adam"] {
        assert!(t.iter().any(|t| t == want), "{want}: {t:?}");
    }
    // SGD's step size is its learning rate: a flat line at lr.
    let sgd = &r.race.laps[0];
    let lr = sgd.entrant.lr;
    assert!(sgd
        .steps
        .iter()
        .filter_map(|s| s.rate[0])
        .all(|v| (v / lr - 1.0).abs() < 1e-3));
}

#[test]
fn the_scoreboard_names_the_nearest_minimum_and_when_it_was_reached() {
    let r = race(SurfaceKind::Himmelblau, &[], 250);
    let t = texts(&svg(Fig::Score, &r, &light(), (1280, 720)));
    for want in [
        "Scoreboard at step 250 of 500",
        "optimizer",
        "lr",
        "reached",
        "nearest minimum",
        "f now",
        "longest step",
        "stopped",
        "(3, 2)",
    ] {
        assert!(t.iter().any(|t| t == want), "{want}: {t:?}");
    }
    for lap in &r.race.laps {
        match lap.reached.filter(|&k| k <= 250) {
            Some(k) => assert!(t.contains(&format!("step {k}")), "{k}: {t:?}"),
            None => assert!(t.iter().any(|t| t == "—")),
        }
    }
    // Started by the minimum at (−2.81, 3.13), a runner is nearest it.
    let r = race(SurfaceKind::Himmelblau, &[("start", "-2.5,2.5")], 10);
    let t = texts(&svg(Fig::Score, &r, &light(), (1280, 720)));
    assert!(t.iter().any(|t| t == "(−2.81, 3.13)"), "{t:?}");
    // The saddle has no minimum to name.
    let t = texts(&svg(
        Fig::Score,
        &half_way(SurfaceKind::Saddle),
        &light(),
        (1280, 720),
    ));
    assert!(
        !t.iter().any(|t| t == "nearest minimum" || t == "reached"),
        "{t:?}"
    );
}

#[test]
fn clipping_shows_the_step_it_cut() {
    let r = race(
        SurfaceKind::Rosenbrock,
        &[
            ("clip", "norm:1"),
            ("optimizers", "sgd:0.001,momentum:0.001"),
        ],
        3,
    );
    assert!(r
        .race
        .laps
        .iter()
        .all(|l| l.steps[3].clipped && l.steps[3].raw_delta.is_some()));
    let out = svg(Fig::Plane, &r, &light(), (800, 600));
    assert!(texts(&out).iter().any(|t| t == "before clipping"));
    // The raw steps are dashed: many short strokes in the runners' colours.
    let dashes = out
        .matches(&format!(
            "stroke=\"{}\"",
            hex(runners::colour(OptimizerKind::Sgd))
        ))
        .count();
    let plain = race(
        SurfaceKind::Rosenbrock,
        &[("optimizers", "sgd:0.001,momentum:0.001")],
        3,
    );
    let before = svg(Fig::Plane, &plain, &light(), (800, 600));
    let undashed = before
        .matches(&format!(
            "stroke=\"{}\"",
            hex(runners::colour(OptimizerKind::Sgd))
        ))
        .count();
    assert!(dashes > undashed + 3, "{dashes} vs {undashed}");
}
