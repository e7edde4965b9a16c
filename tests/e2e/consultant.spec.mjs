// What a consultant meets on a live call (issue 16), end to end against the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, appSuite } from './harness.mjs';

const env = appSuite();

const count = (text) => Number(text.replace(/[^0-9]/g, ''));

test('the import summary separates rows left out from rows kept with a warning, and the counts match the lists', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.computed();
  // The demo: a few rows left out (the totals row among them), and copies of earlier rows
  // kept with a warning.
  const leftOut = count(await app.kpi('left-out').textContent());
  const warned = count(await app.kpi('warned').textContent());
  assert.ok(leftOut > 0 && leftOut < 10, `${leftOut}`);
  assert.ok(warned > 100, `${warned}`);
  assert.equal(await app.leftOutRows().count(), leftOut);
  assert.match(await app.leftOutRows().last().textContent(), /totals row/);
  assert.match(await app.page.locator('#left-out-title').textContent(), new RegExp(`\\(${leftOut}\\)`));
  // The warnings: listed apart, the first 200 shown and the rest counted, adding up.
  const shown = await app.page.getByTestId('warned').locator('tbody tr').count();
  const more = await app.page.getByTestId('warned-more').count()
    ? count(await app.page.getByTestId('warned-more').textContent()) : 0;
  assert.equal(shown + more, warned);
  assert.match(await app.page.getByTestId('warned').locator('tbody tr').first().textContent(), /kept as a second purchase/);
});

test('the seeds\' reference points are benchmarks under "how is this calculated", and stay out of print', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  const card = app.page.getByTestId('kpi-sleeping');
  const reference = app.page.getByTestId('reference-sleeping');
  // Not on the card's face: hidden in the closed explanation.
  assert.equal(await reference.isVisible(), false);
  await card.locator('summary').click();
  assert.equal(await reference.isVisible(), true);
  assert.match(await reference.textContent(), /^Benchmark from the sources, not your data: .*\$25,000/);
  // The printed report carries no benchmark line.
  await app.page.emulateMedia({ media: 'print' });
  const printed = app.page.locator('.report .reference');
  assert.ok(await printed.count() > 0);
  for (const r of await printed.all()) assert.equal(await r.isVisible(), false);
  await app.page.emulateMedia({ media: 'screen' });
});
