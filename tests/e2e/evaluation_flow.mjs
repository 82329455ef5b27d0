// Steps of the evaluation procedure over HTTP, shared by the journey and the
// bad-input suites: accounts, sheets built from the rubric the API serves,
// multipart uploads, and moving a dossier up to the council.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { call, ocop, repoRoot } from './server.mjs';

export const RUBRIC = 'qd-26-2026';
export const memberPassword = 'hoi-dong-2026';
// Extra council members added to the demo store (hoidong chairs).
export const extraMembers = ['hd.an', 'hd.binh', 'hd.cuong'];

export const fixture = (name) => readFileSync(join(repoRoot, 'tests', 'fixtures', 'files', name));

// `ocop user add` for each council member, before the server starts.
export function addCouncilMembers(store, names = extraMembers) {
  for (const username of names) {
    const r = ocop(['user', 'add', '--username', username, '--role', 'council-member',
      '--password-stdin', '--store', store], { input: `${memberPassword}\n` });
    assert.equal(r.status, 0, `user add ${username}: ${r.stderr}`);
  }
}

// The criteria of a set, in printed order.
export function criteriaOf(set) {
  const out = [];
  for (const part of set.parts) for (const block of part.blocks) out.push(...block.criteria);
  return out;
}

export async function rubricSet(base, n) {
  const r = await call(base, `/api/v1/rubrics/${RUBRIC}/sets/${n}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

function answer(c, option) {
  return c.yes_no ? option.ordinal === 2 : option.ordinal;
}

// Every criterion at its best option.
export function fullMarks(set) {
  const choices = {};
  for (const c of criteriaOf(set)) {
    const best = c.options.reduce((a, b) => (b.points > a.points ? b : a));
    choices[c.id] = answer(c, best);
  }
  return choices;
}

// A complete sheet meeting every minimum tagged for `stars` or fewer, then
// raised option by option (in printed order) until its total reaches
// `target`; never raised past an option tagged for more stars.
export function sheetAround(set, target, stars = 4) {
  const crits = criteriaOf(set);
  const pick = {};
  for (const c of crits) {
    const needed = Math.max(0, ...c.options.filter((o) => o.min_stars && o.min_stars <= stars)
      .map((o) => o.points));
    pick[c.id] = c.options.filter((o) => o.points >= needed)
      .reduce((a, b) => (b.points < a.points ? b : a));
  }
  let total = crits.reduce((s, c) => s + pick[c.id].points, 0);
  for (let raised = true; raised && total < target;) {
    raised = false;
    for (const c of crits) {
      const next = c.options.find((o) => o.points > pick[c.id].points &&
        !(o.min_stars && o.min_stars > stars));
      if (!next || total + next.points - pick[c.id].points > target) continue;
      total += next.points - pick[c.id].points;
      pick[c.id] = next;
      raised = true;
    }
  }
  const choices = {};
  for (const c of crits) choices[c.id] = answer(c, pick[c.id]);
  return choices;
}

// The engine's own result for `sheets` ({member: choices}) under a council
// of `members` with the province's default rules, or `rules`.
export async function expectedScore(base, setNumber, sheets, members, rules = {}) {
  const r = await call(base, `/api/v1/rubrics/${RUBRIC}/sets/${setNumber}/score`, {
    method: 'POST',
    body: {
      sheets: Object.entries(sheets).map(([member, choices]) => ({ member, choices })),
      council: { members, quorum: 0.75, max_spread: 10, chair_present: true, chair_required: true, ...rules },
    },
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// POST multipart/form-data with a `file` and `criteria`.
export async function upload(base, token, dossier, name, bytes, criteria, mime = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: mime }), name);
  if (criteria !== undefined) form.append('criteria', criteria);
  return call(base, `/api/v1/dossiers/${dossier}/evidence`, { method: 'POST', token, raw: form });
}

export async function act(base, token, dossier, body) {
  return call(base, `/api/v1/dossiers/${dossier}/actions`, { method: 'POST', token, body });
}

// A product of the producer account's own, so that no demo dossier is in the way.
export async function newProduct(base, producerToken, name, productSet = 4) {
  const me = (await call(base, '/api/v1/session', { token: producerToken })).json.user;
  const r = await call(base, '/api/v1/products', {
    method: 'POST', token: producerToken,
    body: { name, product_set: productSet, producer_id: me.producer_id, description: 'Sản phẩm thử nghiệm' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export const form = {
  scale: 'Hợp tác xã 35 thành viên, 1.200 đàn ong',
  raw_materials: 'Mật hoa cà phê tại xã Ia Grai',
  markets: 'Gia Lai, TP. Hồ Chí Minh, Hà Nội',
  story: 'Nghề nuôi ong truyền thống của đồng bào Jrai',
  changes: '',
};

// Creates, fills and submits a dossier; returns it.
export async function fileDossier(base, producer, productId, choices) {
  const created = await call(base, '/api/v1/dossiers', {
    method: 'POST', token: producer, body: { product_id: productId, type: 'first' },
  });
  assert.equal(created.status, 201, created.text);
  const filled = await call(base, `/api/v1/dossiers/${created.json.token}`, {
    method: 'PUT', token: producer,
    body: { form, self_assessment: { choices }, version: created.json.version },
  });
  assert.equal(filled.status, 200, filled.text);
  const submitted = await act(base, producer, created.json.token, { action: 'submit' });
  assert.equal(submitted.status, 200, submitted.text);
  return submitted.json;
}

export const communeReport = {
  local_materials: true, local_labour: true, local_idea: true, local_identity: true, recommend: true,
};

// submitted → commune_reported → received → advisory_review.
export async function toReview(base, commune, province, dossier) {
  for (const [token, body] of [
    [commune, { action: 'commune_report', note: 'Đề nghị tỉnh đánh giá', report: communeReport }],
    [province, { action: 'receive' }],
    [province, { action: 'start_review' }],
  ]) {
    const r = await act(base, token, dossier, body);
    assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  }
}

export async function openRound(base, token, name, members, extra = {}) {
  const r = await call(base, '/api/v1/rounds', {
    method: 'POST', token,
    body: { name, members: Object.entries(members).map(([username, role]) => ({ username, role })), ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function score(base, token, dossier, choices, sign = true) {
  return call(base, `/api/v1/dossiers/${dossier}/sheets/mine`, {
    method: 'PUT', token, body: { choices, sign },
  });
}

// The URL's path and query, to ask this server what a QR code asks the public one.
export function localPath(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

export async function verify(base, qrUrl) {
  const r = await call(base, localPath(qrUrl), { headers: { accept: 'application/json' } });
  return r;
}
