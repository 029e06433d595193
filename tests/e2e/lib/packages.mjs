// Finding the built packages under COURSEPACK_E2E_PACKAGES.
//
// `cargo xtask e2e` builds every module for every target into one folder; the
// builder names each zip `<id>-<version>-<target>.zip`, so each test file picks
// its own target's packages by that suffix.

import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { extractZip, removeDir } from './unzip.mjs';

/** The LMS targets, whose zips end in `-<target>.zip`. */
export const LMS_TARGETS = ['scorm12', 'scorm2004', 'xapi', 'cmi5'];

/** Every .zip under dir (recursively), sorted. */
export function findZips(dir) {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.zip'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * The zips under dir built for `target`. For 'web', every zip that is not
 * named for an LMS target (so hand-made fixture zips count as web packages).
 */
export function findPackages(dir, target) {
  const lms = (zip) => LMS_TARGETS.find((t) => path.basename(zip).endsWith(`-${t}.zip`));
  return findZips(dir).filter((zip) => (target === 'web' ? lms(zip) === undefined : lms(zip) === target));
}

/**
 * Build the module folder `fixture` with the CLI `cli` for every target and
 * unpack each package. Returns `{ dirs, remove }`: `dirs[target]` is the
 * unpacked folder of that target's package; `remove()` deletes them all.
 */
export async function buildForEveryTarget(cli, fixture, prefix) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {};
  try {
    const stdout = execFileSync(cli, ['build', fixture, '--target', 'all', '--out', out], { encoding: 'utf8' });
    for (const zip of stdout.trim().split('\n')) {
      const target = /-(web|scorm12|scorm2004|xapi|cmi5)\.zip$/.exec(zip)?.[1];
      assert.ok(target, `unexpected package ${zip}`);
      dirs[target] = await extractZip(zip);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  const remove = async () => {
    for (const dir of Object.values(dirs)) await removeDir(dir);
  };
  return { dirs, remove };
}
