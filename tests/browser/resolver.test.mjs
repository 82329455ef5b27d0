// Browser test of the page behind the QR code on a package, on a 390×844
// phone in Vietnamese and English: the demo's honey lot by its GS1 Digital
// Link (stars, live certificate, story, lot dates, history) and on to its
// certificate; the demo's lot of a product without a GTIN (/p/…); the 404 and
// 400 pages; and a label opened as a picture.
//
//   node --test tests/browser/resolver.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is
// bounded. The lot page's screenshots are kept at /tmp/resolver-lot-{vi,en}.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertFitsPhone, closeDemo, openPhone, serveDemo, text, texts } from './harness.mjs';

const TEST_TIMEOUT_MS = 120_000;

// The demo's lots are dated from today: a fixed today keeps the test's dates.
const TODAY = '2026-06-01';
// The platform lot's EPCIS identifier is a URL under the base URL, so seeding
// and serving share one.
const BASE = 'https://ocop.example.vn';
const HONEY_LOT = '/01/08939777100106/10/MO-2026-01';

let tmpDir;
let baseUrl;
let context;
let page;
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;
before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-resolver-', { today: TODAY, base: BASE }));
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('the honey lot\'s page on a phone, in Vietnamese then in English, leads to its certificate', { timeout: TEST_TIMEOUT_MS }, async () => {
  await context.clearCookies();
  const response = await page.goto(url(HONEY_LOT));
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.equal(await text(page, '#product'), 'Mật ong hoa cà phê Ia Grai');
  assert.match(await text(page, '#producer'), /^Hợp tác xã Nông nghiệp Mật ong Ia Grai · .*Gia Lai$/);
  assert.equal(await text(page, '.v-stars'), '★★★★☆ 4 sao');
  assert.equal(await text(page, '#gtin'), '08939777100106');
  assert.equal(await text(page, '#lot'), 'MO-2026-01');
  assert.equal(await page.getAttribute('#certificate', 'data-status'), 'valid');
  assert.match(await text(page, '#mark'), /✓ Được phép in biểu trưng OCOP 4 sao/);
  assert.match(await text(page, '#story'), /ong nội/);
  // The demo's dates, relative to TODAY: harvested 30–26 days before, best
  // before 24 months after the commissioning 20 days before.
  assert.equal(await text(page, '.lot-date[data-kind="harvest"]'), '02/05/2026 – 06/05/2026');
  assert.equal(await text(page, '.lot-date[data-kind="best_before"]'), '12/05/2028');
  assert.deepEqual(await texts(page, '#events li'), [
    '12/05/2026 08:00 · Sản xuất, gắn mã',
    '13/05/2026 14:00 · Kiểm tra · đạt yêu cầu',
    '14/05/2026 00:00 · Kiểm tra · đạt yêu cầu', // the laboratory's passing report
    '20/05/2026 09:00 · Xuất hàng · đang vận chuyển',
  ]);
  assert.equal(await page.locator('script').count(), 0);
  assert.ok((await response.body()).length < 8_000, 'the scan page stays small');
  await assertFitsPhone(page, 'lot page');
  await page.screenshot({ path: '/tmp/resolver-lot-vi.png', fullPage: true });

  await Promise.all([page.waitForURL((u) => pathOf(u.toString()) === HONEY_LOT), page.click('#lang-switch')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text(page, '.v-stars'), '★★★★☆ 4 stars');
  assert.match(await text(page, '#certificate h2'), /OCOP certificate: Genuine and current/);
  assert.match(await text(page, '#mark'), /May carry the OCOP mark with 4 stars/);
  assert.equal(await text(page, '#history-title'), 'The lot\'s journey');
  assert.deepEqual(await texts(page, '#events li'), [
    '12/05/2026 08:00 · Produced and labelled',
    '13/05/2026 14:00 · Inspected · conformant',
    '14/05/2026 00:00 · Inspected · conformant',
    '20/05/2026 09:00 · Shipped · in transit',
  ]);
  await assertFitsPhone(page, 'lot page in English');
  await page.screenshot({ path: '/tmp/resolver-lot-en.png', fullPage: true });

  await Promise.all([page.waitForURL((u) => pathOf(u.toString()).startsWith('/v/')), page.click('#certificate-link')]);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  assert.equal(await text(page, '#product'), 'Mật ong hoa cà phê Ia Grai');
  assert.deepEqual(pageProblems, []);
});

test('a lot of a product without a GTIN, by its platform address', { timeout: TEST_TIMEOUT_MS }, async () => {
  await context.clearCookies();
  await page.goto(url('/p/52-23764-2-2026/l/MD-2026-02'));
  assert.equal(await text(page, '#product'), 'Mật ong hoa điều Ia Grai');
  assert.equal(await text(page, '#product-code'), '52-23764-2-2026');
  assert.equal(await page.locator('#gtin').count(), 0);
  assert.match(await text(page, '#certificate-none'), /chưa có giấy chứng nhận OCOP/);
  // Its failed lab test, two more shipments and the recall (opened at seeding time).
  const events = await texts(page, '#events li');
  assert.deepEqual(events.slice(0, 5), [
    '22/05/2026 08:00 · Sản xuất, gắn mã',
    '29/05/2026 10:00 · Xuất hàng · đang vận chuyển',
    '30/05/2026 00:00 · Kiểm tra · không đạt yêu cầu',
    '31/05/2026 09:00 · Xuất hàng · đang vận chuyển',
    '31/05/2026 09:00 · Xuất hàng · đang vận chuyển',
  ]);
  assert.match(events[5], /^01\/06\/2026 \d\d:\d\d · Tạm giữ · BỊ THU HỒI$/);
  assert.equal(events.length, 6);
  assert.match(await text(page, '.recall-banner h2'), /THU HỒI SẢN PHẨM/);
  await assertFitsPhone(page, 'platform lot page');
  // Its label, opened as a picture: the QR code and the text under it.
  const label = await page.goto(url('/p/52-23764-2-2026/l/MD-2026-02/label.png'));
  assert.equal(label.headers()['content-type'], 'image/png');
  const size = await page.evaluate(() => [document.images[0].naturalWidth, document.images[0].naturalHeight]);
  assert.equal(size[0], 733);
  assert.ok(size[1] > size[0]);
});

test('unknown and invalid codes get pages that say why, in both languages', { timeout: TEST_TIMEOUT_MS }, async () => {
  await context.clearCookies();
  let r = await page.goto(url('/01/09506000134352/10/L1'));
  assert.equal(r.status(), 404);
  assert.equal(await text(page, '#verdict h1'), 'Sản phẩm này không có trên nền tảng OCOP');
  assert.match(await text(page, '#problem-detail'), /09506000134352/);
  await assertFitsPhone(page, '404 page');

  r = await page.goto(url('/01/08939777100106/10/ABCDEFGHIJKLMNOPQRSTUVWXYZ'));
  assert.equal(r.status(), 400);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'invalid');
  assert.equal(await text(page, '#verdict h1'), 'Mã QR này không hợp lệ');
  assert.match(await text(page, '#problem-detail'), /20/);
  await Promise.all([page.waitForLoadState('load'), page.click('#lang-switch')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text(page, '#verdict h1'), 'This QR code is not valid');
  assert.match(await text(page, '#problem-detail'), /20 characters/);
  await assertFitsPhone(page, '400 page in English');
});
