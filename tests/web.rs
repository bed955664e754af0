//! Browser tests: run in headless Chromium by wasm-bindgen-test-runner
//! (`CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`,
//! or `bash scripts/test.sh`). Natively this file compiles to nothing.
//!
//! They check what only the browser can show: that the engine gives the same bits
//! in WebAssembly (with SIMD) as natively, and that the page's entry point works.
#![cfg(target_arch = "wasm32")]

use gradient_lab::engine::rng::Rng;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Expected values for seed 42, produced natively (x86_64, rustc 1.95.0) by a throw-away
// program that printed `Rng::new(42).next_u64()`, `.uniform()` and `.normal()` (as
// `f64::to_bits`) four times each. The u64 values were also checked against an
// independent Python transcription of SplitMix64 + xoshiro256++.
const NATIVE_U64: [u64; 4] = [
    0xd076_4d4f_4476_689f,
    0x519e_4174_576f_3791,
    0xfbe0_7cfb_0c24_ed8c,
    0xb37d_9f60_0cd8_35b8,
];
const NATIVE_UNIFORM_BITS: [u64; 3] = [
    0x3fea_0ec9_a9e8_8ecd, // 0.8143051451229099
    0x3fd4_6790_5d15_dbcc, // 0.3188210400616611
    0x3fef_7c0f_9f61_849d, // 0.9838941681774888
];
const NATIVE_NORMAL_BITS: [u64; 4] = [
    0x3fef_679d_98b6_ab7b, // 0.9813983900724986
    0xbfe2_1a61_0c88_7574, // -0.565720104673956
    0x3ff5_71f9_4d19_c30a, // 1.3403256427520227
    0x3fd9_bf7e_7b2c_7e67, // 0.4023128702992608
];

#[wasm_bindgen_test]
fn rng_gives_the_native_bits_in_the_browser() {
    let mut r = Rng::new(42);
    let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
    assert_eq!(got, NATIVE_U64);

    let mut r = Rng::new(42);
    let got: Vec<u64> = (0..3).map(|_| r.uniform().to_bits()).collect();
    assert_eq!(got, NATIVE_UNIFORM_BITS);

    // normal() goes through libm::log and sqrt: the bits must still match.
    let mut r = Rng::new(42);
    let got: Vec<u64> = (0..4).map(|_| r.normal().to_bits()).collect();
    assert_eq!(got, NATIVE_NORMAL_BITS);
}

#[wasm_bindgen_test]
fn engine_version_is_the_crate_version() {
    assert_eq!(
        gradient_lab::ui::engine_version(),
        env!("CARGO_PKG_VERSION")
    );
}

/// The page's own skeleton: the body of index.html.
fn page_body() -> String {
    let html = include_str!("../index.html");
    let start = html.find("<body>").expect("<body>") + "<body>".len();
    let end = html.find("</body>").expect("</body>");
    html[start..end].to_string()
}

fn non_blank(canvas: &web_sys::HtmlCanvasElement) -> bool {
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (canvas.width(), canvas.height());
    if w == 0 || h == 0 {
        return false;
    }
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .unwrap()
        .data();
    let first = &data[..4];
    data.chunks_exact(4).any(|px| px != first)
}

#[wasm_bindgen_test]
fn the_page_builds_trains_and_agrees_with_the_command_line_path() {
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    window
        .location()
        .set_hash("preset=e2-shallow-tanh")
        .unwrap();
    // In a wrapper: the test runner reports through elements of its own in <body>.
    let wrapper = document.create_element("div").unwrap();
    wrapper.set_inner_html(&page_body());
    document.body().unwrap().append_child(&wrapper).unwrap();
    // The page fetches the digits beside its wasm; the test runner serves no such
    // file, so the test hands them over first and the page builds at once.
    gradient_lab::engine::digits::provide(include_bytes!("../data/digits.bin").to_vec()).unwrap();
    // So do the texts: the English catalog, handed over too.
    let english = include_str!("../www/lang/en.txt");
    gradient_lab::lang::install(gradient_lab::lang::Lang::En, english).unwrap();
    gradient_lab::ui::start().unwrap();

    // One control per entry of every control table.
    for c in gradient_lab::scenes::KINDS.iter().flat_map(|k| k.controls) {
        assert!(
            document.get_element_by_id(&format!("c-{}", c.id)).is_some(),
            "no control for {}",
            c.id
        );
    }
    // One canvas per network panel; the cliff's, the recurrent run's and the
    // comparison's wait hidden for their presets.
    for panel in gradient_lab::charts::Panel::ALL {
        let found = document
            .query_selector_all(&format!(
                "#panels figure[data-panel=\"{}\"] canvas",
                panel.word()
            ))
            .unwrap();
        assert_eq!(found.length(), 1, "{}", panel.word());
    }
    for other in ["cliff", "through-time", "compare"] {
        assert!(
            document
                .query_selector(&format!("figure[data-panel=\"{other}\"] canvas"))
                .unwrap()
                .is_some(),
            "no {other} figure"
        );
    }

    // One epoch through the page's session, as a frame at full speed would run it.
    let times = gradient_lab::ui::bench_frame().unwrap();
    assert_eq!(times.len(), 2);
    for panel in gradient_lab::charts::Panel::ALL {
        let c: web_sys::HtmlCanvasElement = document
            .query_selector(&format!("figure[data-panel=\"{}\"] canvas", panel.word()))
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        assert!(non_blank(&c), "the {} canvas is blank", panel.word());
    }

    // The page's epoch-1 losses are the command line's (its JSON-lines path).
    let csv = gradient_lab::ui::page_csv("loss").unwrap();
    let row: Vec<&str> = csv
        .lines()
        .nth(1)
        .expect("an epoch row")
        .split(',')
        .collect();
    let jsonl = gradient_lab::ui::run_preset_jsonl("e2-shallow-tanh", Some(1)).unwrap();
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let train: f64 = row[2].parse().unwrap();
    let test: f64 = row[3].parse().unwrap();
    assert_eq!(row[0], "1");
    assert_eq!(train, first["train_loss"].as_f64().unwrap());
    assert_eq!(test, first["test_loss"].as_f64().unwrap());

    wrapper.remove();
}

/// The page's matrix products (the simd128 micro-kernel) give the reference loops'
/// bits for every shape that reaches a different path: full and ragged row blocks,
/// 1-, 2-, 4- and 8-lane panels, long sums cut into chunks, and accumulation.
#[wasm_bindgen_test]
fn the_products_give_the_reference_bits_in_the_browser() {
    use gradient_lab::engine::kernels::{matmul, matmul_reference, matmul_tn, matmul_tn_reference};
    const SIZES: [usize; 12] = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 65];
    let mut r = Rng::new(7);
    let mut fill = |n: usize| -> Vec<f32> { (0..n).map(|_| r.normal() as f32).collect() };
    let mut checked = 0;
    for &m in &SIZES {
        for &k in &SIZES {
            for &n in &SIZES {
                let (a, b, b_tn) = (fill(m * k), fill(k * n), fill(m * n));
                for accumulate in [false, true] {
                    let start = fill(m * n);
                    let (mut got, mut want) = (start.clone(), start);
                    matmul(&a, &b, &mut got, m, k, n, accumulate);
                    matmul_reference(&a, &b, &mut want, m, k, n, accumulate);
                    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(
                        bits(&got),
                        bits(&want),
                        "matmul {m}×{k}·{k}×{n} acc={accumulate}"
                    );
                    let start = fill(k * n);
                    let (mut got, mut want) = (start.clone(), start);
                    matmul_tn(&a, &b_tn, &mut got, m, k, n, accumulate);
                    matmul_tn_reference(&a, &b_tn, &mut want, m, k, n, accumulate);
                    assert_eq!(
                        bits(&got),
                        bits(&want),
                        "matmul_tn {m}×{k}ᵀ·{m}×{n} acc={accumulate}"
                    );
                    checked += 2;
                }
            }
        }
    }
    assert_eq!(checked, 4 * SIZES.len().pow(3));
}
