// The whole journey of issue 4 over HTTP: a producer files a dossier, the
// commune reports, the province reviews (sending it back once), opens a round
// and assigns it; one member declares a conflict, three score and sign; the
// chair closes; the office decides; the certificate verifies as valid, then
// (the clock moved) in its renewal window, expired, and finally revoked. A
// second dossier with a mean ≥ 90 goes to the ministry and is recognised 5★.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';

import {
  act, addCouncilMembers, communeReport, criteriaOf, expectedScore, extraMembers, fileDossier,
  fixture, form, fullMarks, memberPassword, newProduct, openRound, rubricSet, score, sheetAround,
  toReview, upload, verify,
} from './evaluation_flow.mjs';
import { call, demoStore, login, startServer } from './server.mjs';

// The server's today for the procedure (a Wednesday, the rubric in force).
const TODAY = '2026-07-01';
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

let store;
let dir;
let server;
const tokens = {};

async function start(today) {
  if (server) await server.stop();
  server = await startServer(store, ['--today', today]);
  for (const u of ['chuthe', 'xa.23764', 'tinh.52', 'hoidong', 'tuvan', 'admin', 'thanhtra']) {
    tokens[u] = (await login(server.url, u)).token;
  }
  for (const u of extraMembers) tokens[u] = (await login(server.url, u, memberPassword)).token;
  return server.url;
}

before(async () => {
  ({ store, dir } = demoStore());
  addCouncilMembers(store);
  await start(TODAY);
});
after(async () => {
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (token, dossier) => call(server.url, `/api/v1/dossiers/${dossier}`, { token });

// Shared between the steps below (node runs a file's tests in order).
const state = {};

test('the producer files a first-evaluation dossier with a self-assessment and evidence', async () => {
  const base = server.url;
  const product = await newProduct(base, tokens.chuthe, 'Mật ong hoa cà phê thử nghiệm');
  state.product = product;
  state.set = await rubricSet(base, product.product_set);

  const created = await call(base, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: product.id, type: 'first' },
  });
  assert.equal(created.status, 201, created.text);
  const d = created.json;
  assert.equal(created.headers.get('location'), `/api/v1/dossiers/${d.token}`);
  assert.equal(d.state, 'draft');
  assert.equal(d.type, 'first');
  assert.equal(d.product_id, product.id);
  assert.equal(d.province, '52');
  assert.equal(d.rubric_version, 'qd-26-2026');
  assert.equal(d.product_set, product.product_set);
  assert.equal(d.awaits_producer, true);
  assert.deepEqual(d.next_actions.slice(0, 3), ['edit', 'attach_evidence', 'submit']);
  assert.equal(d.self_total, null);
  state.token = d.token;

  // Half a sheet is saved (no total yet); the whole sheet gives the live total.
  const crits = criteriaOf(state.set);
  const self = sheetAround(state.set, 75);
  const half = Object.fromEntries(Object.entries(self).slice(0, 5));
  let r = await call(base, `/api/v1/dossiers/${d.token}`, {
    method: 'PUT', token: tokens.chuthe, body: { form, self_assessment: { choices: half }, version: d.version },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.self_total, null);
  assert.equal(r.json.version, d.version + 1);
  r = await call(base, `/api/v1/dossiers/${d.token}`, {
    method: 'PUT', token: tokens.chuthe, body: { self_assessment: { choices: self }, version: r.json.version },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.form, form, 'a form left out stays');
  assert.equal(Object.keys(r.json.self_assessment.choices).length, crits.length);
  const own = await expectedScore(base, product.product_set, { chuthe: self }, 1);
  assert.equal(r.json.self_total, own.members[0].total);

  // A real PDF is accepted; HTML renamed .pdf is refused from its content.
  const pdf = fixture('tiny.pdf');
  const up = await upload(base, tokens.chuthe, d.token, 'giay-chung-nhan-attp.pdf', pdf, '1.1, 2.1');
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.mime, 'application/pdf');
  assert.equal(up.json.size, pdf.length);
  assert.deepEqual(up.json.criteria, ['1.1', '2.1']);
  assert.match(up.json.sha256, /^[0-9a-f]{64}$/);
  state.sha = up.json.sha256;
  const fake = await upload(base, tokens.chuthe, d.token, 'page-renamed.pdf', fixture('page-renamed.pdf'), '1.1');
  assert.equal(fake.status, 400);
  assert.equal(fake.json.error.fields[0].field, 'file');
  assert.match(fake.json.error.message, /PDF, JPEG or PNG/);
  const unknownCriterion = await upload(base, tokens.chuthe, d.token, 'a.pdf', pdf, '99.9');
  assert.equal(unknownCriterion.status, 400);
  assert.match(unknownCriterion.json.error.fields[0].message, /99\.9/);

  // Only readers of the dossier get the bytes, as an attachment never sniffed.
  const file = await call(base, `/api/v1/dossiers/${d.token}/evidence/${state.sha}`, { token: tokens.chuthe });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="giay-chung-nhan-attp\.pdf"/);
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
  const bytes = Buffer.from(await (await fetch(`${base}/api/v1/dossiers/${d.token}/evidence/${state.sha}`, {
    headers: { authorization: `Bearer ${tokens.chuthe}` },
  })).arrayBuffer());
  assert.ok(bytes.equals(pdf), 'the bytes come back unchanged');
  assert.equal((await call(base, `/api/v1/dossiers/${d.token}/evidence/${state.sha}`, { token: tokens.thanhtra })).status, 403);
  // A draft is the producer's own: the commune does not see it yet.
  assert.equal((await get(tokens['xa.23764'], d.token)).status, 404);
  assert.equal((await call(base, `/api/v1/dossiers/${d.token}/evidence/${state.sha}`, { token: tokens['xa.23764'] })).status, 404);

  const submitted = await act(base, tokens.chuthe, d.token, { action: 'submit' });
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.json.state, 'submitted');
  assert.equal(submitted.json.submitted_on, TODAY);
  // 15 working days after Wednesday 1 July 2026 (no holiday in between).
  assert.equal(submitted.json.commune_deadline, '2026-07-22');
  assert.equal(submitted.json.awaits_producer, false);
  assert.deepEqual(submitted.json.next_actions, []);
  assert.equal(submitted.json.evidence.length, 1);
});

test('the commune writes Mẫu 03 and the province sends the dossier back once for additions', async () => {
  const base = server.url;
  const t = state.token;
  const seen = await get(tokens['xa.23764'], t);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.json.next_actions, ['commune_report']);
  const reported = await act(base, tokens['xa.23764'], t, {
    action: 'commune_report', report: { ...communeReport, notes: 'Nguyên liệu 100% tại xã' },
  });
  assert.equal(reported.status, 200, reported.text);
  assert.equal(reported.json.state, 'commune_reported');
  assert.deepEqual(reported.json.commune_report, {
    ...communeReport, notes: 'Nguyên liệu 100% tại xã', reported_on: TODAY, late: false,
  });

  for (const action of ['receive', 'start_review']) {
    const r = await act(base, tokens['tinh.52'], t, { action });
    assert.equal(r.status, 200, r.text);
  }
  const reason = 'Bổ sung giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm';
  const back = await act(base, tokens['tinh.52'], t, { action: 'request_additions', note: reason });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'additions_requested');

  // The producer sees what is asked of it.
  const mine = await get(tokens.chuthe, t);
  assert.equal(mine.json.awaits_producer, true);
  assert.equal(mine.json.asked, reason);
  assert.ok(mine.json.next_actions.includes('resubmit'));
  const png = await upload(base, tokens.chuthe, t, 'attp.png', fixture('tiny.png'), '2.1', 'image/png');
  assert.equal(png.status, 201, png.text);
  assert.equal(png.json.mime, 'image/png');
  const again = await act(base, tokens.chuthe, t, { action: 'resubmit', note: 'Đã bổ sung' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.state, 'received');
  assert.equal(again.json.asked, null);
  const review = await act(base, tokens['tinh.52'], t, { action: 'start_review' });
  assert.equal(review.json.state, 'advisory_review');
  assert.deepEqual(review.json.history.map((h) => h.action), [
    'create', 'submit', 'commune_report', 'receive', 'start_review', 'request_additions',
    'resubmit', 'start_review',
  ]);
  const additions = review.json.history[5];
  assert.equal(additions.actor, 'tinh.52');
  assert.equal(additions.from, 'advisory_review');
  assert.equal(additions.to, 'additions_requested');
  assert.equal(additions.note, reason);
  assert.match(additions.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('the province opens a round with a council and an advisory member and assigns the dossier', async () => {
  const base = server.url;
  const policy = await call(base, '/api/v1/provinces/52/council-policy', { token: tokens['tinh.52'] });
  assert.equal(policy.status, 200);
  assert.deepEqual(policy.json, { quorum_percent: 75, chair_required: true, max_spread: 10 });

  const round = await openRound(base, tokens['tinh.52'], 'Đợt 2 năm 2026', {
    hoidong: 'chair', 'hd.an': 'member', 'hd.binh': 'member', 'hd.cuong': 'member', tuvan: 'advisory',
  });
  state.round = round;
  assert.equal(round.level, 'province');
  assert.equal(round.province, '52');
  assert.equal(round.open, true);
  // Forwarded after 30 April: the decree's second provincial round.
  assert.deepEqual(round.calendar, { intake_closes: '2026-10-30', finishes_by: '2026-12-30' });
  assert.deepEqual(round.policy, policy.json);
  assert.deepEqual(round.members.map((m) => `${m.username}:${m.role}`),
    ['hoidong:chair', 'hd.an:member', 'hd.binh:member', 'hd.cuong:member', 'tuvan:advisory']);
  const listed = await call(base, '/api/v1/rounds', { token: tokens['hd.an'] });
  assert.deepEqual(listed.json.items.map((r) => r.id), [round.id]);

  // The advisory team of the province's open round reviews the dossier.
  const review = await call(base, '/api/v1/dossiers?state=advisory_review', { token: tokens.tuvan });
  assert.equal(review.status, 200, review.text);
  assert.ok(review.json.items.some((d) => d.token === state.token));
  const advisory = await get(tokens.tuvan, state.token);
  assert.deepEqual(advisory.json.next_actions, ['request_additions', 'site_visit', 'request_lab_test']);
  for (const [action, note] of [['site_visit', 'Khảo sát trại ong ngày 02/07/2026'], ['request_lab_test', 'Kiểm nghiệm độ ẩm và HMF']]) {
    const r = await act(base, tokens.tuvan, state.token, { action, note });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'advisory_review');
    assert.deepEqual(r.json.history.at(-1), { ...r.json.history.at(-1), actor: 'tuvan', action, note, from: 'advisory_review', to: 'advisory_review' });
  }
  const assigned = await call(base, `/api/v1/rounds/${round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: state.token },
  });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.state, 'in_round');
  assert.equal(assigned.json.round_id, round.id);
  // Members now read the dossier; the chair is offered the close.
  const chair = await get(tokens.hoidong, state.token);
  assert.equal(chair.status, 200);
  assert.deepEqual(chair.json.next_actions, ['score', 'declare_conflict', 'close_session']);
  const inRound = await call(base, `/api/v1/dossiers?round=${round.id}`, { token: tokens['hd.an'] });
  assert.deepEqual(inRound.json.items.map((d) => d.token), [state.token]);
});

test('one member declares a conflict; three score, unseen by each other until all have signed', async () => {
  const base = server.url;
  const t = state.token;
  const conflict = await call(base, `/api/v1/dossiers/${t}/conflicts`, {
    method: 'POST', token: tokens['hd.cuong'], body: { reason: 'Là thành viên hợp tác xã' },
  });
  assert.equal(conflict.status, 201, conflict.text);
  assert.deepEqual(conflict.json.conflicts.map((c) => c.member), ['hd.cuong']);
  assert.deepEqual(conflict.json.scoring_members, ['hoidong', 'hd.an', 'hd.binh']);
  const refused = await score(base, tokens['hd.cuong'], t, sheetAround(state.set, 75));
  assert.equal(refused.status, 409);
  assert.match(refused.json.error.message, /conflict of interest/);
  // The advisory team does not score.
  assert.equal((await score(base, tokens.tuvan, t, sheetAround(state.set, 75))).status, 403);

  const sheets = {
    hoidong: sheetAround(state.set, 76),
    'hd.an': sheetAround(state.set, 74),
    'hd.binh': sheetAround(state.set, 75),
  };
  state.expected = await expectedScore(base, state.product.product_set, sheets, 3);
  assert.ok([3, 4].includes(state.expected.stars), `sheets built for 4★ give ${state.expected.stars}★`);

  // A draft first (no signature), then signed.
  const draft = await score(base, tokens['hd.an'], t, sheets['hd.an'], false);
  assert.equal(draft.status, 200, draft.text);
  assert.equal(draft.json.signed, false);
  for (const member of ['hd.an', 'hoidong']) {
    const signed = await score(base, tokens[member], t, sheets[member]);
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.json.signed, true);
    assert.equal(signed.json.member, member);
    assert.equal(signed.json.total, state.expected.members.find((m) => m.member === member).total);
  }
  const early = await call(base, `/api/v1/dossiers/${t}/sheets`, { token: tokens['hd.an'] });
  assert.equal(early.status, 200);
  assert.equal(early.json.all_signed, false);
  assert.equal(early.json.own.member, 'hd.an');
  assert.deepEqual(early.json.others, []);
  assert.deepEqual(early.json.signed_members.sort(), ['hd.an', 'hoidong']);
  const officer = await call(base, `/api/v1/dossiers/${t}/sheets`, { token: tokens['tinh.52'] });
  assert.deepEqual(officer.json.others, []);

  const twice = await score(base, tokens['hd.an'], t, sheets['hd.an']);
  assert.equal(twice.status, 409);
  assert.match(twice.json.error.message, /already signed/);

  const last = await score(base, tokens['hd.binh'], t, sheets['hd.binh']);
  assert.equal(last.status, 200, last.text);
  const all = await call(base, `/api/v1/dossiers/${t}/sheets`, { token: tokens['hd.an'] });
  assert.equal(all.json.all_signed, true);
  assert.deepEqual(all.json.others.map((s) => s.member).sort(), ['hd.binh', 'hoidong']);
  assert.deepEqual(all.json.others.find((s) => s.member === 'hoidong').choices, sheets.hoidong);
});

test('the chair closes the session and the office decides: a certificate', async () => {
  const base = server.url;
  const t = state.token;
  const notChair = await call(base, `/api/v1/dossiers/${t}/session/close`, { method: 'POST', token: tokens['hd.an'] });
  assert.equal(notChair.status, 403);
  const closed = await call(base, `/api/v1/dossiers/${t}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'scored');
  assert.equal(closed.json.mean, state.expected.mean);
  assert.equal(closed.json.stars, state.expected.stars);

  const decided = await call(base, `/api/v1/dossiers/${t}/decision`, {
    method: 'POST', token: tokens['tinh.52'],
    body: { number: '1234/QĐ-UBND', date: TODAY, signer: 'Nguyễn Văn Tỉnh' },
  });
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.json.dossier.state, 'recognised');
  assert.deepEqual(decided.json.dossier.decision, { number: '1234/QĐ-UBND', date: TODAY, signer: 'Nguyễn Văn Tỉnh' });
  const cert = decided.json.certificate;
  assert.ok(cert, 'a certificate is issued');
  assert.equal(cert.stars, state.expected.stars);
  assert.equal(cert.issued, TODAY);
  assert.equal(cert.expires, '2029-07-01');
  assert.equal(cert.product_code, state.product.code);
  assert.match(cert.qr_url, new RegExp(`/v/${cert.number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?sig=[A-Za-z0-9_-]+$`));
  state.cert = cert;
});

test('verification: valid, then in the renewal window, expired, and revoked', async () => {
  const cert = state.cert;
  let v = await verify(server.url, cert.qr_url);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.number, cert.number);
  assert.equal(v.json.status, 'valid');
  assert.equal(v.json.mark_allowed, true);
  assert.equal(v.json.signature_valid, true);
  assert.equal(v.json.stars, cert.stars);
  assert.equal(v.json.qr_url, cert.qr_url);
  const forged = await verify(server.url, cert.qr_url.replace(/sig=./, (s) => (s.endsWith('A') ? 'sig=B' : 'sig=A')));
  assert.equal(forged.json.signature_valid, false);

  // Inside the re-evaluation window (180 to 120 days before expiry).
  await start(addDays(cert.expires, -150));
  v = await verify(server.url, cert.qr_url);
  assert.equal(v.json.status, 'renewal_window');
  assert.equal(v.json.mark_allowed, true);
  // A re-evaluation may be filed now, starting from the certified dossier.
  const re = await call(server.url, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: state.product.id, type: 'reevaluation' },
  });
  assert.equal(re.status, 201, re.text);
  assert.equal(re.json.type, 'reevaluation');
  assert.deepEqual(re.json.form, form, 'the form is copied from the previous dossier');
  assert.equal(re.json.evidence.length, 2, 'the evidence is carried over');
  assert.deepEqual(re.json.changed_criteria, []);
  // What changed against the certified dossier is shown.
  const choices = { ...re.json.self_assessment.choices };
  const [first] = criteriaOf(state.set).filter((c) => !c.yes_no);
  choices[first.id] = choices[first.id] === 1 ? 2 : 1;
  const changed = await call(server.url, `/api/v1/dossiers/${re.json.token}`, {
    method: 'PUT', token: tokens.chuthe,
    body: { form: { ...form, changes: 'Thêm dây chuyền chiết rót' }, self_assessment: { choices }, version: re.json.version },
  });
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual(changed.json.changed_criteria, [first.id]);

  await start(addDays(cert.expires, 1));
  v = await verify(server.url, cert.qr_url);
  assert.equal(v.json.status, 'expired');
  assert.equal(v.json.mark_allowed, false);

  await start(TODAY);
  const revoked = await call(server.url, `/api/v1/certificates/${encodeURIComponent(cert.number)}/revocation`, {
    method: 'POST', token: tokens['tinh.52'],
    body: { ground: 'mark_misuse', note: 'In sai số sao trên bao bì', evidence: 'Biên bản kiểm tra số 12', decision_number: '77/QĐ-UBND' },
  });
  assert.equal(revoked.status, 200, revoked.text);
  v = await verify(server.url, cert.qr_url);
  assert.equal(v.json.status, 'revoked');
  assert.equal(v.json.mark_allowed, false);
});

test('a mean of 90 or more is forwarded to the ministry, scored centrally and recognised 5★', async () => {
  const base = server.url;
  const product = await newProduct(base, tokens.chuthe, 'Mật ong hoa điều thượng hạng', state.product.product_set);
  const best = fullMarks(state.set);
  const dossier = await fileDossier(base, tokens.chuthe, product.id, best);
  await toReview(base, tokens['xa.23764'], tokens['tinh.52'], dossier.token);
  const assigned = await call(base, `/api/v1/rounds/${state.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: dossier.token },
  });
  assert.equal(assigned.status, 200, assigned.text);
  // Four members may score this one; the chair and two more make the quorum.
  const sheets = { hoidong: best, 'hd.an': best, 'hd.binh': best };
  for (const m of Object.keys(sheets)) {
    assert.equal((await score(base, tokens[m], dossier.token, best)).status, 200);
  }
  const expected = await expectedScore(base, product.product_set, sheets, 4);
  assert.ok(expected.mean >= 90);
  const closed = await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.mean, expected.mean);
  assert.equal(closed.json.stars, expected.stars);
  const forwarded = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '1300/QĐ-UBND', date: TODAY, signer: 'Nguyễn Văn Tỉnh' },
  });
  assert.equal(forwarded.status, 200, forwarded.text);
  assert.equal(forwarded.json.dossier.state, 'forwarded');
  assert.equal(forwarded.json.certificate, null);
  // The province no longer moves it; the ministry assigns it to a central round.
  const admin = await get(tokens.admin, dossier.token);
  assert.deepEqual(admin.json.next_actions, ['assign_round']);
  const central = await openRound(base, tokens.admin, 'Đợt trung ương 2026', {
    hoidong: 'chair', 'hd.an': 'member', 'hd.binh': 'member',
  });
  assert.equal(central.level, 'central');
  assert.equal(central.province, null);
  const toCentral = await call(base, `/api/v1/rounds/${central.id}/dossiers`, {
    method: 'POST', token: tokens.admin, body: { token: dossier.token },
  });
  assert.equal(toCentral.status, 200, toCentral.text);
  assert.equal(toCentral.json.state, 'in_central_round');
  const centralSheets = await call(base, `/api/v1/dossiers/${dossier.token}/sheets`, { token: tokens.hoidong });
  assert.equal(centralSheets.json.level, 'central');
  assert.equal(centralSheets.json.own, null, 'the provincial sheets stay with the provincial session');
  for (const m of Object.keys(sheets)) {
    assert.equal((await score(base, tokens[m], dossier.token, best)).status, 200);
  }
  const centrallyScored = await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(centrallyScored.status, 200, centrallyScored.text);
  assert.equal(centrallyScored.json.state, 'central_scored');
  assert.equal(centrallyScored.json.central_stars, 5);
  // The province may not decide a central result.
  const wrong = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '1', date: TODAY, signer: 'X' },
  });
  assert.equal(wrong.status, 403);
  const decided = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens.admin, body: { number: '88/QĐ-BNNMT', date: TODAY, signer: 'Bộ trưởng' },
  });
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.json.dossier.state, 'recognised');
  assert.equal(decided.json.certificate.stars, 5);
  const v = await verify(base, decided.json.certificate.qr_url);
  assert.equal(v.json.status, 'valid');
  assert.equal(v.json.signature_valid, true);
});

test('a dossier the central council scores under 5★ returns to the province, which recognises it', async () => {
  const base = server.url;
  const product = await newProduct(base, tokens.chuthe, 'Mật ong hoa cà phê đặc biệt', state.product.product_set);
  const best = fullMarks(state.set);
  const dossier = await fileDossier(base, tokens.chuthe, product.id, best);
  await toReview(base, tokens['xa.23764'], tokens['tinh.52'], dossier.token);
  assert.equal((await call(base, `/api/v1/rounds/${state.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: dossier.token },
  })).status, 200);
  for (const m of ['hoidong', 'hd.an', 'hd.binh']) assert.equal((await score(base, tokens[m], dossier.token, best)).status, 200);
  assert.equal((await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong })).status, 200);
  const forwarded = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '1400/QĐ-UBND', date: TODAY, signer: 'Nguyễn Văn Tỉnh' },
  });
  assert.equal(forwarded.json.dossier.state, 'forwarded');
  const central = (await call(base, '/api/v1/rounds', { token: tokens.admin })).json.items.find((r) => r.level === 'central');
  assert.equal((await call(base, `/api/v1/rounds/${central.id}/dossiers`, {
    method: 'POST', token: tokens.admin, body: { token: dossier.token },
  })).status, 200);
  const sheets = { hoidong: sheetAround(state.set, 80), 'hd.an': sheetAround(state.set, 78), 'hd.binh': sheetAround(state.set, 79) };
  const expected = await expectedScore(base, product.product_set, sheets, 3);
  assert.ok([3, 4].includes(expected.stars), `${expected.stars}★`);
  for (const [m, choices] of Object.entries(sheets)) assert.equal((await score(base, tokens[m], dossier.token, choices)).status, 200);
  const scored = await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(scored.json.state, 'central_scored');
  assert.equal(scored.json.central_mean, expected.mean);
  assert.equal(scored.json.central_stars, expected.stars);
  const returned = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens.admin, body: { number: '90/QĐ-BNNMT', date: TODAY, signer: 'Bộ trưởng' },
  });
  assert.equal(returned.status, 200, returned.text);
  assert.equal(returned.json.dossier.state, 'returned_to_province');
  assert.equal(returned.json.certificate, null);
  const officer = await get(tokens['tinh.52'], dossier.token);
  assert.deepEqual(officer.json.next_actions, ['decide']);
  const recognised = await call(base, `/api/v1/dossiers/${dossier.token}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '1500/QĐ-UBND', date: TODAY, signer: 'Nguyễn Văn Tỉnh' },
  });
  assert.equal(recognised.status, 200, recognised.text);
  assert.equal(recognised.json.dossier.state, 'recognised');
  assert.equal(recognised.json.certificate.stars, expected.stars);
  assert.equal(recognised.json.certificate.authority, 'Ủy ban nhân dân tỉnh Gia Lai');
});

test("a spread beyond the province's rules makes the members score again", async () => {
  const base = server.url;
  const rules = await call(base, '/api/v1/provinces/52/council-policy', {
    method: 'PUT', token: tokens['tinh.52'], body: { max_spread: 3 },
  });
  assert.equal(rules.status, 200, rules.text);
  assert.deepEqual(rules.json, { quorum_percent: 75, chair_required: true, max_spread: 3 });
  const product = await newProduct(base, tokens.chuthe, 'Mật ong hoa cà phê mùa hai', state.product.product_set);
  const dossier = await fileDossier(base, tokens.chuthe, product.id, sheetAround(state.set, 72));
  await toReview(base, tokens['xa.23764'], tokens['tinh.52'], dossier.token);
  const round = await openRound(base, tokens['tinh.52'], 'Đợt bổ sung', { hoidong: 'chair', 'hd.an': 'member', 'hd.binh': 'member' });
  assert.equal(round.policy.max_spread, 3);
  assert.equal((await call(base, `/api/v1/rounds/${round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: dossier.token },
  })).status, 200);

  const apart = { hoidong: sheetAround(state.set, 70), 'hd.an': sheetAround(state.set, 82), 'hd.binh': sheetAround(state.set, 76) };
  const first = await expectedScore(base, product.product_set, apart, 3, { max_spread: 3 });
  assert.equal(first.rescore_required, true);
  for (const [m, choices] of Object.entries(apart)) assert.equal((await score(base, tokens[m], dossier.token, choices)).status, 200);
  const rescore = await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(rescore.status, 200, rescore.text);
  assert.equal(rescore.json.state, 'in_round');
  assert.equal(rescore.json.attempt, 2);
  assert.equal(rescore.json.mean, null);
  assert.equal(rescore.json.history.at(-1).action, 'rescore');
  const fresh = await call(base, `/api/v1/dossiers/${dossier.token}/sheets`, { token: tokens['hd.an'] });
  assert.equal(fresh.json.attempt, 2);
  assert.equal(fresh.json.own, null);
  assert.deepEqual(fresh.json.signed_members, []);

  const close = { hoidong: sheetAround(state.set, 75), 'hd.an': sheetAround(state.set, 76), 'hd.binh': sheetAround(state.set, 75) };
  const second = await expectedScore(base, product.product_set, close, 3, { max_spread: 3 });
  assert.equal(second.rescore_required, false);
  for (const [m, choices] of Object.entries(close)) assert.equal((await score(base, tokens[m], dossier.token, choices)).status, 200);
  const scored = await call(base, `/api/v1/dossiers/${dossier.token}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(scored.status, 200, scored.text);
  assert.equal(scored.json.state, 'scored');
  assert.equal(scored.json.mean, second.mean);
  assert.equal(scored.json.stars, second.stars);

  // With nothing left to score, the province closes the round; it takes no more dossiers.
  const closed = await call(base, `/api/v1/rounds/${round.id}/close`, { method: 'POST', token: tokens['tinh.52'] });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.open, false);
  const read = await call(base, `/api/v1/rounds/${round.id}`, { token: tokens['hd.an'] });
  assert.deepEqual(read.json, closed.json);
  const other = await newProduct(base, tokens.chuthe, 'Mật ong muộn', state.product.product_set);
  const late = await fileDossier(base, tokens.chuthe, other.id, sheetAround(state.set, 72));
  await toReview(base, tokens['xa.23764'], tokens['tinh.52'], late.token);
  const refused = await call(base, `/api/v1/rounds/${round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: late.token },
  });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.message, 'The evaluation round is closed.');
});
