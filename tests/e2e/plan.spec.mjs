// The win-back plan without data (seed 003, steps 1–5), end to end: a consultant goes through
// the five steps, the link reproduces the plan, it prints, reads in Russian and fits a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, appSuite, textBecomes } from './harness.mjs';

const env = appSuite();

/**
 * The plan page as its user works it: one helper per step's action. `losses` names the fields
 * of step 1: the plan's own in the app, the calculator's above the plan in the blog embed.
 */
class PlanPage {
  constructor(app, losses = 'plan') {
    this.app = app;
    this.page = app.page;
    this.lossesPrefix = losses;
  }

  static async open(browser, url, options = {}) {
    return new PlanPage(await AppPage.open(browser, url, { ready: 'plan', ...options }));
  }

  by(id) {
    return this.page.getByTestId(id);
  }

  async losses({ clients, lost, check, ppy }) {
    const p = this.lossesPrefix;
    await this.by(`${p}-clients`).fill(String(clients));
    await this.by(`${p}-lost`).fill(String(lost));
    await this.by(`${p}-check`).fill(String(check));
    await this.by(`${p}-ppy`).fill(String(ppy));
  }

  async typeReason(text) {
    await this.by('plan-new-reason').fill(text);
    await this.by('plan-add-reason').click();
  }

  async pickSuggested(n) {
    await this.by(`plan-suggest-${n}`).click();
  }

  async moveToGroup(i, group) {
    await this.by(`plan-group-${i}`).selectOption(group);
  }

  async group(i) {
    return this.by(`plan-reason-${i}`).getAttribute('data-group');
  }

  async weigh(i, value) {
    await this.by(`plan-weight-${i}`).fill(String(value));
  }

  async abc(i) {
    return this.by(`plan-abc-${i}`).textContent();
  }

  /** The plan's lines to fight, in order, as [abc, group, reason]. */
  async fightLines() {
    return this.by('plan-fight').getByTestId('plan-line').evaluateAll((lis) =>
      lis.map((li) => [li.dataset.abc, li.dataset.group, li.querySelector('strong').textContent]));
  }

  async tick(tool) {
    await this.by(`plan-tool-${tool}`).check();
  }

  async market(m) {
    await this.by(`plan-market-${m}`).check();
  }

  async noSidewaysScroll() {
    return this.page.evaluate(() => document.documentElement.scrollWidth);
  }
}

const WEIGHTS = [5, 3, 1, 2, 1];

/** Goes through the five steps on a page already showing the plan. */
async function fiveSteps(plan) {
  // Step 1: 12 of 40 clients lost a year, a check of 50,000 seven times a year.
  await plan.losses({ clients: 40, lost: 12, check: 50000, ppy: 7 });
  assert.equal(await textBecomes(plan.by('plan-lost-revenue'), '$4,200,000'), '$4,200,000');
  assert.equal(await plan.by('plan-lost-clients').textContent(), '12');
  assert.equal(await plan.by('plan-lost-share').textContent(), '30.0%');
  assert.match(await plan.by('plan-source-note').textContent(), /quick calculator/);

  // Step 2: typed and suggested reasons, each in its group; one moved by hand.
  await plan.typeReason("A competitor's dumping");
  await plan.pickSuggested(3); // Missed deadlines
  await plan.pickSuggested(8); // The buyer (decision maker) changed
  await plan.pickSuggested(10); // Closed the business
  await plan.typeReason('They just stopped ordering');
  assert.equal(await plan.by('plan-suggest-3').count(), 0, 'a picked suggestion leaves the list');
  assert.deepEqual(
    [await plan.group(0), await plan.group(1), await plan.group(2), await plan.group(3), await plan.group(4)],
    ['competitors', 'company', 'outside', 'outside', 'unsorted'],
  );
  await plan.moveToGroup(4, 'company');
  assert.equal(await plan.group(4), 'company');
  await plan.by('plan-urgent-2').waitFor();
  await plan.by('plan-let-go-3').waitFor();
  assert.equal(await plan.by('plan-winnable-3').isChecked(), false);

  // Step 3: weights in clients; A brings the first 80%, B the next 10%.
  for (const [i, w] of WEIGHTS.entries()) await plan.weigh(i, w);
  // Fought: 5, 3, 1, 1 of 10 → before each 0%, 50%, 80%, 90% → A, A, B, C; closing down: none.
  assert.equal(await textBecomes(plan.by('plan-abc-4'), 'C'), 'C');
  assert.deepEqual(
    [await plan.abc(0), await plan.abc(1), await plan.abc(2), await plan.abc(3), await plan.abc(4)],
    ['A', 'A', 'B', '—', 'C'],
  );
  assert.equal(await plan.by('plan-coverage').textContent(), 'The reasons account for 12 of 12 (100.0%)');
  assert.deepEqual(await plan.fightLines(), [
    ['A', 'competitors', "A competitor's dumping"],
    ['A', 'company', 'Missed deadlines'],
    ['B', 'outside', 'The buyer (decision maker) changed'],
    ['C', 'company', 'They just stopped ordering'],
  ]);
  assert.match(await plan.by('plan-let-go').textContent(), /Closed the business/);

  // Step 4: b2b tools; b2c shows its own; back to b2b keeps the ticks.
  await plan.tick('calls');
  await plan.tick('meetings');
  assert.equal(await plan.by('plan-summary-tools').textContent(), 'Calls, Meetings');
  await plan.market('b2c');
  assert.equal(await plan.by('plan-tool-calls').count(), 0);
  await plan.tick('sms');
  assert.equal(await plan.by('plan-summary-tools').textContent(), 'SMS');
  await plan.market('b2b');
  assert.equal(await plan.by('plan-summary-tools').textContent(), 'Calls, Meetings');

  // Step 5: one reason to return for the plan, one for an A reason.
  await plan.by('plan-r2r').fill('A personal guarantee from the director: it will not happen again');
  await plan.by('plan-rr-0').fill('Their price, matched for a year');
  assert.equal(await plan.by('plan-rr-2').count(), 0, 'a B reason gets no field of its own');
  assert.match(await plan.by('plan-summary-r2r').textContent(), /personal guarantee/);
  assert.match(await plan.by('plan-fight').textContent(), /r2r: Their price, matched for a year/);
}

test('a consultant goes through the five steps and the link reproduces the plan', async () => {
  const app = await AppPage.open(env.browser, env.server.url);
  await app.show('plan');
  const plan = new PlanPage(app);
  await plan.by('plan').waitFor();
  await app.page.waitForURL(/\?plan&/);
  await fiveSteps(plan);
  await app.page.waitForURL(/rr=Their/);
  const link = app.page.url();
  assert.ok(link.length < 700, `a compact link: ${link.length} characters`);

  // "Embed in a blog" gives the blog embed with this plan below the calculator.
  const code = await app.page.getByTestId('embed-code').inputValue();
  const src = code.match(/src="([^"]+)"/)[1];
  assert.match(src, /embed-en\.html\?.*&plan&.*rr=Their/);
  const embedded = new PlanPage(await AppPage.open(env.browser, src, { ready: 'plan-summary' }), 'quick');
  assert.deepEqual(await embedded.fightLines(), await plan.fightLines());
  for (const id of ['plan-summary-losses', 'plan-groups', 'plan-summary-tools', 'plan-summary-r2r', 'plan-coverage']) {
    assert.equal(await embedded.by(id).textContent(), await plan.by(id).textContent(), id);
  }
  await embedded.app.context.close();

  const again = await PlanPage.open(env.browser, link);
  assert.equal(await again.by('plan-summary').textContent(), await plan.by('plan-summary').textContent());
  assert.deepEqual(await again.fightLines(), await plan.fightLines());
  for (const [i, w] of WEIGHTS.entries()) {
    assert.equal(await again.by(`plan-weight-${i}`).inputValue(), String(w));
  }
  assert.equal(await again.group(4), 'company');
  assert.equal(await again.by('plan-tool-calls').isChecked(), true);
  assert.equal(await again.by('plan-r2r').inputValue(), 'A personal guarantee from the director: it will not happen again');
  assert.equal(await again.by('plan-lost-revenue').textContent(), '$4,200,000');

  // In Russian: the suggested reasons and every number read in Russian.
  await again.by('lang').click();
  assert.equal(await textBecomes(again.by('plan-lost-revenue'), '4\u00a0200\u00a0000\u00a0$'), '4\u00a0200\u00a0000\u00a0$');
  assert.match(await again.by('plan-lost-share').textContent(), /^30,0\s?%$/u);
  assert.match(await again.by('plan-summary').textContent(), /План возврата клиентов/);
  assert.match(await again.by('plan-fight').textContent(), /Несоблюдение сроков/);
  assert.match(await again.by('plan-fight').textContent(), /Действия конкурентов/);

  // Printing shows the plan, not the steps nor the data's report.
  await again.page.emulateMedia({ media: 'print' });
  assert.equal(await again.by('plan-summary').isVisible(), true);
  assert.equal(await again.by('plan-step-2').isVisible(), false);
  assert.equal(await again.by('print-report').count(), 0);
  assert.deepEqual(again.app.foreignRequests(), []);
});

test('the losses can come from the analysed data', async () => {
  const plan = await PlanPage.open(env.browser, `${env.server.url}?plan&clients=40&lost=12&check=50000&ppy=7&src=d`);
  // The demo is analysed in the worker; until then the quick calculator's numbers stand in.
  await plan.app.computed();
  await plan.by('plan-source-note').filter({ hasText: 'From the data' }).waitFor();
  assert.equal(await plan.by('plan-clients').count(), 0, 'no quick inputs with the data');
  assert.notEqual(await plan.by('plan-lost-revenue').textContent(), '$4,200,000');
  await plan.by('plan-source').selectOption('quick');
  assert.equal(await textBecomes(plan.by('plan-lost-revenue'), '$4,200,000'), '$4,200,000');
  await plan.page.waitForURL((u) => !u.search.includes('src=d'));
});

test('a mangled link falls back to defaults and never breaks the page', async () => {
  const query = 'plan&clients=abc&lost=-3&check=&ppy=1e999&w=zz&mk=b2x&t=fax..calls&src=nope'
    + '&rr=orphan&r=abc&r=5__s999&r=7_qq_t&r=x_c_tDumping%20prices&r=%E0%A4%A&r2r=' + 'x'.repeat(3000);
  const plan = await PlanPage.open(env.browser, `${env.server.url}?${query}`);
  assert.equal(await plan.page.locator('.crash').count(), 0);
  assert.equal(await plan.by('plan-reasons').locator('li').count(), 2);
  assert.match(await plan.by('plan-reason-1').textContent(), /Dumping prices/);
  assert.equal(await plan.group(1), 'competitors');
  assert.equal(await plan.by('plan-tool-calls').isChecked(), true);
  assert.equal((await plan.by('plan-r2r').inputValue()).length, 1000);
  assert.equal(await plan.by('plan-lost-revenue').textContent(), '$3,500,000', 'the default inputs');
});

test('the plan fits a 360 px phone in both languages', async () => {
  const context = await env.browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
  const query = 'plan&clients=40&lost=12&check=50000&ppy=7&t=calls.meetings'
    + '&r=5__t' + encodeURIComponent('A very long reason that a consultant typed in one breath without any spaces: '
      + 'Несоблюдениедоговорныхобязательствпопоставкамкомплектующих') + '&rr=' + encodeURIComponent('Their price, matched')
    + '&r=3__s3&r=2__s8&r=1__s10&r2r=' + encodeURIComponent('A guarantee');
  const plan = await PlanPage.open(env.browser, `${env.server.url}?${query}`, { context });
  assert.ok(await plan.noSidewaysScroll() <= 360, `scrollWidth ${await plan.noSidewaysScroll()}`);
  await plan.by('lang').click();
  await plan.by('plan-summary').filter({ hasText: 'План возврата клиентов' }).waitFor();
  // While the analysis runs again (its progress bar may show) and after.
  assert.ok(await plan.noSidewaysScroll() <= 360, `scrollWidth ${await plan.noSidewaysScroll()} in Russian`);
  await plan.app.computed();
  assert.ok(await plan.noSidewaysScroll() <= 360, `scrollWidth ${await plan.noSidewaysScroll()} in Russian, computed`);
  await context.close();
});

test('the blog embed holds the same plan below its calculator: the five steps, the link, the other language and the app', async () => {
  const app = await AppPage.open(env.browser, `${env.server.url}embed-en.html`, { ready: 'plan-open' });
  await app.page.getByTestId('plan-open').click();
  // The reader goes straight on to their first reason.
  await app.page.waitForFunction(() => document.activeElement?.id === 'plan-new-reason');
  await app.page.waitForURL(/&plan/);
  const plan = new PlanPage(app, 'quick');
  await fiveSteps(plan);
  assert.equal(await plan.by('plan-open').isVisible(), false);

  // The field being typed in keeps its text, its caret and the focus as the plan is rewritten.
  await plan.by('plan-weight-0').click();
  await app.page.keyboard.press('End');
  await app.page.keyboard.type('0');
  assert.equal(await textBecomes(plan.by('plan-share-0'), '87.7%'), '87.7%');
  assert.equal(await plan.by('plan-weight-0').inputValue(), '50');
  assert.equal(await app.page.evaluate(() => document.activeElement.id), 'plan-weight-0');
  await app.page.keyboard.press('Backspace');
  assert.equal(await textBecomes(plan.by('plan-share-0'), '41.7%'), '41.7%');
  // A weight that is not a number says so and keeps its text; the plan keeps the last good one.
  await plan.by('plan-weight-1').fill('3 clients');
  assert.equal(await plan.by('plan-weight-1-error').textContent(), 'Enter a number, such as 1500 or 12,5.');
  assert.equal(await plan.by('plan-weight-1').inputValue(), '3 clients');
  assert.equal(await plan.abc(1), 'A');
  await plan.weigh(1, 3);
  assert.equal(await plan.by('plan-weight-1-error').count(), 0);
  // Enter adds the reason typed and empties the box; its × takes it away again, and the
  // focus, whose button went with it, goes back to the box.
  await plan.by('plan-new-reason').fill('Slow deliveries');
  await app.page.keyboard.press('Enter');
  await plan.by('plan-reason-5').waitFor();
  assert.equal(await plan.by('plan-new-reason').inputValue(), '');
  await plan.by('plan-remove-5').click();
  assert.equal(await plan.by('plan-reason-5').count(), 0);
  assert.equal(await app.page.evaluate(() => document.activeElement.id), 'plan-new-reason');

  // The address holds the calculator and the plan: a link reproduces both.
  await app.page.waitForURL(/rr=Their/);
  const link = app.page.url();
  const again = new PlanPage(await AppPage.open(env.browser, link, { ready: 'plan-summary' }), 'quick');
  assert.equal(await again.by('plan-summary').textContent(), await plan.by('plan-summary').textContent());
  assert.equal(await again.by('quick-clients').inputValue(), '40');
  assert.equal(await again.by('plan-r2r').inputValue(), 'A personal guarantee from the director: it will not happen again');
  // The app opens the same plan.
  const inApp = await again.page.locator('#open-app').getAttribute('href');
  assert.match(inApp, /\?plan&.*rr=Their/);
  const full = await PlanPage.open(env.browser, inApp);
  assert.equal(await full.by('plan-lost-revenue').textContent(), '$4,200,000');
  assert.deepEqual(await full.fightLines(), await plan.fightLines());
  await full.app.context.close();

  // The other language: the same plan, in Russian.
  await again.by('other-lang').click();
  await again.page.waitForURL(/embed\.html\?/);
  await again.by('plan-summary').waitFor();
  assert.match(await again.by('plan-summary').textContent(), /План возврата клиентов/);
  assert.match(await again.by('plan-fight').textContent(), /Несоблюдение сроков/);
  assert.equal(await textBecomes(again.by('plan-lost-revenue'), '4\u00a0200\u00a0000\u00a0$'), '4\u00a0200\u00a0000\u00a0$');
  assert.deepEqual(again.app.foreignRequests(), []);
  await again.app.context.close();
  await app.context.close();
});
