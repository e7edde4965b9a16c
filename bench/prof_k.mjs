// Temporary: profiles the page's main thread during a change of k on a loaded log.
import { writeFileSync } from 'node:fs';
import { serveDist, launch } from '../tests/e2e/harness.mjs';
const file = process.argv[2];
const server = await serveDist();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
await page.goto(server.url);
await page.locator('main[data-busy="false"] [data-testid="dashboard"]').waitFor({ timeout: 60_000 });
await page.getByTestId('tab-data').click();
const t0 = await page.evaluate(() => performance.now());
await page.getByTestId('file').setInputFiles(file);
await page.waitForFunction((t) => performance.getEntriesByName('boomerang:drawn').some((e) => e.startTime > t) && document.querySelector('main')?.dataset.busy === 'false', t0, { timeout: 600_000, polling: 50 });
await page.getByTestId('tab-settings').click();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
for (const k of ['2', '2.5']) {
  await page.waitForTimeout(500);
  await cdp.send('Profiler.start');
  const t1 = await page.evaluate(() => performance.now());
  await page.getByTestId('setting-k').fill(k);
  await page.waitForFunction((t) => performance.getEntriesByName('boomerang:drawn').some((e) => e.startTime > t) && document.querySelector('main')?.dataset.busy === 'false', t1, { timeout: 600_000, polling: 20 });
  const drawn = await page.evaluate((t) => performance.getEntriesByName('boomerang:drawn').filter((e) => e.startTime > t).at(-1).startTime - t, t1);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(`/tmp/prof2/k-${k}.cpuprofile`, JSON.stringify(profile));
  console.log('k', k, 'drawn after', drawn.toFixed(0), 'ms; worker', JSON.stringify(await page.evaluate(() => window.__boomerangTimings)));
}
await browser.close();
server.close();
