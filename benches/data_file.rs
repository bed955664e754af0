//! Your own data's benchmark: a 5 000-row CSV text (8 inputs, 3 classes) parsed
//! (`file::parse`), and loaded the way the page's "load" button loads it
//! (`Session::load_data`: parse, switch to data=file, restart the run and take its
//! first snapshot). Prints milliseconds, the median of 9 runs after a warm-up; the
//! target is under 200 ms. The page's figure comes from `node tests/e2e/bench.mjs`
//! (the same text). Run with `cargo bench --bench data_file`.

use std::hint::black_box;
use std::time::Instant;

use gradient_lab::app::link::Link;
use gradient_lab::app::session::Session;
use gradient_lab::engine::data::file;

/// The benchmark's text; tests/e2e/bench.mjs writes the same one.
fn text(rows: usize) -> String {
    let mut out = String::from("x1,x2,x3,x4,x5,x6,x7,x8,label\n");
    for i in 0..rows {
        for j in 0..8 {
            let v = ((i * 37 + j * 11) % 1000) as f64 / 100.0 - 5.0;
            out.push_str(&format!("{v:.4},"));
        }
        out.push_str(&format!("{}\n", i % 3));
    }
    out
}

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
    let rows = 5_000;
    let csv = text(rows);
    let parse = median_ms(|| {
        black_box(file::parse(black_box(&csv)).expect("the benchmark's text parses"));
    });
    let (link, _) = Link::parse("preset=custom");
    let mut session = Session::new(link);
    let load = median_ms(|| {
        session.load_data(black_box(&csv)).expect("loads");
    });
    println!(
        "Your own data: {rows} rows × 9 columns ({:.0} KiB)",
        csv.len() as f64 / 1024.0
    );
    println!("  parse                      {parse:>8.2} ms");
    println!("  load (parse + restart run) {load:>8.2} ms   (target < 200 ms)");
}
