//! `CLIFF_GALLERY=/tmp/cliff cargo test --lib charts::cliff::gallery -- --ignored --nocapture`
//! writes the cliff at a few steps in both themes, to look at, and times a
//! full-size draw.

use super::*;
use crate::charts::ThemeKind;
use crate::scenes::cliff::config::CliffConfig;

#[test]
#[ignore]
fn write_gallery() {
    let Ok(dir) = std::env::var("CLIFF_GALLERY") else {
        return;
    };
    std::fs::create_dir_all(&dir).expect("directory");
    let mut r = Replay::new(CliffConfig::default());
    for shown in [0, 5, 22, r.len()] {
        r.shown = shown;
        for (kind, scale, (w, h)) in [
            (ThemeKind::Default, 1.0, (1600, 900)),
            (ThemeKind::Projector, 1.0, (1600, 900)),
            (ThemeKind::Default, 2.0, (1920, 1080)),
            (ThemeKind::Projector, 2.0, (1920, 1080)),
        ] {
            let svg = to_svg(&r, &Theme::new(kind, scale), w, h).expect("draws");
            let name = format!("{dir}/cliff-{shown}-{}-{w}x{h}.svg", kind.word());
            std::fs::write(name, svg).expect("write");
        }
    }
    // A run that went non-finite at step 30 (the cliff's own runs cannot:
    // its gradient is bounded for every setting the config accepts).
    let walk = &mut r.runs.unclipped;
    walk.points.truncate(31);
    let p = walk.points.last_mut().expect("point");
    (p.loss, p.grad_norm) = (f64::NAN, f64::NAN);
    walk.diverged = Some(30);
    r.shown = r.len();
    let svg = to_svg(&r, &Theme::new(ThemeKind::Default, 1.0), 1600, 900).expect("draws");
    std::fs::write(format!("{dir}/cliff-nonfinite-default-1600x900.svg"), svg).expect("write");
}

#[test]
#[ignore]
fn time_a_draw() {
    let mut r = Replay::new(CliffConfig::default());
    assert_eq!(r.surface.n, 201);
    r.shown = r.len();
    for (kind, scale, (w, h)) in [
        (ThemeKind::Default, 1.0, (1600, 900)),
        (ThemeKind::Projector, 2.0, (1920, 1080)),
    ] {
        let theme = Theme::new(kind, scale);
        let mut times: Vec<f64> = (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                let svg = to_svg(&r, &theme, w, h).expect("draws");
                std::hint::black_box(svg);
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let svg = to_svg(&r, &theme, w, h).expect("draws");
        eprintln!(
            "{kind:?} ×{scale} {w}×{h}: median {:.2} ms (min {:.2}, max {:.2}); {} rects, {} KB",
            times[10],
            times[0],
            times[19],
            svg.matches("<rect").count(),
            svg.len() / 1024
        );
    }
}
