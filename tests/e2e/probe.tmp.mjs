
import { serveDist, launch } from './harness.mjs';
const srv = await serveDist();
const browser = await launch();
const page = await browser.newPage();
page.on('console', m => console.log('console', m.type(), m.text().slice(0,300)));
page.on('pageerror', e => console.log('pageerror', e.message));
const t0 = Date.now();
await page.goto(srv.url);
await page.getByTestId('dashboard').first().waitFor({ timeout: 15000 }).catch(e => console.log('no dashboard'));
console.log('ms', Date.now() - t0);
console.log((await page.locator('main').innerText()).slice(0, 300));
await browser.close(); srv.close();
