#!/usr/bin/env node
// End-to-end tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) + headless
// Debian Chromium driven by playwright-core, talking to the fake model server.
//   Phase 1: the Mocha suite (out/test/e2e/suite/index.js) runs inside the extension host.
//   Phase 2: the UI itself is driven: Ctrl+P, F1 "WeaverGen: Generate", screenshot.
// Usage: node test/e2e/runCodeServer.mjs [--suite-only | --ui-only]
// Env: WEAVERGEN_E2E_TIMEOUT_MS (default 300000), WEAVERGEN_E2E_GREP, WEAVERGEN_E2E_VERBOSE=1,
//      WEAVERGEN_E2E_NO_BUILD=1 (use the existing dist/ and out/)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { build, ensureCodeServer, launchChromium, freePort, killTree, REPO, startCodeServer, waitHealthy, workbenchUrl } from './codeServer.mjs';
import { fakeControl, makeTempRoot, makeWorkspace, SLACK, startFakeServer } from './harness.mjs';


const TIMEOUT_MS = Number(process.env.WEAVERGEN_E2E_TIMEOUT_MS || 900_000);
const VERBOSE = process.env.WEAVERGEN_E2E_VERBOSE === '1';
const ARTIFACTS = join(REPO, 'test-artifacts');
const only = process.argv.includes('--suite-only') ? 'suite' : process.argv.includes('--ui-only') ? 'ui' : 'all';

const tally = { passed: 0, failed: 0 };
const cleanups = [];
let finished = false;

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.WEAVERGEN_E2E_NO_BUILD === '1') console.log('e2e: using the existing dist/ and out/ (WEAVERGEN_E2E_NO_BUILD=1)');
  else {
    console.log('e2e: building');
    build();
  }
  requireBuilt();
  const entry = ensureCodeServer();

  const root = makeTempRoot();
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));

  const fakeServer = await startFakeServer({ log: (d) => VERBOSE && process.stderr.write(`[fake] ${d}`) });
  cleanups.push(() => killTree(fakeServer.child));
  console.log(`e2e: fake model server at ${fakeServer.url}`);

  const port = await freePort();
  const codeServer = startCodeServer({
    entry,
    port,
    home: join(root, 'home'),
    env: { WEAVERGEN_E2E_GREP: process.env.WEAVERGEN_E2E_GREP ?? '' },
    log: (d) => VERBOSE && process.stderr.write(`[code-server] ${d}`),
  });
  cleanups.push(() => killTree(codeServer));
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, 30_000 * SLACK, codeServer);
  console.log(`e2e: code-server at ${base}`);

  const context = await launchChromium(join(root, 'chromium'));
  cleanups.push(() => context.close().catch(() => {}));

  if (only !== 'ui') await runSuite(context, port, makeWorkspace(root, fakeServer, 'ws-suite'));
  if (only !== 'suite') await runUi(context, port, makeWorkspace(root, fakeServer, 'ws-ui'), fakeServer);
}

function requireBuilt() {
  const missing = ['dist/client.js', 'dist/server.js', 'out/test/e2e/suite/index.js'].filter((f) => !existsSync(join(REPO, f)));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run: node esbuild.mjs)`);
}

/** Phase 1: the Mocha suite inside the extension host; resolves when it calls codeAutomationExit. */
async function runSuite(context, port, workspace) {
  let exit;
  const exited = new Promise((r) => (exit = r));
  let counted = false;
  await context.exposeFunction('codeAutomationExit', (code) => exit(code));
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    const text = typeof list[0] === 'string' && list[0].includes('%') ? format(...list) : list.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    const m = /e2e-suite: (\d+) passed, (\d+) failed/.exec(text);
    if (m) {
      tally.passed += Number(m[1]);
      tally.failed += Number(m[2]);
      counted = true;
    }
    if (VERBOSE) console.log(`[${type}] ${text}`);
    else if (!isNoise(text)) console.log(text);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => VERBOSE && console.error(`[page] ${e.message}`));
  console.log('e2e: phase 1 — Mocha suite in the extension host');
  await page.goto(workbenchUrl({ port, folder: workspace, extensionPath: REPO, testsPath: join(REPO, 'out/test/e2e/suite/index.js') }));
  const code = await exited;
  await page.screenshot({ path: join(ARTIFACTS, 'e2e-suite.png') }).catch(() => {});
  if (!counted) tally.failed += code === 0 ? 0 : 1;
  console.log(`e2e: suite exited with ${code}`);
  await page.close().catch(() => {});
}

/** Phase 2: drive the workbench like a user and check what is on screen. */
async function runUi(context, port, workspace, fakeServer) {
  console.log('e2e: phase 2 — driving the UI');
  await fakeControl(fakeServer, 'POST', 'reset');
  await fakeControl(fakeServer, 'POST', 'reply', { text: '```ts\nreturn a * b; // uiGenerateMarker\n```' });
  const page = await context.newPage();
  let generateShot = false;
  const check = async (name, fn) => {
    try {
      await fn();
      tally.passed++;
      console.log(`  ✔ ui: ${name}`);
    } catch (e) {
      tally.failed++;
      console.log(`  ✘ ui: ${name}\n    ${String(e.message).split('\n')[0]}`);
      await page.screenshot({ path: join(ARTIFACTS, `ui-failure-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      throw e;
    }
  };
  try {
    await page.goto(workbenchUrl({ port, folder: workspace, extensionPath: REPO }));
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 * SLACK });

    await check('quick open shows the file', async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: "visible", timeout: 15_000 * SLACK });
      await page.keyboard.type('empty.ts');
      await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="empty.ts"]', { timeout: 15_000 * SLACK });
      await page.keyboard.press('Enter');
      await waitEditorText(page, 'multiply', 20_000 * SLACK);
    });

    await check('status bar shows the provider', async () => {
      await page.waitForSelector('.statusbar-item:has-text("WeaverGen: fake-coder")', { timeout: 60_000 * SLACK });
    });

    await check('F1 "WeaverGen: Generate" inserts the code', async () => {
      // Cursor inside the empty body: go to line 4 (the closing brace).
      await page.click('.monaco-editor .view-lines');
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: "visible", timeout: 10_000 * SLACK });
      await page.keyboard.type('4');
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: "visible", timeout: 10_000 * SLACK });
      await page.keyboard.type('WeaverGen: Generate');
      await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="WeaverGen: Generate"]', { timeout: 15_000 * SLACK });
      await page.keyboard.press('Enter');
      await waitEditorText(page, 'uiGenerateMarker', 60_000 * SLACK);
    });

    await check('the status bar names the provider (no toast)', async () => {
      await page.waitForSelector('#workbench\\.parts\\.statusbar :text("Generated by local (fake-coder)")', { timeout: 20_000 * SLACK });
      await page.waitForSelector('#workbench\\.parts\\.statusbar :text("generating")', { state: "detached", timeout: 10_000 * SLACK });
      if (await page.$('.notification-toast:has-text("Generated by")')) throw new Error('a success toast was shown');
    });
    await page.screenshot({ path: join(ARTIFACTS, 'ui-generate.png') }).catch(() => {});
    generateShot = true;
    await uiEvidence(page, check);
    await uiLearning(page, check);
  } catch {
    // Recorded by check(); later checks depend on earlier ones.
  } finally {
    if (!generateShot) await page.screenshot({ path: join(ARTIFACTS, 'ui-generate.png') }).catch(() => {});
    console.log(`e2e: screenshot ${join(ARTIFACTS, 'ui-generate.png')}`);
    await page.close().catch(() => {});
  }
}

/** Evidence: Show Evidence renders the webview (screenshot), and the code lens survives a reload. */
async function uiEvidence(page, check) {
  await check('code lens shows the evidence', async () => {
    await page.waitForSelector('.monaco-editor .codelens-decoration:has-text("by local")', { timeout: 30_000 * SLACK });
  });
  await check('F1 "WeaverGen: Show Evidence" renders the waterfall', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: "visible", timeout: 10_000 * SLACK });
    await page.keyboard.type('WeaverGen: Show Evidence');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="WeaverGen: Show Evidence"]', { timeout: 15_000 * SLACK });
    await page.keyboard.press('Enter');
    const body = page.frameLocator('iframe.webview').frameLocator('#active-frame').locator('body[data-rendered="true"]');
    await body.waitFor({ timeout: 30_000 * SLACK });
    await page.screenshot({ path: join(ARTIFACTS, 'evidence-view.png') });
    console.log(`e2e: screenshot ${join(ARTIFACTS, 'evidence-view.png')}`);
  });
  await check('evidence survives a reload (code lens still shown)', async () => {
    await page.reload();
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 * SLACK });
    await page.waitForSelector('.monaco-editor .codelens-decoration:has-text("by local")', { timeout: 60_000 * SLACK });
    await page.screenshot({ path: join(ARTIFACTS, 'evidence-after-reload.png') }).catch(() => {});
  });
}

/** Learning: F1 "WeaverGen: Show What Was Learned" renders the report (screenshot test-artifacts/learning-report.png). */
async function uiLearning(page, check) {
  await check('F1 "WeaverGen: Show What Was Learned" renders the learning report', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: "visible", timeout: 10_000 * SLACK });
    await page.keyboard.type('WeaverGen: Show What Was Learned');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="WeaverGen: Show What Was Learned"]', { timeout: 15_000 * SLACK });
    await page.keyboard.press('Enter');
    // Several webviews may exist (the evidence view too): find the report's frame.
    const deadline = Date.now() + 30_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      for (const f of page.frames()) {
        if (await f.locator('body[data-rendered="true"] h1:has-text("What WeaverGen learned")').count().catch(() => 0)) found = true;
      }
      if (!found) await page.waitForEvent('framenavigated', { timeout: 1_000 * SLACK }).catch(() => {});
    }
    if (!found) throw new Error('the learning report never rendered');
    await page.screenshot({ path: join(ARTIFACTS, 'learning-report.png') });
    console.log(`e2e: screenshot ${join(ARTIFACTS, 'learning-report.png')}`);
  });
}

/** Workbench chatter that is not the suite's output (marketplace lookups offline, sockets). */
function isNoise(text) {
  return /ENOTFOUND|open-vsx|marketplace|Creating a socket|connection token|Service Worker|ChatSessionStore|builtin extensions cache|workbench\.js/.test(text);
}

function waitEditorText(page, needle, timeout) {
  return page.waitForFunction(
    (n) => [...document.querySelectorAll('.monaco-editor .view-lines')].some((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ').includes(n)),
    needle,
    { timeout },
  );
}

async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // best effort
    }
  }
}

async function finish(code) {
  if (finished) return;
  finished = true;
  await cleanup();
  console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(code);
}

const overall = setTimeout(() => {
  console.error(`e2e: timed out after ${TIMEOUT_MS} ms`);
  tally.failed++;
  void finish(1);
}, TIMEOUT_MS);
overall.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void finish(130));

main().then(
  () => finish(tally.failed === 0 && tally.passed > 0 ? 0 : 1),
  (e) => {
    console.error(`e2e: ${e?.stack ?? e}`);
    tally.failed++;
    return finish(1);
  },
);
