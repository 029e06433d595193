// Ralph (PyPI ralph-malph, pinned in tests/e2e/lrs/requirements.txt) as a
// real LRS on 127.0.0.1, for the xAPI and cmi5 tests.
//
//   const ralph = await startRalph();
//   ralph.basicAuth                       // 'Basic …' for the LRS user
//   await ralph.statements({ registration })   // every statement, in the order Ralph stored them
//   await ralph.validate(list)            // Ralph's strict BaseXapiStatement model: null or the error, per statement
//   await ralph.stop();
//
// scripts/install-test-deps.sh installs Ralph in a venv at
// tests/e2e/.cache/ralph (override with COURSEPACK_RALPH_VENV). A missing
// venv fails the test with that instruction; it never skips.

import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The venv holding Ralph. */
export const RALPH_VENV = process.env.COURSEPACK_RALPH_VENV || path.join(E2E_DIR, '.cache', 'ralph');

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHeartbeat(url, child, output, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`Ralph exited (${child.exitCode}):\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/__lbheartbeat__`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Ralph did not answer within ${timeoutMs} ms:\n${output.join('')}`);
}

/**
 * Start Ralph with the filesystem backend in a fresh temporary folder, one
 * LRS user with every scope, basic auth, bound to 127.0.0.1.
 * @returns {Promise<{ url: string, endpoint: string, basicAuth: string, user: string,
 *   statements: (query?: Record<string,string>) => Promise<object[]>,
 *   validate: (list: object[]) => Promise<(string|null)[]>, stop: () => Promise<void> }>}
 */
export async function startRalph() {
  const python = path.join(RALPH_VENV, 'bin', 'python');
  const ralphCli = path.join(RALPH_VENV, 'bin', 'ralph');
  if (!fs.existsSync(python) || !fs.existsSync(ralphCli)) {
    throw new Error(`Ralph is not installed in ${RALPH_VENV}: run scripts/install-test-deps.sh`);
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursepack-ralph-'));
  const user = 'coursepack-lms';
  const password = `pw-${process.pid}-${Date.now()}`;
  const env = {
    ...process.env,
    RALPH_APP_DIR: path.join(dir, 'app'),
    RALPH_AUTH_FILE: path.join(dir, 'auth.json'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: path.join(dir, 'lrs'),
    RALPH_RUNSERVER_AUTH_BACKENDS: 'basic',
    RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT: '1000',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  await fsp.mkdir(env.RALPH_APP_DIR, { recursive: true });
  await fsp.mkdir(env.RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH, { recursive: true });
  await run(ralphCli, ['auth', '-u', user, '-p', password, '-s', 'all', '-M', 'mailto:lms@example.org', '-w'], { env });

  const port = await freePort();
  const output = [];
  const child = spawn(
    python,
    ['-m', 'uvicorn', 'ralph_app:app', '--app-dir', path.join(E2E_DIR, 'lrs'), '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHeartbeat(url, child, output, 30000);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  const basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const headers = { Authorization: basicAuth, 'X-Experience-API-Version': '1.0.3' };

  /** Every statement matching the query, oldest first (the order Ralph stored them). */
  async function statements(query = {}) {
    const all = [];
    let next = `/xAPI/statements?${new URLSearchParams({ limit: '1000', ...query })}`;
    while (next) {
      const res = await fetch(new URL(next, url), { headers });
      if (!res.ok) throw new Error(`GET ${next}: HTTP ${res.status} ${await res.text()}`);
      const body = await res.json();
      all.push(...body.statements);
      next = body.more || '';
    }
    return all.sort((a, b) => Date.parse(a.stored) - Date.parse(b.stored));
  }

  async function validate(list) {
    const res = await fetch(`${url}/_coursepack/validate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(list),
    });
    if (!res.ok) throw new Error(`validate: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await fsp.rm(dir, { recursive: true, force: true });
  }

  return { url, endpoint: `${url}/xAPI/`, basicAuth, user, statements, validate, stop, output };
}
