//! Engine benchmark: training examples per second on the four nets of
//! `shared/benchmarks.md`, in f32 and f64, beside TensorFlow Playground's engine;
//! then a cost table (examples/s as the nets grow wider and deeper, beside their
//! multiply-add counts); then the E3 headline run (spiral, 2-50-50-3, 50 000
//! full-batch steps) beside JAX. `BENCH_SKIP_TABLE=1` leaves the table out.
//!
//! Run with `cargo bench --bench engine`. It prints, it does not assert: speed
//! depends on the machine and on what else runs on it. `BENCH_E3_STEPS=5000`
//! shortens the E3 runs. JAX is timed in the same run when a Python with JAX is there
//! (`BENCH_JAX_PYTHON`, default `python3`); otherwise the stored figures of
//! benchmarks.md are printed, scaled to the same steps, and the line says so.
//!
//! What is timed is `Run::step()`: forward, loss, backward, the per-layer statistics
//! the page draws, clipping (none here) and the update. Evaluation is kept out by
//! setting `eval_every` and `epochs` beyond the steps taken. Each figure is the best
//! of 3 timed repeats of a fixed number of steps (≥ 1 s each), after a warm-up.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gradient_lab::engine::activation::Activation;
use gradient_lab::engine::config::{Config, Precision};
use gradient_lab::engine::data::DataKind;
use gradient_lab::engine::loss::Loss;
use gradient_lab::engine::optim::OptimizerKind;
use gradient_lab::engine::settings::Settings;
use gradient_lab::engine::trainer::Run;
use gradient_lab::scenes::network::presets;

/// Far beyond any step count here, so no epoch is ever evaluated.
const NEVER: usize = 10_000_000;
const WARM_UP: Duration = Duration::from_millis(300);
const TIMED: Duration = Duration::from_secs(1);
const REPEATS: usize = 3;

/// One core, C, f64 scalar multiply-adds with independent chains (benchmarks.md).
const SCALAR_MAC_LIMIT: f64 = 6.1e9;

struct Net {
    label: &'static str,
    shape: &'static str,
    config: Config,
    /// TF Playground's examples/s on this net: (low, high) of benchmarks.md.
    peer: (f64, f64),
    note: &'static str,
}

fn nets() -> Vec<Net> {
    // Shared by all four: plain SGD, no evaluation, every point used for training.
    let base = Config {
        optimizer: OptimizerKind::Sgd,
        train_fraction: 1.0,
        epochs: NEVER,
        eval_every: NEVER,
        // The Playground's own loss: squared error.
        loss: Some(Loss::Mse),
        ..Config::default()
    };
    let circle = Config {
        data: DataKind::PlaygroundCircle,
        samples: 500,
        noise: 0.0,
        activation: Activation::Tanh,
        ..base.clone()
    };
    vec![
        Net {
            label: "A",
            shape: "2-4-2-1 tanh",
            config: Config {
                hidden: vec![4, 2],
                output: Some(Activation::Tanh),
                batch_size: 10,
                lr: 0.03,
                ..circle.clone()
            },
            peer: (1.34e6, 1.46e6),
            note: "",
        },
        Net {
            label: "B",
            shape: "2-5-5-5-5-5-1 tanh, sigmoid out",
            config: Config {
                hidden: vec![5; 5],
                output: Some(Activation::Sigmoid),
                batch_size: 32,
                lr: 0.01,
                ..circle.clone()
            },
            peer: (230e3, 245e3),
            note: "",
        },
        Net {
            label: "C",
            shape: "2-50-50-1 tanh, full batch",
            config: Config {
                hidden: vec![50, 50],
                output: Some(Activation::Tanh),
                samples: 300,
                batch_size: 0,
                lr: 0.1,
                ..circle
            },
            peer: (16.5e3, 20.0e3),
            note: "",
        },
        Net {
            label: "D",
            shape: "20-25-1 ReLU, linear out",
            config: Config {
                data: DataKind::Regression,
                samples: 500,
                noise: 0.1,
                features: 20,
                informative: 10,
                hidden: vec![25],
                activation: Activation::Relu,
                output: Some(Activation::Identity),
                batch_size: 32,
                lr: 0.001,
                ..base
            },
            peer: (138e3, 154e3),
            note: "lr 0.001, not 0.01: plain SGD at 0.01 diverges within 8 steps on the \
                   unscaled target (std ≈ 150), and a diverged run no longer steps; the rate \
                   does not change the arithmetic",
        },
    ]
}

/// Multiply-adds per training example: forward, back-propagation to the inputs of
/// each layer, and the weight gradients (3 × Σ inputs·outputs, as benchmarks.md counts).
fn macs_per_example(config: &Config, inputs: usize, outputs: usize) -> usize {
    let mut widths = vec![inputs];
    widths.extend(&config.hidden);
    widths.push(outputs);
    3 * widths.windows(2).map(|w| w[0] * w[1]).sum::<usize>()
}

/// Training examples in `count` steps starting after step `done`, for `rows`
/// training points in batches of `batch` (the last batch of an epoch may be short).
fn examples_in(done: u64, count: u64, rows: usize, batch: usize) -> u64 {
    let per_epoch = rows.div_ceil(batch) as u64;
    let last = (rows - batch * (rows.div_ceil(batch) - 1)) as u64;
    (done..done + count)
        .map(|s| {
            if s % per_epoch == per_epoch - 1 {
                last
            } else {
                batch as u64
            }
        })
        .sum()
}

struct Measure {
    examples_per_s: f64,
}

/// Warms up, picks a step count lasting ≥ `TIMED`, and keeps the best of `REPEATS`.
fn measure(config: &Config) -> Result<Measure, String> {
    measure_for(config, TIMED, REPEATS)
}

/// [`measure`] with its own timed length and number of repeats.
fn measure_for(config: &Config, timed: Duration, repeats: usize) -> Result<Measure, String> {
    let checked = config.validate().map_err(|e| e.to_string())?;
    let rows = checked.train_rows();
    let batch = if checked.batch_size == 0 {
        rows
    } else {
        checked.batch_size.min(rows)
    };
    let mut run = Run::new(&checked);
    let start = Instant::now();
    let mut warm = 0u64;
    while start.elapsed() < WARM_UP || warm < 10 {
        black_box(run.step());
        warm += 1;
    }
    let per_step = start.elapsed().as_secs_f64() / warm as f64;
    let steps = ((timed.as_secs_f64() / per_step).ceil() as u64).max(1);
    let mut best: Option<Measure> = None;
    for _ in 0..repeats {
        let done = run.steps();
        let t = Instant::now();
        for _ in 0..steps {
            black_box(run.step());
        }
        let seconds = t.elapsed().as_secs_f64();
        if let Some(d) = run.diverged() {
            return Err(format!("diverged, timing void: {}", d.message()));
        }
        let examples = examples_in(done, steps, rows, batch);
        let m = Measure {
            examples_per_s: examples as f64 / seconds,
        };
        if best
            .as_ref()
            .is_none_or(|b| m.examples_per_s > b.examples_per_s)
        {
            best = Some(m);
        }
    }
    best.ok_or_else(|| "no repeat ran".into())
}

fn si(v: f64) -> String {
    if v >= 1e9 {
        format!("{:.2} G", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.2} M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.1} k", v / 1e3)
    } else {
        format!("{v:.0} ")
    }
}

fn main() {
    let started = Instant::now();
    println!("Gradient Lab engine benchmark (Run::step: forward + backward + statistics + update)");
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!(
            "load average {} (other work on the machine slows these figures)",
            load.join(" ")
        );
    }
    println!();
    println!("Nets of shared/benchmarks.md: plain SGD, squared-error loss as in the Playground,");
    println!("all points used for training, shuffled each epoch, no evaluation.");
    println!("Peer: TF Playground's nn.ts under Node.js 20; \"× peer\" divides by the middle of");
    println!("its measured range (benchmarks.md, not measured here).");
    println!();
    println!(
        "{:<4}{:<33}{:>5}{:>14}{:>12}{:>11}{:>10}{:>10}",
        "net", "shape", "prec", "examples/s", "MAC/s", "of 6.1 G", "peer", "× peer"
    );
    let mut notes = Vec::new();
    for net in nets() {
        let checked = match net.config.validate() {
            Ok(c) => c,
            Err(e) => {
                println!("{:<4}{:<33} invalid config: {e}", net.label, net.shape);
                continue;
            }
        };
        let inputs = match checked.data {
            DataKind::Regression => checked.features,
            _ => 2,
        };
        let macs = macs_per_example(&checked, inputs, 1);
        let peer_mid = (net.peer.0 + net.peer.1) / 2.0;
        for precision in [Precision::F32, Precision::F64] {
            let config = Config {
                precision,
                ..net.config.clone()
            };
            let word = match precision {
                Precision::F32 => "f32",
                Precision::F64 => "f64",
            };
            match measure(&config) {
                Ok(m) => {
                    let mac_rate = m.examples_per_s * macs as f64;
                    println!(
                        "{:<4}{:<33}{:>5}{:>12}/s{:>10}/s{:>9.1} %{:>10}{:>9.1}×",
                        net.label,
                        net.shape,
                        word,
                        si(m.examples_per_s),
                        si(mac_rate),
                        100.0 * mac_rate / SCALAR_MAC_LIMIT,
                        si(peer_mid),
                        m.examples_per_s / peer_mid
                    );
                }
                Err(e) => println!("{:<4}{:<33}{:>5}  {e}", net.label, net.shape, word),
            }
        }
        if !net.note.is_empty() {
            notes.push(format!("{}: {}", net.label, net.note));
        }
    }
    for n in &notes {
        println!("note {n}");
    }
    println!(
        "(MAC/s counts 3 × Σ inputs·outputs per example, as benchmarks.md does; \"of 6.1 G\" \
         compares with one core's scalar f64 multiply-add rate)"
    );

    if std::env::var_os("BENCH_SKIP_TABLE").is_none() {
        cost_table();
    }
    e3_headline();
    println!();
    println!("total {:.0} s", started.elapsed().as_secs_f64());
}

/// How the cost grows with the work: examples/s and multiply-adds/s as two hidden
/// layers widen (8 … 256, batch 32 and the full batch of 512) and as a net of layers of
/// 32 deepens (1 … 10, batch 32). Two-circles data, 512 points, tanh, SGD at 0.01,
/// f32 (the page's precision). A flat MAC/s column means the cost grows as the
/// multiply-adds do; a rising one, that small nets pay a fixed cost per step.
fn cost_table() {
    const POINTS: usize = 512;
    let base = Config {
        data: DataKind::PlaygroundCircle,
        samples: POINTS,
        noise: 0.0,
        train_fraction: 1.0,
        activation: Activation::Tanh,
        optimizer: OptimizerKind::Sgd,
        lr: 0.01,
        epochs: NEVER,
        eval_every: NEVER,
        precision: Precision::F32,
        ..Config::default()
    };
    let row = |what: &str, config: Config| {
        let Ok(checked) = config.validate() else {
            println!("{what:<28} invalid config");
            return;
        };
        let macs = macs_per_example(&checked, 2, 2);
        match measure_for(&config, Duration::from_millis(500), 2) {
            Ok(m) => println!(
                "{what:<28}{macs:>12}{:>14}/s{:>12}/s",
                si(m.examples_per_s),
                si(m.examples_per_s * macs as f64)
            ),
            Err(e) => println!("{what:<28}  {e}"),
        }
    };
    println!();
    println!("Cost table (f32, two circles of {POINTS} points, tanh, SGD; best of 2 × 0.5 s):");
    println!(
        "{:<28}{:>12}{:>16}{:>14}",
        "net", "MAC/example", "examples/s", "MAC/s"
    );
    for batch in [32, POINTS] {
        for width in [8, 16, 32, 64, 128, 256] {
            let what = format!("2-{width}-{width}-2, batch {batch}");
            row(
                &what,
                Config {
                    hidden: vec![width, width],
                    batch_size: batch,
                    ..base.clone()
                },
            );
        }
    }
    for depth in 1..=10 {
        let what = format!("{depth} × 32, batch 32");
        row(
            &what,
            Config {
                hidden: vec![32; depth],
                batch_size: 32,
                ..base.clone()
            },
        );
    }
}

/// Seed 002's headline: E3 for 50 000 full-batch steps, in the preset's precision (f32,
/// like the JAX run), beside JAX's 7.25 s (ReLU) and 7.91 s (sigmoid).
fn e3_headline() {
    const FULL: usize = 50_000;
    /// Stop repeating a preset once its runs have taken this long.
    const BUDGET: Duration = Duration::from_secs(45);
    let steps = std::env::var("BENCH_E3_STEPS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(FULL);
    println!();
    println!(
        "E3 headline: spiral 2-50-50-3, 300 points, full-batch SGD lr 0.1, CE + 0.01·Σ‖W‖_F, \
         {steps} steps, no evaluation"
    );
    let measured = jax_now(steps);
    match &measured {
        Ok((relu, sigmoid)) => println!(
            "JAX: shared/bench/peer_jax/e3_jax.py measured in this run, {steps} steps, f32, compile \
             excluded: relu {relu:.2} s, sigmoid {sigmoid:.2} s"
        ),
        Err(why) => println!(
            "JAX: not measured in this run ({why}); stored figures of benchmarks.md{}",
            if steps == FULL {
                String::new()
            } else {
                format!(", scaled by {steps}/{FULL}")
            }
        ),
    }
    println!(
        "{:<12}{:>6}{:>12}{:>14}{:>10}{:>10}{:>10}   after the run",
        "preset", "prec", "wall", "examples/s", "MAC/s", "JAX", "÷ JAX"
    );
    let stored = |seconds: f64| seconds * steps as f64 / FULL as f64;
    let (jax_relu, jax_sigmoid) = measured.unwrap_or((stored(7.25), stored(7.91)));
    for (name, jax) in [("e3-relu", jax_relu), ("e3-sigmoid", jax_sigmoid)] {
        let Some(preset) = presets::find(name) else {
            println!("{name}: no such preset");
            continue;
        };
        let config = Config {
            epochs: steps,
            eval_every: NEVER,
            ..preset.config
        };
        let checked = match config.validate() {
            Ok(c) => c,
            Err(e) => {
                println!("{name}: invalid config: {e}");
                continue;
            }
        };
        let rows = checked.train_rows();
        let macs = macs_per_example(&checked, 2, 3);
        // Warm-up: a short run of its own.
        let mut warm = Run::new(&checked);
        for _ in 0..steps.min(1000) {
            black_box(warm.step());
        }
        let mut best: Option<(f64, Run)> = None;
        let mut spent = Duration::ZERO;
        let mut repeats = 0;
        while repeats < REPEATS && (repeats == 0 || spent + spent / repeats as u32 <= BUDGET) {
            let t = Instant::now();
            let mut run = Run::new(&checked);
            while !run.is_finished() {
                black_box(run.step());
            }
            let elapsed = t.elapsed();
            spent += elapsed;
            repeats += 1;
            let seconds = elapsed.as_secs_f64();
            if best.as_ref().is_none_or(|(b, _)| seconds < *b) {
                best = Some((seconds, run));
            }
        }
        let Some((seconds, mut run)) = best else {
            continue;
        };
        let done = run.steps();
        let after = match run.diverged() {
            Some(d) => d.message(),
            None => {
                let e = run.evaluate();
                format!(
                    "train loss {:.4}, accuracy {:.3}",
                    e.train_loss,
                    e.train_accuracy.unwrap_or(f64::NAN)
                )
            }
        };
        let examples_per_s = done as f64 * rows as f64 / seconds;
        println!(
            "{:<12}{:>6}{:>10.2} s{:>12}/s{:>8}/s{:>8.2} s{:>9.2}×   {after} (best of {repeats})",
            name,
            match checked.precision {
                Precision::F32 => "f32",
                Precision::F64 => "f64",
            },
            seconds,
            si(examples_per_s),
            si(examples_per_s * macs as f64),
            jax,
            seconds / jax,
        );
    }
    println!("(÷ JAX above 1 means slower than JAX; the goal is below 1)");
}

/// Runs the JAX script for `steps` steps, when a Python with JAX is there:
/// `BENCH_JAX_PYTHON` (default `python3`) and `BENCH_JAX_SCRIPT` (default
/// `../shared/bench/peer_jax/e3_jax.py` beside the project). Returns its (relu, sigmoid)
/// seconds, or why it could not.
fn jax_now(steps: usize) -> Result<(f64, f64), String> {
    let python = std::env::var("BENCH_JAX_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = std::env::var("BENCH_JAX_SCRIPT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/bench/peer_jax/e3_jax.py"
        )
        .into()
    });
    if !std::path::Path::new(&script).is_file() {
        return Err(format!("no {script}"));
    }
    let out = std::process::Command::new(&python)
        .arg(&script)
        .arg(steps.to_string())
        .output()
        .map_err(|e| format!("{python}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("failed");
        return Err(format!("{python} {script}: {last}"));
    }
    // Lines like "relu: 50000 full-batch steps in 3.53 s = …".
    let text = String::from_utf8_lossy(&out.stdout);
    let seconds = |name: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.starts_with(&format!("{name}:")))?;
        let after = line.split(" in ").nth(1)?;
        after.split_whitespace().next()?.parse().ok()
    };
    match (seconds("relu"), seconds("sigmoid")) {
        (Some(r), Some(s)) => Ok((r, s)),
        _ => Err(format!("could not read its output: {}", text.trim())),
    }
}
