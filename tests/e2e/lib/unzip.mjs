// Zip helpers. Node has no unzip: these shell out to Debian's `unzip` and `zip`
// (installed by scripts/install-test-deps.sh) and fail loudly when missing.

import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function tool(cmd, args, options = {}) {
  try {
    return await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (err) {
    if (err.code === 'ENOENT') {
      throw new Error(`\`${cmd}\` is not installed: run scripts/install-test-deps.sh`);
    }
    const detail = [err.stderr, err.stdout].filter(Boolean).join('\n').trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${err.code}): ${detail}`);
  }
}

/**
 * The entry names in a zip, in archive order.
 * @param {string} zipPath
 * @returns {Promise<string[]>}
 */
export async function listZip(zipPath) {
  const { stdout } = await tool('unzip', ['-Z1', zipPath]);
  return stdout.split('\n').filter(Boolean);
}

/**
 * Extract a package zip into a new temporary directory and return its path.
 * Refuses archives with absolute or `..` entry names (a package defect).
 * Remove the directory with {@link removeDir} when done.
 * @param {string} zipPath
 * @returns {Promise<string>}
 */
export async function extractZip(zipPath) {
  const names = await listZip(zipPath);
  const bad = names.filter((n) => n.startsWith('/') || n.includes('\\') || n.split('/').includes('..'));
  if (bad.length) throw new Error(`${zipPath}: unsafe entry names: ${bad.join(', ')}`);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `cp-e2e-${path.basename(zipPath, '.zip')}-`));
  await tool('unzip', ['-q', '-o', zipPath, '-d', dir]);
  return dir;
}

/**
 * Zip the contents of a directory (entries relative to it), for fixtures.
 * @param {string} dir
 * @param {string} zipPath  created or replaced
 * @returns {Promise<string>} zipPath
 */
export async function zipDir(dir, zipPath) {
  const out = path.resolve(zipPath);
  await fsp.rm(out, { force: true });
  await tool('zip', ['-q', '-r', '-X', out, '.'], { cwd: dir });
  return out;
}

/**
 * Remove a directory tree (no error when it is already gone).
 * @param {string} dir
 */
export async function removeDir(dir) {
  await fsp.rm(dir, { recursive: true, force: true });
}
