// The blog embed (issue 14): pages of their own, written ahead of time, with a small module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AppPage, appSuite } from './harness.mjs';

const env = appSuite();

test('the embed is readable before its module runs, in Russian and in English', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [file, title, figure, plan] of [
    ['embed.html', 'Во что вам обходятся ушедшие клиенты?', '3\u00a0500\u00a0000,00\u00a0₽', 'Ваш план возвращения клиентов в пять шагов'],
    ['embed-en.html', 'What do lost clients cost you?', '$3,500,000.00', 'Your win-back plan in five steps'],
  ]) {
    await page.goto(`${env.server.url}${file}`);
    assert.equal(await page.locator('#quick-title').textContent(), title);
    // The plan of seed 003 below it: its title and what it does, its steps once opened.
    assert.equal(await page.locator('#plan-title').textContent(), plan);
    assert.equal(await page.getByTestId('quick-out-lost-revenue').locator('.value').textContent(), figure);
    assert.ok(await page.getByTestId('quick-clients').isVisible());
  }
  await context.close();
});

test('the embed takes its numbers from the address, recomputes as the reader types, and keeps them across languages', async () => {
  const url = `${env.server.url}embed-en.html?clients=1000&lost=100&check=1000&ppy=1&margin=30&p=25&cost=500&attempts=3`;
  const app = await AppPage.open(env.browser, url, { ready: 'quick' });
  const page = app.page;
  // Seed 004: 100 clients × 25% × 1,000 = 25,000.
  await page.waitForFunction(() => document.querySelector('#quick-clients').value === '1000');
  await page.waitForFunction(() => document.querySelector('#quick-out-recoverable .value').textContent.startsWith('$25,000'));
  await page.getByTestId('quick-churn').fill('150');
  assert.equal(await page.getByTestId('quick-churn-error').textContent(), '“Annual churn” must be between 0% and 100%; it is 150%.');
  assert.ok(await page.getByTestId('quick-stale').isVisible());
  await page.getByTestId('quick-churn').fill('20');
  assert.ok(!(await page.getByTestId('quick-stale').isVisible()));
  assert.ok(!(await page.getByTestId('quick-churn-error').isVisible()));
  // 20% of 1,000 clients: 200 lost a year, and the other field says so.
  assert.equal(await page.getByTestId('quick-lost').inputValue(), '200');
  assert.match(await page.getByTestId('quick-out-lost-revenue').locator('.value').textContent(), /^\$200,000\.00$/);
  await page.waitForURL(/churn=20/);
  // The other language keeps the numbers.
  await page.getByTestId('other-lang').click();
  await page.waitForURL(/embed\.html\?/);
  await page.waitForFunction(() => document.querySelector('#quick-out-lost-revenue .value').textContent.startsWith('200'));
  assert.equal(await page.locator('#quick-title').textContent(), 'Во что вам обходятся ушедшие клиенты?');
  assert.equal(await page.getByTestId('quick-churn').inputValue(), '20');
  assert.match(await page.locator('#open-app').getAttribute('href'), /\?quick&clients=1000&churn=20&/);
  await page.getByTestId('quick-check').fill('много');
  assert.equal(await page.getByTestId('quick-check-error').textContent(), 'Введите число, например 1500 или 12,5.');
  assert.deepEqual(app.foreignRequests(), []);
});

test('the embed\'s first load stays within 80 KB gzip, in Russian and in English', async () => {
  for (const file of ['embed.html', 'embed-en.html']) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const bodies = [];
    page.on('response', async (r) => bodies.push(r.body().then((b) => [r.url(), b.length, gzipSync(b, { level: 9 }).length]).catch(() => [r.url(), 0, 0])));
    await page.goto(`${env.server.url}${file}`);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('quick-churn').fill('30');
    await page.waitForFunction(() => location.search.includes('churn=30'));
    const files = await Promise.all(bodies);
    const gzip = files.reduce((sum, [, , gz]) => sum + gz, 0);
    assert.ok(files.some(([u]) => u.endsWith('embed_bg.wasm')), 'the module was fetched');
    assert.ok(gzip <= 80 * 1024, `${file} fetched ${gzip} bytes gzip: ${files.map(([u, , g]) => `${u.split('/').pop()} ${g}`).join(', ')}`);
    await context.close();
  }
});

/** The first paint's dashboard in the page's language, as a reader sees it (styles applied). */
async function prerendered(page) {
  await page.waitForFunction(() => {
    const lang = document.documentElement.lang;
    const on = document.querySelector(`#first-paint .prerendered[lang=${lang}]`);
    return on && on.offsetHeight > 0 && document.querySelector(`#first-paint .prerendered:not([lang=${lang}])`).offsetHeight === 0;
  });
  return page.locator('#first-paint .prerendered:visible');
}

test('before its module arrives the app shows the demo\'s dashboard, prerendered, with the very text the app then draws, in the visitor\'s language', async () => {
  for (const [locale, lang, tab] of [['en-US', 'en', 'Dashboard'], ['ru-RU', 'ru', 'Сводка']]) {
    const blocked = await env.browser.newContext({ locale });
    const page = await blocked.newPage();
    // The module never arrives: what shows is index.html's own first paint.
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(env.server.url);
    const shown = await prerendered(page);
    assert.equal(await shown.getAttribute('lang'), lang);
    assert.equal(await shown.locator('h1').textContent(), 'Boomerang');
    assert.equal(await shown.locator('.tab.current').textContent(), tab);
    assert.equal(await page.locator('#first-paint > .computing').isVisible(), false);
    // Not a screen to click yet: the first paint is inert until the app takes its place.
    assert.equal(await shown.getAttribute('inert'), '');
    const before = { top: await shown.locator('header').innerText(), main: await shown.locator('main').innerText() };
    await blocked.close();

    const app = await AppPage.open(env.browser, env.server.url, { locale });
    await app.computed();
    assert.equal(await app.page.locator('#first-paint').count(), 0, 'the first paint gave way');
    assert.equal(await app.page.locator('header').innerText(), before.top);
    // Every figure, label and sentence of the dashboard, as drawn by the app on the same demo.
    assert.equal(await app.page.locator('main').innerText(), before.main);
    await app.context.close();
  }
});

test('a visitor whose kept settings are not the defaults gets the plain first paint, not the default demo\'s figures', async () => {
  // A first visit keeps the preferences (the default settings).
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  const kept = await app.page.evaluate(() => localStorage.getItem('boomerang.v1.prefs'));
  await app.context.close();
  const prefs = JSON.parse(kept);
  for (const [settings, demoAhead] of [[prefs.settings, true], [{ ...prefs.settings, margin: prefs.settings.margin / 2 }, false]]) {
    const context = await env.browser.newContext({ locale: 'en-US' });
    await context.addInitScript((value) => localStorage.setItem('boomerang.v1.prefs', value), JSON.stringify({ ...prefs, settings }));
    const page = await context.newPage();
    await page.route('**/*.wasm', (route) => route.abort());
    await page.goto(env.server.url);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#first-paint .prerendered[lang=en]').isVisible(), demoAhead, JSON.stringify(settings));
    assert.equal(await page.locator('#first-paint > .computing').isVisible(), !demoAhead);
    if (!demoAhead) {
      assert.equal(await page.locator('#first-paint > .computing').innerText(), 'Loading the demo: a wholesaler…');
    }
    await context.close();
  }
  // An address with a query (a calculator, a plan) is not the dashboard: the plain first paint.
  const context = await env.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(`${env.server.url}?quick`);
  await page.locator('#first-paint > .computing').waitFor();
  assert.equal(await page.locator('#first-paint .prerendered[lang=en]').isVisible(), false);
  await context.close();
});

test('the app\'s first load until its dashboard shows stays within 250 KB gzip', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (r) => bodies.push(r.body().then((b) => [r.url(), gzipSync(b, { level: 9 }).length]).catch(() => [r.url(), 0])));
  // Everything the page fetches until its dashboard is on screen; the module, still on its
  // way by then on a slow network, is held back.
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(env.server.url);
  await prerendered(page);
  await page.waitForLoadState('networkidle');
  const files = await Promise.all(bodies);
  const gzip = files.reduce((sum, [, gz]) => sum + gz, 0);
  assert.ok(files.some(([u]) => u.endsWith('/')), 'the page was fetched');
  assert.ok(gzip <= 250 * 1024, `the app fetched ${gzip} bytes gzip: ${files.map(([u, g]) => `${u.split('/').pop()} ${g}`).join(', ')}`);
  await context.close();
});

test('the demo shows without the compute worker, from answers computed at build time, and its cards still draw purchases', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.computed();
  assert.ok(app.requests.some((u) => u.endsWith('/demo.bin')));
  assert.deepEqual(app.requests.filter((u) => u.includes('compute-worker')), []);
  await app.show('list');
  await app.page.getByTestId('open-client').first().click();
  // The purchases come a moment after the card opens, from demo-history.bin.
  await app.page.getByTestId('timeline').locator('circle').first().waitFor();
  await app.page.keyboard.press('Escape');
  // Data of the user's own starts the worker.
  await app.show('data');
  await app.paste('client;date;amount\nA;01.02.2024;100\nB;01.03.2024;50\n');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=kpi-clients] .value')?.textContent === '2');
  assert.ok(app.requests.some((u) => u.includes('compute-worker')));
  await app.context.close();
});

test('an embed address with numbers that make no sense still calculates, and the other language keeps the currency', async () => {
  // p=0 and more clients lost than there are: each such number falls back to its default.
  const app = await AppPage.open(env.browser, `${env.server.url}embed.html?clients=10&lost=20&check=1000&p=0`, { ready: 'quick' });
  const page = app.page;
  await page.waitForFunction(() => document.querySelector('#quick-check').value === '1000');
  assert.equal(await page.getByTestId('quick-p').inputValue(), '25');
  await page.getByTestId('quick-clients').fill('100');
  assert.ok(!(await page.getByTestId('quick-clients-error').isVisible()));
  await page.waitForFunction(() => document.querySelector('#quick-out-lost-revenue .value').textContent.includes('70\u00a0000,00'));
  // In English, the same roubles.
  await page.getByTestId('other-lang').click();
  await page.waitForURL(/embed-en\.html\?/);
  await page.waitForFunction(() => document.querySelector('#quick-out-lost-revenue .value').textContent === '₽70,000.00');
  await app.context.close();
});
