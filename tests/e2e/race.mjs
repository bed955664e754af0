// The optimizer race (E8) in the page: its four figures drawn, every preset's race
// equal to the command line's step for step (the page's race CSV against
// `gradient-lab race PRESET --format csv`, and a changed, noisy race from a link),
// a click and a drag moving the start, a bad value refused with the race kept, and
// screenshots in both themes at a projector's size.
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';

const SHORT = 5_000;

/** Every E8 preset's name, from the command line's list. */
function racePresets(cli) {
  return [...cli('presets').matchAll(/^(e8-[\w-]+)\s/gm)].map((m) => m[1]);
}

/** The command line's stdout; a whole race's CSV runs to megabytes. */
function cli(...args) {
  return execFileSync(L.CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
}

export async function raceChecks({ page, origin, check, fresh, blankCanvases, describeCanvases, pause }) {
  await fresh(page, origin, 'preset=e8-saddle');
  const stats = await L.canvasStats(page);
  const shown = stats.filter((x) => !x.hidden).map((x) => x.panel);
  check(
    'e8-saddle shows the race, its loss, its step sizes and the scoreboard, all drawn',
    ['race', 'race-loss', 'race-rates', 'race-score'].every((w) => shown.includes(w)) && shown.length === 4 && blankCanvases(stats).length === 0,
    `visible: ${shown.join(', ')}; ${describeCanvases(stats)}`,
  );

  const names = racePresets(cli);
  let mismatch = '';
  for (const name of names) {
    await fresh(page, origin, `preset=${name}`);
    const pageCsv = await L.csv(page, 'race');
    const cliCsv = cli('race', name, '--format', 'csv');
    if (pageCsv !== cliCsv) {
      mismatch = `${name}: page ${pageCsv.split('\n').length} lines, cli ${cliCsv.split('\n').length}`;
      break;
    }
  }
  check(
    `every race preset's laps in the page equal \`gradient-lab race PRESET --format csv\` byte for byte (${names.length} presets)`,
    names.length >= 6 && !mismatch,
    mismatch || names.join(', '),
  );

  const link = 'preset=e8-noisy&optimizers=sgd:0.05,adagrad:0.3,adam:0.05&seed=4&steps=600';
  await fresh(page, origin, link);
  const linked = await L.csv(page, 'race');
  const fromCli = cli('race', 'e8-noisy', '--set', 'optimizers=sgd:0.05,adagrad:0.3,adam:0.05', '--set', 'seed=4', '--set', 'steps=600', '--format', 'csv');
  check('a changed noisy race from a link equals the command line\'s with the same settings', linked === fromCli, `${linked.split('\n').length} lines`);

  // Play to the end; the step slider follows and scrubs back.
  await fresh(page, origin, 'preset=e8-saddle&speed=1000');
  await page.click('#play');
  const ended = await page
    .waitForFunction(() => /^step 300 of 300/.test(document.getElementById('status').textContent), null, { timeout: SHORT })
    .then(() => true, () => false);
  await pause(page);
  const status = await page.textContent('#status');
  check('e8-saddle plays to step 300 and the status names who left the plot', ended && /momentum left the plot at step \d+/.test(status), status);
  const slider = await page.evaluate(() => {
    const e = document.getElementById('c-race-shown');
    return { max: e.max, value: e.value };
  });
  check('the step slider spans the race and shows the current step', slider.max === '300' && slider.value === '300', JSON.stringify(slider));
  await page.evaluate(() => {
    const e = document.getElementById('c-race-shown');
    e.value = '40';
    e.dispatchEvent(new Event('input', { bubbles: true }));
    e.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const scrubbed = await page.textContent('#status');
  const hash = await page.evaluate(() => location.hash);
  check('scrubbing to step 40 shows step 40 and leaves the link alone', /^step 40 of 300/.test(scrubbed) && !hash.includes('shown'), `${scrubbed} | ${hash}`);

  // A click on the surface moves the start; a drag keeps moving it.
  const box = await page.locator('figure.race canvas').boundingBox();
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.4);
  const moved = await page
    .waitForFunction(() => /[&#]start=/.test(location.hash), null, { timeout: SHORT })
    .then(() => true, () => false);
  const first = await page.evaluate(() => location.hash);
  check('a click on the surface sets start= in the link', moved, first);
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5, { steps: 4 });
  await page.mouse.up();
  const dragged = await page.evaluate(() => location.hash);
  check('dragging on the surface moves the start with the pointer', dragged !== first && /start=/.test(dragged), dragged);

  // Bad input: a message, the last good race kept.
  await fresh(page, origin, 'preset=e8-saddle&optimizers=lion:1');
  await page.waitForSelector('#notes-box:not([hidden])', { timeout: SHORT }).catch(() => {});
  const note = await page.textContent('#notes').catch(() => '');
  const kept = await L.csv(page, 'race');
  check(
    'an unknown optimizer in the link is refused with a message and the preset\'s race runs',
    /lion/.test(note || '') && kept === cli('race', 'e8-saddle', '--format', 'csv'),
    `note: ${note}`,
  );

  for (const [theme, w, h] of [['default', 1600, 1000], ['projector', 1280, 720]]) {
    await page.setViewportSize({ width: w, height: h });
    await fresh(page, origin, `preset=e8-valley&speed=1000${theme === 'projector' ? '&theme=projector' : ''}`);
    await page.click('#play');
    await page
      .waitForFunction(() => /^step 2000 of 2000/.test(document.getElementById('status').textContent), null, { timeout: 3 * SHORT })
      .catch(() => {});
    const cstats = (await L.canvasStats(page)).filter((x) => !x.hidden);
    check(`e8-valley (${theme}, ${w}x${h}): every race canvas is drawn`, blankCanvases(cstats).length === 0, describeCanvases(cstats));
    await mkdir(L.OUT, { recursive: true });
    const shot = join(L.OUT, `e8-valley-${theme}-${w}x${h}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`e2e: screenshot ${shot}`);
  }
  await page.setViewportSize({ width: 1600, height: 1000 });
}
