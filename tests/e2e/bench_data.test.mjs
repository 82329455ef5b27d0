// `ocop bench-data` at a tiny scale: the synthetic supply chain has the
// promised shape (counts, fan-in 2–5, fan-out 1–20), passes the capture rules,
// is the same for the same seed, and the trace graph the capture derived from
// it reaches exactly what the generator planned (GET /api/v1/trace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ocop, startServer, call, login } from './server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ocop-bench-data-'));
const stores = {};

// A migrated store filled by `ocop bench-data FLAGS…`; returns {store, manifest, stdout}.
function generate(name, flags) {
  const store = `sqlite:${join(dir, `${name}.db`)}`;
  const manifestPath = join(dir, `${name}.json`);
  let r = ocop(['migrate', '--store', store]);
  assert.equal(r.status, 0, r.stderr);
  r = ocop(['bench-data', '--store', store, '--manifest', manifestPath, ...flags],
    { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  stores[name] = { store, manifest, stdout: r.stdout };
  return stores[name];
}

before(() => {
  // --check runs the capture rules (cycles, shipments before harvest,
  // quantities through transformations) on every generated event.
  generate('a', ['--scale', '0.001', '--seed', '7', '--batch', '700', '--check']);
  generate('b', ['--scale', '0.001', '--seed', '7']);
  generate('c', ['--scale', '0.001', '--seed', '8']);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('counts scale from the national figures: ten events a lot, every product and lot written', () => {
  const { manifest, stdout } = stores.a;
  const c = manifest.counts;
  assert.equal(c.lots, 1000);
  assert.equal(c.events, 10000);
  assert.equal(c.products, 20);
  assert.ok(c.producers >= 4 && c.producers <= c.products, `producers ${c.producers}`);
  assert.ok(c.transformations > 0 && c.pallets > 0 && c.shipments > 0, JSON.stringify(c));
  assert.ok(c.structural_events > 0 && c.structural_events <= c.events);
  assert.match(stdout, /20 products, \d+ sites, 1000 lots, 10000 events written/);
});

test('transformations blend 2 to 5 lots and split into 1 to 20', () => {
  const { manifest } = stores.a;
  assert.ok(manifest.fan_in.min >= 2 && manifest.fan_in.max <= 5, JSON.stringify(manifest.fan_in));
  assert.ok(manifest.fan_out.min >= 1 && manifest.fan_out.max <= 20, JSON.stringify(manifest.fan_out));
  // Real fan-out: some transformation makes more than three lots.
  assert.ok(manifest.fan_out.max > 3, JSON.stringify(manifest.fan_out));
  assert.ok(manifest.counts.transformation_inputs >= 2 * manifest.counts.transformations);
});

test('the same seed gives the same data; another seed other data', () => {
  const strip = (m) => ({ ...m, seconds: undefined });
  assert.deepEqual(strip(stores.b.manifest), strip(stores.a.manifest));
  assert.notDeepEqual(stores.c.manifest.sample_lots.map((l) => l.id),
    stores.a.manifest.sample_lots.map((l) => l.id));
});

test('the trace graph derived at capture reaches what the generator planned', async () => {
  const { store, manifest } = stores.a;
  const password = 'bench-data-e2e-password';
  const add = ocop(['user', 'add', '--username', 'e2e.admin', '--role', 'national-admin',
    '--password-stdin', '--store', store], { input: `${password}\n` });
  assert.equal(add.status, 0, add.stderr);
  const server = await startServer(store);
  try {
    const { token } = await login(server.url, 'e2e.admin', password);
    // The deepest forward traces first, then others: transformation chains,
    // pallets and destinations all exercised.
    const lots = [...manifest.sample_lots]
      .sort((x, y) => y.forward.objects - x.forward.objects).slice(0, 10)
      .concat(manifest.sample_lots.slice(0, 20));
    assert.ok(lots[0].forward.objects > 3, 'some lot has a downstream');
    for (const lot of lots) {
      for (const [direction, want] of [['forward', lot.forward], ['backward', lot.backward]]) {
        const r = await call(server.url,
          `/api/v1/trace?id=${encodeURIComponent(lot.id)}&direction=${direction}`, { token });
        assert.equal(r.status, 200, r.text);
        const objects = r.json.nodes.filter((n) => n.kind === 'object').length;
        const locations = r.json.nodes.filter((n) => n.kind === 'location').length;
        assert.deepEqual({ objects, locations }, { objects: want.objects, locations: want.locations },
          `${direction} trace of ${lot.id}`);
      }
    }
  } finally {
    await server.stop();
  }
});

test('bad flags are refused before anything is written', () => {
  for (const flags of [['--scale', '0'], ['--scale', 'x'], ['--batch', '20000'], ['--color', 'red']]) {
    const r = ocop(['bench-data', '--store', stores.c.store, ...flags]);
    assert.equal(r.status, 1, flags.join(' '));
    assert.match(r.stderr, /bench-data/);
  }
});
