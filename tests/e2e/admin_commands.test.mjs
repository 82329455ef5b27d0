// The administrative commands on a real store: the audit chain checked and
// then broken on purpose, the import of certificates from before the
// platform, and the daily renewal pass run twice.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { demoStore, ocop, repoRoot } from './server.mjs';

function sql(dbFile, statement) {
  return execFileSync('sqlite3', [dbFile, statement], { encoding: 'utf8' }).trim();
}

test('the audit chain of the demo verifies, and a changed or deleted entry is named', () => {
  const { dir, store } = demoStore();
  const db = join(dir, 'ocop.db');
  try {
    const intact = ocop(['audit', 'verify', '--store', store]);
    assert.equal(intact.status, 0, intact.stderr);
    const count = Number(sql(db, 'SELECT count(*) FROM audit_log'));
    assert.ok(count > 20, `the demo writes audit entries (${count})`);
    assert.match(intact.stdout, new RegExp(`intact: ${count} entries, head [0-9a-f]{64}`));

    // The platform's own statements cannot change an entry.
    assert.throws(() => sql(db, "UPDATE audit_log SET detail = 'x' WHERE seq = 3"), /append-only/);
    assert.throws(() => sql(db, 'DELETE FROM audit_log WHERE seq = 3'), /append-only/);

    // Someone with the file drops the guards and edits entry 7 (a score, a decision…).
    sql(db, 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    const before = sql(db, 'SELECT detail FROM audit_log WHERE seq = 7');
    sql(db, `UPDATE audit_log SET detail = '${before.replaceAll("'", "''")} (sửa)' WHERE seq = 7`);
    const changed = ocop(['audit', 'verify', '--store', store]);
    assert.equal(changed.status, 1);
    assert.match(changed.stdout, /BROKEN at entry 7 .*6 entries before it/);

    // Put it back: intact again. Then delete entry 12: the break is at 12.
    sql(db, `UPDATE audit_log SET detail = '${before.replaceAll("'", "''")}' WHERE seq = 7`);
    assert.equal(ocop(['audit', 'verify', '--store', store]).status, 0);
    sql(db, 'DELETE FROM audit_log WHERE seq = 12');
    const deleted = ocop(['audit', 'verify', '--store', store]);
    assert.equal(deleted.status, 1);
    assert.match(deleted.stdout, /BROKEN at entry 12 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an import with bad rows names each and imports nothing unless asked for the valid rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-import-'));
  const store = `sqlite:${join(dir, 'ocop.db')}`;
  const db = join(dir, 'ocop.db');
  try {
    assert.equal(ocop(['migrate', '--store', store]).status, 0);
    const file = join(dir, 'old.csv');
    writeFileSync(file, [
      'Số chứng nhận,Tên sản phẩm,Chủ thể,Mã tỉnh,Số sao,Ngày cấp,Cơ quan cấp,Số quyết định',
      'DL-2024-001,Cà phê Buôn Ma Thuột,HTX Cà phê Ea Tu,66,4,15/03/2024,UBND tỉnh Đắk Lắk,101/QĐ-UBND',
      'DL-2024-002,Tiêu Chư Sê,HTX Tiêu,66,6,15/03/2024,UBND tỉnh Đắk Lắk,102/QĐ-UBND',
      'DL-2024-003,Mắc ca,HTX Mắc ca,99,3,31/02/2024,UBND tỉnh Đắk Lắk,103/QĐ-UBND',
      'DL-2024-001,Cà phê lặp,HTX Lặp,66,3,15/03/2024,UBND tỉnh Đắk Lắk,104/QĐ-UBND',
      '',
    ].join('\n'));
    const refused = ocop(['import-certificates', file, '--store', store, '--lang', 'en']);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout, /4 rows examined, 1 valid/);
    assert.match(refused.stdout, /row 3, stars: Stars must be 3, 4 or 5/);
    assert.match(refused.stdout, /row 4, province: Not a province code/);
    assert.match(refused.stdout, /row 4, issued: Dates must be/);
    assert.match(refused.stdout, /row 5, number: The certificate number appears twice/);
    assert.match(refused.stdout, /nothing imported/);
    assert.equal(sql(db, 'SELECT count(*) FROM certificates'), '0');
    assert.equal(sql(db, 'SELECT count(*) FROM audit_log'), '0');

    const partial = ocop(['import-certificates', file, '--store', store, '--only-valid-rows']);
    assert.equal(partial.status, 0, partial.stdout + partial.stderr);
    assert.match(partial.stdout, /imported 1 certificates/);
    assert.equal(sql(db, "SELECT number FROM certificates"), 'DL-2024-001');
    // The same file again: the number is already in the register.
    const again = ocop(['import-certificates', file, '--store', store, '--lang', 'en']);
    assert.equal(again.status, 1);
    assert.match(again.stdout, /already in the register/);

    const xlsx = ocop(['import-certificates', join(repoRoot, 'tests/fixtures/import/legacy-certificates.xlsx'),
      '--store', store, '--only-valid-rows']);
    assert.equal(xlsx.status, 0, xlsx.stdout + xlsx.stderr);
    assert.match(xlsx.stdout, /imported [1-9]\d* certificates/);
    assert.equal(ocop(['audit', 'verify', '--store', store]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the renewal pass notifies once a day, whoever runs it', () => {
  const { dir, store } = demoStore();
  const db = join(dir, 'ocop.db');
  try {
    const first = ocop(['renewals', 'run', '--store', store]);
    assert.equal(first.status, 0, first.stderr);
    const m = first.stdout.match(/renewal pass done: (\d+) notifications/);
    assert.ok(m && Number(m[1]) > 0, first.stdout);
    const rows = Number(sql(db, 'SELECT count(*) FROM notifications'));
    assert.equal(rows, Number(m[1]));
    const second = ocop(['renewals', 'run', '--store', store]);
    assert.match(second.stdout, /skipped/);
    assert.equal(Number(sql(db, 'SELECT count(*) FROM notifications')), rows);
    // The demo's certificate whose re-evaluation window opened 30 days ago
    // (imported, so no producer account: its province's inbox). The one that
    // expired 20 days ago was filed for re-evaluation in time: it is in grace,
    // the mark still allowed, so no "stop printing the mark" notice.
    assert.equal(sql(db, "SELECT count(*) FROM notifications WHERE certificate_number = 'GL-2024-0047' AND kind = 'window_opens' AND producer_id IS NULL"), '1');
    assert.equal(sql(db, "SELECT count(*) FROM notifications WHERE certificate_number = 'GL-2023-0231' AND kind = 'expires'"), '0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
