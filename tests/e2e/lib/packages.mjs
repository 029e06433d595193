// Finding the built packages under COURSEPACK_E2E_PACKAGES.
//
// `cargo xtask e2e` builds every module for every target into one folder; the
// builder names each zip `<id>-<version>-<target>.zip`, so each test file picks
// its own target's packages by that suffix.

import fs from 'node:fs';
import path from 'node:path';

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
