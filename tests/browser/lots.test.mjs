// Browser test of the lots pages on a 390×844 phone, in Vietnamese and English: the producer
// reaches /lots from the traceability hub, records a lot (a harvest date in the future is refused
// beside its field, what was typed is kept), sees the lot's page with its EPCIS event and the links
// to its scan page and its trace; in English records a transformation of two lots (an input over its
// lot's quantity refused beside it). Every page fits the phone's width.
//
//   node --test tests/browser/lots.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is bounded. Screenshots
// are kept at /tmp/lots-{form-vi,lot-vi,transform-en}.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertFitsPhone, closeDemo, logIn, openPhone, serveDemo, withTimeout } from './harness.mjs';

const TEST_TIMEOUT_MS = 120_000;

let tmpDir;
let baseUrl;
let context;
let page;
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

async function submit(action) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === action),
    page.click('#save'),
  ]);
  await page.waitForLoadState();
  return response;
}

// The value of the option of `select` whose label matches `re`.
async function optionMatching(select, re) {
  const options = await page.$$eval(`${select} option`, (os) => os.map((o) => [o.value, o.textContent]));
  const found = options.find(([, label]) => re.test(label));
  assert.ok(found, `${select}: no option matching ${re} in ${JSON.stringify(options)}`);
  return found[0];
}

before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-lots-'));
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('a producer records a lot and a transformation on a phone, in Vietnamese then English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn(page, baseUrl, 'chuthe'), 30_000, 'log-in');
  await page.goto(url('/traceability'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/lots'), page.click('#part-lots')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  const list = await page.textContent('#lots');
  for (const code of ['MO-2026-03', 'MD-2026-04', 'MT-2026-05']) assert.match(list, new RegExp(code));
  await assertFitsPhone(page, 'lots (vi)');

  await Promise.all([page.waitForURL((u) => u.pathname === '/lots/new'), page.click('#new-lot')]);
  await page.selectOption('#product_id', await optionMatching('#product_id', /hoa cà phê/));
  await page.fill('#code', 'MO-2026-09');
  await page.fill('#harvest_from', '28/05/2026');
  await page.fill('#harvest_to', '03/06/2026');
  await page.fill('#quantity', '125,5');
  await page.check('input[name="growing_areas"][value="VN-52-GA-0001"]');
  await page.selectOption('#packing_house', 'VN-52-PH-0001');
  await assertFitsPhone(page, 'form (vi)');
  const refused = await submit('/lots');
  assert.equal(refused.status(), 400);
  assert.match(await page.textContent('#harvest_to-error'), /không được ở tương lai/);
  assert.equal(await page.inputValue('#code'), 'MO-2026-09');
  assert.equal(await page.inputValue('#quantity'), '125,5');
  assert.ok(await page.isChecked('input[name="growing_areas"][value="VN-52-GA-0001"]'));
  await page.fill('#harvest_to', '30/05/2026');
  await page.screenshot({ path: '/tmp/lots-form-vi.png', fullPage: true });
  const saved = await submit('/lots');
  assert.equal(saved.status(), 303, await page.content());
  await page.waitForURL((u) => /^\/lots\/\d+$/.test(u.pathname));

  assert.match(await page.textContent('h1'), /MO-2026-09/);
  assert.equal(await page.getAttribute('#status', 'data-status'), 'active');
  assert.match(await page.textContent('#status'), /Đang lưu hành/);
  assert.match(await page.textContent('#lot-quantity'), /125,5 kg/);
  assert.equal((await page.textContent('#lot-harvest')).trim(), '28/05/2026 – 30/05/2026');
  assert.match(await page.textContent('#lot-areas'), /VN-52-GA-0001/);
  assert.match(await page.textContent('#lot-house'), /VN-52-PH-0001/);
  assert.equal(await page.locator('#events li[data-type="ObjectEvent"]').count(), 1);
  assert.match(await page.getAttribute('#scan-link', 'href'), /^\/01\/\d{14}\/10\/MO-2026-09$/);
  assert.match(await page.getAttribute('#trace-link', 'href'), /^\/trace\?id=https%3A%2F%2Fid\.gs1\.org%2F01%2F\d{14}%2F10%2FMO-2026-09/);
  await assertFitsPhone(page, 'lot (vi)');
  await page.screenshot({ path: '/tmp/lots-lot-vi.png', fullPage: true });
  const scan = await page.request.get(url(await page.getAttribute('#scan-link', 'href')));
  assert.equal(scan.status(), 200);

  // English: blend the new lot with the demo's cashew-blossom lot.
  await Promise.all([page.waitForLoadState(), page.click('#lang-switch')]);
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#status'), /Active/);
  await page.goto(url('/lots'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/lots/transform'), page.click('#new-transformation')]);
  await page.selectOption('#in_lot_0', await optionMatching('#in_lot_0', /^MO-2026-09/));
  await page.fill('#in_qty_0', '200');
  await page.selectOption('#in_lot_1', await optionMatching('#in_lot_1', /^MD-2026-04/));
  await page.fill('#in_qty_1', '20');
  await page.selectOption('#out_product_0', await optionMatching('#out_product_0', /hoa cà phê/));
  await page.fill('#out_code_0', 'MT-2026-10');
  await page.fill('#out_qty_0', '120');
  await assertFitsPhone(page, 'transformation (en)');
  const over = await submit('/lots/transform');
  assert.equal(over.status(), 400);
  assert.match(await page.textContent('#in_qty_0-error'), /holds only 125.5 KGM/);
  assert.equal(await page.inputValue('#out_code_0'), 'MT-2026-10');
  await page.fill('#in_qty_0', '100');
  await page.screenshot({ path: '/tmp/lots-transform-en.png', fullPage: true });
  const blended = await submit('/lots/transform');
  assert.equal(blended.status(), 303, await page.content());
  await page.waitForURL((u) => /^\/lots\/\d+$/.test(u.pathname));
  assert.match(await page.textContent('h1'), /MT-2026-10/);
  assert.equal(await page.locator('#events li[data-type="TransformationEvent"]').count(), 1);
  assert.equal((await page.textContent('#lot-harvest')).trim(), `${'28/05/2026'} – 30/05/2026`.replace('28/05/2026', await harvestStartOfCashew()));
  await assertFitsPhone(page, 'blend (en)');
  assert.deepEqual(pageProblems, []);
});

// The blend's harvest starts at the earlier of its inputs': the demo cashew lot's start.
async function harvestStartOfCashew() {
  const r = await page.request.get(url('/api/v1/lots'));
  const lots = (await r.json()).items;
  const cashew = lots.find((l) => l.code === 'MD-2026-04');
  const [y, m, d] = cashew.harvest_from.split('-');
  return `${d}/${m}/${y}`;
}
