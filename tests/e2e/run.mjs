// End-to-end test of the built page (dist/, from `trunk build --release --offline`).
//
// Starts its own static server for dist/ on 127.0.0.1 (a free port), opens the page in
// Debian's Chromium through playwright-core, and checks what a visitor would see:
// no console error or warning, no request leaving 127.0.0.1, the status line saying
// "engine ready", a canvas that is not blank. Saves a screenshot to tests/e2e/out/.
// Stops the browser and the server at the end, pass or fail.
//
//   node tests/e2e/run.mjs            (after trunk build; scripts/test.sh does both)
//   CHROMIUM=/path/to/chrome node tests/e2e/run.mjs
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const DIST = join(ROOT, 'dist');
const OUT = join(HERE, 'out');
// The native command line, built by scripts/test.sh before this runs.
const CLI = process.env.GRADIENT_LAB_CLI || join(ROOT, 'target', 'release', 'gradient-lab');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags from shared/toolchain.md: as root Chromium needs --no-sandbox, and the
// background-networking ones stop it from trying hosts it cannot reach.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LOAD_TIMEOUT_MS = 30_000;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A static file server for dist/ on 127.0.0.1 and a free port. */
async function serveDist() {
  await stat(join(DIST, 'index.html')).catch(() => {
    throw new Error(`no ${join(DIST, 'index.html')}: run \`trunk build --release --offline\` first`);
  });
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      let file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
      if (file !== DIST && !file.startsWith(DIST + sep)) throw Object.assign(new Error('outside dist'), { code: 'ENOENT' });
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' || e.code === 'EISDIR' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(e.message));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return server;
}

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${name}${detail ? ` - ${detail}` : ''}`);
}

let server;
let browser;
try {
  server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`e2e: serving ${DIST} at ${origin}/`);

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  const consoleProblems = [];
  const foreignRequests = [];
  const failedRequests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleProblems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => failedRequests.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  // Every request goes through here: anything not for 127.0.0.1 is recorded and refused.
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:';
    if (local) return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });

  await page.goto(`${origin}/`, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });

  const title = await page.title();
  check('the title is "Gradient Lab"', title === 'Gradient Lab', `got "${title}"`);

  let status = '';
  try {
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent.trim() === 'engine ready',
      null,
      { timeout: LOAD_TIMEOUT_MS },
    );
    status = 'engine ready';
  } catch {
    status = (await page.textContent('#status').catch(() => null)) ?? '(no #status element)';
  }
  check('the status line says "engine ready"', status === 'engine ready', `got "${status.trim()}"`);

  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    if (!c || !c.getContext) return null;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let sum = 0, sum2 = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const lum = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      sum += lum;
      sum2 += lum * lum;
    }
    const mean = sum / n;
    return { width: c.width, height: c.height, variance: sum2 / n - mean * mean };
  });
  check(
    'the canvas is drawn (pixel variance > 0)',
    canvas !== null && canvas.width > 0 && canvas.variance > 0,
    canvas ? `${canvas.width}x${canvas.height}, variance ${canvas.variance.toFixed(1)}` : 'no canvas',
  );

  // The page and the command line must compute the same numbers, bit for bit.
  for (const [preset, epochs] of [['e2-shallow-tanh', 5], ['e1-no-clip', 2], ['e3-sigmoid', 100]]) {
    const page_ = await page.evaluate(
      ([p, e]) => window.wasmBindings.run_preset_jsonl(p, e),
      [preset, epochs],
    );
    const cli = execFileSync(CLI, ['run', preset, '--epochs', String(epochs), '--format', 'jsonl'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const same = page_.trim() === cli.trim() && cli.trim().length > 0;
    check(
      `${preset}: the page prints the same numbers as the command line`,
      same,
      same ? `${cli.trim().split('\n').length} lines` : `page:\n${page_}\ncli:\n${cli}`,
    );
  }

  await mkdir(OUT, { recursive: true });
  const shot = join(OUT, 'page.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`e2e: screenshot ${shot}`);

  check('no console errors or warnings', consoleProblems.length === 0, consoleProblems.join(' | '));
  check('no request to a host other than 127.0.0.1', foreignRequests.length === 0, foreignRequests.join(' '));
  check('no failed request', failedRequests.length === 0, failedRequests.join(' '));
} catch (e) {
  check('the end-to-end run completed', false, e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  await new Promise((ok) => (server ? server.close(ok) : ok()));
}

const bad = results.filter((r) => !r.ok).length;
console.log(`end-to-end: ${results.length - bad} of ${results.length} checks ok${bad ? `, ${bad} FAILED` : ''}`);
process.exit(bad ? 1 : 0);
