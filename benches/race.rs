//! The optimizer race's benchmark: all seven optimizers × 10 000 steps, and the
//! 256 × 256 contour grid, on every surface, in f32 and f64. Prints milliseconds
//! (the median of 9 runs, after a warm-up); the page's figure comes from
//! `node tests/e2e/bench.mjs`. Run with `cargo bench --bench race`.

use std::hint::black_box;
use std::time::Instant;

use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::words::Vocabulary;
use gradient_lab::scenes::race::config::RaceConfig;
use gradient_lab::scenes::race::laps::Race;
use gradient_lab::scenes::race::replay::grid_of;
use gradient_lab::scenes::race::surface::SurfaceKind;

fn median_ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    println!("Optimizer race: 7 optimizers × 10 000 steps, and the 256 × 256 contour grid");
    println!(
        "{:<12} {:>10} {:>10} {:>10}",
        "surface", "race f32", "race f64", "grid"
    );
    for kind in SurfaceKind::values() {
        let mut c = RaceConfig::on(kind);
        c.set("steps", "10000").expect("steps");
        c.set("grid", "256").expect("grid");
        let c = c.validate().expect("valid").into_inner();
        let f32_ms = median_ms(|| {
            black_box(Race::run(black_box(&c)));
        });
        let mut d = c.clone();
        d.set("precision", "f64").expect("precision");
        let f64_ms = median_ms(|| {
            black_box(Race::run(black_box(&d)));
        });
        let grid_ms = median_ms(|| {
            black_box(grid_of(black_box(&c)));
        });
        let steps: usize = Race::run(&c).laps.iter().map(|l| l.steps.len()).sum();
        println!(
            "{:<12} {:>8.2} ms {:>7.2} ms {:>7.2} ms   ({steps} steps taken; laps that leave the plot stop early)",
            kind.to_string(),
            f32_ms,
            f64_ms,
            grid_ms
        );
    }
}
