// Overfitting and its cures (E9) in the page: a cure switched on mid-run goes on
// from that step, lands in the link as at=STEP:key=value, and both the link
// replayed in the page and `gradient-lab run --at ...` give the same losses; the
// comparison by cure equals `gradient-lab compare --vary cure=...`; early stopping
// says so in the status; screenshots of the comparison, the weights panel and the
// early stop in both themes.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';

const SHORT = 5_000;

/** The `at=` entries of a link, as written. */
function actionsOf(hash) {
  return new URLSearchParams(hash.replace(/^#/, '')).getAll('at');
}

export async function cureChecks({ page, origin, check, fresh, until, pause, setValue, compareLossCsv, cli, blankCanvases, describeCanvases }) {
  // --- A cure switched on mid-run, then the learning rate moved ------------------------
  const epochs = 4;
  await fresh(page, origin, `preset=e2-deep-tanh&epochs=${epochs}`);
  for (let i = 0; i < 20; i++) await page.click('#step');
  await until(page, (s) => s.step === 20);
  await setValue(page, '#c-l2', '0.01');
  const afterL2 = await L.state(page);
  check('switching L2 on at step 20 keeps the run at step 20 (it goes on, it does not restart)', afterL2.step === 20, `step ${afterL2.step}`);
  for (let i = 0; i < 15; i++) await page.click('#step');
  await until(page, (s) => s.step === 35);
  await setValue(page, '#c-dropout', '0.2');
  await setValue(page, '#c-lr', '-1.3'); // log10 of the rate
  await page.click('#play');
  await until(page, (s) => s.finished, null, 3 * SHORT);
  const hash = await page.evaluate(() => location.hash);
  const at = actionsOf(hash);
  check(
    'the link records each change at its step (at=20:l2=0.01, at=35:dropout=0.2, at=35:lr=…)',
    at.length === 3 && at[0] === '20:l2=0.01' && at[1] === '35:dropout=0.2' && at[2].startsWith('35:lr='),
    hash,
  );
  const live = await L.csv(page, 'loss');
  const args = ['run', 'e2-deep-tanh', '--epochs', String(epochs), '--format', 'csv', ...at.flatMap((a) => ['--at', a])];
  const cmp = compareLossCsv(live, cli(...args));
  check(`the changed run's losses equal \`gradient-lab ${args.join(' ')}\``, cmp.ok && cmp.rows === epochs, cmp.detail);
  const status = await page.textContent('#status');
  await fresh(page, origin, hash.replace(/^#/, ''));
  await page.click('#play');
  await until(page, (s) => s.finished, null, 3 * SHORT);
  const replayed = await L.csv(page, 'loss');
  check('the link replayed in a fresh page gives the same loss CSV, byte for byte', replayed === live && live.split('\n').length > epochs, `${replayed.split('\n').length} lines; status was: ${status}`);
  const lossStats = (await L.canvasStats(page)).filter((x) => x.panel === 'loss');
  check('the loss panel with the change marks is drawn', blankCanvases(lossStats).length === 0, describeCanvases(lossStats));

  // --- The cures side by side, equal to the command line ---------------------------------
  const cureEpochs = 12;
  await fresh(page, origin, `preset=e9-overfit&compare=cure&epochs=${cureEpochs}&speed=1000`);
  await page.click('#play');
  await until(page, (s) => s.finished, null, 12 * SHORT);
  const pageCmp = await L.csv(page, 'compare');
  const cliCmp = cli('compare', 'e9-overfit', '--set', `epochs=${cureEpochs}`, '--vary', 'cure=none,l2,l1,elastic-net,dropout,early-stop', '--format', 'csv');
  check(
    `compare=cure on e9-overfit trains the six cures in lockstep and its CSV equals \`gradient-lab compare e9-overfit --vary cure=...\` (${cureEpochs} epochs)`,
    pageCmp === cliCmp && pageCmp.split('\n')[0].includes('test_loss_early-stop'),
    `page ${pageCmp.split('\n').length} lines, cli ${cliCmp.split('\n').length}`,
  );

  // --- Early stopping says so --------------------------------------------------------------
  await fresh(page, origin, 'preset=e9-early-stop&speed=1000');
  await page.click('#play');
  await until(page, (s) => s.finished, null, 12 * SHORT);
  const stopped = await page.textContent('#status');
  const esCli = cli('run', 'e9-early-stop', '--format', 'csv');
  const esCmp = compareLossCsv(await L.csv(page, 'loss'), esCli);
  check('e9-early-stop stops early, says so in the status, and its losses equal the command line\'s', /stopped early at epoch \d+/.test(stopped) && esCmp.ok, `${stopped} | ${esCmp.detail}`);

  // --- Screenshots: the comparison, the weights panel, the early stop -------------------
  await mkdir(L.OUT, { recursive: true });
  for (const [theme, w, h] of [['default', 1600, 1000], ['projector', 1280, 720]]) {
    await page.setViewportSize({ width: w, height: h });
    const themed = theme === 'projector' ? '&theme=projector' : '';
    for (const [name, hash2, panel] of [
      ['cures', `preset=e9-overfit&compare=cure&epochs=60&speed=1000${themed}`, 'compare'],
      ['weights-l1', `preset=e9-l1&epochs=60&speed=1000${themed}`, 'weights'],
      ['early-stop', `preset=e9-early-stop&speed=1000${themed}`, 'loss'],
    ]) {
      await fresh(page, origin, hash2);
      await page.click('#play');
      await until(page, (s) => s.finished, null, 24 * SHORT).catch(() => {});
      await pause(page);
      const stats = (await L.canvasStats(page)).filter((x) => x.panel === panel);
      check(`${name} (${theme}, ${w}x${h}): the ${panel} panel is drawn`, stats.length === 1 && blankCanvases(stats).length === 0, describeCanvases(stats));
      const fig = page.locator(`figure[data-panel="${panel}"]`);
      await fig.scrollIntoViewIfNeeded();
      const shot = join(L.OUT, `e9-${name}-${theme}-${w}x${h}.png`);
      await fig.screenshot({ path: shot });
      console.log(`e2e: screenshot ${shot}`);
    }
  }
  await page.setViewportSize({ width: 1600, height: 1000 });
}
