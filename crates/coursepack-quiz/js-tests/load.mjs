// quiz.js as packages ship it: after player.js, in one context (quiz.js uses
// coursepack.lib, e.g. cleanText). With COURSEPACK_MINIFIED_ASSETS set to a
// folder (player.js, quiz.js...), the minified copies packages ship are read
// instead (see crates/coursepack-render/js-tests/source.mjs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const MINIFIED = process.env.COURSEPACK_MINIFIED_ASSETS || '';
const playerPath = MINIFIED ? `${MINIFIED}/player.js` : here('../../coursepack-render/assets/player.js');
const quizPath = MINIFIED ? `${MINIFIED}/quiz.js` : here('../assets/quiz.js');

/** A fresh context with player.js then quiz.js run in it: { quiz (coursepackQuiz), lib (coursepack.lib) }. */
export function loadQuiz() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(playerPath, 'utf8'), context, { filename: 'player.js' });
  vm.runInContext(readFileSync(quizPath, 'utf8'), context, { filename: 'quiz.js' });
  if (!context.coursepackQuiz) throw new Error('quiz.js did not define coursepackQuiz');
  return { quiz: context.coursepackQuiz, lib: context.coursepack.lib };
}
