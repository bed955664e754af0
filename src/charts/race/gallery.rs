//! `RACE_GALLERY=/tmp/race cargo test --lib charts::race::gallery -- --ignored --nocapture`
//! writes every figure of the race on every surface, half way and at the end,
//! in both themes, to look at, and times each figure's draw at full size.

use super::tests::{svg, FIGS};
use super::*;
use crate::charts::ThemeKind;
use crate::engine::words::Vocabulary;
use crate::scenes::race::config::RaceConfig;
use crate::scenes::race::surface::SurfaceKind;

#[test]
#[ignore]
fn write_gallery() {
    let Ok(dir) = std::env::var("RACE_GALLERY") else {
        return;
    };
    std::fs::create_dir_all(&dir).expect("directory");
    for kind in SurfaceKind::values() {
        let mut r = Replay::new(RaceConfig::on(kind));
        for (when, shown) in [("half", r.len() / 2), ("end", r.len())] {
            r.show(shown);
            for (theme, size) in [
                (Theme::new(ThemeKind::Default, 1.0), (800, 600)),
                (Theme::new(ThemeKind::Projector, 1.0), (1280, 720)),
                (Theme::new(ThemeKind::Projector, 1.0), (520, 400)),
            ] {
                for fig in FIGS {
                    let name = format!(
                        "{dir}/{kind}-{when}-{}-{}-{}x{}.svg",
                        fig.word(),
                        theme.kind.word(),
                        size.0,
                        size.1
                    );
                    std::fs::write(name, svg(fig, &r, &theme, size)).expect("write");
                }
            }
        }
    }
}

#[test]
#[ignore]
fn time_a_draw() {
    for kind in [SurfaceKind::Rosenbrock, SurfaceKind::Cliff] {
        let mut r = Replay::new(RaceConfig::on(kind));
        assert_eq!(r.grid.n, 200);
        r.show(r.len() / 2);
        for (theme, size) in [
            (Theme::new(ThemeKind::Default, 1.0), (800, 600)),
            (Theme::new(ThemeKind::Projector, 2.0), (1920, 1080)),
        ] {
            for fig in FIGS {
                let mut times: Vec<f64> = (0..10)
                    .map(|_| {
                        let start = std::time::Instant::now();
                        std::hint::black_box(svg(fig, &r, &theme, size));
                        start.elapsed().as_secs_f64() * 1e3
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                let out = svg(fig, &r, &theme, size);
                eprintln!(
                    "{kind} {:?} {size:?} {}: median {:.2} ms; {} elements, {} KB",
                    theme.kind,
                    fig.word(),
                    times[5],
                    out.matches('<').count(),
                    out.len() / 1024
                );
            }
        }
    }
}
