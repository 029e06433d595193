// @ts-check
/* coursepack scenario player. Dependency-free ES5; plugs into window.coursepack.
 *
 * Plays every section.cp-scenario the compiler wrote (coursepack-compile,
 * src/scenario.rs), with the data of #cp-data.scenarios (coursepack-scenario,
 * src/player.rs): one node at a time; a choice shows where it leads and its
 * consequence, moves focus to the new node's heading and announces it; the
 * path taken is listed; "Back one step" and "Start again" as the author
 * allows. Without this script the section reads as it was written: every node
 * in order, each choice a link to the node it leads to.
 *
 * State: under the player-state key "scn", { <scenario id>: <path> }, the path
 * one letter per choice taken from the start ("a" for a node's first choice),
 * with loops cut out (coursepack-scenario, src/state.rs, bounds its length).
 * Tracking: each decision and the ending reached are reported with
 * coursepack.reportAnswer, in the record shape of ADAPTERS.md (the
 * interactions per standard come from the build: src/standards.rs).
 *
 * The pure functions are window.coursepackScenario, so tests can run them without a browser.
 */
(function (root) {
  'use strict';

  var LETTERS = 'abcdefghijklmnopqrstuvwxyz';
  var STATE_KEY = 'scn';

  /**
   * @typedef {{ id: string, type: string, ids: string[], patterns: string[], description?: string }} Interaction
   * @typedef {{ scorm12: Interaction, scorm2004: Interaction, xapi: Interaction }} Interactions
   * @typedef {{ to: number, mark: string, text: string }} ChoiceData
   * @typedef {{ index: number, outcome: string, score: number|null, success: boolean|null }} EndData
   * @typedef {{ questionId: string, interaction: Record<string, Record<string, any>>, responses: Record<string, string[]> }} RecordTemplate
   * @typedef {{ id: string, title: string, end: EndData|null, choices: ChoiceData[], interactions: Interactions|null,
   *             record: RecordTemplate|null }} NodeData
   * @typedef {{ id: string, title: string, start: number, back: boolean, restart: boolean, points: number,
   *             scored: boolean, max: number, nodes: NodeData[], ending: Interactions, endingRecord: RecordTemplate, page?: string,
   *             assessed?: boolean }} ScenarioData
   * @typedef {{ nodes: number[], choices: number[] }} Route
   */

  /* ---------- pure functions ---------- */

  /**
   * The route a saved path takes: the nodes visited (the start first) and the
   * choice taken at each. A path that no longer fits the scenario (edited
   * since it was saved) is cut at its first step that does not.
   * @param {ScenarioData} s
   * @param {string} path
   * @returns {Route}
   */
  function replay(s, path) {
    var nodes = [s.start];
    /** @type {number[]} */
    var choices = [];
    var text = typeof path === 'string' ? path : '';
    for (var i = 0; i < text.length; i++) {
      var at = nodes[nodes.length - 1];
      var node = s.nodes[at];
      var k = LETTERS.indexOf(text.charAt(i));
      if (!node || k < 0 || k >= node.choices.length) break;
      var to = node.choices[k].to;
      /* a saved path never passes a node twice (see take) */
      if (to < 0 || to >= s.nodes.length || nodes.indexOf(to) >= 0) break;
      nodes.push(to);
      choices.push(k);
    }
    return { nodes: nodes, choices: choices };
  }

  /**
   * @param {number[]} choices
   * @returns {string}
   */
  function pathOf(choices) {
    return choices.map(function (k) { return LETTERS.charAt(k); }).join('');
  }

  /**
   * The path after taking choice `k` where `path` leads: one letter longer;
   * cut back to where the path passed the node before, when the choice leads
   * to a node already on it (so loops never lengthen it); the same path when
   * the choice leads back to its own node ("try again").
   * @param {ScenarioData} s
   * @param {string} path
   * @param {number} k
   * @returns {string}
   */
  function take(s, path, k) {
    var route = replay(s, path);
    var at = route.nodes[route.nodes.length - 1];
    var choice = s.nodes[at] && s.nodes[at].choices[k];
    if (!choice || choice.to < 0) return pathOf(route.choices);
    var seen = route.nodes.indexOf(choice.to);
    if (seen >= 0) return pathOf(route.choices.slice(0, seen));
    return pathOf(route.choices.concat([k]));
  }

  /**
   * @param {string} mark
   * @returns {boolean|null}
   */
  function markResult(mark) {
    return mark === 'right' ? true : mark === 'wrong' ? false : null;
  }

  /**
   * A record from its template in the page data (the build writes every
   * field but the learner's response: src/player.rs): each standard's
   * interaction gets the response of option `option`.
   * @param {RecordTemplate} t
   * @param {number} option
   * @param {boolean|null} correct
   * @param {number} latencySeconds
   */
  function fromTemplate(t, option, correct, latencySeconds) {
    /** @type {Record<string, any>} */
    var interaction = JSON.parse(JSON.stringify(t.interaction));
    for (var std in interaction) interaction[std].learnerResponse = t.responses[std][option] || '';
    return { questionId: t.questionId, interaction: interaction, correct: correct, latencySeconds: latencySeconds };
  }

  /**
   * The record of one decision: choice `k` at node `at` (ADAPTERS.md's answer record).
   * @param {ScenarioData} s
   * @param {number} at
   * @param {number} k
   * @param {number} latencySeconds
   */
  function decisionRecord(s, at, k, latencySeconds) {
    var node = s.nodes[at];
    return fromTemplate(/** @type {RecordTemplate} */ (node.record), k, markResult(node.choices[k].mark), latencySeconds);
  }

  /**
   * The record of the ending reached at node `at`: one more choice interaction,
   * among the endings, with the scenario's score when it is scored.
   * @param {ScenarioData} s
   * @param {number} at
   * @param {number} latencySeconds
   */
  function endingRecord(s, at, latencySeconds) {
    var end = /** @type {EndData} */ (s.nodes[at].end);
    /** @type {Record<string, any>} */
    var record = fromTemplate(s.endingRecord, end.index, typeof end.success === 'boolean' ? end.success : null, latencySeconds);
    if (s.scored && typeof end.score === 'number' && s.max > 0) {
      record.score = end.score;
      record.maxScore = s.max;
      record.weighting = s.points;
    }
    return record;
  }

  var lib = {
    replay: replay, take: take, pathOf: pathOf, decisionRecord: decisionRecord, endingRecord: endingRecord,
    STATE_KEY: STATE_KEY
  };
  /** @type {any} */ (root).coursepackScenario = lib;

  /* ---------- the widget ---------- */

  var cp = /** @type {any} */ (root).coursepack;
  var doc = root.document;
  if (!cp || !doc || !cp.data) return;
  /** @type {ScenarioData[]} */
  var scenarios = Array.isArray(cp.data.scenarios) ? cp.data.scenarios : [];
  if (!scenarios.length) return;
  var S = cp.strings || {};

  /**
   * @param {string} key
   * @param {Record<string, string|number>} [vars]
   */
  function str(key, vars) {
    return cp.format ? cp.format(S[key] || key, vars || {}) : (S[key] || key);
  }

  /**
   * @param {string} tag
   * @param {string} cls
   * @param {string} [text]
   */
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** @type {Record<string, string>} */
  var paths = {};

  function loadPaths() {
    var saved = cp.state && cp.state.get(STATE_KEY);
    paths = {};
    if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
      for (var id in saved) {
        if (Object.prototype.hasOwnProperty.call(saved, id) && typeof saved[id] === 'string') paths[id] = saved[id];
      }
    }
  }

  function savePaths() {
    /** @type {Record<string, string>} */
    var out = {};
    scenarios.forEach(function (s) { if (paths[s.id]) out[s.id] = paths[s.id]; });
    if (cp.state) cp.state.set(STATE_KEY, out);
  }

  /**
   * One scenario on the page.
   * @param {HTMLElement} section
   * @param {ScenarioData} s
   */
  function Player(section, s) {
    var self = this;
    this.section = section;
    this.s = s;
    this.shownAt = Date.now();
    /** @type {HTMLElement[]} */
    this.nodes = [];
    /** @type {HTMLElement[]} */
    this.consequences = [];
    var byId = /** @type {Record<string, HTMLElement>} */ ({});
    Array.prototype.slice.call(section.querySelectorAll('.cp-scenario-node')).forEach(function (/** @type {HTMLElement} */ n) {
      byId[n.getAttribute('data-node-id') || ''] = n;
    });
    s.nodes.forEach(function (node, i) {
      var box = byId[node.id];
      self.nodes.push(box);
      var consequence = el('div', 'cp-scenario-consequence');
      consequence.tabIndex = -1;
      consequence.hidden = true;
      var heading = box.querySelector('.cp-scenario-node-title');
      if (heading && heading.parentNode) heading.parentNode.insertBefore(consequence, heading.nextSibling);
      self.consequences.push(consequence);
      Array.prototype.slice.call(box.querySelectorAll('.cp-scenario-choice')).forEach(function (/** @type {HTMLElement} */ li) {
        var k = Number(li.getAttribute('data-choice'));
        var link = li.querySelector('a');
        if (!link) return;
        var button = /** @type {HTMLButtonElement} */ (el('button', 'cp-scenario-choice-button'));
        button.type = 'button';
        while (link.firstChild) button.appendChild(link.firstChild);
        if (link.parentNode) link.parentNode.replaceChild(button, link);
        button.addEventListener('click', function () { self.choose(i, k); });
      });
    });
    section.classList.add('cp-scenario-js');
    this.status = el('p', 'cp-visually-hidden cp-scenario-status');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.trail = el('div', 'cp-scenario-trail');
    this.trail.appendChild(el('p', 'cp-scenario-trail-title', str('scenario_path')));
    this.trailList = el('ol', '');
    this.trail.appendChild(this.trailList);
    this.controls = el('div', 'cp-scenario-controls');
    /** @type {HTMLButtonElement|null} */
    this.back = null;
    /** @type {HTMLButtonElement|null} */
    this.restart = null;
    if (s.back) {
      this.back = /** @type {HTMLButtonElement} */ (el('button', 'cp-btn cp-scenario-back', str('scenario_back')));
      this.back.type = 'button';
      this.back.addEventListener('click', function () { self.stepBack(); });
      this.controls.appendChild(this.back);
    }
    if (s.restart) {
      this.restart = /** @type {HTMLButtonElement} */ (el('button', 'cp-btn cp-scenario-restart', str('scenario_restart')));
      this.restart.type = 'button';
      this.restart.addEventListener('click', function () { self.startAgain(); });
      this.controls.appendChild(this.restart);
    }
    section.appendChild(this.trail);
    section.appendChild(this.controls);
    section.appendChild(this.status);
    this.render(null);
  }

  /** The saved path, as a route. */
  Player.prototype.route = function () {
    return replay(this.s, paths[this.s.id] || '');
  };

  /**
   * The consequence box of node `at`: the choice that led there and what it caused.
   * @param {number} at
   * @param {number} from node the choice was at
   * @param {number} k the choice
   * @param {boolean} again a choice that led back to its own node
   */
  Player.prototype.tell = function (at, from, k, again) {
    var box = this.consequences[at];
    box.textContent = '';
    var choice = this.s.nodes[from].choices[k];
    box.appendChild(el('p', 'cp-scenario-chose', str('scenario_you_chose', { choice: choice.text })));
    var source = this.nodes[from].querySelector('.cp-scenario-choice[data-choice="' + k + '"] .cp-scenario-feedback-text');
    if (source) {
      var p = el('p', 'cp-scenario-said');
      /* a copy of the compiler's markup for the feedback (no HTML from strings) */
      Array.prototype.forEach.call(source.childNodes, function (/** @type {Node} */ n) { p.appendChild(n.cloneNode(true)); });
      box.appendChild(p);
    }
    if (again) box.appendChild(el('p', 'cp-scenario-again', str('scenario_choose_again')));
    box.hidden = false;
  };

  /**
   * Show the node the path leads to; `focus` is 'heading', 'consequence' or null.
   * @param {string|null} focus
   */
  Player.prototype.render = function (focus) {
    var s = this.s, route = this.route(), at = route.nodes[route.nodes.length - 1];
    var self = this;
    this.nodes.forEach(function (n, i) { n.hidden = i !== at; });
    this.consequences.forEach(function (c, i) {
      /* a "try again" consequence (focus === 'consequence') stays where it was just told */
      if (i !== at || (route.choices.length === 0 && focus !== 'consequence')) { c.hidden = true; c.textContent = ''; }
    });
    var steps = route.choices.length;
    if (steps > 0 && focus !== 'consequence') this.tell(at, route.nodes[steps - 1], route.choices[steps - 1], false);
    this.trailList.textContent = '';
    route.choices.forEach(function (k, j) {
      var node = s.nodes[route.nodes[j]];
      self.trailList.appendChild(el('li', '', node.title + ': ' + node.choices[k].text));
    });
    this.trail.hidden = steps === 0;
    if (this.back) this.back.disabled = steps === 0;
    if (this.restart) this.restart.disabled = steps === 0;
    this.controls.hidden = !this.back && !this.restart;
    this.shownAt = Date.now();
    if (focus === 'heading') {
      var h = /** @type {HTMLElement|null} */ (this.nodes[at].querySelector('.cp-scenario-node-title'));
      if (h) h.focus();
    } else if (focus === 'consequence') {
      this.consequences[at].focus();
    }
  };

  /** @param {string} text */
  Player.prototype.announce = function (text) {
    this.status.textContent = text;
  };

  /**
   * The learner takes choice `k` at node `at` (the node shown).
   * @param {number} at
   * @param {number} k
   */
  Player.prototype.choose = function (at, k) {
    var s = this.s, choice = s.nodes[at].choices[k];
    if (!choice) return;
    var latency = Math.max(0, Math.round((Date.now() - this.shownAt) / 10) / 100);
    if (cp.reportAnswer && s.nodes[at].record) cp.reportAnswer(decisionRecord(s, at, k, latency));
    if (choice.to === at) {
      this.tell(at, at, k, true);
      this.render('consequence');
      this.announce(str('scenario_choose_again'));
      return;
    }
    paths[s.id] = take(s, paths[s.id] || '', k);
    savePaths();
    var route = this.route();
    var now = route.nodes[route.nodes.length - 1];
    this.render('heading');
    var node = s.nodes[now];
    if (node.end) {
      if (cp.reportAnswer) cp.reportAnswer(endingRecord(s, now, latency));
      /* a scenario that counts towards the assessment gives the quiz its answer */
      if (s.assessed && cp.scenarioEnded) cp.scenarioEnded(s.id, node.end.index);
      this.announce(str('scenario_ended', { outcome: node.end.outcome }));
    } else {
      this.announce(str('scenario_step', { step: route.choices.length + 1, title: node.title }));
    }
  };

  Player.prototype.stepBack = function () {
    var route = this.route();
    if (!route.choices.length) return;
    paths[this.s.id] = pathOf(route.choices.slice(0, -1));
    savePaths();
    var again = this.route();
    this.render('heading');
    var node = this.s.nodes[again.nodes[again.nodes.length - 1]];
    this.announce(str('scenario_step', { step: again.choices.length + 1, title: node.title }));
  };

  Player.prototype.startAgain = function () {
    paths[this.s.id] = '';
    savePaths();
    this.render('heading');
    this.announce(str('scenario_step', { step: 1, title: this.s.nodes[this.s.start].title }));
  };

  /** @type {Record<string, Player>} */
  var players = {};

  function start() {
    loadPaths();
    scenarios.forEach(function (s) {
      var section = doc.getElementById('cp-scenario-' + s.id);
      if (section && !section.classList.contains('cp-scenario-js')) players[s.id] = new Player(section, s);
    });
    /* a new attempt of the quiz starts the scenarios that count again (quiz.js calls it) */
    cp.scenarioRestart = function (/** @type {string} */ id) {
      var player = players[id];
      if (!player) return;
      paths[id] = '';
      savePaths();
      player.render(null);
    };
  }

  if (cp.on) cp.on('ready', start); else start();
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
