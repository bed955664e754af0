// The network diagram in the page: drawn for every network preset in both themes;
// on e2-deep-tanh after one step `page_state().diagram` shows the real gradient
// profile and the gradient view draws it; hovering a link names it, clicking it
// opens the edit form, and the edited run replayed by `gradient-lab run --at …`
// gives the page's losses; screenshots of e2-deep-tanh (both views) and a digits
// preset in tests/e2e/out/.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as L from './lib.mjs';

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

/** Mean |gradient| of each layer's links, from page_state().diagram. */
function layerGradients(diagram) {
  const layers = diagram.layers.length - 1;
  return Array.from({ length: layers }, (_, l) => mean(diagram.links.filter((k) => k.layer === l + 1).map((k) => Math.abs(k.gradient))));
}

/** Moves the mouse over the diagram until the tooltip names a link; returns its text and where. */
async function findLink(page) {
  const box = await page.locator('figure[data-panel="diagram"] canvas').boundingBox();
  for (const fy of [0.5, 0.35, 0.65, 0.25, 0.75]) {
    for (let fx = 0.12; fx < 0.9; fx += 0.02) {
      const x = box.x + box.width * fx;
      const y = box.y + box.height * fy;
      await page.mouse.move(x, y);
      const tip = await page.evaluate(() => {
        const t = document.getElementById('tip');
        return t && !t.hidden ? t.textContent : '';
      });
      if (/link \d+ → \d+/.test(tip)) return { tip, x, y };
    }
  }
  return null;
}

export async function diagramChecks({ page, origin, check, fresh, until, pause, compareLossCsv, cli, blankCanvases, describeCanvases }) {
  // --- Drawn for every network preset, in both themes -------------------------------------
  const presets = await page.evaluate(() => Array.from(document.querySelectorAll('#preset option')).map((o) => o.value));
  const network = [];
  // The network scene's presets (E1–E5, E9); the cliff, the race and recurrent nets have no diagram.
  const networkPresets = presets.filter((p) => /^e[1-59]-/.test(p));
  for (const theme of ['default', 'projector']) {
    for (const p of networkPresets) {
      await page.evaluate((h) => { location.hash = h; }, `preset=${p}&theme=${theme}`);
      await until(page, (s, want) => s.preset === want, p);
      const s = await L.state(page);
      if (!s.diagram) {
        check(`${p} (${theme}): page_state().diagram is there`, false);
        continue;
      }
      if (theme === 'default') network.push(p);
      await page.waitForTimeout(50); // the next frame draws the new scene
      const stats = (await L.canvasStats(page)).filter((x) => x.panel === 'diagram');
      const links = s.diagram.layers.slice(1).reduce((n, w, i) => n + w * s.diagram.layers[i], 0);
      const ok = stats.length === 1 && blankCanvases(stats).length === 0 && s.diagram.links.length === links;
      if (!ok) check(`${p} (${theme}): the diagram is drawn and lists every link`, false, `${describeCanvases(stats)}; ${s.diagram.links.length} of ${links} links`);
    }
  }
  check(`the diagram is drawn for every network preset (${network.length}) in both themes, page_state().diagram listing every link`, network.length >= 20, network.join(' '));

  // --- e2-deep-tanh after one step: the gradient profile ---------------------------------
  await fresh(page, origin, 'preset=e2-deep-tanh&diagram=gradients');
  await page.click('#step');
  // The diagram is taken as the next frame is drawn: wait for the one of step 1.
  await until(page, (s) => s.step === 1 && s.diagram?.step === 1);
  const d = (await L.state(page)).diagram;
  const g = layerGradients(d);
  const last = g.at(-1);
  const middle = Math.min(...g.slice(1, -1));
  const fmt = g.map((v) => v.toExponential(2)).join(', ');
  check(
    'e2-deep-tanh after one step: the starved middle layers get at least 10× less mean |∂L/∂w| than the output layer (page_state().diagram)',
    d.layers.join(',') === '2,5,5,5,5,5,1' && middle > 0 && last >= 10 * middle,
    `mean |g| per layer ${fmt}; output / smallest middle ${(last / middle).toFixed(1)}×, output / first ${(last / g[0]).toFixed(1)}×`,
  );
  // The first layer's links are not the smallest: their inputs are unsaturated.
  check('…and the first layer, fed by unsaturated inputs, gets more than the middle layers (the real maths, stated in the caption)', g[0] > middle, fmt);

  // --- Screenshots: e2-deep-tanh in both views, a digits preset, both themes ------------------
  await mkdir(L.OUT, { recursive: true });
  for (const [theme, w, h] of [['default', 1600, 1000], ['projector', 1280, 720]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const [name, hash] of [
      ['e2-deep-tanh-weights', 'preset=e2-deep-tanh&diagram=weights'],
      ['e2-deep-tanh-gradients', 'preset=e2-deep-tanh&diagram=gradients'],
      ['e4-digits-gradients', 'preset=e4-digits-sigmoid&diagram=gradients'],
    ]) {
      await fresh(page, origin, `${hash}&theme=${theme}`);
      for (let i = 0; i < 3; i++) await page.click('#step');
      await until(page, (s) => s.step === 3);
      await page.waitForTimeout(60);
      const stats = (await L.canvasStats(page)).filter((x) => x.panel === 'diagram');
      check(`${name} (${theme}, ${w}x${h}): the diagram is drawn`, stats.length === 1 && blankCanvases(stats).length === 0, describeCanvases(stats));
      const fig = page.locator('figure[data-panel="diagram"]');
      await fig.scrollIntoViewIfNeeded();
      const shot = join(L.OUT, `diagram-${name}-${theme}-${w}x${h}.png`);
      await fig.screenshot({ path: shot });
      console.log(`e2e: screenshot ${shot}`);
    }
  }
  await page.setViewportSize({ width: 1600, height: 1000 });

  // --- Hover, click, edit; the edited run replays on the command line ---------------------
  const epochs = 3;
  await fresh(page, origin, `preset=e2-deep-tanh&epochs=${epochs}`);
  for (let i = 0; i < 5; i++) await page.click('#step');
  await until(page, (s) => s.step === 5);
  await page.locator('figure[data-panel="diagram"]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(60);
  const found = await findLink(page);
  check('hovering the diagram names a link with its weight and gradient to 3 significant figures', found && /w = -?[\d.e-]+, ∂L\/∂w = /.test(found.tip), found?.tip ?? 'no link found');
  if (found) {
    const before = await L.state(page);
    const m = found.tip.match(/layer (\d+) link (\d+) → (\d+)/);
    const key = `w.${m[1]}.${m[2]}.${m[3]}`;
    await page.mouse.click(found.x, found.y);
    const open = await page.evaluate(() => !document.getElementById('edit').hidden && document.getElementById('edit').dataset.key);
    check('clicking the link opens the edit form for that weight', open === key, `form for ${open}, tooltip ${key}`);
    await page.fill('#edit-value', '1.5');
    await page.press('#edit-value', 'Enter');
    await until(page, (s) => s.hash.includes('at=5'));
    const after = await L.state(page);
    const link = after.diagram.links.find((k) => `w.${k.layer}.${k.from}.${k.to}` === key);
    check(
      'the edit sets that weight, keeps the run at its step and lands in the link as at=5:w.L.FROM.TO=1.5',
      link && Math.abs(link.weight - 1.5) < 1e-6 && after.step === before.step && after.hash.includes(`at=5%3A${key}%3D1.5`) || after.hash.includes(`at=5:${key}=1.5`),
      `${after.hash} weight ${link?.weight}`,
    );
    await page.click('#play');
    await until(page, (s) => s.finished, null, 20_000);
    await pause(page).catch(() => {});
    const live = await L.csv(page, 'loss');
    const args = ['run', 'e2-deep-tanh', '--epochs', String(epochs), '--format', 'csv', '--at', `5:${key}=1.5`];
    const cmp = compareLossCsv(live, cli(...args));
    check(`the edited run's losses equal \`gradient-lab ${args.join(' ')}\``, cmp.ok && cmp.rows === epochs, cmp.detail);
    // Step for step: the gradient panel's CSV (every kept step's loss and per-layer
    // gradients) equals the command line's replay of the same link.
    const steps = (await L.state(page)).step;
    const stepsCsv = join(L.OUT, 'diagram-edit-steps.csv');
    cli('chart', 'e2-deep-tanh', '--epochs', String(epochs), '--steps', String(steps), '--panel', 'gradients', '--at', `5:${key}=1.5`, '--csv', stepsCsv, '--out', join(L.OUT, 'diagram-edit-steps.svg'));
    const pageSteps = await L.csv(page, 'gradients');
    const cliSteps = await readFile(stepsCsv, 'utf8');
    check(`…and step for step: the page's per-step CSV equals \`gradient-lab chart --steps ${steps} --at 5:${key}=1.5 --csv\``, pageSteps === cliSteps && pageSteps.split('\n').length > 40, `${pageSteps.split('\n').length} vs ${cliSteps.split('\n').length} lines`);
    await page.mouse.move(5, 5);
  }
  // A bad value keeps the form open, says why, and changes nothing.
  await fresh(page, origin, 'preset=e2-deep-tanh');
  await page.click('#step');
  await until(page, (s) => s.step === 1);
  await page.locator('figure[data-panel="diagram"]').scrollIntoViewIfNeeded();
  const again = await findLink(page);
  if (again) {
    await page.mouse.click(again.x, again.y);
    await page.fill('#edit-value', 'banana');
    await page.press('#edit-value', 'Enter');
    const s = await L.state(page);
    const open = await page.evaluate(() => !document.getElementById('edit').hidden);
    check('a weight that is not a number gets a note, the form stays open and the link is unchanged', open && !s.hash.includes('at=') && s.notes.some((n) => /must be a number/.test(n)), s.notes.join(' | '));
    await page.press('#edit-value', 'Escape');
  } else {
    check('a link is found a second time to try a bad value', false);
  }
}
