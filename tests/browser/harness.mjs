// What every browser suite needs: the real `ocop serve` (started and stopped
// by the end-to-end suites' own helper) and Debian's Chromium as a
// Vietnamese phone, through playwright-core, with the flags this machine
// needs (no network beyond loopback, no sandbox as root).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer } from '../e2e/server.mjs';

let running;  // the one server of a suite

// Starts `ocop serve` on `store`; resolves to its base URL.
export async function serve(store, extraArgs = []) {
  running = await startServer(store, extraArgs);
  return running.url;
}

// Stops the server (SIGTERM, then SIGKILL after 15 s); safe to call twice.
export async function stopServing() {
  if (running) await running.stop();
  running = undefined;
}

// The last safety net: never leave the server behind, even on a crash.
process.on('exit', () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
});

// A persistent Chromium context in `profileDir` (created), 390×844, touch,
// Vietnamese locale and time zone. Playwright refuses --user-data-dir in
// args; a persistent context takes the directory instead.
export async function launchPhone(profileDir) {
  fs.mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(path.resolve(profileDir), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',  // a Vietnamese phone: Accept-Language vi
    timezoneId: 'Asia/Ho_Chi_Minh',
    timeout: 30_000,
  });
}

// `promise`, or a rejection naming `what` after `ms` milliseconds: a browser
// call that hangs fails its test instead of the whole run.
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The ocop binary under test: OCOP_BIN, or build/ocop of this repository.
export const OCOP_BIN = process.env.OCOP_BIN ? path.resolve(process.env.OCOP_BIN) : path.join(REPO, 'build', 'ocop');
// The password of every demo account (seed-demo).
export const DEMO_PASSWORD = 'ocop-demo-2026';
// The width launchPhone's viewport gives the phone.
const PHONE_WIDTH = 390;

// Runs `ocop args…` in `cwd`; fails the caller unless it exits 0; its stdout.
export function runOcop(cwd, ...args) {
  const r = spawnSync(OCOP_BIN, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `ocop ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// A suite's world: a fresh temporary directory named from `prefix` holding a
// SQLite store, migrated, seeded with the demo as of `today` and served with
// the same --today (and --base-url `base`, when given, for both).
export async function serveDemo(prefix, { today = '2026-06-01', base } = {}) {
  assert.ok(fs.existsSync(OCOP_BIN), `no ocop binary at ${OCOP_BIN} (set OCOP_BIN)`);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const store = `sqlite:${path.join(tmpDir, 'ocop.db')}`;
  const dated = ['--today', today, ...(base ? ['--base-url', base] : [])];
  runOcop(tmpDir, 'migrate', '--store', store);
  runOcop(tmpDir, 'seed-demo', '--store', store, ...dated);
  const baseUrl = await serve(store, dated);
  return { tmpDir, store, baseUrl };
}

// The phone (launchPhone, profile in `profileDir`) with bounded waits, its
// page, and `problems`: every uncaught script error and every failed
// non-document response of that page, which a suite asserts stays empty.
export async function openPhone(profileDir) {
  const context = await launchPhone(profileDir);
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() < 400 || r.request().resourceType() === 'document') return;
    problems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  return { context, page, problems };
}

// Closes the phone, stops the server and removes the suite's directory,
// each even when the one before fails; any argument may be undefined.
export async function closeDemo(context, tmpDir) {
  try {
    if (context) await context.close();
  } finally {
    await stopServing();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

// The page is no wider than the phone: against the phone's 390 px as well as
// window.innerWidth, since a mobile viewport widens itself to content that
// overflows (so that the window's own width alone would admit it).
export async function assertFitsPhone(page, what) {
  const [width, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  const screen = Math.min(PHONE_WIDTH, inner);
  assert.ok(width <= screen, `${what}: the page is ${width} px wide on a ${screen} px screen`);
}

// Logs `username` in through the /login form of the server at `baseUrl`
// (the demo password unless `password`); the form must answer with a
// redirect. `clearCookies` starts from a signed-out browser.
export async function logIn(page, baseUrl, username, { password = DEMO_PASSWORD, clearCookies = false } = {}) {
  if (clearCookies) await page.context().clearCookies();
  await page.goto(new URL('/login', baseUrl).toString());
  await page.fill('#username', username);
  await page.fill('#password', password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.click('#login-submit'),
  ]);
  assert.ok(response.status() >= 300 && response.status() < 400, `log-in answered ${response.status()}`);
  await page.waitForLoadState();
}

// The text of the first element matching `selector`, whitespace collapsed.
export const text = async (page, selector) => (await page.textContent(selector)).replace(/\s+/g, ' ').trim();
// The texts of every element matching `selector`, whitespace collapsed.
export const texts = async (page, selector) =>
  (await page.locator(selector).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
