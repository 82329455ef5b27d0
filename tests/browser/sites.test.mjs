// Browser test of the growing-area pages on a 390×844 phone, in Vietnamese
// and English: the demo producer reaches /sites from the traceability hub and
// sees the flags of its export area; registers a growing area through the
// form, where a bad code and an open boundary are said beside their fields
// and what was typed stays; adds a diary entry whose pre-harvest interval
// reaches past the planned harvest, which the page then flags; in English
// the form refuses a bad market; the province's officer suspends the area,
// a missing reason refused first. Every page fits the phone's width.
//
//   node --test tests/browser/sites.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is
// bounded. Screenshots are kept at /tmp/sites-{list-vi,form-vi,site-vi,form-en}.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertFitsPhone, closeDemo, logIn, openPhone, serveDemo, withTimeout } from './harness.mjs';

const TEST_TIMEOUT_MS = 150_000;
const TODAY = '2026-06-01';

let tmpDir;
let baseUrl;
let context;
let page;
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

// Clicks `selector` and waits for the POST to `postPath` and the page after it.
async function submit(selector, postPath) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === postPath),
    page.click(selector),
  ]);
  await page.waitForLoadState();
  return response;
}

// A closed 100 m square near Ia Grai (1 ha), or the same left open.
function square(open = false) {
  const lat = 13.99;
  const dy = 100 / 111195.08;
  const dx = dy / Math.cos(lat * Math.PI / 180);
  const ring = [[107.87, lat], [107.87 + dx, lat], [107.87 + dx, lat + dy], [107.87, lat + dy]];
  if (!open) ring.push(ring[0]);
  return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
}

before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-sites-', { today: TODAY }));
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('a producer registers a growing area and keeps its diary on a phone; an officer suspends it', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn(page, baseUrl, 'chuthe', { clearCookies: true }), 30_000, 'log-in');
  await page.goto(url('/traceability'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/sites'), page.click('#part-sites')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.equal(await page.textContent('#total'), '3');
  const cashew = page.locator('li[data-code="VN-DTOR-0017"]');
  assert.equal(await cashew.locator('[data-flag="area_mismatch"]').count(), 1);
  assert.match(await cashew.locator('[data-flag="certificate_expiring"]').textContent(), /hết hạn ngày/);
  await assertFitsPhone(page, 'list (vi)');
  await page.screenshot({ path: '/tmp/sites-list-vi.png', fullPage: true });

  // The form, with the commune list of Gia Lai.
  await page.goto(url('/sites/new?province=52'));
  await assertFitsPhone(page, 'form (vi)');
  await page.fill('#code', 'vn-52-ga');
  await page.fill('#name', 'Vùng cà phê thôn 9');
  await page.fill('#target_markets', 'VN, CN');
  await page.fill('#crop', 'Cà phê');
  await page.fill('#declared_area_ha', '1,05');
  await page.selectOption('#commune_code', '23764');
  await page.fill('#representative', 'Rơ Châm H\'Lan');
  await page.fill('#households', 'Hộ Rơ Châm H\'Lan; 0,6\nHộ Siu Đoan; 0,45');
  await page.fill('#boundary', square(true));
  const refused = await submit('#save', '/sites');
  assert.equal(refused.status(), 400);
  assert.match(await page.textContent('#code-error'), /phải bắt đầu bằng VN-/);
  assert.match(await page.textContent('#boundary-error'), /chưa khép kín/);
  assert.equal(await page.inputValue('#name'), 'Vùng cà phê thôn 9');  // kept
  await page.screenshot({ path: '/tmp/sites-form-vi.png', fullPage: true });
  await page.fill('#code', 'VN-52-GA-0009');
  await page.fill('#boundary', square());
  const saved = await submit('#save', '/sites');
  assert.equal(saved.status(), 303);
  await page.waitForURL((u) => /^\/sites\/\d+$/.test(u.pathname));
  const sitePath = pathOf(page.url());
  assert.match(await page.textContent('h1'), /VN-52-GA-0009/);
  assert.equal(await page.textContent('#boundary-area'), '1');
  assert.equal(await page.textContent('#declared-area'), '1,05');
  assert.equal(await page.locator('#flags').count(), 0);
  assert.equal(await page.locator('#households li').count(), 2);

  // A spraying with 14 days' interval, a harvest planned a week later.
  await page.click('#open-diary');
  await page.fill('#diary-on', '01/06/2026');
  await page.fill('#diary-phi', 'mười');
  await page.fill('#diary-product', 'Abamectin 3.6EC');
  await page.fill('#diary-dose', '20 ml/16 l nước');
  const badDiary = await submit('#add-diary', `${sitePath}/diary`);
  assert.equal(badDiary.status(), 400);
  assert.match(await page.textContent('#diary-phi-error'), /số ngày nguyên/);
  await page.fill('#diary-phi', '14');
  await page.fill('#diary-harvest', '08/06/2026');
  const diary = await submit('#add-diary', `${sitePath}/diary`);
  assert.equal(diary.status(), 303);
  await page.waitForURL((u) => u.pathname === sitePath);
  assert.match(await page.textContent('#diary'), /Abamectin 3.6EC/);
  assert.match(await page.textContent('[data-flag="spraying_before_harvest"]'), /cách ly 14 ngày/);
  await assertFitsPhone(page, 'site (vi)');
  await page.screenshot({ path: '/tmp/sites-site-vi.png', fullPage: true });

  // In English: a market that is not a country code.
  await Promise.all([page.waitForLoadState(), page.click('#lang-switch')]);
  await page.goto(url('/sites/new?province=52'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Register a growing area or packing house/);
  await page.fill('#code', 'VN-52-GA-0010');
  await page.fill('#name', 'Pepper area');
  await page.fill('#target_markets', 'Vietnam');
  await page.fill('#crop', 'Pepper');
  await page.fill('#declared_area_ha', '2');
  await page.selectOption('#commune_code', '23764');
  await page.fill('#representative', 'Siu Đoan');
  const english = await submit('#save', '/sites');
  assert.equal(english.status(), 400);
  assert.match(await page.textContent('#target_markets-error'), /2-letter upper-case country code/);
  await assertFitsPhone(page, 'form (en)');
  await page.screenshot({ path: '/tmp/sites-form-en.png', fullPage: true });

  // The province's officer suspends the area; a reason is required.
  await withTimeout(logIn(page, baseUrl, 'tinh.52', { clearCookies: true }), 30_000, 'officer log-in');
  await page.goto(url(sitePath));
  assert.equal(await page.locator('#edit-site').count(), 0);
  await page.click('#open-status');
  await page.selectOption('#new-status', 'suspended');
  await page.fill('#status-on', '01/06/2026');
  const noReason = await submit('#change-status', `${sitePath}/status`);
  assert.equal(noReason.status(), 400);
  assert.ok(await page.locator('#status-reason-error').isVisible());
  await page.fill('#status-reason', 'Dư lượng vượt MRL');
  const done = await submit('#change-status', `${sitePath}/status`);
  assert.equal(done.status(), 303);
  await page.waitForURL((u) => u.pathname === sitePath);
  assert.equal(await page.getAttribute('#status', 'data-status'), 'suspended');
  assert.match(await page.textContent('#history'), /Dư lượng vượt MRL/);
  await assertFitsPhone(page, 'site (officer)');
  assert.deepEqual(pageProblems, []);
});
