// What every browser suite needs: the real `ocop serve` (started and stopped
// by the end-to-end suites' own helper) and Debian's Chromium as a
// Vietnamese phone, through playwright-core, with the flags this machine
// needs (no network beyond loopback, no sandbox as root).
import fs from 'node:fs';
import path from 'node:path';
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
