// Input features, the data controls and the model panel's view switches in the page:
// a link with inputs=… trains step for step as `gradient-lab chart --set inputs=…`
// does, and epoch for epoch as `gradient-lab run`; ticking a feature widens the first
// layer (page_state().layer_widths); regenerate moves data_seed on; the feature
// boxes are keyboard reachable and labelled; screenshots of the model panel with the
// test points hidden and the map discretized land in tests/e2e/out/.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';

const SHORT = 5_000;

export async function inputChecks({ page, origin, check, fresh, until, pause, compareLossCsv, cli, blankCanvases, describeCanvases }) {
  // --- The same run as the command line, step for step ------------------------------------
  const inputs = 'x1,x2,x1sq,x2sq';
  const epochs = 3;
  await fresh(page, origin, `preset=e2-shallow-tanh&inputs=${inputs}&epochs=${epochs}&speed=1000`);
  const s0 = await L.state(page);
  check(`a link with inputs=${inputs} opens with a first layer of 4 inputs`, s0.layer_widths[0] === 4 && s0.notes.length === 0, `${JSON.stringify(s0.layer_widths)} notes ${s0.notes}`);
  await page.click('#play');
  await until(page, (s) => s.finished, null, 6 * SHORT);
  const steps = (await L.state(page)).step;
  const csvFile = join(L.OUT, 'inputs-gradients.csv');
  await mkdir(L.OUT, { recursive: true });
  cli('chart', 'e2-shallow-tanh', '--set', `inputs=${inputs}`, '--set', `epochs=${epochs}`, '--steps', String(steps), '--panel', 'gradients', '--csv', csvFile, '--out', '/dev/null');
  const cliSteps = await readFile(csvFile, 'utf8');
  await rm(csvFile);
  const pageSteps = await L.csv(page, 'gradients');
  check(
    `every step's loss and gradient norms equal \`gradient-lab chart e2-shallow-tanh --set inputs=${inputs} --steps ${steps} --csv\` (byte for byte)`,
    pageSteps === cliSteps && pageSteps.split('\n').length > steps,
    `page ${pageSteps.split('\n').length} lines, cli ${cliSteps.split('\n').length}`,
  );
  const cmp = compareLossCsv(await L.csv(page, 'loss'), cli('run', 'e2-shallow-tanh', '--set', `inputs=${inputs}`, '--epochs', String(epochs), '--format', 'csv'));
  check(`its losses per epoch equal \`gradient-lab run e2-shallow-tanh --set inputs=${inputs}\``, cmp.ok && cmp.rows === epochs, cmp.detail);

  // --- Ticking a feature widens the first layer; the boxes are labelled and reachable -----
  await fresh(page, origin, 'preset=e2-shallow-tanh');
  const boxes = await page.$$eval('#c-inputs input[type=checkbox]', (bs) =>
    bs.map((b) => ({ word: b.dataset.word, checked: b.checked, label: b.closest('label')?.textContent.trim() })),
  );
  const group = await page.$eval('#c-inputs', (g) => ({ role: g.getAttribute('role'), by: document.getElementById(g.getAttribute('aria-labelledby'))?.textContent }));
  check(
    'seven labelled feature boxes in a group named "input features", x1 and x2 ticked',
    boxes.length === 7 && boxes.every((b) => b.label) && boxes.filter((b) => b.checked).map((b) => b.word).join() === 'x1,x2' && group.role === 'group' && group.by === 'input features',
    JSON.stringify({ boxes, group }),
  );
  await page.focus('#c-inputs-x2');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.id);
  await page.keyboard.press('Space');
  const wider = await L.state(page);
  check(
    'Tab from x2 reaches x1², space ticks it: the run restarts with 3 inputs and the link says inputs=x1,x2,x1sq',
    focused === 'c-inputs-x1sq' && wider.layer_widths[0] === 3 && wider.step === 0 && wider.hash.includes('inputs=x1,x2,x1sq'),
    `focus ${focused}, ${JSON.stringify(wider.layer_widths)}, ${wider.hash}`,
  );
  await page.click('#c-inputs-x1');
  await page.click('#c-inputs-x2');
  const one = await L.state(page);
  check('unticking x1 and x2 leaves one input (x1²)', one.layer_widths[0] === 1 && one.hash.includes('inputs=x1sq'), `${JSON.stringify(one.layer_widths)} ${one.hash}`);
  await fresh(page, origin, 'preset=e4-digits-sigmoid');
  check('the feature boxes are hidden for the 8×8 digits', await page.isHidden('.control[data-key=inputs]'));

  // --- Regenerate -----------------------------------------------------------------------
  await fresh(page, origin, 'preset=e2-shallow-tanh');
  for (let i = 0; i < 5; i++) await page.click('#step');
  await until(page, (s) => s.step === 5);
  await page.focus('#c-regenerate');
  await page.keyboard.press('Enter');
  const regen = await L.state(page);
  await page.click('#c-regenerate');
  const again = await L.state(page);
  check(
    'regenerate (Enter on the focused button, then a click) restarts with data_seed=2, then 3',
    regen.step === 0 && regen.hash.includes('data_seed=2') && again.hash.includes('data_seed=3'),
    `${regen.step} ${regen.hash} | ${again.hash}`,
  );
  const dsCmp = compareLossCsv(
    await (async () => {
      await page.click('#play');
      await until(page, (s) => s.step >= 32, null, SHORT);
      await pause(page);
      return L.csv(page, 'loss');
    })(),
    cli('run', 'e2-shallow-tanh', '--set', 'data_seed=3', '--epochs', '500', '--format', 'csv'),
  );
  check('the regenerated run equals `gradient-lab run e2-shallow-tanh --set data_seed=3`', dsCmp.ok, dsCmp.detail);

  // --- The model panel's view switches and their screenshots ----------------------------
  await fresh(page, origin, `preset=e2-shallow-tanh&inputs=x1sq,x2sq&speed=1000`);
  await page.click('#play');
  await until(page, (s) => s.step >= 16 * 60, null, 6 * SHORT);
  await pause(page);
  await page.selectOption('header [data-key=test_points]', 'off');
  await page.selectOption('header [data-key=discretize]', 'on');
  const viewed = await L.state(page);
  check(
    'the header\'s test points and decision map switches keep the run and land in the link (test_points=off&discretize=on)',
    viewed.hash.endsWith('test_points=off&discretize=on') && viewed.step >= 16 * 60,
    viewed.hash,
  );
  await page.waitForTimeout(300);
  const stats = (await L.canvasStats(page)).filter((x) => x.panel === 'model');
  check('the model panel is drawn with the switches on', stats.length === 1 && blankCanvases(stats).length === 0, describeCanvases(stats));
  const fig = page.locator('figure[data-panel="model"]');
  await fig.scrollIntoViewIfNeeded();
  const shot = join(L.OUT, 'inputs-model-discretized-no-test-points.png');
  await fig.screenshot({ path: shot });
  console.log(`e2e: screenshot ${shot}`);
  await page.selectOption('header [data-key=test_points]', 'on');
  await page.selectOption('header [data-key=discretize]', 'off');
  await page.waitForTimeout(300);
  const shaded = join(L.OUT, 'inputs-model-shaded.png');
  await fig.screenshot({ path: shaded });
  console.log(`e2e: screenshot ${shaded}`);
  const back = await L.state(page);
  check('both switches back to their defaults leave them out of the link', !/test_points|discretize/.test(back.hash), back.hash);
}
