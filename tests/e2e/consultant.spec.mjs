// What a consultant meets on a live call (issue 16), end to end against the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const env = appSuite();

const count = (text) => Number(text.replace(/[^0-9]/g, ''));

test('the import summary separates rows left out from rows kept with a warning, and the counts match the lists', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  // Two rows left out (no date; a totals row) and 250 copies of an earlier row, kept.
  const rows = ['client;date;amount', 'A;01.02.2024;100', 'B;01.03.2024;50', 'C;;5'];
  for (let i = 0; i < 250; i++) rows.push('A;01.02.2024;100');
  rows.push('Итого;;405');
  await app.paste(rows.join('\n'));
  await app.computed();
  assert.equal(count(await app.kpi('left-out').textContent()), 2);
  assert.equal(count(await app.kpi('warned').textContent()), 250);
  // The rows left out come first, each listed, the totals row among them.
  assert.equal(await app.leftOutRows().count(), 2);
  assert.match(await app.leftOutRows().last().textContent(), /totals row/);
  assert.match(await app.page.locator('#left-out-title').textContent(), /\(2\)/);
  // The warnings apart: the first 200 listed and the rest counted, adding up to the card.
  const warned = app.page.getByTestId('warned').locator('tbody tr');
  assert.equal(await warned.count(), 200);
  assert.equal(count(await app.page.getByTestId('warned-more').textContent()), 50);
  assert.match(await warned.first().textContent(), /kept as a second purchase/);
});

test('the seeds\' reference points are benchmarks under "how is this calculated", and stay out of print', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  const card = app.page.getByTestId('dashboard').getByTestId('kpi-sleeping');
  const reference = card.getByTestId('reference-sleeping');
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

test('in Russian the tab\'s title, the years and the money speak Russian', async () => {
  const app = await AppPage.open(env.browser, env.server.url, { locale: 'ru-RU' });
  await app.computed();
  assert.equal(await app.page.title(), 'Бумеранг — калькулятор возврата клиентов');
  // "4,6 года", never "4,6 лет": a number with a decimal part takes the genitive singular.
  assert.match(await app.kpi('lifetime').textContent(), /^\d+,\d года$/);
  // The demo's amounts carry ₽: money in roubles, with the sign after the number.
  assert.match(await app.kpi('lost-revenue').textContent(), /^[\d\u00a0 ]+\u00a0₽$/);
  await app.page.getByTestId('lang').click();
  assert.equal(await app.page.title(), 'Boomerang — win-back calculator');
  assert.match(await app.kpi('lifetime').textContent(), /^\d+\.\d years$/);
  // The language does not change the currency: still roubles.
  assert.match(await app.kpi('lost-revenue').textContent(), /₽/);
});

test('a bad file after a good one keeps the good analysis, on screen and after a reload', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'boomerang-'));
  const good = join(dir, 'good.csv');
  const bad = join(dir, 'bad.csv');
  await writeFile(good, 'client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;500\nC;01.04.2024;250\n');
  await writeFile(bad, 'client;date;amount\nA;yesterday;1000\nB;;5\n');
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.upload(good);
  await app.computed();
  assert.equal(await app.kpi('clients').textContent(), '3');
  await app.upload(bad);
  await app.computed();
  // The Data tab says what is wrong with the new file...
  assert.match(await app.page.getByTestId('problem').textContent(), /row 2/);
  // ...and the dashboard keeps the good analysis, saying so.
  await app.show('dashboard');
  assert.match(await app.page.getByTestId('as-of').textContent(), /3 clients/);
  assert.match(await app.page.getByTestId('rejected').textContent(), /previous analysis is still shown/);
  // A reload brings the good file back, not the error.
  await app.page.reload();
  await app.page.getByTestId('dashboard').waitFor();
  await app.computed();
  assert.match(await app.page.getByTestId('as-of').textContent(), /3 clients/);
  assert.equal(await app.page.getByTestId('rejected').count(), 0);
});

test('the demo invites the user\'s own data, a file dropped on the dashboard loads, and the Data tab leads to the results', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  assert.match(await app.page.getByTestId('demo-invite').textContent(), /This is a demo/);
  const dataTransfer = await app.page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;500\n'], 'sales.csv', { type: 'text/csv' }));
    return dt;
  });
  await app.page.dispatchEvent('main', 'drop', { dataTransfer });
  await app.page.getByTestId('as-of').filter({ hasText: '2 clients' }).waitFor();
  await app.computed();
  assert.equal(await app.page.getByTestId('demo-invite').count(), 0);
  await app.show('data');
  await app.page.getByTestId('see-results').click();
  await app.page.getByTestId('dashboard').waitFor();
  assert.match(await app.page.getByTestId('as-of').textContent(), /2 clients/);
});

test('after a reload, an export too big to keep is asked for again, plainly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'boomerang-'));
  const big = join(dir, 'big-export.csv');
  const rows = ['client;date;amount'];
  for (let i = 0; i < 120000; i++) rows.push(`K${i % 3000};${String(i % 28 + 1).padStart(2, '0')}.${String(i % 12 + 1).padStart(2, '0')}.2024;100`);
  await writeFile(big, rows.join('\n'));
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.upload(big);
  assert.equal(await textBecomes(app.kpi('clients'), '3,000', 60_000), '3,000');
  await app.computed(60_000);
  assert.match(await app.page.getByTestId('not-kept').textContent(), /too big to keep/);
  await app.page.reload();
  await app.page.getByTestId('dashboard').waitFor();
  const notice = app.page.getByTestId('lost-data');
  assert.match(await notice.textContent(), /«big-export\.csv» was too big to keep in this browser, so the demo is shown/);
  await app.page.getByTestId('load-again').click();
  await app.page.getByTestId('paste').waitFor();
});

test('nothing overflows sideways at 360 px in Russian or at 1366 px in English, and money stays on one line', async () => {
  for (const [width, locale] of [[360, 'ru-RU'], [1366, 'en-US']]) {
    const context = await env.browser.newContext({ locale, viewport: { width, height: 800 } });
    const app = await AppPage.open(env.browser, env.server.url, { context });
    await app.computed();
    for (const tab of ['dashboard', 'list', 'data', 'settings', 'quick', 'plan']) {
      await app.show(tab);
      const [scroll, client] = await app.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${width} px, ${tab}: the page is ${scroll} px wide`);
    }
    await app.show('dashboard');
    // A money figure is one line: its sign never wraps onto a line of its own.
    const value = app.kpi('lost-revenue');
    const height = await value.evaluate((e) => e.getBoundingClientRect().height);
    const line = await value.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.3);
    assert.ok(height < line * 1.5, `${width} px: the lost revenue takes ${height} px for a ${line} px line`);
    await context.close();
  }
});
