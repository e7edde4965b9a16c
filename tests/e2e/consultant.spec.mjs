// What a consultant meets on a live call (issue 16), end to end against the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
  await textBecomes(app.kpi('warned'), '250', 30_000);
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
  // The file's own figures, not the demo's still on screen while it loads.
  assert.equal(await textBecomes(app.kpi('clients'), '3', 30_000), '3');
  await app.computed();
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

/** A browser context at a size and language, ready for axe-core (the page's CSP would block it). */
async function at(width, locale) {
  const context = await env.browser.newContext({ locale, viewport: { width, height: 900 }, bypassCSP: true, acceptDownloads: true });
  return AppPage.open(env.browser, env.server.url, { context });
}

const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 1366 px the call list shows who, category, why call, time since loss, money, manager and reason, without a sideways scroll', async () => {
  const app = await at(1366, 'en-US');
  await app.show('list');
  const heads = (await app.page.getByTestId('winback-list').locator('thead th').allTextContents()).map((h) => h.replace(/ [▲▼]$/, ''));
  assert.deepEqual(heads, ['#', 'Client', 'Category', 'Why call', 'Lost, days ago', "The client's year", 'Expected net', 'Manager when they left', 'Reason']);
  const box = await app.page.getByTestId('list-scroll').evaluate((b) => [b.scrollWidth, b.clientWidth]);
  assert.ok(box[0] <= box[1], `the list is ${box[0]} px in a ${box[1]} px box`);
  // Every row says in one line (two at most, inside the row) why to call, or why not.
  const why = app.page.getByTestId('why-call');
  const lines = await why.allTextContents();
  assert.ok(lines.length > 20);
  for (const l of lines) assert.match(l, /^(Do not call: |New contact person: call at once; silent for [\d,]+ days|Bought every \d+ days, silent for [\d,]+ days, |One purchase, )/);
  for (const h of await why.locator('.clamp').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) assert.ok(h <= 40, `${h} px`);
  // The rest is in the client's card, with the same line.
  const first = await why.first().textContent();
  await app.page.getByTestId('open-client').first().click();
  assert.equal(await app.page.getByTestId('card-why-call').textContent(), first);
  assert.match(await app.page.getByTestId('card-roi').textContent(), /^(\d+\.\d×|—)$/);
  // The columns that left the screen still sort the list.
  await app.page.getByTestId('close-card').click();
  await app.page.getByTestId('list-sort').selectOption('roi');
  assert.equal(await app.page.getByTestId('list-sort').inputValue(), 'roi');
  await app.context.close();
});

test('the client card keeps the keyboard inside, closes on Escape, and gives the focus back', async () => {
  const app = await at(1366, 'en-US');
  await app.show('list');
  const opener = app.page.getByTestId('open-client').nth(2);
  await opener.focus();
  await app.page.keyboard.press('Enter');
  await app.page.getByTestId('client-card').waitFor();
  const inside = () => app.page.evaluate(() => !!document.activeElement.closest('[data-testid=client-card]'));
  assert.ok(await inside(), 'the focus moves into the card');
  for (let i = 0; i < 12; i++) {
    await app.page.keyboard.press('Tab');
    assert.ok(await inside(), `Tab ${i + 1} stays in the card`);
  }
  for (let i = 0; i < 4; i++) {
    await app.page.keyboard.press('Shift+Tab');
    assert.ok(await inside(), `Shift+Tab ${i + 1} stays in the card`);
  }
  await app.page.keyboard.press('Escape');
  assert.equal(await app.page.getByTestId('client-card').count(), 0);
  assert.ok(await opener.evaluate((e) => e === document.activeElement), 'the focus is back on the client who was opened');
  await app.context.close();
});

test('the printed report states its assumptions and labels its tables; the quick calculator prints itself', async () => {
  const app = await at(1366, 'en-US');
  await app.page.emulateMedia({ media: 'print' });
  const assumptions = app.page.getByTestId('print-assumptions');
  assert.ok(await assumptions.isVisible());
  const text = await assumptions.textContent();
  for (const part of ['As of', 'Period', 'Lost after', 'Chance a client comes back25.0%, halving every 12.0 months since the loss', 'What a return costs', 'Margin', 'Client lifetime']) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  assert.deepEqual(await app.page.getByTestId('print-months').locator('thead th').allTextContents(), ['Month of loss', 'Clients lost', "Their years' revenue"]);
  assert.deepEqual(await app.page.getByTestId('print-list').locator('thead th').allTextContents(),
    ['#', 'Client', 'Category', 'Why call', 'Lost, days ago', 'Expected net', 'Manager when they left', 'Reason']);
  assert.equal(await app.page.getByTestId('print-list').locator('tbody tr').count(), 25);
  assert.ok(!(await app.page.getByTestId('print-report').innerText()).includes('Benchmark'));
  await app.page.emulateMedia({ media: 'screen' });
  await app.show('quick');
  assert.equal(await app.page.getByTestId('print').textContent(), 'Print the calculation');
  await app.page.emulateMedia({ media: 'print' });
  assert.ok(await app.page.getByTestId('quick-results').isVisible(), 'the quick calculator is what prints');
  assert.equal(await app.page.getByTestId('print-report').count(), 0);
  assert.equal(await app.page.getByTestId('copy-embed').isVisible(), false);
  await app.context.close();
});

test('the quick calculator says what is wrong in words, dims a stale result, and in a narrow embed answers first', async () => {
  const app = await AppPage.open(env.browser, `${env.server.url}?quick`, { ready: 'quick' });
  const results = app.page.getByTestId('quick-results');
  const opacity = () => results.evaluate((e) => Number(getComputedStyle(e).opacity));
  assert.equal(await opacity(), 1);
  await app.page.getByTestId('quick-churn').fill('150');
  assert.equal(await app.page.getByTestId('quick-churn-error').textContent(), '“Annual churn” must be between 0% and 100%; it is 150%.');
  assert.ok(await app.page.getByTestId('quick-stale').isVisible());
  assert.ok(await opacity() < 0.6, 'the last valid result is dimmed');
  await app.page.getByTestId('quick-churn').fill('20');
  await app.page.getByTestId('quick-stale').waitFor({ state: 'detached' });
  assert.equal(await opacity(), 1);
  // In Russian, in Russian.
  const ru = await AppPage.open(env.browser, `${env.server.url}?quick`, { ready: 'quick', locale: 'ru-RU' });
  await ru.page.getByTestId('quick-attempts').fill('0');
  assert.equal(await ru.page.getByTestId('quick-attempts-error').textContent(), '«Попыток на клиента»: должно быть от 1 до 100; сейчас 0.');
  await ru.page.getByTestId('quick-check').fill('много');
  assert.equal(await ru.page.getByTestId('quick-check-error').textContent(), 'Введите число, например 1500 или 12,5.');
  // A phone reading a blog: the answer is above the ten inputs.
  const phone = await env.browser.newContext({ viewport: { width: 360, height: 740 } });
  const embed = await AppPage.open(env.browser, `${env.server.url}?embed`, { ready: 'quick', context: phone });
  const top = (id) => embed.page.getByTestId(id).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(await top('quick-results') < await top('quick-clients'), 'the result comes first');
  assert.ok(await sideways(embed.page) <= 0);
  await phone.close();
});

test('a keyboard reaches the content and the file button visibly, a screen reader hears the results, and axe finds nothing serious on any screen', async () => {
  for (const [width, locale] of [[1366, 'en-US'], [360, 'ru-RU']]) {
    const app = await at(width, locale);
    await app.computed();
    await app.page.keyboard.press('Tab');
    assert.equal(await app.page.evaluate(() => document.activeElement.dataset.testid), 'skip-link');
    await app.page.keyboard.press('Enter');
    assert.equal(await app.page.evaluate(() => document.activeElement.id), 'main');
    assert.match(await app.page.getByTestId('announce').textContent(),
      locale === 'ru-RU' ? /^демо: оптовая компания: результаты готовы для [\d\u00a0]+ клиентов\. Строк не вошло: \d+\.$/ : /^demo: a wholesaler: results ready for [\d,]+ clients\. Rows left out: \d+\.$/);
    await app.page.addScriptTag({ path: new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname });
    const serious = async (where) => {
      const found = await app.page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(found, [], `${width} px, ${where}`);
    };
    for (const tab of ['dashboard', 'list', 'data', 'settings', 'quick', 'plan']) {
      await app.show(tab);
      await serious(tab);
    }
    await app.show('list');
    await app.page.getByTestId('open-client').first().click();
    await serious('the client card');
    await app.page.keyboard.press('Escape');
    // The file button shows where the keyboard is.
    await app.show('data');
    await app.page.getByTestId('paste').focus();
    await app.page.keyboard.press('Tab');
    assert.equal(await app.page.evaluate(() => document.activeElement.dataset.testid), 'file');
    assert.equal(await app.page.getByTestId('choose-file').evaluate((e) => getComputedStyle(e).outlineStyle), 'solid');
    await app.context.close();
  }
});

/** A sales log a consultant brings: 60 clients, with managers and reasons, over two years. */
function salesLog(lang) {
  const head = lang === 'ru' ? 'Клиент;Дата;Сумма;Менеджер;Причина ухода' : 'Client\tDate\tAmount\tManager\tReason';
  const rows = [head];
  const managers = lang === 'ru' ? ['Иванова А.', 'Петров С.', 'Сидоров К.'] : ['Ann Lee', 'Bob Stone', 'Cat Moss'];
  const reasons = lang === 'ru' ? ['Ушёл к конкуренту', 'Дорого', ''] : ['Went to a competitor', 'Too expensive', ''];
  for (let c = 0; c < 60; c++) {
    const every = 10 + (c % 9) * 7;
    const stop = c % 3 === 0 ? 200 + c * 3 : 720;
    for (let d = c % 11; d < stop; d += every) {
      const day = new Date(Date.UTC(2024, 0, 1) + d * 86400000);
      const amount = 1000 + (c * 37 % 50) * 100 + (d % 7) * 10;
      const date = lang === 'ru'
        ? `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`
        : day.toISOString().slice(0, 10);
      const name = lang === 'ru' ? `ООО «Клиент ${c + 1}»` : `Client ${c + 1} Ltd`;
      const cells = [name, date, lang === 'ru' ? `${amount},00` : `${amount}.00`, managers[c % 3], stop < 720 ? reasons[c % 3] : ''];
      rows.push(cells.join(lang === 'ru' ? ';' : '\t'));
    }
  }
  return rows.join('\n');
}

// Words a Russian screen may carry in Latin letters: names of methods, formats and products,
// and the terms the Russian sources themselves use (b2b, b2c, r2r: a reason to return).
const LATIN_OK = new Set(['b2b', 'b2c', 'r2r', 'Boomerang', 'ABC', 'XYZ', 'ROI', 'CLV', 'CSV', 'TSV', 'XLSX', 'Excel', 'Google', 'Pareto', 'NBD', 'MBG', 'Gamma-Gamma', 'alive', 'Skype', 'CRM', 'UTF-8', 'UTF-16', 'Windows-1251']);

for (const [width, locale, lang] of [[360, 'ru-RU', 'ru'], [1366, 'en-US', 'en']]) {
  test(`a session ${lang === 'ru' ? 'in Russian at 360 px' : 'in English at 1366 px'}: upload, dashboard, call list, export and print, with no sideways scroll${lang === 'ru' ? ' and no English word' : ''}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'boomerang-'));
    const file = join(dir, lang === 'ru' ? 'продажи.csv' : 'sales.tsv');
    await writeFile(file, salesLog(lang));
    const app = await at(width, locale);
    const check = async (where) => {
      assert.ok(await sideways(app.page) <= 0, `${where}: a sideways scroll`);
      if (lang !== 'ru') return;
      // What is on screen, less code (a column name to look for), the switch to English and
      // the user's own file name, which are meant to be Latin.
      const text = await app.page.evaluate((file) => {
        const out = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const el = n.parentElement;
          if (!el || el.closest('code, pre, textarea, script, style, [lang=en], .visually-hidden')) continue;
          if (!el.checkVisibility({ visibilityProperty: true })) continue;
          out.push(n.textContent.replaceAll(file, ''));
        }
        return out.join(' ');
      }, basename(file));
      const english = [...new Set(text.match(/[A-Za-z][A-Za-z0-9'’-]{2,}/g) ?? [])].filter((w) => !LATIN_OK.has(w));
      assert.deepEqual(english, [], `${where}: English in Russian`);
    };
    await app.show('data');
    await app.upload(file);
    assert.equal(await textBecomes(app.kpi('clients'), '60', 30_000), '60');
    await app.computed();
    await check('the data tab');
    await app.page.getByTestId('see-results').click();
    await app.page.getByTestId('dashboard').waitFor();
    assert.match(await app.page.getByTestId('as-of').textContent(), /\b60 (clients|клиентов)/);
    await check('the dashboard');
    await app.show('list');
    await check('the call list');
    assert.ok(await app.page.getByTestId('open-client').count() > 5);
    await app.page.getByTestId('open-client').first().click();
    await check('the client card');
    // Every value of the card is whole on the screen: none squeezed into a sliver.
    const squeezed = await app.page.getByTestId('client-card').locator('dd').evaluateAll((dds) => dds
      .filter((d) => d.scrollWidth > d.clientWidth + 1 || d.clientWidth < 80)
      .map((d) => `${d.textContent} (${d.clientWidth} px)`));
    assert.deepEqual(squeezed, [], `${width} px: the card's values`);
    await app.page.keyboard.press('Escape');
    const [csv] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-csv-semicolon').click()]);
    const [comma] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-csv-comma').click()]);
    assert.notEqual(csv.suggestedFilename(), comma.suggestedFilename(), 'the two CSV variants have names of their own');
    const [xlsx] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-xlsx').click()]);
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
    // Printed on A4 (794 px at 96 dpi), whatever the screen.
    await app.page.setViewportSize({ width: 794, height: 1123 });
    await app.page.emulateMedia({ media: 'print' });
    assert.ok(await app.page.getByTestId('print-report').isVisible());
    await check('the printed report');
    await app.page.emulateMedia({ media: 'screen' });
    await app.page.setViewportSize({ width, height: 900 });
    for (const tab of ['settings', 'quick', 'plan']) {
      await app.show(tab);
      await check(tab);
    }
    // Nothing was lost on the way: the upload is still what is analysed.
    await app.show('dashboard');
    assert.match(await app.page.getByTestId('as-of').textContent(), /\b60 (clients|клиентов)/);
    await app.context.close();
  });
}

test('when the date and amount columns look swapped, the Data tab says so, and swapping their roles loads the data', async () => {
  const app = await AppPage.open(env.browser, env.server.url, { locale: 'ru-RU' });
  await app.show('data');
  await app.paste('Клиент;Дата;Сумма\nА;1500;01.02.2024\nБ;2300,50;15.03.2024\nВ;980;20.04.2024\nА;1 200;01.05.2024');
  await app.computed();
  const message = app.page.getByText('похоже, перепутаны');
  await message.waitFor();
  assert.match(await message.textContent(), /столбцы `Дата` и `Сумма`, похоже, перепутаны — в `Дата` суммы, а в `Сумма` даты\. Укажите роль каждого столбца в таблице «Столбцы»/);
  await app.chooseRole(1, 'amount');
  await app.chooseRole(2, 'date');
  await app.computed();
  assert.equal(await textBecomes(app.kpi('clients'), '3'), '3');
});
