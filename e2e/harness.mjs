// The browser-test harness: the real `lpc serve` on a fresh SQLite file, Debian's chromium
// driven by playwright-core, and the `lpc` command against the same database to seed data.
//
// It builds nothing: the binary comes from LPC_BIN (default target/debug/lpc, relative to the
// working directory or else to the repository root), the browser from CHROMIUM_PATH (default
// /usr/bin/chromium). Everything a test starts is stopped, and its temporary directory removed,
// when the test ends, whether it passed or not (LPC_E2E_KEEP=1 keeps the directory, with the
// database and the server's log, and prints where it is).
//
// Accessibility is a gate: every HTML page a test's browser lands on is checked by axe-core at
// 1280 and at 390 px wide, and the test fails at its end listing each violation found
// (LPC_E2E_AXE=0 turns the check off while debugging). See `openBrowser`.
//
//   import { test } from 'node:test';
//   import { startServer, openBrowser, shot } from '../harness.mjs';
//
//   test('something', async (t) => {
//     const server = await startServer(t, { demo: true, today: '2026-03-16' });
//     await server.lpc(['partner', 'add', '--id', '4100001', '--name', 'Sakura', '--country', 'JP']);
//     const page = await openBrowser(t).then((b) => b.page());
//     await page.goto(server.url('/'));
//     await shot(page, 'home');
//   });

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile as write } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

/** The repository's root folder (the parent of e2e/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How long `lpc serve` may take to print "lpc serving on" (a debug build seeding the demo). */
const START_TIMEOUT_MS = Number(process.env.LPC_E2E_START_TIMEOUT_MS ?? 120_000);
/** How long a stopped server may take to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** The flags chromium needs on this kind of machine (root, no GPU, small /dev/shm, no network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The path of the `lpc` binary the tests run. */
export function lpcBin() {
  const configured = process.env.LPC_BIN || 'target/debug/lpc';
  const candidates = path.isAbsolute(configured)
    ? [configured]
    : [path.resolve(configured), path.resolve(ROOT, configured)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `the lpc binary is not at ${candidates.join(' nor ')}: build it first ` +
        '(cargo build -p lpc --locked) or point LPC_BIN at it',
    );
  }
  return found;
}

/** The environment of every `lpc` process: the caller's, without its LPC_* settings. */
function lpcEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('LPC_')) env[key] = value;
  }
  return { ...env, RUST_BACKTRACE: '1', ...extra };
}

/** Every server still running, stopped if the test process exits without cleaning up. */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `lpc [--today DATE] --db sqlite://<tmp>/lpc.db serve --addr 127.0.0.1:0 [--demo]` in a
 * new temporary directory and waits until it says where it serves.
 *
 * `t` is the node:test context: the server is stopped and the directory removed when that test
 * ends. Options: `demo` (seed the demo data), `today` (YYYY-MM-DD), `env` (more environment
 * variables for the server and the CLI), `args` (more arguments after `serve`).
 *
 * Returns `{ base, url(path), db, dir, stdout(), log(), lpc(args, opts), lpcJson(args, opts) }`:
 * `base` is `http://127.0.0.1:PORT`, `stdout()` what the server printed (the demo logins),
 * `log()` everything it printed on both streams so far.
 */
export async function startServer(t, { demo = false, today, env = {}, args = [] } = {}) {
  const bin = lpcBin();
  const dir = await mkdtemp(path.join(tmpdir(), 'lpc-e2e-'));
  const db = `sqlite://${path.join(dir, 'lpc.db')}`;
  const global = ['--db', db, ...(today ? ['--today', today] : [])];
  const logFile = path.join(dir, 'server.log');
  const logStream = createWriteStream(logFile);
  let stdoutText = '';
  let logText = '';

  const child = spawn(
    bin,
    [...global, 'serve', '--addr', '127.0.0.1:0', ...(demo ? ['--demo'] : []), ...args],
    { cwd: dir, env: lpcEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let stopping = false;
  let exitedEarly = null;
  exited.then((status) => {
    if (!stopping) exitedEarly = status;
  });

  const server = {
    dir,
    db,
    base: null,
    /** The absolute URL of `pathname` on this server. */
    url: (pathname = '/') => new URL(pathname, server.base).href,
    stdout: () => stdoutText,
    log: () => logText,
    /** Runs `lpc` against this server's database; resolves to { code, stdout, stderr }. */
    run: (cliArgs, opts = {}) => runLpc(bin, [...global, ...cliArgs], { cwd: dir, env, ...opts }),
    /** Runs `lpc` against this server's database and fails unless it exits 0; resolves to stdout. */
    lpc: async (cliArgs, opts = {}) => {
      const result = await server.run(cliArgs, opts);
      if (result.code !== 0) {
        throw new Error(
          `lpc ${cliArgs.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`,
        );
      }
      return result.stdout;
    },
    /** As `lpc`, with `--json` added, parsing the one JSON document printed. */
    lpcJson: async (cliArgs, opts = {}) => JSON.parse(await server.lpc([...cliArgs, '--json'], opts)),
  };

  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((resolve) => logStream.end(resolve));
    if (process.env.LPC_E2E_KEEP === '1') {
      process.stderr.write(`lpc e2e: kept ${dir} (database and server.log)\n`);
    } else {
      await rm(dir, { recursive: true, force: true });
    }
    if (exitedEarly) {
      throw new Error(
        `lpc serve stopped on its own during the test (${describeExit(exitedEarly)}):\n` +
          tail(logText),
      );
    }
  };
  t.after(stop);

  const ready = new Promise((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdoutText += chunk;
      logText += chunk;
      logStream.write(chunk);
      pending += chunk;
      const match = /lpc serving on (http:\/\/\S+)/.exec(pending);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk) => {
      logText += chunk;
      logStream.write(chunk);
    });
    child.on('error', reject);
    exited.then((status) =>
      reject(new Error(`lpc serve exited before serving (${describeExit(status)}):\n${tail(logText)}`)),
    );
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`lpc serve did not say "lpc serving on" within ${START_TIMEOUT_MS} ms:\n${tail(logText)}`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    server.base = await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return server;
}

/**
 * Runs `lpc` with `args` (the caller adds --db); `input` is written to its stdin (a password for
 * `lpc user add`, say). Resolves to { code, stdout, stderr }.
 */
export function runLpc(bin, args, { cwd, env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd,
      env: lpcEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr }));
    child.stdin.on('error', () => {}); // a command that reads no input may close stdin first
    child.stdin.end(input ?? '');
  });
}

/**
 * Launches Debian's chromium headless, closed when the test `t` ends. Returns the browser with
 * one more method, `page({ locale, ...contextOptions })`: a page in a new context (its own
 * cookies), English by default so that Accept-Language does not depend on the machine.
 *
 * Unless LPC_E2E_AXE=0, the pages it hands out are checked for accessibility: see `axeGate`.
 */
export async function openBrowser(t) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no chromium at ${executablePath}: install Debian's (apt-get install -y chromium) ` +
        'or point CHROMIUM_PATH at one',
    );
  }
  const gate = axeEnabled() ? axeGate(t) : null;
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  t.after(async () => {
    // The pages' last checks first: they need the browser.
    if (gate) await gate.settle();
    await browser.close();
  });
  browser.page = async ({ locale = 'en-US', ...options } = {}) => {
    const context = await browser.newContext({
      locale,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    return gate ? gate.watch(page) : page;
  };
  return browser;
}

// ---------------------------------------------------------------------------------------------
// The accessibility gate (axe-core).

/** The widths every page is checked at: a desktop and a phone (the portal must work on both). */
export const AXE_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** How long one page's check at every width may take before the gate reports it as stuck. */
const AXE_TIMEOUT_MS = 60_000;

/** How many elements of one violation the failure message shows (the rest are counted). */
const AXE_NODES_SHOWN = 3;

/** Whether the gate is on: it is unless LPC_E2E_AXE=0 (for debugging a flow locally). */
function axeEnabled() {
  return process.env.LPC_E2E_AXE !== '0';
}

let axeSource = null;

/**
 * Runs axe-core on the page as it is now and resolves to its violations (axe's own objects:
 * `id`, `impact`, `help`, `helpUrl`, `nodes[{ target, html, failureSummary }]`).
 *
 * axe.min.js goes in through `page.evaluate`, not a <script> tag: the pages' Content Security
 * Policy (script-src 'self') refuses inline scripts, and evaluating through the DevTools
 * protocol is not subject to it. It is injected once per document.
 */
export async function axeViolations(page) {
  axeSource ??= await readFile(path.join(ROOT, 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8').catch(
    (error) => {
      throw new Error(`axe-core is not installed (npm ci --prefix e2e): ${error.message}`);
    },
  );
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations;
}

/** Errors that mean the page went away or moved on while it was checked: its next load is checked. */
function pageMovedOn(error) {
  return /Execution context was destroyed|has been closed|Target closed|frame (was|has been) detached/i.test(
    String(error?.message ?? error),
  );
}

/**
 * The accessibility gate of test `t`: `watch(page)` returns the page wrapped so that each HTML
 * document it lands on (after `goto`, `reload`, `waitForURL`, `waitForNavigation`, and on every
 * `load` event, which covers links and forms followed by a click) is checked by axe-core at
 * each of `AXE_VIEWPORTS` (resized, checked, resized back), at most once per URL path and query
 * and width in the test. `settle()` waits for the checks under way. When the test ends, it
 * fails listing every violation.
 *
 * The check changes the page's size, so the test must not act on the page meanwhile: every
 * method of the wrapped page, of its locators and of its context's new pages first waits for
 * the page's checks to end.
 */
function axeGate(t) {
  /** `${path} @${width}` already checked (or not HTML), for every page of the test. */
  const checked = new Set();
  const violations = [];
  const problems = [];
  /** Per page, the promise of its checks so far. */
  const queues = new Map();
  const wrapped = new WeakMap();

  const idle = (page) => queues.get(page) ?? Promise.resolve();

  /** Checks the page at its current URL (once loaded, with `load`) after the checks already queued. */
  const check = (page, { load = false } = {}) => {
    const next = idle(page).then(() =>
      withTimeout(
        (async () => {
          if (load) await page.waitForLoadState('load');
          await checkNow(page);
        })(),
        AXE_TIMEOUT_MS,
        () => page.url(),
      ),
    );
    const queued = next.catch((error) => {
      if (!page.isClosed() && !pageMovedOn(error)) {
        problems.push(`axe-core could not check ${page.url()}: ${error.message}`);
      }
    });
    queues.set(page, queued);
    return queued;
  };

  const checkNow = async (page) => {
    if (page.isClosed()) return;
    const url = page.url();
    if (!/^https?:/.test(url)) return; // about:blank, data: and the like
    const { pathname, search } = new URL(url);
    // The same address in another language is another page to check: longer Japanese or
    // Italian text overflows where English does not.
    const { type, lang } = await page.evaluate(() => ({
      type: document.contentType,
      lang: document.documentElement.lang,
    }));
    const where = `${pathname}${search}${lang ? ` [${lang}]` : ''}`;
    const todo = AXE_VIEWPORTS.filter(({ width }) => !checked.has(`${where} @${width}`));
    if (todo.length === 0) return;
    // JSON, CSV, text, a PDF shown by the browser: not pages of the portal.
    if (type !== 'text/html') {
      for (const { width } of AXE_VIEWPORTS) checked.add(`${where} @${width}`);
      return;
    }
    const original = page.viewportSize();
    try {
      for (const viewport of todo) {
        await page.setViewportSize(viewport);
        // One frame, so that the layout and the media queries follow the new width.
        // (With a time limit: a page in the background may get no frame.)
        await page.evaluate(
          () => new Promise((resolve) => {
            requestAnimationFrame(() => resolve());
            setTimeout(resolve, 200);
          }),
        );
        const found = await axeViolations(page);
        if (page.url() !== url) return; // it moved on meanwhile: its next load is checked
        checked.add(`${where} @${viewport.width}`);
        for (const violation of found) violations.push({ ...violation, where, width: viewport.width });
      }
    } finally {
      if (original && !page.isClosed()) await page.setViewportSize(original).catch(() => {});
    }
  };

  const watch = (page) => {
    if (wrapped.has(page)) return wrapped.get(page);
    locatorPrototype ??= Object.getPrototypeOf(page.locator(':root'));
    // A new document is queued for its check as soon as it commits, not only once it has
    // loaded: the test's next action (say, a click right after the one that followed a link)
    // then waits for the load and the check instead of racing the resizing.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) check(page, { load: true });
    });
    page.on('load', () => check(page));
    page.on('close', () => queues.delete(page));
    const gated = (value) => (isLocator(value) ? gateLocator(value, () => idle(page)) : value);
    const proxy = new Proxy(page, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (typeof value !== 'function' || typeof name !== 'string') return value;
        if (name === 'context') {
          return () => gateContext(target.context());
        }
        if (PAGE_NAVIGATIONS.has(name)) {
          // Where the test waits for a page to load, it goes on once that page is checked.
          return async (...args) => {
            await idle(target);
            const result = await value.apply(target, args);
            await check(target);
            return result;
          };
        }
        if (SYNC_METHODS.has(name)) return (...args) => gated(value.apply(target, args));
        return async (...args) => {
          await idle(target);
          return value.apply(target, args);
        };
      },
    });
    wrapped.set(page, proxy);
    return proxy;
  };

  /** The context of a watched page: its new pages are watched, and it closes once they are checked. */
  const gateContext = (context) =>
    new Proxy(context, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (name === 'newPage') return async (...args) => watch(await value.apply(target, args));
        if (name === 'close') {
          return async (...args) => {
            await Promise.all(target.pages().map(idle));
            return value.apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  const settle = async () => {
    // A check may queue another (a page that loads again): wait until none is left.
    let pending;
    do {
      pending = [...queues.values()];
      await Promise.all(pending);
    } while ([...queues.values()].some((queued) => !pending.includes(queued)));
  };

  const report = () => {
    if (violations.length === 0 && problems.length === 0) return;
    throw new Error(formatAxeReport(violations, problems));
  };

  runLast(t, report);
  return { watch, settle };
}

/** The page methods after which the test expects a new document: it is checked before they return. */
const PAGE_NAVIGATIONS = new Set(['goto', 'reload', 'goBack', 'goForward', 'waitForURL', 'waitForNavigation', 'waitForLoadState']);

/** Methods of pages and locators that answer at once (no promise): never delayed by a check. */
const SYNC_METHODS = new Set([
  'url', 'mainFrame', 'frames', 'frame', 'viewportSize', 'isClosed', 'video', 'workers', 'opener',
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener', 'listeners', 'listenerCount', 'emit',
  'setDefaultTimeout', 'setDefaultNavigationTimeout',
  'locator', 'frameLocator', 'getByRole', 'getByText', 'getByLabel', 'getByPlaceholder', 'getByAltText', 'getByTitle', 'getByTestId',
  'filter', 'first', 'last', 'nth', 'and', 'or', 'contentFrame', 'page', 'describe', 'toString',
]);

/** playwright-core's Locator class (bundled, so not findable by name), learnt from the first page. */
let locatorPrototype = null;

function isLocator(value) {
  return value != null && typeof value === 'object' && Object.getPrototypeOf(value) === locatorPrototype;
}

/** A locator whose actions wait for `idle()` first; the locators made from it too. */
function gateLocator(locator, idle) {
  return new Proxy(locator, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      if (SYNC_METHODS.has(name)) {
        return (...args) => {
          const result = value.apply(target, args);
          return isLocator(result) ? gateLocator(result, idle) : result;
        };
      }
      return async (...args) => {
        await idle();
        return value.apply(target, args);
      };
    },
  });
}

/**
 * Runs `last` once every other `t.after` hook has run, even those registered later (a server
 * started in a subtest with the outer `t`): node:test skips the hooks after one that throws, and
 * those stop servers and browsers.
 */
function runLast(t, last) {
  let waiting = 0; // hooks registered after this one that have not run yet
  let due = false;
  const runIfLast = async (error) => {
    if (!due || waiting > 0) {
      if (error) throw error;
      return;
    }
    due = false;
    try {
      await last();
    } catch (gateError) {
      if (!error) throw gateError;
      throw new Error(`${error.message}\n\nand then:\n${gateError.message}`, { cause: error });
    }
    if (error) throw error;
  };
  t.after(async () => {
    due = true;
    await runIfLast();
  });
  const after = t.after;
  t.after = function (fn, options) {
    waiting += 1;
    return after.call(
      this,
      async (...args) => {
        let error;
        try {
          await fn(...args);
        } catch (caught) {
          error = caught;
        }
        waiting -= 1;
        // One that throws stops the hooks after it: the gate reports now, with its error.
        if (error) waiting = 0;
        await runIfLast(error);
      },
      options,
    );
  };
}

async function withTimeout(promise, ms, where) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the check of ${where()} took over ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The failure message: one entry per rule, page and elements, with the widths it was seen at. */
function formatAxeReport(violations, problems) {
  const entries = new Map();
  for (const violation of violations) {
    const targets = violation.nodes.map((node) => node.target.join(' '));
    const key = JSON.stringify([violation.id, violation.where, targets]);
    const entry = entries.get(key);
    if (entry) entry.widths.push(violation.width);
    else entries.set(key, { violation, widths: [violation.width] });
  }
  const lines = [
    `axe-core found ${entries.size} accessibility violation(s) on the pages this test visited ` +
      '(LPC_E2E_AXE=0 turns the check off):',
  ];
  let n = 0;
  for (const { violation, widths } of entries.values()) {
    n += 1;
    lines.push(
      '',
      `${n}. ${violation.id} (${violation.impact}) on ${violation.where} at ${widths.join(' and ')} px: ${violation.help}`,
      `   ${violation.helpUrl}`,
    );
    for (const node of violation.nodes.slice(0, AXE_NODES_SHOWN)) {
      lines.push(`   - ${node.target.join(' ')}`, `     ${oneLine(node.html, 200)}`);
      const summary = (node.failureSummary ?? '').split('\n').slice(1).map((s) => s.trim()).filter(Boolean);
      if (summary.length) lines.push(`     ${oneLine(summary.join('; '), 300)}`);
    }
    const more = violation.nodes.length - AXE_NODES_SHOWN;
    if (more > 0) lines.push(`   ... and ${more} more element(s)`);
  }
  if (problems.length) lines.push('', 'and the gate could not check every page:', ...problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

function oneLine(text, max) {
  const line = String(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Screenshots go here, but only when SCREENSHOTS=1 (scripts/screenshots). */
export const SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots');

/** Saves a full-page screenshot as docs/screenshots/<name>.png when SCREENSHOTS=1. */
export async function shot(page, name, { maxHeight } = {}) {
  if (process.env.SCREENSHOTS !== '1') return null;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)} is not a plain file name`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // A phone's page of a hundred cards is metres long: `maxHeight` keeps its top.
  const clip = maxHeight
    ? await page.evaluate((max) => ({
        x: 0,
        y: 0,
        width: document.documentElement.clientWidth,
        height: Math.min(document.documentElement.scrollHeight, max),
      }), maxHeight)
    : undefined;
  await page.screenshot({ path: file, fullPage: true, clip, animations: 'disabled' });
  return file;
}

/** A fetch against the server that never throws on HTTP errors: { status, headers, text, json() }. */
export async function get(server, pathname, init = {}) {
  const response = await fetch(server.url(pathname), { redirect: 'manual', ...init });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/** The demo's password, read from what `serve --demo` printed. */
export function demoPassword(server) {
  const match = /password for all: ([^)\s]+)\)/.exec(server.stdout());
  if (!match) throw new Error(`no demo logins in the server's output:\n${tail(server.stdout())}`);
  return match[1];
}

/** The demo logins `serve --demo` printed: [{ email, role, partner }]. */
export function demoLogins(server) {
  const logins = [];
  for (const line of server.stdout().split('\n')) {
    const match = /^\s+(\S+@\S+)\s+(\w+)(?: of partner (\d+))?\s*$/.exec(line);
    if (match) logins.push({ email: match[1], role: match[2], partner: match[3] ?? null });
  }
  return logins;
}

/** A UTF-8 text file written into the server's directory, for `lpc ... import FILE`. */
export async function writeFile(server, name, text) {
  const file = path.join(server.dir, name);
  await write(file, text);
  return file;
}

/** The last lines of a log, for error messages. */
function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit status ${code}`;
}
