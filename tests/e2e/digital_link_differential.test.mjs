// Differential test of our Digital Link parser (`ocop gs1 check-links`)
// against GS1's digital-link.js (npm, `DigitalLink(uri).isValid()`), over the
// corpus in tests/fixtures/digital_link: generated.txt (every AI of the
// syntax dictionary with good and bad values, every qualifier order,
// percent-encodings, prefixes) and edge_cases.txt (hand-written).
//
// Where the two disagree, the case must be listed in known_differences.json
// with a reason (one of REASONS below, each checked against both parsers'
// behaviour) and the rule that decides it: a text of the syntax dictionary
// line of an AI (checked to be there) or, for URI-level questions, the
// standard that decides. A difference not listed fails the test, and so does
// a listed case that no longer differs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import digitalLink from 'digital-link.js';

import { generate } from '../fixtures/digital_link/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'tests', 'fixtures', 'digital_link');
const bin = process.env.OCOP_BIN || join(root, 'build', 'ocop');

const lines = (file) =>
  readFileSync(join(fixtures, file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
const corpus = [...lines('generated.txt'), ...lines('edge_cases.txt')];
const known = JSON.parse(readFileSync(join(fixtures, 'known_differences.json'), 'utf8'));

// Our verdicts, one JSON line per URI.
const ours = new Map();
{
  const out = execFileSync(bin, ['gs1', 'check-links'], { input: corpus.join('\n') + '\n', maxBuffer: 1 << 26 });
  const results = out.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(results.length, corpus.length);
  results.forEach((r, i) => {
    assert.equal(r.uri, corpus[i]);
    ours.set(r.uri, r);
  });
}

// digital-link.js: its verdict, whether its constructor threw, whether its
// grammar accepted the link, and whether its check-digit test passed.
function js(uri) {
  try {
    const link = digitalLink.DigitalLink(uri);
    return {
      valid: link.isValid(),
      threw: false,
      grammar: link.getValidationTrace().success,
      checkDigit: link.isCheckDigitValid(),
    };
  } catch {
    return { valid: false, threw: true, grammar: false, checkDigit: false };
  }
}

const verdict = (r) => (r.valid ? 'valid' : r.error);

// RFC 3986 §6.2.2 normalisation: lower-case scheme and host, decode
// %-encoded unreserved characters, drop the fragment and empty parameters.
function normalize(uri) {
  let u = uri.split('#')[0];
  u = u.replace(/^([a-zA-Z]+):\/\/([^/?]*)/, (m, s, h) => `${s.toLowerCase()}://${h.toLowerCase()}`);
  u = u.replace(/%([0-9A-Fa-f]{2})/g, (m, h) => {
    const c = String.fromCharCode(parseInt(h, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m;
  });
  const [base, query] = u.split('?');
  if (query === undefined) return u;
  const params = query.split('&').filter(Boolean);
  return params.length ? `${base}?${params.join('&')}` : base;
}

// Each reason: what it means, and a check that it is what happens.
const REASONS = {
  gtin_padding: {
    why: 'digital-link.js pads a GTIN-8/12/13 to 14 digits; the dictionary says AI 01 is N14, so a URI must carry 14 digits',
    check: (o, j) => o.error === 'error.gs1.wrong_length' && o.args.ai === '01' && j.valid,
  },
  linter: {
    why: 'digital-link.js checks the format of values, not the linters of the syntax dictionary (dates, country and currency codes, check digits of non-key AIs)',
    check: (o, j, e) => o.error.startsWith('error.gs1.lint.') && o.args.ai === e.rule.ai && j.valid,
  },
  req_ex: {
    why: "digital-link.js does not apply the dictionary's req= (required companions) and ex= (exclusions) attributes",
    check: (o, j, e) =>
      ['error.gs1.dl.requires', 'error.gs1.dl.excludes'].includes(o.error) && o.args.ai === e.rule.ai && j.valid,
  },
  once: {
    why: 'digital-link.js keeps AIs in an object, so a repeated qualifier or attribute, or a path AI repeated in the query, overwrites silently; each AI may appear once, qualifiers in their dlpkey order',
    check: (o, j) => ['error.gs1.dl.repeated_ai', 'error.gs1.dl.path_ai_in_query'].includes(o.error) && j.valid,
  },
  js_key_without_check_digit: {
    why: "digital-link.js isValid() also calls its check-digit test, which fails for every key missing from its table (keys without a mod-10 check digit such as 8004 GIAI, and 417, 8006, 8017 which have one); the dictionary makes these AIs Digital Link primary keys",
    check: (o, j) => o.valid && !j.threw && j.grammar && !j.checkDigit,
  },
  js_unknown_key: {
    why: "digital-link.js's AI table predates this key (AI 415 with 8020): its constructor throws 'Must contain at least the identifier'",
    check: (o, j) => o.valid && j.threw,
  },
  js_outdated_ai_table: {
    why: "digital-link.js's grammar predates AIs or qualifier paths of the 2026 dictionary (235 TPX, 7040 UIC, 7240-7259, 714-717, 423, 4309, 4330-4333, 7011, 8030, …)",
    check: (o, j) => o.valid && !j.threw && !j.grammar,
  },
  grammar_double_quote: {
    why: 'the DL grammar that digital-link.js uses writes the double quote raw (DoubleQuote = \'"\'), which no URI may carry, so it refuses %22; CSET 82 includes " and %22 is its encoding',
    check: (o, j, e) => o.valid && e.uri.includes('%22') && !j.grammar,
  },
  uri_equivalence: {
    why: 'an equivalent URI (RFC 3986 §6.2.2) that digital-link.js refuses: upper-case scheme or host, %-encoded digits, a fragment, empty query parameters; the normalised URI passes digital-link.js',
    check: (o, j, e) => o.valid && !j.valid && normalize(e.uri) !== e.uri && js(normalize(e.uri)).valid,
  },
  js_lax_uri: {
    why: 'digital-link.js accepts an https URI with no host, or an empty path segment',
    check: (o, j) => ['error.gs1.dl.no_host', 'error.gs1.dl.empty_segment'].includes(o.error) && j.valid,
  },
};

// The dictionary line of an AI (or of the range that holds it).
const dictionary = readFileSync(join(root, 'data', 'gs1', 'gs1-syntax-dictionary.txt'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));
function dictionaryLine(ai) {
  return dictionary.find((l) => {
    const range = l.split(/\s+/)[0];
    const [first, last] = range.includes('-') ? range.split('-') : [range, range];
    return ai.length === first.length && ai >= first && ai <= last;
  });
}

test('the corpus is large, mixed, and generated.txt is up to date', () => {
  assert.equal(readFileSync(join(fixtures, 'generated.txt'), 'utf8'), generate(),
    'run: node tests/fixtures/digital_link/generate.mjs > tests/fixtures/digital_link/generated.txt');
  assert.ok(corpus.length >= 300, `${corpus.length} URIs`);
  assert.equal(new Set(corpus).size, corpus.length, 'no URI twice');
  const valid = [...ours.values()].filter((r) => r.valid).length;
  assert.ok(valid >= 150 && corpus.length - valid >= 150, `${valid} valid of ${corpus.length}`);
  const bothValid = corpus.filter((u) => ours.get(u).valid && js(u).valid).length;
  const bothInvalid = corpus.filter((u) => !ours.get(u).valid && !js(u).valid).length;
  assert.ok(bothValid >= 100 && bothInvalid >= 100, `agree valid ${bothValid}, invalid ${bothInvalid}`);
});

test('every disagreement with digital-link.js is a listed, explained difference', () => {
  const listed = new Map(known.map((e) => [e.uri, e]));
  const unexplained = [];
  for (const uri of corpus) {
    const o = ours.get(uri);
    const j = js(uri);
    if (o.valid === j.valid) continue;
    if (!listed.has(uri)) unexplained.push(`${uri}  ours: ${verdict(o)}, digital-link.js: ${j.valid}`);
  }
  assert.deepEqual(unexplained, [], 'differences missing from known_differences.json');
});

test('every listed difference is real and its reason and rule hold', () => {
  const inCorpus = new Set(corpus);
  const wrong = [];
  for (const e of known) {
    const fail = (why) => wrong.push(`${e.uri}: ${why}`);
    if (!inCorpus.has(e.uri)) { fail('not in the corpus'); continue; }
    const o = ours.get(e.uri);
    const j = js(e.uri);
    if (verdict(o) !== e.ours) fail(`ours is ${verdict(o)}, listed ${e.ours}`);
    if (j.valid !== e.digital_link_js) fail(`digital-link.js says ${j.valid}, listed ${e.digital_link_js}`);
    if (o.valid === j.valid) fail('no longer differs');
    const reason = REASONS[e.reason];
    if (!reason) { fail(`unknown reason ${e.reason}`); continue; }
    if (!reason.check(o, j, e)) fail(`reason ${e.reason} does not hold`);
    if (e.rule.ai) {
      const line = dictionaryLine(e.rule.ai);
      if (!line || !e.rule.text || !line.replace(/#.*/, '').includes(e.rule.text)) {
        fail(`the dictionary line of ${e.rule.ai} does not say ${e.rule.text}`);
      }
    } else if (!e.rule.source) {
      fail('no rule');
    }
  }
  assert.deepEqual(wrong, []);
});
