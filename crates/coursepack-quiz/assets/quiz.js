// @ts-check
/* coursepack quiz player. Dependency-free ES5; plugs into window.coursepack.
 *
 * Hydrates every .cp-question rendered by the quiz compiler, marks answers with
 * the same rules as the Rust scoring (crates/coursepack-quiz/src/score.rs,
 * documented in docs/quiz.md), shows feedback in a live region, keeps answers
 * in the learner state under the key "quiz" and reports answers and the score.
 *
 * The pure functions are exposed as window.coursepackQuiz so tests can run
 * them without a browser (after player.js, whose coursepack.lib they use, as
 * in the bundle packages ship). Types: QuizData, QuizQuestion... in
 * crates/coursepack-render/assets/types.d.ts.
 */
(function (root) {
  'use strict';

  var found = root.coursepack;
  if (!found) return;
  var cp = found;
  var cleanText = cp.lib.cleanText;

  /* ---------- pure functions (mirror score.rs, standards.rs, state.rs) ---------- */

  // Unicode White_Space, as Rust's char::is_whitespace.
  var WS = '\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  var WS_RUN = new RegExp('[' + WS + ']+', 'g');
  var WS_EDGE = new RegExp('^[' + WS + ']+|[' + WS + ']+$', 'g');
  var FULL_CREDIT_FROM = 99.99;
  var MAX_CHECKS = 99;
  var MAX_ATTEMPT_COUNTER = 999;
  var MAX_DECIMALS = 18;

  /** @param {unknown} text */
  function trim(text) { return String(text).replace(WS_EDGE, ''); }

  /**
   * @param {unknown} text
   * @param {boolean | undefined} caseSensitive
   */
  function normalise(text, caseSensitive) {
    var joined = trim(text).replace(WS_RUN, ' ');
    return caseSensitive ? joined : joined.toLowerCase();
  }

  /**
   * @param {unknown} text
   * @returns {number | null}
   */
  function parseNumber(text) {
    var s = trim(text);
    if (!/^[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)$/.test(s)) return null;
    var v = Number(s);
    return isFinite(v) ? v : null;
  }

  /**
   * Spaces removed; a lone comma is a decimal point.
   * @param {unknown} text
   */
  function compactNumber(text) {
    var compact = String(text).replace(WS_RUN, '');
    if (compact.indexOf('.') < 0 && compact.split(',').length === 2) compact = compact.replace(',', '.');
    return compact;
  }

  /**
   * The number a learner typed, or null when it is not one.
   * @param {unknown} text
   */
  function learnerNumber(text) { return parseNumber(compactNumber(text)); }

  /**
   * @param {unknown} v
   * @returns {v is number}
   */
  function isIndex(v) { return typeof v === 'number' && v >= 0 && Math.floor(v) === v; }

  /**
   * What kind of answer r is.
   * @param {unknown} r
   * @returns {'index' | 'text' | 'indices' | 'texts' | 'none'}
   */
  function shape(r) {
    if (isIndex(r)) return 'index';
    if (typeof r === 'string') return 'text';
    if (Array.isArray(r)) {
      var indices = true, texts = true;
      for (var i = 0; i < r.length; i++) {
        if (!(r[i] === null || isIndex(r[i]))) indices = false;
        if (typeof r[i] !== 'string') texts = false;
      }
      if (indices) return 'indices';
      if (texts) return 'texts';
    }
    return 'none';
  }

  /**
   * @param {QuizOption[]} options
   * @param {number} i
   */
  function singleCredit(options, i) {
    var o = options[i];
    if (!o) return 0;
    var c = o.credit !== null && o.credit !== undefined ? o.credit : (o.correct ? 100 : 0);
    c = Math.min(100, Math.max(0, c));
    return c > FULL_CREDIT_FROM ? 100 : c;
  }

  /**
   * @param {QuizOption[]} options
   * @param {Array<number | null>} chosen
   * @returns {[number, number]} credit and out of
   */
  function multipleCredit(options, chosen) {
    /** @type {boolean[]} */
    var picked = [], i;
    for (i = 0; i < options.length; i++) picked.push(false);
    for (i = 0; i < chosen.length; i++) {
      var c = chosen[i];
      if (c !== null && c < options.length) picked[c] = true;
    }
    var right = 0, explicit = false;
    for (i = 0; i < options.length; i++) {
      if (options[i].correct) right++;
      if (options[i].credit !== null && options[i].credit !== undefined) explicit = true;
    }
    right = Math.max(right, 1);
    if (explicit) {
      var sum = 0;
      for (i = 0; i < options.length; i++) {
        if (!picked[i]) continue;
        var o = options[i], credit = o.credit;
        sum += credit !== null && credit !== undefined ? credit : (o.correct ? 100 : -100) / right;
      }
      sum = Math.min(100, Math.max(0, sum));
      return [sum > FULL_CREDIT_FROM ? 100 : sum, 100];
    }
    var net = 0;
    for (i = 0; i < options.length; i++) if (picked[i]) net += options[i].correct ? 1 : -1;
    return [Math.max(net, 0), right];
  }

  /** The numeric answer a typed number earns: among the answers whose range
   * holds it, the first with the highest credit; null when none does.
   * @param {QuizNumericAnswer[]} answers
   * @param {unknown} text
   * @returns {number | null}
   */
  function numericMatch(answers, text) {
    var v = learnerNumber(text);
    /** @type {number | null} */
    var best = null;
    if (v === null) return null;
    for (var i = 0; i < answers.length; i++) {
      var a = answers[i];
      if (a.min <= v && v <= a.max && (best === null || a.credit > answers[best].credit)) best = i;
    }
    return best;
  }

  /**
   * @param {number} n
   * @param {(i: number) => boolean} fn
   */
  function countWhere(n, fn) {
    var c = 0;
    for (var i = 0; i < n; i++) if (fn(i)) c++;
    return c;
  }

  /**
   * The sum of fn(i) for i from 0 to n - 1.
   * @param {number} n
   * @param {(i: number) => number} fn
   */
  function sumOver(n, fn) {
    var c = 0;
    for (var i = 0; i < n; i++) c += fn(i);
    return c;
  }

  /**
   * Whether each pair of a matching question (in the author's order) or each
   * item of an ordering question (in the order the learner left them) is
   * right: what the score counts and what the marks beside them say.
   * @param {QuizQuestion} q
   * @param {unknown} r the learner's answer, of any shape
   * @returns {boolean[]}
   */
  function rowMarks(q, r) {
    /** @type {boolean[]} */
    var out = [];
    var pairs = q.pairs, n = (pairs || q.items || []).length;
    for (var i = 0; i < n; i++) out.push(Array.isArray(r) && r[i] === (pairs ? pairs[i].target : i));
    return out;
  }

  /**
   * Mark one answer: {score, max, status} with status correct|partial|incorrect|unscored.
   * @param {QuizQuestion} q
   * @param {unknown} r the learner's answer, of any shape (a saved state is not trusted)
   * @returns {QuizOutcome}
   */
  function score(q, r) {
    var points = q.points, s = shape(r);
    /** @type {[number, number] | null} credit and out of */
    var f = null;
    var options = q.options || [], blanks = q.blanks || [];
    var answers = q.answers || [];
    /* r as each shape; each is read only once shape(r) says it is that shape */
    var index = /** @type {number} */ (r);
    var indices = /** @type {Array<number | null>} */ (r);
    var texts = /** @type {string[]} */ (r);
    switch (q.type) {
      case 'likert':
      case 'reflection':
        return { score: 0, max: 0, status: 'unscored' };
      case 'single':
        f = s === 'index' ? [singleCredit(options, index), 100] : null;
        break;
      case 'truefalse':
        f = s === 'index' ? [options[index] && options[index].correct ? 1 : 0, 1] : null;
        break;
      case 'multiple':
        f = s === 'indices' ? multipleCredit(options, indices) : null;
        break;
      case 'fill':
        f = s === 'texts' ? [sumOver(blanks.length, function (i) {
          var given = i < texts.length ? normalise(texts[i], q.case_sensitive) : '';
          if (given === '') return 0;
          for (var j = 0; j < blanks[i].accepted.length; j++) {
            if (normalise(blanks[i].accepted[j], q.case_sensitive) === given) return 1;
          }
          /* A weighted answer earns its credit (the best one, if two match). */
          var partial = blanks[i].partial || [], best = 0;
          for (var k = 0; k < partial.length; k++) {
            if (normalise(partial[k].text, q.case_sensitive) === given) best = Math.max(best, Math.min(100, Math.max(0, partial[k].credit)) / 100);
          }
          return best;
        }), blanks.length] : null;
        break;
      case 'dropdown':
        f = s === 'indices' ? [countWhere(blanks.length, function (i) { return indices[i] === blanks[i].correct; }), blanks.length] : null;
        break;
      case 'numeric':
        if (s === 'text') {
          var m = numericMatch(answers, r);
          var c = m === null ? 0 : Math.min(100, Math.max(0, answers[m].credit));
          f = [c > FULL_CREDIT_FROM ? 100 : c, 100];
        }
        break;
      case 'matching': case 'ordering':
        var rows = rowMarks(q, r);
        f = s === 'indices' ? [rows.filter(Boolean).length, rows.length] : null;
        break;
    }
    if (!f) f = [0, 1];
    var num = f[0], den = f[1];
    /** @type {QuizOutcome['status']} */
    var status = num >= den ? 'correct' : (num > 0 ? 'partial' : 'incorrect');
    return { score: num >= den ? points : points * num / den, max: points, status: status };
  }

  /**
   * @param {QuizOutcome[]} outcomes
   * @param {number | null | undefined} passMark
   * @returns {QuizTotal}
   */
  function total(outcomes, passMark) {
    var raw = 0, max = 0;
    for (var i = 0; i < outcomes.length; i++) { raw += outcomes[i].score; max += outcomes[i].max; }
    var scaled = max > 0 ? raw / max : 0;
    var percent = Math.round(scaled * 10000) / 100;
    return { raw: raw, max: max, scaled: scaled, percent: percent, passed: passMark === null || passMark === undefined ? null : percent >= passMark };
  }

  /**
   * The message for a score: the band with the highest `from` at or below it.
   * @param {QuizData['bands'] | null | undefined} bands
   * @param {number} percent
   */
  function band(bands, percent) {
    var list = bands || [];
    /** @type {QuizData['bands'][number] | null} */
    var best = null;
    for (var i = 0; i < list.length; i++) {
      if (list[i].from <= percent && (best === null || list[i].from > best.from)) best = list[i];
    }
    return best;
  }

  /* ---- response formats per standard (mirror standards.rs learner_response) ---- */

  /**
   * text cut to `limit` characters (code points).
   * @param {string} text
   * @param {number} limit
   */
  function cut(text, limit) {
    var chars = Array.from ? Array.from(text) : String(text).split('');
    return chars.length > limit ? chars.slice(0, limit).join('') : String(text);
  }

  /**
   * Line breaks as spaces: SCORM runtimes refuse them in character strings.
   * @param {unknown} text
   */
  function oneLine(text) { return String(text).replace(/\r\n/g, ' ').replace(/[\n\r\u2028\u2029]/g, ' '); }

  /** @param {unknown} text */
  function safeItem(text) {
    var t = oneLine(text).split('[,]').join(', ').split('[.]').join('. ');
    return t.charAt(0) === '{' ? '(' + t.slice(1) : t;
  }

  /** The typed number in canonical form (no '+', no leading zeros, at most 18
   * decimals; with maxIntDigits, capped at that many nines), or ''.
   * @param {unknown} text
   * @param {number} [maxIntDigits]
   */
  function numberText(text, maxIntDigits) {
    if (learnerNumber(text) === null) return '';
    var fixed = compactNumber(text), sign = '';
    if (fixed.charAt(0) === '-') { sign = '-'; fixed = fixed.slice(1); } else if (fixed.charAt(0) === '+') fixed = fixed.slice(1);
    var dot = fixed.indexOf('.');
    var int = (dot < 0 ? fixed : fixed.slice(0, dot)).replace(/^0+/, '') || '0';
    var frac = dot < 0 ? '' : fixed.slice(dot + 1, dot + 1 + MAX_DECIMALS);
    if (typeof maxIntDigits === 'number' && int.length > maxIntDigits) {
      int = new Array(maxIntDigits + 1).join('9');
      frac = '';
    }
    return sign + int + (frac ? '.' + frac : '');
  }

  /**
   * The learner's answer in one standard's format (standards.rs learner_response).
   * @param {QuizQuestion} q
   * @param {QuizInteraction} interaction
   * @param {unknown} r
   * @returns {string}
   */
  function formatResponse(q, interaction, r) {
    var f = interaction.response, s = shape(r), out = '', i;
    var ids = f.ids || [], sources = f.sources || [], targets = f.targets || [];
    /* r as each shape; each is read only once shape(r) says it is that shape */
    var index = /** @type {number} */ (r);
    var indices = /** @type {Array<number | null>} */ (r);
    var texts = /** @type {string[]} */ (r);
    /** @type {number[]} */
    var picked = [];
    /** @type {string[]} */
    var parts = [];
    switch (f.kind + ':' + s) {
      case 'ids:index':
        out = ids[index] !== undefined ? ids[index] : '';
        break;
      case 'ids:indices':
        for (i = 0; i < indices.length; i++) {
          var n = indices[i];
          if (n !== null && n < ids.length && picked.indexOf(n) < 0) picked.push(n);
        }
        picked.sort(function (a, b) { return a - b; });
        out = picked.map(function (k) { return ids[k]; }).join(f.sep);
        break;
      case 'sequence:indices':
        for (i = 0; i < indices.length; i++) {
          var item = indices[i];
          if (item !== null && ids[item] !== undefined) parts.push(ids[item]);
        }
        out = parts.join(f.sep);
        break;
      case 'pairs:indices':
        for (i = 0; i < indices.length; i++) {
          var target = indices[i];
          if (target !== null && sources[i] !== undefined && targets[target] !== undefined) parts.push(sources[i] + f.pair_sep + targets[target]);
        }
        out = parts.join(f.sep);
        break;
      case 'texts:texts':
        var limit = f.sep === ',' ? 255 : 250;
        out = texts.map(function (t) { return cut(safeItem(normalise(t, true)), limit); }).join(f.sep);
        break;
      case 'texts:indices':
        if (q.type !== 'dropdown') break;
        out = (q.blanks || []).map(function (b, k) {
          var c = k < indices.length ? indices[k] : null;
          return c !== null && b.options[c] !== undefined ? safeItem(b.options[c]) : '';
        }).join(f.sep);
        break;
      case 'number:text':
        out = numberText(r, f.max_int_digits);
        break;
      case 'text:text':
        out = oneLine(trim(r));
        if (out.charAt(0) === '{') out = '(' + out.slice(1);
        break;
    }
    return cut(out, interaction.limit);
  }

  /* ---- learner state (mirror state.rs) ---- */

  /** @param {QuizState} st */
  function serialiseState(st) {
    /** @type {Record<string, unknown>} */
    var o = { a: st.a, t: st.t, d: st.d, f: st.f, s: st.s };
    if (st.x) o.x = st.x;
    return JSON.stringify(o);
  }

  /**
   * A small seeded generator (mulberry32) so shuffles survive a reload.
   * @param {string} text the seed
   * @returns {() => number} numbers in [0, 1)
   */
  function seeded(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
    return function () {
      h |= 0; h = (h + 0x6D2B79F5) | 0;
      var t = Math.imul(h ^ (h >>> 15), 1 | h);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /**
   * A shuffled copy of list (Fisher-Yates).
   * @template T
   * @param {T[]} list
   * @param {() => number} random
   * @returns {T[]}
   */
  function shuffled(list, random) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = a[i]; a[i] = a[j]; a[j] = tmp;
    }
    return a;
  }

  /** The assessed questions of one attempt: every unbanked one, plus draw[bank]
   * of each bank, in page order (shuffled when asked).
   * @param {QuizData} quiz
   * @param {() => number} random
   * @returns {number[]} question indices
   */
  function drawAttempt(quiz, random) {
    /** @type {Record<string, number[]>} */
    var banks = {};
    /** @type {number[]} */
    var picked = [], i;
    for (i = 0; i < quiz.questions.length; i++) {
      var q = quiz.questions[i];
      if (!q.assessed) continue;
      if (q.bank && quiz.draw && quiz.draw[q.bank] !== undefined) (banks[q.bank] = banks[q.bank] || []).push(q.index);
      else picked.push(q.index);
    }
    for (var name in banks) {
      if (cp.lib.has(banks, name)) picked = picked.concat(shuffled(banks[name], random).slice(0, quiz.draw[name]));
    }
    picked.sort(function (a, b) { return a - b; });
    return quiz.shuffle_questions ? shuffled(picked, random) : picked;
  }

  var lib = {
    normalise: normalise, parseNumber: parseNumber, learnerNumber: learnerNumber, score: score, total: total,
    band: band, formatResponse: formatResponse, serialiseState: serialiseState,
    drawAttempt: drawAttempt, seeded: seeded, shuffled: shuffled, numberText: numberText, shape: shape,
    numericMatch: numericMatch, rowMarks: rowMarks
  };
  root.coursepackQuiz = lib;

  /* ---------- the widgets ---------- */

  var doc = root.document;
  if (!doc) return;

  var S = cp.strings || {};
  var given = (cp.data && cp.data.quiz) || null;
  if (!given || !given.questions) return;
  /** @type {QuizData} */
  var quiz = given;
  var limits = quiz.limits || { fill: 100, numeric: 32, reflection: 2000 };
  /* The build proves the learner's state fits the target with every reflection
   * at this length (#cp-data module.reflectionMaxChars); nothing is shortened later. */
  var moduleCap = cp.data && cp.data.module && cp.data.module.reflectionMaxChars;
  if (typeof moduleCap === 'number' && moduleCap >= 0) limits = { fill: limits.fill, numeric: limits.numeric, reflection: Math.floor(moduleCap) };
  /** @type {Record<string, QuizQuestion>} */
  var byId = {};
  quiz.questions.forEach(function (q) { byId[q.id] = q; });

  /**
   * An interface string, its {placeholders} filled.
   * @param {string} key
   * @param {Record<string, unknown>} [vars]
   */
  function str(key, vars) { return cp.format ? cp.format(S[key] || key, vars || {}) : (S[key] || key); }

  /**
   * The elements under el that match sel, as an array. The type parameter
   * says which elements the selector finds (they are the quiz compiler's markup).
   * @template {Element} [E=HTMLElement]
   * @param {ParentNode} parent
   * @param {string} sel
   * @returns {E[]}
   */
  function all(parent, sel) { return Array.prototype.slice.call(parent.querySelectorAll(sel)); }

  /**
   * The first element under el that matches sel; the quiz compiler's markup
   * always has it (a missing one is a bug the tests catch, as a thrown error).
   * @template {Element} [E=HTMLElement]
   * @param {ParentNode} parent
   * @param {string} sel
   * @returns {E}
   */
  function one(parent, sel) {
    var hit = parent.querySelector(sel);
    if (!hit) throw new Error('quiz markup without ' + sel);
    return /** @type {E} */ (/** @type {unknown} */ (hit));
  }

  /** @type {QuizState} */
  var state;
  /** @type {Record<number, Widget>} question index -> widget */
  var widgets = {};

  /* Scored branching scenarios that count towards the assessment, like
   * questions (#cp-data.scenarios with `assessed`): the first ending reached
   * in an attempt is marked, kept in the state's `x` (-1 before it). */
  /** @typedef {{ id: string, points: number, max: number, assessed?: boolean, nodes: Array<{ end: { index: number, score: number | null } | null }> }} AssessedScenario */
  /** @type {AssessedScenario[]} */
  var scenarios = (Array.isArray(cp.data.scenarios) ? /** @type {AssessedScenario[]} */ (cp.data.scenarios) : [])
    .filter(function (s) { return s && s.assessed === true; });

  /**
   * The outcome of a scenario for the ending reached (-1: none yet).
   * @param {AssessedScenario} s
   * @param {number} ending
   * @returns {QuizOutcome}
   */
  function scenarioOutcome(s, ending) {
    var got = 0;
    s.nodes.forEach(function (n) {
      if (n.end && n.end.index === ending && s.max > 0) got = s.points * (n.end.score || 0) / s.max;
    });
    return { score: got, max: s.points, status: got >= s.points ? 'correct' : got > 0 ? 'partial' : 'incorrect' };
  }

  /** @returns {QuizState} */
  function loadState() {
    /** @type {any} a saved state, checked field by field */
    var saved = cp.state && cp.state.get('quiz');
    /** @type {QuizState} */
    var st = { a: [], t: 0, d: 0, f: 0, s: -1 };
    if (saved && typeof saved === 'object' && Array.isArray(saved.a)) {
      st.t = isIndex(saved.t) ? saved.t : 0;
      st.d = Array.isArray(saved.d) ? saved.d.filter(/** @param {unknown} i */ function (i) { return isIndex(i) && i < quiz.questions.length; }) : 0;
      st.f = saved.f === 1 ? 1 : 0;
      st.s = typeof saved.s === 'number' ? saved.s : -1;
      st.a = saved.a;
    }
    for (var i = 0; i < quiz.questions.length; i++) if (!Array.isArray(st.a[i])) st.a[i] = 0;
    st.a.length = quiz.questions.length;
    if (scenarios.length) {
      st.x = scenarios.map(function (_, k) {
        var e = saved && Array.isArray(saved.x) ? saved.x[k] : -1;
        return isIndex(e) ? e : -1;
      });
    }
    return st;
  }

  function saveState() { if (cp.state) cp.state.set('quiz', JSON.parse(serialiseState(state))); }

  function startAttempt() {
    var cap = quiz.attempts === null || quiz.attempts === undefined ? MAX_ATTEMPT_COUNTER : Math.min(quiz.attempts, MAX_ATTEMPT_COUNTER);
    state.t = Math.min(state.t + 1, cap);
    var random = seeded(String(Date.now()) + ':' + state.t);
    var hasDraw = quiz.shuffle_questions || Object.keys(quiz.draw || {}).length > 0;
    state.d = hasDraw ? drawAttempt(quiz, random) : 0;
    state.f = 0;
    state.s = -1;
    quiz.questions.forEach(function (q) { if (q.assessed) state.a[q.index] = 0; });
    if (state.x) state.x = state.x.map(function () { return -1; });
  }

  /** @param {QuizQuestion} q */
  function inAttempt(q) { return q.assessed && (state.d === 0 || state.d.indexOf(q.index) >= 0); }

  function attemptsLeft() {
    if (quiz.attempts === null || quiz.attempts === undefined) return Infinity;
    return Math.max(0, quiz.attempts - state.t);
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} cls
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /**
   * @param {keyof HTMLElementTagNameMap} tag
   * @param {string} cls
   * @param {string} markup
   */
  function html(tag, cls, markup) {
    var e = el(tag, cls);
    // eslint-disable-next-line no-restricted-syntax -- the markup is the quiz compiler's (html.rs, inline.rs): author text escaped, HTML through its allow-list
    e.innerHTML = markup;
    return e;
  }

  /**
   * One question's widget, over the markup the quiz compiler wrote.
   * @constructor
   * @param {HTMLElement} node the question's .cp-question
   * @param {QuizQuestion} q
   */
  function Widget(node, q) {
    this.root = node;
    this.q = q;
    /** @type {HTMLElement} */
    this.feedback = one(node, '.cp-q-feedback');
    /** @type {HTMLButtonElement | null} */
    this.check = node.querySelector('.cp-q-check');
    /** @type {HTMLButtonElement | null} */
    this.retry = node.querySelector('.cp-q-retry');
    this.started = Date.now();
    this.bind();
  }

  /** @returns {Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement>} */
  Widget.prototype.controls = function () {
    return all(this.root, 'input, select, textarea, .cp-q-up, .cp-q-down');
  };

  /**
   * The learner's answer as the controls show it, or null when there is none yet.
   * @returns {QuizResponse | null}
   */
  Widget.prototype.response = function () {
    var q = this.q, r = this.root;
    switch (q.type) {
      case 'single': case 'truefalse': case 'likert':
        var checked = /** @type {HTMLInputElement | null} */ (r.querySelector('input:checked'));
        return checked ? Number(checked.value) : null;
      case 'multiple':
        var chosen = all(r, 'input:checked').map(function (i) { return Number((/** @type {HTMLInputElement} */ (i)).value); })
          .sort(function (a, b) { return a - b; });
        return chosen.length ? chosen : null;
      case 'fill':
        var typed = all(r, 'input.cp-q-blank').map(function (i) { return cleanText((/** @type {HTMLInputElement} */ (i)).value, limits.fill, false); });
        return typed.some(function (t) { return trim(t) !== ''; }) ? typed : null;
      case 'dropdown': case 'matching':
        /** @type {HTMLSelectElement[]} */
        var selects = all(r, q.type === 'dropdown' ? 'select.cp-q-blank' : 'select.cp-q-match');
        var picked = selects.map(function (s) { return s.value === '' ? null : Number(s.value); });
        return picked.some(function (v) { return v !== null; }) ? picked : null;
      case 'numeric':
        /** @type {HTMLInputElement} */
        var box = one(r, 'input.cp-q-number');
        var number = cleanText(box.value, limits.numeric, false);
        return trim(number) !== '' ? number : null;
      case 'ordering':
        return all(r, 'li.cp-q-item').map(function (li) { return Number(li.getAttribute('data-item')); });
      case 'reflection':
        /** @type {HTMLTextAreaElement} */
        var area = one(r, 'textarea');
        return cleanText(area.value, limits.reflection, true);
    }
    return null;
  };

  /**
   * Shows a saved answer in the controls (null: none).
   * @param {unknown} resp
   */
  Widget.prototype.restore = function (resp) {
    var q = this.q, r = this.root;
    /** @type {HTMLInputElement[]} */
    var inputs = all(r, 'input');
    switch (q.type) {
      case 'single': case 'truefalse': case 'likert':
        inputs.forEach(function (i) { i.checked = Number(i.value) === resp; });
        break;
      case 'multiple':
        inputs.forEach(function (i) { i.checked = Array.isArray(resp) && resp.indexOf(Number(i.value)) >= 0; });
        break;
      case 'fill':
        /** @type {HTMLInputElement[]} */
        var blanks = all(r, 'input.cp-q-blank');
        blanks.forEach(function (i, n) { i.value = Array.isArray(resp) && typeof resp[n] === 'string' ? resp[n] : ''; });
        break;
      case 'dropdown': case 'matching':
        /** @type {HTMLSelectElement[]} */
        var selects = all(r, q.type === 'dropdown' ? 'select.cp-q-blank' : 'select.cp-q-match');
        selects.forEach(function (s, n) {
          s.value = Array.isArray(resp) && isIndex(resp[n]) ? String(resp[n]) : '';
        });
        break;
      case 'numeric':
        /** @type {HTMLInputElement} */
        var box = one(r, 'input.cp-q-number');
        box.value = typeof resp === 'string' ? resp : '';
        break;
      case 'ordering':
        if (!Array.isArray(resp)) break;
        var list = one(r, 'ol.cp-q-order');
        resp.forEach(function (i) {
          var li = list.querySelector('li[data-item="' + i + '"]');
          if (li) list.appendChild(li);
        });
        this.updateMoves();
        break;
      case 'reflection':
        /** @type {HTMLTextAreaElement} */
        var area = one(r, 'textarea');
        area.value = typeof resp === 'string' ? resp : '';
        break;
    }
  };

  /** @param {boolean} locked */
  Widget.prototype.lock = function (locked) {
    this.controls().forEach(function (c) { c.disabled = locked; });
    if (!locked) this.updateMoves();
    if (this.check) this.check.hidden = locked;
  };

  /** An ordering list's first "Move up" and last "Move down" are disabled. */
  Widget.prototype.updateMoves = function () {
    var items = all(this.root, 'li.cp-q-item');
    items.forEach(function (li, n) {
      /** @type {HTMLButtonElement} */
      var up = one(li, '.cp-q-up');
      /** @type {HTMLButtonElement} */
      var down = one(li, '.cp-q-down');
      up.disabled = n === 0;
      down.disabled = n === items.length - 1;
    });
  };

  /**
   * Moves an ordering item up (-1) or down (1), keeping the focus on its buttons.
   * @param {HTMLElement} li
   * @param {number} delta
   */
  Widget.prototype.move = function (li, delta) {
    var list = /** @type {HTMLElement} */ (li.parentNode), items = all(list, 'li.cp-q-item'), n = items.indexOf(li), to = n + delta;
    if (to < 0 || to >= items.length) return;
    if (delta < 0) list.insertBefore(li, items[to]); else list.insertBefore(items[to], li);
    this.updateMoves();
    /** @type {HTMLButtonElement} */
    var button = one(li, delta < 0 ? '.cp-q-up' : '.cp-q-down');
    (button.disabled ? one(li, delta < 0 ? '.cp-q-down' : '.cp-q-up') : button).focus();
    var live = this.root.querySelector('[id$="-moved"]');
    if (live) live.textContent = str('moved_to', { item: one(li, '.cp-q-item-text').textContent, position: to + 1, total: items.length });
  };

  /** `shuffle: true`: a new order per attempt, the same after a reload (seeded
   * from the question id and attempt number). Choice options are reordered;
   * every list of a dropdown or matching question keeps its blank first; the
   * rows of a matching question share one order of targets; ordering items
   * start in an order that is never the correct one.
   * @param {HTMLElement} r
   * @param {QuizQuestion} q
   * @param {() => number} random
   */
  function shuffleWidget(r, q, random) {
    switch (q.type) {
      case 'single': case 'multiple': case 'likert':
        var box = one(r, '.cp-q-options');
        shuffled(all(box, '.cp-q-option'), random).forEach(function (o) { box.appendChild(o); });
        break;
      case 'dropdown': case 'matching':
        var selects = all(r, q.type === 'dropdown' ? 'select.cp-q-blank' : 'select.cp-q-match');
        /** @type {number[] | null} */
        var order = null;
        selects.forEach(function (sel) {
          /** @type {HTMLOptionElement[]} */
          var options = all(sel, 'option');
          options = options.filter(function (o) { return o.value !== ''; });
          var shown = q.type === 'dropdown' || !order ? shuffled(options.map(function (_o, n) { return n; }), random) : order;
          order = shown;
          shown.forEach(function (n) { sel.appendChild(options[n]); });
        });
        break;
      case 'ordering':
        var list = one(r, 'ol.cp-q-order');
        var items = all(list, 'li.cp-q-item');
        var first = shuffled(items, random);
        var inOrder = first.every(function (li, n) { return Number(li.getAttribute('data-item')) === n; });
        if (inOrder && first.length > 1) first.push(/** @type {HTMLElement} */ (first.shift()));
        first.forEach(function (li) { list.appendChild(li); });
        break;
    }
  }

  /* Show this attempt's order (see shuffleWidget). */
  Widget.prototype.shuffle = function () {
    shuffleWidget(this.root, this.q, seeded(this.q.id + ':' + state.t));
    if (this.q.type === 'ordering') this.updateMoves();
  };

  Widget.prototype.bind = function () {
    var self = this, q = this.q, r = this.root;
    if (q.shuffle) this.shuffle();
    if (this.check) {
      if (q.type === 'likert' || (inAttempt(q) && quiz.feedback === 'end')) this.check.textContent = str('submit');
      this.check.addEventListener('click', function () { self.submit(); });
    }
    if (this.retry) this.retry.addEventListener('click', function () { self.tryAgain(); });
    var toggle = r.querySelector('.cp-q-hint-toggle');
    if (toggle) {
      var button = toggle;
      button.addEventListener('click', function () {
        var hint = doc.getElementById(button.getAttribute('aria-controls') || '');
        var open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
        button.textContent = str(open ? 'hide_hint' : 'show_hint');
        if (hint) hint.hidden = !open;
      });
    }
    all(r, 'li.cp-q-item').forEach(function (li) {
      one(li, '.cp-q-up').addEventListener('click', function () { self.move(li, -1); });
      one(li, '.cp-q-down').addEventListener('click', function () { self.move(li, 1); });
    });
    if (q.type === 'reflection') {
      /** @type {HTMLTextAreaElement} */
      var area = one(r, 'textarea');
      var saved = r.querySelector('.cp-q-saved'), reported = '';
      /** @type {number | null} */
      var timer = null;
      area.setAttribute('maxlength', String(limits.reflection));
      if (cp.limitBox) cp.limitBox(area, limits.reflection, r.querySelector('.cp-q-limit'), r.querySelector('.cp-q-count'));
      area.addEventListener('input', function () {
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () {
          state.a[q.index] = [0, self.response() || ''];
          saveState();
          if (saved) saved.textContent = str('reflection_saved');
        }, 500);
      });
      area.addEventListener('change', function () {
        var text = self.response();
        if (typeof text === 'string' && trim(text) !== '' && text !== reported) { reported = text; self.report(text, { score: 0, max: 0, status: 'unscored' }); }
      });
    }
  };

  /**
   * Reports an answer to the player (and so to the LMS), in each standard's terms.
   * @param {QuizResponse} resp
   * @param {QuizOutcome} outcome
   */
  Widget.prototype.report = function (resp, outcome) {
    if (!cp.reportAnswer) return;
    var q = this.q;
    /** @param {QuizInteraction} i @returns {CpInteractionReport} */
    function inTermsOf(i) {
      return { id: i.id, type: i.type, correctResponses: i.patterns, learnerResponse: formatResponse(q, i, resp), description: i.description || '' };
    }
    cp.reportAnswer({
      questionId: q.id,
      interaction: {
        scorm12: inTermsOf(q.interactions.scorm12),
        scorm2004: inTermsOf(q.interactions.scorm2004),
        xapi: inTermsOf(q.interactions.xapi)
      },
      correct: outcome.status === 'unscored' ? null : outcome.status === 'correct',
      score: outcome.score,
      maxScore: outcome.max,
      weighting: q.points,
      latencySeconds: Math.max(0, Math.round((Date.now() - this.started) / 10) / 100)
    });
  };

  /**
   * A numeric answer that is not a number: the box is marked invalid, says
   * why (its description, read when it takes the focus) and takes the focus;
   * null clears it.
   * @param {string | null} message
   */
  Widget.prototype.invalid = function (message) {
    var box = this.root.querySelector('input.cp-q-number');
    if (!box) return;
    var errorId = box.id + '-error';
    var error = doc.getElementById(errorId);
    if (!message) {
      if (error) error.textContent = '';
      box.removeAttribute('aria-invalid');
      return;
    }
    if (!error) {
      error = el('p', 'cp-q-error');
      error.id = errorId;
      if (box.parentNode) box.parentNode.appendChild(error);
      var described = (box.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      described.push(errorId);
      box.setAttribute('aria-describedby', described.join(' '));
    }
    error.textContent = message;
    box.setAttribute('aria-invalid', 'true');
    /** @type {HTMLInputElement} */ (box).focus();
  };

  Widget.prototype.submit = function () {
    var resp = this.response(), q = this.q;
    if (resp === null) {
      this.feedback.textContent = str('answer_first');
      return;
    }
    /* nothing is saved or reported for a numeric answer that is not a number */
    if (q.type === 'numeric' && learnerNumber(resp) === null) {
      this.invalid(str('number_needed'));
      return;
    }
    this.invalid(null);
    var outcome = score(q, resp), prev = state.a[q.index];
    state.a[q.index] = [Math.min((Array.isArray(prev) ? prev[0] : 0) + 1, MAX_CHECKS), resp];
    saveState();
    this.report(resp, outcome);
    this.started = Date.now();
    var assessed = inAttempt(q);
    this.lock(true);
    if (assessed && quiz.feedback === 'end') this.showSaved();
    else this.show(outcome, resp, false);
    if (!assessed && this.retry) this.retry.hidden = false;
    (this.retry && !this.retry.hidden ? this.retry : this.feedback).focus();
    if (assessed) maybeFinish();
  };

  Widget.prototype.tryAgain = function () {
    this.lock(false);
    this.clearMarks();
    this.feedback.textContent = '';
    if (this.retry) this.retry.hidden = true;
    this.focusFirst();
  };

  /* Focus the learner's own choice when there is one, else the first control
   * that can take focus (an ordering list's first "Move up" is disabled). */
  Widget.prototype.focusFirst = function () {
    var controls = this.controls();
    /** @type {HTMLElement | null} */
    var chosen = null, first = null;
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if (c.disabled) continue;
      if (!first) first = c;
      if (!chosen && c instanceof HTMLInputElement && c.checked) chosen = c;
    }
    var target = chosen || first;
    if (target) target.focus();
  };

  Widget.prototype.clearMarks = function () {
    all(this.root, '.cp-q-mark').forEach(function (m) { m.textContent = ''; });
    all(this.root, '.cp-q-right, .cp-q-wrong').forEach(function (o) { o.classList.remove('cp-q-right', 'cp-q-wrong'); });
  };

  /**
   * Marks an option, a matching pair or an ordering item right or wrong, in
   * words with a symbol (never colour alone): its `.cp-q-mark` says so, and
   * its class gives the mark its colour.
   * @param {Element} row
   * @param {boolean} right
   */
  function markRow(row, right) {
    var m = row.querySelector('.cp-q-mark');
    if (m) m.textContent = (right ? '✓ ' : '✗ ') + str(right ? 'correct' : 'incorrect');
    row.classList.add(right ? 'cp-q-right' : 'cp-q-wrong');
  }

  Widget.prototype.showSaved = function () {
    this.feedback.textContent = str('answer_saved');
  };

  /** Feedback: a status word with a symbol (never colour alone), the question's
   * feedback, each chosen option's feedback, the explanation, and in review the
   * learner's answer and the correct one.
   * @param {QuizOutcome} outcome
   * @param {unknown} resp
   * @param {boolean} review
   */
  Widget.prototype.show = function (outcome, resp, review) {
    var q = this.q, fb = this.feedback;
    fb.textContent = '';
    this.clearMarks();
    if (outcome.status !== 'unscored') {
      var key = outcome.status === 'correct' ? 'correct' : outcome.status === 'partial' ? 'partly_correct' : 'incorrect';
      var symbol = outcome.status === 'correct' ? '✓ ' : outcome.status === 'partial' ? '◐ ' : '✗ ';
      var head = el('p', 'cp-q-status cp-q-' + outcome.status);
      head.appendChild(el('strong', '', symbol + str(key)));
      fb.appendChild(head);
      var extra = outcome.status === 'correct' ? q.correct_html : outcome.status === 'partial' ? q.partial_html : q.incorrect_html;
      if (extra) fb.appendChild(html('p', '', extra));
    } else {
      fb.appendChild(el('p', 'cp-q-status', str('answer_saved')));
    }
    var options = q.options || [];
    if (q.options && q.type !== 'likert') {
      var chosen = Array.isArray(resp) ? resp : [resp];
      var marks = all(this.root, '.cp-q-option');
      marks.forEach(function (o) {
        var i = Number(o.getAttribute('data-option'));
        var option = options[i];
        if (chosen.indexOf(i) < 0 || !option) return;
        markRow(o, option.correct);
        if (option.feedback_html) fb.appendChild(html('p', 'cp-q-option-feedback', '<strong>' + option.html + ':</strong> ' + option.feedback_html));
      });
    }
    /* each pair of a matching question, each item of an ordering question
     * (in the order the learner left them): right or wrong */
    var rights = rowMarks(q, resp);
    all(this.root, '.cp-q-pair, .cp-q-item').forEach(function (row, n) {
      if (row.querySelector('.cp-q-mark')) markRow(row, rights[n]);
    });
    if (q.type === 'numeric') {
      var answers = q.answers || [];
      var m = numericMatch(answers, resp);
      var feedback = m !== null ? answers[m].feedback_html : null;
      if (feedback) fb.appendChild(html('p', 'cp-q-option-feedback', feedback));
    }
    if (review && q.answer_html && outcome.status !== 'correct') {
      fb.appendChild(html('div', 'cp-q-answer', '<strong>' + escapeText(str('correct_answer')) + ':</strong> ' + q.answer_html));
    }
    if (q.explanation_html) fb.appendChild(html('p', 'cp-q-explanation', '<strong>' + escapeText(str('explanation')) + ':</strong> ' + q.explanation_html));
  };

  /** @param {unknown} t */
  function escapeText(t) {
    return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /* ---------- the assessment ---------- */

  /** @returns {QuizOutcome[]} */
  function outcomesOfAttempt() {
    /** @type {QuizOutcome[]} */
    var list = [];
    quiz.questions.forEach(function (q) {
      if (!inAttempt(q)) return;
      var e = state.a[q.index];
      list.push(Array.isArray(e) ? score(q, e[1]) : { score: 0, max: q.points, status: 'incorrect' });
    });
    var x = state.x || [];
    scenarios.forEach(function (s, k) { list.push(scenarioOutcome(s, x[k] === undefined ? -1 : x[k])); });
    return list;
  }

  function allChecked() {
    return quiz.questions.every(function (q) { return !inAttempt(q) || Array.isArray(state.a[q.index]); })
      && (state.x || []).every(function (e) { return e >= 0; });
  }

  /**
   * A scenario that counts reached an ending: the first of the attempt is its answer.
   * @param {string} id
   * @param {number} ending
   */
  function scenarioEnded(id, ending) {
    var k = -1;
    scenarios.forEach(function (s, n) { if (s.id === id) k = n; });
    if (k < 0 || !state || !state.x || state.f === 1 || state.x[k] >= 0 || !isIndex(ending)) return;
    state.x[k] = ending;
    saveState();
    /* the learner is at the scenario's ending: the result is shown, the focus stays */
    maybeFinish(false);
  }

  /** @param {boolean} [focus] move the focus to the result (default true) */
  function maybeFinish(focus) {
    if (state.f === 1 || !allChecked()) return;
    var t = total(outcomesOfAttempt(), quiz.pass_mark);
    state.f = 1;
    state.s = t.percent;
    saveState();
    if (cp.reportScore) cp.reportScore({ raw: t.raw, max: t.max, min: 0, scaled: t.scaled, passed: t.passed === null ? undefined : t.passed });
    if (quiz.review) reviewAll();
    showResult(t, focus !== false);
  }

  function reviewAll() {
    quiz.questions.forEach(function (q) {
      var w = widgets[q.index], e = state.a[q.index];
      if (w && inAttempt(q) && Array.isArray(e)) w.show(score(q, e[1]), e[1], true);
    });
  }

  /** @type {HTMLElement | null} */
  var resultBox = null;

  /**
   * The assessment's result, after its last question.
   * @param {QuizTotal} t
   * @param {boolean} focus
   */
  function showResult(t, focus) {
    var anchors = all(doc, '.cp-question').filter(function (n) {
      var q = byId[n.getAttribute('data-question-id') || ''];
      return q && inAttempt(q);
    });
    if (!anchors.length) return;
    var box = resultBox;
    if (!box) {
      box = resultBox = el('section', 'cp-quiz-result');
      box.setAttribute('aria-labelledby', 'cp-quiz-result-title');
      var last = anchors[anchors.length - 1];
      if (last.parentNode) last.parentNode.insertBefore(box, last.nextSibling);
    }
    box.textContent = '';
    var h = el('h2', '', str('quiz_result'));
    h.id = 'cp-quiz-result-title';
    h.tabIndex = -1;
    box.appendChild(h);
    var live = el('div', 'cp-quiz-summary');
    live.setAttribute('role', 'status');
    live.appendChild(el('p', '', str('score', { score: t.percent })));
    if (t.passed !== null) live.appendChild(el('p', t.passed ? 'cp-quiz-passed' : 'cp-quiz-failed', (t.passed ? '✓ ' : '✗ ') + str(t.passed ? 'passed' : 'failed', { pass_mark: quiz.pass_mark })));
    var b = band(quiz.bands, t.percent);
    if (b) live.appendChild(html('p', 'cp-quiz-band', b.html));
    box.appendChild(live);
    if (t.passed !== true && attemptsLeft() > 0) {
      live.appendChild(el('p', '', str('attempts_left', { count: attemptsLeft() === Infinity ? '∞' : attemptsLeft() })));
      var again = el('button', 'cp-quiz-retry', str('retry_quiz'));
      again.type = 'button';
      again.addEventListener('click', retryQuiz);
      box.appendChild(again);
    } else if (t.passed !== true && quiz.attempts) {
      live.appendChild(el('p', '', str('no_attempts_left')));
    }
    if (focus) h.focus();
  }

  function retryQuiz() {
    startAttempt();
    saveState();
    scenarios.forEach(function (s) { if (cp.scenarioRestart) cp.scenarioRestart(s.id); });
    if (resultBox && resultBox.parentNode) resultBox.parentNode.removeChild(resultBox);
    resultBox = null;
    applyAttempt();
    /** @type {Widget[]} */
    var shown = [];
    quiz.questions.forEach(function (q) {
      var w = widgets[q.index];
      if (!w || !inAttempt(q)) return;
      w.restore(null);
      if (q.shuffle) w.shuffle();
      w.tryAgain();
      shown.push(w);
    });
    var first = shown[0];
    if (first) {
      if (first.root.scrollIntoView) first.root.scrollIntoView();
      first.focusFirst();
    }
  }

  /* Show the questions drawn for this attempt, in the drawn order within each page. */
  function applyAttempt() {
    quiz.questions.forEach(function (q) {
      var w = widgets[q.index];
      if (w && q.assessed) w.root.hidden = !inAttempt(q);
    });
    if (!quiz.shuffle_questions || state.d === 0) return;
    /** @type {HTMLElement[]} */
    var nodes = [];
    state.d.forEach(function (i) { if (widgets[i] && widgets[i].root.parentNode) nodes.push(widgets[i].root); });
    var slots = nodes.slice().sort(function (a, b) {
      return a.compareDocumentPosition(b) & 4 ? -1 : 1;
    }).map(function (n) {
      var mark = doc.createComment('cp-slot');
      /** @type {ParentNode} */ (n.parentNode).insertBefore(mark, n);
      return mark;
    });
    nodes.forEach(function (n, k) { /** @type {ParentNode} */ (slots[k].parentNode).insertBefore(n, slots[k]); });
    slots.forEach(function (s) { /** @type {ParentNode} */ (s.parentNode).removeChild(s); });
  }

  function start() {
    state = loadState();
    cp.scenarioEnded = scenarioEnded;
    if (quiz.has_assessment && state.t === 0) { startAttempt(); saveState(); }
    all(doc, '.cp-question').forEach(function (node) {
      var q = byId[node.getAttribute('data-question-id') || ''];
      if (!q) return;
      var w = new Widget(node, q);
      widgets[q.index] = w;
      var e = state.a[q.index];
      if (!Array.isArray(e)) return;
      w.restore(e[1]);
      if (q.type === 'reflection' || e[0] === 0) return;
      w.lock(true);
      var assessed = inAttempt(q);
      if (!assessed) {
        w.show(score(q, e[1]), e[1], false);
        if (w.retry) w.retry.hidden = false;
      } else if (quiz.feedback === 'end' && !(state.f === 1 && quiz.review)) {
        w.showSaved();
      } else {
        w.show(score(q, e[1]), e[1], state.f === 1 && quiz.review);
      }
    });
    applyAttempt();
    if (state.f === 1) showResult(total(outcomesOfAttempt(), quiz.pass_mark), false);
    else if (quiz.has_assessment) maybeFinish();
  }

  if (cp.on) cp.on('ready', start); else start();
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
