// Where the tests read the player's scripts from. By default the readable
// sources in ../assets; with COURSEPACK_MINIFIED_ASSETS set to a folder
// (player.js, adapters/*.js, quiz.js), the same tests run on the minified
// scripts packages ship: tests/shipped_js.rs writes that folder and runs
// every JS unit test against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MINIFIED = process.env.COURSEPACK_MINIFIED_ASSETS || '';

/** The text of `assets/<rel>` (or of its minified copy). */
export function readAsset(rel) {
  return readFileSync(MINIFIED ? join(MINIFIED, rel) : new URL(`../assets/${rel}`, import.meta.url), 'utf8');
}
