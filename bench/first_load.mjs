// The first load of the app and of the blog embed, from the release build in dist/ (issue 14):
// the bytes a first visit fetches until the page shows (the app: its prerendered demo dashboard
// painted; the embed: its calculator's figures) and until it is usable (the app: its own
// dashboard drawn; the embed: typing a number changes the result), gzip and brotli, the
// biggest files, and both times under Chromium's network emulation at 1.6 Mbit/s down,
// 750 kbit/s up and 150 ms round trip, the files served precompressed. Prints a table, then
// the JSON. The bytes until shown are those fetched under the throttle by then.
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

/**
 * Opens `path` in a fresh context, throttled or not, and waits until `shown` resolves (the page
 * readable) and then `usable` (it answers the user); returns both times and what was fetched
 * by each.
 */
async function visit(path, shown, usable, throttled) {
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
  await shown(page);
  const shownMs = Date.now() - start;
  const fetchedShown = [...fetched];
  await usable(page);
  const ms = Date.now() - start;
  await context.close();
  return { shownMs, ms, fetchedShown, fetched: [...fetched] };
}

// The app reads as soon as its prerendered dashboard is painted (index.html and its styles);
// it is usable when the app itself has drawn the dashboard in its place.
// (The styles are in when the page's language shows and the other does not.)
const appShown = (page) => page.waitForFunction(() => {
  const lang = document.documentElement.lang;
  const on = document.querySelector(`#first-paint .prerendered[lang=${lang}]`);
  const off = document.querySelector(`#first-paint .prerendered:not([lang=${lang}])`);
  return (on && on.offsetHeight > 0 && off.offsetHeight === 0) || document.querySelector('main[data-busy="false"] [data-testid="dashboard"]');
}, null, { timeout: 120_000, polling: 20 });
const appUsable = (page) => page.locator('main[data-busy="false"] [data-testid="dashboard"]').waitFor({ timeout: 120_000 });
const embedShown = (page) => page.locator('#quick-out-lost-revenue .value').waitFor({ timeout: 60_000 });
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
for (const [name, path, shown, usable] of [['app', '', appShown, appUsable], ['embed', 'embed-en.html', embedShown, embedUsable]]) {
  const open = await visit(path, shown, usable, false);
  const slow = await visit(path, shown, usable, true);
  result[name] = {
    shown: { ...sizes(slow.fetchedShown), ms_throttled: slow.shownMs, ms_unthrottled: open.shownMs },
    usable: { ...sizes(open.fetched), ms_throttled: slow.ms, ms_unthrottled: open.ms },
    goal_gzip: GOALS[name],
  };
}
await browser.close();
server.close();

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log('| page | until | bytes gzip | brotli | goal (gzip) | at 1.6 Mbit/s + 150 ms RTT | unthrottled |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, r] of Object.entries(result)) {
  for (const [until, m] of [['shown', r.shown], ['usable', r.usable]]) {
    const goal = until === 'shown' ? `${kb(r.goal_gzip)}${m.gzip <= r.goal_gzip ? '' : ' (over)'}` : '';
    console.log(`| ${name} | ${until} | ${kb(m.gzip)} | ${kb(m.brotli)} | ${goal} | ${s(m.ms_throttled)} | ${s(m.ms_unthrottled)} |`);
  }
}
for (const [name, r] of Object.entries(result)) {
  console.log(`\n${name}, biggest files until usable (gzip): ${r.usable.files.slice(0, 6).map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')}`);
}
console.log(`\n${JSON.stringify(result, null, 2)}`);
