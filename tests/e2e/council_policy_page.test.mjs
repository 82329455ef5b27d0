// A provincial office sets its council's rules (quorum, chair, spread) on the
// rounds page; bad numbers are named beside their fields and change nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
let officer;
before(async () => {
  server = await demoServer();
  officer = (await login(server.url, 'tinh.52')).token;
});
after(async () => server && server.close());

const form = (fields) => ({
  method: 'POST', token: officer, raw: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'vi' },
});
const stored = async () => (await call(server.url, '/api/v1/provinces/52/council-policy', { token: officer })).json;

test('the rounds page shows the province\'s rules and saves new ones', async () => {
  const page = await call(server.url, '/rounds', { token: officer });
  assert.equal(page.status, 200);
  assert.match(page.text, /id="quorum_percent" name="quorum_percent" value="75"/);
  const saved = await call(server.url, '/rounds/council-policy',
    form({ quorum_percent: '80', max_spread: '7,5', chair_required: '1' }));
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get('location'), '/rounds?saved=policy');
  const rules = await stored();
  assert.equal(rules.quorum_percent, 80);
  assert.equal(rules.max_spread, 7.5);
  assert.equal(rules.chair_required, true);
  const again = await call(server.url, '/rounds?saved=policy', { token: officer });
  assert.match(again.text, /id="policy-saved"/);
  assert.match(again.text, /value="7.5"/);  // in English; "7,5" in Vietnamese
});

test('bad numbers are named beside their fields and nothing changes', async () => {
  const before = await stored();
  for (const [fields, bad] of [
    [{ quorum_percent: '40', max_spread: '10' }, 'quorum_percent'],
    [{ quorum_percent: 'abc', max_spread: '10' }, 'quorum_percent'],
    [{ quorum_percent: '75', max_spread: '-1' }, 'max_spread'],
    [{ quorum_percent: '75', max_spread: '101' }, 'max_spread'],
  ]) {
    const r = await call(server.url, '/rounds/council-policy', form(fields));
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(r.text, new RegExp(`id="${bad}-error"`), JSON.stringify(fields));
    assert.deepEqual(await stored(), before);
  }
});
