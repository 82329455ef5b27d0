// Browser test of a council member scoring a dossier on the official sheet.
// A demo producer's dossier is carried through the real page forms (over
// HTTP with bearer sessions) to a round with three scoring members created
// with `ocop user add`; then, in Chromium on a phone-sized screen, a member
// ticks options and watches the live total (the expected sums are computed
// here from the rubric JSON the API serves), saves, reloads, signs, and sees
// the sheet locked; a second member cannot see the first one's sheet before
// everyone has signed; after all have signed the chair sees the others'
// totals and closes the session, and the provincial office records the
// decision.
//
//   node --test tests/browser/scoring.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop under the repo root).
// Every wait is bounded: the test may fail, it never hangs.
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
const DEMO_PASSWORD = 'ocop-demo-2026';
const MEMBER_PASSWORD = 'mat-khau-hoi-dong-2026';
const RUBRIC = 'qd-26-2026';
// The round's three scorers, created before the server starts.
const CHAIR = 'hd.chutich';
const MEMBER_2 = 'hd.thanhvien.hai';
const MEMBER_3 = 'hd.thanhvien.ba';
const SCREENSHOT = '/tmp/score-sheet.png';

const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const SERVER_START_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 240_000;

let tmpDir;
let shotDir;         // other screenshots; kept and printed
let baseUrl;
let context;
let page;
const pageProblems = [];

// ---------- helpers ----------

function runOcop(args, input) {
  const r = spawnSync(OCOP_BIN, args, { cwd: tmpDir, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, input });
  if (r.error) throw new Error(`ocop ${args.join(' ')}: ${r.error.message}`);
  assert.equal(r.status, 0, `ocop ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const startServer = (store) => serve(store);
const stopServer = stopServing;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

// One HTTP call with a bearer session (no CSRF token needed), Vietnamese messages.
async function http(p, { token, form, json } = {}) {
  const headers = { 'accept-language': 'vi' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  } else if (json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(url(p), {
    method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

async function session(username, password) {
  const r = await http('/api/v1/session', { json: { username, password } });
  assert.equal(r.status, 200, `log-in of ${username}: ${r.text}`);
  return JSON.parse(r.text).token;
}

// Posts a page form and expects the redirect of a success; returns its target.
async function postForm(token, p, form) {
  const r = await http(p, { token, form });
  const alert = r.text.match(/<p class="(?:alert|error)"[^>]*>([^<]*)</g);
  assert.equal(r.status, 303, `POST ${p} answered ${r.status}: ${alert ?? r.text.slice(0, 300)}`);
  return r.location;
}

// Every criterion of a rubric set in printed order, with its part.
function criteriaOf(set) {
  const out = [];
  for (const part of set.parts) {
    for (const block of part.blocks) {
      for (const c of block.criteria) out.push({ ...c, part: part.id });
    }
  }
  return out;
}

// A member's answers, mostly the best options: for criterion i, the last
// option, or the one before it when (i + shift) is odd; yes/no items answer
// "yes" for ordinal 2. Returns [{criterion, value, ordinal, points}].
function answers(criteria, shift) {
  return criteria.map((c, i) => {
    const ordinal = Math.max(1, c.options.length - ((i + shift) % 2));
    const value = c.yes_no ? (ordinal === 2 ? 'yes' : 'no') : String(ordinal);
    return { criterion: c, value, ordinal, points: c.options[ordinal - 1].points };
  });
}

const slug = (id) => id.replace(/[^A-Za-z0-9]/g, '-');
const inputId = (a) => `#c-${slug(a.criterion.id)}-${a.value}`;
const sum = (list) => list.reduce((s, a) => s + a.points, 0);
// As the pages show points in Vietnamese: at most two decimals, a decimal comma.
const shown = (points) => String(Math.round(points * 100) / 100).replace('.', ',');
const partSum = (list, part) => sum(list.filter((a) => a.criterion.part === part));
const formOf = (list) => Object.fromEntries(list.map((a) => [`c.${a.criterion.id}`, a.value]));

async function logIn(username, password) {
  await context.clearCookies();
  await page.goto(url('/login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/', { waitUntil: 'load' }),
    page.click('#login-submit'),
  ]);
}

async function text(selector) {
  return (await page.locator(selector).innerText()).trim();
}

async function screenshot(name) {
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

function assertNoPageProblems() {
  assert.deepEqual(pageProblems, [], 'the pages raised script errors or console errors');
}

// ---------- setup ----------

const world = {};  // dossier token, round id, rubric set, sessions

before(async () => {
  assert.ok(fs.existsSync(OCOP_BIN), `no ocop binary at ${OCOP_BIN} (set OCOP_BIN)`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-scoring-'));
  shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-screenshots-'));
  const store = `sqlite:${path.join(tmpDir, 'ocop.db')}`;
  runOcop(['migrate', '--store', store]);
  runOcop(['seed-demo', '--store', store]);
  for (const username of [CHAIR, MEMBER_2, MEMBER_3]) {
    runOcop(['user', 'add', '--username', username, '--role', 'council-member', '--password-stdin',
             '--store', store], `${MEMBER_PASSWORD}\n`);
  }
  baseUrl = await startServer(store);

  const profile = path.join(tmpDir, 'profile');
  context = await launchPhone(profile);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/^Failed to load resource: /.test(m.text())) return;  // expected 4xx documents
    pageProblems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400 || r.request().resourceType() === 'document') return;
    if (pathOf(r.url()) === '/favicon.ico') return;
    pageProblems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });

  // The dossier's journey up to the council, through the pages' own forms.
  const producer = await session('chuthe', DEMO_PASSWORD);
  const commune = await session('xa.23764', DEMO_PASSWORD);
  const province = await session('tinh.52', DEMO_PASSWORD);
  world.province = province;
  const newForm = await http('/dossiers/new', { token: producer });
  assert.equal(newForm.status, 200);
  // The first of the producer's products without an open dossier (the demo may hold some).
  const productIds = [...newForm.text.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
  assert.ok(productIds.length > 0, 'the producer has no product to file');
  let created;
  let productId;
  for (const id of productIds) {
    const r = await http('/dossiers', { token: producer, form: { product_id: id, type: 'first', from_previous: '1' } });
    if (r.status === 409) continue;
    assert.equal(r.status, 303, `creating a dossier of product ${id}: ${r.status}`);
    [created, productId] = [r.location, id];
    break;
  }
  assert.ok(created, 'every product of the producer has an open dossier');
  const product = JSON.parse((await http(`/api/v1/products/${productId}`, { token: producer })).text);
  const setResponse = await http(`/api/v1/rubrics/${RUBRIC}/sets/${product.product_set}`);
  assert.equal(setResponse.status, 200, setResponse.text);
  world.set = JSON.parse(setResponse.text);
  world.criteria = criteriaOf(world.set);
  assert.ok(world.criteria.length > 20, 'a rubric sheet has more than 20 criteria');

  const token = created.match(/^\/dossiers\/([A-Za-z0-9_-]+)$/)?.[1];
  assert.ok(token, `created dossier at ${created}`);
  world.token = token;
  const draft = await http(`/dossiers/${token}`, { token: producer });
  const version = draft.text.match(/name="version" value="(\d+)"/)?.[1];
  assert.ok(version, 'the draft has no edit form');
  await postForm(producer, `/dossiers/${token}`, {
    version, scale: '12 tấn mật mỗi năm', raw_materials: 'Mật ong hoa cà phê của 40 hộ nuôi ong',
    markets: 'Gia Lai, Thành phố Hồ Chí Minh', story: 'Đàn ong nuôi dưới tán cà phê Đắk Đoa.',
    ...formOf(answers(world.criteria, 2)),
  });
  await postForm(producer, `/dossiers/${token}/actions`, { action: 'submit' });
  await postForm(commune, `/dossiers/${token}/actions`, {
    action: 'commune_report', local_materials: '1', local_labour: '1', local_idea: '1', local_identity: '1',
    recommend: '1', note: 'Sản phẩm của hợp tác xã trên địa bàn.',
  });
  await postForm(province, `/dossiers/${token}/actions`, { action: 'receive' });
  await postForm(province, `/dossiers/${token}/actions`, { action: 'start_review' });
  const round = await postForm(province, '/rounds', {
    name: 'Đợt 1 năm 2026 — thử nghiệm', intake_closes: '', finishes_by: '',
    chair: CHAIR, members: `${MEMBER_2}\n${MEMBER_3}`, advisory: 'tuvan',
  });
  world.roundId = round.match(/^\/rounds\/(\d+)$/)?.[1];
  assert.ok(world.roundId, `round at ${round}`);
  await postForm(province, `/rounds/${world.roundId}/dossiers`, { token });
}, { timeout: COMMAND_TIMEOUT_MS * 3 + SERVER_START_TIMEOUT_MS + 60_000 });

after(async () => {
  try {
    if (context) await withTimeout(context.close(), 15_000, 'closing the browser').catch((e) => console.log(e.message));
  } finally {
    await stopServer();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}, { timeout: 40_000 });

// ---------- the test ----------

test('a council member scores a dossier on a phone', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { token, criteria } = world;
  const chairAnswers = answers(criteria, 0);
  const partIds = world.set.parts.map((p) => p.id);

  // The chair opens the sheet: every criterion with its options, nothing ticked.
  await logIn(CHAIR, MEMBER_PASSWORD);
  const opened = await page.goto(url(`/dossiers/${token}/score`));
  assert.equal(opened.status(), 200);
  assert.equal(await page.locator('fieldset.criterion').count(), criteria.length);
  assert.equal(await page.locator('#score-form input[type=radio]:checked').count(), 0);
  assert.equal(await text('#sheet-total'), '0');
  // Star minimums are marked on the options the rubric tags, with a legend.
  const tagged = criteria.flatMap((c) => c.options.filter((o) => o.min_stars)).length;
  assert.ok(tagged > 0, 'the set tags no star minimum');
  assert.equal(await page.locator('#score-form label.choice .stars').count(), tagged);
  await page.locator('#stars-legend').waitFor();

  // Ticking the first few criteria updates the running totals at once.
  const first = chairAnswers.slice(0, 5);
  for (const a of first) await page.check(inputId(a));
  await page.waitForFunction((want) => document.querySelector('#sheet-total').textContent === want,
                             shown(sum(first)), { timeout: 5_000 });
  assert.equal(await text(`#part-total-${first[0].criterion.part}`), shown(partSum(first, first[0].criterion.part)));

  // Every criterion: the overall and part totals are the sums from the rubric.
  for (const a of chairAnswers.slice(5)) await page.check(inputId(a));
  const expected = sum(chairAnswers);
  await page.waitForFunction((want) => document.querySelector('#sheet-total').textContent === want,
                             shown(expected), { timeout: 5_000 });
  for (const part of partIds) {
    assert.equal(await text(`#part-total-${part}`), shown(partSum(chairAnswers, part)), `part ${part}`);
  }
  assert.equal(await text('[data-answered]'), String(criteria.length));
  // The design, judged by eye: the middle of the sheet with its total bar.
  await page.locator(inputId(chairAnswers[Math.floor(criteria.length / 2)])).scrollIntoViewIfNeeded();
  await page.screenshot({ path: SCREENSHOT });
  console.log(`screenshot: ${SCREENSHOT}`);

  // Save the draft; after a reload the choices are kept and the server's total agrees.
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('saved') === '1', { waitUntil: 'load' }),
    page.click('#save-draft'),
  ]);
  await page.reload({ waitUntil: 'load' });
  await page.locator('#score-form').waitFor();
  for (const a of chairAnswers) assert.ok(await page.isChecked(inputId(a)), `${a.criterion.id} lost its choice`);
  assert.equal(await page.locator('#score-form input[type=radio]:checked').count(), criteria.length);
  const serverTotal = await page.evaluate(async () => {
    // What the server rendered, before the script touched it.
    const html = await (await fetch(location.pathname)).text();
    return new DOMParser().parseFromString(html, 'text/html').querySelector('#sheet-total').textContent;
  });
  assert.equal(serverTotal, shown(expected));

  // A second member sees neither the chair's choices nor any total before all have signed.
  await logIn(MEMBER_2, MEMBER_PASSWORD);
  assert.equal((await page.goto(url(`/dossiers/${token}/score`))).status(), 200);
  await page.locator('#others-hidden').waitFor();
  assert.equal(await page.locator('#totals').count(), 0);
  assert.equal(await page.locator('#score-form input[type=radio]:checked').count(), 0);
  assert.equal(await text('#sheet-total'), '0');

  // The chair signs: without the confirmation it is refused, with it the sheet locks.
  await logIn(CHAIR, MEMBER_PASSWORD);
  await page.goto(url(`/dossiers/${token}/score`));
  const [unconfirmed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === `/dossiers/${token}/score`),
    page.click('#sign-sheet'),
  ]);
  assert.equal(unconfirmed.status(), 400);
  await page.locator('#confirm-error').waitFor();
  assert.equal(await page.locator('#score-form input[type=radio]:checked').count(), criteria.length);
  await page.check('#confirm-sign');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('signed') === '1', { waitUntil: 'load' }),
    page.click('#sign-sheet'),
  ]);
  await page.locator('#signed-notice').waitFor();
  await page.locator('#sheet-locked').waitFor();
  assert.equal(await page.locator('#score-form').count(), 0);
  assert.equal(await page.locator('input[type=radio]').count(), 0);
  assert.equal(await text('#sheet-total'), shown(expected));
  await screenshot('score-sheet-signed.png');
  // A signed sheet never changes, whatever is posted.
  const chairToken = await session(CHAIR, MEMBER_PASSWORD);
  const again = await http(`/dossiers/${token}/score`, { token: chairToken, form: { intent: 'save', ...formOf(answers(criteria, 1)) } });
  assert.equal(again.status, 409);
  assert.match(again.text, /đã ký/);

  // The other two sign (close to the chair's scores); then the chair sees every total.
  const others = [[MEMBER_2, answers(criteria, 0).map((a, i) => (i === 0 ? answers(criteria, 1)[0] : a))],
                  [MEMBER_3, answers(criteria, 0)]];
  for (const [username, list] of others) {
    const t = await session(username, MEMBER_PASSWORD);
    await postForm(t, `/dossiers/${token}/score`, { intent: 'sign', confirm: '1', ...formOf(list) });
  }
  await page.reload({ waitUntil: 'load' });
  await page.locator('#totals').waitFor();
  const rows = await page.locator('#totals tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  for (const [username, list] of [[CHAIR, chairAnswers], ...others]) {
    const row = rows.find((r) => r.startsWith(username));
    assert.ok(row, `no total for ${username}`);
    assert.ok(row.trim().endsWith(shown(sum(list))), `${username}: ${row}`);
  }

  // What the scoring engine makes of these three sheets (the public scoring API).
  const sheetsJson = [[CHAIR, chairAnswers], ...others].map(([member, list]) => ({
    member,
    choices: Object.fromEntries(list.map((a) => [a.criterion.id, a.criterion.yes_no ? a.value === 'yes' : a.ordinal])),
  }));
  const scored = await http(`/api/v1/rubrics/${RUBRIC}/sets/${world.set.set}/score`, {
    json: { sheets: sheetsJson, council: { members: 3, chair_present: true, max_spread: 10, quorum: 0.75, chair_required: true } },
  });
  assert.equal(scored.status, 200, scored.text);
  const result = JSON.parse(scored.text);
  assert.equal(result.rescore_required, false, 'the sheets are meant to agree');

  // The chair closes the session; the dossier is scored with the engine's mean.
  await Promise.all([
    page.waitForURL((u) => u.pathname === `/dossiers/${token}`, { waitUntil: 'load' }),
    page.click('#close-session'),
  ]);
  assert.equal(await page.locator('#dossier-state').getAttribute('data-state'), 'scored');
  assert.equal(await text('#dossier-mean'), `${shown(result.mean)} · ${result.stars}★`);

  // The provincial office sees the decision form and records the decision.
  await logIn('tinh.52', DEMO_PASSWORD);
  await page.goto(url(`/dossiers/${token}`));
  await page.locator('#decision-form').waitFor();
  await screenshot('dossier-decision.png');
  assert.match(await page.inputValue('#decision-date'), /^\d{2}\/\d{2}\/\d{4}$/);
  await page.fill('#decision-number', '123/QĐ-UBND');
  await page.fill('#decision-signer', 'Phó Chủ tịch UBND tỉnh');
  await Promise.all([
    page.waitForURL((u) => u.pathname === `/dossiers/${token}`, { waitUntil: 'load' }),
    page.click('#record-decision'),
  ]);
  // 3★ and 4★ are recognised by the province, 5★ goes to the ministry, under 3★ is not recognised.
  const outcome = result.stars >= 5 ? 'forwarded' : result.stars >= 3 ? 'recognised' : 'not_recognised';
  assert.equal(await page.locator('#dossier-state').getAttribute('data-state'), outcome);
  assert.match(await text('#dossier-decision'), /123\/QĐ-UBND · \d{2}\/\d{2}\/\d{4} · Phó Chủ tịch UBND tỉnh/);
  assert.equal(await page.locator('#dossier-certificate').count(), outcome === 'recognised' ? 1 : 0);
  console.log(`engine: mean ${result.mean}, ${result.stars} stars → ${outcome}`);
  await screenshot('dossier-decided.png');
  assertNoPageProblems();
});
