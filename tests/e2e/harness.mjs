// The end-to-end harness: serves dist/ on loopback, drives Debian's Chromium with
// playwright-core, and records every request the page makes.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

// BOOMERANG_DIST serves another build (a helper's, say) without touching dist/.
const DIST = process.env.BOOMERANG_DIST || new URL('../../dist/', import.meta.url).pathname;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
};

/**
 * Serves dist/ on 127.0.0.1 at a free port. With `compressed`, serves the precompressed `.br`
 * or `.gz` beside a file when the browser accepts it, as a static host does (the benchmark).
 */
export async function serveDist({ compressed = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path === '/__blog.html') {
      // A blog page that embeds the calculator, as the "copy embed code" snippet does.
      const query = new URL(req.url, 'http://x').searchParams.get('q') ?? '';
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(`<!doctype html><title>blog</title><p>Article text</p>
<iframe src="/?embed&${query}" title="Boomerang" style="width:100%;border:0" height="100"></iframe>
<script>window.heights=[];addEventListener('message',function(e){if(e.data&&e.data.type==='boomerang:height'){window.heights.push(e.data.height);document.querySelector('iframe').height=e.data.height}})</script>`);
      return;
    }
    const file = join(DIST, path.endsWith('/') ? 'index.html' : path);
    try {
      const type = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      const accepts = req.headers['accept-encoding'] ?? '';
      for (const [encoding, ext] of compressed ? [['br', '.br'], ['gzip', '.gz']] : []) {
        if (!accepts.includes(encoding)) continue;
        const packed = await readFile(file + ext).catch(() => null);
        if (packed) {
          res.writeHead(200, { ...type, 'content-encoding': encoding });
          res.end(packed);
          return;
        }
      }
      const body = await readFile(file);
      res.writeHead(200, type);
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Launches Chromium headless, as root-safe and quiet on a closed network. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** The app as a user sees it: actions named for intent, elements found by data-testid. */
export class AppPage {
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
    this.requests = [];
    page.on('request', (r) => this.requests.push(r.url()));
  }

  /** Opens the app in a fresh browser profile and waits for `ready` (a data-testid). */
  static async open(browser, url, { locale = 'en-US', ready = 'dashboard', context } = {}) {
    const ctx = context ?? await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
    const app = new AppPage(await ctx.newPage(), new URL(url).origin);
    app.context = ctx;
    await app.page.goto(url);
    await app.page.getByTestId(ready).first().waitFor();
    return app;
  }

  async show(tab) {
    await this.page.getByTestId(`tab-${tab}`).click();
  }

  kpi(id) {
    return this.page.locator('main').getByTestId(`kpi-${id}`).locator('.value');
  }

  async paste(text) {
    await this.page.getByTestId('paste').fill(text);
  }

  async upload(path) {
    await this.page.getByTestId('file').setInputFiles(path);
  }

  /** Waits until the worker has answered for the data on screen. */
  async computed(timeout = 30_000) {
    await this.page.locator('main[data-busy="false"]').waitFor({ timeout });
  }

  async chooseRole(column, role) {
    await this.page.getByTestId(`role-${column}`).selectOption(role);
  }

  leftOutRows() {
    return this.page.getByTestId('left-out').locator('tbody tr');
  }

  /** Requests to any origin but the page's own. */
  foreignRequests() {
    return this.requests.filter((u) => !u.startsWith(this.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  }
}

/** Waits until the element's text is `want` (Playwright's own waiting; no sleeps), then returns it. */
export async function textBecomes(locator, want, timeout = 10_000) {
  const handle = await locator.elementHandle({ timeout });
  await locator.page().waitForFunction(
    ([el, text]) => el.textContent === text,
    [handle, want],
    { timeout },
  ).catch(() => {});
  return locator.textContent();
}

/** The served app and a browser for a spec file: started before its tests, stopped after. */
export function appSuite() {
  const env = {};
  before(async () => {
    env.server = await serveDist();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}
