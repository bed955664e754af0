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
        gradient_lab::web::engine_version(),
        env!("CARGO_PKG_VERSION")
    );
}

#[wasm_bindgen_test]
fn start_writes_the_status_line_and_draws_on_the_canvas() {
    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap();
    let status = document.create_element("p").unwrap();
    status.set_id(gradient_lab::web::STATUS_ID);
    let canvas = document.create_element("canvas").unwrap();
    canvas.set_id(gradient_lab::web::CANVAS_ID);
    canvas.set_attribute("width", "320").unwrap();
    canvas.set_attribute("height", "160").unwrap();
    body.append_child(&status).unwrap();
    body.append_child(&canvas).unwrap();

    gradient_lab::web::start().unwrap();
    assert_eq!(status.text_content().as_deref(), Some("engine ready"));

    // Some pixel differs from the first one: the chart was drawn.
    let canvas: web_sys::HtmlCanvasElement = canvas.dyn_into().unwrap();
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (canvas.width(), canvas.height());
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .unwrap()
        .data();
    let first = &data[..4];
    assert!(
        data.chunks_exact(4).any(|px| px != first),
        "the canvas is one flat colour"
    );

    status.remove();
    canvas.remove();
}
