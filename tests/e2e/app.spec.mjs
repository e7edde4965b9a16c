// The product as its users meet it, end to end, against the release build in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const env = appSuite();

const number = (text) => Number(text.replace(/[^0-9.-]/g, ''));

test('the demo dashboard is on screen at first load', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  assert.match(await app.page.getByTestId('lead').textContent(), /never leaves this browser/);
  assert.match(await app.page.getByTestId('as-of').textContent(), /400 clients/);
  for (const id of ['period', 'lost-revenue', 'campaign', 'all-lost', 'returned', 'sleeping', 'declining', 'lost', 'churn', 'lifetime', 'reactivation']) {
    assert.ok((await app.kpi(id).textContent()).trim().length > 0, id);
  }
  assert.ok(await app.page.getByTestId('lost-by-month').locator('rect').count() > 10);
  assert.deepEqual(app.foreignRequests(), []);
  // `BOOMERANG_SCREENSHOT=docs/screenshot.png npm run e2e` refreshes the README's picture.
  if (process.env.BOOMERANG_SCREENSHOT) {
    await app.page.screenshot({ path: process.env.BOOMERANG_SCREENSHOT, fullPage: false });
  }
});

test('pasting a CSV shows its figures', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  const rows = ['client;date;amount'];
  // Two monthly buyers through 2024; one stops in June: lost by December.
  for (let m = 1; m <= 12; m++) rows.push(`Alpha;05.${String(m).padStart(2, '0')}.2024;1000`);
  for (let m = 1; m <= 6; m++) rows.push(`Beta;05.${String(m).padStart(2, '0')}.2024;500`);
  await app.paste(rows.join('\n'));
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  await app.show('dashboard');
  assert.match(await app.page.getByTestId('as-of').textContent(), /2 clients/);
  assert.equal(await app.kpi('lost').textContent(), '1 / 0');
  // Beta: monthly to June (median gap 31, lost after 41.3 days, from 17 July): lost in the
  // 365 days up to 5 December; its year is the six checks of 500 it paid.
  assert.equal(await app.kpi('lost-revenue').textContent(), '$3,000');
  assert.equal(await app.kpi('period').textContent(), 'Dec 7, 2023 – Dec 5, 2024');
});

test('picking the previous calendar year shows that year\'s losses', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  // The demo runs to 30 October 2026: the previous calendar year is 2025.
  assert.equal(await app.kpi('period').textContent(), 'Oct 31, 2025 – Oct 30, 2026');
  const lostBefore = await app.kpi('lost-revenue').textContent();
  await app.page.getByTestId('dashboard-period-kind').selectOption('previous_calendar_year');
  assert.equal(await textBecomes(app.kpi('period'), 'Jan 1, 2025 – Dec 31, 2025'), 'Jan 1, 2025 – Dec 31, 2025');
  assert.notEqual(await app.kpi('lost-revenue').textContent(), lostBefore);
  assert.equal(await app.page.getByTestId('managers-period').textContent(), 'Period: Jan 1, 2025 – Dec 31, 2025');
});

test('a reason moved to another group and marked winnable puts its clients on the call list, and stays after a reload', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  const row = () => app.page.getByTestId('reasons').locator('tbody tr', { hasText: 'Закрыл бизнес' });
  assert.equal(await row().locator('select').inputValue(), 'outside');
  assert.equal(await row().locator('input[type=checkbox]').isChecked(), false);
  await app.show('list');
  await app.page.getByTestId('search').fill('Закрыл бизнес');
  const categories = () => app.page.getByTestId('winback-list').locator('tbody td.category');
  const before = await categories().allTextContents();
  assert.ok(before.length > 0);
  // Closed down: nobody is called, and each says why.
  assert.ok(before.every((c) => c === 'Let go'), before.join(' | '));
  const why = await app.page.getByTestId('why-call').allTextContents();
  assert.ok(why.some((c) => c === 'Do not call: the reason cannot be won back'), why.join(' | '));
  await app.show('dashboard');
  const companyBefore = await app.page.getByTestId('group-company').locator('td').first().textContent();
  await row().locator('select').selectOption('company');
  await app.computed();
  await row().locator('input[type=checkbox]').check();
  await app.computed();
  assert.equal(await row().locator('select').inputValue(), 'company');
  assert.notEqual(await app.page.getByTestId('group-company').locator('td').first().textContent(), companyBefore);
  await app.show('list');
  const after = await categories().allTextContents();
  assert.equal(after.length, before.length);
  assert.ok(after.some((c) => c !== 'Let go'), after.join(' | '));
  // The decision is kept with the data across a reload.
  await app.page.reload();
  await app.show('dashboard');
  await app.computed();
  assert.equal(await row().locator('select').inputValue(), 'company');
  assert.equal(await row().locator('input[type=checkbox]').isChecked(), true);
});

test('changing a setting changes the figures at once', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  const before = await app.kpi('sleeping').textContent();
  await app.show('settings');
  await app.page.getByTestId('setting-return_probability').fill('50');
  await app.show('dashboard');
  // The worker recomputes everything, the three models included: wait for it, as the other
  // setting changes here do.
  await app.computed();
  const after = await app.kpi('sleeping').textContent();
  assert.ok(Math.abs(number(after) / number(before) - 2) < 1e-4, `${before} → ${after}`);
});

test('the win-back list exports as CSV and XLSX, and both read back', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('list');
  const count = number(await app.page.getByTestId('list-count').textContent());
  const [csv] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-csv-semicolon').click()]);
  const text = await readFile(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'a BOM for Excel');
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, count + 1);
  assert.match(lines[0], /^Order;Client;/);
  const firstClient = await app.page.getByTestId('open-client').first().textContent();
  assert.ok(lines[1].includes(firstClient), `${lines[1]} has ${firstClient}`);
  const [xlsx] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-xlsx').click()]);
  const strings = execFileSync('python3', ['-c',
    'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', await xlsx.path()]).toString();
  assert.ok(strings.includes(firstClient.replace(/«|»/g, (c) => c)), 'the first client is in the workbook');
  assert.ok(strings.includes('Expected net'));
  assert.deepEqual(app.foreignRequests(), []);
});

test('a quick-calculator link reproduces its result', async () => {
  const url = `${env.server.url}?quick&clients=1000&lost=100&check=1000&ppy=1&margin=30&p=25&cost=500&attempts=3`;
  const app = await AppPage.open(env.browser, url, { ready: 'quick' });
  // Seed 004: 100 clients × 25% × 1,000 = 25,000.
  assert.match(await app.page.getByTestId('quick-out-recoverable').textContent(), /\$25,000/);
  await app.page.getByTestId('quick-churn').fill('25');
  await app.page.waitForURL(/churn=25/);
  const link = app.page.url();
  const again = await AppPage.open(env.browser, link, { ready: 'quick' });
  assert.match(await again.page.getByTestId('quick-out-lifetime').textContent(), /4\.0 years/);
  assert.equal(await again.page.getByTestId('quick-out-recoverable').textContent(),
    await app.page.getByTestId('quick-out-recoverable').textContent());
});

test('switching the language keeps the data and the view', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.paste('client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;234,5\n');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  await app.page.getByTestId('lang').click();
  assert.match(await app.page.getByTestId('lead').textContent(), /не покидают этот браузер/);
  assert.equal(await app.kpi('clients').textContent(), '2');
  assert.equal(await app.kpi('revenue').textContent(), '1\u00a0235\u00a0$');
  assert.equal(await app.page.getByTestId('paste').inputValue(), 'client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;234,5\n');
});

test('a reload keeps the data, the settings and the language; one button forgets them', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const app = await AppPage.open(env.browser, env.server.url, { context });
  await app.show('data');
  await app.paste('client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;234,5\n');
  await app.show('settings');
  await app.page.getByTestId('setting-attempts').fill('5');
  await app.page.getByTestId('lang').click();
  // The data is kept once the worker has analysed it (a busy machine may take a second).
  await app.page.waitForFunction(() => (localStorage.getItem('boomerang.v1.data') || '').includes('01.03.2024'));
  await app.page.reload();
  await app.page.getByTestId('dashboard').waitFor();
  assert.match(await app.page.getByTestId('as-of').textContent(), /2 клиентов/);
  await app.show('settings');
  assert.equal(await app.page.getByTestId('setting-attempts').inputValue(), '5');
  await app.show('data');
  await app.page.getByTestId('forget').click();
  await app.page.reload();
  await app.page.getByTestId('dashboard').waitFor();
  assert.match(await app.page.getByTestId('as-of').textContent(), /400/);
  // With remembering off, nothing of the data is stored.
  await app.show('data');
  await app.page.getByTestId('remember').uncheck();
  await app.paste('client;date;amount\nA;01.02.2024;1000\n');
  await app.page.waitForFunction(() => localStorage.getItem('boomerang.v1.data') === null);
  const stored = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes('01.02.2024'), stored);
  await context.close();
});

test('the embed view tells its parent page its height', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${env.server.url}__blog.html?q=${encodeURIComponent('clients=40&lost=10&check=50000&ppy=7')}`);
  await page.waitForFunction(() => window.heights.length > 0);
  const height = await page.evaluate(() => Math.max(...window.heights));
  assert.ok(height > 300, `height ${height}`);
  const frame = page.frameLocator('iframe');
  assert.match(await frame.getByTestId('quick-out-lost-revenue').textContent(), /3,500,000/);
  assert.equal(await frame.locator('nav').count(), 0, 'no page chrome');
  assert.equal(Number(await page.locator('iframe').getAttribute('height')), height);
  assert.deepEqual(requests.filter((u) => !u.startsWith(env.server.url.slice(0, -1))), []);
  await context.close();
});
