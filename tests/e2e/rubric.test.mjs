// The rubric API and `ocop score` / `ocop rubric` on the real data files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, ocop } from './server.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => server && server.close());

// The best option of every criterion of a set, as ordinals.
function bestChoices(set) {
  const choices = {};
  for (const part of set.parts) {
    for (const block of part.blocks) {
      for (const c of block.criteria) {
        const best = c.options.reduce((a, o) => (o.points > a.points ? o : a));
        choices[c.id] = best.ordinal;
      }
    }
  }
  return choices;
}

test('the 26 product sets of Decision 26/2026 are served', async () => {
  const list = await call(server.url, '/api/v1/rubrics');
  assert.equal(list.status, 200);
  const qd26 = list.json.items.find((v) => v.id === 'qd-26-2026');
  assert.equal(qd26.sets.length, 26);
  const tourism = await call(server.url, '/api/v1/rubrics/qd-26-2026/sets/26');
  assert.equal(tourism.status, 200);
  assert.deepEqual(tourism.json.parts.map((p) => [p.id, p.max]), [['A', 40], ['B', 25], ['C', 35]]);
  assert.equal((await call(server.url, '/api/v1/rubrics/qd-26-2026/sets/27')).status, 404);
  assert.equal((await call(server.url, '/api/v1/rubrics/qd-1990/sets/1')).status, 404);
});

test('scoring over HTTP: full marks, then every problem of a bad request', async () => {
  const set = (await call(server.url, '/api/v1/rubrics/qd-26-2026/sets/4')).json;
  const body = {
    sheets: ['Chủ tịch', 'Thành viên 2', 'Thành viên 3'].map((member) => ({ member, choices: bestChoices(set) })),
    council: { members: 3, chair_present: true, max_spread: 10 },
  };
  const r = await call(server.url, '/api/v1/rubrics/qd-26-2026/sets/4/score', { method: 'POST', body });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.mean, 100);
  assert.equal(r.json.stars, 5);
  assert.equal(r.json.certifiable, true);
  assert.equal(r.json.rejected_reason, null);
  assert.deepEqual(r.json.members[0].parts, { A: 40, B: 25, C: 35 });
  const bad = await call(server.url, '/api/v1/rubrics/qd-26-2026/sets/4/score', {
    method: 'POST',
    body: { sheets: [{ member: 'a', choices: { '1.1': 'three' } }], council: { members: 'five' }, extra: 1 },
  });
  assert.equal(bad.status, 400);
  const fields = bad.json.error.fields.map((f) => f.field).sort();
  assert.deepEqual(fields, ['council.members', 'extra', 'sheets[0].choices.1.1']);
});

test('ocop score reads a file or stdin, exits 2 with the problems on bad input', () => {
  const set = JSON.parse(ocop(['rubric', 'show', '--rubric', 'qd-26-2026', '--set', '1', '--json']).stdout);
  const choices = bestChoices(set);
  choices['3.4'] = 1;  // below its 4★ minimum: capped at 3★
  const input = JSON.stringify({ sheets: [{ member: 'a', choices }], council: { members: 1 } });
  const ok = ocop(['score', '--rubric', 'qd-26-2026', '--set', '1', '-'], { input });
  assert.equal(ok.status, 0, ok.stderr);
  const result = JSON.parse(ok.stdout);
  assert.equal(result.mean, 99);
  assert.equal(result.band_stars, 5);
  assert.equal(result.stars, 3);
  assert.deepEqual(result.caps.find((c) => c.level === 4).unmet, ['3.4']);
  const bad = ocop(['score', '--set', '1', '-'], { input: '{"sheets":[{"member":"a","choices":{"9.9":1}}],"council":{"members":1}}' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /9\.9/);
  assert.match(bad.stderr, /1\.1/);  // and every criterion left blank
  const list = ocop(['rubric', 'list']);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /26 {2}Dịch vụ du lịch cộng đồng/);
});
