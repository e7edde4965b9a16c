// Getting data in, end to end, against the release build in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const coreFixture = (name) => fileURLToPath(new URL(`../../crates/core/tests/fixtures/${name}`, import.meta.url));

const env = appSuite();

test('the demo is loaded at first start, its bad rows listed', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  assert.equal(await app.kpi('clients').textContent(), '400');
  assert.equal(await app.leftOutRows().count(), 3);
  assert.deepEqual(app.foreignRequests(), []);
});

test('pasting a table from Excel shows its figures', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.paste('Клиент\tДата\tСумма\nООО Альфа\t31.12.2024\t1 234,56\nООО Бета\t01.12.2024\t100\n');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  assert.equal(await app.kpi('revenue').textContent(), '$1,335');
});

test('uploading a Windows-1251 CSV and changing a mapping', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.upload(coreFixture('sales_1251.csv'));
  assert.equal(await textBecomes(app.kpi('clients'), '4'), '4');
  assert.match(await app.page.getByTestId('facts').textContent(), /Windows-1251/);
  assert.equal(await app.leftOutRows().count(), 1);
  assert.match(await app.leftOutRows().first().textContent(), /Итого/);
  // The manager column as the client: two managers; the row without one is now left out.
  await app.chooseRole(3, 'client_id');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  assert.equal(await app.leftOutRows().count(), 2);
});

test('uploading an XLSX reads it in the worker and lets the user pick the sheet', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  // The Data tab starts the compute worker, which warms up: the workers before the workbook.
  await app.page.waitForFunction(() => window.__boomerangWarm?.warm, null, { timeout: 30_000 });
  const workers = app.page.workers().length;
  await app.upload(fixture('sales.xlsx'));
  const sheet = app.page.getByTestId('sheet');
  await sheet.waitFor();
  assert.equal(await sheet.inputValue(), 'Notes');
  await sheet.selectOption('Sales');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  assert.equal(await app.leftOutRows().count(), 1);
  assert.ok(app.requests.some((u) => u.endsWith('/xlsx-worker.js')), 'the worker was fetched');
  assert.deepEqual(app.foreignRequests(), []);
  // Its answer given, the workbook reader closes, and the memory the reading took goes with
  // it; the next workbook starts it again.
  const running = () => app.page.workers().length;
  for (let waited = 0; running() > workers && waited < 10_000; waited += 100) await app.page.waitForTimeout(100);
  assert.equal(running(), workers, 'the workbook reader is gone');
  await app.upload(fixture('sales.xlsx'));
  for (let waited = 0; (await sheet.inputValue()) !== 'Notes' && waited < 10_000; waited += 100) {
    await app.page.waitForTimeout(100);
  }
  assert.equal(await sheet.inputValue(), 'Notes', 'the second workbook was read');
  await sheet.selectOption('Sales');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  // The sheet read is kept as text, read alone of the workbook, and comes back after a reload.
  await app.page.waitForFunction(() => (localStorage.getItem('boomerang.v1.data') || '').includes('sales.xlsx'));
  await app.page.reload();
  await app.page.getByTestId('dashboard').waitFor();
  assert.match(await app.page.getByTestId('as-of').textContent(), /2 clients .* sales\.xlsx/);
});

test('a workbook that cannot be read is said, the data on screen stays, and the next one reads', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.page.waitForFunction(() => window.__boomerangWarm?.warm, null, { timeout: 30_000 });
  const workers = app.page.workers().length;
  // A zip's signature and nothing a workbook holds after it.
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-'));
  const broken = join(dir, 'broken.xlsx');
  writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2000, 7)]));
  await app.upload(broken);
  const alert = app.page.getByTestId('file-error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /\S/);
  assert.equal(await app.kpi('clients').textContent(), '400', 'the demo is still shown');
  for (let waited = 0; app.page.workers().length > workers && waited < 10_000; waited += 100) {
    await app.page.waitForTimeout(100);
  }
  assert.equal(app.page.workers().length, workers, 'the workbook reader is gone');
  await app.upload(fixture('sales.xlsx'));
  const sheet = app.page.getByTestId('sheet');
  await sheet.waitFor();
  await sheet.selectOption('Sales');
  assert.equal(await textBecomes(app.kpi('clients'), '2'), '2');
  assert.equal(await alert.count(), 0, 'the message goes with a file that reads');
});

test('a workbook reader that cannot start is said, not waited for', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  // Its module cannot be fetched (the site is offline since the page loaded, say).
  await app.page.context().route('**/xlsx-worker_bg.wasm', (route) => route.fulfill({ status: 404, body: '' }));
  await app.show('data');
  await app.upload(fixture('sales.xlsx'));
  const alert = app.page.getByTestId('file-error');
  await alert.waitFor({ timeout: 15_000 });
  assert.match(await alert.textContent(), /\S/);
  assert.equal(await app.kpi('clients').textContent(), '400', 'the demo is still shown');
  await app.page.context().unroute('**/xlsx-worker_bg.wasm');
});

test('the first load does not fetch the workbook reader', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  assert.equal(app.requests.filter((u) => u.includes('xlsx-worker')).length, 0);
});
