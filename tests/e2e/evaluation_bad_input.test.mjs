// Every illegal step of the evaluation procedure is refused with a clear
// message in the user's language and changes nothing: each refusal below is
// checked against the dossier (or round, or sheets) read before and after.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';

import {
  act, addCouncilMembers, communeReport, extraMembers, fileDossier, fixture, form, memberPassword,
  newProduct, openRound, rubricSet, score, sheetAround, toReview, upload,
} from './evaluation_flow.mjs';
import { call, demoStore, login, ocop, startServer } from './server.mjs';

const TODAY = '2026-07-01';
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const display = (iso) => iso.split('-').reverse().join('/');

let store;
let dir;
let server;
let base;
const tokens = {};
const s = {};  // what the tests share: products, dossiers, the round

const get = (token, dossier) => call(base, `/api/v1/dossiers/${dossier}`, { token });

// Runs `attempt`, checks its refusal, and that `read` answers the same after.
async function refusedWithoutChange(read, attempt, status, check = () => {}) {
  const beforeRead = await read();
  assert.equal(beforeRead.status, 200, beforeRead.text);
  const r = await attempt();
  assert.equal(r.status, status, r.text);
  assert.ok(r.json?.error?.message, `a message: ${r.text}`);
  check(r.json.error);
  const afterRead = await read();
  assert.deepEqual(afterRead.json, beforeRead.json, 'nothing changed');
  return r.json.error;
}

before(async () => {
  ({ store, dir } = demoStore());
  addCouncilMembers(store);
  const hanoi = ocop(['user', 'add', '--username', 'tinh.01', '--role', 'provincial-officer', '--province', '01',
    '--password-stdin', '--store', store], { input: `${memberPassword}\n` });
  assert.equal(hanoi.status, 0, hanoi.stderr);
  server = await startServer(store, ['--today', TODAY]);
  base = server.url;
  for (const u of ['chuthe', 'xa.23764', 'tinh.52', 'hoidong', 'tuvan', 'admin', 'thanhtra']) {
    tokens[u] = (await login(base, u)).token;
  }
  for (const u of [...extraMembers, 'tinh.01']) tokens[u] = (await login(base, u, memberPassword)).token;
  const a = await newProduct(base, tokens.chuthe, 'Mật ong thử A');
  const b = await newProduct(base, tokens.chuthe, 'Mật ong thử B');
  s.set = await rubricSet(base, a.product_set);
  s.product = { a, b };
  // A draft, and a dossier under advisory review.
  const draft = await call(base, '/api/v1/dossiers', { method: 'POST', token: tokens.chuthe, body: { product_id: a.id } });
  assert.equal(draft.status, 201, draft.text);
  s.draft = draft.json.token;
  s.sheet = sheetAround(s.set, 75);
  s.review = (await fileDossier(base, tokens.chuthe, b.id, s.sheet)).token;
  await toReview(base, tokens['xa.23764'], tokens['tinh.52'], s.review);
  s.round = await openRound(base, tokens['tinh.52'], 'Đợt thử', {
    hoidong: 'chair', 'hd.an': 'member', 'hd.binh': 'member', 'hd.cuong': 'member', tuvan: 'advisory',
  });
});
after(async () => {
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an unknown dossier token is 404 on every route, in Vietnamese by default', async () => {
  for (const [method, path, body] of [
    ['GET', '/api/v1/dossiers/khong-co-ho-so-nay'],
    ['PUT', '/api/v1/dossiers/khong-co-ho-so-nay', { version: 1 }],
    ['POST', '/api/v1/dossiers/khong-co-ho-so-nay/actions', { action: 'submit' }],
    ['GET', '/api/v1/dossiers/khong-co-ho-so-nay/evidence/00'],
    ['GET', '/api/v1/dossiers/%3Cscript%3E'],
  ]) {
    const r = await call(base, path, { method, token: tokens.chuthe, body });
    assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
    assert.equal(r.json.error.code, 'NOT_FOUND');
  }
  const vi = await call(base, '/api/v1/dossiers/khong-co-ho-so-nay', { token: tokens.chuthe, headers: { 'accept-language': 'vi' } });
  assert.equal(vi.json.error.message, 'Không tìm thấy hồ sơ.');
  const sheets = await call(base, '/api/v1/dossiers/khong-co-ho-so-nay/sheets', { token: tokens.hoidong });
  assert.equal(sheets.status, 404);
  const round = await call(base, '/api/v1/rounds/99999', { token: tokens['tinh.52'] });
  assert.equal(round.status, 404);
  assert.equal(round.json.error.message, 'No such evaluation round.');
  // A dossier for a product that does not exist.
  const product = await call(base, '/api/v1/dossiers', { method: 'POST', token: tokens.chuthe, body: { product_id: 999999 } });
  assert.equal(product.status, 404);
});

test('malformed JSON and wrong types are named field by field and change nothing', async () => {
  const read = () => get(tokens.chuthe, s.draft);
  const put = (body, headers) => () => call(base, `/api/v1/dossiers/${s.draft}`, { method: 'PUT', token: tokens.chuthe, body, headers });
  await refusedWithoutChange(read, put('{"version": 1,'), 400, (e) => {
    assert.equal(e.message, 'The body is not valid JSON.');
  });
  await refusedWithoutChange(read, put('[1, 2]'), 400, (e) => assert.match(e.message, /must be an object/));
  await refusedWithoutChange(read, put('version=1', { 'content-type': 'application/x-www-form-urlencoded' }), 400,
    (e) => assert.match(e.message, /application\/json/));
  await refusedWithoutChange(read, put({
    version: '1', form: { scale: 12, story: ['a'] }, self_assessment: { choices: { '1.1': '3', '1.2': 2.5 }, stopped_by: 7 }, colour: 'red',
  }), 400, (e) => {
    const fields = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
    assert.equal(fields.version, 'Must be a whole number.');
    assert.equal(fields['form.scale'], 'Must be a string.');
    assert.equal(fields['form.story'], 'Must be a string.');
    assert.equal(fields['self_assessment.choices.1.1'], 'An answer is an option number or true/false.');
    assert.equal(fields['self_assessment.choices.1.2'], 'An answer is an option number or true/false.');
    assert.equal(fields['self_assessment.stopped_by'], 'Must be a string.');
    assert.equal(fields.colour, 'Unknown field.');
  });
  await refusedWithoutChange(read, put({ version: 1, form: 'scale' }), 400,
    (e) => assert.deepEqual(e.fields, [{ field: 'form', message: 'Must be a JSON object.' }]));
  await refusedWithoutChange(read, put({ form }), 400,
    (e) => assert.deepEqual(e.fields, [{ field: 'version', message: 'This field is required.' }]));
  // Answers the rubric does not have.
  const version = (await read()).json.version;
  await refusedWithoutChange(read, put({ version, self_assessment: { choices: { '1.1': 9, '99.9': 1, '1.7': 1, '1.2': true }, stopped_by: '1.1' } }), 400, (e) => {
    const fields = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
    assert.equal(fields['self_assessment.choices.1.1'], 'The option must be from 0 to 3.');
    assert.equal(fields['self_assessment.choices.99.9'], 'No such criterion on this sheet.');
    assert.equal(fields['self_assessment.choices.1.2'], 'This criterion takes an option, not yes/no.');
    assert.equal(fields['self_assessment.stopped_by'], 'Criterion 1.1 has no stop rule.');
  });
  // Creating and moving with wrong types.
  const created = await call(base, '/api/v1/dossiers', { method: 'POST', token: tokens.chuthe, body: { product_id: 'one', type: 'renewal', from_previous: 'yes' } });
  assert.equal(created.status, 400);
  assert.deepEqual(created.json.error.fields.map((f) => f.field).sort(), ['from_previous', 'product_id', 'type']);
  await refusedWithoutChange(read, () => act(base, tokens.chuthe, s.draft, { action: 5 }), 400,
    (e) => assert.equal(e.fields[0].field, 'action'));
  await refusedWithoutChange(read, () => act(base, tokens.chuthe, s.draft, { action: 'publish' }), 400,
    (e) => assert.equal(e.fields[0].message, 'Not a valid action on a dossier.'));
  await refusedWithoutChange(read, () => act(base, tokens.chuthe, s.draft, { action: 'submit', report: { local_labour: 'yes' } }), 400,
    (e) => assert.equal(e.fields[0].field, 'report.local_labour'));
  const badPage = await call(base, '/api/v1/dossiers?state=lost&per_page=500&round=x', { token: tokens.chuthe });
  assert.equal(badPage.status, 400);
  assert.deepEqual(badPage.json.error.fields.map((f) => f.field).sort(), ['per_page', 'round', 'state']);
  const noRound = await call(base, '/api/v1/dossiers', { token: tokens.hoidong });
  assert.equal(noRound.status, 400);
  assert.deepEqual(noRound.json.error.fields, [{ field: 'round', message: 'Name one of your evaluation rounds (?round=).' }]);
});

test('a stale version is 409 with the current one, and nothing is written', async () => {
  const read = () => get(tokens.chuthe, s.draft);
  const current = (await read()).json;
  const stale = await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.draft}`, {
    method: 'PUT', token: tokens.chuthe, body: { form: { ...form, story: 'cũ' }, version: current.version - 1 },
  }), 409, (e) => assert.match(e.message, /Someone else changed this record/));
  assert.equal(stale.current_version, current.version);
  const move = await refusedWithoutChange(read, () => act(base, tokens.chuthe, s.draft, { action: 'submit', version: current.version + 7 }), 409);
  assert.equal(move.current_version, current.version);
});

test('wrong roles are refused with 403 and change nothing', async () => {
  const read = () => get(tokens['tinh.52'], s.review);
  for (const [who, method, path, body] of [
    ['thanhtra', 'GET', '/api/v1/dossiers'],
    ['thanhtra', 'GET', `/api/v1/dossiers/${s.review}`],
    ['hoidong', 'POST', '/api/v1/dossiers', { product_id: s.product.a.id }],
    ['chuthe', 'POST', '/api/v1/rounds', { name: 'x', members: [] }],
    ['chuthe', 'POST', `/api/v1/rounds/${s.round.id}/dossiers`, { token: s.review }],
    ['chuthe', 'POST', `/api/v1/dossiers/${s.review}/decision`, { number: '1', date: TODAY, signer: 'x' }],
    ['tinh.52', 'PUT', `/api/v1/dossiers/${s.review}/sheets/mine`, { choices: {}, sign: false }],
    ['tuvan', 'POST', `/api/v1/dossiers/${s.review}/session/close`, {}],
    ['hoidong', 'POST', `/api/v1/dossiers/${s.review}/actions`, { action: 'start_review' }],
    ['chuthe', 'GET', '/api/v1/provinces/52/council-policy'],
    ['xa.23764', 'PUT', '/api/v1/provinces/52/council-policy', { quorum_percent: 50 }],
  ]) {
    await refusedWithoutChange(read, () => call(base, path, { method, token: tokens[who], body }), 403);
  }
  // Roles the route admits but the step does not: the commune may not receive, the producer may not review.
  await refusedWithoutChange(read, () => act(base, tokens['xa.23764'], s.review, { action: 'request_additions', note: 'x' }), 403,
    (e) => assert.equal(e.message, 'Your role may not take this step.'));
  await refusedWithoutChange(read, () => act(base, tokens.chuthe, s.review, { action: 'start_review' }), 403);
  const otherProvince = await call(base, '/api/v1/provinces/01/council-policy', { token: tokens['tinh.52'] });
  assert.equal(otherProvince.status, 403);
  const noProvince = await call(base, '/api/v1/provinces/99/council-policy', { token: tokens.admin });
  assert.equal(noProvince.status, 404);
  // Another province's officer neither reads nor edits nor moves the province's dossiers.
  const draft = () => get(tokens.chuthe, s.draft);
  await refusedWithoutChange(draft, () => call(base, `/api/v1/dossiers/${s.draft}`, {
    method: 'PUT', token: tokens['tinh.01'], body: { form, self_assessment: { choices: {} }, version: 1 },
  }), 403, (e) => assert.equal(e.message, 'You may not change records outside your area.'));
  await refusedWithoutChange(draft, () => call(base, `/api/v1/dossiers/${s.draft}`, {
    method: 'PUT', token: tokens['tinh.01'], body: { form, version: 1 },
  }), 404);
  await refusedWithoutChange(draft, () => upload(base, tokens['tinh.01'], s.draft, 'x.pdf', fixture('tiny.pdf')), 403);
  assert.equal((await get(tokens['tinh.01'], s.review)).status, 404);
  await refusedWithoutChange(read, () => act(base, tokens['tinh.01'], s.review, { action: 'request_additions', note: 'x' }), 404);
  await refusedWithoutChange(read, () => call(base, `/api/v1/rounds/${s.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.01'], body: { token: s.review },
  }), 403);
  // The producer's part is over once the dossier is filed.
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}`, {
    method: 'PUT', token: tokens.chuthe, body: { form, version: 1 },
  }), 409, (e) => assert.match(e.message, /«Under advisory review»/));
  await refusedWithoutChange(read, () => upload(base, tokens.chuthe, s.review, 'x.pdf', fixture('tiny.pdf')), 409);
  // Without a session at all.
  assert.equal((await call(base, `/api/v1/dossiers/${s.review}`)).status, 401);
});

test('illegal moves name the dossier state, in both languages', async () => {
  const read = () => get(tokens['tinh.52'], s.review);
  await refusedWithoutChange(read, () => act(base, tokens['tinh.52'], s.review, { action: 'receive' }), 409,
    (e) => assert.equal(e.message, 'This step cannot be taken while the dossier is «Under advisory review».'));
  const vi = await call(base, `/api/v1/dossiers/${s.review}/actions`, {
    method: 'POST', token: tokens['tinh.52'], body: { action: 'receive' }, headers: { 'accept-language': 'vi' },
  });
  assert.equal(vi.json.error.message, 'Không thể thực hiện bước này khi hồ sơ đang ở trạng thái «Tổ tư vấn đang xem xét».');
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '1/QĐ', date: TODAY, signer: 'A' },
  }), 409, (e) => assert.match(e.message, /Under advisory review/));
  // Sending back needs reasons; a site visit needs a note.
  for (const action of ['request_additions', 'site_visit']) {
    await refusedWithoutChange(read, () => act(base, tokens['tinh.52'], s.review, { action, note: '  ' }), 400,
      (e) => assert.deepEqual(e.fields, [{ field: 'note', message: 'This field is required.' }]));
  }
  // The producer may not submit an incomplete self-assessment.
  const draft = () => get(tokens.chuthe, s.draft);
  await refusedWithoutChange(draft, () => act(base, tokens.chuthe, s.draft, { action: 'submit' }), 400,
    (e) => assert.ok(e.fields.some((f) => f.field === 'self_assessment.choices.1.1' && f.message === 'This criterion is not scored.')));
  // A draft cannot join a round; a round cannot be closed while it scores.
  await refusedWithoutChange(draft, () => call(base, `/api/v1/rounds/${s.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: s.draft },
  }), 409, (e) => assert.match(e.message, /«Draft»/));
  // An evidence upload without a file, or not multipart.
  await refusedWithoutChange(draft, () => upload(base, tokens.chuthe, s.draft, 'x.pdf', Buffer.alloc(0), '1.1'), 400,
    (e) => assert.equal(e.fields[0].message, 'Choose a file to upload.'));
  await refusedWithoutChange(draft, () => call(base, `/api/v1/dossiers/${s.draft}/evidence`, {
    method: 'POST', token: tokens.chuthe, body: { file: 'x' },
  }), 400, (e) => assert.match(e.message, /multipart/));
  // A second open dossier for the same product.
  const second = await call(base, '/api/v1/dossiers', { method: 'POST', token: tokens.chuthe, body: { product_id: s.product.a.id } });
  assert.equal(second.status, 409);
  assert.equal(second.json.error.message, 'The product already has a dossier that is not decided yet.');
});

test('scoring a dossier not in a round is refused', async () => {
  const read = () => get(tokens['tinh.52'], s.review);
  await refusedWithoutChange(read, () => score(base, tokens['hd.an'], s.review, s.sheet), 409,
    (e) => assert.equal(e.message, 'The dossier is not in an evaluation round, so it cannot be scored.'));
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/conflicts`, {
    method: 'POST', token: tokens['hd.an'], body: { reason: 'x' },
  }), 409);
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/session/close`, {
    method: 'POST', token: tokens.hoidong,
  }), 409);
});

test('rounds: bad councils, calendars and rules are refused', async () => {
  const rounds = () => call(base, '/api/v1/rounds', { token: tokens['tinh.52'] });
  await refusedWithoutChange(rounds, () => call(base, '/api/v1/rounds', {
    method: 'POST', token: tokens['tinh.52'],
    body: {
      name: 'Đợt lỗi', intake_closes: '2026-13-01', finishes_by: '30/02/2026',
      members: [{ username: 'hoidong', role: 'chair' }, { username: 'hd.an', role: 'chair' },
        { username: 'tuvan', role: 'member' }, { username: 'ai-do', role: 'member' }, { username: 'hd.binh', role: 'boss' }],
    },
  }), 400, (e) => {
    const fields = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
    assert.equal(fields.intake_closes, 'Not a valid date.');
    assert.equal(fields.finishes_by, 'Not a valid date.');
    assert.match(fields['members.tuvan'], /council-member accounts/);
    assert.equal(fields['members.ai-do'], 'No such account.');
    assert.equal(fields['members.hd.binh'], 'The role must be chair, member or advisory.');
    assert.deepEqual(e.fields.filter((f) => f.field === 'members').map((f) => f.message),
      ['The council must have exactly one chair.', 'The council needs at least three scoring members.']);
  });
  await refusedWithoutChange(rounds, () => call(base, '/api/v1/rounds', {
    method: 'POST', token: tokens['tinh.52'], body: { name: 'Đợt', members: 'hoidong' },
  }), 400, (e) => assert.equal(e.fields[0].field, 'members'));
  await refusedWithoutChange(rounds, () => call(base, '/api/v1/rounds', {
    method: 'POST', token: tokens['tinh.52'], body: { name: 'Đợt', level: 'central', members: [{ username: 'hoidong', role: 'chair' }] },
  }), 403);
  const policy = () => call(base, '/api/v1/provinces/52/council-policy', { token: tokens['tinh.52'] });
  await refusedWithoutChange(policy, () => call(base, '/api/v1/provinces/52/council-policy', {
    method: 'PUT', token: tokens['tinh.52'], body: { quorum_percent: 40, max_spread: -1, chair_required: 'no' },
  }), 400, (e) => assert.deepEqual(e.fields.map((f) => f.field), ['chair_required']));
  await refusedWithoutChange(policy, () => call(base, '/api/v1/provinces/52/council-policy', {
    method: 'PUT', token: tokens['tinh.52'], body: { quorum_percent: 40, max_spread: -1 },
  }), 400, (e) => assert.deepEqual(e.fields.map((f) => f.message), [
    'The quorum must be from 50 to 100 percent.', 'The largest spread must be from 0 to 100 points.']));
});

test('no quorum, signing twice, a conflict after signing and the wrong chair are refused', async () => {
  const assigned = await call(base, `/api/v1/rounds/${s.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: s.review },
  });
  assert.equal(assigned.status, 200, assigned.text);
  const read = () => get(tokens['tinh.52'], s.review);
  const sheets = () => call(base, `/api/v1/dossiers/${s.review}/sheets`, { token: tokens.hoidong });
  // Assigning again, or to a closed round, is refused.
  await refusedWithoutChange(read, () => call(base, `/api/v1/rounds/${s.round.id}/dossiers`, {
    method: 'POST', token: tokens['tinh.52'], body: { token: s.review },
  }), 409);
  await refusedWithoutChange(read, () => call(base, `/api/v1/rounds/${s.round.id}/close`, { method: 'POST', token: tokens['tinh.52'] }), 409,
    (e) => assert.equal(e.message, 'Dossiers of the round are still being scored.'));

  // An incomplete sheet cannot be signed.
  const partial = Object.fromEntries(Object.entries(s.sheet).slice(0, 3));
  await refusedWithoutChange(sheets, () => score(base, tokens.hoidong, s.review, partial), 400,
    (e) => assert.ok(e.fields.some((f) => f.field.startsWith('choices.') && f.message === 'This criterion is not scored.')));
  const signed = await score(base, tokens.hoidong, s.review, s.sheet);
  assert.equal(signed.status, 200, signed.text);
  // One of four scoring members signed: no quorum.
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/session/close`, { method: 'POST', token: tokens.hoidong }), 409,
    (e) => assert.equal(e.message, "Not enough members have signed their score sheets for the council's quorum."));
  await refusedWithoutChange(sheets, () => score(base, tokens.hoidong, s.review, sheetAround(s.set, 80)), 409,
    (e) => assert.equal(e.message, 'The score sheet is already signed; it cannot be changed or signed again.'));
  await refusedWithoutChange(sheets, () => call(base, `/api/v1/dossiers/${s.review}/conflicts`, {
    method: 'POST', token: tokens.hoidong, body: { reason: 'Muộn' },
  }), 409);
  await refusedWithoutChange(sheets, () => call(base, `/api/v1/dossiers/${s.review}/conflicts`, {
    method: 'POST', token: tokens['hd.an'], body: { reason: '' },
  }), 400, (e) => assert.equal(e.fields[0].field, 'reason'));
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/session/close`, { method: 'POST', token: tokens['hd.an'] }), 403,
    (e) => assert.equal(e.message, "Only the council's chair may close the session."));
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/session/close`, {
    method: 'POST', token: tokens.hoidong, body: { disqualifier: 7 },
  }), 400);
  const outsider = await call(base, `/api/v1/dossiers/${s.review}/sheets`, { token: tokens.admin });
  assert.equal(outsider.status, 200, 'the ministry reads every dossier');
  assert.deepEqual(outsider.json.others, [], 'but no sheet before all have signed');
});

test('decisions need a number, a signer and a date not in the future', async () => {
  for (const m of ['hd.an', 'hd.binh']) {
    assert.equal((await score(base, tokens[m], s.review, s.sheet)).status, 200);
  }
  const closed = await call(base, `/api/v1/dossiers/${s.review}/session/close`, { method: 'POST', token: tokens.hoidong });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'scored');
  const read = () => get(tokens['tinh.52'], s.review);
  // Scoring after the session closed.
  await refusedWithoutChange(read, () => score(base, tokens['hd.cuong'], s.review, s.sheet), 409,
    (e) => assert.match(e.message, /not in an evaluation round/));
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '', date: addDays(TODAY, 1), signer: 42 },
  }), 400, (e) => {
    assert.deepEqual(e.fields.map((f) => f.field).sort(), ['signer']);
  });
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '', date: addDays(TODAY, 1), signer: '' },
  }), 400, (e) => {
    const fields = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
    assert.equal(fields.number, 'This field is required.');
    assert.equal(fields.signer, 'This field is required.');
    assert.equal(fields.date, 'The date may not be in the future.');
  });
  const decided = await call(base, `/api/v1/dossiers/${s.review}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '9/QĐ-UBND', date: display(TODAY), signer: 'Trần Văn B' },
  });
  assert.equal(decided.status, 200, decided.text);
  assert.ok(decided.json.certificate, decided.text);
  s.cert = decided.json.certificate;
  await refusedWithoutChange(read, () => call(base, `/api/v1/dossiers/${s.review}/decision`, {
    method: 'POST', token: tokens['tinh.52'], body: { number: '10/QĐ-UBND', date: TODAY, signer: 'Trần Văn B' },
  }), 409, (e) => assert.match(e.message, /«Recognised»/));
  // After the session, its sheets are there for everyone who reads the dossier.
  const after = await call(base, `/api/v1/dossiers/${s.review}/sheets`, { token: tokens['tinh.52'] });
  assert.equal(after.json.closed, true, after.text);
  assert.equal(after.json.others.length, 3);
});

test('re-evaluating outside the window names its dates; an upgrade needs a certificate', async () => {
  const list = (product) => () => call(base, `/api/v1/dossiers?product=${product}`, { token: tokens.chuthe });
  const opens = display(addDays(s.cert.expires, -180));
  const closes = display(addDays(s.cert.expires, -120));
  await refusedWithoutChange(list(s.product.b.id), () => call(base, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: s.product.b.id, type: 'reevaluation' },
  }), 409, (e) => {
    assert.equal(e.message, `A re-evaluation may only be filed from ${opens} to ${closes} (180 to 120 days before the certificate expires).`);
  });
  const vi = await call(base, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: s.product.b.id, type: 'reevaluation' }, headers: { 'accept-language': 'vi' },
  });
  assert.equal(vi.json.error.message, `Chỉ được nộp hồ sơ đánh giá lại từ ${opens} đến ${closes} (180 đến 120 ngày trước khi giấy chứng nhận hết hạn).`);
  const fresh = await newProduct(base, tokens.chuthe, 'Mật ong chưa có sao');
  await refusedWithoutChange(list(fresh.id), () => call(base, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: fresh.id, type: 'upgrade' },
  }), 409, (e) => assert.equal(e.message, 'The product has no valid OCOP certificate.'));
  assert.equal((await list(fresh.id)()).json.total, 0);
  await refusedWithoutChange(list(fresh.id), () => call(base, '/api/v1/dossiers', {
    method: 'POST', token: tokens.chuthe, body: { product_id: fresh.id, type: 'reevaluation' },
  }), 409, (e) => assert.equal(e.message, 'The product has no valid OCOP certificate.'));
});

test('evidence of a dossier is only for its readers', async () => {
  const up = await upload(base, tokens.chuthe, s.draft, 'anh.jpg', fixture('tiny.jpg'), '1.1', 'image/jpeg');
  assert.equal(up.status, 201, up.text);
  const path = `/api/v1/dossiers/${s.draft}/evidence/${up.json.sha256}`;
  assert.equal((await call(base, path, { token: tokens.chuthe })).headers.get('content-type'), 'image/jpeg');
  // The commune does not read a draft; a council member outside its round neither.
  assert.equal((await call(base, path, { token: tokens['xa.23764'] })).status, 404);
  assert.equal((await call(base, path, { token: tokens.hoidong })).status, 404);
  assert.equal((await call(base, path, { token: tokens.thanhtra })).status, 403);
  // A digest of another dossier's file is not served through this one.
  const other = await get(tokens['tinh.52'], s.review);
  assert.equal(other.json.evidence.length, 0);
  const foreign = await call(base, `/api/v1/dossiers/${s.review}/evidence/${up.json.sha256}`, { token: tokens['tinh.52'] });
  assert.equal(foreign.status, 404);
});

test('a draft is the producer\'s own until it is filed: officers\' lists leave it out', async () => {
  const mine = await call(base, '/api/v1/dossiers?per_page=100', { token: tokens.chuthe });
  assert.ok(mine.json.items.some((d) => d.token === s.draft), 'the producer sees its draft');
  for (const who of ['xa.23764', 'tinh.52', 'admin']) {
    const list = await call(base, '/api/v1/dossiers?per_page=100', { token: tokens[who] });
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.json.items.some((d) => d.state === 'draft'), `${who} sees no draft`);
    assert.equal(list.json.total, list.json.items.length, `${who}: the total counts what is listed`);
    assert.ok(list.json.items.some((d) => d.token === s.review), `${who} sees the filed dossier`);
  }
});
