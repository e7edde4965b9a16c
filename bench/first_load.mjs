// The first load of the app and of the blog embed, from the release build in dist/ (issue 14):
// the bytes a first visit fetches until the page is usable, gzip and brotli, the biggest files,
// and the time to usable under Chromium's network emulation at 1.6 Mbit/s down, 750 kbit/s up
// and 150 ms round trip, the files served precompressed (the app: the demo dashboard drawn; the
// embed: typing a number changes the result). Prints a table, then the JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { serveDist, launch } from '../tests/e2e/harness.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const GOALS = { app: 250 * 1024, embed: 80 * 1024 };
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

// Served as a static host serves dist/: the precompressed .br (or .gz) when the browser takes it.
const server = await serveDist({ compressed: true });
const browser = await launch();

/** Opens `path` in a fresh context, throttled or not, and waits until `usable` resolves. */
async function visit(path, usable, throttled) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const fetched = new Set();
  page.on('requestfinished', (r) => fetched.add(new URL(r.url()).pathname));
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  }
  const start = Date.now();
  await page.goto(server.url + path, { waitUntil: 'commit' });
  await usable(page);
  const ms = Date.now() - start;
  await context.close();
  return { ms, fetched: [...fetched] };
}

const appUsable = (page) => page.locator('main[data-busy="false"] [data-testid="dashboard"]').waitFor({ timeout: 120_000 });
const embedUsable = async (page) => {
  const before = await page.locator('#quick-out-lost-revenue .value').textContent({ timeout: 60_000 });
  // Typing changes the result once the module is running; until then the text stays.
  for (let churn = 30; ; churn = churn === 30 ? 31 : 30) {
    await page.locator('#quick-churn').fill(String(churn));
    const now = await page.locator('#quick-out-lost-revenue .value').textContent();
    if (now !== before) return;
    await page.waitForTimeout(20);
  }
};

function sizes(paths) {
  const files = paths
    .map((p) => (p === '/' ? 'index.html' : p.slice(1)))
    .filter((n) => /\.(html|js|css|wasm|bin)$/.test(n))
    .map((name) => {
      const body = readFileSync(join(dist, name));
      return {
        name,
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const total = (k) => files.reduce((s, f) => s + f[k], 0);
  return { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli'), files };
}

const result = {};
for (const [name, path, usable] of [['app', '', appUsable], ['embed', 'embed-en.html', embedUsable]]) {
  const open = await visit(path, usable, false);
  const slow = await visit(path, usable, true);
  result[name] = { ...sizes(open.fetched), usable_ms_unthrottled: open.ms, usable_ms_throttled: slow.ms, goal_gzip: GOALS[name] };
}
await browser.close();
server.close();

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log('| page | first load gzip | brotli | goal (gzip) | usable, 1.6 Mbit/s + 150 ms RTT | usable, unthrottled |');
console.log('|---|---|---|---|---|---|');
for (const [name, r] of Object.entries(result)) {
  console.log(`| ${name} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${kb(r.goal_gzip)}${r.gzip <= r.goal_gzip ? '' : ' (over)'} | ${(r.usable_ms_throttled / 1000).toFixed(2)} s | ${(r.usable_ms_unthrottled / 1000).toFixed(2)} s |`);
}
for (const [name, r] of Object.entries(result)) {
  console.log(`\n${name}, biggest files (gzip): ${r.files.slice(0, 6).map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')}`);
}
console.log(`\n${JSON.stringify(result, null, 2)}`);
