// Browser test of recalls on a 390×844 phone: the scan page of the demo's
// recalled lot shows the recall at the top (role="alert") in Vietnamese and
// English with what to do, the recall number and date; an officer finds the
// recall from the traceability hub, reads its records, confirms a
// destination's removal and sees the progress move.
//
//   node --test tests/browser/recall.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is
// bounded. Screenshots are kept at /tmp/recall-lot-{vi,en}.png and /tmp/recall-page.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEMO_PASSWORD, assertFitsPhone, closeDemo, logIn, openPhone, serveDemo, text, withTimeout } from './harness.mjs';

const TEST_TIMEOUT_MS = 120_000;
const TODAY = '2026-06-01';
const BASE = 'https://ocop.example.vn';

let tmpDir;
let baseUrl;
let context;
let page;
let recall;  // the demo recall as the API gives it
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-recall-', { today: TODAY, base: BASE }));
  const session = await (await fetch(url('/api/v1/session'), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'tinh.52', password: DEMO_PASSWORD }),
  })).json();
  const list = await (await fetch(url('/api/v1/recalls?status=open'), { headers: { authorization: `Bearer ${session.token}` } })).json();
  recall = await (await fetch(url(`/api/v1/recalls/${list.items[0].id}`), { headers: { authorization: `Bearer ${session.token}` } })).json();
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('the scan page of the recalled lot shows the recall first, in Vietnamese and English', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.equal(recall.lots.length, 1);
  const lotPath = pathOf(recall.lots[0].epc_id);  // the demo lot has no GTIN: /p/{code}/l/{lot}
  assert.match(lotPath, /^\/p\/[^/]+\/l\/[^/]+$/);
  // The opening day in Vietnam (UTC+7), as the page writes it.
  const opened = new Date(Date.parse(recall.opened_at) + 7 * 3_600_000).toISOString().slice(0, 10)
    .split('-').reverse().join('/');
  await page.goto(url(lotPath));
  const banner = page.locator('[role="alert"].recall-banner');
  assert.equal(await banner.count(), 1);
  assert.ok(await banner.isVisible());
  assert.equal(await banner.getAttribute('data-recall'), recall.number);
  const vi = (await banner.textContent()).replace(/\s+/g, ' ');
  assert.match(vi, /THU HỒI SẢN PHẨM/);
  assert.ok(vi.includes(`Đợt thu hồi ${recall.number} ngày ${opened}`), vi);
  assert.match(vi, /Ngừng sử dụng sản phẩm ngay/);
  assert.match(vi, /trả lại nơi đã mua/);
  assert.match(vi, /Kết quả kiểm nghiệm không đạt/);
  // First thing on the screen: above the product card, inside the first screenful.
  const box = await banner.boundingBox();
  const card = await page.locator('#product').boundingBox();
  assert.ok(box.y < card.y && box.y + box.height <= 844, `banner at ${box.y}..${box.y + box.height}`);
  await assertFitsPhone(page, 'lot page (vi)');
  await page.screenshot({ path: '/tmp/recall-lot-vi.png', fullPage: true });

  await page.goto(url(`${lotPath}?lang=en`));
  const en = (await page.locator('[role="alert"].recall-banner').textContent()).replace(/\s+/g, ' ');
  assert.match(en, /PRODUCT RECALL: this lot is being recalled/);
  assert.ok(en.includes(`Recall ${recall.number} of ${opened}`), en);
  assert.match(en, /Stop using the product now/);
  assert.match(en, /Return it to the shop/);
  await assertFitsPhone(page, 'lot page (en)');
  await page.screenshot({ path: '/tmp/recall-lot-en.png', fullPage: true });
  assert.deepEqual(pageProblems, []);
});

test('an officer follows the recall from the hub and confirms a destination', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn(page, baseUrl, 'tinh.52'), 30_000, 'log-in');
  await page.goto(url('/traceability'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/recalls'), page.click('#part-recalls')]);
  await assertFitsPhone(page, 'recall list');
  await Promise.all([page.waitForURL((u) => u.pathname === `/recalls/${recall.id}`),
    page.click(`#recall-rows [data-recall="${recall.number}"] a`)]);
  assert.match(await text(page, 'h1'), new RegExp(recall.number), await page.content());
  assert.equal(await page.locator('#record-table tbody tr').count(), recall.records.length);
  assert.match(await text(page, '#progress'), /0\/2/);
  assert.equal(await page.locator('#download-xlsx').getAttribute('href'), `/api/v1/recalls/${recall.id}/records.xlsx`);
  await assertFitsPhone(page, 'recall page');
  const first = recall.destinations[0];
  await page.fill(`#note-${first.id}`, 'Gọi điện: đã gỡ 120 hộp');
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()).endsWith('/confirm')),
    page.click(`#confirm-${first.id}`),
  ]);
  await page.waitForLoadState();
  assert.ok(await page.locator('#progress').count(), await page.content());
  assert.match(await text(page, '#progress'), /1\/2/);
  assert.equal(await page.locator(`#destination-${first.id}`).getAttribute('data-confirmed'), 'yes');
  assert.match(await text(page, `#destination-${first.id}`), /Gọi điện: đã gỡ 120 hộp/);
  // Sorting by date keeps every row and marks the column.
  await page.click('#record-table th:nth-child(5) a');
  await page.waitForLoadState();
  assert.equal(await page.locator('#record-table th:nth-child(5)').getAttribute('aria-sort'), 'ascending');
  assert.equal(await page.locator('#record-table tbody tr').count(), recall.records.length);
  await page.screenshot({ path: '/tmp/recall-page.png', fullPage: true });
  assert.deepEqual(pageProblems, []);
});
