// Smoke test of the INSTALLED package: the app at GROUNDWORK_APP (/usr/bin/groundwork-app, as the
// .deb installs it) opens on an empty workspace, opens the demo workspace from the welcome screen
// and finds "slow ci". scripts/smoke-package.sh installs the package, runs this and removes it.
// Separate from app.test.mjs (which drives the build tree's binary) and kept short: one launch.
//
// Needs: GROUNDWORK_APP, tauri-driver and WebKitWebDriver on PATH, and a display (xvfb-run).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

const app = process.env.GROUNDWORK_APP ?? '/usr/bin/groundwork-app';
// Not app.test.mjs's ports (4444, and WebKitWebDriver's 4445), so both can run at once.
const port = Number(process.env.TAURI_DRIVER_PORT ?? 4446);
// The app's workspace, demo workspace and settings all stay in this folder.
const sandbox = mkdtempSync(join(tmpdir(), 'groundwork-package-'));
const env = {
  ...process.env,
  XDG_DATA_HOME: join(sandbox, 'data'),
  XDG_CONFIG_HOME: join(sandbox, 'config'),
};

let driver;

before(async () => {
  assert.ok(existsSync(app), `the installed app is missing at ${app}`);
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('tauri-driver did not start');
});

after(async () => {
  driver?.kill();
  await appExited();
  try {
    rmSync(sandbox, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (e) {
    console.warn(`could not remove ${sandbox}: ${e.message}`);
  }
});

/** Waits (up to 10 s) until no process runs the installed app: ending the session only asks it
 * to quit, and the sandbox must not be removed from under it. */
async function appExited() {
  const running = () =>
    readdirSync('/proc').some((pid) => {
      try {
        return /^\d+$/.test(pid) && readlinkSync(`/proc/${pid}/exe`) === app;
      } catch {
        return false;
      }
    });
  for (let i = 0; i < 100 && running(); i++) await new Promise((r) => setTimeout(r, 100));
}

const byTestId = (b, id) => b.$(`[data-testid="${id}"]`);

test('the installed app opens the demo workspace and finds "slow ci"', async () => {
  const b = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: { 'tauri:options': { application: app, args: ['--workspace', join(sandbox, 'empty')] } },
  });
  try {
    await byTestId(b, 'welcome').waitForDisplayed({ timeout: 20_000 });
    await (await byTestId(b, 'open-demo')).click();
    await b.waitUntil(async () => (await b.$$('[data-testid="interview-item"]')).length >= 12, {
      timeout: 15_000,
      timeoutMsg: 'the demo interviews should be listed',
    });
    // The About line shows the version the package was built as (the smoke script passes it).
    const about = (await (await byTestId(b, 'about')).getText()).trim();
    if (process.env.GROUNDWORK_VERSION) {
      assert.equal(about, `Groundwork ${process.env.GROUNDWORK_VERSION}`, 'the app shows the package version');
    } else {
      assert.match(about, /^Groundwork \d+\.\d+\.\d+/);
    }
    await (await byTestId(b, 'nav-search')).click();
    const input = await byTestId(b, 'search-input');
    await input.click();
    await input.setValue('slow ci');
    await byTestId(b, 'search-hit').waitForDisplayed({ timeout: 10_000 });
    const hits = await b.$$('[data-testid="search-hit"]');
    assert.ok(hits.length >= 2, `expected at least 2 hits for "slow ci", found ${hits.length}`);
    await b.saveScreenshot(join(out, 'package-smoke.png'));
  } catch (e) {
    await b.saveScreenshot(join(out, 'FAILED-package-smoke.png')).catch(() => {});
    throw e;
  } finally {
    await b.deleteSession().catch(() => {});
    await appExited();
  }
  assert.ok(existsSync(join(sandbox, 'data', 'groundwork-demo', 'groundwork.sqlite3')), 'the demo workspace was created');
  assert.ok(readFileSync(join(out, 'package-smoke.png')).length > 10_000, 'a real screenshot');
});
