// Shared helpers of the end-to-end test (run.mjs) and the benchmark (bench.mjs):
// a static server for dist/ on 127.0.0.1, Debian's Chromium through playwright-core,
// pages that record console problems, failed requests and any request that would
// leave 127.0.0.1 (refused), and a few readers of the page's state.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');
// The built page; GRADIENT_LAB_DIST=/other/dist tests another build.
export const DIST = resolve(process.env.GRADIENT_LAB_DIST || join(ROOT, 'dist'));
export const OUT = join(HERE, 'out');
// The native command line (cargo build --release --bin gradient-lab).
export const CLI = process.env.GRADIENT_LAB_CLI || join(ROOT, 'target', 'release', 'gradient-lab');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags from shared/toolchain.md: as root Chromium needs --no-sandbox, and the
// background-networking ones stop it from trying hosts it cannot reach.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const LOAD_TIMEOUT_MS = 30_000;

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

/**
 * A static file server for dist/ on 127.0.0.1 and a free port; `.origin` is its URL.
 * With `prefix` ('/course/lab/'), dist/ is served only under that folder, as a course
 * site would host it, and everything else is a 404.
 */
export async function serveDist({ prefix = '/' } = {}) {
  await stat(join(DIST, 'index.html')).catch(() => {
    throw new Error(`no ${join(DIST, 'index.html')}: run \`trunk build --release --offline\` first`);
  });
  const server = createServer(async (req, res) => {
    try {
      const full = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (!full.startsWith(prefix)) throw Object.assign(new Error(`not under ${prefix}`), { code: 'ENOENT' });
      const path = '/' + full.slice(prefix.length);
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
  server.origin = `http://127.0.0.1:${server.address().port}`;
  return server;
}

export function closeServer(server) {
  return new Promise((ok) => {
    if (!server) return ok();
    server.closeAllConnections?.();
    server.close(() => ok());
  });
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Everything that went wrong in any page opened through `openPage`: console errors
 * and warnings, uncaught exceptions, failed requests, requests for other hosts.
 */
export function newProblems() {
  return { console: [], foreign: [], failed: [] };
}

/**
 * A new browser context (its own viewport and deviceScaleFactor) with one page,
 * watched into `problems`; every request not for 127.0.0.1 is recorded and refused.
 */
export async function openPage(browser, problems, { width = 1600, height = 1000, deviceScaleFactor = 1, label = '', locale } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor, acceptDownloads: true, ...(locale ? { locale } : {}) });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:';
    if (local) return route.continue();
    problems.foreign.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const tag = label ? `[${label}] ` : '';
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.console.push(`${tag}${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.console.push(`${tag}uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    problems.failed.push(`${tag}${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failed.push(`${tag}${res.url()} (HTTP ${res.status()})`);
  });
  page.closeAll = () => context.close();
  return page;
}

/** Waits until the page is built and has drawn its panels once. */
export async function waitReady(page, timeout = LOAD_TIMEOUT_MS) {
  await page.waitForFunction(
    () => {
      try {
        return window.wasmBindings?.page_state?.().stats.frames_drawn > 0;
      } catch {
        return false;
      }
    },
    null,
    { timeout },
  );
}

/** Opens `hash` (with or without '#') on a fresh load and waits for the first drawn frame. */
export async function load(page, origin, hash = '') {
  const h = hash ? (hash.startsWith('#') ? hash : `#${hash}`) : '';
  await page.goto(`${origin}/${h}`, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  await waitReady(page);
}

export const state = (page) => page.evaluate(() => window.wasmBindings.page_state());
export const csv = (page, panel) => page.evaluate((p) => window.wasmBindings.page_csv(p), panel);

/** Luminance variance of every panel canvas: [{panel, width, height, variance}]. */
export function canvasStats(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#panels figure.panel')].map((f) => {
      const c = f.querySelector('canvas');
      const out = { panel: f.dataset.panel, hidden: f.hidden, width: c?.width ?? 0, height: c?.height ?? 0, variance: 0 };
      if (!c || !c.width || !c.height) return out;
      // Read a copy: Chromium warns when one canvas is read back many times (the
      // test's reads, not the page's), which the console check would count.
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(c, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let sum = 0;
      let sum2 = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const lum = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        sum += lum;
        sum2 += lum * lum;
      }
      const mean = sum / n;
      out.variance = sum2 / n - mean * mean;
      return out;
    }),
  );
}

export function median(xs) {
  return percentile(xs, 50);
}

/** The p-th percentile (nearest rank) of xs. */
export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}
