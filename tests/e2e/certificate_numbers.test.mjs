// Certificates issued before the platform keep their printed numbers, which
// are free text ("125/GCN-UBND", with spaces or Vietnamese letters): their
// QR URL, verification page and register entry must all work.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { call, ocop, startServer } from './server.mjs';

const numbers = ['125/GCN-UBND', 'Số 07 GCN', 'ĐL-2024/003', '12&13/QĐ-UBND?x#1', '50%2F'];
let dir;
let server;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ocop-numbers-'));
  const store = `sqlite:${join(dir, 'ocop.db')}`;
  assert.equal(ocop(['migrate', '--store', store]).status, 0);
  const file = join(dir, 'old.csv');
  writeFileSync(file, [
    'Số chứng nhận,Tên sản phẩm,Chủ thể,Mã tỉnh,Số sao,Ngày cấp,Cơ quan cấp,Số quyết định',
    ...numbers.map((n, i) => `"${n}",Cà phê ${i},HTX Cà phê,66,3,15/03/2025,UBND tỉnh Đắk Lắk,10${i}/QĐ-UBND`),
  ].join('\n'));
  const imported = ocop(['import-certificates', file, '--store', store]);
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  server = await startServer(store);
});
after(async () => {
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every printed number verifies through the URL in its QR code', async () => {
  for (const number of numbers) {
    const listed = await call(server.url, `/api/v1/certificates/${encodeURIComponent(number)}`);
    assert.equal(listed.status, 200, `${number}: ${listed.text}`);
    assert.equal(listed.json.number, number);
    const qr = new URL(listed.json.qr_url);
    const json = await call(server.url, qr.pathname + qr.search, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 200, `${number}: ${json.text}`);
    assert.equal(json.json.number, number);
    assert.equal(json.json.signature_valid, true, number);
    const page = await call(server.url, qr.pathname + qr.search);
    assert.equal(page.status, 200, number);
    assert.ok(page.text.includes(number.replaceAll('&', '&amp;')), number);
  }
  // "125" alone, or the number's parts as separate segments, are not certificates.
  assert.equal((await call(server.url, '/v/125', { headers: { accept: 'application/json' } })).status, 404);
  assert.equal((await call(server.url, '/v/125/GCN-UBND', { headers: { accept: 'application/json' } })).status, 404);
  // An encoded percent sign is a percent sign, never half of a slash.
  assert.equal((await call(server.url, '/v/125%252FGCN-UBND', { headers: { accept: 'application/json' } })).status, 404);
});
