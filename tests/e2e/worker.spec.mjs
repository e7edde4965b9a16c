// The compute worker, end to end: the figures it gives are the command line's, and a long
// import shows its progress and can be cancelled without losing what is on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = join(root, 'crates/core/tests/data/CDNOW_sample.txt');
const env = appSuite();

/** The command line (built by the test command's cargo test). */
function binary() {
  const bin = ['target/release/boomerang', 'target/debug/boomerang'].map((p) => join(root, p)).find(existsSync);
  assert.ok(bin, 'the command line is built (cargo test builds it)');
  return bin;
}

/** The core natively, as the command line runs it: its JSON. */
function cli(...args) {
  return JSON.parse(execFileSync(binary(), args, { maxBuffer: 1 << 28 }).toString());
}

const usd = (n) => '$' + Math.round(n).toLocaleString('en-US');

test('a file read by the worker gives the figures of the command line', async () => {
  const want = cli('analyze', sample);
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.upload(sample);
  await app.page.getByTestId('source').filter({ hasText: 'CDNOW_sample.txt' }).waitFor();
  await app.computed();
  assert.equal(await app.kpi('clients').textContent(), want.clients.toLocaleString('en-US'));
  assert.equal(await app.kpi('revenue').textContent(), usd(want.revenue));
  await app.show('dashboard');
  assert.equal(await app.kpi('lost-revenue').textContent(), usd(want.lost_in_period.annual_revenue));
  assert.equal(await app.kpi('all-lost').textContent(), usd(want.lost_all.annual_revenue));
  assert.equal(await app.kpi('campaign').textContent(),
    want.campaign.undefined ? '—' : usd(want.campaign.recoverable_revenue));
  assert.equal(await app.kpi('churn').textContent(), `${(want.churn.rate * 100).toFixed(1)}%`);
  assert.equal(
    await app.kpi('lost').textContent(),
    `${want.status.lost.toLocaleString('en-US')} / ${want.status.sleeping.toLocaleString('en-US')}`,
  );
  assert.deepEqual(app.foreignRequests(), []);
});

test('after a change of k the worker sends what it decides of each client, and the models\' figures the page holds stay right', async () => {
  // The command line's clients at the default k and at k = 3: a client the model and the
  // rule disagree about at the first and not at the second (lost, then sleeping).
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-k-'));
  const clients = (k) => {
    const file = join(dir, `k${k ?? 'default'}.csv`);
    const report = cli('analyze', sample, '--model', 'auto', '--clients', file, ...(k ? ['--k', k] : []));
    const [head, ...rows] = readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    const columns = head.split(',');
    const of = new Map(rows.map((r) => {
      const cells = r.split(',');
      return [cells[0], Object.fromEntries(columns.map((c, i) => [c, cells[i]]))];
    }));
    return { report, of };
  };
  const before = clients(null);
  const after = clients('3');
  assert.notEqual(before.report.model.disagreements, after.report.model.disagreements);
  const [id] = [...before.of.keys()].filter((c) => before.of.get(c).model_disagrees === 'true'
    && after.of.get(c).model_disagrees === 'false');
  assert.ok(id, 'a client whose disagreement moves with k');
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  await app.upload(sample);
  await app.page.getByTestId('source').filter({ hasText: 'CDNOW_sample.txt' }).waitFor();
  await app.computed();
  await app.show('dashboard');
  const disagreements = app.page.getByTestId('model-disagreements').locator('.value');
  const count = (n) => n.toLocaleString('en-US');
  await app.page.waitForFunction((want) => document.querySelector('[data-testid=model-disagreements] .value')?.textContent === want,
    count(before.report.model.disagreements), { timeout: 30_000 });
  // The card of the client, as the page's lines have it.
  const card = async () => {
    await app.show('list');
    await app.page.getByTestId('search').fill(id);
    await app.page.getByTestId('open-client').first().click();
    await app.page.getByTestId('client-card').waitFor();
    const shown = {
      alive: await app.page.getByTestId('card-alive').textContent(),
      disagrees: await app.page.getByTestId('card-disagreement').count(),
      model: await app.page.getByTestId('card-rule-model').textContent(),
    };
    await app.page.getByTestId('close-card').click();
    return shown;
  };
  const pct = (p) => `${(Number(p) * 100).toFixed(1)}%`;
  const first = await card();
  assert.equal(first.alive, pct(before.of.get(id).p_alive));
  assert.equal(first.disagrees, 1);
  assert.match(first.model, /^lost ·/);
  // k = 3: the lines held take the worker's verdicts; the models' figures beside them are
  // the same fit's, and whether each client's model and rule disagree moves with the status.
  await app.show('settings');
  await app.page.getByTestId('setting-k').fill('3');
  await app.computed();
  await app.show('dashboard');
  assert.equal(await disagreements.textContent(), count(after.report.model.disagreements));
  const second = await card();
  assert.equal(second.alive, pct(after.of.get(id).p_alive));
  assert.equal(second.disagrees, 0);
  assert.match(second.model, /^sleeping ·/);
  assert.equal(await app.page.getByTestId('stopped').count(), 0);
  await app.context.close();
});

test('opening the Data tab starts the worker, which warms up on the demo and leaves the screen as it was', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  const before = await app.kpi('lost-revenue').textContent();
  assert.deepEqual(app.requests.filter((u) => u.includes('compute-worker')), []);
  await app.show('data');
  // The worker says how long its warm-up took and the demo's rows it read (then analysed
  // and modelled).
  const warm = await (await app.page.waitForFunction(() => window.__boomerangWarm, null, { timeout: 30_000 })).jsonValue();
  assert.ok(warm.warm > 0, `the warm-up took ${warm.warm} ms`);
  // Every row of the demo, as the command line prints it (less its header).
  const demo = execFileSync(binary(), ['demo'], { maxBuffer: 1 << 24 }).toString().trim().split('\n');
  assert.equal(warm.rows, demo.length - 1);
  assert.ok(app.requests.some((u) => u.includes('compute-worker')));
  // Nothing of it reaches the screen: no job, no message, the demo's figures.
  assert.equal(await app.page.locator('main').getAttribute('data-busy'), 'false');
  assert.equal(await app.page.getByTestId('stopped').count(), 0);
  assert.match(await app.page.getByTestId('source').textContent(), /demo/);
  await app.show('dashboard');
  assert.equal(await app.kpi('lost-revenue').textContent(), before);
  // The warmed worker computes the user's data.
  await app.show('data');
  await app.paste('client;date;amount\nA;01.02.2024;100\nB;01.03.2024;50\n');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=kpi-clients] .value')?.textContent === '2');
  assert.deepEqual(app.foreignRequests(), []);
  await app.context.close();
});

test('a long import shows rows read, and cancelling it keeps the previous result', async () => {
  // About 60 MB: two million purchases of 200,000 clients.
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-'));
  const path = join(dir, 'big.csv');
  const lines = ['client,date,amount'];
  for (let i = 0; i < 2_000_000; i++) {
    const day = 1 + (i * 7919) % 1400;
    const d = new Date(Date.UTC(2021, 0, day));
    lines.push(`C${(i * 104729) % 200_000},${d.toISOString().slice(0, 10)},${100 + (i % 900)}.50`);
  }
  writeFileSync(path, lines.join('\n'));
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  const before = await app.kpi('lost-revenue').textContent();
  await app.show('data');
  await app.upload(path);
  await app.page.getByTestId('progress-rows').waitFor({ timeout: 30_000 });
  const rows = Number((await app.page.getByTestId('progress-rows').textContent()).replace(/\D/g, ''));
  assert.ok(rows > 0, `rows read: ${rows}`);
  await app.page.getByTestId('cancel').click();
  await app.page.getByTestId('stopped').waitFor();
  assert.match(await app.page.getByTestId('stopped').textContent(), /Cancelled/);
  await app.computed();
  assert.match(await app.page.getByTestId('source').textContent(), /demo/);
  await app.show('dashboard');
  assert.equal(await app.kpi('lost-revenue').textContent(), before);
});

test('a worker that cannot start is reported once, and the page stays usable', async () => {
  const context = await env.browser.newContext();
  await context.route('**/compute-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto(env.server.url);
  // The demo needs no worker: its answers were computed when the app was built.
  await page.locator('main[data-busy="false"]').getByTestId('kpi-lost-revenue').waitFor();
  assert.equal(await page.getByTestId('stopped').count(), 0);
  // Opening the Data tab starts the worker for its warm-up: when it cannot start, nothing
  // is said until there is data to compute.
  const closed = new Promise((resolve) => page.on('worker', (w) => w.on('close', resolve)));
  await page.getByTestId('tab-data').click();
  await closed;
  assert.equal(await page.getByTestId('stopped').count(), 0);
  // A change of setting does, and the page says once that it cannot.
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('setting-k').fill('2');
  await page.getByTestId('stopped').waitFor();
  assert.match(await page.getByTestId('stopped').textContent(), /could not be processed/);
  // The quick calculator needs no worker.
  await page.getByTestId('tab-quick').click();
  await page.getByTestId('quick-results').waitFor();
  await context.close();
});

test('a large workbook is read in the compute worker, and one its reader does not know goes to the workbook reader', async () => {
  // 100,000 rows: a 3 MB workbook, over the size a workbook goes to the workbook reader at.
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-book-'));
  const synth = (seed) => execFileSync(binary(), ['synth', '--rows', '100000', '--seed', seed, '--xlsx'], { maxBuffer: 1 << 28 });
  const book = join(dir, 'large.xlsx');
  writeFileSync(book, synth('3'));
  assert.ok(statSync(book).size > 2_000_000, 'larger than a workbook the page keeps');
  // Another workbook with a comment among its cells, which the compute worker's reader
  // leaves to calamine's, in the workbook reader.
  const other = join(dir, 'other.xlsx');
  writeFileSync(other, synth('4'));
  const odd = join(dir, 'odd.xlsx');
  execFileSync('python3', ['-c', `
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for item in src.infolist():
    data = src.read(item.filename)
    if item.filename == "xl/worksheets/sheet1.xml":
        data = data.replace(b"<sheetData>", b"<sheetData><!-- checked -->", 1)
    dst.writestr(item, data)
dst.close()`, other, odd]);
  const [want, wantOdd] = [cli('analyze', book), cli('analyze', odd)];
  assert.notEqual(want.revenue, wantOdd.revenue, 'two workbooks told apart by their figures');
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  const figuresOf = async (name, want) => {
    await app.page.getByTestId('source').filter({ hasText: name }).waitFor({ timeout: 60_000 });
    // The clients shown become the workbook's (the source's name shows as soon as it is
    // dropped, the figures once it is read).
    const clients = want.clients.toLocaleString('en-US');
    assert.equal(await textBecomes(app.kpi('clients'), clients, 60_000), clients, name);
    await app.computed(60_000);
    assert.equal(await app.kpi('revenue').textContent(), usd(want.revenue), name);
    assert.equal(await app.page.getByTestId('sheet').inputValue(), 'Sales', name);
  };
  await app.upload(book);
  await figuresOf('large.xlsx', want);
  assert.equal(app.requests.filter((u) => u.includes('xlsx-worker')).length, 0, 'read in the compute worker');
  await app.upload(odd);
  await figuresOf('odd.xlsx', wantOdd);
  assert.ok(app.requests.some((u) => u.endsWith('/xlsx-worker.js')), 'the workbook reader read it');
  assert.equal(await app.page.getByTestId('file-error').count(), 0, 'nothing to say of it');
  // A large file that only starts like a workbook: neither reader can read it; it is said,
  // and the data on screen stays, named as it is.
  const broken = join(dir, 'broken.xlsx');
  writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(3_000_000, 7)]));
  await app.upload(broken);
  await app.page.getByTestId('file-error').waitFor({ timeout: 30_000 });
  await app.computed();
  assert.match(await app.page.getByTestId('source').textContent(), /odd\.xlsx/);
  assert.equal(await app.kpi('clients').textContent(), wantOdd.clients.toLocaleString('en-US'));
  assert.deepEqual(app.foreignRequests(), []);
});
