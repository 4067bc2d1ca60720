// End-to-end: the built Groundwork app, in its own WebKitGTK window (under Xvfb in CI), driven
// through tauri-driver and WebKitWebDriver. Screenshots land in tests/e2e/out/ for inspection.
//
// Needs: GROUNDWORK_APP (path to the built binary), tauri-driver and WebKitWebDriver on PATH,
// and a display (scripts/test.sh runs this under xvfb-run).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

const app = resolve(process.env.GROUNDWORK_APP ?? join(here, '../../target/debug/groundwork-app'));
const port = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
// Everything the app writes (workspace, demo workspace, its settings file) stays in this folder.
const sandbox = mkdtempSync(join(tmpdir(), 'groundwork-e2e-'));
const workspace = join(sandbox, 'workspace');
const env = {
  ...process.env,
  XDG_DATA_HOME: join(sandbox, 'data'),
  XDG_CONFIG_HOME: join(sandbox, 'config'),
  GROUNDWORK_WORKSPACE: workspace,
};

let driver;

before(async () => {
  assert.ok(existsSync(app), `the built app is missing at ${app}; build it first (scripts/test.sh does)`);
  driver = spawn('tauri-driver', ['--port', String(port)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  // Wait until the driver answers.
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('tauri-driver did not start');
});

after(() => {
  driver?.kill();
});

async function launch(args = ['--workspace', workspace]) {
  const started = Date.now();
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryCount: 0,
    // The app's core uses only files the user chose in a dialog; WebDriver cannot click a native
    // dialog, so the launch lets the app read and write the test's own folder without one.
    capabilities: { 'tauri:options': { application: app, args: [...args, '--allow-files', sandbox] } },
  });
  // Interactive: the sidebar's document counts rendered from a real backend call.
  await browser.$('[data-testid="document-counts"]').waitForDisplayed({ timeout: 20_000 });
  return { browser, coldStartMs: Date.now() - started };
}

const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Waits until the element's text content includes `expected` (textContent: WebKitWebDriver's
 * visible-text atom reads some live regions as empty). */
async function waitForText(el, expected, timeout = 10_000) {
  let last = '';
  const text = async () => (last = (await el.getProperty('textContent')) ?? '');
  await el
    .waitUntil(async () => (await text()).includes(expected), { timeout })
    .catch(() => {
      throw new Error(`expected text ${JSON.stringify(expected)}, found ${JSON.stringify(last)}`);
    });
}

/** An element's text content (WebKitWebDriver's getText returns '' for much of this UI). */
const textOf = async (el) => ((await el.getProperty('textContent')) ?? '').trim();
/** The text of every element a selector finds, in order. */
const textsOf = async (browser, selector) => {
  const out = [];
  for (const el of await browser.$$(selector)) out.push(await textOf(el));
  return out;
};

/** Runs `body` with a session; on failure saves a screenshot, and always ends the session. */
async function withApp(name, body, args) {
  const session = await launch(args);
  try {
    return await body(session);
  } catch (e) {
    await session.browser.saveScreenshot(join(out, `FAILED-${name}.png`)).catch(() => {});
    throw e;
  } finally {
    await session.browser.deleteSession().catch(() => {});
  }
}

/** Replaces a field's text as a user does: select all, then type over it. (Clearing first fires
 * `change` on an empty field, which some fields answer by refilling a default that the typing
 * would then land after.) */
async function typeInto(browser, id, text) {
  const el = await byTestId(browser, id);
  await el.click();
  await browser.keys(['Control', 'a']);
  await browser.keys(['Backspace']);
  await el.addValue(text);
}

/** Proportional set size (kB) of a process: shared pages split among the processes sharing them. */
function pssKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory (MB) of the app and every WebKit process it started: RSS (shared libraries counted in
 * each process) and PSS (shared pages divided among them — the fair total). */
function memoryOfAppTree() {
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' });
  const rows = ps.trim().split('\n').map((l) => {
    const [pid, ppid, rss, ...comm] = l.trim().split(/\s+/);
    return { pid: +pid, ppid: +ppid, rss: +rss, comm: comm.join(' ') };
  });
  const roots = rows.filter((r) => r.comm.startsWith('groundwork-app'));
  const tree = new Set(roots.map((r) => r.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) if (tree.has(r.ppid) && !tree.has(r.pid)) { tree.add(r.pid); grew = true; }
  }
  const procs = rows.filter((r) => tree.has(r.pid));
  return {
    rssMb: procs.reduce((s, r) => s + r.rss, 0) / 1024,
    pssMb: procs.reduce((s, r) => s + pssKb(r.pid), 0) / 1024,
    names: procs.map((r) => r.comm),
  };
}

const items = (b) => b.$$('[data-testid="interview-item"]');

test('log an interview, quit, relaunch, find it again', async () => {
  // First launch on an empty workspace: the welcome panel offers the demo and a new interview.
  const firstStart = await withApp('first-launch', async ({ browser: b, coldStartMs }) => {
    await byTestId(b, 'welcome').waitForDisplayed();
    await b.saveScreenshot(join(out, '01-welcome.png'));
    await (await byTestId(b, 'welcome-new')).click();

    await typeInto(b, 'field-title', 'Payments: the deploy pipeline is flaky');
    await typeInto(b, 'field-participant', 'Priya Raman');
    await typeInto(b, 'field-team', 'Payments');
    await typeInto(b, 'field-role', 'Backend engineer');
    await typeInto(b, 'field-tags', 'ci, deploys');
    await typeInto(
      b,
      'field-notes',
      'Every Friday the **deploy pipeline** times out.\n\n<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
    );
    await waitForText(await byTestId(b, 'save-status'), 'Saved');

    // Markdown is rendered; the script and the handler are not.
    const preview = await byTestId(b, 'notes-preview');
    await preview.$('strong').waitForExist({ timeout: 5_000 });
    assert.equal(await textOf(await preview.$('strong')), 'deploy pipeline');
    assert.equal((await preview.$$('script')).length, 0);
    assert.equal(await b.execute(() => window.__pwned ?? null), null, 'nothing from the notes ran');
    assert.equal((await items(b)).length, 1);
    await b.saveScreenshot(join(out, '02-interview-saved.png'));
    return coldStartMs;
  });

  // Relaunch: the interview is still there, and search finds it with a highlighted snippet.
  await withApp('relaunch', async ({ browser: c, coldStartMs }) => {
    await c.waitUntil(async () => (await items(c)).length === 1, {
      timeout: 10_000,
      timeoutMsg: 'the interview should survive the restart',
    });
    assert.match(await textOf((await items(c))[0]), /deploy pipeline is flaky/);

    await (await byTestId(c, 'nav-search')).click();
    await typeInto(c, 'search-input', '"deploy pipeline"');
    const hit = await byTestId(c, 'search-hit');
    await hit.waitForDisplayed({ timeout: 10_000 });
    const marks = await hit.$$('mark');
    assert.ok(marks.length >= 1, 'the snippet highlights the match');
    const marked = new Set();
    for (const m of marks) marked.add((await textOf(m)).toLowerCase());
    assert.deepEqual([...marked].sort(), ['deploy', 'pipeline']);
    await waitForText(await byTestId(c, 'result-count'), '1');
    await c.saveScreenshot(join(out, '03-search.png'));

    // Delete with undo, from the UI.
    await (await byTestId(c, 'nav-interviews')).click();
    // The list re-renders after the view switch; wait for it rather than racing it.
    await c.waitUntil(async () => (await items(c)).length === 1, {
      timeout: 10_000,
      timeoutMsg: 'the interview list should render after switching back',
    });
    await (await items(c))[0].click();
    await (await byTestId(c, 'delete-interview')).click();
    await c.waitUntil(async () => (await items(c)).length === 0, {
      timeout: 5_000,
      timeoutMsg: 'the interview should leave the list',
    });
    await (await byTestId(c, 'undo')).click();
    await c.waitUntil(async () => (await items(c)).length === 1, {
      timeout: 5_000,
      timeoutMsg: 'undo should bring the interview back',
    });

    // Bad input: an empty title is named next to the field and the stored interview is kept.
    const title = await byTestId(c, 'field-title');
    await title.click();
    await title.clearValue();
    await title.setValue(' ');
    const err = await byTestId(c, 'field-error');
    await err.waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(err), /title/i);
    await c.saveScreenshot(join(out, '04-validation.png'));

    await new Promise((r) => setTimeout(r, 3_000)); // settle to idle before measuring memory
    const mem = memoryOfAppTree();
    console.log(`# cold start to interactive: first launch ${firstStart} ms, relaunch ${coldStartMs} ms`);
    console.log(
      `# idle memory of app + WebKit processes: PSS ${mem.pssMb.toFixed(0)} MB, RSS ${mem.rssMb.toFixed(0)} MB (${mem.names.join(', ')})`,
    );
  });
});

test('the demo workspace opens from the welcome screen and is searchable', async () => {
  await withApp(
    'demo',
    async ({ browser: b }) => {
      await byTestId(b, 'welcome').waitForDisplayed({ timeout: 20_000 });
      await (await byTestId(b, 'open-demo')).click();
      await b.waitUntil(async () => (await items(b)).length >= 12, {
        timeout: 15_000,
        timeoutMsg: 'the demo interviews should be listed',
      });
      await (await items(b))[0].click();
      // Opening an interview renders its notes in the preview.
      await (await byTestId(b, 'notes-preview')).$('h2').waitForExist({ timeout: 5_000 });
      await b.saveScreenshot(join(out, '05-demo-interviews.png'));
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'slow ci');
      await byTestId(b, 'search-hit').waitForDisplayed({ timeout: 10_000 });
      assert.ok((await b.$$('[data-testid="search-hit"]')).length >= 2);
      await b.saveScreenshot(join(out, '06-demo-search.png'));
    },
    ['--workspace', join(sandbox, 'empty')],
  );
  const demoDir = join(sandbox, 'data', 'groundwork-demo');
  assert.ok(existsSync(join(demoDir, 'groundwork.sqlite3')), `demo workspace at ${demoDir}`);
  assert.ok(readFileSync(join(out, '06-demo-search.png')).length > 10_000, 'a real screenshot');
});

test('typing cut off by a crash is recovered on the next launch', async () => {
  const ws = join(sandbox, 'crash');
  const b = (await launch(['--workspace', ws])).browser;
  await (await byTestId(b, 'welcome-new')).click();
  await typeInto(b, 'field-title', 'Typed just before the crash');
  // End the app at once: WebKitWebDriver kills it, no close-requested handler runs.
  await b.deleteSession();

  await withApp(
    'crash-recovery',
    async ({ browser: c }) => {
      // Either the autosave landed before the kill, or the local draft brings the text back.
      await c.waitUntil(
        async () =>
          (await items(c)).length === 1 ||
          (await (await byTestId(c, 'field-title')).isExisting() &&
            (await (await byTestId(c, 'field-title')).getValue()) === 'Typed just before the crash'),
        { timeout: 10_000, timeoutMsg: 'the typed title was lost' },
      );
      const saved = (await items(c)).length === 1;
      console.log(`# crash mid-edit: ${saved ? 'autosave had landed' : 'recovered from the local draft'}`);
      if (!saved) {
        await byTestId(c, 'draft-notice').waitForDisplayed();
        await waitForText(await byTestId(c, 'save-status'), 'Saved');
      }
      await c.saveScreenshot(join(out, '07-crash-recovery.png'));
    },
    ['--workspace', ws],
  );
});

test('import a CSV with one mapping edit, find a ticket by search, undo after confirming, restore from the Trash', async () => {
  // 3 000 tickets; the title column is called "What", which no export uses, so it needs mapping.
  const file = join(sandbox, 'platform-tickets.csv');
  const lines = ['What,Issue key,Created,Description'];
  for (let i = 1; i <= 3000; i++) {
    lines.push(`Build cache miss ${i},IMP-${i},30/Sep/21 17:20,"Remote cache misses on runner ${i % 17}, again"`);
  }
  lines.push('Artifact upload stalls,IMP-9999,01/Oct/21 09:00,"The artifact upload stalls at 99%"');
  writeFileSync(file, lines.join('\n') + '\n');

  await withApp(
    'import',
    async ({ browser: b }) => {
      await (await byTestId(b, 'nav-import')).click();
      await typeInto(b, 'import-path', file);
      await (await byTestId(b, 'import-preview')).click();
      const problem = await byTestId(b, 'import-problem');
      await problem.waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(problem), /title/);
      assert.equal(await (await byTestId(b, 'import-start')).isEnabled(), false);

      // The one mapping edit: "What" holds the title.
      await (await byTestId(b, 'map-What')).selectByAttribute('value', 'title');
      // The preview runs again with the user's mapping: the column is marked as theirs.
      await waitForText(await byTestId(b, 'how-What'), 'yours');
      assert.equal(await (await byTestId(b, 'map-What')).getValue(), 'title');
      assert.equal((await b.$$('[data-testid="import-problem"]')).length, 0, 'the problem is gone');
      await b.saveScreenshot(join(out, '08-import-preview.png'));
      const start = await byTestId(b, 'import-start');
      await start.waitForEnabled({ timeout: 5_000 });
      await start.click();

      const summary = await byTestId(b, 'import-summary');
      await summary.waitForDisplayed({ timeout: 60_000 });
      assert.equal(await textOf(await byTestId(b, 'summary-imported')), '3001');
      assert.equal(await textOf(await byTestId(b, 'summary-rejected')), '0');
      const progress = await byTestId(b, 'import-progress');
      assert.equal(await progress.getProperty('value'), 3001, 'the progress bar reached the end');
      await b.saveScreenshot(join(out, '09-import-summary.png'));

      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', '"artifact upload"');
      await byTestId(b, 'search-hit').waitForDisplayed({ timeout: 10_000 });
      await waitForText(await byTestId(b, 'result-count'), '1');

      // Undo the batch: the app asks first, then the tickets go to the Trash and leave search.
      await (await byTestId(b, 'nav-import')).click();
      const undo = await byTestId(b, 'undo-import');
      await undo.waitForClickable({ timeout: 10_000 });
      await undo.click();
      const confirm = await byTestId(b, 'confirm-undo');
      await confirm.waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(confirm), /3,001 documents go to the Trash/);
      await b.saveScreenshot(join(out, '10a-undo-asks.png'));
      await (await byTestId(b, 'confirm-undo-go')).click();
      await byTestId(b, 'redo-import').waitForDisplayed({ timeout: 30_000 });
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', '"artifact upload" ');
      await b.waitUntil(async () => (await b.$$('[data-testid="search-hit"]')).length === 0, {
        timeout: 10_000,
        timeoutMsg: 'the undone tickets should no longer be found',
      });

      // The Trash holds them and brings them back whole.
      await (await byTestId(b, 'nav-trash')).click();
      const entry = await byTestId(b, 'trash-entry');
      await entry.waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(entry), /undo of import #1 \(platform-tickets\.csv\)/);
      assert.match(await textOf(entry), /3,001 tickets/);
      await b.saveScreenshot(join(out, '10b-trash.png'));
      await (await byTestId(b, 'restore-trash')).click();
      await b.waitUntil(async () => (await b.$$('[data-testid="trash-entry"]')).length === 0, {
        timeout: 30_000,
        timeoutMsg: 'the restored entry should leave the Trash',
      });
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', '"artifact upload"');
      await byTestId(b, 'search-hit').waitForDisplayed({ timeout: 10_000 });
      await waitForText(await byTestId(b, 'result-count'), '1');
    },
    ['--workspace', join(sandbox, 'import-ws')],
  );
});

test('import a Zoom transcript, mark the interviewer, find a participant by speaker:, read it turn by turn, answer a guide, make her a person', async () => {
  const file = join(sandbox, 'dana-ci.vtt');
  writeFileSync(
    file,
    [
      'WEBVTT',
      '',
      '1',
      '00:00:01.000 --> 00:00:04.000',
      'Ana Lima: Do you find the CI slow these days?',
      '',
      '2',
      '00:00:05.000 --> 00:00:09.000',
      'Dana Ruiz: Our builds take an hour because the remote cache misses on every runner.',
      '',
      '3',
      '00:01:02.000 --> 00:01:04.000',
      'Ana Lima: What would you fix first?',
      '',
      '4',
      '00:01:05.000 --> 00:01:09.000',
      'Dana Ruiz: Quarantine the flaky suites, before anything else.',
      '',
    ].join('\r\n'),
  );
  await withApp(
    'transcript',
    async ({ browser: b }) => {
      await (await byTestId(b, 'nav-import')).click();
      await typeInto(b, 'import-path', file);
      await (await byTestId(b, 'import-preview')).click();
      const panel = await byTestId(b, 'transcript-preview');
      await panel.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await textOf(await byTestId(b, 'transcript-format')), 'Zoom WebVTT');
      assert.equal(await textOf(await byTestId(b, 'transcript-turns')), '4 turns');
      const labels = await textsOf(b, '[data-testid="speaker-label"]');
      assert.deepEqual(labels, ['Ana Lima', 'Dana Ruiz']);
      // Mark who interviews: her questions are kept, never counted as evidence.
      await (await byTestId(b, 'speaker-role-Ana Lima')).selectByAttribute('value', 'interviewer');
      await waitForText(await byTestId(b, 'speaker-source-Ana Lima'), 'yours');
      await b.saveScreenshot(join(out, '11a-transcript-preview.png'));
      await (await byTestId(b, 'import-start')).click();
      await (await byTestId(b, 'import-summary')).waitForDisplayed({ timeout: 30_000 });
      assert.equal(await textOf(await byTestId(b, 'summary-imported')), '1');

      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'speaker:"Dana Ruiz" cache');
      const hit = await byTestId(b, 'search-hit');
      await hit.waitForDisplayed({ timeout: 10_000 });
      await waitForText(await byTestId(b, 'result-count'), '1');
      assert.equal(await textOf(await byTestId(b, 'hit-turn')), 'Dana Ruiz · 0:05');
      await hit.click();
      await b.waitUntil(async () => (await b.$$('[data-testid="reader-turn"]')).length === 4, {
        timeout: 10_000,
        timeoutMsg: 'the reader should show the transcript turn by turn',
      });
      const speakers = await textsOf(b, '[data-testid="turn-speaker"]');
      assert.deepEqual(speakers, ['Ana Lima', 'Dana Ruiz', 'Ana Lima', 'Dana Ruiz']);
      assert.equal(await textOf(await byTestId(b, 'reader-mark')), 'cache');
      await b.saveScreenshot(join(out, '11b-transcript-reader.png'));

      // Only the interviewer said "slow": plain words read what participants said.
      await (await byTestId(b, 'reader-close')).click();
      await typeInto(b, 'search-input', 'slow');
      await b.waitUntil(async () => (await b.$$('[data-testid="search-hit"]')).length === 0, {
        timeout: 10_000,
        timeoutMsg: "the interviewer's question is not evidence",
      });
      await typeInto(b, 'search-input', 'role:interviewer slow');
      await byTestId(b, 'search-hit').waitForDisplayed({ timeout: 10_000 });
      assert.equal(await textOf(await byTestId(b, 'hit-turn')), 'Ana Lima · 0:01');

      // A guide: its questions are found in the interviewer's turns, and each shows its answer.
      await (await byTestId(b, 'nav-guides')).click();
      await (await byTestId(b, 'add-guide')).click();
      // Pasted, as a user pastes a guide (WebKitWebDriver's typing drops line breaks).
      await b.execute((text) => {
        const area = document.querySelector('[data-testid="guide-text"]');
        area.value = text;
        area.dispatchEvent(new Event('input', { bubbles: true }));
      }, '# CI pains\n\n## Builds\n\n- Do you find the CI slow these days?\n- What would you fix first?\n');
      await (await byTestId(b, 'guide-create')).click();
      await waitForText(await byTestId(b, 'guide-title'), 'CI pains');
      const choice = await byTestId(b, 'guide-attach-choice');
      await choice.waitForDisplayed({ timeout: 10_000 });
      await choice.click();
      await (await byTestId(b, 'guide-attach')).click();
      await byTestId(b, 'guide-attached').waitForDisplayed({ timeout: 10_000 });
      await b.waitUntil(
        async () => {
          const counts = await textsOf(b, '[data-testid="guide-question"] .count');
          return counts.length === 2 && counts.every((c) => c === '1/1');
        },
        { timeout: 10_000, timeoutMsg: 'both questions should be answered by the one interview' },
      );
      (await b.$$('[data-testid="guide-question"]'))[1].click();
      await waitForText(await byTestId(b, 'guide-answer'), 'Quarantine the flaky suites');
      await b.saveScreenshot(join(out, '11c-guide-answers.png'));

      // The participant's name is evidence no person holds yet: make her a person.
      await (await byTestId(b, 'nav-people')).click();
      await byTestId(b, 'unlinked-names').waitForDisplayed({ timeout: 10_000 });
      await b.waitUntil(async () => (await textsOf(b, '[data-testid="unlinked-name"] > span:first-child')).includes('Dana Ruiz'), {
        timeout: 10_000,
        timeoutMsg: 'Dana Ruiz should be a name no person holds',
      });
      for (const li of await b.$$('[data-testid="unlinked-name"]')) {
        if ((await textOf(await li.$('span'))) === 'Dana Ruiz') await (await li.$('[data-testid="make-person"]')).click();
      }
      await b.waitUntil(async () => (await textsOf(b, '[data-testid="person-row"] b')).includes('Dana Ruiz'), {
        timeout: 10_000,
        timeoutMsg: 'Dana Ruiz should be a person',
      });
      await b.saveScreenshot(join(out, '11d-people.png'));
    },
    ['--workspace', join(sandbox, 'transcript-ws')],
  );
});

test('import a Google Forms survey, read its charts, filter by team, find an answer', async () => {
  // 40 responses from four teams, as Google Forms exports them (timestamp first).
  const teams = ['Payments', 'Search', 'Mobile', 'Data'];
  const satisfaction = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
  const nps = (i) => (i * 7) % 11; // 0..10, spread over everyone
  const sat = (i) => (i * 3) % 5;
  const rows = ['Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?,How satisfied are you with CI?,Which tools slow you down?,What is the one thing we should fix?'];
  for (let i = 0; i < 40; i++) {
    // Each respondent ticks some of three tools: every combination occurs.
    const tools = ['Jenkins', 'Terraform', 'Helm charts'].filter((_, k) => (((i * 5) % 7) + 1) & (1 << k)).join(', ');
    const fix = i === 17 ? 'Our runbooks are impossible to find when paged' : i % 3 === 0 ? `Faster builds for service ${i}` : '';
    rows.push(`3/${(i % 9) + 1}/2026 9:${String(i).padStart(2, '0')}:00,${teams[i % 4]},${nps(i)},${satisfaction[sat(i)]},"${tools}",${fix}`);
  }
  const file = join(sandbox, 'DX pulse (Responses).csv');
  writeFileSync(file, rows.join('\n') + '\n');
  // The expected figures, computed here from the same data.
  const scores = [...Array(40).keys()].map(nps);
  const expectedNps = Math.round(((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / 40) * 1000) / 10;
  const payments = [...Array(40).keys()].filter((i) => i % 4 === 0).map(nps);
  const paymentsNps = Math.round(((payments.filter((s) => s >= 9).length - payments.filter((s) => s <= 6).length) / payments.length) * 1000) / 10;
  const satisfied = [...Array(40).keys()].filter((i) => sat(i) >= 3).length;
  const meanSat = [...Array(40).keys()].reduce((t, i) => t + sat(i) + 1, 0) / 40;
  const asNumber = (text) => Number(text.replace('\u2212', '-').replace(/[^0-9.+-]/g, ''));

  await withApp(
    'survey',
    async ({ browser: b }) => {
      await (await byTestId(b, 'nav-import')).click();
      await typeInto(b, 'import-path', file);
      await (await byTestId(b, 'import-preview')).click();
      await waitForText(await byTestId(b, 'import-kind'), 'Survey');
      await waitForText(await byTestId(b, 'import-format'), 'Google Forms');
      const npsMap = await byTestId(b, 'map-How likely are you to recommend the platform to a colleague?');
      assert.equal(await npsMap.getValue(), 'nps', 'the NPS question is detected');
      assert.equal(await (await byTestId(b, 'map-Which team are you on?')).getValue(), 'team');
      await b.saveScreenshot(join(out, '11-survey-preview.png'));
      await (await byTestId(b, 'import-start')).click();
      await byTestId(b, 'import-summary').then((s) => s.waitForDisplayed({ timeout: 30_000 }));
      assert.equal(await textOf(await byTestId(b, 'summary-imported')), '40');

      await (await byTestId(b, 'import-open-surveys')).click();
      await byTestId(b, 'survey-summary').then((s) => s.waitForDisplayed({ timeout: 10_000 }));
      await waitForText(await byTestId(b, 'survey-respondents'), '40 respondents');
      const npsCard = await b.$('[data-testid="question-card"][data-role="nps"]');
      assert.equal(asNumber(await textOf(await npsCard.$('[data-testid="nps-score"]'))), expectedNps);
      const satCard = await b.$('[data-testid="question-card"][data-role="likert"]');
      assert.equal(
        asNumber(await textOf(await satCard.$('[data-testid="csat"]'))),
        Math.round((satisfied / 40) * 1000) / 10,
      );
      const mean = await textOf(await satCard.$('[data-testid="likert-mean"]'));
      assert.equal(asNumber(mean.split('/')[0]), Math.round(meanSat * 10) / 10, mean);
      assert.match(mean, /\/\s*5/, 'on the five-point scale');
      const toolsCard = await b.$('[data-testid="question-card"][data-role="multiple"]');
      await waitForText(toolsCard, 'Which tools slow you down?');
      const jenkins = [...Array(40).keys()].filter((i) => (((i * 5) % 7) + 1) & 1).length;
      await waitForText(await toolsCard.$('[data-testid="chart-table"]'), `Jenkins${jenkins}`);
      // The charts drew on a real canvas in the real webview (no CSP or script error).
      assert.ok((await b.$$('canvas')).length >= 3, 'one chart per question');
      await b.saveScreenshot(join(out, '12-survey-summary.png'));

      // Filter every figure to one team.
      const team = await b.$('[data-testid="facet-select"][data-column="Which team are you on?"]');
      await team.selectByAttribute('value', 'Payments');
      await waitForText(await byTestId(b, 'survey-respondents'), '10 of 40');
      await b.waitUntil(
        async () => asNumber(await textOf(await b.$('[data-testid="question-card"][data-role="nps"] [data-testid="nps-score"]'))) === paymentsNps,
        { timeout: 10_000, timeoutMsg: `the Payments NPS should read ${paymentsNps}` },
      );
      await b.saveScreenshot(join(out, '13-survey-filtered.png'));
      await (await byTestId(b, 'clear-filters')).click();
      await waitForText(await byTestId(b, 'survey-respondents'), '40 respondents');

      // Free-text answers are documents: search finds them.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'runbooks');
      const hit = await byTestId(b, 'search-hit');
      await hit.waitForDisplayed({ timeout: 10_000 });
      await waitForText(hit, 'impossible to find');
      await waitForText(await byTestId(b, 'result-count'), '1');
    },
    ['--workspace', join(sandbox, 'survey-ws')],
  );
});

test('theme search: narrow by a facet, save a theme, pin a quote, jump to it from the palette', async () => {
  await withApp(
    'themes',
    async ({ browser: b }) => {
      await byTestId(b, 'welcome').then((w) => w.waitForDisplayed({ timeout: 20_000 }));
      await (await byTestId(b, 'open-demo')).click();
      await b.waitUntil(async () => (await items(b)).length >= 12, { timeout: 15_000 });

      // Search, then narrow by the Kind facet: the filter lands in the query box.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'ci OR deploys');
      await byTestId(b, 'search-hit').then((h) => h.waitForDisplayed({ timeout: 10_000 }));
      const kind = await b.$('[data-testid="facet-group"][data-facet="kind"] [data-testid="facet-value"]');
      await kind.waitForDisplayed({ timeout: 10_000 });
      const team = await b.$('[data-testid="facet-group"][data-facet="team"] [data-testid="facet-value"]');
      const teamName = await team.getAttribute('data-value');
      await team.click();
      await b.waitUntil(async () => (await (await byTestId(b, 'search-input')).getValue()).includes('team:'), {
        timeout: 5_000,
        timeoutMsg: 'the team filter should be added to the query',
      });
      const narrowed = await byTestId(b, 'search-input');
      const query = await narrowed.getValue();
      await b.waitUntil(
        async () => {
          const hits = await b.$$('[data-testid="search-hit"]');
          if (hits.length === 0) return false;
          for (const h of hits) if (!(await textOf(h)).includes(teamName)) return false;
          return true;
        },
        { timeout: 10_000, timeoutMsg: `every hit should be from ${teamName} (query ${query})` },
      );
      await b.saveScreenshot(join(out, '14-search-facets.png'));

      // Save the query as a theme.
      await (await byTestId(b, 'save-theme')).click();
      const name = await byTestId(b, 'theme-name-input');
      await name.waitForDisplayed();
      await name.clearValue();
      await name.setValue('CI and deploys');
      await (await byTestId(b, 'theme-save-confirm')).click();
      const summary = await byTestId(b, 'theme-summary');
      await summary.waitForDisplayed({ timeout: 10_000 });
      await waitForText(summary, 'CI and deploys');
      assert.ok(Number(await textOf(await byTestId(b, 'theme-distinct'))) >= 1);
      await byTestId(b, 'theme-trend').then((t) => t.waitForDisplayed());

      // Open the strongest evidence, select a passage, pin it to the theme.
      const evidence = await byTestId(b, 'theme-evidence');
      await evidence.waitForDisplayed({ timeout: 10_000 });
      await evidence.click();
      const reader = await byTestId(b, 'reader');
      await reader.waitForDisplayed({ timeout: 10_000 });
      const passage = await b.execute(() => {
        const el = document.querySelector('[data-testid="reader-text"]');
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (node && node.textContent.trim().length < 20) node = walker.nextNode();
        const text = node.textContent;
        const start = text.search(/\S/);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, Math.min(text.length, start + 40));
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        document.dispatchEvent(new Event('selectionchange'));
        return sel.toString().trim();
      });
      assert.ok(passage.length > 0, 'a passage is selected');
      const pin = await byTestId(b, 'pin-quote');
      await pin.waitForEnabled({ timeout: 5_000 });
      await pin.click();
      const pick = await byTestId(b, 'pin-theme-select');
      await pick.waitForDisplayed();
      await pick.selectByVisibleText('CI and deploys');
      await (await byTestId(b, 'pin-confirm')).click();
      await byTestId(b, 'pin-done').then((d) => d.waitForDisplayed({ timeout: 5_000 }));
      await b.saveScreenshot(join(out, '15-pinned-quote.png'));
      await (await byTestId(b, 'reader-close')).click();

      // Jump back to the theme from the palette (Ctrl+K), and find the quote there.
      await (await byTestId(b, 'nav-search')).click();
      await b.keys(['Control', 'k']);
      const input = await byTestId(b, 'palette-input');
      await input.waitForDisplayed({ timeout: 5_000 });
      await input.setValue('ci and dep');
      await b.waitUntil(
        async () => {
          const first = (await b.$$('[data-testid="palette-item"]'))[0];
          return first && (await first.getAttribute('data-kind')) === 'theme';
        },
        { timeout: 5_000, timeoutMsg: 'the theme should lead the palette' },
      );
      await b.saveScreenshot(join(out, '16-palette.png'));
      await b.keys(['Enter']);
      await byTestId(b, 'theme-summary').then((s) => s.waitForDisplayed({ timeout: 10_000 }));
      const quote = await byTestId(b, 'theme-quote');
      await quote.waitForDisplayed({ timeout: 10_000 });
      await waitForText(quote, passage.slice(0, 20));
      await b.saveScreenshot(join(out, '17-theme.png'));
    },
    ['--workspace', join(sandbox, 'themes-ws')],
  );
});

/** Waits for an element with `data-testid=id` whose text includes `text`, and returns it. */
async function withText(b, id, text, timeout = 10_000) {
  let found;
  await b.waitUntil(
    async () => {
      for (const el of await b.$$(`[data-testid="${id}"]`)) {
        if ((await textOf(el)).includes(text)) return (found = el);
      }
      return false;
    },
    { timeout, timeoutMsg: `no ${id} reads ${JSON.stringify(text)}` },
  );
  return found;
}

test('roadmap: make an item from a theme, pick a model, slide a weight, read a breakdown', async () => {
  await withApp(
    'roadmap',
    async ({ browser: b }) => {
      await (await byTestId(b, 'open-demo')).click();
      await b.waitUntil(async () => (await items(b)).length >= 12, { timeout: 15_000 });

      // From a theme straight to a roadmap item: it lands in the Roadmap view, selected.
      await (await byTestId(b, 'nav-themes')).click();
      const theme = await withText(b, 'theme-item', 'Local setup');
      await theme.waitForClickable({ timeout: 5_000 });
      await theme.click();
      await byTestId(b, 'theme-summary').then((s) => s.waitForDisplayed({ timeout: 10_000 }));
      const make = await byTestId(b, 'theme-new-item');
      await make.waitForClickable({ timeout: 10_000 });
      await make.click();
      const editor = await byTestId(b, 'item-editor');
      await editor.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await (await byTestId(b, 'item-title-input')).getValue(), 'Local setup');
      const ranking = await byTestId(b, 'ranking');
      await ranking.waitForDisplayed();
      // RICE needs an impact and a confidence the new item does not have yet: flagged, not zero.
      const fresh = await withText(b, 'ranked-item', 'Local setup');
      const missing = await fresh.$('[data-testid="item-missing"]');
      await waitForText(missing, 'impact');
      await b.saveScreenshot(join(out, '18-item-from-theme.png'));

      // Pick the weighted model; the demo items rank by demand, reach, impact, confidence, effort.
      const model = await byTestId(b, 'model-select');
      await model.selectByAttribute('value', 'weighted');
      const order = async () => {
        const rows = await b.$$('[data-testid="ranked-item"]');
        const out = [];
        for (const r of rows) {
          const rank = await textOf(await r.$('[data-testid="item-rank"]'));
          if (/^\d+$/.test(rank)) out.push(await textOf(await r.$('[data-testid="item-title"]')));
        }
        return out;
      };
      await b.waitUntil(async () => (await order())[0] === 'Remote build cache for CI', {
        timeout: 10_000,
        timeoutMsg: 'the weighted model should put the build cache first',
      });
      const before = await order();

      // Slide the effort weight down to −10: the cheaper incident-context item overtakes it.
      const slider = await b.$('[data-testid="weight-slider"][data-key="effort"]');
      await slider.waitForDisplayed({ timeout: 5_000 });
      await b.execute((el) => {
        const range = el.matches('input') ? el : el.querySelector('input[type="range"]');
        for (const v of ['-4', '-7', '-10']) {
          range.value = v;
          range.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }, slider);
      await b.waitUntil(async () => (await order())[0] === 'Incident context in every page', {
        timeout: 10_000,
        timeoutMsg: `moving the effort weight should re-rank (was ${before.join(', ')})`,
      });
      assert.notDeepEqual(await order(), before);
      await b.saveScreenshot(join(out, '19-weight-slid.png'));

      // Open the breakdown of the leader: its criteria's points add up to its score.
      const leader = (await b.$$('[data-testid="ranked-item"]'))[0];
      const score = Number((await textOf(await leader.$('[data-testid="item-score"]'))).replace(/[^\d.-]/g, ''));
      const open = await leader.$('[data-testid="open-breakdown"]');
      await open.waitForClickable({ timeout: 5_000 });
      await open.click();
      const breakdown = await byTestId(b, 'breakdown');
      await breakdown.waitForDisplayed({ timeout: 5_000 });
      const parts = await breakdown.$$('[data-testid="breakdown-part"]');
      const keys = [];
      for (const p of parts) keys.push(await p.getAttribute('data-key'));
      assert.deepEqual(keys.sort(), ['confidence', 'demand', 'effort', 'impact', 'reach']);
      await waitForText(breakdown, 'Demand');
      assert.ok(Number.isFinite(score), `a numeric score (${score})`);
      await b.saveScreenshot(join(out, '20-breakdown.png'));
    },
    ['--workspace', join(sandbox, 'roadmap-ws')],
  );
});

test('export: the review pack and a search from the Export dialog, found on disk', async () => {
  const exports = join(sandbox, 'exports');
  mkdirSync(exports, { recursive: true });
  await withApp(
    'export',
    async ({ browser: b }) => {
      await (await byTestId(b, 'open-demo')).click();
      await b.waitUntil(async () => (await items(b)).length >= 12, { timeout: 15_000 });

      // The roadmap's review pack: HTML, anonymized by default, compared with nothing.
      await (await byTestId(b, 'nav-roadmap')).click();
      await (await byTestId(b, 'ranking')).waitForDisplayed({ timeout: 10_000 });
      const open = await byTestId(b, 'roadmap-export');
      await open.waitForClickable({ timeout: 10_000 });
      await open.click();
      const dialog = await byTestId(b, 'export-dialog');
      await dialog.waitForDisplayed({ timeout: 5_000 });
      assert.equal(await (await byTestId(b, 'export-format')).getValue(), 'html');
      assert.equal(await (await byTestId(b, 'export-anonymize')).isSelected(), true, 'the pack is anonymized by default');
      const path = await byTestId(b, 'export-path');
      await b.waitUntil(async () => /groundwork-roadmap-.*\.html$/.test(await path.getValue()), {
        timeout: 5_000,
        timeoutMsg: 'the destination should default to a dated file name',
      });

      // A relative path is refused with the field named; nothing is written.
      await typeInto(b, 'export-path', 'pack.html');
      const openAfter = await byTestId(b, 'export-open-after');
      if (await openAfter.isSelected()) await openAfter.click();
      await (await byTestId(b, 'export-submit')).click();
      await waitForText(await byTestId(b, 'export-error'), 'Destination');

      const pack = join(exports, 'review pack.html');
      await typeInto(b, 'export-path', pack);
      await (await byTestId(b, 'export-submit')).click();
      await waitForText(await byTestId(b, 'export-result'), pack);
      await b.saveScreenshot(join(out, '21-export-dialog.png'));
      const html = readFileSync(pack, 'utf8');
      assert.ok(html.startsWith('<!doctype html>'), 'a complete HTML file');
      assert.match(html, /<h1>Roadmap review<\/h1>/);
      assert.match(html, /Remote build cache for CI/);
      assert.match(html, /engineer \d+ \(/, 'people appear as labels');
      for (const name of ['Marcus', 'Lena', 'Priya', 'Diego Santos']) assert.ok(!html.includes(name), `the pack names ${name}`);
      await (await byTestId(b, 'export-close')).click();
      await dialog.waitForDisplayed({ reverse: true, timeout: 5_000 });

      // A search's matches as CSV, anonymized by default like every format that leaves the machine.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'flaky tests');
      await withText(b, 'result-count', 'result');
      const fromSearch = await byTestId(b, 'search-export');
      await fromSearch.waitForClickable({ timeout: 10_000 });
      await fromSearch.click();
      await dialog.waitForDisplayed({ timeout: 5_000 });
      assert.equal(await (await byTestId(b, 'export-subject')).getValue(), 'search');
      await (await byTestId(b, 'export-format')).selectByAttribute('value', 'csv');
      assert.equal(await (await byTestId(b, 'export-anonymize')).isSelected(), true, 'a CSV is anonymized by default');
      const csv = join(exports, 'flaky.csv');
      await typeInto(b, 'export-path', csv);
      const after = await byTestId(b, 'export-open-after');
      if (await after.isSelected()) await after.click();
      await (await byTestId(b, 'export-submit')).click();
      await waitForText(await byTestId(b, 'export-result'), csv);
      const rows = readFileSync(csv, 'utf8').trim().split('\n');
      assert.equal(rows[0], 'rank,id,kind,title,date,team,source,score,copies,duplicate_of,snippet');
      assert.ok(rows.length >= 3, `at least two matches (${rows.length - 1})`);
      assert.match(rows[1], /^1,\d+,interview,/);
    },
    ['--workspace', join(sandbox, 'export-ws')],
  );
});

test('metrics: import deployments, read the chart, ship an item, see its before and after', async () => {
  // SRE deploys once a week with 40 h lead times until Monday 6 October 2025, then four times a
  // week with 10 h lead times. The demo has no SRE deployments, and none at all in 2025.
  const file = join(sandbox, 'sre-deploys.csv');
  const rows = ['deploy_id,team,deployed_at,lead_time_h,rolled_back'];
  const ship = Date.UTC(2025, 9, 6);
  for (let w = -8; w < 8; w++) {
    const per = w < 0 ? 1 : 4;
    for (let k = 0; k < per; k++) {
      const at = new Date(ship + (w * 7 + k) * 86_400_000 + 10 * 3_600_000).toISOString().replace('.000', '');
      rows.push(`sre-${w}-${k},SRE,${at},${w < 0 ? 40 : 10},no`);
    }
  }
  writeFileSync(file, rows.join('\n') + '\n');

  await withApp(
    'metrics',
    async ({ browser: b }) => {
      await (await byTestId(b, 'open-demo')).click();
      await b.waitUntil(async () => (await items(b)).length >= 12, { timeout: 15_000 });

      // The demo's delivery metrics: the organization's deployment frequency with its DORA band.
      await (await byTestId(b, 'nav-metrics')).click();
      const df = await b.$('[data-testid="metric-card"][data-metric="deployment_frequency"][data-team=""]');
      await df.waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(await df.$('[data-testid="metric-band"]')), /Elite|High|Medium|Low/);

      // Import the SRE deployments by path, and read SRE's lead time.
      await typeInto(b, 'metrics-import-path', file);
      await (await byTestId(b, 'metrics-import-submit')).click();
      await waitForText(await byTestId(b, 'metrics-import-report'), '40 imported');
      await (await byTestId(b, 'metrics-team')).selectByAttribute('value', 'SRE');
      const lead = await b.$('[data-testid="metric-card"][data-metric="lead_time"][data-team="SRE"]');
      await lead.waitForDisplayed({ timeout: 10_000 });
      await waitForText(await lead.$('[data-testid="metric-band"]'), 'Elite');
      await b.saveScreenshot(join(out, '22-metrics.png'));

      // Mark the incident-context item shipped on 6 October 2025, aimed at lead time (−50 %).
      await (await byTestId(b, 'nav-roadmap')).click();
      const row = await withText(b, 'ranked-item', 'Incident context in every page');
      const why = await row.$('[data-testid="open-breakdown"]');
      await why.waitForClickable({ timeout: 5_000 });
      await why.click();
      const edit = await byTestId(b, 'edit-item');
      await edit.waitForClickable({ timeout: 5_000 });
      await edit.click();
      const editor = await byTestId(b, 'item-editor');
      await editor.waitForDisplayed({ timeout: 10_000 });
      await (await byTestId(b, 'item-status')).selectByAttribute('value', 'shipped');
      await (await byTestId(b, 'item-save')).click();
      await (await byTestId(b, 'item-saved')).waitForDisplayed({ timeout: 10_000 });
      const panel = await byTestId(b, 'impact-panel');
      await panel.waitForDisplayed({ timeout: 10_000 });
      await panel.scrollIntoView();
      await (await byTestId(b, 'impact-metric-select')).selectByAttribute('value', 'lead_time');
      await typeInto(b, 'impact-expected', '-50');
      await (await byTestId(b, 'impact-add')).click();
      await b.execute((el) => {
        el.value = '2025-10-06';
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, await byTestId(b, 'impact-shipped-on'));
      await (await byTestId(b, 'impact-save')).click();
      const result = await b.$('[data-testid="impact-row"][data-metric="lead_time"]');
      await result.waitForDisplayed({ timeout: 10_000 });
      await waitForText(await result.$('[data-testid="impact-verdict"]'), 'improved');
      await waitForText(await result.$('[data-testid="impact-before-after"]'), '40');
      await b.saveScreenshot(join(out, '23-impact.png'));
    },
    ['--workspace', join(sandbox, 'metrics-ws')],
  );
});

test('hostile notes stay inert: no script runs, no element comes from content, and the CSP blocks inline handlers', async () => {
  await withApp(
    'hostile',
    async ({ browser: b }) => {
      await (await byTestId(b, 'welcome-new')).click();
      await typeInto(b, 'field-title', 'Hostile hxe2e <b onmouseover="window.__pwned = 1">title</b>');
      const notes = [
        'Hostile hxe2e notes',
        '',
        '<script>window.__pwned = 1</script>',
        '<img src=x onerror="window.__pwned = 2">',
        '<svg onload="window.__pwned = 3"></svg><iframe src="javascript:window.top.__pwned = 4"></iframe>',
        '',
        '[click me](javascript:window.__pwned=5) and <a href="javascript:window.__pwned=6">raw link</a>',
        '',
        'safe \u202Etxt.exe and zero\u200Bwidth end',
      ].join('\n');
      await typeInto(b, 'field-notes', notes);
      await waitForText(await byTestId(b, 'save-status'), 'Saved');

      // The preview ({@html} of the core's sanitized Markdown): text, no active content.
      const preview = await byTestId(b, 'notes-preview');
      await waitForText(preview, 'click me');
      await waitForText(preview, 'txt.exe');
      const inPreview = await b.execute(() => {
        const p = document.querySelector('[data-testid="notes-preview"]');
        return {
          active: p.querySelectorAll('script, iframe, svg, object, embed, style').length,
          hrefs: [...p.querySelectorAll('a')].map((a) => a.getAttribute('href')),
          imgSrcs: [...p.querySelectorAll('img')].map((i) => i.getAttribute('src')),
        };
      });
      assert.equal(inPreview.active, 0, 'no script, frame, SVG or style element in the preview');
      assert.ok(
        inPreview.hrefs.every((h) => h === null || !/^\s*javascript:/i.test(h)),
        `no javascript: link: ${JSON.stringify(inPreview.hrefs)}`,
      );
      assert.ok(inPreview.imgSrcs.every((s) => s === null || s.startsWith('data:')), 'no remote image');
      await b.saveScreenshot(join(out, '24-hostile-preview.png'));

      // Search finds it; the snippet and the reader show the markup as text.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'hxe2e');
      const hit = await byTestId(b, 'search-hit');
      await hit.waitForDisplayed({ timeout: 10_000 });
      await hit.click();
      const reader = await byTestId(b, 'reader-text');
      await reader.waitForDisplayed({ timeout: 10_000 });
      await waitForText(reader, '<script>window.__pwned = 1</script>');
      await b.saveScreenshot(join(out, '25-hostile-search.png'));

      // Nothing ran, and nothing in the page came from content.
      const page = await b.execute(() => ({
        pwned: window.__pwned ?? null,
        frames: document.querySelectorAll('iframe, object, embed').length,
        contentScripts: [...document.querySelectorAll('script')].filter((s) => !s.src || s.text.includes('__pwned'))
          .length,
        handlers: [...document.querySelectorAll('*')]
          .flatMap((el) => [...el.attributes].map((a) => a.name))
          .filter((n) => n.startsWith('on')),
      }));
      assert.deepEqual(page, { pwned: null, frames: 0, contentScripts: 0, handlers: [] });

      // The CSP is live: an inline handler injected into the page does not run, although its
      // error event fires.
      await b.execute(() => {
        document.body.insertAdjacentHTML(
          'beforeend',
          '<img id="csp-probe" alt="" src="x" onerror="window.__pwned2 = 1">',
        );
        document.getElementById('csp-probe').addEventListener('error', () => {
          window.__probeErrored = true;
        });
      });
      await b.waitUntil(() => b.execute(() => window.__probeErrored === true), {
        timeout: 5_000,
        timeoutMsg: 'the probe image should fail to load',
      });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await b.execute(() => window.__pwned2 ?? null), null, 'the CSP blocks inline handlers');
    },
    ['--workspace', join(sandbox, 'hostile-ws')],
  );
});

test('the app and the CLI write to one workspace at once; both see everything, the check passes', async () => {
  const cli = resolve(process.env.GROUNDWORK_CLI ?? join(dirname(app), 'groundwork'));
  assert.ok(existsSync(cli), `the CLI is missing at ${cli}; cargo test -p groundwork builds it`);
  const ws = join(sandbox, 'shared-ws');
  const file = join(sandbox, 'terminal-tickets.csv');
  const lines = ['Summary,Issue key,Description'];
  for (let i = 1; i <= 3000; i++) {
    lines.push(`Runner pool drained ${i},TERM-${i},The kangaroo queue stalls build ${i} again.`);
  }
  writeFileSync(file, lines.join('\n'));
  const runCli = (args) =>
    new Promise((done) => {
      const p = spawn(cli, ['--workspace', ws, '--json', ...args], { env });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => done({ code, stdout, stderr }));
    });
  await withApp(
    'app-and-cli',
    async ({ browser: b }) => {
      await (await byTestId(b, 'welcome-new')).click();
      // The CLI imports 3 000 tickets while the app autosaves an interview being typed.
      const importing = runCli(['import', file]);
      await typeInto(b, 'field-title', 'Typed in the app during a terminal import');
      await typeInto(b, 'field-notes', 'The platypus dashboard hides failed deploys.');
      await waitForText(await byTestId(b, 'save-status'), 'Saved');
      const imported = await importing;
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal(JSON.parse(imported.stdout).imported, 3000);

      // The app finds what the terminal wrote; the terminal finds what the app wrote.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'kangaroo');
      await waitForText(await byTestId(b, 'result-count'), '3,000');
      await b.saveScreenshot(join(out, '26-app-and-cli.png'));
      const found = await runCli(['search', 'platypus']);
      assert.equal(found.code, 0, found.stderr);
      assert.equal(JSON.parse(found.stdout).total, 1);

      // With the app still open, the workspace checks out: sound, every document indexed once.
      const check = await runCli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      const report = JSON.parse(check.stdout);
      assert.equal(report.ok, true);
      assert.equal(report.documents, 3001);
      assert.equal(report.indexed, 3001);

      // The app's own check says the same, without the terminal.
      await (await byTestId(b, 'check-workspace')).click();
      await waitForText(await byTestId(b, 'toast'), 'Workspace OK: 3,001 of 3,001 documents indexed', 20_000);
      await b.saveScreenshot(join(out, '27-check-workspace.png'));
    },
    ['--workspace', ws],
  );
});

test('a workspace whose search index was damaged opens, rebuilds it and says so', async () => {
  const cli = resolve(process.env.GROUNDWORK_CLI ?? join(dirname(app), 'groundwork'));
  const ws = join(sandbox, 'damaged-index-ws');
  const file = join(sandbox, 'wombat-tickets.csv');
  writeFileSync(file, 'Summary,Issue key,Description\nWombat queue stalls,WOM-1,The wombat runner pool drains.\nDocs search misses,WOM-2,Runbooks are not found.\n');
  execFileSync(cli, ['--workspace', ws, 'import', file], { env });
  // A sync tool or a full disk left the index's meta.json empty.
  writeFileSync(join(ws, 'index', 'meta.json'), '');
  await withApp(
    'damaged-index',
    async ({ browser: b }) => {
      const toast = await byTestId(b, 'toast');
      await toast.waitForDisplayed({ timeout: 20_000 });
      assert.match(await textOf(toast), /The search index was rebuilt from the database/);
      await b.saveScreenshot(join(out, '27-index-rebuilt.png'));
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'wombat');
      await waitForText(await byTestId(b, 'result-count'), '1');
    },
    ['--workspace', ws],
  );
});

/** Selects `passage` inside the element `selector` finds (the reader's text), as a drag would. */
async function selectText(browser, selector, passage) {
  const ok = await browser.execute(
    (sel, wanted) => {
      const root = document.querySelector(sel);
      if (!root) return `no ${sel}`;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
      const whole = nodes.map((n) => n.data).join('');
      const from = whole.indexOf(wanted);
      if (from < 0) return `"${wanted}" is not in ${JSON.stringify(whole.slice(0, 200))}`;
      const at = (offset, end) => {
        let seen = 0;
        for (const n of nodes) {
          if (end ? offset <= seen + n.data.length : offset < seen + n.data.length) return [n, offset - seen];
          seen += n.data.length;
        }
        return null;
      };
      const range = document.createRange();
      range.setStart(...at(from, false));
      range.setEnd(...at(from + wanted.length, true));
      const s = window.getSelection();
      s.removeAllRanges();
      s.addRange(range);
      document.dispatchEvent(new Event('selectionchange'));
      return 'ok';
    },
    selector,
    passage,
  );
  assert.equal(ok, 'ok');
}

/** The text the reader draws as coded passages, its runs joined as they read. */
const codedText = (b, id = null) =>
  b.execute(
    (h) =>
      [...document.querySelectorAll(h === null ? '[data-testid="reader-highlight-mark"]' : `[data-highlight-ids~="${h}"]`)]
        .map((m) => m.textContent)
        .join(''),
    id,
  );

/** Codes the selected text with `path` through the reader's code picker (typed, then Enter). */
async function codeSelection(b, path) {
  await (await byTestId(b, 'code-passage')).click();
  const input = await byTestId(b, 'code-picker-input');
  await input.waitForDisplayed({ timeout: 5_000 });
  await input.addValue(path);
  await b.keys(['Enter']);
  await byTestId(b, 'code-picker-chip').waitForExist({ timeout: 5_000 });
  await b.keys(['Escape']);
}

test('code a passage in a transcript and see it drawn, in its theme and the codebook; an edit above keeps it anchored', async () => {
  const cli = resolve(process.env.GROUNDWORK_CLI ?? join(dirname(app), 'groundwork'));
  const ws = join(sandbox, 'coding-ws');
  const run = (...args) => JSON.parse(execFileSync(cli, ['--workspace', ws, '--json', ...args], { env, encoding: 'utf8' }));
  const vtt = join(sandbox, 'mo-builds.vtt');
  writeFileSync(
    vtt,
    [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:04.000',
      'Ana Lima: How long does a build take for you?',
      '',
      '00:00:05.000 --> 00:00:09.000',
      'Mo Chen: The pipeline takes forever before I can merge. Flaky tests make it worse.',
      '',
    ].join('\n'),
  );
  run('import', vtt, '--speaker', 'Ana Lima=interviewer');
  const typed = run('interview', 'add', '--title', 'Checkout: merge waits', '--participant', 'Lee Park', '--team', 'Checkout',
    '--date', '2026-03-02', '--body', 'Reviews are fine.\n\nWe wait an hour for the merge queue every afternoon.');
  run('interview', 'add', '--title', 'Search: waiting', '--participant', 'Ida Berg', '--team', 'Search', '--date', '2026-03-05',
    '--body', 'Our pipeline takes forever on Mondays before I can merge.\n\nWaiting for the build pipeline eats my whole morning.\n\nThe coffee machine in the kitchen is broken.');
  run('theme', 'add', 'Slow merges', 'flaky');
  const qdpx = join(sandbox, 'coding-project.qdpx');
  await withApp(
    'coding',
    async ({ browser: b }) => {
      // Open the transcript from a search and code the participant's sentence.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', 'speaker:"Mo Chen" pipeline');
      const hit = await byTestId(b, 'search-hit');
      await hit.waitForDisplayed({ timeout: 10_000 });
      await waitForText(hit, 'mo builds');
      await hit.click();
      await byTestId(b, 'reader-text').waitForDisplayed({ timeout: 10_000 });
      await selectText(b, '[data-testid="reader-text"]', 'The pipeline takes forever before I can merge.');
      await codeSelection(b, 'Builds/CI wait time');
      const mark = await byTestId(b, 'reader-highlight-mark');
      await mark.waitForExist({ timeout: 5_000 });
      assert.equal(await codedText(b), 'The pipeline takes forever before I can merge.');
      await waitForText(await byTestId(b, 'reader-highlights'), 'Builds/CI wait time');
      await b.saveScreenshot(join(out, '30a-coded-in-reader.png'));
      await (await byTestId(b, 'reader-close')).click();

      // The theme "Slow merges" finds "flaky" by its query; standing on the code adds nothing
      // new here (same document) but counts the passage.
      await (await byTestId(b, 'nav-themes')).click();
      const item = await byTestId(b, 'theme-item');
      await item.waitForDisplayed({ timeout: 10_000 });
      await item.click();
      await typeInto(b, 'theme-code-input', 'Builds');
      await (await byTestId(b, 'theme-code-add')).click();
      await waitForText(await byTestId(b, 'theme-parts'), '1 holding 1 coded passage');
      await b.saveScreenshot(join(out, '30b-theme-on-codes.png'));

      // The codebook counts it under the code and its parent.
      await (await byTestId(b, 'nav-codebook')).click();
      const row = await b.$('[data-testid="code-row"][data-code-path="Builds/CI wait time"]');
      await row.waitForExist({ timeout: 10_000 });
      await waitForText(await row.$('[data-testid="code-passages"]'), '1');
      await b.saveScreenshot(join(out, '30c-codebook.png'));

      // Find more like these: two suggestions accepted with one key each are coded.
      await (await row.$('[data-testid="code-select"]')).click();
      await (await byTestId(b, 'find-similar')).click();
      await byTestId(b, 'similar-list').waitForDisplayed({ timeout: 10_000 });
      await b.waitUntil(async () => (await b.$$('[data-testid="similar-hit"]')).length >= 2, {
        timeout: 10_000,
        timeoutMsg: 'at least two passages like the coded one should be suggested',
      });
      const suggested = await b.execute(() =>
        [...document.querySelectorAll('[data-testid="similar-text"]')].slice(0, 2).map((e) => e.textContent),
      );
      await b.saveScreenshot(join(out, '30c2-find-more.png'));
      const shown = async () => (await b.$$('[data-testid="similar-hit"]')).length;
      const n0 = await shown();
      await b.keys(['a']);
      await b.waitUntil(async () => (await shown()) === n0 - 1, { timeout: 10_000, timeoutMsg: 'A should code the first' });
      await b.keys(['a']);
      await b.waitUntil(async () => (await shown()) === n0 - 2, { timeout: 10_000, timeoutMsg: 'A should code the next' });
      await waitForText(await row.$('[data-testid="code-passages"]'), '3');
      const codedNow = run('code', 'list', '--code', 'Builds/CI wait time').map((h) => h.text);
      for (const t of suggested) assert.ok(codedNow.includes(t), `${t} should be coded`);

      // A typed interview: code a sentence, then write a paragraph above it; the code follows.
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', '"merge queue"');
      await waitForText(await byTestId(b, 'search-hit'), 'merge waits');
      await (await byTestId(b, 'search-hit')).click();
      await byTestId(b, 'reader-text').waitForDisplayed({ timeout: 10_000 });
      await selectText(b, '[data-testid="reader-text"]', 'We wait an hour for the merge queue every afternoon.');
      await codeSelection(b, 'Builds/Merge queue');
      await byTestId(b, 'reader-highlight-mark').waitForExist({ timeout: 5_000 });
      await (await byTestId(b, 'reader-close')).click();
      await (await byTestId(b, 'nav-interviews')).click();
      await b.waitUntil(async () => (await b.$$('[data-testid="interview-item"]')).length === 3, { timeout: 10_000 });
      for (const el of await b.$$('[data-testid="interview-item"]')) {
        if ((await textOf(el)).includes('merge waits')) await el.click();
      }
      await byTestId(b, 'field-notes').waitForDisplayed({ timeout: 10_000 });
      await b.execute((text) => {
        const area = document.querySelector('[data-testid="field-notes"]');
        area.value = text;
        area.dispatchEvent(new Event('input', { bubbles: true }));
      }, 'A new first paragraph about the release train.\n\nReviews are fine.\n\nWe wait an hour for the merge queue every afternoon.');
      await waitForText(await byTestId(b, 'save-status'), 'Saved');
      const passages = run('code', 'list', '--code', 'Builds/Merge queue');
      assert.equal(passages.length, 1);
      assert.equal(passages[0].document, typed.id);
      assert.equal(passages[0].text, 'We wait an hour for the merge queue every afternoon.');
      assert.equal(passages[0].status, 'anchored');
      assert.equal(passages[0].start, 'A new first paragraph about the release train.\n\nReviews are fine.\n\n'.length);
      await (await byTestId(b, 'nav-search')).click();
      await typeInto(b, 'search-input', '"release train"');
      await waitForText(await byTestId(b, 'search-hit'), 'release train');
      await (await byTestId(b, 'search-hit')).click();
      await byTestId(b, 'reader-highlight-mark').waitForExist({ timeout: 10_000 });
      assert.equal(await codedText(b, passages[0].id), 'We wait an hour for the merge queue every afternoon.');
      await b.saveScreenshot(join(out, '30d-anchored-after-edit.png'));

      // Export the coding project for another tool.
      await (await byTestId(b, 'reader-close')).click();
      await (await byTestId(b, 'nav-codebook')).click();
      await (await byTestId(b, 'codebook-tab-exchange')).click();
      await typeInto(b, 'refi-path', qdpx);
      await (await byTestId(b, 'refi-export-qdpx')).click();
      await waitForText(await byTestId(b, 'refi-result'), `Wrote ${qdpx}`);
      await b.saveScreenshot(join(out, '30e-qdpx-exported.png'));
    },
    ['--workspace', ws],
  );
  assert.ok(existsSync(qdpx), 'the .qdpx is on disk');

  // A fresh workspace imports it: the same codes and the same passages.
  const fresh = join(sandbox, 'coding-fresh-ws');
  await withApp(
    'coding-import',
    async ({ browser: b }) => {
      await (await byTestId(b, 'nav-codebook')).click();
      await (await byTestId(b, 'codebook-tab-exchange')).click();
      await typeInto(b, 'refi-path', qdpx);
      await (await byTestId(b, 'refi-import')).click();
      const coded = run('code', 'list').length;
      await waitForText(await byTestId(b, 'refi-result'), `Imported 3 documents and ${coded} coded passages`);
      await (await byTestId(b, 'codebook-tab-codes')).click();
      const row = await b.$('[data-testid="code-row"][data-code-path="Builds/Merge queue"]');
      await row.waitForExist({ timeout: 10_000 });
      await b.saveScreenshot(join(out, '30f-qdpx-imported.png'));
    },
    ['--workspace', fresh],
  );
  const other = (...args) => JSON.parse(execFileSync(cli, ['--workspace', fresh, '--json', ...args], { env, encoding: 'utf8' }));
  const codes = (list) => list.codes.map((c) => [c.path, c.passages]);
  assert.deepEqual(codes(other('codebook', 'list')), codes(run('codebook', 'list')));
  const passages = (list) => list.map((h) => [h.text, h.codes.join(',')]).sort();
  assert.deepEqual(passages(other('code', 'list')), passages(run('code', 'list')));
});
