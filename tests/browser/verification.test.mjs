// Browser test of the certificate pages on a 390×844 phone: the page a
// shopper reaches from a package's QR code (/v/{number}) in Vietnamese and
// English, with the QR's signature checked and a forged one caught; an
// unknown number answered as "not an OCOP certificate" (404); the public
// search finding "Mật ong" from "mat ong"; a provincial officer revoking a
// certificate through the form (errors beside the fields first) and the
// public page saying "revoked" at once; the 90-day dashboard and the inbox;
// and, with the server restarted on a later --today, an expired certificate
// whose mark may no longer be printed.
//
//   node --test tests/browser/verification.test.mjs
//
// Certificates come from `ocop import-certificates` (certificates issued
// before the platform, signed like the others). Environment: OCOP_BIN, the
// ocop binary (default build/ocop). Every wait is bounded: the test may fail,
// it never hangs. The valid page's screenshot is kept at /tmp/verify-valid.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPhone, serve, stopServing, withTimeout } from './harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OCOP_BIN = process.env.OCOP_BIN ? path.resolve(process.env.OCOP_BIN) : path.join(REPO, 'build', 'ocop');
const PASSWORD = 'ocop-demo-2026';
const SCREENSHOT = '/tmp/verify-valid.png';

const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const SERVER_START_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

// The calendar of the test: the certificates are imported and first checked
// on TODAY; LATER is after the coffee's expiry (15/08/2026).
const TODAY = '2026-06-01';
const LATER = '2026-09-01';
const HONEY = 'GL-2025-90001';   // 4★, issued 01/03/2025, valid until 01/03/2028
const COFFEE = 'GL-2023-90002';  // 3★, issued 15/08/2023, valid until 15/08/2026
const PEPPER = 'GL-2024-90003';  // 4★, revoked by the test
const TEA = 'GL-2024-90004';     // 3★, valid until 20/01/2027: re-evaluation window 24/07–22/09/2026
const CSV = [
  'number,product,producer,province,stars,issued,authority,decision',
  `${HONEY},Mật ong hoa cà phê Chư Sê,Hợp tác xã Mật ong Ia Grai,52,4,01/03/2025,UBND tỉnh Gia Lai,123/QĐ-UBND`,
  `${COFFEE},Cà phê rang xay Pleiku,Công ty TNHH Cà phê Phố Núi,52,3,15/08/2023,UBND tỉnh Gia Lai,456/QĐ-UBND`,
  `${PEPPER},Tiêu đen Chư Sê,HTX Hồ tiêu Chư Sê,52,4,10/01/2024,UBND tỉnh Gia Lai,789/QĐ-UBND`,
  `${TEA},Trà ô long Biển Hồ,HTX Chè Biển Hồ,52,3,20/01/2024,UBND tỉnh Gia Lai,790/QĐ-UBND`,
].join('\n') + '\n';

let tmpDir;
let store;
let baseUrl;
let context;
let page;
const pageProblems = [];

// ---------- helpers ----------

function runOcop(...args) {
  const r = spawnSync(OCOP_BIN, args, { cwd: tmpDir, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw new Error(`ocop ${args.join(' ')}: ${r.error.message}`);
  assert.equal(r.status, 0, `ocop ${args.join(' ')} exited with ${r.status} (signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const startServer = (today) => serve(store, ['--today', today]);
const stopServer = stopServing;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

async function logIn(username) {
  await page.goto(url('/login'));
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/login'),
    page.click('#login-submit'),
  ]);
  await page.waitForLoadState('load');
  assert.equal(pathOf(page.url()), '/', `log-in as ${username} failed: ${await page.textContent('main')}`);
}

// Anonymous, in Vietnamese (the phone's language), no page problems yet.
async function startAnonymous() {
  await context.clearCookies();
  pageProblems.length = 0;
}

function assertNoPageProblems() {
  assert.deepEqual(pageProblems, [], 'the pages raised script errors or failed sub-resources');
}

// Submits the form of `button` and waits for the document it loads.
async function submit(button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().resourceType() === 'document' && r.request().method() === 'POST'),
    page.click(button),
  ]);
  await page.waitForLoadState('load');
  return response;
}

// Nothing sticks out sideways on the phone.
async function assertFitsPhone(what) {
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `${what}: the page is ${widths[0]} px wide on a ${widths[1]} px screen`);
}

const text = async (selector) => (await page.textContent(selector)).replace(/\s+/g, ' ').trim();

// ---------- setup and teardown ----------

before(async () => {
  assert.ok(fs.existsSync(OCOP_BIN), `no ocop binary at ${OCOP_BIN} (set OCOP_BIN)`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-verify-'));
  store = `sqlite:${path.join(tmpDir, 'ocop.db')}`;
  runOcop('migrate', '--store', store);
  runOcop('seed-demo', '--store', store);
  fs.writeFileSync(path.join(tmpDir, 'certificates.csv'), CSV);
  const report = runOcop('import-certificates', path.join(tmpDir, 'certificates.csv'), '--store', store,
                         '--today', TODAY, '--lang', 'en');
  assert.match(report, /imported 4 certificates/);
  baseUrl = await startServer(TODAY);

  const profile = path.join(tmpDir, 'profile');
  context = await launchPhone(profile);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/^Failed to load resource: /.test(m.text())) return;  // the expected 4xx documents
    pageProblems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400 || r.request().resourceType() === 'document') return;
    if (pathOf(r.url()) === '/favicon.ico') return;
    pageProblems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
}, { timeout: COMMAND_TIMEOUT_MS * 3 + SERVER_START_TIMEOUT_MS + 40_000 });

after(async () => {
  try {
    if (context) await withTimeout(context.close(), 15_000, 'closing the browser').catch((e) => console.log(e.message));
  } finally {
    await stopServer();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}, { timeout: 40_000 });

// ---------- tests ----------

test('a valid certificate says genuine and current, in Vietnamese then in English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  const response = await page.goto(url(`/v/${HONEY}`));
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  assert.equal(await text('#verdict h1'), 'Chính hãng, còn hiệu lực');
  assert.match(await text('#verdict-detail'), /công nhận OCOP 4 sao.*đến hết ngày 01\/03\/2028/);
  assert.match(await text('#mark'), /✓ Được phép in biểu trưng OCOP 4 sao/);
  assert.equal(await text('#product'), 'Mật ong hoa cà phê Chư Sê');
  assert.equal(await text('#producer'), 'Hợp tác xã Mật ong Ia Grai');
  assert.equal(await text('#province'), 'Tỉnh Gia Lai');
  assert.equal(await text('#number'), HONEY);
  assert.equal(await text('#issued'), '01/03/2025');
  assert.equal(await text('#expires'), '01/03/2028');
  assert.equal(await text('.v-stars'), '★★★★☆ 4 sao');
  assert.equal(await page.locator('#signature').count(), 0, 'no ?sig=, no signature line');
  assert.match(await page.title(), /^Chính hãng, còn hiệu lực · Mật ong hoa cà phê Chư Sê/);
  assert.match(await page.getAttribute('meta[property="og:description"]', 'content'), /4 sao.*GL-2025-90001/);
  // One small document: no script, nothing but the stylesheet.
  assert.equal(await page.locator('script').count(), 0);
  assert.ok((await response.body()).length < 8_000, 'the verification page stays small');
  await assertFitsPhone('valid page');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`screenshot: ${SCREENSHOT}`);

  await Promise.all([page.waitForURL((u) => pathOf(u.toString()) === `/v/${HONEY}`), page.click('#lang-switch')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text('#verdict h1'), 'Genuine and current');
  assert.match(await text('#verdict-detail'), /OCOP-certified with 4 stars.*valid until 01\/03\/2028/);
  assert.match(await text('#mark'), /May carry the OCOP mark with 4 stars/);
  assert.equal(await text('.v-stars'), '★★★★☆ 4 stars');
  await assertFitsPhone('valid page in English');
  assertNoPageProblems();
});

test('the QR code\'s signature is checked: genuine, then a forged one', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  const json = await (await fetch(url(`/v/${HONEY}`), { headers: { accept: 'application/json' } })).json();
  const qr = new URL(json.qr_url);
  const sig = qr.searchParams.get('sig');
  assert.ok(sig && sig.length > 40, `a signature in ${json.qr_url}`);

  await page.goto(url(`/v/${HONEY}?sig=${sig}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  assert.match(await text('#signature'), /Chữ ký số của mã QR hợp lệ/);

  // One character changed: the same number, a signature that does not verify.
  const forged = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  await page.goto(url(`/v/${HONEY}?sig=${forged}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'forged');
  assert.equal(await text('#verdict h1'), 'Chữ ký số KHÔNG khớp — có thể là tem giả');
  assert.match(await text('#register-status'), /GL-2025-90001 có tình trạng: Còn hiệu lực/);
  assert.equal(await page.locator('#signature').count(), 0);
  await assertFitsPhone('forged signature');
  assertNoPageProblems();
});

test('an unknown number is "not an OCOP certificate" with 404, never "expired"', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  const response = await page.goto(url('/v/OCOP-52-2025-99999'));
  assert.equal(response.status(), 404);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'unknown');
  assert.equal(await text('#verdict h1'), 'Đây không phải giấy chứng nhận OCOP');
  const body = await text('main');
  assert.match(body, /OCOP-52-2025-99999/);
  assert.match(body, /có thể là giả/);
  assert.doesNotMatch(body, /hết hiệu lực|hết hạn/i);
  assert.equal(await page.title(), 'Đây không phải giấy chứng nhận OCOP · Nền tảng OCOP');
  await assertFitsPhone('unknown number');

  // Its search box leads to the register, which finds "Mật ong" typed without accents.
  await page.fill('#q', 'mat ong');
  await Promise.all([page.waitForURL((u) => pathOf(u.toString()) === '/certificates'), page.click('.v-search button')]);
  assert.equal(await page.locator(`#results a[href="/v/${HONEY}"]`).count(), 1);
  assertNoPageProblems();
});

// Vietnamese without its accents, as a shopper types it: "Mật ong" → "mat ong".
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

test('the register finds "mật ong" from "mat ong" and filters by stars and status', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await page.goto(url('/certificates'));
  await page.fill('#q', 'mat ong');
  await Promise.all([page.waitForURL((u) => new URL(u).searchParams.get('q') === 'mat ong'), page.click('#search')]);
  const rows = page.locator('#results li');
  assert.ok(await rows.count() >= 1);
  for (const row of await rows.all()) {
    assert.match(fold(await row.textContent()), /mat ong/, 'every result matches the words searched');
  }
  const row = page.locator('#results li', { has: page.locator(`a[href="/v/${HONEY}"]`) });
  assert.equal(await row.count(), 1);
  assert.match((await row.textContent()).replace(/\s+/g, ' '), /Mật ong hoa cà phê Chư Sê.*Hợp tác xã Mật ong Ia Grai.*★★★★☆ 4 sao.*Còn hiệu lực/);
  assert.equal(await page.locator(`#results a[href="/v/${COFFEE}"]`).count(), 0);
  await assertFitsPhone('search');
  await Promise.all([page.waitForURL((u) => pathOf(u.toString()) === `/v/${HONEY}`), row.locator('a.cert-product').click()]);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');

  // With accents, the stars and the status filters.
  await page.goto(url('/certificates?q=' + encodeURIComponent('Phố Núi') + '&stars=3'));
  assert.equal(await text('#total'), '1');
  assert.equal(await text('#results .cert-product'), 'Cà phê rang xay Pleiku');
  await page.goto(url('/certificates?q=pho+nui&stars=4'));
  assert.equal(await text('#total'), '0');
  await page.goto(url('/certificates?q=90002&status=valid'));
  assert.equal(await text('#total'), '1');
  await page.goto(url('/certificates?q=90002&status=expired'));
  assert.equal(await text('#total'), '0');
  assertNoPageProblems();
});

test('the province sees what comes due in 90 days', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await logIn('tinh.52');
  await page.goto(url('/province/renewals'));
  assert.equal(await text('#scope-name'), 'Tỉnh Gia Lai');
  // The coffee's last valid day (15/08/2026) and the pepper's window opening
  // (180 days before 10/01/2027: 14/07/2026); the honey is years away.
  const expires = page.locator('.renewal-day[data-date="2026-08-15"] .renewal-expires');
  assert.equal(await expires.count(), 1);
  assert.match(await expires.textContent(), /Cà phê rang xay Pleiku/);
  const opens = page.locator('.renewal-day[data-date="2026-07-14"] .renewal-window_opens');
  assert.equal(await opens.count(), 1);
  assert.match(await opens.textContent(), /Tiêu đen Chư Sê/);
  assert.equal(await page.locator(`a[href="/certificates/${HONEY}"]`).count(), 0);
  assert.ok(Number(await text('#summary [data-kind="expires"] strong')) >= 1);
  await assertFitsPhone('renewals');

  // The ministry sees every province, or the one it picks.
  await context.clearCookies();
  await logIn('admin');
  await page.goto(url('/province/renewals'));
  assert.equal(await text('#scope-name'), 'Tất cả các tỉnh');
  assert.equal(await page.locator(`a[href="/certificates/${COFFEE}"]`).count(), 1);
  await page.selectOption('#province', '01');
  await Promise.all([page.waitForURL((u) => new URL(u).searchParams.get('province') === '01'),
                     page.click('form.filters button')]);
  assert.notEqual(await text('#scope-name'), 'Tất cả các tỉnh');
  assert.equal(await page.locator(`a[href="/certificates/${COFFEE}"]`).count(), 0);
  assertNoPageProblems();
});

test('a suspension shows on the public page, and a reinstatement lifts it', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await logIn('tinh.52');
  await page.goto(url(`/certificates/${COFFEE}`));
  await page.click('#suspend-block summary');
  const refused = await submit('#suspend-submit');
  assert.equal(refused.status(), 400);
  for (const field of ['ground', 'evidence', 'decision_number']) {
    assert.ok(await page.locator(`#suspend-${field}-error`).isVisible(), `${field} is required`);
  }
  await page.selectOption('#suspend-ground', 'law_violation');
  await page.fill('#suspend-evidence', 'Phiếu thử nghiệm số 58/KN.');
  await page.fill('#suspend-decision_number', '31/QĐ-UBND');
  await page.fill('#suspend-note', 'Chờ kết quả kiểm nghiệm mẫu.');
  assert.equal((await submit('#suspend-submit')).status(), 303);
  assert.match(await text('#done'), /Đã tạm đình chỉ/);
  assert.match(await text('#suspension'), /Chờ kết quả kiểm nghiệm mẫu/);
  assert.equal(await page.locator('#suspend-form').count(), 0);

  await context.clearCookies();
  await page.goto(url(`/v/${COFFEE}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'suspended');
  assert.equal(await text('#verdict h1'), 'Đang bị tạm đình chỉ');
  assert.equal(await text('#verdict .v-icon'), '!');
  assert.match(await text('#mark'), /✗ Không được in biểu trưng OCOP/);

  await logIn('tinh.52');
  await page.goto(url(`/certificates/${COFFEE}`));
  await page.fill('#reinstate-note', 'Mẫu đạt yêu cầu.');
  assert.equal((await submit('#reinstate-submit')).status(), 303);
  assert.match(await text('#done'), /Đã khôi phục/);
  await context.clearCookies();
  await page.goto(url(`/v/${COFFEE}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  assertNoPageProblems();
});

test('a provincial officer revokes a certificate; the public page says revoked at once', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await logIn('tinh.52');
  await page.goto(url(`/certificates/${PEPPER}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  assert.equal(await page.locator('#no-inspections').count(), 1);

  // Nothing chosen: every required field says so, and nothing changes.
  await page.click('#revoke-block summary');
  const refused = await submit('#revoke-submit');
  assert.equal(refused.status(), 400);
  assert.equal(await page.getAttribute('#revoke-block', 'open'), '');
  for (const field of ['ground', 'evidence', 'decision_number']) {
    assert.ok(await page.locator(`#${field}-error`).isVisible(), `an error beside ${field}`);
  }
  assert.equal(await page.locator('#revoke-note-error').count(), 0, 'the note is optional');
  await assertFitsPhone('revocation form with errors');
  let check = await fetch(url(`/v/${PEPPER}`), { headers: { accept: 'application/json' } });
  assert.equal((await check.json()).status, 'valid');

  await page.selectOption('#ground', 'criteria_not_met');
  await page.fill('#evidence', 'Biên bản kiểm tra số 12/BB-KT ngày 20/05/2026');
  await page.fill('#decision_number', '99/QĐ-UBND');
  const done = await submit('#revoke-submit');
  assert.equal(done.status(), 303);
  assert.equal(pathOf(page.url()), `/certificates/${PEPPER}`);
  assert.match(await text('#done'), /Đã thu hồi/);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'revoked');
  assert.match(await text('#revocation'), /99\/QĐ-UBND/);
  assert.equal(await page.locator('#revoke-form').count(), 0, 'no second revocation');

  // The shopper's page, anonymous, in the same minute.
  await context.clearCookies();
  const response = await page.goto(url(`/v/${PEPPER}`));
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'revoked');
  assert.equal(await text('#verdict h1'), 'Đã bị thu hồi');
  assert.match(await text('#verdict'), /thu hồi ngày 01\/06\/2026/);
  assert.match(await text('#verdict'), /Không còn đáp ứng tiêu chí khi kiểm tra/);
  assert.match(await text('#mark'), /✗ Không được in biểu trưng OCOP/);
  await assertFitsPhone('revoked');
  assertNoPageProblems();
});

test('an inspector records an inspection and may not revoke', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await logIn('thanhtra');
  await page.goto(url(`/certificates/${HONEY}`));
  assert.equal(await page.locator('#revoke-form').count(), 0);
  assert.equal(await page.locator('#suspend-form').count(), 0);
  assert.ok(await page.locator('#read-only').isVisible());
  await page.click('#inspect-block summary');
  await page.fill('#inspected_on', '31/05/2026');
  await page.selectOption('#kind', 'adhoc');
  await page.fill('#unmet_criteria', '1.2, 3.1');
  const refused = await submit('#inspect-submit');
  assert.equal(refused.status(), 400, 'findings are required');
  assert.ok(await page.locator('#findings-error').isVisible());
  assert.equal(await page.inputValue('#unmet_criteria'), '1.2, 3.1', 'what was typed stays');
  await page.fill('#findings', 'Nhãn thiếu hạn sử dụng.');
  const done = await submit('#inspect-submit');
  assert.equal(done.status(), 303);
  assert.match(await text('#inspections'), /31\/05\/2026 · Đột xuất.*1\.2, 3\.1.*Nhãn thiếu hạn sử dụng/);
  // The refused revocation, straight to the route: the role check answers.
  const csrf = await page.getAttribute('#inspect-form input[name="_csrf"]', 'value');
  const res = await page.request.post(url(`/certificates/${HONEY}/revocation`),
                                      { form: { _csrf: csrf, ground: 'mark_misuse' }, maxRedirects: 0 });
  assert.equal(res.status(), 403);
  assert.match(await res.text(), /vai trò|role/i);
  assertNoPageProblems();
});

test('after its expiry the coffee\'s page says the mark may no longer be used', { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
  await stopServer();
  runOcop('renewals', 'run', '--store', store, '--today', LATER);
  baseUrl = await startServer(LATER);
  await startAnonymous();
  let response = await page.goto(url(`/v/${COFFEE}`));
  assert.equal(response.status(), 200, 'expired is still a real certificate, not a 404');
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'expired');
  assert.equal(await text('#verdict h1'), 'Đã hết hiệu lực');
  assert.match(await text('#verdict-detail'), /không còn hiệu lực từ ngày 16\/08\/2026.*không được in biểu trưng OCOP/);
  assert.match(await text('#mark'), /✗ Không được in biểu trưng OCOP/);
  await assertFitsPhone('expired');

  await page.goto(url('/lang?set=en&next=' + encodeURIComponent(`/v/${COFFEE}`)));
  assert.equal(await text('#verdict h1'), 'Expired');
  assert.match(await text('#mark'), /May NOT carry the OCOP mark/);

  // The honey is still fine; the tea is valid, its re-evaluation window open.
  response = await page.goto(url(`/v/${HONEY}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'valid');
  await page.goto(url(`/v/${TEA}`));
  assert.equal(await page.getAttribute('#verdict', 'data-status'), 'renewal_window');
  assert.equal(await text('#verdict h1'), 'Genuine and current');
  assert.match(await text('#verdict-detail'), /valid until 20\/01\/2027; the window to file for re-evaluation is open until 22\/09\/2026/);
  assert.match(await text('#mark'), /✓ May carry the OCOP mark with 3 stars/);

  // The province's inbox has the lapse.
  await context.clearCookies();
  await logIn('tinh.52');
  await page.goto(url('/inbox'));
  const note = page.locator('#notifications li[data-kind="expires"]', { hasText: COFFEE });
  assert.equal(await note.count(), 1);
  assert.match(await note.textContent(), /GL-2023-90002 hết hạn ngày 15\/08\/2026/);
  await assertFitsPhone('inbox');
  assertNoPageProblems();
});
