// The e-mail outbox delivered through a real SMTP server (nodemailer's
// smtp-server on loopback): the renewal pass of `ocop serve` tells the
// producer that its certificate's re-evaluation window is open, in
// Vietnamese; a relay that refuses keeps the mail for another try.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SMTPServer } from 'smtp-server';

import { demoStore, startServer } from './server.mjs';

function sql(dbFile, statement) {
  return execFileSync('sqlite3', [dbFile, statement], { encoding: 'utf8' }).trim();
}

// An SMTP server on a free loopback port; `refuse` rejects every recipient.
async function smtpServer({ refuse = false } = {}) {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { mails, port: server.server.address().port, close: () => new Promise((r) => server.close(r)) };
}

function decode(raw) {
  const [head, body] = raw.split('\r\n\r\n');
  const subject = head.match(/^Subject: =\?UTF-8\?B\?([^?]+)\?=/m);
  return {
    subject: subject ? Buffer.from(subject[1], 'base64').toString('utf8') : '',
    body: Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'),
  };
}

async function until(what, check, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// The day three days after the demo's platform certificate's window opened.
function insideTheWindow(db) {
  const [number, expires] = sql(db, "SELECT number, expires_on FROM certificates WHERE source = 'platform'").split('|');
  const opens = new Date(`${expires}T00:00:00Z`);
  opens.setUTCDate(opens.getUTCDate() - 180 + 3);
  return { number, today: opens.toISOString().slice(0, 10) };
}

test('the producer gets an e-mail when its re-evaluation window opens', async () => {
  const { dir, store } = demoStore();
  const db = join(dir, 'ocop.db');
  const smtp = await smtpServer();
  const { number, today } = insideTheWindow(db);
  const server = await startServer(store, ['--today', today, '--smtp-relay', `127.0.0.1:${smtp.port}`,
    '--mail-from', 'ocop@gialai.gov.vn', '--renewal-interval-seconds', '1']);
  try {
    // The demo's recall notice goes out too; this is the certificate's mail.
    const mail = await until('the e-mail', () => smtp.mails.find((m) => decode(m.raw).subject.includes(number)));
    assert.deepEqual(mail.to, [sql(db, "SELECT p.email FROM producers p JOIN products d ON d.producer_id = p.id JOIN certificates c ON c.product_id = d.id WHERE c.number = '" + number + "'")]);
    assert.match(mail.raw, /^From: <ocop@gialai\.gov\.vn>/m);
    const { subject, body } = decode(mail.raw);
    assert.match(body, /đánh giá lại/);
    assert.ok(body.includes(number));
    await until('the outbox marked sent', () => sql(db, 'SELECT count(*) FROM outbox WHERE sent_at IS NULL') === '0');
    // Later passes send nothing twice.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(smtp.mails.filter((m) => decode(m.raw).subject.includes(number)).length, 1);
    assert.equal(smtp.mails.length, Number(sql(db, 'SELECT count(*) FROM outbox')));
  } finally {
    await server.stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a relay that refuses keeps the mail unsent with its error, for another try', async () => {
  const { dir, store } = demoStore();
  const db = join(dir, 'ocop.db');
  const smtp = await smtpServer({ refuse: true });
  const { today } = insideTheWindow(db);
  const server = await startServer(store, ['--today', today, '--smtp-relay', `127.0.0.1:${smtp.port}`,
    '--renewal-interval-seconds', '1']);
  try {
    await until('a failed attempt', () => Number(sql(db, 'SELECT max(attempts) FROM outbox')) >= 1);
    assert.equal(sql(db, 'SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL'), '0');
    assert.match(sql(db, 'SELECT last_error FROM outbox LIMIT 1'), /550|mailbox unavailable/);
    assert.equal(smtp.mails.length, 0);
  } finally {
    await server.stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
