// End-to-end test of the built page (dist/, from `trunk build --release --offline`).
//
// Starts its own static server for dist/ on 127.0.0.1 (a free port), opens the page in
// Debian's Chromium through playwright-core, and checks what a visitor would see and do:
// the controls and panels built from their tables, charts drawn, training from the
// transport buttons, the page's numbers equal to the command line's, a diverged run's
// banner and recovery, the URL round trip, extreme and junk values, the keyboard, the
// PNG/CSV exports; through all of it no console error or warning, no request leaving
// 127.0.0.1 and no failed request. Saves screenshots to tests/e2e/out/.
// Stops the browser and the server at the end, pass or fail.
//
//   trunk build --release --offline && cargo build --release --bin gradient-lab
//   node tests/e2e/run.mjs            (scripts/test.sh does all three)
//   CHROMIUM=/path/to/chrome GRADIENT_LAB_CLI=/path/to/gradient-lab node tests/e2e/run.mjs
import { execFileSync } from 'node:child_process';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';
import { raceChecks } from './race.mjs';
import { cureChecks } from './cures.mjs';
import { diagramChecks } from './diagram.mjs';
import { dataChecks } from './data.mjs';
import { inputChecks } from './inputs.mjs';
import { languageChecks } from './languages.mjs';

const T0 = Date.now();
// Luminance variance (0-255 scale) above which a canvas counts as drawn: a canvas
// filled with one colour has 0; a single axis line gives well over this.
const DRAWN_VARIANCE = 1;
const SHORT = 5_000;

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok: !!ok });
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${name}${detail ? ` - ${detail}` : ''}`);
}

/** Runs one group of checks; an exception fails the group (and the run goes on). */
async function section(name, fn) {
  // E2E_ONLY=name,name runs only those sections (while working on one; the suite runs all).
  const only = process.env.E2E_ONLY?.split(',');
  if (only && !only.includes(name)) return;
  const t = Date.now();
  try {
    await fn();
  } catch (e) {
    check(`${name}: completed without an exception`, false, (e?.stack || String(e)).split('\n').slice(0, 4).join(' | '));
  }
  console.log(`   (${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

/** Runs the command line; stdout. */
function cli(...args) {
  return execFileSync(L.CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** CSV text to an array of {column: cell} rows. */
function parseCsv(text) {
  const lines = text.trim().split('\n').filter((l) => l.length);
  if (!lines.length) return { header: [], rows: [] };
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
  return { header, rows };
}

/** A CSV cell as a number: '' stays null; NaN/inf as written by report.rs and history.rs. */
function cell(v) {
  if (v === undefined || v === '') return null;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

const LOSS_COLUMNS = ['epoch', 'step', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy'];

/**
 * Compares the page's loss CSV with the command line's CSV for the same run, row by
 * row by epoch number, every column by name, numbers parsed and compared exactly.
 * Returns { ok, rows, detail }.
 */
function compareLossCsv(pageCsv, cliCsv) {
  const p = parseCsv(pageCsv);
  const c = parseCsv(cliCsv);
  const byEpoch = new Map(c.rows.map((r) => [r.epoch, r]));
  const missingCols = LOSS_COLUMNS.filter((k) => !p.header.includes(k) || !c.header.includes(k));
  if (missingCols.length) return { ok: false, rows: 0, detail: `columns missing: ${missingCols.join(', ')} (page ${p.header}, cli ${c.header})` };
  if (!p.rows.length) return { ok: false, rows: 0, detail: 'the page has no rows' };
  for (const row of p.rows) {
    const other = byEpoch.get(row.epoch);
    if (!other) return { ok: false, rows: p.rows.length, detail: `epoch ${row.epoch} is not in the command line's output` };
    for (const k of LOSS_COLUMNS) {
      const a = cell(row[k]);
      const b = cell(other[k]);
      if (!Object.is(a, b)) return { ok: false, rows: p.rows.length, detail: `epoch ${row.epoch} ${k}: page ${row[k]} vs cli ${other[k]}` };
    }
  }
  return { ok: true, rows: p.rows.length, detail: `${p.rows.length} rows, epochs ${p.rows[0].epoch}..${p.rows.at(-1).epoch}` };
}

/** Sets an input's value (or a checkbox's checked) and fires input and change, as a user letting go would. */
function setValue(page, selector, value) {
  return page.evaluate(
    ([sel, v]) => {
      const e = document.querySelector(sel);
      if (!e) throw new Error(`no ${sel}`);
      if (e.type === 'checkbox') e.checked = v === true || v === 'true';
      else e.value = String(v);
      e.dispatchEvent(new Event('input', { bubbles: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
      return e.type === 'checkbox' ? String(e.checked) : e.value;
    },
    [selector, value],
  );
}

const valueOf = (page, selector) =>
  page.evaluate((sel) => {
    const e = document.querySelector(sel);
    return e ? (e.type === 'checkbox' ? String(e.checked) : e.value) : null;
  }, selector);

/** A fresh load of `hash` (a real navigation, not a hash change). */
async function fresh(page, origin, hash) {
  await page.goto('about:blank');
  await L.load(page, origin, hash);
}

/** Waits for fn(page_state(), arg) to hold. */
function until(page, fn, arg, timeout = SHORT) {
  return page.waitForFunction(
    ([src, a]) => {
      // eslint-disable-next-line no-new-func
      const f = new Function('s', 'a', `return (${src})(s, a);`);
      return f(window.wasmBindings.page_state(), a);
    },
    [fn.toString(), arg],
    { timeout, polling: 50 },
  );
}

/** Like `until`, but returns false instead of throwing on timeout. */
async function eventually(page, fn, arg, timeout = SHORT) {
  try {
    await until(page, fn, arg, timeout);
    return true;
  } catch (e) {
    if (e?.name === 'TimeoutError' || /Timeout/.test(String(e))) return false;
    throw e;
  }
}

/** Pauses if playing. Reads the state and clicks in one go: a fast run may finish
 * (and disable #play) between a separate read and click. */
async function pause(page) {
  await page.evaluate(() => {
    if (window.wasmBindings.page_state().playing) document.getElementById('play').click();
  });
  await until(page, (s) => !s.playing);
}

function blankCanvases(stats) {
  return stats.filter((s) => !s.hidden && !(s.variance > DRAWN_VARIANCE));
}

function describeCanvases(stats) {
  const blank = blankCanvases(stats).map((s) => s.panel);
  const all = stats.map((s) => `${s.panel} ${s.width}x${s.height}${s.hidden ? ' hidden' : ''} var ${s.variance.toFixed(1)}`).join(', ');
  return `${blank.length ? `blank: ${blank.join(', ')}; ` : ''}${all}`;
}

/** Parses every scene's control table (src/scenes/KIND/controls.rs): the ids and kinds of its controls, in order. */
async function controlTable() {
  const kinds = ['network', 'recurrent', 'cliff', 'race'];
  const src = (await Promise.all(kinds.map((k) => readFile(join(L.ROOT, 'src', 'scenes', k, 'controls.rs'), 'utf8')))).join('\n');
  const tables = [...src.matchAll(/pub const (\w+): &\[Control\] = &\[([\s\S]*?)\n\];/g)];
  return tables
    .flatMap((t) => t[2].split(/Control \{/).slice(1))
    .map((block) => {
      const id = /id: "([^"]+)"/.exec(block)?.[1];
      const kind = /kind: Kind::Select/.test(block)
        ? 'select'
        : /kind: log_range\(/.test(block)
          ? 'log'
          : /kind: range\(|kind: Kind::Range/.test(block)
            ? 'range'
            : /kind: Kind::Check/.test(block)
              ? 'checkbox'
              : /kind: Kind::Number/.test(block)
                ? 'number'
                : /kind: Kind::Toggles/.test(block)
                  ? 'toggles'
                  : /kind: Kind::Button/.test(block)
                    ? 'button'
                    : '?';
      return { id, kind };
    })
    .filter((c) => c.id);
}

/** Menus (header and settings) whose chosen text is wider than their box less padding and arrow: cut off. */
function clippedMenus(page) {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('header select, #controls select')]
      .filter((s) => s.offsetParent !== null)
      .map((s) => {
        const cs = getComputedStyle(s);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const text = s.selectedOptions[0]?.textContent ?? '';
        const room = Math.floor(s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20);
        const need = Math.ceil(ctx.measureText(text).width);
        return need > room ? `${s.id || s.dataset.key} "${text}" needs ${need} px, has ${room}` : null;
      })
      .filter(Boolean);
  });
}

/** Reads the width and height from a PNG's IHDR; null if it is not a PNG. */
function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || sig.some((b, i) => buf[i] !== b) || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const PANELS = ['loss', 'gradients', 'activation', 'model', 'change', 'weights'];
const screenshots = [];

let server;
let browser;
const problems = L.newProblems();
try {
  server = await L.serveDist();
  const origin = server.origin;
  console.log(`e2e: serving ${L.DIST} at ${origin}/`);
  await mkdir(L.OUT, { recursive: true });
  browser = await L.launchBrowser();
  const page = await L.openPage(browser, problems, { width: 1600, height: 1000, label: 'main' });

  // --- The page as it opens: skeleton, controls, panels, charts ---------------------
  await section('load', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: L.LOAD_TIMEOUT_MS });
    const title = await page.title();
    check('the title starts with "Gradient Lab"', title.startsWith('Gradient Lab'), `got "${title}"`);
    await L.waitReady(page);
    const s = await L.state(page);
    check(
      'a bare URL opens e2-deep-tanh at step 0, paused, with no notes or banner',
      s.preset === 'e2-deep-tanh' && s.step === 0 && !s.playing && s.notes.length === 0 && s.diverged == null &&
        (await page.isHidden('#banner')) && (await page.isHidden('#notes-box')),
      `preset ${s.preset}, step ${s.step}, playing ${s.playing}, notes ${JSON.stringify(s.notes)}, diverged ${s.diverged}`,
    );
    check('the status line reads "step 0 · epoch 0 of 500"', /^step 0 · epoch 0 of 500/.test(await page.textContent('#status')), await page.textContent('#status'));
    const presetNames = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
    check(
      'the preset menu lists the presets and "custom", with e2-deep-tanh selected',
      ['e1-no-clip', 'e2-shallow-tanh', 'e2-deep-tanh', 'e3-relu', 'custom'].every((n) => presetNames.includes(n)) &&
        (await valueOf(page, '#preset')) === 'e2-deep-tanh' && ((await page.textContent('#caption')) || '').trim().length > 0,
      `${presetNames.length} options: ${presetNames.join(' ')}`,
    );
    const table = await controlTable();
    const shown = await page.$$eval('#controls .control[data-key]', (rows) =>
      rows.map((r) => {
        const k = r.dataset.key;
        const i = r.querySelector(`#c-${CSS.escape(k)}`);
        const boxes = i ? i.querySelectorAll('input[type=checkbox]').length : 0;
        return { id: k, tag: i?.tagName.toLowerCase(), type: i?.type, min: i?.min, max: i?.max, boxes };
      }),
    );
    const kindOk = (c, e) =>
      e &&
      (c.kind === 'select' ? e.tag === 'select'
        : c.kind === 'log' || c.kind === 'range' ? e.type === 'range'
        : c.kind === 'checkbox' ? e.type === 'checkbox'
        : c.kind === 'number' ? e.type === 'number'
        : c.kind === 'toggles' ? e.tag === 'div' && e.boxes > 1
        : c.kind === 'button' ? e.tag === 'button' : false);
    const wrong = table.filter((c) => !kindOk(c, shown.find((e) => e.id === c.id))).map((c) => c.id);
    check(
      `one .control row with a #c-ID input of the right kind per entry of the control tables (${table.length})`,
      table.length > 20 && wrong.length === 0 && shown.length === table.length,
      wrong.length ? `wrong or missing: ${wrong.join(', ')}` : `${shown.length} rows`,
    );
    const lr = shown.find((e) => e.id === 'lr');
    check('the learning-rate slider moves over log10 (min -5, max 1)', lr && Number(lr.min) === -5 && Number(lr.max) === 1, JSON.stringify(lr));
    const speed = await page.$eval('header [data-key=speed]', (e) => ({ type: e.type, min: e.min, max: e.max }));
    check('the speed slider runs from 1 to 1000', speed.type === 'range' && speed.min === '1' && speed.max === '1000', JSON.stringify(speed));
    const panels = await page.$$eval('#panels figure.panel', (fs) =>
      fs.map((f) => ({
        panel: f.dataset.panel,
        hidden: f.hidden,
        canvas: !!f.querySelector('canvas'),
        png: !!f.querySelector('button[data-export=png]'),
        csv: !!f.querySelector('button[data-export=csv]'),
      })),
    );
    check(
      'the six panels (loss, gradients, activation, model, change, weights), each with a canvas and PNG/CSV buttons',
      PANELS.every((p) => panels.some((x) => x.panel === p && x.canvas && x.png && x.csv)),
      panels.map((p) => `${p.panel}${p.hidden ? ' (hidden)' : ''}`).join(' '),
    );
    const stats = await L.canvasStats(page);
    const blank = blankCanvases(stats);
    check('every canvas is drawn after the page loads (default preset)', blank.length === 0, describeCanvases(stats));
  });

  // --- 3. Play lowers the loss; the page's run is the command line's -------------------
  await section('play e2-shallow-tanh', async () => {
    await fresh(page, origin, 'preset=e2-shallow-tanh');
    await setValue(page, 'header [data-key=speed]', '1000');
    const s0 = await L.state(page);
    check(
      'the speed slider sets speed=1000 in the hash and the output',
      s0.hash.includes('speed=1000') && /1000 steps\/frame/.test(await page.textContent('#speed-value')),
      `hash ${s0.hash}`,
    );
    await page.click('#play');
    const playingUi = await page.evaluate(() => {
      const b = document.getElementById('play');
      return { text: b.textContent, pressed: b.getAttribute('aria-pressed') };
    });
    check('#play turns into "❚❚ Pause" with aria-pressed=true while playing', playingUi.text === '❚❚ Pause' && playingUi.pressed === 'true', JSON.stringify(playingUi));
    // Train for 50 epochs at least (the run of 500 may end before we look).
    await until(page, (s) => s.step >= 50 * 16 || s.finished, null, 15_000);
    await pause(page);
    const s1 = await L.state(page);
    const rows = parseCsv(await L.csv(page, 'loss')).rows;
    const first = cell(rows[0]?.train_loss);
    const last = cell(rows.at(-1)?.train_loss);
    check(
      'pressing play lowers the training loss (epoch 1 vs the latest epoch)',
      rows.length >= 2 && last < first && s1.last_train_loss === last,
      `epoch ${rows[0]?.epoch}: ${first}, epoch ${rows.at(-1)?.epoch}: ${last}, page_state ${s1.last_train_loss}, step ${s1.step}`,
    );
    const k = Number(rows.at(-1).epoch);
    const cmp = compareLossCsv(await L.csv(page, 'loss'), cli('run', 'e2-shallow-tanh', '--epochs', String(k), '--format', 'csv'));
    check(`the played run's loss CSV equals \`gradient-lab run e2-shallow-tanh --epochs ${k} --format csv\``, cmp.ok, cmp.detail);
    const stats = await L.canvasStats(page);
    check('every canvas is drawn after training', blankCanvases(stats).length === 0, describeCanvases(stats));
  });

  // --- 4. Step by step: the page's live run equals the command line --------------------
  await section('step e2-shallow-tanh', async () => {
    const k = 3;
    const cliCsv = cli('run', 'e2-shallow-tanh', '--epochs', String(k), '--format', 'csv');
    const perEpoch = Number(parseCsv(cliCsv).rows[0].step);
    await fresh(page, origin, 'preset=e2-shallow-tanh');
    for (let i = 0; i < k * perEpoch; i++) await page.click('#step');
    await until(page, (s, n) => s.step === n, k * perEpoch);
    const s = await L.state(page);
    const cmp = compareLossCsv(await L.csv(page, 'loss'), cliCsv);
    check(
      `${k * perEpoch} clicks on #step (${k} epochs) give the command line's ${k} rows exactly`,
      cmp.ok && cmp.rows === k && s.step === k * perEpoch && !s.playing,
      `${cmp.detail}; step ${s.step}`,
    );
    check('the status line shows the step and epoch', (await page.textContent('#status')).startsWith(`step ${k * perEpoch} · epoch ${k} of 500 · train loss`), await page.textContent('#status'));

    // The page and the command line must compute the same numbers, bit for bit.
    for (const [preset, epochs] of [['e2-shallow-tanh', 5], ['e1-no-clip', 2], ['e3-sigmoid', 100]]) {
      const pageOut = await page.evaluate(([p, e]) => window.wasmBindings.run_preset_jsonl(p, e), [preset, epochs]);
      const cliOut = cli('run', preset, '--epochs', String(epochs), '--format', 'jsonl');
      const same = pageOut.trim() === cliOut.trim() && cliOut.trim().length > 0;
      check(
        `${preset}: run_preset_jsonl prints the same JSON lines as the command line`,
        same,
        same ? `${cliOut.trim().split('\n').length} lines` : `page:\n${pageOut}\ncli:\n${cliOut}`,
      );
    }
  });

  // --- 5. A diverged run: banner, then the controls still respond ----------------------
  await section('diverge e1-no-clip', async () => {
    await fresh(page, origin, 'preset=e1-no-clip');
    await page.click('#play');
    const shown = await page
      .waitForFunction(() => {
        const b = document.getElementById('banner');
        return !b.hidden && /diverged at step \d+/.test(b.textContent);
      }, null, { timeout: SHORT })
      .then(() => true, () => false);
    const s = await L.state(page);
    const text = await page.textContent('#banner');
    check(
      'e1-no-clip: after play #banner shows "⚠ diverged at step N — …" within 5 s',
      shown && text.startsWith('⚠ diverged at step ') && /^diverged at step \d+/.test(s.diverged ?? '') && !s.playing,
      `banner "${text}", state.diverged "${s.diverged}", playing ${s.playing}, step ${s.step}`,
    );
    const clipped = await clippedMenus(page);
    check('e1-no-clip: no menu shows its chosen text cut off', clipped.length === 0, clipped.join('; '));
    const shot = join(L.OUT, 'e1-diverged-1600x1000.png');
    await page.screenshot({ path: shot, fullPage: true });
    screenshots.push(shot);
    await page.selectOption('#c-clip-mode', 'global');
    const recovered = await eventually(page, (s) => s.diverged == null && s.step <= 1);
    const s2 = await L.state(page);
    const hash = await page.evaluate(() => location.hash);
    check(
      'after divergence, clip-mode → global hides the banner, restarts at step 0 and writes clip=global: to the hash',
      recovered && (await page.isHidden('#banner')) && hash.includes('clip=global:') && s2.hash.includes('clip=global:') &&
        !(await page.isDisabled('#play')),
      `step ${s2.step}, diverged ${s2.diverged}, location.hash ${hash}`,
    );
    await page.click('#play');
    const advanced = await eventually(page, (s) => s.step >= 200 || s.finished);
    await pause(page);
    const s3 = await L.state(page);
    check(
      'with clipping, play advances and the run does not diverge',
      advanced && s3.diverged == null && (await page.isHidden('#banner')),
      `step ${s3.step}, diverged ${s3.diverged}`,
    );
  });

  // --- 8. Keyboard ---------------------------------------------------------------------
  await section('keyboard', async () => {
    await fresh(page, origin, 'preset=e2-shallow-tanh');
    await page.evaluate(() => {
      document.activeElement?.blur();
      document.body.focus();
    });
    await page.keyboard.press('Space');
    const on = await eventually(page, (s) => s.playing, null, 2000);
    await page.keyboard.press('Space');
    const off = await eventually(page, (s) => !s.playing, null, 2000);
    check('space plays, space again pauses', on && off, `playing after 1st: ${on}, paused after 2nd: ${off}`);
    const before = (await L.state(page)).step;
    await page.keyboard.press('ArrowRight');
    const stepped = await eventually(page, (s, n) => s.step === n + 1, before, 2000);
    check('ArrowRight runs one step', stepped, `step ${before} → ${(await L.state(page)).step}`);
    await page.focus('#c-seed');
    await page.keyboard.press('r');
    const kept = (await L.state(page)).step;
    check('r in a number input does not reset the run', kept === before + 1, `step ${kept}`);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('r');
    const reset = await eventually(page, (s) => s.step === 0 && !s.playing, null, 2000);
    check('r resets to step 0', reset, `step ${(await L.state(page)).step}`);
    // A mouse user's focus stays on #play: space must then toggle once, not twice.
    await page.click('#play');
    await page.keyboard.press('Space');
    const once = await eventually(page, (s) => !s.playing, null, 2000);
    check('space with the focus on #play (after a click) pauses once, not twice', once, `playing ${(await L.state(page)).playing}`);
  });

  // --- 7. Rejected values, extremes, junk ---------------------------------------------
  await section('rejected value', async () => {
    await fresh(page, origin, 'preset=e2-deep-tanh');
    for (let i = 0; i < 5; i++) await page.click('#step');
    const before = await L.state(page);
    await page.selectOption('#c-loss', 'cross-entropy');
    await page.waitForSelector('#notes-box:not([hidden])', { timeout: SHORT }).catch(() => {});
    const after = await L.state(page);
    const rejected = await page.$eval('#c-loss', (e) => e.classList.contains('rejected'));
    const noteText = await page.textContent('#notes');
    check(
      'loss → cross-entropy on two circles is rejected: class "rejected", a note, and the run keeps its settings and steps',
      rejected && (await page.isVisible('#notes-box')) && /loss=cross-entropy/.test(noteText) &&
        after.hash === before.hash && after.step === before.step && after.notes.length === before.notes.length + 1,
      `rejected ${rejected}, notes "${noteText}", hash ${before.hash} → ${after.hash}, step ${before.step} → ${after.step}`,
    );
    await page.click('#play');
    const goes = await eventually(page, (s, n) => s.step > n, after.step);
    await pause(page);
    check('after the rejection the run still plays', goes, `step ${(await L.state(page)).step}`);
    await page.click('#dismiss');
    check('#dismiss hides the notes box', await page.isHidden('#notes-box').catch(() => false));
  });

  await section('extremes', async () => {
    await fresh(page, origin, 'preset=e2-deep-tanh&speed=50');
    for (const [what, selector, value, inHash] of [
      ['lr at its maximum (10)', '#c-lr', '1', 'lr=10'],
      ['lr at its minimum (1e-5)', '#c-lr', '-5', 'lr=0.00001'],
      ['10 hidden layers', '#c-layers', '10', 'hidden=5,5,5,5,5,5,5,5,5,5'],
      ['width 64 (10 × 64)', '#c-width', '64', 'hidden=64,64,64,64,64,64,64,64,64,64'],
      ['dropout 0.9', '#c-dropout', '0.9', 'dropout=0.9'],
      ['batch size 1', '#c-batch_size', '1', 'batch_size=1'],
    ]) {
      const problemsBefore = problems.console.length;
      if (selector === '#c-batch_size') await page.selectOption(selector, value);
      else await setValue(page, selector, value);
      const s0 = await L.state(page);
      const rejected = await page.$eval(selector, (e) => e.classList.contains('rejected'));
      await page.click('#play');
      const moved = await eventually(page, (s, n) => s.step > n || s.diverged != null, s0.step);
      await pause(page);
      const s1 = await L.state(page);
      const newProblems = problems.console.slice(problemsBefore);
      check(
        `${what}: applied (${inHash}), the page keeps running`,
        !rejected && s0.hash.includes(inHash) && moved && newProblems.length === 0,
        `hash ${s0.hash}; step ${s0.step} → ${s1.step}${s1.diverged ? `, diverged: ${s1.diverged}` : ''}${newProblems.length ? `; ${newProblems.join(' | ')}` : ''}`,
      );
    }
    const stats = await L.canvasStats(page);
    check('every canvas is drawn after the extremes', blankCanvases(stats).length === 0, describeCanvases(stats));
  });

  await section('junk hash', async () => {
    await fresh(page, origin, 'preset=nope&lr=abc&depth=7&speed=0&%zz');
    const s = await L.state(page);
    const notes = await page.$$eval('#notes li', (lis) => lis.map((l) => l.textContent));
    const want = ["unknown preset 'nope'", 'ignored lr=abc', 'ignored depth=7', 'ignored speed=0', 'ignored %zz'];
    const missing = want.filter((w) => !notes.some((n) => n.startsWith(w)));
    check(
      'a junk hash opens with the notes box listing every ignored item',
      (await page.isVisible('#notes-box')) && missing.length === 0,
      missing.length ? `missing ${missing.join(' / ')} in ${JSON.stringify(notes)}` : `${notes.length} notes`,
    );
    check(
      'the junk hash opens the default preset (e2-deep-tanh, speed 10)',
      s.preset === 'e2-deep-tanh' && s.hash === 'preset=e2-deep-tanh' && (await valueOf(page, 'header [data-key=speed]')) === '10',
      `preset ${s.preset}, hash ${s.hash}`,
    );
    const stats = await L.canvasStats(page);
    check('every canvas is drawn after a junk hash', blankCanvases(stats).length === 0, describeCanvases(stats));
    await page.click('#play');
    const goes = await eventually(page, (s) => s.step > 0);
    await pause(page);
    check('after a junk hash the default run plays', goes, `step ${(await L.state(page)).step}`);
  });

  // --- hashchange and the finished state ----------------------------------------------
  await section('hashchange', async () => {
    await fresh(page, origin, 'preset=e2-shallow-tanh');
    await page.evaluate(() => (location.hash = '#preset=e3-relu&lr=0.5'));
    const reopened = await eventually(page, (s) => s.preset === 'e3-relu');
    const s = await L.state(page);
    check(
      'changing location.hash reopens the page with that link',
      reopened && s.hash === 'preset=e3-relu&lr=0.5' && (await valueOf(page, '#preset')) === 'e3-relu' &&
        (await page.$eval('.control[data-key=lr] output', (o) => o.textContent)) === '0.5',
      `state.hash ${s.hash}`,
    );
    await fresh(page, origin, 'preset=e2-deep-tanh&hide=seed,data,loss');
    const hidden = await page.evaluate(() => ({
      seed: document.querySelector('.control[data-key=seed]').hidden,
      data: document.querySelector('.control[data-key=data]').hidden,
      lr: document.querySelector('.control[data-key=lr]').hidden,
      loss: document.querySelector('figure.panel[data-panel=loss]').hidden,
      model: document.querySelector('figure.panel[data-panel=model]').hidden,
    }));
    const sh = await L.state(page);
    check(
      'hide=seed,data,loss hides those controls and that panel, and stays in the hash',
      hidden.seed && hidden.data && hidden.loss && !hidden.lr && !hidden.model && sh.hash === 'preset=e2-deep-tanh&hide=seed,data,loss',
      `${JSON.stringify(hidden)}, hash ${sh.hash}`,
    );
    await fresh(page, origin, 'preset=e2-shallow-tanh&epochs=2');
    await page.click('#play');
    const done = await eventually(page, (s) => s.finished && !s.playing);
    check(
      'a finished run (epochs=2) pauses, disables #play and #step, and says "finished"',
      done && (await page.isDisabled('#play')) && (await page.isDisabled('#step')) && /finished$/.test(await page.textContent('#status')),
      `status "${await page.textContent('#status')}"`,
    );
  });

  // --- Through time (E6): a recurrent net's own panel and controls ---------------------------
  await section('through time', async () => {
    await fresh(page, origin, 'preset=e6-vanishing&speed=1000');
    const stats = await L.canvasStats(page);
    const shown = stats.filter((x) => !x.hidden).map((x) => x.panel);
    const visible = async (sel) => page.isVisible(sel);
    check(
      'e6-vanishing shows only the through-time panel, drawn, with the "Through time" controls alone',
      shown.length === 1 && shown[0] === 'through-time' && blankCanvases(stats).length === 0 &&
        (await visible('#rnn-controls')) && !(await visible('#cliff-controls')) && !(await visible('#c-lr')) &&
        !(await visible('#c-rnn-forget_bias')) && !(await visible('header [data-key=yscale]')),
      `visible: ${shown.join(', ')}; ${describeCanvases(stats)}`,
    );
    await page.click('#play');
    const done = await eventually(page, (s) => s.finished, null, 30_000);
    const status = await page.textContent('#status');
    check('e6-vanishing plays to "step 200 of 200 … finished"', done && /^step 200 of 200 .*finished$/.test(status), status);

    // The page's recurrent trainer (wasm) against the command line's (native), every step.
    const p = parseCsv(await L.csv(page, 'through-time'));
    const c = parseCsv(cli('rnn', 'e6-vanishing', '--format', 'csv'));
    const dh = c.header.filter((k) => k.startsWith('dh_'));
    let mismatch = '';
    if (p.rows.length !== 200 || c.rows.length !== 200 || dh.length !== 50) {
      mismatch = `rows page ${p.rows.length}, cli ${c.rows.length}, dh columns ${dh.length}`;
    }
    for (let i = 0; i < p.rows.length && !mismatch; i++) {
      for (const k of ['step', 'loss', 'grad_norm', ...dh]) {
        if (!Object.is(cell(p.rows[i][k]), cell(c.rows[i][k]))) {
          mismatch = `step ${i + 1} ${k}: page ${p.rows[i][k]} vs cli ${c.rows[i][k]}`;
          break;
        }
      }
    }
    check("every step's loss, gradient norm and ‖∂L/∂h_t‖ (t = 1..50) equal `gradient-lab rnn e6-vanishing`'s", !mismatch, mismatch || '200 steps × 52 columns');
    const first = p.rows[0] ?? {};
    const ratio = cell(first.dh_1) / cell(first.dh_50);
    check('at step 1 the gradient reaching h_1 is 1e15 or more below h_50 (vanishing)', ratio <= 1e-15, `h_1/h_50 = ${ratio}`);

    await page.selectOption('#c-rnn-cell', 'lstm');
    const restarted = await eventually(page, (s) => s.step === 0 && s.hash.includes('cell=lstm'));
    const caption = await page.textContent('#caption');
    check(
      'choosing the LSTM cell restarts the run, writes cell=lstm to the hash and shows the forget-bias control',
      restarted && (await visible('#c-rnn-forget_bias')) && /Settings changed/.test(caption),
      await page.evaluate(() => location.hash),
    );

    // Unclipped with lr 10 the loss overflows: a banner, not a freeze; clipping recovers.
    await fresh(page, origin, 'preset=e6-exploding&lr=10&steps=200&speed=1000');
    await page.click('#play');
    const broke = await eventually(page, (s) => s.finished && s.diverged !== null, null, 30_000);
    const s1 = await L.state(page);
    const banner = await page.textContent('#banner');
    check(
      'e6-exploding with lr 10: the banner says "diverged at step N", play stops, the panel is drawn',
      broke && /^⚠ diverged at step \d+/.test(banner) && !s1.playing &&
        blankCanvases((await L.canvasStats(page)).filter((x) => !x.hidden)).length === 0,
      `banner "${banner}", status "${s1.status}"`,
    );
    const shot = join(L.OUT, 'e6-exploding-diverged-1600x1000.png');
    await page.screenshot({ path: shot, fullPage: true });
    screenshots.push(shot);
    await page.selectOption('#c-rnn-clip-mode', 'global');
    const cleared = await eventually(page, (s) => s.diverged === null && s.step === 0 && /clip=global:/.test(s.hash));
    await page.click('#play');
    const clean = await eventually(page, (s) => s.finished, null, 30_000);
    const s2 = await L.state(page);
    check(
      'clip mode → global clears the banner, and the clipped run reaches step 200 with clipping acting',
      cleared && clean && s2.diverged === null && (await page.isHidden('#banner')) && /^step 200 of 200 .*clipped \d+ steps/.test(s2.status),
      s2.status,
    );

    // A bad value from a link is a note; the run keeps the preset's value.
    await fresh(page, origin, 'preset=e6-gru&t=5000&cell=transformer');
    const s3 = await L.state(page);
    check(
      'junk recurrent settings in the link (t=5000, cell=transformer) become two notes, the page still draws',
      s3.notes.length === 2 && s3.notes.every((n) => n.startsWith('ignored ')) && s3.hash === 'preset=e6-gru' &&
        blankCanvases((await L.canvasStats(page)).filter((x) => !x.hidden)).length === 0,
      JSON.stringify(s3.notes),
    );

    // The LSTM learning the adding problem, in both themes: what the room sees.
    for (const theme of ['default', 'projector']) {
      await fresh(page, origin, `preset=e6-learning-lstm&speed=1000${theme === 'projector' ? '&theme=projector' : ''}`);
      await page.click('#play');
      const ended = await eventually(page, (s) => s.finished, null, 90_000);
      const st = await L.state(page);
      const loss = Number((/loss ([0-9.e+-]+)/.exec(st.status) || [])[1]);
      check(`e6-learning-lstm (${theme}): 1500 steps, the last step's loss below 0.05 (no-memory loss 0.167)`, ended && loss < 0.05, st.status);
      await mkdir(L.OUT, { recursive: true });
      const path = join(L.OUT, `e6-learning-lstm-${theme}-1600x1000.png`);
      await page.screenshot({ path, fullPage: true });
      screenshots.push(path);
    }
  });

  // --- E4 on the 8×8 digits: real images, the weight-change story ---------------------------
  await section('digits', async () => {
    for (const theme of ['default', 'projector']) {
      await fresh(page, origin, `preset=e4-digits-sigmoid&epochs=30&speed=1000${theme === 'projector' ? '&theme=projector' : ''}`);
      await page.click('#play');
      const done = await eventually(page, (s) => s.finished, null, 60_000);
      const cmp = compareLossCsv(await L.csv(page, 'loss'), cli('run', 'e4-digits-sigmoid', '--set', 'epochs=30', '--format', 'csv'));
      check(`e4-digits-sigmoid (${theme}): 30 epochs on the page equal the command line's, epoch by epoch`, done && cmp.ok, cmp.detail);
      const model = parseCsv(await L.csv(page, 'model'));
      const right = model.rows.filter((r) => r.label === r.predicted).length;
      const stats = (await L.canvasStats(page)).filter((x) => !x.hidden);
      check(
        `e4-digits-sigmoid (${theme}): the model panel shows 32 test digits with answers, every panel drawn`,
        model.header.join(',') === 'image,label,predicted,probability' && model.rows.length === 32 && blankCanvases(stats).length === 0,
        `${right} of ${model.rows.length} right; ${describeCanvases(stats)}`,
      );
      const path = join(L.OUT, `e4-digits-${theme}-1600x1000.png`);
      await page.screenshot({ path, fullPage: true });
      screenshots.push(path);
    }
  });

  // --- The cliff (E7): its own panel instead of the network's ----------------------------
  await section('cliff', async () => {
    await fresh(page, origin, 'preset=e7-cliff');
    const stats = await L.canvasStats(page);
    const shown = stats.filter((x) => !x.hidden).map((x) => x.panel);
    check(
      'e7-cliff shows only the cliff panel, drawn',
      shown.length === 1 && shown[0] === 'cliff' && blankCanvases(stats).length === 0,
      `visible: ${shown.join(', ')}; ${describeCanvases(stats)}`,
    );
    await page.click('#play');
    // The status line counts the cliff's steps (page_state().step is the network's).
    const goes = await page
      .waitForFunction(() => /^step [1-9]/.test(document.getElementById('status').textContent), null, { timeout: SHORT })
      .then(() => true, () => false);
    await pause(page);
    check('e7-cliff: play advances the descents', goes, await page.textContent('#status'));

    // A click on the right view's surface moves the start of both descents there.
    const box = await page.locator('figure.cliff canvas').boundingBox();
    await page.mouse.click(box.x + box.width * 0.66, box.y + box.height * 0.3);
    const moved = await page
      .waitForFunction(() => /[&#]w=/.test(location.hash) && /&b=/.test(location.hash), null, { timeout: SHORT })
      .then(() => true, () => false);
    const hash = await page.evaluate(() => location.hash);
    check('a click on the surface sets the start (w= and b= in the hash) and restarts', moved, hash);
    const clickBefore = await page.evaluate(() => location.hash);
    await page.mouse.click(box.x + 4, box.y + 4);
    check(
      'a click outside the surfaces (the corner) changes nothing',
      (await page.evaluate(() => location.hash)) === clickBefore,
      await page.evaluate(() => location.hash),
    );

    // The preset played to the end, in both themes: what the room sees.
    for (const theme of ['default', 'projector']) {
      await fresh(page, origin, `preset=e7-cliff&speed=1000${theme === 'projector' ? '&theme=projector' : ''}`);
      await page.click('#play');
      const ended = await page
        .waitForFunction(() => /^step 200 of 200/.test(document.getElementById('status').textContent), null, { timeout: SHORT })
        .then(() => true, () => false);
      const status = await page.textContent('#status');
      const acted = Number((/clipping acted on (\d+) steps/.exec(status) || [])[1] || 0);
      check(`e7-cliff (${theme}): played to step 200, clipping acted`, ended && acted > 0, status);
      const cstats = (await L.canvasStats(page)).filter((x) => !x.hidden);
      check(`e7-cliff (${theme}): the cliff canvas is drawn`, blankCanvases(cstats).length === 0, describeCanvases(cstats));
      await mkdir(L.OUT, { recursive: true });
      const shot = join(L.OUT, `e7-cliff-${theme}-1600x1000.png`);
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`e2e: screenshot ${shot}`);
    }
  });

  // --- The optimizer race (E8): tests/e2e/race.mjs --------------------------------------
  await section('race', () => raceChecks({ page, origin, check, fresh, blankCanvases, describeCanvases, pause }));

  // --- Overfitting and its cures (E9): tests/e2e/cures.mjs ------------------------------
  await section('cures', () =>
    cureChecks({ page, origin, check, fresh, until, pause, setValue, compareLossCsv, cli, blankCanvases, describeCanvases }),
  );

  // --- The network diagram (issue 14): tests/e2e/diagram.mjs ----------------------------
  await section('diagram', () =>
    diagramChecks({ page, origin, check, fresh, until, pause, compareLossCsv, cli, blankCanvases, describeCanvases }),
  );

  // --- Your own data: tests/e2e/data.mjs ----------------------------------------------
  await section('your own data', () =>
    dataChecks({ page, origin, check, fresh, until, compareLossCsv, cli, blankCanvases, describeCanvases }),
  );

  // --- Input features, regenerate and the model panel's view: tests/e2e/inputs.mjs ------
  await section('inputs', () =>
    inputChecks({ page, origin, check, fresh, until, pause, compareLossCsv, cli, blankCanvases, describeCanvases }),
  );

  // --- Hosting anywhere: dist/ copied into a course site's folder ---------------------
  await section('hosting', async () => {
    const prefix = '/course/lab/';
    const sub = await L.serveDist({ prefix });
    const p = await L.openPage(browser, problems, { width: 1280, height: 720, label: 'sub-path' });
    const bad = [];
    p.on('response', (r) => r.status() >= 400 && bad.push(`${r.status()} ${r.url()}`));
    try {
      for (const hash of ['preset=e2-deep-tanh', 'preset=e4-digits-sigmoid']) {
        await L.load(p, `${sub.origin}${prefix.slice(0, -1)}`, hash);
        await p.click('#step');
        const blank = blankCanvases(await L.canvasStats(p)).map((x) => x.panel);
        check(`dist/ served from ${prefix} (${hash}): loads and draws every canvas`, blank.length === 0, `blank: ${blank}`);
      }
      const root = await fetch(`${sub.origin}/`).then((r) => r.status);
      check(
        `nothing it loads comes from the site's root (/ is a 404 there) and no request fails`,
        bad.length === 0 && root === 404,
        `root ${root}; ${bad.join(' ')}`,
      );
    } finally {
      await p.context().close();
      await L.closeServer(sub);
    }
  });

  // --- E5 side by side: the compare panel, numbers equal to `gradient-lab compare` ------
  await section('compare', async () => {
    const epochs = 5;
    const hash0 = `preset=e5-digits-sigmoid&compare=activation&epochs=${epochs}`;
    await fresh(page, origin, hash0);
    const figure = 'figure.panel[data-panel=compare]';
    const stats = await L.canvasStats(page);
    const cmpStats = stats.find((x) => x.panel === 'compare');
    check(
      `${hash0}: the compare panel is shown and drawn, with the network panels`,
      cmpStats && !cmpStats.hidden && blankCanvases(stats).length === 0 && PANELS.every((p) => stats.some((x) => x.panel === p && !x.hidden)),
      describeCanvases(stats),
    );
    const s0 = await L.state(page);
    check(
      'the hash keeps compare=activation, the header menu shows it, no notes',
      s0.hash === `preset=e5-digits-sigmoid&epochs=${epochs}&compare=activation` && (await valueOf(page, 'header [data-key=compare]')) === 'activation' && s0.notes.length === 0 && s0.compare_step === 0,
      `hash ${s0.hash}, menu ${await valueOf(page, 'header [data-key=compare]')}, notes ${JSON.stringify(s0.notes)}`,
    );
    const exports = await page.$$eval(`${figure} button[data-export]`, (bs) => bs.map((b) => b.dataset.export).join(','));
    check('the compare panel has PNG and CSV buttons', exports === 'png,csv', exports);

    // Play at full speed to the end, sampling the frame timings on the way.
    await setValue(page, 'header [data-key=speed]', '1000');
    await page.click('#play');
    const frames = [];
    const t0 = Date.now();
    let s1 = await L.state(page);
    while (!(s1.finished && !s1.playing) && Date.now() - t0 < 30_000) {
      frames.push(s1.stats);
      await page.waitForTimeout(20);
      s1 = await L.state(page);
    }
    const perRun = epochs * 13;
    const status = await page.textContent('#status');
    check(
      `play runs the net and all five variants to epoch ${epochs} (${perRun} steps each), then stops`,
      s1.finished && !s1.playing && s1.step === perRun && s1.compare_step === perRun && / · finished$/.test(status) && (await page.isDisabled('#play')),
      `step ${s1.step}, compare_step ${s1.compare_step}, playing ${s1.playing}, status "${status}"`,
    );
    const worst = Math.max(...frames.map((f) => f.step_ms));
    const rounds = frames.map((f) => f.rounds_last_frame).filter((r) => r > 0);
    console.log(`   compare: ${frames.length} samples, step_ms max ${worst.toFixed(1)}, median ${L.median(frames.map((f) => f.step_ms)).toFixed(1)}, draw_ms median ${L.median(frames.map((f) => f.draw_ms)).toFixed(1)}, rounds per frame ${rounds.join(' ')}`);

    const pageCsv = await L.csv(page, 'compare');
    const cliCsv = cli('compare', 'e5-digits-sigmoid', '--set', `epochs=${epochs}`, '--format', 'csv');
    const p = parseCsv(pageCsv);
    const c = parseCsv(cliCsv);
    const labels = ['sigmoid', 'tanh', 'relu', 'leaky-relu:0.2', 'elu:1'];
    const columns = ['train_loss', 'test_loss'].flatMap((k) => labels.map((l) => `${k}_${l}`));
    let diff = '';
    if (p.header.join() !== c.header.join() || p.header.join() !== ['epoch', ...columns].join()) diff = `headers: page ${p.header} vs cli ${c.header}`;
    else if (p.rows.length !== epochs + 1 || c.rows.length !== epochs + 1) diff = `rows: page ${p.rows.length}, cli ${c.rows.length}`;
    for (const [i, row] of p.rows.entries()) {
      for (const k of p.header) {
        const a = cell(row[k]);
        const b = cell(c.rows[i]?.[k]);
        if (!diff && (!Object.is(a, b) || a === null)) diff = `epoch ${row.epoch} ${k}: page ${row[k]} vs cli ${c.rows[i]?.[k]}`;
      }
    }
    check(
      `page_csv('compare') gives every variant's train and test loss per epoch 0..${epochs} exactly as \`gradient-lab compare e5-digits-sigmoid --set epochs=${epochs} --format csv\``,
      !diff,
      diff || `${p.rows.length} rows × ${columns.length} losses; epoch ${epochs} sigmoid ${p.rows.at(-1).train_loss_sigmoid}, tanh ${p.rows.at(-1).train_loss_tanh}`,
    );

    const step = s1.compare_step;
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: SHORT }), page.click(`${figure} button[data-export=png]`)]);
    const size = (await png.failure()) ? null : pngSize(await readFile(await png.path()));
    check(
      'compare: the PNG button downloads a 1920×1080 PNG',
      size && size.width === 1920 && size.height === 1080 && png.suggestedFilename() === `gradient-lab-e5-digits-sigmoid-compare-step${step}.png`,
      `${png.suggestedFilename()}: ${size ? `${size.width}x${size.height}` : 'not a PNG'}`,
    );
    const [csvDl] = await Promise.all([page.waitForEvent('download', { timeout: SHORT }), page.click(`${figure} button[data-export=csv]`)]);
    const text = (await csvDl.failure()) ? '' : await readFile(await csvDl.path(), 'utf8');
    check('compare: the CSV button downloads page_csv(\'compare\')', text === pageCsv && text.length > 0, `${csvDl.suggestedFilename()}: ${text.split('\n').length} lines`);

    // What the room sees. Chromium warns when a canvas is read back twice, so
    // each load reads the canvases once: the projector theme gets its own load.
    await page.evaluate(() => document.activeElement?.blur());
    const shot = join(L.OUT, 'e5-compare-default-1600x1000.png');
    await page.screenshot({ path: shot, fullPage: true });
    screenshots.push(shot);

    // Off from the header menu: the panel goes, and so does the key.
    await page.selectOption('header [data-key=compare]', 'off');
    const off = await L.state(page);
    const csvOff = await L.csv(page, 'compare').then(() => 'a CSV', (e) => String(e.message || e).split('\n')[0]);
    check(
      'compare → off hides the panel, drops compare= from the hash and the comparison\'s CSV',
      (await page.isHidden(figure)) && !off.hash.includes('compare') && !(await page.evaluate(() => location.hash)).includes('compare') &&
        off.compare_step === null && /comparison is off/.test(csvOff) && off.step === perRun,
      `hash ${off.hash}, compare_step ${off.compare_step}, page_csv: ${csvOff}, step ${off.step}`,
    );

    // Picking an E5 preset from the menu turns it on; another experiment turns it off.
    await fresh(page, origin, 'preset=e2-shallow-tanh&speed=1000');
    await page.selectOption('#preset', 'e5-digits-relu');
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const on = await L.state(page);
    const picked = (await L.canvasStats(page)).find((x) => x.panel === 'compare');
    check(
      'picking e5-digits-relu from the menu turns the comparison on (compare=activation in the hash, the panel drawn)',
      on.hash === 'preset=e5-digits-relu&speed=1000&compare=activation' && (await page.evaluate(() => location.hash)) === `#${on.hash}` &&
        picked && !picked.hidden && picked.variance > DRAWN_VARIANCE && (await valueOf(page, 'header [data-key=compare]')) === 'activation',
      `hash ${on.hash}, panel ${JSON.stringify(picked)}`,
    );
    await page.selectOption('#preset', 'e7-cliff');
    const cliffState = await L.state(page);
    check(
      'picking e7-cliff hides the compare panel and the compare menu, and drops compare=',
      (await page.isHidden(figure)) && (await page.isHidden('header label:has([data-key=compare])')) && !cliffState.hash.includes('compare'),
      `hash ${cliffState.hash}`,
    );
    await page.selectOption('#preset', 'e2-shallow-tanh');
    await page.selectOption('header [data-key=compare]', 'activation');
    await page.click('#play');
    const bothMove = await eventually(page, (s) => s.step > 0 && s.compare_step > 0);
    await pause(page);
    const e2 = await L.state(page);
    check(
      'the header menu turns the comparison on for any network preset (e2-shallow-tanh), and play trains both',
      bothMove && e2.hash === 'preset=e2-shallow-tanh&speed=1000&compare=activation' && (await page.isVisible(figure)),
      `hash ${e2.hash}, step ${e2.step}, compare_step ${e2.compare_step}`,
    );

    await fresh(page, origin, `${hash0}&speed=1000&theme=projector`);
    await page.click('#play');
    await until(page, (s) => s.finished && !s.playing, null, 30_000);
    await page.evaluate(() => document.activeElement?.blur());
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const pstats = await L.canvasStats(page);
    check('compare (projector): played to the end, every shown canvas is drawn', blankCanvases(pstats).length === 0 && !pstats.find((x) => x.panel === 'compare').hidden, describeCanvases(pstats));
    const pshot = join(L.OUT, 'e5-compare-projector-1600x1000.png');
    await page.screenshot({ path: pshot, fullPage: true });
    screenshots.push(pshot);
    await fresh(page, origin, `${hash0}&hide=compare`);
    check('hide=compare hides the panel and the menu', (await page.isHidden(figure)) && (await page.isHidden('header label:has([data-key=compare])')), (await L.state(page)).hash);
  });

  // --- 6. The URL round trip ----------------------------------------------------------
  await section('url round trip', async () => {
    await fresh(page, origin, 'preset=e2-deep-tanh');
    await setValue(page, '#c-lr', '-1.5');
    await setValue(page, '#c-layers', '3');
    await page.selectOption('#c-activation', 'relu');
    await page.check('#c-batch_norm');
    await page.selectOption('header [data-key=theme]', 'projector');
    const ids = ['#c-lr', '#c-layers', '#c-activation', '#c-batch_norm', 'header [data-key=theme]', '#preset'];
    const before = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await valueOf(page, id)])));
    const lrOut = await page.$eval('.control[data-key=lr] output', (o) => o.textContent);
    const hash = await page.evaluate(() => location.hash);
    const s0 = await L.state(page);
    check(
      'setting lr, layers, activation, batch_norm and theme rewrites the hash',
      hash === `#${s0.hash}` && ['lr=0.03162', 'hidden=5,5,5', 'activation=relu', 'batch_norm=true', 'theme=projector'].every((p) => hash.includes(p)) &&
        (await page.$eval('body', (b) => b.classList.contains('projector'))),
      hash,
    );
    const page2 = await L.openPage(browser, problems, { width: 1600, height: 1000, label: 'round-trip' });
    try {
      await page2.goto(`${origin}/${hash}`, { waitUntil: 'load', timeout: L.LOAD_TIMEOUT_MS });
      await L.waitReady(page2);
      const after = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await valueOf(page2, id)])));
      const s1 = await L.state(page2);
      const diff = ids.filter((id) => before[id] !== after[id]);
      check(
        'a fresh page at that URL shows the same control values, theme and hash',
        diff.length === 0 && s1.hash === s0.hash && (await page2.evaluate(() => location.hash)) === hash &&
          (await page2.$eval('body', (b) => b.classList.contains('projector'))) &&
          (await page2.$eval('.control[data-key=lr] output', (o) => o.textContent)) === lrOut && s1.notes.length === 0,
        diff.length ? diff.map((id) => `${id}: ${before[id]} vs ${after[id]}`).join(', ') : `hash ${s1.hash}, controls ${JSON.stringify(after)}`,
      );
    } finally {
      await page2.closeAll();
    }
  });

  // --- 9. Exports ---------------------------------------------------------------------
  await section('export', async () => {
    let step = 0;
    for (const panel of PANELS) {
      // A fresh page per panel: Chromium drops the 11th download a page makes within
      // a few seconds, which no person clicking buttons would meet.
      await fresh(page, origin, 'preset=e2-deep-tanh');
      for (let i = 0; i < 20; i++) await page.evaluate(() => window.wasmBindings.bench_frame());
      step = (await L.state(page)).step;
      const [png] = await Promise.all([
        page.waitForEvent('download', { timeout: SHORT }),
        page.click(`figure.panel[data-panel=${panel}] button[data-export=png]`),
      ]);
      const pngBuf = (await png.failure()) ? null : await readFile(await png.path());
      const size = pngBuf && pngSize(pngBuf);
      check(
        `${panel}: the PNG button downloads a 1920×1080 PNG`,
        size && size.width === 1920 && size.height === 1080 && png.suggestedFilename() === `gradient-lab-e2-deep-tanh-${panel}-step${step}.png`,
        `${png.suggestedFilename()}: ${size ? `${size.width}x${size.height}, ${pngBuf.length} bytes` : `not a PNG (${await png.failure()})`}`,
      );
      const [csvDl] = await Promise.all([
        page.waitForEvent('download', { timeout: SHORT }),
        page.click(`figure.panel[data-panel=${panel}] button[data-export=csv]`),
      ]);
      const text = (await csvDl.failure()) ? '' : await readFile(await csvDl.path(), 'utf8');
      const lines = text.split('\n').filter((l) => l.length);
      const header = lines[0] ?? '';
      const headerOk = /^[a-z_]+[a-z0-9_]*(,[a-z0-9_]+)+$/i.test(header) && !/^-?[\d.]/.test(header);
      const same = text === (await L.csv(page, panel));
      check(
        `${panel}: the CSV button downloads a CSV with a header line (= page_csv('${panel}'))`,
        headerOk && lines.length >= 2 && same && (panel !== 'loss' || header === LOSS_COLUMNS.join(',')),
        `${csvDl.suggestedFilename()}: ${lines.length} lines, header "${header.slice(0, 80)}"${same ? '' : ', differs from page_csv'}`,
      );
    }
  });

  // --- 10. Screenshots ------------------------------------------------------------------
  await section('screenshots', async () => {
    /** Opens e2-deep-tanh, plays a few hundred steps at speed 100, pauses. */
    async function trained(p) {
      await L.load(p, origin, 'preset=e2-deep-tanh&speed=100');
      await p.click('#play');
      await until(p, (s) => s.step >= 300, null, 15_000);
      await pause(p);
      await p.evaluate(() => document.activeElement?.blur());
      await redrawn(p);
    }
    /** A pause or a theme change marks the panels dirty: two animation frames later they are redrawn. */
    async function redrawn(p) {
      await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    }
    for (const [name, dpr, theme] of [
      ['e2-deep-tanh-default-1600x1000', 1, 'default'],
      ['e2-deep-tanh-projector-1600x1000', 1, 'projector'],
      ['e2-deep-tanh-default-1600x1000@2x', 2, 'default'],
    ]) {
      const p = await L.openPage(browser, problems, { width: 1600, height: 1000, deviceScaleFactor: dpr, label: name });
      try {
        await trained(p);
        if (theme !== 'default') {
          await p.selectOption('header [data-key=theme]', theme);
          await p.waitForFunction(() => document.body.classList.contains('projector'));
          await redrawn(p);
        }
        const stats = await L.canvasStats(p);
        check(`${name}: every canvas is drawn`, blankCanvases(stats).length === 0, describeCanvases(stats));
        const layout = await p.evaluate(() => {
          const r = (sel) => document.querySelector(sel).getBoundingClientRect();
          const controls = r('#controls');
          const panels = r('#panels');
          const groups = [...document.querySelectorAll('#controls fieldset')].map((f) => f.getBoundingClientRect().right);
          return {
            controlsRight: Math.max(controls.right, ...groups),
            panelsLeft: panels.left,
            scrollX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        check(
          `${name}: the settings column does not run under the charts, no horizontal scroll`,
          layout.controlsRight <= layout.panelsLeft && layout.scrollX <= 0,
          `settings right edge ${layout.controlsRight.toFixed(0)} px, charts left edge ${layout.panelsLeft.toFixed(0)} px, horizontal overflow ${layout.scrollX} px`,
        );
        const clipped = await clippedMenus(p);
        check(`${name}: no menu shows its chosen text cut off`, clipped.length === 0, clipped.join('; '));
        const shot = join(L.OUT, `${name}.png`);
        await p.screenshot({ path: shot, fullPage: true });
        screenshots.push(shot);
      } finally {
        await p.closeAll();
      }
    }
  });

  await section('languages', () =>
    languageChecks({ browser, problems, origin, check, until, pause, blankCanvases, describeCanvases, clippedMenus, screenshots }),
  );

  check('no console errors or warnings (all pages, whole run)', problems.console.length === 0, problems.console.join(' | '));
  check('no request to a host other than 127.0.0.1', problems.foreign.length === 0, problems.foreign.join(' '));
  check('no failed request', problems.failed.length === 0, problems.failed.join(' '));
} catch (e) {
  check('the end-to-end run completed', false, e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  await L.closeServer(server);
}

for (const s of screenshots) console.log(`e2e: screenshot ${s}`);
const bad = results.filter((r) => !r.ok).length;
console.log(`e2e: ${((Date.now() - T0) / 1000).toFixed(1)} s`);
console.log(`end-to-end: ${results.length - bad} of ${results.length} checks ok${bad ? `, ${bad} FAILED` : ''}`);
process.exit(bad ? 1 : 0);
