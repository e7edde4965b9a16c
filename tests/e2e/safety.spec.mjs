// Never crash, never lose the user's data, never leak it: end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const env = appSuite();

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

test('the policy allows only the page\'s own origin, and every request goes there', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const violations = [];
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const app = new AppPage(page, new URL(env.server.url).origin);
  await page.goto(env.server.url);
  await page.getByTestId('dashboard').waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /unsafe-inline/);
  assert.doesNotMatch(csp, /https?:/, 'no other host is allowed');
  // Every screen and a workbook (the worker): all of it from the page's own origin.
  for (const tab of ['list', 'data', 'settings', 'quick', 'dashboard']) await app.show(tab);
  await app.show('data');
  await app.upload(fixture('sales.xlsx'));
  await page.getByTestId('sheet').selectOption('Sales');
  await textBecomes(app.kpi('clients'), '2');
  await app.show('dashboard');
  assert.ok(app.requests.length > 5);
  assert.deepEqual(app.foreignRequests(), []);
  assert.deepEqual(violations, []);
  await context.close();
});

test('a crash shows a report to copy, and after a reload the data is still there', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const app = await AppPage.open(env.browser, env.server.url, { context });
  await app.show('data');
  await app.paste('client;date;amount\nKept;01.02.2024;1000\nKept;01.03.2024;500\n');
  await textBecomes(app.kpi('clients'), '1');
  await app.page.goto(`${env.server.url}?crash-test`);
  const crash = app.page.getByTestId('crash');
  await crash.waitFor();
  assert.match(await crash.textContent(), /Something went wrong/);
  assert.match(await app.page.getByTestId('crash-report').inputValue(), /crash test asked for/);
  await app.page.getByTestId('crash-reload').click();
  await app.page.getByTestId('dashboard').waitFor();
  assert.match(await app.page.getByTestId('as-of').textContent(), /1 clients/);
  await app.show('data');
  assert.equal(await app.page.getByTestId('paste').inputValue(), 'client;date;amount\nKept;01.02.2024;1000\nKept;01.03.2024;500\n');
  await context.close();
});

test('HTML in the data is shown as text, never run', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('data');
  const evil = '<img src=x onerror="window.pwned=1">';
  await app.paste(`client;date;amount\n${evil};01.02.2024;1000\n${evil};01.03.2024;500\nOther;01.01.2024;5\nOther;01.12.2024;5\n`);
  await textBecomes(app.kpi('clients'), '2');
  await app.show('list');
  await app.page.getByTestId('open-client').first().waitFor();
  assert.equal(await app.page.getByTestId('open-client').first().textContent(), evil);
  await app.page.getByTestId('open-client').first().click();
  await app.page.getByTestId('client-card').waitFor();
  assert.equal(await app.page.locator('main img, [data-testid=client-card] img').count(), 0);
  assert.equal(await app.page.evaluate(() => window.pwned), undefined);
});
