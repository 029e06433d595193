/* coursepack quiz player. Dependency-free ES5; plugs into window.coursepack.
 *
 * Hydrates every .cp-question rendered by the quiz compiler, marks answers with
 * the same rules as the Rust scoring (crates/coursepack-quiz/src/score.rs,
 * documented in docs/quiz.md), shows feedback in a live region, keeps answers
 * in the learner state under the key "quiz" and reports answers and the score.
 *
 * The pure functions are exposed as window.coursepackQuiz (and module.exports
 * under Node) so tests can run them without a browser.
 */
(function (root) {
  'use strict';

  /* ---------- pure functions (mirror score.rs, standards.rs, state.rs) ---------- */

  // Unicode White_Space, as Rust's char::is_whitespace.
  var WS = '\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  var WS_RUN = new RegExp('[' + WS + ']+', 'g');
  var WS_EDGE = new RegExp('^[' + WS + ']+|[' + WS + ']+$', 'g');
  var FULL_CREDIT_FROM = 99.99;
  var MAX_CHECKS = 99;
  var MAX_ATTEMPT_COUNTER = 999;
  var MAX_DECIMALS = 18;

  function trim(text) { return String(text).replace(WS_EDGE, ''); }

  function normalise(text, caseSensitive) {
    var joined = trim(text).replace(WS_RUN, ' ');
    return caseSensitive ? joined : joined.toLowerCase();
  }

  function parseNumber(s) {
    s = trim(s);
    if (!/^[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)$/.test(s)) return null;
    var v = Number(s);
    return isFinite(v) ? v : null;
  }

  function compactNumber(text) {
    var compact = String(text).replace(WS_RUN, '');
    if (compact.indexOf('.') < 0 && compact.split(',').length === 2) compact = compact.replace(',', '.');
    return compact;
  }

  function learnerNumber(text) { return parseNumber(compactNumber(text)); }

  function isIndex(v) { return typeof v === 'number' && v >= 0 && Math.floor(v) === v; }

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

  function singleCredit(options, i) {
    var o = options[i];
    if (!o) return 0;
    var c = o.credit !== null && o.credit !== undefined ? o.credit : (o.correct ? 100 : 0);
    c = Math.min(100, Math.max(0, c));
    return c > FULL_CREDIT_FROM ? 100 : c;
  }

  function multipleCredit(options, chosen) {
    var picked = [], i;
    for (i = 0; i < options.length; i++) picked.push(false);
    for (i = 0; i < chosen.length; i++) if (chosen[i] !== null && chosen[i] < options.length) picked[chosen[i]] = true;
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
        var o = options[i];
        sum += o.credit !== null && o.credit !== undefined ? o.credit : (o.correct ? 100 : -100) / right;
      }
      sum = Math.min(100, Math.max(0, sum));
      return [sum > FULL_CREDIT_FROM ? 100 : sum, 100];
    }
    var net = 0;
    for (i = 0; i < options.length; i++) if (picked[i]) net += options[i].correct ? 1 : -1;
    return [Math.max(net, 0), right];
  }

  /* The numeric answer a typed number earns: among the answers whose range
   * holds it, the first with the highest credit; null when none does. */
  function numericMatch(answers, text) {
    var v = learnerNumber(text), best = null;
    if (v === null) return null;
    for (var i = 0; i < answers.length; i++) {
      var a = answers[i];
      if (a.min <= v && v <= a.max && (best === null || a.credit > answers[best].credit)) best = i;
    }
    return best;
  }

  function countWhere(n, fn) {
    var c = 0;
    for (var i = 0; i < n; i++) if (fn(i)) c++;
    return c;
  }

  /* Mark one answer: {score, max, status} with status correct|partial|incorrect|unscored. */
  function score(q, r) {
    var points = q.points, s = shape(r), f;
    switch (q.type) {
      case 'likert':
      case 'reflection':
        return { score: 0, max: 0, status: 'unscored' };
      case 'single':
        f = s === 'index' ? [singleCredit(q.options, r), 100] : null;
        break;
      case 'truefalse':
        f = s === 'index' ? [q.options[r] && q.options[r].correct ? 1 : 0, 1] : null;
        break;
      case 'multiple':
        f = s === 'indices' ? multipleCredit(q.options, r) : null;
        break;
      case 'fill':
        f = s === 'texts' ? [countWhere(q.blanks.length, function (i) {
          var given = i < r.length ? normalise(r[i], q.case_sensitive) : '';
          if (given === '') return false;
          for (var j = 0; j < q.blanks[i].accepted.length; j++) {
            if (normalise(q.blanks[i].accepted[j], q.case_sensitive) === given) return true;
          }
          return false;
        }), q.blanks.length] : null;
        break;
      case 'dropdown':
        f = s === 'indices' ? [countWhere(q.blanks.length, function (i) { return r[i] === q.blanks[i].correct; }), q.blanks.length] : null;
        break;
      case 'numeric':
        if (s === 'text') {
          var m = numericMatch(q.answers, r);
          var c = m === null ? 0 : Math.min(100, Math.max(0, q.answers[m].credit));
          f = [c > FULL_CREDIT_FROM ? 100 : c, 100];
        }
        break;
      case 'matching':
        f = s === 'indices' ? [countWhere(q.pairs.length, function (i) { return r[i] === q.pairs[i].target; }), q.pairs.length] : null;
        break;
      case 'ordering':
        f = s === 'indices' ? [countWhere(q.items.length, function (i) { return r[i] === i; }), q.items.length] : null;
        break;
    }
    if (!f) f = [0, 1];
    var num = f[0], den = f[1];
    var status = num >= den ? 'correct' : (num > 0 ? 'partial' : 'incorrect');
    return { score: num >= den ? points : points * num / den, max: points, status: status };
  }

  function total(outcomes, passMark) {
    var raw = 0, max = 0;
    for (var i = 0; i < outcomes.length; i++) { raw += outcomes[i].score; max += outcomes[i].max; }
    var scaled = max > 0 ? raw / max : 0;
    var percent = Math.round(scaled * 10000) / 100;
    return { raw: raw, max: max, scaled: scaled, percent: percent, passed: passMark === null || passMark === undefined ? null : percent >= passMark };
  }

  function band(bands, percent) {
    var best = null;
    for (var i = 0; i < (bands || []).length; i++) {
      if (bands[i].from <= percent && (best === null || bands[i].from > best.from)) best = bands[i];
    }
    return best;
  }

  /* ---- response formats per standard (mirror standards.rs learner_response) ---- */

  function cut(text, limit) {
    var chars = Array.from ? Array.from(text) : String(text).split('');
    return chars.length > limit ? chars.slice(0, limit).join('') : String(text);
  }

  /* Line breaks as spaces: SCORM runtimes refuse them in character strings. */
  function oneLine(text) { return String(text).replace(/\r\n/g, ' ').replace(/[\n\r\u2028\u2029]/g, ' '); }

  function safeItem(text) {
    var t = oneLine(text).split('[,]').join(', ').split('[.]').join('. ');
    return t.charAt(0) === '{' ? '(' + t.slice(1) : t;
  }

  /* The typed number in canonical form (no '+', no leading zeros, at most 18
   * decimals; with maxIntDigits, capped at that many nines), or ''. */
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

  function formatResponse(q, interaction, r) {
    var f = interaction.response, s = shape(r), out = '', list = [], i;
    var ids = f.ids || [], sources = f.sources || [], targets = f.targets || [];
    switch (f.kind + ':' + s) {
      case 'ids:index':
        out = ids[r] !== undefined ? ids[r] : '';
        break;
      case 'ids:indices':
        for (i = 0; i < r.length; i++) if (r[i] !== null && r[i] < ids.length && list.indexOf(r[i]) < 0) list.push(r[i]);
        list.sort(function (a, b) { return a - b; });
        out = list.map(function (n) { return ids[n]; }).join(f.sep);
        break;
      case 'sequence:indices':
        for (i = 0; i < r.length; i++) if (r[i] !== null && ids[r[i]] !== undefined) list.push(ids[r[i]]);
        out = list.join(f.sep);
        break;
      case 'pairs:indices':
        for (i = 0; i < r.length; i++) {
          if (r[i] !== null && sources[i] !== undefined && targets[r[i]] !== undefined) list.push(sources[i] + f.pair_sep + targets[r[i]]);
        }
        out = list.join(f.sep);
        break;
      case 'texts:texts':
        var limit = f.sep === ',' ? 255 : 250;
        out = r.map(function (t) { return cut(safeItem(normalise(t, true)), limit); }).join(f.sep);
        break;
      case 'texts:indices':
        if (q.type !== 'dropdown') break;
        out = q.blanks.map(function (b, n) {
          var c = n < r.length ? r[n] : null;
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

  function isControl(cp) { return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f); }

  /* Drop control characters (keeping \n when multiline) and lone surrogates
   * (JSON writes each as six characters), and cut to max UTF-16 code units
   * without splitting a surrogate pair: every code unit kept costs at most two
   * characters in the saved state, as state.rs's bound assumes. */
  function cleanText(text, multiline, max) {
    var s = String(text), out = '', units = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), ch = s.charAt(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        var low = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (low < 0xDC00 || low > 0xDFFF) continue;
        ch = s.slice(i, i + 2);
        i++;
      } else if (c >= 0xDC00 && c <= 0xDFFF) continue;
      else if (isControl(c) && !(multiline && c === 0x0a)) continue;
      if (units + ch.length > max) break;
      units += ch.length;
      out += ch;
    }
    return out;
  }

  function serialiseState(st) {
    return JSON.stringify({ a: st.a, t: st.t, d: st.d, f: st.f, s: st.s });
  }

  /* A small seeded generator (mulberry32) so shuffles survive a reload. */
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

  function shuffled(list, random) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = a[i]; a[i] = a[j]; a[j] = tmp;
    }
    return a;
  }

  /* The assessed questions of one attempt: every unbanked one, plus draw[bank]
   * of each bank, in page order (shuffled when asked). */
  function drawAttempt(quiz, attempt, random) {
    var banks = {}, picked = [], i;
    for (i = 0; i < quiz.questions.length; i++) {
      var q = quiz.questions[i];
      if (!q.assessed) continue;
      if (q.bank && quiz.draw && quiz.draw[q.bank] !== undefined) (banks[q.bank] = banks[q.bank] || []).push(q.index);
      else picked.push(q.index);
    }
    for (var name in banks) {
      if (Object.prototype.hasOwnProperty.call(banks, name)) picked = picked.concat(shuffled(banks[name], random).slice(0, quiz.draw[name]));
    }
    picked.sort(function (a, b) { return a - b; });
    return quiz.shuffle_questions ? shuffled(picked, random) : picked;
  }

  var lib = {
    normalise: normalise, parseNumber: parseNumber, learnerNumber: learnerNumber, score: score, total: total,
    band: band, formatResponse: formatResponse, cleanText: cleanText, serialiseState: serialiseState,
    drawAttempt: drawAttempt, seeded: seeded, shuffled: shuffled, numberText: numberText, shape: shape,
    numericMatch: numericMatch
  };
  root.coursepackQuiz = lib;
  if (typeof module !== 'undefined' && module.exports) module.exports = lib;

  /* ---------- the widgets ---------- */

  var cp = root.coursepack;
  var doc = root.document;
  if (!cp || !doc) return;

  var S = cp.strings || {};
  var quiz = (cp.data && cp.data.quiz) || null;
  if (!quiz || !quiz.questions) return;
  var limits = quiz.limits || { fill: 100, numeric: 32, reflection: 2000 };
  /* The build proves the learner's state fits the target with every reflection
   * at this length (#cp-data module.reflectionMaxChars); nothing is shortened later. */
  var moduleCap = cp.data && cp.data.module && cp.data.module.reflectionMaxChars;
  if (typeof moduleCap === 'number' && moduleCap >= 0) limits = { fill: limits.fill, numeric: limits.numeric, reflection: Math.floor(moduleCap) };
  var byId = {};
  quiz.questions.forEach(function (q) { byId[q.id] = q; });

  function str(key, vars) { return cp.format ? cp.format(S[key] || key, vars || {}) : (S[key] || key); }
  function all(el, sel) { return Array.prototype.slice.call(el.querySelectorAll(sel)); }

  var state = null;     // {a, t, d, f, s}
  var widgets = {};     // question index -> widget

  function loadState() {
    var saved = cp.state && cp.state.get('quiz');
    var st = { a: [], t: 0, d: 0, f: 0, s: -1 };
    if (saved && typeof saved === 'object' && Array.isArray(saved.a)) {
      st.t = isIndex(saved.t) ? saved.t : 0;
      st.d = Array.isArray(saved.d) ? saved.d.filter(function (i) { return isIndex(i) && i < quiz.questions.length; }) : 0;
      st.f = saved.f === 1 ? 1 : 0;
      st.s = typeof saved.s === 'number' ? saved.s : -1;
      st.a = saved.a;
    }
    for (var i = 0; i < quiz.questions.length; i++) if (!Array.isArray(st.a[i])) st.a[i] = 0;
    st.a.length = quiz.questions.length;
    return st;
  }

  function saveState() { if (cp.state) cp.state.set('quiz', JSON.parse(serialiseState(state))); }

  function startAttempt() {
    var cap = quiz.attempts === null || quiz.attempts === undefined ? MAX_ATTEMPT_COUNTER : Math.min(quiz.attempts, MAX_ATTEMPT_COUNTER);
    state.t = Math.min(state.t + 1, cap);
    var random = seeded(String(Date.now()) + ':' + state.t);
    var hasDraw = quiz.shuffle_questions || Object.keys(quiz.draw || {}).length > 0;
    state.d = hasDraw ? drawAttempt(quiz, state.t, random) : 0;
    state.f = 0;
    state.s = -1;
    quiz.questions.forEach(function (q) { if (q.assessed) state.a[q.index] = 0; });
  }

  function inAttempt(q) { return q.assessed && (state.d === 0 || state.d.indexOf(q.index) >= 0); }

  function attemptsLeft() {
    if (quiz.attempts === null || quiz.attempts === undefined) return Infinity;
    return Math.max(0, quiz.attempts - state.t);
  }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function html(tag, cls, markup) {
    var e = el(tag, cls);
    e.innerHTML = markup; // trusted: generated and escaped by the compiler
    return e;
  }

  function Widget(root, q) {
    this.root = root;
    this.q = q;
    this.feedback = root.querySelector('.cp-q-feedback');
    this.check = root.querySelector('.cp-q-check');
    this.retry = root.querySelector('.cp-q-retry');
    this.started = Date.now();
    this.bind();
  }

  Widget.prototype.controls = function () {
    return all(this.root, 'input, select, textarea, .cp-q-up, .cp-q-down');
  };

  Widget.prototype.response = function () {
    var q = this.q, r = this.root, picked;
    switch (q.type) {
      case 'single': case 'truefalse': case 'likert':
        picked = r.querySelector('input:checked');
        return picked ? Number(picked.value) : null;
      case 'multiple':
        picked = all(r, 'input:checked').map(function (i) { return Number(i.value); }).sort(function (a, b) { return a - b; });
        return picked.length ? picked : null;
      case 'fill':
        picked = all(r, 'input.cp-q-blank').map(function (i) { return cleanText(i.value, false, limits.fill); });
        return picked.some(function (t) { return trim(t) !== ''; }) ? picked : null;
      case 'dropdown':
        picked = all(r, 'select.cp-q-blank').map(function (s) { return s.value === '' ? null : Number(s.value); });
        return picked.some(function (v) { return v !== null; }) ? picked : null;
      case 'matching':
        picked = all(r, 'select.cp-q-match').map(function (s) { return s.value === '' ? null : Number(s.value); });
        return picked.some(function (v) { return v !== null; }) ? picked : null;
      case 'numeric':
        picked = cleanText(r.querySelector('input.cp-q-number').value, false, limits.numeric);
        return trim(picked) !== '' ? picked : null;
      case 'ordering':
        return all(r, 'li.cp-q-item').map(function (li) { return Number(li.getAttribute('data-item')); });
      case 'reflection':
        return cleanText(r.querySelector('textarea').value, true, limits.reflection);
    }
    return null;
  };

  Widget.prototype.restore = function (resp) {
    var q = this.q, r = this.root;
    switch (q.type) {
      case 'single': case 'truefalse': case 'likert':
        all(r, 'input').forEach(function (i) { i.checked = Number(i.value) === resp; });
        break;
      case 'multiple':
        all(r, 'input').forEach(function (i) { i.checked = Array.isArray(resp) && resp.indexOf(Number(i.value)) >= 0; });
        break;
      case 'fill':
        all(r, 'input.cp-q-blank').forEach(function (i, n) { i.value = Array.isArray(resp) && typeof resp[n] === 'string' ? resp[n] : ''; });
        break;
      case 'dropdown': case 'matching':
        all(r, q.type === 'dropdown' ? 'select.cp-q-blank' : 'select.cp-q-match').forEach(function (s, n) {
          s.value = Array.isArray(resp) && isIndex(resp[n]) ? String(resp[n]) : '';
        });
        break;
      case 'numeric':
        r.querySelector('input.cp-q-number').value = typeof resp === 'string' ? resp : '';
        break;
      case 'ordering':
        if (!Array.isArray(resp)) break;
        var list = r.querySelector('ol.cp-q-order');
        resp.forEach(function (i) {
          var li = list.querySelector('li[data-item="' + i + '"]');
          if (li) list.appendChild(li);
        });
        this.updateMoves();
        break;
      case 'reflection':
        r.querySelector('textarea').value = typeof resp === 'string' ? resp : '';
        break;
    }
  };

  Widget.prototype.lock = function (locked) {
    this.controls().forEach(function (c) { c.disabled = locked; });
    if (!locked) this.updateMoves();
    if (this.check) this.check.hidden = locked;
  };

  Widget.prototype.updateMoves = function () {
    var items = all(this.root, 'li.cp-q-item');
    items.forEach(function (li, n) {
      li.querySelector('.cp-q-up').disabled = n === 0;
      li.querySelector('.cp-q-down').disabled = n === items.length - 1;
    });
  };

  Widget.prototype.move = function (li, delta) {
    var list = li.parentNode, items = all(list, 'li.cp-q-item'), n = items.indexOf(li), to = n + delta;
    if (to < 0 || to >= items.length) return;
    if (delta < 0) list.insertBefore(li, items[to]); else list.insertBefore(items[to], li);
    this.updateMoves();
    var button = li.querySelector(delta < 0 ? '.cp-q-up' : '.cp-q-down');
    (button.disabled ? li.querySelector(delta < 0 ? '.cp-q-down' : '.cp-q-up') : button).focus();
    var live = this.root.querySelector('[id$="-moved"]');
    if (live) live.textContent = str('moved_to', { item: li.querySelector('.cp-q-item-text').textContent, position: to + 1, total: items.length });
  };

  /* `shuffle: true`: a new order per attempt, the same after a reload (seeded
   * from the question id and attempt number). Choice options are reordered;
   * every list of a dropdown or matching question keeps its blank first; the
   * rows of a matching question share one order of targets; ordering items
   * start in an order that is never the correct one. */
  function shuffleWidget(r, q, random) {
    switch (q.type) {
      case 'single': case 'multiple': case 'likert':
        var box = r.querySelector('.cp-q-options');
        shuffled(all(box, '.cp-q-option'), random).forEach(function (o) { box.appendChild(o); });
        break;
      case 'dropdown': case 'matching':
        var selects = all(r, q.type === 'dropdown' ? 'select.cp-q-blank' : 'select.cp-q-match');
        var order = null;
        selects.forEach(function (sel) {
          var options = all(sel, 'option').filter(function (o) { return o.value !== ''; });
          if (q.type === 'dropdown' || !order) order = shuffled(options.map(function (o, n) { return n; }), random);
          order.forEach(function (n) { sel.appendChild(options[n]); });
        });
        break;
      case 'ordering':
        var list = r.querySelector('ol.cp-q-order');
        var items = all(list, 'li.cp-q-item');
        var start = shuffled(items, random);
        var inOrder = start.every(function (li, n) { return Number(li.getAttribute('data-item')) === n; });
        if (inOrder && start.length > 1) start.push(start.shift());
        start.forEach(function (li) { list.appendChild(li); });
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
      toggle.addEventListener('click', function () {
        var hint = doc.getElementById(toggle.getAttribute('aria-controls'));
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        toggle.textContent = str(open ? 'hide_hint' : 'show_hint');
        if (hint) hint.hidden = !open;
      });
    }
    all(r, 'li.cp-q-item').forEach(function (li) {
      li.querySelector('.cp-q-up').addEventListener('click', function () { self.move(li, -1); });
      li.querySelector('.cp-q-down').addEventListener('click', function () { self.move(li, 1); });
    });
    if (q.type === 'reflection') {
      var area = r.querySelector('textarea'), saved = r.querySelector('.cp-q-saved'), timer = null, reported = '';
      area.setAttribute('maxlength', String(limits.reflection));
      if (cp.limitBox) cp.limitBox(area, limits.reflection, r.querySelector('.cp-q-limit'), r.querySelector('.cp-q-count'));
      area.addEventListener('input', function () {
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () {
          state.a[q.index] = [0, self.response()];
          saveState();
          if (saved) saved.textContent = str('reflection_saved');
        }, 500);
      });
      area.addEventListener('change', function () {
        var text = self.response();
        if (text && text !== reported) { reported = text; self.report(text, { score: 0, max: 0, status: 'unscored' }); }
      });
    }
  };

  Widget.prototype.report = function (resp, outcome) {
    if (!cp.reportAnswer) return;
    var q = this.q, interaction = {};
    ['scorm12', 'scorm2004', 'xapi'].forEach(function (std) {
      var i = q.interactions[std];
      interaction[std] = { id: i.id, type: i.type, correctResponses: i.patterns, learnerResponse: formatResponse(q, i, resp), description: i.description || '' };
    });
    cp.reportAnswer({
      questionId: q.id,
      interaction: interaction,
      correct: outcome.status === 'unscored' ? null : outcome.status === 'correct',
      score: outcome.score,
      maxScore: outcome.max,
      weighting: q.points,
      latencySeconds: Math.max(0, Math.round((Date.now() - this.started) / 10) / 100)
    });
  };

  Widget.prototype.submit = function () {
    var resp = this.response(), q = this.q;
    if (resp === null) {
      this.feedback.textContent = str('answer_first');
      return;
    }
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
    var controls = this.controls(), chosen = null, first = null;
    for (var i = 0; i < controls.length; i++) {
      if (controls[i].disabled) continue;
      if (!first) first = controls[i];
      if (!chosen && controls[i].checked) chosen = controls[i];
    }
    if (chosen || first) (chosen || first).focus();
  };

  Widget.prototype.clearMarks = function () {
    all(this.root, '.cp-q-mark').forEach(function (m) { m.textContent = ''; m.className = 'cp-q-mark'; });
    all(this.root, '.cp-q-option').forEach(function (o) { o.classList.remove('cp-q-right', 'cp-q-wrong'); });
  };

  Widget.prototype.showSaved = function () {
    this.feedback.textContent = str('answer_saved');
  };

  /* Feedback: a status word with a symbol (never colour alone), the question's
   * feedback, each chosen option's feedback, the explanation, and in review the
   * learner's answer and the correct one. */
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
    if (q.options && q.type !== 'likert') {
      var chosen = Array.isArray(resp) ? resp : [resp];
      var marks = all(this.root, '.cp-q-option');
      marks.forEach(function (o) {
        var i = Number(o.getAttribute('data-option'));
        if (chosen.indexOf(i) < 0) return;
        var right = q.options[i].correct;
        var m = o.querySelector('.cp-q-mark');
        m.textContent = (right ? '✓ ' : '✗ ') + str(right ? 'correct' : 'incorrect');
        o.classList.add(right ? 'cp-q-right' : 'cp-q-wrong');
        if (q.options[i].feedback_html) fb.appendChild(html('p', 'cp-q-option-feedback', '<strong>' + q.options[i].html + ':</strong> ' + q.options[i].feedback_html));
      });
    }
    if (q.type === 'numeric') {
      var m = numericMatch(q.answers, resp);
      if (m !== null && q.answers[m].feedback_html) fb.appendChild(html('p', 'cp-q-option-feedback', q.answers[m].feedback_html));
    }
    if (review && q.answer_html && outcome.status !== 'correct') {
      fb.appendChild(html('div', 'cp-q-answer', '<strong>' + escapeText(str('correct_answer')) + ':</strong> ' + q.answer_html));
    }
    if (q.explanation_html) fb.appendChild(html('p', 'cp-q-explanation', '<strong>' + escapeText(str('explanation')) + ':</strong> ' + q.explanation_html));
  };

  function escapeText(t) {
    return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /* ---------- the assessment ---------- */

  function outcomesOfAttempt() {
    var list = [];
    quiz.questions.forEach(function (q) {
      if (!inAttempt(q)) return;
      var e = state.a[q.index];
      list.push(Array.isArray(e) ? score(q, e[1]) : { score: 0, max: q.points, status: 'incorrect' });
    });
    return list;
  }

  function allChecked() {
    return quiz.questions.every(function (q) { return !inAttempt(q) || Array.isArray(state.a[q.index]); });
  }

  function maybeFinish() {
    if (state.f === 1 || !allChecked()) return;
    var t = total(outcomesOfAttempt(), quiz.pass_mark);
    state.f = 1;
    state.s = t.percent;
    saveState();
    if (cp.reportScore) cp.reportScore({ raw: t.raw, max: t.max, min: 0, scaled: t.scaled, passed: t.passed === null ? undefined : t.passed });
    if (quiz.review) reviewAll();
    showResult(t, true);
  }

  function reviewAll() {
    quiz.questions.forEach(function (q) {
      var w = widgets[q.index], e = state.a[q.index];
      if (w && inAttempt(q) && Array.isArray(e)) w.show(score(q, e[1]), e[1], true);
    });
  }

  var resultBox = null;

  function showResult(t, focus) {
    var anchors = all(doc, '.cp-question').filter(function (n) {
      var q = byId[n.getAttribute('data-question-id')];
      return q && inAttempt(q);
    });
    if (!anchors.length) return;
    if (!resultBox) {
      resultBox = el('section', 'cp-quiz-result');
      resultBox.setAttribute('aria-labelledby', 'cp-quiz-result-title');
      var last = anchors[anchors.length - 1];
      last.parentNode.insertBefore(resultBox, last.nextSibling);
    }
    resultBox.textContent = '';
    var h = el('h2', '', str('quiz_result'));
    h.id = 'cp-quiz-result-title';
    h.tabIndex = -1;
    resultBox.appendChild(h);
    var live = el('div', 'cp-quiz-summary');
    live.setAttribute('role', 'status');
    live.appendChild(el('p', '', str('score', { score: t.percent })));
    if (t.passed !== null) live.appendChild(el('p', t.passed ? 'cp-quiz-passed' : 'cp-quiz-failed', (t.passed ? '✓ ' : '✗ ') + str(t.passed ? 'passed' : 'failed', { pass_mark: quiz.pass_mark })));
    var b = band(quiz.bands, t.percent);
    if (b) live.appendChild(html('p', 'cp-quiz-band', b.html));
    resultBox.appendChild(live);
    if (t.passed !== true && attemptsLeft() > 0) {
      live.appendChild(el('p', '', str('attempts_left', { count: attemptsLeft() === Infinity ? '∞' : attemptsLeft() })));
      var again = el('button', 'cp-quiz-retry', str('retry_quiz'));
      again.type = 'button';
      again.addEventListener('click', retryQuiz);
      resultBox.appendChild(again);
    } else if (t.passed !== true && quiz.attempts) {
      live.appendChild(el('p', '', str('no_attempts_left')));
    }
    if (focus) h.focus();
  }

  function retryQuiz() {
    startAttempt();
    saveState();
    if (resultBox && resultBox.parentNode) resultBox.parentNode.removeChild(resultBox);
    resultBox = null;
    applyAttempt();
    var first = null;
    quiz.questions.forEach(function (q) {
      var w = widgets[q.index];
      if (!w || !inAttempt(q)) return;
      w.restore(null);
      if (q.shuffle) w.shuffle();
      w.tryAgain();
      if (!first) first = w;
    });
    if (first) {
      first.root.scrollIntoView && first.root.scrollIntoView();
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
    var nodes = state.d.map(function (i) { return widgets[i] && widgets[i].root; }).filter(Boolean);
    var slots = nodes.slice().sort(function (a, b) {
      return a.compareDocumentPosition(b) & 4 ? -1 : 1;
    }).map(function (n) {
      var mark = doc.createComment('cp-slot');
      n.parentNode.insertBefore(mark, n);
      return mark;
    });
    nodes.forEach(function (n, k) { slots[k].parentNode.insertBefore(n, slots[k]); });
    slots.forEach(function (s) { s.parentNode.removeChild(s); });
  }

  function start() {
    state = loadState();
    if (quiz.has_assessment && state.t === 0) { startAttempt(); saveState(); }
    all(doc, '.cp-question').forEach(function (node) {
      var q = byId[node.getAttribute('data-question-id')];
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
})(typeof window !== 'undefined' ? window : this);
