// Starts the real `ocop` binary on a fresh store and a free port, for the
// end-to-end suites. Every wait is bounded so a broken server fails a test
// instead of hanging it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const ocopBin = process.env.OCOP_BIN || join(repoRoot, 'build', 'ocop');
export const demoPassword = 'ocop-demo-2026';
export const demoAccounts = {
  'national-admin': 'admin',
  'provincial-officer': 'tinh.52',
  'commune-officer': 'xa.23764',
  'council-member': 'hoidong',
  'advisory-member': 'tuvan',
  producer: 'chuthe',
  inspector: 'thanhtra',
  laboratory: 'phongthinghiem',
};

// Runs `ocop ARGS…` to completion; returns {status, stdout, stderr}.
export function ocop(args, options = {}) {
  const r = spawnSync(ocopBin, args, { encoding: 'utf8', timeout: 60_000, ...options });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A migrated store with the demo data; returns {dir, store}.
export function demoStore() {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-e2e-'));
  const store = `sqlite:${join(dir, 'ocop.db')}`;
  for (const cmd of [['migrate'], ['seed-demo']]) {
    const r = ocop([...cmd, '--store', store]);
    if (r.status !== 0) throw new Error(`ocop ${cmd} failed: ${r.stderr}`);
  }
  return { dir, store };
}

// Spawns `ocop serve` and resolves once it prints its address.
export function startServer(store, extraArgs = [], env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(ocopBin, ['serve', '--store', store, '--listen', '127.0.0.1:0',
      '--access-log', 'off', ...extraArgs], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 10 s: ${err}`));
    }, 10_000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1], child, stderr: () => err,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', (code) => { clearTimeout(kill); done(code); });
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

export async function demoServer() {
  const { dir, store } = demoStore();
  const server = await startServer(store);
  return {
    ...server, dir, store,
    close: async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// fetch with a timeout and English messages unless told otherwise.
export async function call(base, path, { method = 'GET', token, body, headers = {}, raw } = {}) {
  const h = { 'accept-language': 'en', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = raw;
  if (body !== undefined) {
    h['content-type'] = h['content-type'] || 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(base + path, {
    method, headers: h, body: payload, redirect: 'manual', signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export async function login(base, username, password = demoPassword) {
  const r = await call(base, '/api/v1/session', { method: 'POST', body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return r.json;
}
