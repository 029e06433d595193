// The peer half of `cargo xtask bench`: npm simple-scorm-packager (pinned in
// package.json here) packaging the same built folder into SCORM 1.2 and 2004.
// Its command line is interactive, so its API is called directly.
//
//   node xtask/bench-js/peer.mjs <config.json>
//
// config: { "source": "<unzipped web package>", "work": "<scratch dir>", "runs": 5,
//           "title": "...", "identifier": "..." }
//
// For each SCORM version: the source is copied once (timestamps kept) into
// <work>/<version>/course, as the packager writes its manifest into the folder
// it packs; then `runs` packagings of that folder into <work>/<version>/out-<n>
// (the versions in turns), timed from the call to its completion callback
// (in-process: Node's start-up is not counted). The first and the last run are
// at least 2.1 s apart (zip timestamps have a 2 s resolution), so "identical
// bytes" means what it would for two builds at different times. Prints one JSON document on stdout; the
// packager's own log goes to stderr.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The SCORM versions measured, as the packager names them. */
export const VERSIONS = Object.freeze([
  { scorm: 'scorm12', option: '1.2' },
  { scorm: 'scorm2004', option: '2004 4th Edition' },
]);

/** The one zip a packaging run wrote into `dir`. */
export function onlyZip(dir) {
  const zips = fs.readdirSync(dir).filter((n) => n.endsWith('.zip'));
  if (zips.length !== 1) throw new Error(`${dir}: expected one zip, found ${zips.length}`);
  return path.join(dir, zips[0]);
}

function packOnce(scopackager, options) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simple-scorm-packager did not finish within 60 s')), 60000);
    scopackager(options, (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

async function main() {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const runs = Math.max(2, config.runs | 0);
  // The packager logs with console.log; keep stdout for the JSON result.
  console.log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
  const scopackager = require('simple-scorm-packager');
  const version = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/simple-scorm-packager/package.json'), 'utf8')).version;
  // Both versions in turns, so one pause puts the first and the last run of each 2.1 s apart.
  const state = VERSIONS.map(({ scorm, option }) => {
    const base = path.join(config.work, scorm);
    fs.rmSync(base, { recursive: true, force: true });
    const course = path.join(base, 'course');
    fs.cpSync(config.source, course, { recursive: true, preserveTimestamps: true });
    return { scorm, option, base, course, ms: [], bytes: [], sha256: [] };
  });
  const firstStart = Date.now();
  for (let i = 0; i < runs; i++) {
    if (i === runs - 1) {
      const wait = 2100 - (Date.now() - firstStart);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    for (const v of state) {
      const out = path.join(v.base, `out-${i}`);
      const options = {
        version: v.option,
        organization: 'coursepack benchmarks',
        title: config.title,
        language: 'en-GB',
        identifier: config.identifier,
        masteryScore: 50,
        startingPage: 'index.html',
        source: v.course,
        package: { version: '1.0.0', zip: true, outputFolder: out },
      };
      const t0 = process.hrtime.bigint();
      await packOnce(scopackager, options);
      v.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const data = fs.readFileSync(onlyZip(out));
      v.bytes.push(data.length);
      v.sha256.push(crypto.createHash('sha256').update(data).digest('hex'));
    }
  }
  const results = state.map(({ scorm, ms, bytes, sha256 }) => ({
    scorm,
    ms,
    bytes,
    sha256,
    identical: sha256[0] === sha256[sha256.length - 1],
  }));
  process.stdout.write(`${JSON.stringify({ tool: 'simple-scorm-packager', version, results })}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench peer: ${err?.stack ?? err}\n`);
  process.exit(1);
});
