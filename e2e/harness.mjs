// The browser-test harness: the real `lpc serve` on a fresh SQLite file, Debian's chromium
// driven by playwright-core, and the `lpc` command against the same database to seed data.
//
// It builds nothing: the binary comes from LPC_BIN (default target/debug/lpc, relative to the
// working directory or else to the repository root), the browser from CHROMIUM_PATH (default
// /usr/bin/chromium). Everything a test starts is stopped, and its temporary directory removed,
// when the test ends, whether it passed or not (LPC_E2E_KEEP=1 keeps the directory, with the
// database and the server's log, and prints where it is).
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
import { mkdir, mkdtemp, rm, writeFile as write } from 'node:fs/promises';
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
 */
export async function openBrowser(t) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no chromium at ${executablePath}: install Debian's (apt-get install -y chromium) ` +
        'or point CHROMIUM_PATH at one',
    );
  }
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  browser.page = async ({ locale = 'en-US', ...options } = {}) => {
    const context = await browser.newContext({
      locale,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    return context.newPage();
  };
  return browser;
}

/** Screenshots go here, but only when SCREENSHOTS=1 (scripts/screenshots). */
export const SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots');

/** Saves a full-page screenshot as docs/screenshots/<name>.png when SCREENSHOTS=1. */
export async function shot(page, name) {
  if (process.env.SCREENSHOTS !== '1') return null;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)} is not a plain file name`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
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
