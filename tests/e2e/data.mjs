// Your own data in the page: a CSV text loaded through load_data() trains the run the
// command line trains with `--data-file` on the same file, step for step (each
// mini-batch loss) and epoch by epoch; a bad text, typed, picked or dropped, gives its
// line and column in the notes and leaves the run and the data as they were; the
// download gives the rows back; a link with data=file and no file opens with a note.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';

const GOOD = join(L.ROOT, 'tests', 'data', 'good');
const BAD = join(L.ROOT, 'tests', 'data', 'bad');

/** Loads `text` through the page's export: null when it loaded, else the message thrown. */
function loadData(page, text) {
  return page.evaluate((t) => {
    try {
      window.wasmBindings.load_data(t);
      return null;
    } catch (e) {
      return String(e?.message ?? e);
    }
  }, text);
}

/** Drops a file called `name` holding `text` onto the page, as a browser would. */
function drop(page, name, text) {
  return page.evaluate(
    ([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [name, text],
  );
}

export async function dataChecks({ page, origin, check, fresh, until, compareLossCsv, cli, blankCanvases, describeCanvases }) {
  const preset = 'e2-shallow-tanh';
  const discPath = join(GOOD, 'disc.csv');
  const disc = await readFile(discPath, 'utf8');

  // --- The controls, and a link that names data=file without a file -------------------
  await fresh(page, origin, 'preset=custom&data=file&features=2&samples=200');
  const s0 = await L.state(page);
  check(
    'a link with data=file and no file opens with a note saying the link does not carry the data',
    s0.notes.some((n) => n.includes('needs a CSV file') && n.includes('a link does not carry the data')) && !s0.hash.includes('data=file'),
    JSON.stringify(s0.notes),
  );
  await page.click('#step');
  await until(page, (s) => s.step === 1);
  check('... and the page still trains (one step)', true);
  const ids = await page.evaluate(() =>
    ['data-text', 'data-load', 'data-pick', 'data-download', 'data-hint'].filter((id) => {
      const e = document.getElementById(id);
      return e && e.closest('#network-data') && e.offsetParent !== null;
    }),
  );
  check('the Data group has the text box, load, file picker, download and the hint, all shown', ids.length === 5, ids.join(', '));
  const hint = await page.textContent('#data-hint');
  check('the hint says plainly that a link does not carry the data', /link does not carry your data/.test(hint) && /download/.test(hint), hint);

  // --- load_data, then N steps: the command line's run on the same file ----------------
  await fresh(page, origin, `preset=${preset}`);
  const loaded = await loadData(page, disc);
  const s1 = await L.state(page);
  check(
    `load_data(disc.csv) switches ${preset} to data=file with the file's shape and restarts`,
    loaded === null && s1.step === 0 && /data=file/.test(s1.hash) && /samples=200/.test(s1.hash) && s1.notes.length === 0,
    `${loaded}; hash ${s1.hash}; notes ${JSON.stringify(s1.notes)}`,
  );
  check('the data menu shows "file"', (await page.inputValue('#c-data')) === 'file', await page.inputValue('#c-data'));
  const epochs = 3;
  const cliCsv = cli('run', preset, '--data-file', discPath, '--epochs', String(epochs), '--format', 'csv');
  const perEpoch = Number(cliCsv.trim().split('\n')[1].split(',')[1]);
  const steps = epochs * perEpoch;
  for (let i = 0; i < steps; i++) await page.click('#step');
  await until(page, (s, n) => s.step === n, steps);
  const cmp = compareLossCsv(await L.csv(page, 'loss'), cliCsv);
  check(`${steps} steps on the file equal \`gradient-lab run ${preset} --data-file disc.csv --epochs ${epochs}\`, epoch by epoch`, cmp.ok && cmp.rows === epochs, cmp.detail);
  await mkdir(L.OUT, { recursive: true });
  const stepsCsv = join(L.OUT, 'data-file-gradients.csv');
  cli('chart', preset, '--data-file', discPath, '--panel', 'gradients', '--steps', String(steps), '--csv', stepsCsv, '--out', join(L.OUT, 'data-file-gradients.svg'));
  const pageSteps = await L.csv(page, 'gradients');
  const cliSteps = await readFile(stepsCsv, 'utf8');
  check(
    `every mini-batch loss and gradient norm of the ${steps} steps equals \`gradient-lab chart --data-file\`'s CSV, byte for byte`,
    pageSteps === cliSteps && pageSteps.split('\n').length === steps + 2,
    `${pageSteps.split('\n').length} page lines, ${cliSteps.split('\n').length} cli lines`,
  );
  const stats = await L.canvasStats(page);
  check('every panel is drawn on the file', blankCanvases(stats).length === 0, describeCanvases(stats));

  // --- A bad text: the message, and nothing else changes --------------------------------
  const before = await L.state(page);
  const beforeData = await page.evaluate(() => window.wasmBindings.page_data_csv());
  const badText = await readFile(join(BAD, 'bad-number.csv'), 'utf8');
  const thrown = await loadData(page, badText);
  const s2 = await L.state(page);
  check(
    "load_data(bad-number.csv) throws and notes \"line 3, column 2: 'abc' is not a number\"",
    thrown?.includes("line 3, column 2: 'abc' is not a number") && s2.notes.some((n) => n.includes("line 3, column 2: 'abc' is not a number")),
    `${thrown}; notes ${JSON.stringify(s2.notes)}`,
  );
  check(
    '... and the run, its link and the loaded data are as they were',
    s2.step === before.step && s2.hash === before.hash && (await page.evaluate(() => window.wasmBindings.page_data_csv())) === beforeData,
    `step ${before.step} → ${s2.step}, hash ${s2.hash}`,
  );
  // Typed into the box and loaded with the button.
  await page.fill('#data-text', 'x1,x2,label\n1,2,0\n3,4\n');
  await page.click('#data-load');
  const s3 = await L.state(page);
  check('a ragged text typed in the box: the load button notes "line 3: 2 fields, the header has 3"', s3.notes.some((n) => n.includes('line 3: 2 fields, the header has 3')) && s3.step === before.step, JSON.stringify(s3.notes.slice(-1)));
  // Picked with the file input.
  await page.setInputFiles('#data-pick', join(BAD, 'too-many-classes.csv'));
  const picked = await page
    .waitForFunction(() => window.wasmBindings.page_state().notes.some((n) => n.includes('too many classes')), null, { timeout: 5_000 })
    .then(() => true, () => false);
  check('a picked file with 14 labels notes "too many classes" and keeps the run', picked && (await L.state(page)).hash === before.hash);

  // --- The download gives the rows back ---------------------------------------------------
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 5_000 }), page.click('#data-download')]);
  const saved = (await dl.failure()) ? '' : await readFile(await dl.path(), 'utf8');
  check(
    '"download data (CSV)" saves the loaded rows (x1,x2,label, 200 rows), as page_data_csv() gives them',
    saved === beforeData && saved.startsWith('x1,x2,label\n') && saved.trim().split('\n').length === 201,
    `${dl.suggestedFilename()}: ${saved.split('\n').length} lines`,
  );
  const again = await loadData(page, saved);
  check('the downloaded file loads back into the same run (the same link)', again === null && (await L.state(page)).hash === before.hash, `${again}`);

  // --- A dropped file ---------------------------------------------------------------------
  const wave = await readFile(join(GOOD, 'wave-semicolon.csv'), 'utf8');
  await drop(page, 'wave-semicolon.csv', wave);
  const dropped = await page
    .waitForFunction(() => /classes=0/.test(window.wasmBindings.page_state().hash), null, { timeout: 5_000 })
    .then(() => true, () => false);
  const s4 = await L.state(page);
  check('a dropped semicolon file loads as regression (classes=0, features=1, samples=120)', dropped && /features=1/.test(s4.hash) && /samples=120/.test(s4.hash) && s4.step === 0, s4.hash);
  await page.click('#play');
  await until(page, (s) => s.step >= 40);
  await page.click('#play');
  const s5 = await L.state(page);
  const rows = (await L.csv(page, 'loss')).trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
  check('... and trains (the train loss falls from the first epoch to the latest)', rows.length >= 2 && rows.at(-1) < rows[0], `${rows[0]} → ${rows.at(-1)}; ${s5.status}`);
  await drop(page, 'empty.csv', '');
  const emptyNoted = await page
    .waitForFunction(() => window.wasmBindings.page_state().notes.some((n) => n.includes('the file is empty')), null, { timeout: 5_000 })
    .then(() => true, () => false);
  check('a dropped empty file notes "the file is empty" and keeps the regression run', emptyNoted && (await L.state(page)).hash === s5.hash);
}
