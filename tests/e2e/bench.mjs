// Benchmark of the built page (printed, not asserted):
//
//   trunk build --release --offline && node tests/e2e/bench.mjs
//
// Serves dist/ on 127.0.0.1 like the end-to-end test (tests/e2e/lib.mjs), opens it in
// Debian's Chromium (1600×1000, deviceScaleFactor 1) and prints:
//   (a) frame time with one whole E2 epoch per frame: e2-deep-tanh (5 hidden tanh layers
//       of 5 + output, 500 training examples, batch 32 → 16 steps), bench_frame() ×20:
//       median and p90 of train ms, draw ms and their total;
//   (b) the wasm and JS in dist/, raw and gzipped (level 9);
//   (c) navigation → first drawn chart (page_state().stats.first_chart_ms), median of 5
//       fresh loads;
//   (e) the cliff: its 201×201 surface at T = 50 (goal ≤ 50 ms) and its redraw time;
//   (d) steady play at speed 1000 on e2-deep-tanh for 3 s: steps/s from page_state and
//       frames/s from a requestAnimationFrame counter (and the page's own frames_drawn).
//       The preset's 500 epochs (8000 steps) may end inside 3 s, so the run gets
//       epochs=100000 (the same network and data; only the stopping point differs).
// Exits 0 unless the page fails to load (or the run throws).
import { readdir, readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as L from './lib.mjs';

const FRAMES = 20;
const LOADS = 5;
const PLAY_MS = 3_000;

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

let server;
let browser;
let code = 0;
try {
  server = await L.serveDist();
  const origin = server.origin;
  browser = await L.launchBrowser();
  const problems = L.newProblems();
  const version = browser.version();
  console.log(`bench: dist/ at ${origin}/, Chromium ${version}, 1600×1000 @1x`);

  // (a) One whole epoch per frame.
  let perPanel = {};
  {
    const page = await L.openPage(browser, problems, { label: 'frame' });
    await L.load(page, origin, 'preset=e2-deep-tanh');
    const steps = await page.evaluate(() => {
      const before = window.wasmBindings.page_state().step;
      window.wasmBindings.bench_frame(); // warm-up, not counted
      return window.wasmBindings.page_state().step - before;
    });
    const frames = await page.evaluate((n) => {
      const out = [];
      const panels = {};
      for (let i = 0; i < n; i++) {
        out.push(Array.from(window.wasmBindings.bench_frame()));
        for (const [word, ms] of window.wasmBindings.page_state().stats.panel_ms) (panels[word] ??= []).push(ms);
      }
      return { out, panels };
    }, FRAMES).then((r) => {
      perPanel = r.panels;
      return r.out;
    });
    const train = frames.map((f) => f[0]);
    const draw = frames.map((f) => f[1]);
    const total = frames.map((f) => f[0] + f[1]);
    const s = await L.state(page);
    console.log(`\n(a) e2-deep-tanh, one epoch (${steps} steps) + redraw of all panels per frame, ${FRAMES} frames (after 1 warm-up), ended at step ${s.step}:`);
    console.log('                median      p90');
    for (const [name, xs] of [['train ms', train], ['draw ms', draw], ['total ms', total]]) {
      console.log(`    ${name.padEnd(10)} ${fmt(L.median(xs)).padStart(8)} ${fmt(L.percentile(xs, 90)).padStart(8)}`);
    }
    // bench_frame's draw ms is the JS side only: the canvases are rasterized and
    // composited after it returns. One bench_frame() per animation frame, timed from
    // one requestAnimationFrame callback to the next, includes that.
    const intervals = await page.evaluate(
      (n) =>
        new Promise((done) => {
          const stamps = [];
          const tick = (t) => {
            stamps.push(t);
            if (stamps.length > n) {
              done(stamps.slice(1).map((s, i) => s - stamps[i]));
              return;
            }
            window.wasmBindings.bench_frame();
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
      FRAMES,
    );
    console.log(`    ${'rAF ms'.padEnd(10)} ${fmt(L.median(intervals)).padStart(8)} ${fmt(L.percentile(intervals, 90)).padStart(8)}   (one bench_frame per animation frame, wall clock incl. raster)`);
    console.log('    each panel (figure built + drawn), ms:');
    for (const [word, ms] of Object.entries(perPanel)) {
      console.log(`      ${word.padEnd(14)} ${fmt(L.median(ms)).padStart(8)} ${fmt(L.percentile(ms, 90)).padStart(8)}`);
    }
    await page.closeAll();
  }

  // (b) Sizes.
  {
    console.log('\n(b) dist/ sizes (gzip level 9):');
    let raw = 0;
    let gz = 0;
    for (const f of (await readdir(L.DIST)).sort()) {
      if (!['.wasm', '.js'].includes(extname(f))) continue;
      const body = await readFile(join(L.DIST, f));
      const z = gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gz += z;
      console.log(`    ${f.padEnd(44)} ${kib(body.length).padStart(10)} raw ${kib(z).padStart(10)} gzip`);
    }
    console.log(`    ${'wasm + JS'.padEnd(44)} ${kib(raw).padStart(10)} raw ${kib(gz).padStart(10)} gzip`);
  }

  // (c) Navigation to first chart.
  {
    const times = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await L.openPage(browser, problems, { label: `load ${i}` });
      await L.load(page, origin, '');
      times.push((await L.state(page)).stats.first_chart_ms);
      await page.closeAll();
    }
    console.log(`\n(c) navigation → first drawn chart, ${LOADS} fresh loads (new context each):`);
    console.log(`    median ${fmt(L.median(times), 1)} ms  (${times.map((t) => fmt(t, 1)).join(', ')})`);
  }

  // (d) Steady play.
  {
    const page = await L.openPage(browser, problems, { label: 'play' });
    await L.load(page, origin, 'preset=e2-deep-tanh&speed=1000&epochs=100000');
    await page.evaluate(() => {
      window.__rafFrames = 0;
      const tick = () => {
        window.__rafFrames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const start = await page.evaluate(() => {
      document.getElementById('play').click();
      const s = window.wasmBindings.page_state();
      return { t: performance.now(), step: s.step, raf: window.__rafFrames, drawn: s.stats.frames_drawn };
    });
    await page.waitForTimeout(PLAY_MS); // a benchmark window, not an assertion
    const end = await page.evaluate(() => {
      const s = window.wasmBindings.page_state();
      return { t: performance.now(), step: s.step, raf: window.__rafFrames, drawn: s.stats.frames_drawn, playing: s.playing, finished: s.finished, stats: s.stats };
    });
    const secs = (end.t - start.t) / 1000;
    console.log(`\n(d) e2-deep-tanh (epochs=100000) at speed 1000, ${fmt(secs)} s of play${end.finished ? ' (the run finished inside the window)' : ''}:`);
    console.log(`    ${fmt((end.step - start.step) / secs, 0)} steps/s (${end.step - start.step} steps, ${fmt((end.step - start.step) / Math.max(1, end.drawn - start.drawn), 0)} per drawn frame)`);
    console.log(`    ${fmt((end.raf - start.raf) / secs, 1)} frames/s by requestAnimationFrame, ${fmt((end.drawn - start.drawn) / secs, 1)} frames/s drawn by the page`);
    console.log(`    last frame: ${end.stats.steps_last_frame} steps in ${fmt(end.stats.step_ms)} ms, draw ${fmt(end.stats.draw_ms)} ms`);
    await page.closeAll();
  }

  // (e) The cliff's surface: 201 × 201 points at T = 50, loss and gradient (goal ≤ 50 ms),
  //     and one redraw of the cliff panel at the preset, fully played.
  {
    const page = await L.openPage(browser, problems, { label: 'cliff' });
    await L.load(page, origin, 'preset=e7-cliff');
    const surface = [];
    for (let i = 0; i < 7; i++) surface.push(await page.evaluate(() => window.wasmBindings.bench_cliff_surface(50, 201)));
    const draws = await page.evaluate(async () => {
      document.getElementById('play').click();
      const out = [];
      for (let i = 0; i < 30; i++) {
        await new Promise((ok) => requestAnimationFrame(ok));
        out.push(window.wasmBindings.page_state().stats.draw_ms);
      }
      return out;
    });
    console.log(`\n(e) cliff surface 201×201 at T = 50 with gradients, 7 runs:`);
    console.log(`    median ${fmt(L.median(surface), 1)} ms, p90 ${fmt(L.percentile(surface, 90), 1)} ms  (goal ≤ 50 ms)`);
    console.log(`    cliff panel redraw while playing: median ${fmt(L.median(draws), 1)} ms, p90 ${fmt(L.percentile(draws, 90), 1)} ms`);
    await page.closeAll();
  }

  {
    // (f) The optimizer race: 7 optimizers × 10 000 steps plus the 256 × 256 contours.
    const page = await L.openPage(browser, problems, { label: 'race' });
    await L.load(page, origin, 'preset=e8-valley');
    console.log(`\n(f) race: 7 optimizers × 10 000 steps + 256×256 contour grid, 7 runs each (goal < 20 ms):`);
    for (const surface of ['saddle', 'rosenbrock', 'beale', 'quadratic', 'himmelblau', 'cliff']) {
      const ms = [];
      for (let i = 0; i < 7; i++) ms.push(await page.evaluate((s) => window.wasmBindings.bench_race(s, 10000, 256), surface));
      console.log(`    ${surface.padEnd(11)} median ${fmt(L.median(ms), 1)} ms, p90 ${fmt(L.percentile(ms, 90), 1)} ms`);
    }
    await page.closeAll();
  }

  {
    // (g) Your own data: load_data on a 5 000-row text (8 inputs, 3 classes; the text of
    //     `cargo bench --bench data_file`): parse, switch to data=file, restart, sync the controls.
    const page = await L.openPage(browser, problems, { label: 'data' });
    await L.load(page, origin, 'preset=custom');
    const ms = await page.evaluate(() => {
      let text = 'x1,x2,x3,x4,x5,x6,x7,x8,label\n';
      for (let i = 0; i < 5000; i++) {
        for (let j = 0; j < 8; j++) text += `${(((i * 37 + j * 11) % 1000) / 100 - 5).toFixed(4)},`;
        text += `${i % 3}\n`;
      }
      const out = [];
      for (let i = 0; i < 7; i++) out.push(window.wasmBindings.bench_load_data(text));
      return { out, kib: text.length / 1024, hash: window.wasmBindings.page_state().hash };
    });
    console.log(`\n(g) your own data: load_data on a 5 000-row CSV (${fmt(ms.kib, 0)} KiB), 7 runs (goal < 200 ms):`);
    console.log(`    median ${fmt(L.median(ms.out), 1)} ms, p90 ${fmt(L.percentile(ms.out, 90), 1)} ms  (${ms.hash})`);
    await page.closeAll();
  }

  const all = [...problems.console, ...problems.failed, ...problems.foreign];
  if (all.length) console.log(`\nbench: the page reported problems:\n    ${all.join('\n    ')}`);
} catch (e) {
  console.error(`bench: ${e?.stack || e}`);
  code = 1;
} finally {
  await browser?.close().catch(() => {});
  await L.closeServer(server);
}
process.exit(code);
