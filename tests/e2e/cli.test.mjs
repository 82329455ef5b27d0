// The command line: help, configuration errors, graceful shutdown, and the
// same binary on PostgreSQL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { call, demoStore, login, ocop, startServer } from './server.mjs';

test('--help describes every command and setting', () => {
  const top = ocop(['--help']);
  assert.equal(top.status, 0);
  for (const word of ['serve', 'migrate', 'seed-demo', 'user', 'routes', '--store', 'OCOP_STORE', '--listen', '--base-url', '--config']) {
    assert.ok(top.stdout.includes(word), word);
  }
  const user = ocop(['user', '--help']);
  assert.match(user.stdout, /--password-stdin/);
  assert.equal(ocop(['frobnicate']).status, 2);
});

test('bad configuration stops the program with a message naming the setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-cfg-'));
  try {
    const cases = [
      [['serve', '--listen', 'localhost'], {}, /listen/],
      [['serve', '--listen', '127.0.0.1:70000'], {}, /port must be from 0 to 65535/],
      [['serve', '--threads', '1'], {}, /threads: must be from 2 to 64/],
      [['migrate'], { OCOP_STORE: 'mysql://x' }, /environment OCOP_STORE.*|store: must be sqlite/],
      [['serve', '--base-url', 'ftp://x'], {}, /base_url/],
    ];
    for (const [args, env, message] of cases) {
      const r = ocop(args, { env: { ...process.env, ...env } });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ store: `sqlite:${join(dir, 'x.db')}`, colour: 'red' }));
    const unknown = ocop(['migrate', '--config', file]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /config\.json: colour: unknown setting/);
    writeFileSync(file, JSON.stringify({ store: `sqlite:${join(dir, 'x.db')}` }));
    const fine = ocop(['migrate', '--config', file]);
    assert.equal(fine.status, 0, fine.stderr);
    // Flags win over the environment, which wins over the file.
    const flagged = ocop(['migrate', '--config', file, '--store', `sqlite:${join(dir, 'y.db')}`],
      { env: { ...process.env, OCOP_STORE: 'bogus' } });
    assert.equal(flagged.status, 0, flagged.stderr);
    const notMigrated = ocop(['seed-demo', '--store', `sqlite:${join(dir, 'z.db')}`]);
    assert.equal(notMigrated.status, 1);
    assert.match(notMigrated.stderr, /ocop migrate/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Sends a request in two halves over a raw socket; resolves with the answer.
function slowRequest(url, path, body, signalBetween) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no answer in 15 s')); }, 15_000);
    socket.on('data', (d) => { answer += d; });
    socket.on('error', reject);
    socket.on('close', () => { clearTimeout(timer); resolve(answer); });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    setTimeout(async () => {
      await signalBetween();
      socket.write(body.slice(10));
    }, 300);
  });
}

test('SIGTERM lets a request in flight finish, then the server exits cleanly', async () => {
  const { dir, store } = demoStore();
  const server = await startServer(store);
  try {
    let exited;
    const answer = await slowRequest(server.url, '/api/v1/session',
      JSON.stringify({ username: 'admin', password: 'ocop-demo-2026' }),
      async () => {
        exited = server.stop();  // SIGTERM while half the body is still to come
        await new Promise((r) => setTimeout(r, 300));
      });
    assert.match(answer, /^HTTP\/1\.1 200/);
    assert.match(answer, /"token":"/);
    assert.equal(await exited, 0);
    assert.match(server.stderr(), /stopped/);
    await assert.rejects(fetch(server.url + '/healthz', { signal: AbortSignal.timeout(2000) }));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same binary serves PostgreSQL', async () => {
  const url = process.env.OCOP_TEST_PG_URL;
  assert.ok(url, 'OCOP_TEST_PG_URL is not set: run through scripts/with-postgres.sh');
  execFileSync('psql', [url, '-q', '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public'], { stdio: 'ignore' });
  for (const cmd of ['migrate', 'seed-demo']) {
    const r = ocop([cmd, '--store', url]);
    assert.equal(r.status, 0, r.stderr);
  }
  const server = await startServer(url);
  try {
    assert.equal((await call(server.url, '/healthz')).status, 200);
    const admin = (await login(server.url, 'admin')).token;
    const product = await call(server.url, '/api/v1/products', {
      method: 'POST', token: admin, body: { name: 'Cà phê Robusta Buôn Ma Thuột', product_set: 13, producer_id: 1 },
    });
    assert.equal(product.status, 201, product.text);
    assert.match(product.json.code, /^52-23764-\d+-\d{4}$/);
    const list = await call(server.url, '/api/v1/products?q=ca%20phe');
    assert.ok(list.json.total >= 1);
  } finally {
    await server.stop();
  }
});
