// Boomerang in headless Chromium, on the release build in dist/: the first-load transfer
// size, and for each log: the worker's warm-up when the Data tab opens, the core's own time
// in the worker (its steps), bytes to dashboard drawn (the rule's figures first, then the
// models'), the longest main-thread task while importing (Long Tasks API), the browser's
// peak memory above what it held before, changes of k (the median of five) and a change of
// the analysis date.
// Prints JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch } from '../tests/e2e/harness.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const files = process.argv.slice(2);

/** Resident memory of every Chromium process, in bytes. */
function chromiumRss() {
  try {
    const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).reduce((s, kb) => s + Number(kb) * 1024, 0);
  } catch {
    return 0;
  }
}

const server = await serveDist();
const browser = await launch();
const result = { firstLoad: {}, files: {} };

// What a first visit fetches before the dashboard shows (the demo computed in the worker).
{
  const page = await browser.newPage();
  const fetched = new Set();
  page.on('requestfinished', (r) => fetched.add(new URL(r.url()).pathname));
  await page.goto(server.url);
  await page.locator('main[data-busy="false"] [data-testid="dashboard"]').waitFor({ timeout: 60_000 });
  const kinds = { wasm: [0, 0], js: [0, 0], css: [0, 0], html: [0, 0] };
  const list = [];
  for (const path of fetched) {
    const name = path === '/' ? 'index.html' : path.slice(1);
    const kind = name.split('.').pop();
    if (!(kind in kinds)) continue;
    const body = readFileSync(join(dist, name));
    const gz = gzipSync(body, { level: 9 }).length;
    kinds[kind][0] += body.length;
    kinds[kind][1] += gz;
    list.push({ name, raw: body.length, gzip: gz });
  }
  result.firstLoad = { kinds, files: list.sort((a, b) => b.gzip - a.gzip) };
  await page.close();
}

for (const file of files) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('main[data-busy="false"] [data-testid="dashboard"]').waitFor({ timeout: 60_000 });
  await page.getByTestId('tab-data').click();
  // The Data tab starts the worker, which warms its code up on the demo while the user
  // picks a file (a second or more in a file dialog); the file comes once it has.
  const warmMs = await page
    .waitForFunction(() => window.__boomerangWarm?.warm, null, { timeout: 30_000, polling: 20 })
    .then((h) => h.jsonValue())
    .catch(() => null);
  const baseline = chromiumRss();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 50);
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('file').setInputFiles(file);
  await page.waitForFunction(
    (t) => performance.getEntriesByName('boomerang:drawn').some((e) => e.startTime > t)
      && document.querySelector('main')?.dataset.busy === 'false',
    t0,
    { timeout: 600_000, polling: 50 },
  );
  clearInterval(sampler);
  peak = Math.max(peak, chromiumRss());
  const page_ = await page.evaluate((t) => ({
    drawn: performance.getEntriesByName('boomerang:drawn').filter((e) => e.startTime > t).at(-1).startTime - t,
    // The rule's figures drawn, before the models' follow.
    first: performance.getEntriesByName('boomerang:drawn').find((e) => e.startTime > t).startTime - t,
    worker: window.__boomerangTimings,
    longest: Math.max(0, ...window.__longtasks.filter((e) => e.start >= t).map((e) => e.duration)),
    clients: document.querySelector('[data-testid="kpi-clients"] .value')?.textContent,
    stopped: document.querySelector('[data-testid="stopped"]')?.textContent ?? null,
  }), t0);
  // Changes of k on the loaded log, as a user tries a few: the worker analyses again (the
  // import and the fitted models kept) and the page draws the new figures. The median of
  // five is reported (one change alone varies by a third on this kind of machine).
  // Timed from the input event the field gets, as a user's typing starts it: Playwright's
  // `fill` takes 5-10 ms of its own round trips before the page sees anything (a trace shows
  // the event 9 ms after the call); the time from the call is kept too (`fromCall`).
  await page.getByTestId('tab-settings').click();
  await page.evaluate(() => {
    document.addEventListener('input', (e) => { window.__inputAt = e.timeStamp; }, true);
  });
  const changes = [];
  for (const k of ['2', '2.5', '1.5', '3', '2']) {
    await page.evaluate(() => { window.__boomerangTimings = null; window.__inputAt = null; });
    const t1 = await page.evaluate(() => performance.now());
    await page.getByTestId('setting-k').fill(k);
    await page.waitForFunction(
      (t) => performance.getEntriesByName('boomerang:drawn').some((e) => e.startTime > t)
        && window.__boomerangTimings
        && document.querySelector('main')?.dataset.busy === 'false',
      t1,
      { timeout: 600_000, polling: 20 },
    );
    changes.push(await page.evaluate((t) => {
      const drawn = performance.getEntriesByName('boomerang:drawn').filter((e) => e.startTime > t).at(-1).startTime;
      return { drawn: drawn - window.__inputAt, fromCall: drawn - t, worker: window.__boomerangTimings };
    }, t1));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const medianDrawn = median(changes.map((c) => c.drawn));
  const medianWorker = median(changes.map((c) => c.worker.total));
  const change = {
    drawn: medianDrawn,
    worker: { ...changes.find((c) => c.worker.total === medianWorker).worker },
  };
  // A change of the analysis date a month back: the histories are built again and the
  // models refitted, each fit from where the last one ended; timed to the models' figures.
  const asOf = page.getByTestId('setting-as_of');
  const day = new Date(`${await asOf.inputValue()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 30);
  await page.evaluate(() => { window.__boomerangTimings = null; });
  const t2 = await page.evaluate(() => performance.now());
  await asOf.fill(day.toISOString().slice(0, 10));
  await page.waitForFunction(
    () => window.__boomerangTimings && document.querySelector('main')?.dataset.busy === 'false',
    null,
    { timeout: 600_000, polling: 20 },
  );
  const asOfChange = await page.evaluate((t) => ({
    drawn: performance.now() - t,
    worker: window.__boomerangTimings,
  }), t2);
  result.files[file] = {
    settingChangeMs: change.drawn,
    settingChangeWorker: change.worker,
    settingChangeFromCallMs: median(changes.map((c) => c.fromCall)),
    settingChanges: changes.map((c) => ({ drawn: c.drawn, fromCall: c.fromCall, worker: c.worker.total })),
    asOfChangeMs: asOfChange.drawn,
    asOfChangeWorker: asOfChange.worker,
    bytes: statSync(file).size,
    endToEndMs: page_.drawn,
    ruleFiguresMs: page_.first,
    warmUpMs: warmMs,
    worker: page_.worker,
    longestTaskMs: page_.longest,
    peakMemoryBytes: peak - baseline,
    clientsShown: page_.clients,
    stopped: page_.stopped,
  };
  await context.close();
}
await browser.close();
server.close();
console.log(JSON.stringify(result));
