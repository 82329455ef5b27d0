// Certificates end to end: the legacy import and its report, public verification
// in every status, the register's filters, the signed QR code of the PDF decoded
// with ZXing and checked with Node's crypto (and with the script of
// docs/verification.md), key rotation, revocation, suspension, inspections, the
// inbox and the upcoming renewals, with the role and scope refusals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  call, demoPassword, demoStore, login, ocop, ocopBin, repoRoot, startServer,
} from './server.mjs';

const BASE = 'https://ocop.example.vn';
const qrDecode = join(dirname(ocopBin), 'tests', 'qr_decode');
const work = mkdtempSync(join(tmpdir(), 'ocop-cert-'));

let store;
let dir;
let server;
const tokens = {};
let today;  // the server's today, YYYY-MM-DD

// --- dates as the server counts them (UTC arithmetic on civil dates) ---
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
const addYears = (iso, n) => `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`;
const display = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

async function serve(extra = []) {
  server = await startServer(store, ['--base-url', BASE, ...extra]);
  for (const user of ['admin', 'tinh.52', 'tinh.01', 'xa.23764', 'hoidong', 'chuthe', 'thanhtra']) {
    tokens[user] = (await login(server.url, user)).token;
  }
}

const api = (path, user, options = {}) => call(server.url, path, { token: user && tokens[user], ...options });
const verifyJson = (number, query = '', lang = 'en') => call(server.url, `/v/${encodeURIComponent(number)}${query}`, {
  headers: { accept: 'application/json', 'accept-language': lang },
});

async function upload(user, csv, { onlyValid, lang = 'en' } = {}) {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'legacy.csv');
  if (onlyValid !== undefined) form.append('only_valid_rows', String(onlyValid));
  const res = await fetch(`${server.url}/api/v1/certificate-imports`, {
    method: 'POST', body: form, signal: AbortSignal.timeout(15_000),
    headers: { authorization: `Bearer ${tokens[user]}`, 'accept-language': lang },
  });
  return { status: res.status, json: await res.json() };
}

// Runs the verify-ocop.mjs script exactly as docs/verification.md prints it.
function docsScript(keysJson, qrUrl, c) {
  const doc = readFileSync(join(repoRoot, 'docs', 'verification.md'), 'utf8');
  const m = doc.match(/`verify-ocop\.mjs`:\n\n```js\n([\s\S]*?)```/);
  assert.ok(m, 'docs/verification.md prints verify-ocop.mjs');
  const script = join(work, 'verify-ocop.mjs');
  writeFileSync(script, m[1]);
  const keys = join(work, 'ocop-keys.json');
  writeFileSync(keys, keysJson);
  return spawnSync(process.execPath, [script, keys, qrUrl, c.product_code, String(c.stars), c.issued, c.expires],
    { encoding: 'utf8', timeout: 30_000 });
}

// Ed25519 over OCOP1|number|product_code|stars|issued|expires with the raw key.
function signatureVerifies(qrUrl, c, keyB64) {
  const sig = Buffer.from(new URL(qrUrl).searchParams.get('sig'), 'base64url');
  const message = `OCOP1|${c.number}|${c.product_code}|${c.stars}|${c.issued}|${c.expires}`;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keyB64 }, format: 'jwk' });
  return verify(null, Buffer.from(message), key, sig);
}

const HEADER = 'so_chung_nhan,ten_san_pham,chu_the,ma_tinh,so_sao,ngay_cap,ngay_het_han,co_quan_cap,so_quyet_dinh';
const row = (number, product, producer, province, stars, issued, expires) =>
  `${number},${product},${producer},${province},${stars},${display(issued)},${expires ? display(expires) : ''},UBND huyện Kbang (cũ),12/QĐ-UBND`;
let certs;  // name → {number, issued, expires}

before(async () => {
  ({ dir, store } = demoStore());
  const add = ocop(['user', 'add', '--username', 'tinh.01', '--role', 'provincial-officer', '--province', '01',
    '--password-stdin', '--store', store], { input: `${demoPassword}\n` });
  assert.equal(add.status, 0, add.stderr);
  await serve();
  const upcoming = await api('/api/v1/certificates-upcoming', 'tinh.52');
  assert.equal(upcoming.status, 200, upcoming.text);
  today = upcoming.json.from;
  const valid = addDays(today, -100);
  const window = addDays(today, 150);  // expiry: the window (expiry-180 .. expiry-120) holds today
  const old = addDays(today, -1200);
  certs = {
    valid: { number: 'TB-52-0001', issued: valid, expires: addYears(valid, 3) },
    window: { number: 'TB-52-0002', issued: addYears(window, -3), expires: window },
    expired: { number: 'TB-52-0003', issued: old, expires: addYears(old, 3) },
    revoke: { number: 'TB-52-0004', issued: valid, expires: addYears(valid, 3) },
    suspend: { number: 'TB-52-0005', issued: valid, expires: addYears(valid, 3) },
    five: { number: 'TB-52-0006', issued: valid, expires: addYears(valid, 3) },
    hanoi: { number: 'TB-01-0001', issued: valid, expires: addYears(valid, 3) },
  };
});

after(async () => {
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function goodRows() {
  const c = certs;
  return [
    row(c.valid.number, 'Mật ong rừng Kbang', 'HTX Mật ong Kbang', '52', 4, c.valid.issued, c.valid.expires),
    row(c.window.number, 'Cà phê Đắk Đoa', 'HTX Cà phê Đắk Đoa', '52', 3, c.window.issued, c.window.expires),
    row(c.expired.number, 'Gạo đỏ Ia Pa', 'HTX Gạo Ia Pa', '52', 3, c.expired.issued, c.expired.expires),
    row(c.revoke.number, 'Trà xanh Chư Sê', 'HTX Trà Chư Sê', '52', 3, c.revoke.issued, c.revoke.expires),
    row(c.suspend.number, 'Tiêu đen Chư Sê', 'HTX Tiêu Chư Sê', '52', 4, c.suspend.issued, c.suspend.expires),
    row(c.five.number, 'Sâm Ngọc Linh Kon Plông', 'Công ty Sâm Kon Plông', '52', 5, c.five.issued, c.five.expires),
  ];
}

test('an import with bad rows names each row and field, in the user\'s language, and imports nothing', async () => {
  const lines = [HEADER, ...goodRows(),
    row('TB-52-BAD1', 'Rượu cần', 'HTX Rượu', '52', 7, certs.valid.issued, ''),  // row 8: stars
    `TB-52-BAD2,Măng khô,HTX Măng,99,4,31/02/2026,,UBND,1/QĐ`,  // row 9: province, issued
    row('TB-52-BAD3', '', 'HTX Không tên', '52', 3, certs.valid.issued, ''),  // row 10: product
  ];
  const csv = `${lines.join('\n')}\n`;
  const en = await upload('admin', csv);
  assert.equal(en.status, 422, JSON.stringify(en.json));
  assert.equal(en.json.error.code, 'INVALID_ARGUMENT');
  assert.equal(en.json.report.applied, false);
  assert.equal(en.json.report.imported, 0);
  assert.equal(en.json.report.rows, 9);
  const errs = en.json.report.errors.map((e) => `${e.row}:${e.field}`);
  assert.deepEqual(errs, ['8:stars', '9:province', '9:issued', '10:product']);
  assert.equal(en.json.report.errors[0].message, 'Stars must be 3, 4 or 5.');
  const vi = await upload('admin', csv, { lang: 'vi' });
  assert.equal(vi.json.report.errors[0].message, 'Hạng sao phải là 3, 4 hoặc 5.');
  assert.match(vi.json.error.message, /chưa nhập giấy chứng nhận nào/);
  const none = await api('/api/v1/certificates?q=TB-52');
  assert.equal(none.json.total, 0, 'nothing imported from a file with errors');

  // A provincial officer may import only its own province's rows, and not
  // 5★ ones: those are the ministry's (row 7).
  const scoped = await upload('tinh.52', `${[HEADER, ...goodRows(),
    row(certs.hanoi.number, 'Bánh cốm Hàng Than', 'Cơ sở Cốm', '01', 3, certs.hanoi.issued, '')].join('\n')}\n`);
  assert.equal(scoped.status, 422);
  assert.deepEqual(scoped.json.report.errors.map((e) => `${e.row}:${e.field}`), ['7:stars', '8:province']);
  assert.equal((await api('/api/v1/certificates?q=TB-')).json.total, 0);

  const refused = await upload('chuthe', csv);
  assert.equal(refused.status, 403);

  const partial = await upload('admin', csv, { onlyValid: true });
  assert.equal(partial.status, 200, JSON.stringify(partial.json));
  assert.equal(partial.json.applied, true);
  assert.equal(partial.json.imported, 6);
  assert.equal(partial.json.errors.length, 4);
  const hanoi = await upload('admin', `${HEADER}\n${row(certs.hanoi.number, 'Bánh cốm Hàng Than', 'Cơ sở Cốm', '01', 3, certs.hanoi.issued, '')}\n`);
  assert.equal(hanoi.json.imported, 1);

  // The same file again: every row is already in the register.
  const again = await upload('admin', `${[HEADER, ...goodRows()].join('\n')}\n`);
  assert.equal(again.status, 422);
  assert.deepEqual(again.json.report.errors.map((e) => `${e.row}:${e.field}`),
    ['2:number', '3:number', '4:number', '5:number', '6:number', '7:number']);
  assert.equal(again.json.report.errors[0].message, 'The certificate number is already in the register.');
  const bad = await upload('admin', 'PK\x03\x04 not a workbook');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.fields[0].field, 'file');
});

test('verification answers in JSON for valid, renewal_window, grace and expired; 404 for an unknown number', async () => {
  const expect = { valid: ['valid', true], window: ['renewal_window', true], expired: ['expired', false] };
  for (const [name, [status, mark]] of Object.entries(expect)) {
    const r = await verifyJson(certs[name].number);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.json.status, status, name);
    assert.equal(r.json.mark_allowed, mark, name);
    assert.equal(r.json.issued, certs[name].issued);
    assert.equal(r.json.expires, certs[name].expires);
    assert.equal(r.json.signature_valid, null);
    assert.deepEqual(r.json.province, { code: '52', name: 'Tỉnh Gia Lai' });
    assert.equal(r.json.revocation, null);
    assert.equal(r.json.source, 'imported');
    assert.equal(r.json.qr_url, `${BASE}/v/${certs[name].number}?sig=${new URL(r.json.qr_url).searchParams.get('sig')}`);
  }
  // The demo has a certificate whose re-evaluation was filed in time.
  const grace = await api('/api/v1/certificates?status=grace');
  assert.ok(grace.json.total >= 1);
  const g = await verifyJson(grace.json.items[0].number);
  assert.equal(g.json.status, 'grace');
  assert.equal(g.json.mark_allowed, true);

  const unknown = await verifyJson('OCOP-52-2026-99999');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'NOT_FOUND');
  assert.match(unknown.json.error.message, /not an OCOP certificate/);
  const vi = await verifyJson('OCOP-52-2026-99999', '', 'vi');
  assert.match(vi.json.error.message, /không phải là giấy chứng nhận OCOP/);
  assert.equal((await verifyJson(certs.expired.number)).status, 200, 'expired is not unknown');
});

test('the signature in the QR URL verifies, a tampered one does not', async () => {
  const v = (await verifyJson(certs.valid.number)).json;
  const sig = new URL(v.qr_url).searchParams.get('sig');
  const good = await verifyJson(v.number, `?sig=${sig}`);
  assert.equal(good.json.signature_valid, true);
  const flipped = (sig[5] === 'A' ? 'B' : 'A');
  const tampered = await verifyJson(v.number, `?sig=${sig.slice(0, 5)}${flipped}${sig.slice(6)}`);
  assert.equal(tampered.json.signature_valid, false);
  assert.equal(tampered.json.status, 'valid', 'a bad signature does not hide the certificate');
  assert.equal((await verifyJson(v.number, '?sig=not*base64')).json.signature_valid, false);
  assert.equal((await verifyJson(v.number, '?sig=')).json.signature_valid, false);
  // Another certificate's signature does not fit this one.
  const other = new URL((await verifyJson(certs.window.number)).json.qr_url).searchParams.get('sig');
  assert.equal((await verifyJson(v.number, `?sig=${other}`)).json.signature_valid, false);
});

test('the PDF\'s QR code decodes to qr_url and its signature verifies with the published key', async () => {
  const platform = (await api('/api/v1/certificates?province=52&per_page=100')).json.items
    .find((c) => c.source === 'platform');
  assert.ok(platform, 'the demo has an issued certificate');
  const pdf = await fetch(`${server.url}/api/v1/certificates/${platform.number}/certificate.pdf`,
    { headers: { authorization: `Bearer ${tokens.chuthe}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const file = join(work, 'certificate.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const raster = spawnSync('pdftoppm', ['-r', '150', '-gray', '-singlefile', file, join(work, 'page')]);
  assert.equal(raster.status, 0, String(raster.stderr));
  const decoded = spawnSync(qrDecode, [join(work, 'page.pgm')], { encoding: 'utf8' });
  assert.equal(decoded.status, 0, decoded.stderr);
  assert.equal(decoded.stdout.trim(), platform.qr_url);
  const key = (await call(server.url, '/.well-known/ocop/certificate-key')).json;
  assert.equal(key.alg, 'Ed25519');
  assert.equal(Buffer.from(key.key, 'base64url').length, 32);
  assert.ok(signatureVerifies(decoded.stdout.trim(), platform, key.key));
  assert.ok(!signatureVerifies(decoded.stdout.trim(), { ...platform, stars: platform.stars === 3 ? 4 : 3 }, key.key));
  const online = await call(server.url, new URL(decoded.stdout.trim()).pathname + new URL(decoded.stdout.trim()).search,
    { headers: { accept: 'application/json' } });
  assert.equal(online.json.signature_valid, true);
  // The printed text: dd/mm/yyyy dates and the province's name.
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
  assert.ok(text.includes(display(platform.issued)) && text.includes(display(platform.expires)), text);
  assert.match(text, /Gia Lai/);

  // Who may download: the producer, officers of the area, the ministry.
  const get = (user, number) => api(`/api/v1/certificates/${number}/certificate.pdf`, user);
  assert.equal((await get('tinh.52', platform.number)).status, 200);
  assert.equal((await get('xa.23764', platform.number)).status, 200);
  assert.equal((await get('admin', platform.number)).status, 200);
  assert.equal((await get('tinh.01', platform.number)).status, 403);
  assert.equal((await get('hoidong', platform.number)).status, 403);
  assert.equal((await get('chuthe', certs.valid.number)).status, 403, 'not the producer\'s product');
  assert.equal((await get(undefined, platform.number)).status, 401);
  assert.equal((await get('admin', 'OCOP-52-2026-99999')).status, 404);

  // The documented script, on this certificate and an imported one.
  const keys = (await call(server.url, '/.well-known/ocop/certificate-keys')).text;
  const run = docsScript(keys, decoded.stdout.trim(), platform);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^GENUINE kid=/);
  const imported = (await verifyJson(certs.valid.number)).json;
  assert.equal(docsScript(keys, imported.qr_url, imported).status, 0);
  const forged = docsScript(keys, imported.qr_url, { ...imported, stars: 5 });
  assert.equal(forged.status, 1);
  assert.match(forged.stdout, /NOT GENUINE/);
});

test('rotating the key keeps old certificates verifying', async () => {
  const before = (await call(server.url, '/.well-known/ocop/certificate-key')).json;
  const oldCert = (await verifyJson(certs.valid.number)).json;
  assert.equal(oldCert.kid, before.kid);
  assert.equal((await api('/api/v1/signing-keys', 'tinh.52', { method: 'POST' })).status, 403);
  const rotated = await api('/api/v1/signing-keys', 'admin', { method: 'POST' });
  assert.equal(rotated.status, 201, rotated.text);
  assert.notEqual(rotated.json.kid, before.kid);
  const now = (await call(server.url, '/.well-known/ocop/certificate-key')).json;
  assert.deepEqual(now, { alg: 'Ed25519', kid: rotated.json.kid, key: rotated.json.key });
  const old = await call(server.url, `/.well-known/ocop/certificate-key?kid=${before.kid}`);
  assert.deepEqual(old.json, before);
  assert.equal((await call(server.url, '/.well-known/ocop/certificate-key?kid=nope')).status, 404);
  const list = (await call(server.url, '/.well-known/ocop/certificate-keys')).json;
  assert.equal(list.active, rotated.json.kid);
  const listed = Object.fromEntries(list.keys.map((k) => [k.kid, k]));
  assert.ok(listed[before.kid].retired, 'the old key is retired');
  assert.equal(listed[rotated.json.kid].retired, null);

  const sig = new URL(oldCert.qr_url).searchParams.get('sig');
  assert.equal((await verifyJson(oldCert.number, `?sig=${sig}`)).json.signature_valid, true);
  // A certificate imported now is signed with the new key.
  const fresh = await upload('admin', `${HEADER}\n${row('TB-52-0007', 'Chuối sấy Krông Pa', 'HTX Chuối', '52', 3, certs.valid.issued, '')}\n`);
  assert.equal(fresh.json.imported, 1, JSON.stringify(fresh.json));
  const c = (await verifyJson('TB-52-0007')).json;
  assert.equal(c.kid, rotated.json.kid);
  assert.equal((await verifyJson(c.number, `?sig=${new URL(c.qr_url).searchParams.get('sig')}`)).json.signature_valid, true);
  const keys = JSON.stringify(list);
  assert.equal(docsScript(keys, c.qr_url, c).status, 0);
  assert.equal(docsScript(keys, oldCert.qr_url, oldCert).status, 0);
  assert.ok(!signatureVerifies(oldCert.qr_url, oldCert, rotated.json.key), 'old signature is not the new key\'s');
});

test('the register filters by status, province, stars and q with or without diacritics', async () => {
  const list = (query) => api(`/api/v1/certificates?${query}`);
  const folded = await list('q=mat%20ong%20rung%20kbang');
  assert.deepEqual(folded.json.items.map((c) => c.number), [certs.valid.number]);
  const accented = await list(`q=${encodeURIComponent('Mật ong rừng')}`);
  assert.deepEqual(accented.json.items.map((c) => c.number), [certs.valid.number]);
  const byProducer = await list('q=htx%20ca%20phe%20dak%20doa');
  assert.deepEqual(byProducer.json.items.map((c) => c.number), [certs.window.number]);

  const window = await list('status=renewal_window&q=TB-');
  assert.deepEqual(window.json.items.map((c) => c.number), [certs.window.number]);
  assert.equal(window.json.total, 1);
  const expired = await list('status=expired&q=TB-');
  assert.deepEqual(expired.json.items.map((c) => c.number), [certs.expired.number]);
  const valid = await list('status=valid&q=TB-&per_page=2&page=2');
  assert.equal(valid.json.total, 6);  // valid, revoke, suspend, five, hanoi, 0007
  assert.equal(valid.json.items.length, 2);
  assert.ok(valid.json.items.every((c) => c.status === 'valid'));
  const five = await list('stars=5');
  assert.ok(five.json.items.some((c) => c.number === certs.five.number));
  assert.ok(five.json.items.every((c) => c.stars === 5));
  const hanoi = await list('province=01&q=TB-');
  assert.deepEqual(hanoi.json.items.map((c) => c.number), [certs.hanoi.number]);
  assert.equal(hanoi.json.items[0].province.name, 'Thành phố Hà Nội');

  for (const [query, field] of [['status=current', 'status'], ['province=99', 'province'],
    ['stars=6', 'stars'], ['per_page=500', 'per_page'], ['page=0', 'page']]) {
    const r = await list(query);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.fields[0].field, field, query);
  }
});

test('revocation needs a ground, respects role and scope, and shows at once', async () => {
  const number = certs.revoke.number;
  const path = `/api/v1/certificates/${number}/revocation`;
  const body = { ground: 'mark_misuse', note: 'Nhãn in 5 sao', evidence: 'Biên bản kiểm tra 12/BB', decision_number: '77/QĐ-UBND' };
  const noGround = await api(path, 'tinh.52', { method: 'POST', body: { ...body, ground: '' } });
  assert.equal(noGround.status, 400);
  assert.deepEqual(noGround.json.error.fields.map((f) => f.field), ['ground']);
  const badGround = await api(path, 'tinh.52', { method: 'POST', body: { ...body, ground: 'dislike' } });
  assert.equal(badGround.status, 400);
  const noEvidence = await api(path, 'tinh.52', { method: 'POST', body: { ...body, evidence: '', decision_number: '' } });
  assert.deepEqual(noEvidence.json.error.fields.map((f) => f.field).sort(), ['decision_number', 'evidence']);
  assert.equal((await api(path, 'tinh.01', { method: 'POST', body })).status, 403, 'another province');
  assert.equal((await api(path, 'chuthe', { method: 'POST', body })).status, 403);
  assert.equal((await api(path, 'xa.23764', { method: 'POST', body })).status, 403);
  assert.equal((await api(`/api/v1/certificates/${certs.five.number}/revocation`, 'tinh.52', { method: 'POST', body })).status, 403,
    'a province does not revoke 5 stars');
  let v = (await verifyJson(number)).json;
  assert.equal(v.status, 'valid', 'refusals changed nothing');
  assert.equal(v.revocation, null);

  const done = await api(path, 'tinh.52', { method: 'POST', body });
  assert.equal(done.status, 200, done.text);
  v = (await verifyJson(number)).json;
  assert.equal(v.status, 'revoked');
  assert.equal(v.mark_allowed, false);
  assert.deepEqual(v.revocation, { ground: 'mark_misuse', on: today, decision_number: '77/QĐ-UBND' });
  const twice = await api(path, 'tinh.52', { method: 'POST', body });
  assert.equal(twice.status, 409);
  const revoked = await api('/api/v1/certificates?status=revoked&q=TB-');
  assert.deepEqual(revoked.json.items.map((c) => c.number), [number]);
  assert.equal((await api(`/api/v1/certificates/${certs.five.number}/revocation`, 'admin', { method: 'POST', body })).status, 200,
    'the ministry revokes any');
});

test('suspension and reinstatement', async () => {
  const number = certs.suspend.number;
  const post = (what, user, body) => api(`/api/v1/certificates/${number}/${what}`, user, { method: 'POST', body });
  const grounds = { ground: 'law_violation', evidence: 'Phiếu thử nghiệm 58/KN', decision_number: '31/QĐ-UBND',
    note: 'Chờ kết quả kiểm nghiệm' };
  // A suspension needs a ground, the evidence and the decision, as a revocation does.
  const bare = await post('suspension', 'tinh.52', { note: 'Chờ kết quả kiểm nghiệm' });
  assert.equal(bare.status, 400);
  assert.deepEqual(bare.json.error.fields.map((f) => f.field).sort(), ['decision_number', 'evidence', 'ground']);
  assert.equal((await post('suspension', 'tinh.52', { ...grounds, ground: 'disliked' })).status, 400);
  assert.equal((await verifyJson(number)).json.status, 'valid', 'nothing changed');
  assert.equal((await post('suspension', 'tinh.01', grounds)).status, 403);
  assert.equal((await post('reinstatement', 'tinh.52', { note: 'Không bị đình chỉ' })).status, 409);
  assert.equal((await post('suspension', 'tinh.52', grounds)).status, 200);
  let v = (await verifyJson(number)).json;
  assert.equal(v.status, 'suspended');
  assert.equal(v.mark_allowed, false);
  assert.deepEqual(v.suspension, { ground: 'law_violation', on: today, decision_number: '31/QĐ-UBND' });
  assert.equal(v.revocation, null);
  assert.equal((await post('suspension', 'tinh.52', grounds)).status, 409);
  assert.equal((await post('reinstatement', 'tinh.52', { note: 'Kết quả đạt' })).status, 200);
  v = (await verifyJson(number)).json;
  assert.equal(v.status, 'valid');
  assert.equal(v.suspension, null);
});

test('inspections record findings against the product\'s criteria', async () => {
  const platform = (await api('/api/v1/certificates?province=52&per_page=100')).json.items
    .find((c) => c.source === 'platform');
  const product = (await api('/api/v1/products?province=52&per_page=100')).json.items
    .find((p) => p.code === platform.product_code);
  assert.ok(product, 'the certificate\'s product is in the registry');
  const sheet = (await api(`/api/v1/rubrics/${platform.rubric_version}/sets/${product.product_set}`)).json;
  const ids = [];
  (function walk(x) {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (Array.isArray(x.criteria)) x.criteria.forEach((c) => ids.push(c.id));
      Object.values(x).forEach(walk);
    }
  }(sheet));
  assert.ok(ids.length > 10, 'the sheet has criteria');
  const path = `/api/v1/certificates/${platform.number}/inspections`;
  const body = { inspected_on: today, kind: 'adhoc', unmet_criteria: [ids[0]], findings: 'Nhãn thiếu thông tin truy xuất.' };
  const unknown = await api(path, 'thanhtra', { method: 'POST', body: { ...body, unmet_criteria: [ids[0], '9.99'] } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.error.fields[0].field, 'unmet_criteria');
  assert.match(unknown.json.error.fields[0].message, /9\.99/);
  const future = await api(path, 'thanhtra', { method: 'POST', body: { ...body, inspected_on: addDays(today, 3) } });
  assert.equal(future.status, 400);
  assert.equal((await api(path, 'chuthe', { method: 'POST', body })).status, 403);
  assert.equal((await api(path, 'tinh.01', { method: 'POST', body })).status, 403);
  const ok = await api(path, 'thanhtra', { method: 'POST', body });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.unmet_criteria, [ids[0]]);
  const listed = await api(path, 'tinh.52');
  assert.deepEqual(listed.json.items.map((i) => i.findings), [body.findings]);
  assert.equal((await api(path, 'tinh.01')).status, 403);
  assert.equal((await api(path, 'chuthe')).status, 403);
});

test('upcoming renewals: a province sees its own, the ministry all', async () => {
  const mine = await api('/api/v1/certificates-upcoming?days=90', 'tinh.52');
  assert.equal(mine.status, 200);
  assert.ok(mine.json.items.every((e) => e.certificate.province.code === '52'));
  const closes = mine.json.items.find((e) => e.certificate.number === certs.window.number);
  assert.deepEqual([closes.kind, closes.on], ['window_closes', addDays(certs.window.expires, -120)]);
  const all = await api('/api/v1/certificates-upcoming?days=90', 'admin');
  assert.ok(all.json.items.length >= mine.json.items.length);
  assert.equal((await api('/api/v1/certificates-upcoming?days=90', 'chuthe')).status, 403);
  const bad = await api('/api/v1/certificates-upcoming?days=0', 'tinh.52');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.fields[0].field, 'days');
});

test('with the clock moved: renewal_window, notifications, then expired', async () => {
  const platform = (await api('/api/v1/certificates?province=52&per_page=100')).json.items
    .find((c) => c.source === 'platform');
  await server.stop();
  server = undefined;
  const inWindow = addDays(platform.expires, -170);
  const pass = ocop(['renewals', 'run', '--store', store, '--today', inWindow]);
  assert.equal(pass.status, 0, pass.stderr);
  await serve(['--today', inWindow]);
  const v = (await verifyJson(platform.number)).json;
  assert.equal(v.status, 'renewal_window');
  assert.equal(v.mark_allowed, true);
  const producer = await api('/api/v1/notifications', 'chuthe');
  assert.ok(producer.json.items.some((n) => n.kind === 'window_opens' && n.certificate_number === platform.number),
    JSON.stringify(producer.json));
  const province = await api('/api/v1/notifications', 'tinh.52');
  assert.ok(province.json.items.some((n) => n.certificate_number === platform.number));
  assert.ok(province.json.items.every((n) => n.province === '52'));
  const other = await api('/api/v1/notifications', 'tinh.01');
  assert.ok(other.json.items.every((n) => n.province === '01'));
  assert.equal((await api('/api/v1/notifications')).status, 401);

  await server.stop();
  server = undefined;
  await serve(['--today', addDays(platform.expires, 1)]);
  const lapsed = (await verifyJson(platform.number)).json;
  assert.equal(lapsed.status, 'expired');
  assert.equal(lapsed.mark_allowed, false);
  const sig = new URL(lapsed.qr_url).searchParams.get('sig');
  assert.equal((await verifyJson(platform.number, `?sig=${sig}`)).json.signature_valid, true,
    'an expired certificate is still genuine');
});
