// @ts-check
/* coursepack preview: the LMS side of SCORM, written for this project.
 *
 *   CoursepackScormLms.create(options) -> { api, snapshot(), values(), state() }
 *     options.version '1.2' | '2004'; the api object has the standard's eight
 *     methods (LMSInitialize... or Initialize...), to be set as window.API or
 *     window.API_1484_11 of the page that frames the package.
 *   CoursepackScormLms.nextLaunch(version, stored, launch, learner) -> the
 *     run-time data of the next launch from what the LMS stored (resume after
 *     exit "suspend", else a new attempt), as an LMS computes it.
 *
 * Strict about the data model: every element's access (read-only, write-only),
 * type and vocabulary, lengths (the 4,096-character SCORM 1.2 suspend_data),
 * ranges, array order and dependencies (2004: an interaction's id before its
 * other fields, its type before its responses), and the call order (nothing
 * before initialise or after finish), each with the standard's error code.
 * Values are kept flat, element name -> string, as SCORM defines them.
 * js-tests/scorm-api.test.mjs checks it against npm scorm-again, call by call.
 */
(function (root) {
  'use strict';

  /** @typedef {'r' | 'w' | 'rw'} Access */
  /** @typedef {(value: string, values: Record<string, string>, element: string) => (string | null)} Check */
  /** A check returns null when the value is good, else an error code ('405', '406', '407', '351', '408'...).
   * A SCORM 2004 string longer than its smallest permitted maximum is a type mismatch (406), as
   * npm scorm-again answers; 407 is for numbers out of their range. */

  /**
   * @typedef {object} ElementDef
   * @property {Access} access
   * @property {Check} [check]
   * @property {string} [children]  the value of its `_children`
   * @property {boolean} [array]    an array: `_count` allowed
   */

  // ---------- value checks ----------

  /**
   * @param {RegExp} re
   * @param {string} code
   * @returns {Check}
   */
  function pattern(re, code) {
    return function (v) { return re.test(v) ? null : code; };
  }

  /**
   * @param {string[]} words
   * @param {string} code
   * @returns {Check}
   */
  function vocab(words, code) {
    return function (v) { return words.indexOf(v) >= 0 ? null : code; };
  }

  /**
   * @param {number} max
   * @param {string} code
   * @returns {Check}
   */
  function maxLength(max, code) {
    return function (v) { return v.length <= max ? null : code; };
  }

  /**
   * A decimal number (no exponent) within [min, max].
   * @param {RegExp} re
   * @param {number} min
   * @param {number} max
   * @param {string} typeCode  wrong format
   * @param {string} rangeCode out of range
   * @returns {Check}
   */
  function number(re, min, max, typeCode, rangeCode) {
    return function (v) {
      if (!re.test(v)) return typeCode;
      var n = parseFloat(v);
      return n < min || n > max ? rangeCode : null;
    };
  }

  var DECIMAL_12 = /^-?\d+(\.\d+)?$/;
  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS, 2-4 hour digits, minutes and seconds below 60. */
  var TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  /** SCORM 1.2 CMITime: a time of day. */
  var TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  /** CMIIdentifier: no whitespace, printable ASCII, up to 255 characters. */
  var IDENTIFIER_12 = /^[\x21-\x7E]{1,255}$/;
  /** real(10,7) as ADL and scorm-again read it: at most 10 integer digits. */
  var REAL = /^-?\d{1,10}(\.\d{1,18})?$/;
  /** timeinterval (second,10,2): ISO 8601, at most 2 decimals, never ending in P or T. */
  var DURATION_2004 = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
  /** long_identifier_type: a URI (no whitespace), up to 4000 characters. */
  var LONG_ID = /^[^\s]{1,4000}$/;
  /** short_identifier_type (interaction responses): as Moodle and scorm-again read it. */
  var SHORT_ID = /^[\w.-]{1,250}$/;

  /**
   * time (second,10,0) of SCORM 2004: YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]],
   * years 1970-2038, 1-2 fraction digits, a zone only after the fraction.
   * @type {Check}
   */
  function time2004(v) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,2}(Z|[+-]\d{2}(?::\d{2})?)?)?)?)?)?)?)?$/.exec(v);
    if (!m) return '406';
    var year = +m[1];
    if (year < 1970 || year > 2038) return '406';
    if (m[2] && (+m[2] < 1 || +m[2] > 12)) return '406';
    if (m[3]) {
      var days = new Date(Date.UTC(year, +m[2], 0)).getUTCDate();
      if (+m[3] < 1 || +m[3] > days) return '406';
    }
    if (m[4] && +m[4] > 23) return '406';
    if (m[5] && +m[5] > 59) return '406';
    if (m[6] && +m[6] > 59) return '406';
    if (m[7] && m[7] !== 'Z') {
      var zone = /^[+-](\d{2})(?::(\d{2}))?$/.exec(m[7]);
      if (!zone || +zone[1] > 23 || (zone[2] && +zone[2] > 59)) return '406';
    }
    return null;
  }

  /**
   * localized_string_type: an optional {lang=xx} prefix, then at most `max` characters.
   * @param {number} max
   * @returns {Check}
   */
  function localized(max) {
    return function (v) {
      var m = /^\{lang=([^}]*)\}/.exec(v);
      var text = v;
      if (m) {
        if (!isLanguage(m[1])) return '406';
        text = v.slice(m[0].length);
      }
      return text.length <= max ? null : '406';
    };
  }

  /**
   * A language tag as SCORM 2004's language_type reads it ("" allowed).
   * @param {string} v
   */
  function isLanguage(v) {
    return v === '' || /^([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9]{1,8})*$/.test(v);
  }

  // ---------- SCORM 2004 interaction responses (RTE 4.2.9) ----------

  var DELIM = '[,]';

  /**
   * @param {string} type
   * @param {string} v
   * @param {boolean} isPattern
   * @returns {string | null} null or '406'
   */
  function response2004(type, v, isPattern) {
    /** @param {string} s */
    function ids(s) {
      if (s === '') return [];
      return s.split(DELIM);
    }
    /** @param {string[]} list */
    function unique(list) {
      for (var i = 0; i < list.length; i++) if (list.indexOf(list[i]) !== i) return false;
      return true;
    }
    var rest = v;
    switch (type) {
      case 'true-false':
        return v === 'true' || v === 'false' ? null : '406';
      case 'choice':
      case 'sequencing': {
        var list = ids(v);
        if (type === 'sequencing' && list.length === 0 && v !== '') return '406';
        for (var i = 0; i < list.length; i++) if (!SHORT_ID.test(list[i])) return '406';
        if (list.length > 36) return '406';
        return type === 'choice' && !unique(list) ? '406' : null;
      }
      case 'likert':
        return v === '' || SHORT_ID.test(v) ? null : '406';
      case 'matching': {
        var pairs = ids(v);
        for (var j = 0; j < pairs.length; j++) {
          var pair = pairs[j].split('[.]');
          if (pair.length !== 2 || !SHORT_ID.test(pair[0]) || !SHORT_ID.test(pair[1])) return '406';
        }
        return pairs.length > 36 ? '406' : null;
      }
      case 'numeric': {
        if (!isPattern) return REAL.test(v) ? null : '406';
        var range = v.split('[:]');
        if (range.length !== 2) return '406';
        if ((range[0] !== '' && !REAL.test(range[0])) || (range[1] !== '' && !REAL.test(range[1]))) return '406';
        if (range[0] !== '' && range[1] !== '' && parseFloat(range[0]) > parseFloat(range[1])) return '406';
        return null;
      }
      case 'fill-in':
      case 'long-fill-in': {
        var text = isPattern ? stripFlags(rest, type === 'fill-in' ? ['case_matters', 'order_matters'] : ['case_matters']) : rest;
        if (text === null) return '406';
        var items = type === 'fill-in' ? text.split(DELIM) : [text];
        var maxLen = type === 'fill-in' ? 250 : 4000;
        for (var k = 0; k < items.length; k++) {
          if (localized(maxLen)(items[k], {}, '') !== null) return '406';
        }
        return items.length > 10 ? '406' : null;
      }
      case 'performance': {
        var body = isPattern ? stripFlags(rest, ['order_matters']) : rest;
        if (body === null) return '406';
        var steps = body.split(DELIM);
        if (steps.length > 250) return '406';
        for (var s = 0; s < steps.length; s++) {
          var step = steps[s].split('[.]');
          if (step.length !== 2) return '406';
          if (step[0] === '' && step[1] === '') return '406';
          if (step[0] !== '' && !SHORT_ID.test(step[0])) return '406';
          if (step[1].length > 250) return '406';
          if (isPattern && step[1].indexOf('[:]') >= 0) {
            var r = step[1].split('[:]');
            if (r.length !== 2 || (r[0] !== '' && !REAL.test(r[0])) || (r[1] !== '' && !REAL.test(r[1]))) return '406';
          }
        }
        return null;
      }
      case 'other':
        return v.length <= 4000 ? null : '406';
      default:
        return '406';
    }
  }

  /**
   * Remove leading {name=true|false} flags of the allowed names.
   * @param {string} v
   * @param {string[]} names
   * @returns {string | null} the rest, or null when a flag is malformed
   */
  function stripFlags(v, names) {
    var rest = v;
    for (;;) {
      var m = /^\{(case_matters|order_matters)=([^}]*)\}/.exec(rest);
      if (!m) return rest;
      if (names.indexOf(m[1]) < 0) return rest;
      if (m[2] !== 'true' && m[2] !== 'false') return null;
      rest = rest.slice(m[0].length);
    }
  }

  /** How many correct response patterns each interaction type may have (SPM). */
  var MAX_PATTERNS = { 'true-false': 1, choice: 10, 'fill-in': 5, 'long-fill-in': 5, matching: 5, performance: 5, sequencing: 5, likert: 1, numeric: 1, other: 1 };

  // ---------- the data models ----------

  var STATUS_12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed'];

  /** @type {Record<string, ElementDef>} */
  var MODEL_12 = {
    'cmi._version': { access: 'r' },
    'cmi.core': { access: 'r', children: 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time' },
    'cmi.core.student_id': { access: 'r' },
    'cmi.core.student_name': { access: 'r' },
    'cmi.core.lesson_location': { access: 'rw', check: maxLength(255, '405') },
    'cmi.core.credit': { access: 'r' },
    'cmi.core.lesson_status': { access: 'rw', check: vocab(STATUS_12, '405') },
    'cmi.core.entry': { access: 'r' },
    'cmi.core.score': { access: 'r', children: 'raw,min,max' },
    'cmi.core.score.raw': { access: 'rw', check: score12 },
    'cmi.core.score.min': { access: 'rw', check: score12 },
    'cmi.core.score.max': { access: 'rw', check: score12 },
    'cmi.core.total_time': { access: 'r' },
    'cmi.core.lesson_mode': { access: 'r' },
    'cmi.core.exit': { access: 'w', check: vocab(['time-out', 'suspend', 'logout', ''], '405') },
    'cmi.core.session_time': { access: 'w', check: pattern(TIMESPAN_12, '405') },
    'cmi.suspend_data': { access: 'rw', check: maxLength(4096, '405') },
    'cmi.launch_data': { access: 'r' },
    'cmi.comments': { access: 'rw', check: maxLength(4096, '405') },
    'cmi.comments_from_lms': { access: 'r' },
    'cmi.objectives': { access: 'r', array: true, children: 'id,score,status' },
    'cmi.objectives.n.id': { access: 'rw', check: pattern(IDENTIFIER_12, '405') },
    'cmi.objectives.n.score': { access: 'r', children: 'raw,min,max' },
    'cmi.objectives.n.score.raw': { access: 'rw', check: score12 },
    'cmi.objectives.n.score.min': { access: 'rw', check: score12 },
    'cmi.objectives.n.score.max': { access: 'rw', check: score12 },
    'cmi.objectives.n.status': { access: 'rw', check: vocab(STATUS_12.concat(['not attempted']), '405') },
    'cmi.student_data': { access: 'r', children: 'mastery_score,max_time_allowed,time_limit_action' },
    'cmi.student_data.mastery_score': { access: 'r' },
    'cmi.student_data.max_time_allowed': { access: 'r' },
    'cmi.student_data.time_limit_action': { access: 'r' },
    'cmi.student_preference': { access: 'r', children: 'audio,language,speed,text' },
    'cmi.student_preference.audio': { access: 'rw', check: number(/^-?\d+$/, -1, 100, '405', '405') },
    'cmi.student_preference.language': { access: 'rw', check: maxLength(255, '405') },
    'cmi.student_preference.speed': { access: 'rw', check: number(/^-?\d+$/, -100, 100, '405', '405') },
    'cmi.student_preference.text': { access: 'rw', check: number(/^-?\d+$/, -1, 1, '405', '405') },
    'cmi.interactions': { access: 'r', array: true, children: 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency' },
    'cmi.interactions.n.id': { access: 'w', check: pattern(IDENTIFIER_12, '405') },
    'cmi.interactions.n.objectives': { access: 'r', array: true, children: 'id' },
    'cmi.interactions.n.objectives.n.id': { access: 'w', check: pattern(IDENTIFIER_12, '405') },
    'cmi.interactions.n.time': { access: 'w', check: pattern(TIME_12, '405') },
    'cmi.interactions.n.type': { access: 'w', check: vocab(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'], '405') },
    'cmi.interactions.n.correct_responses': { access: 'r', array: true, children: 'pattern' },
    'cmi.interactions.n.correct_responses.n.pattern': { access: 'w', check: maxLength(255, '405') },
    'cmi.interactions.n.weighting': { access: 'w', check: pattern(DECIMAL_12, '405') },
    'cmi.interactions.n.student_response': { access: 'w', check: maxLength(255, '405') },
    'cmi.interactions.n.result': { access: 'w', check: function (v) { return ['correct', 'wrong', 'unanticipated', 'neutral'].indexOf(v) >= 0 || DECIMAL_12.test(v) ? null : '405'; } },
    'cmi.interactions.n.latency': { access: 'w', check: pattern(TIMESPAN_12, '405') }
  };

  /**
   * A SCORM 1.2 score: blank, or a decimal from 0 to 100 (ADL CTS, Moodle).
   * @type {Check}
   */
  function score12(v) {
    if (v === '') return null;
    if (!DECIMAL_12.test(v)) return '405';
    var n = parseFloat(v);
    return n < 0 || n > 100 ? '405' : null;
  }

  var COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
  var SUCCESS = ['passed', 'failed', 'unknown'];
  var NAV = /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}\s]+\}(choice|jump))$/;

  /**
   * An interaction's field that needs its id set first (408), and for
   * responses its type (408) and a format for that type (406).
   * @param {boolean} needsType
   * @param {Check} [then]
   * @returns {Check}
   */
  function afterId(needsType, then) {
    return function (v, values, element) {
      var n = /^cmi\.interactions\.(\d+)\./.exec(element);
      var base = n ? 'cmi.interactions.' + n[1] : '';
      if (!(base + '.id' in values)) return '408';
      if (needsType && !(base + '.type' in values)) return '408';
      return then ? then(v, values, element) : null;
    };
  }

  /** @type {Check} */
  function interactionPattern(v, values, element) {
    var m = /^cmi\.interactions\.(\d+)\.correct_responses\.(\d+)\.pattern$/.exec(element);
    if (!m) return '351';
    var type = values['cmi.interactions.' + m[1] + '.type'];
    var max = MAX_PATTERNS[/** @type {keyof typeof MAX_PATTERNS} */ (type)] || 1;
    if (+m[2] >= max) return '351';
    var bad = response2004(type, v, true);
    if (bad) return bad;
    // a pattern may not repeat another of the same interaction
    for (var i = 0; values['cmi.interactions.' + m[1] + '.correct_responses.' + i + '.pattern'] !== undefined; i++) {
      if (i !== +m[2] && values['cmi.interactions.' + m[1] + '.correct_responses.' + i + '.pattern'] === v) return '351';
    }
    return null;
  }

  /** @type {Check} */
  function learnerResponse(v, values, element) {
    var m = /^cmi\.interactions\.(\d+)\./.exec(element);
    return response2004(values['cmi.interactions.' + (m ? m[1] : '') + '.type'], v, false);
  }

  /**
   * An objective's or interaction objective's id: unique in its list (351).
   * @param {RegExp} re  captures the list's prefix and the index
   * @returns {Check}
   */
  function uniqueId(re) {
    return function (v, values, element) {
      if (!LONG_ID.test(v)) return '406';
      var m = re.exec(element);
      if (!m) return null;
      for (var i = 0; values[m[1] + i + '.id'] !== undefined; i++) {
        if (i !== +m[2] && values[m[1] + i + '.id'] === v) return '351';
      }
      // an objective's id, once set, cannot change (RTE 4.2.17)
      if (/^cmi\.objectives\.\d+\.id$/.test(element) && values[element] !== undefined && values[element] !== v) return '351';
      return null;
    };
  }

  /**
   * An objective field: its id first (408).
   * @param {Check} then
   * @returns {Check}
   */
  function objectiveAfterId(then) {
    return function (v, values, element) {
      var m = /^cmi\.objectives\.(\d+)\./.exec(element);
      if (m && !('cmi.objectives.' + m[1] + '.id' in values)) return '408';
      return then(v, values, element);
    };
  }

  var scaled = number(REAL, -1, 1, '406', '407');
  var real = pattern(REAL, '406');

  /** @type {Record<string, ElementDef>} */
  var MODEL_2004 = {
    'cmi._version': { access: 'r' },
    'cmi.comments_from_learner': { access: 'r', array: true, children: 'comment,location,timestamp' },
    'cmi.comments_from_learner.n.comment': { access: 'rw', check: localized(4000) },
    'cmi.comments_from_learner.n.location': { access: 'rw', check: maxLength(250, '406') },
    'cmi.comments_from_learner.n.timestamp': { access: 'rw', check: time2004 },
    'cmi.comments_from_lms': { access: 'r', array: true, children: 'comment,location,timestamp' },
    'cmi.comments_from_lms.n.comment': { access: 'r' },
    'cmi.comments_from_lms.n.location': { access: 'r' },
    'cmi.comments_from_lms.n.timestamp': { access: 'r' },
    'cmi.completion_status': { access: 'rw', check: vocab(COMPLETION, '406') },
    'cmi.completion_threshold': { access: 'r' },
    'cmi.credit': { access: 'r' },
    'cmi.entry': { access: 'r' },
    'cmi.exit': { access: 'w', check: vocab(['time-out', 'suspend', 'logout', 'normal', ''], '406') },
    'cmi.interactions': { access: 'r', array: true, children: 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description' },
    'cmi.interactions.n.id': { access: 'rw', check: pattern(LONG_ID, '406') },
    'cmi.interactions.n.type': { access: 'rw', check: afterId(false, vocab(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'], '406')) },
    'cmi.interactions.n.objectives': { access: 'r', array: true, children: 'id' },
    'cmi.interactions.n.objectives.n.id': { access: 'rw', check: afterId(false, uniqueId(/^(cmi\.interactions\.\d+\.objectives\.)(\d+)\.id$/)) },
    'cmi.interactions.n.timestamp': { access: 'rw', check: afterId(false, time2004) },
    'cmi.interactions.n.correct_responses': { access: 'r', array: true, children: 'pattern' },
    'cmi.interactions.n.correct_responses.n.pattern': { access: 'rw', check: afterId(true, interactionPattern) },
    'cmi.interactions.n.weighting': { access: 'rw', check: afterId(false, real) },
    'cmi.interactions.n.learner_response': { access: 'rw', check: afterId(true, learnerResponse) },
    'cmi.interactions.n.result': { access: 'rw', check: afterId(false, function (v) { return ['correct', 'incorrect', 'unanticipated', 'neutral'].indexOf(v) >= 0 || REAL.test(v) ? null : '406'; }) },
    'cmi.interactions.n.latency': { access: 'rw', check: afterId(false, pattern(DURATION_2004, '406')) },
    'cmi.interactions.n.description': { access: 'rw', check: afterId(false, localized(250)) },
    'cmi.launch_data': { access: 'r' },
    'cmi.learner_id': { access: 'r' },
    'cmi.learner_name': { access: 'r' },
    'cmi.learner_preference': { access: 'r', children: 'audio_level,language,delivery_speed,audio_captioning' },
    'cmi.learner_preference.audio_level': { access: 'rw', check: number(REAL, 0, Infinity, '406', '407') },
    'cmi.learner_preference.language': { access: 'rw', check: function (v) { return isLanguage(v) && v.length <= 250 ? null : '406'; } },
    'cmi.learner_preference.delivery_speed': { access: 'rw', check: number(REAL, 0, Infinity, '406', '407') },
    'cmi.learner_preference.audio_captioning': { access: 'rw', check: vocab(['-1', '0', '1'], '406') },
    'cmi.location': { access: 'rw', check: maxLength(1000, '406') },
    'cmi.max_time_allowed': { access: 'r' },
    'cmi.mode': { access: 'r' },
    'cmi.objectives': { access: 'r', array: true, children: 'id,score,success_status,completion_status,progress_measure,description' },
    'cmi.objectives.n.id': { access: 'rw', check: uniqueId(/^(cmi\.objectives\.)(\d+)\.id$/) },
    'cmi.objectives.n.score': { access: 'r', children: 'scaled,raw,min,max' },
    'cmi.objectives.n.score.scaled': { access: 'rw', check: objectiveAfterId(scaled) },
    'cmi.objectives.n.score.raw': { access: 'rw', check: objectiveAfterId(real) },
    'cmi.objectives.n.score.min': { access: 'rw', check: objectiveAfterId(real) },
    'cmi.objectives.n.score.max': { access: 'rw', check: objectiveAfterId(real) },
    'cmi.objectives.n.success_status': { access: 'rw', check: objectiveAfterId(vocab(SUCCESS, '406')) },
    'cmi.objectives.n.completion_status': { access: 'rw', check: objectiveAfterId(vocab(COMPLETION, '406')) },
    'cmi.objectives.n.progress_measure': { access: 'rw', check: objectiveAfterId(number(REAL, 0, 1, '406', '407')) },
    'cmi.objectives.n.description': { access: 'rw', check: objectiveAfterId(localized(250)) },
    'cmi.progress_measure': { access: 'rw', check: number(REAL, 0, 1, '406', '407') },
    'cmi.scaled_passing_score': { access: 'r' },
    'cmi.score': { access: 'r', children: 'scaled,raw,min,max' },
    'cmi.score.scaled': { access: 'rw', check: scaled },
    'cmi.score.raw': { access: 'rw', check: real },
    'cmi.score.min': { access: 'rw', check: real },
    'cmi.score.max': { access: 'rw', check: real },
    'cmi.session_time': { access: 'w', check: pattern(DURATION_2004, '406') },
    'cmi.success_status': { access: 'rw', check: vocab(SUCCESS, '406') },
    'cmi.suspend_data': { access: 'rw', check: maxLength(64000, '406') },
    'cmi.time_limit_action': { access: 'r' },
    'cmi.total_time': { access: 'r' },
    'adl.nav.request': { access: 'rw', check: pattern(NAV, '406') }
  };

  /** @type {Record<string, string>} */
  var ERRORS_12 = {
    '0': 'No error',
    '101': 'General exception',
    '201': 'Invalid argument error',
    '202': 'Element cannot have children',
    '203': 'Element not an array - cannot have count',
    '301': 'Not initialized',
    '401': 'Not implemented error',
    '402': 'Invalid set value, element is a keyword',
    '403': 'Element is read only',
    '404': 'Element is write only',
    '405': 'Incorrect data type'
  };

  /** @type {Record<string, string>} */
  var ERRORS_2004 = {
    '0': 'No Error',
    '101': 'General Exception',
    '102': 'General Initialization Failure',
    '103': 'Already Initialized',
    '104': 'Content Instance Terminated',
    '111': 'General Termination Failure',
    '112': 'Termination Before Initialization',
    '113': 'Termination After Termination',
    '122': 'Retrieve Data Before Initialization',
    '123': 'Retrieve Data After Termination',
    '132': 'Store Data Before Initialization',
    '133': 'Store Data After Termination',
    '142': 'Commit Before Initialization',
    '143': 'Commit After Termination',
    '201': 'General Argument Error',
    '301': 'General Get Failure',
    '351': 'General Set Failure',
    '391': 'General Commit Failure',
    '401': 'Undefined Data Model Element',
    '402': 'Unimplemented Data Model Element',
    '403': 'Data Model Element Value Not Initialized',
    '404': 'Data Model Element Is Read Only',
    '405': 'Data Model Element Is Write Only',
    '406': 'Data Model Element Type Mismatch',
    '407': 'Data Model Element Value Out Of Range',
    '408': 'Data Model Dependency Not Established'
  };

  /** Elements of SCORM 2004 that have a value before the SCO sets one (else GetValue gives 403). */
  var DEFAULTS_2004 = ['cmi._version', 'cmi.completion_status', 'cmi.credit', 'cmi.entry', 'cmi.learner_id', 'cmi.learner_name', 'cmi.mode', 'cmi.success_status', 'cmi.total_time', 'cmi.time_limit_action', 'cmi.learner_preference.audio_level', 'cmi.learner_preference.language', 'cmi.learner_preference.delivery_speed', 'cmi.learner_preference.audio_captioning', 'adl.nav.request'];

  /**
   * The element's definition and its array indices, or null when undefined.
   * @param {Record<string, ElementDef>} model
   * @param {string} element
   * @returns {{ key: string, def: ElementDef, indices: number[] } | null}
   */
  function lookup(model, element) {
    var indices = /** @type {number[]} */ ([]);
    var key = element.split('.').map(function (part) {
      if (/^\d+$/.test(part)) { indices.push(+part); return 'n'; }
      return part;
    }).join('.');
    var def = model[key];
    return def ? { key: key, def: def, indices: indices } : null;
  }

  /**
   * How many records an array holds: one more than the highest index any
   * element under it has.
   * @param {Record<string, string>} values
   * @param {string} prefix  `cmi.interactions.` ...
   */
  function count(values, prefix) {
    var n = 0;
    var re = new RegExp('^' + prefix.replace(/\./g, '\\.') + '(\\d+)\\.');
    for (var k in values) {
      var m = re.exec(k);
      if (m && +m[1] + 1 > n) n = +m[1] + 1;
    }
    return n;
  }

  /**
   * @param {PvScormOptions} options
   * @returns {PvScormLmsInstance}
   */
  function create(options) {
    var v12 = options.version === '1.2';
    var model = v12 ? MODEL_12 : MODEL_2004;
    var errors = v12 ? ERRORS_12 : ERRORS_2004;
    var quirks = options.quirks || {};
    /** @type {Record<string, string>} */
    var values = {};
    var initial = options.cmi || {};
    for (var k in initial) values[k] = String(initial[k]);
    var state = 'new'; // new -> running -> finished
    var lastError = '0';
    var diagnostic = '';
    var dirty = false;
    var calls = 0;

    /**
     * @param {string} method
     * @param {unknown[]} args
     * @param {string} result
     * @param {string} before  the session's state before the call
     */
    function record(method, args, result, before) {
      calls++;
      if (options.onCall) {
        options.onCall({
          n: calls,
          method: method,
          args: args.map(function (a) { return typeof a === 'string' ? a : String(a); }),
          argTypes: args.map(function (a) { return typeof a; }),
          result: result,
          error: lastError,
          errorString: errors[lastError] || '',
          diagnostic: diagnostic,
          note: '',
          afterFinish: before === 'finished'
        });
      }
    }

    /**
     * @param {string} code
     * @param {string} [why]
     */
    function fail(code, why) {
      lastError = code;
      diagnostic = why || errors[code] || '';
    }

    function ok() { lastError = '0'; diagnostic = ''; }

    /** @param {unknown} arg */
    function emptyArg(arg) { return arg === '' || arg === undefined; }

    /** The run-time data as the LMS stores it, with what the LMS computes. */
    function snapshot() {
      /** @type {Record<string, string>} */
      var out = {};
      Object.keys(values).forEach(function (key) { out[key] = values[key]; });
      return out;
    }

    function save() {
      if (options.onCommit) options.onCommit(snapshot());
      dirty = false;
    }

    /** @param {string} prefix */
    function arrayCount(prefix) { return count(values, prefix); }

    /**
     * @param {string} element
     * @returns {string}
     */
    function get(element) {
      if (typeof element !== 'string' || element === '') {
        fail(v12 ? '201' : '301', 'GetValue needs an element name');
        return '';
      }
      var parts = element.split('.');
      var last = parts[parts.length - 1];
      if (last === '_children' || last === '_count' || last === '_version') {
        var parent = parts.slice(0, -1).join('.');
        if (last === '_version') {
          if (element !== 'cmi._version') { fail(v12 ? '201' : '401', element + ' is not defined'); return ''; }
          ok();
          return v12 ? '3.4' : '1.0';
        }
        var found = lookup(model, parent);
        if (!found) { fail(v12 ? '201' : '401', parent + ' is not a data model element'); return ''; }
        if (last === '_children') {
          if (!found.def.children) { fail(v12 ? '202' : '301', parent + ' has no children'); return ''; }
          ok();
          return found.def.children;
        }
        if (!found.def.array) { fail(v12 ? '203' : '301', parent + ' is not an array'); return ''; }
        ok();
        return String(arrayCount(parent + '.'));
      }
      var hit = lookup(model, element);
      if (!hit) {
        if (!v12 && /^adl\.nav\.request_valid\.(continue|previous|choice\.\{target=[^}]+\}|jump\.\{target=[^}]+\})$/.test(element)) {
          ok();
          return 'unknown';
        }
        fail(v12 ? '201' : '401', element + ' is not a data model element');
        return '';
      }
      if (hit.def.children) {
        fail(v12 ? '201' : '401', element + ' is a category, not a value; ask for one of its children');
        return '';
      }
      if (hit.def.access === 'w') { fail(v12 ? '404' : '405', element + ' is write-only'); return ''; }
      // an array record past the end
      var path = element.split('.');
      for (var i = 0; i < path.length; i++) {
        if (!/^\d+$/.test(path[i])) continue;
        var prefix = path.slice(0, i).join('.') + '.';
        if (+path[i] >= arrayCount(prefix)) {
          fail(v12 ? '201' : '301', prefix + path[i] + ' does not exist (the array has ' + arrayCount(prefix) + ')');
          return '';
        }
      }
      if (quirks.noLessonMode && (element === 'cmi.core.lesson_mode' || element === 'cmi.mode')) { ok(); return ''; }
      if (!v12) {
        var computed = computed2004(element);
        if (computed !== null) { ok(); return computed; }
      }
      if (element in values) { ok(); return values[element]; }
      if (v12) { ok(); return ''; }
      if (DEFAULTS_2004.indexOf(element) >= 0) { ok(); return ''; }
      fail('403', element + ' has no value yet');
      return '';
    }

    /**
     * SCORM 2004 statuses the LMS computes (RTE 4.2.4.1, 4.2.22.1): with a
     * completion threshold, from progress_measure; with a scaled passing
     * score, from score.scaled.
     * @param {string} element
     * @returns {string | null}
     */
    function computed2004(element) {
      if (element === 'cmi.completion_status' && values['cmi.completion_threshold'] !== undefined) {
        var pm = values['cmi.progress_measure'];
        if (pm === undefined) return 'unknown';
        return parseFloat(pm) >= parseFloat(values['cmi.completion_threshold']) ? 'completed' : 'incomplete';
      }
      if (element === 'cmi.success_status' && values['cmi.scaled_passing_score'] !== undefined) {
        var sc = values['cmi.score.scaled'];
        if (sc === undefined) return 'unknown';
        return parseFloat(sc) >= parseFloat(values['cmi.scaled_passing_score']) ? 'passed' : 'failed';
      }
      return null;
    }

    /**
     * @param {string} element
     * @param {unknown} raw
     * @returns {boolean}
     */
    function set(element, raw) {
      if (typeof element !== 'string' || element === '') { fail(v12 ? '201' : '351', 'SetValue needs an element name'); return false; }
      if (typeof raw !== 'string') {
        // SCORM values are strings (RTE 3.4.4 / 4.1.7); a number or boolean is the content's bug
        fail(v12 ? '405' : '406', element + ' was given a ' + typeof raw + ', not a string');
        return false;
      }
      var value = raw;
      var parts = element.split('.');
      var last = parts[parts.length - 1];
      if (last === '_children' || last === '_count' || last === '_version') {
        fail(v12 ? '402' : '404', element + ' is a keyword, read-only');
        return false;
      }
      var hit = lookup(model, element);
      if (!hit) {
        if (!v12 && /^adl\.nav\.request_valid\./.test(element)) { fail('404', element + ' is read-only'); return false; }
        fail(v12 ? '201' : '401', element + ' is not a data model element');
        return false;
      }
      if (hit.def.access === 'r') { fail(v12 ? '403' : '404', element + ' is read-only'); return false; }
      if (!hit.def.check) { fail(v12 ? '201' : '401', element + ' is a category, not a value'); return false; }
      // array records are added in order: index n of an array holding n records
      for (var i = 0; i < parts.length; i++) {
        if (!/^\d+$/.test(parts[i])) continue;
        var prefix = parts.slice(0, i).join('.') + '.';
        var have = arrayCount(prefix);
        if (+parts[i] > have || String(+parts[i]) !== parts[i]) {
          fail(v12 ? '201' : '351', prefix + parts[i] + ' skips records: the array has ' + have + ', so the next index is ' + have);
          return false;
        }
      }
      var bad = hit.def.check(value, values, element);
      if (bad) {
        fail(bad, describe(bad, element, value));
        return false;
      }
      if (!v12 && hit.key === 'cmi.interactions.n.type' && values[element] !== undefined && values[element] !== value) {
        // changing the type would orphan the responses checked against it
        var base = element.replace(/\.type$/, '');
        if (values[base + '.correct_responses.0.pattern'] !== undefined || values[base + '.learner_response'] !== undefined) {
          fail('351', 'the type of an interaction with responses cannot change');
          return false;
        }
      }
      values[element] = value;
      dirty = true;
      ok();
      return true;
    }

    /**
     * @param {string} code
     * @param {string} element
     * @param {string} value
     */
    function describe(code, element, value) {
      var shown = value.length > 60 ? value.slice(0, 60) + '… (' + value.length + ' characters)' : value;
      if (code === '408') return element + ': set the interaction\'s id (and, for responses, its type) first';
      if (element === 'cmi.suspend_data' && (code === '405' || code === '407')) {
        return 'suspend_data of ' + value.length + ' characters is over the limit (' + (v12 ? '4096' : '64000') + ')';
      }
      if (code === '351') return element + ' = "' + shown + '": not allowed here (duplicate, too many records, or a changed id)';
      return element + ' = "' + shown + '": ' + (code === '407' ? 'out of range' : 'not of the element\'s type or vocabulary');
    }

    var api12 = {
      /** @param {unknown} arg */
      LMSInitialize: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'LMSInitialize takes ""');
        else if (state === 'running') fail('101', 'already initialised');
        else if (state === 'finished') fail('101', 'the session has finished; the LMS must launch it again');
        else { state = 'running'; ok(); r = 'true'; }
        record('LMSInitialize', [arg], r, before);
        return r;
      },
      /** @param {unknown} arg */
      LMSFinish: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'LMSFinish takes ""');
        else if (state !== 'running') fail('301', state === 'new' ? 'not initialised' : 'already finished');
        else { state = 'finished'; ok(); r = 'true'; finishSession(); }
        record('LMSFinish', [arg], r, before);
        return r;
      },
      /** @param {string} element */
      LMSGetValue: function (element) {
        var before = state;
        var r = '';
        if (state !== 'running') fail('301', state === 'new' ? 'LMSInitialize first' : 'the session has finished');
        else r = get(element);
        record('LMSGetValue', [element], r, before);
        return r;
      },
      /**
       * @param {string} element
       * @param {unknown} value
       */
      LMSSetValue: function (element, value) {
        var before = state;
        var r = 'false';
        if (state !== 'running') fail('301', state === 'new' ? 'LMSInitialize first' : 'the session has finished');
        else r = set(element, value) ? 'true' : 'false';
        record('LMSSetValue', [element, value], r, before);
        return r;
      },
      /** @param {unknown} arg */
      LMSCommit: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'LMSCommit takes ""');
        else if (state !== 'running') fail('301', state === 'new' ? 'LMSInitialize first' : 'the session has finished');
        else { ok(); r = 'true'; save(); }
        record('LMSCommit', [arg], r, before);
        return r;
      },
      LMSGetLastError: function () { return lastError; },
      /** @param {unknown} code */
      LMSGetErrorString: function (code) { return errors[String(code)] || ''; },
      /** @param {unknown} code */
      LMSGetDiagnostic: function (code) { return code === '' || code === undefined || String(code) === lastError ? diagnostic : errors[String(code)] || ''; }
    };

    var api2004 = {
      /** @param {unknown} arg */
      Initialize: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'Initialize takes ""');
        else if (state === 'running') fail('103');
        else if (state === 'finished') fail('104');
        else { state = 'running'; ok(); r = 'true'; }
        record('Initialize', [arg], r, before);
        return r;
      },
      /** @param {unknown} arg */
      Terminate: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'Terminate takes ""');
        else if (state === 'new') fail('112');
        else if (state === 'finished') fail('113');
        else { state = 'finished'; ok(); r = 'true'; finishSession(); }
        record('Terminate', [arg], r, before);
        return r;
      },
      /** @param {string} element */
      GetValue: function (element) {
        var before = state;
        var r = '';
        if (state === 'new') fail('122');
        else if (state === 'finished') fail('123');
        else r = get(element);
        record('GetValue', [element], r, before);
        return r;
      },
      /**
       * @param {string} element
       * @param {unknown} value
       */
      SetValue: function (element, value) {
        var before = state;
        var r = 'false';
        if (state === 'new') fail('132');
        else if (state === 'finished') fail('133');
        else r = set(element, value) ? 'true' : 'false';
        record('SetValue', [element, value], r, before);
        return r;
      },
      /** @param {unknown} arg */
      Commit: function (arg) {
        var before = state;
        var r = 'false';
        if (!emptyArg(arg)) fail('201', 'Commit takes ""');
        else if (state === 'new') fail('142');
        else if (state === 'finished') fail('143');
        else { ok(); r = 'true'; save(); }
        record('Commit', [arg], r, before);
        return r;
      },
      GetLastError: function () { return lastError; },
      /** @param {unknown} code */
      GetErrorString: function (code) { return errors[String(code)] || ''; },
      /** @param {unknown} code */
      GetDiagnostic: function (code) { return code === '' || code === undefined || String(code) === lastError ? diagnostic : errors[String(code)] || ''; }
    };

    /** What the LMS does when the SCO finishes (RTE 1.2 3.4.4, 2004 4.2): store, add up time. */
    function finishSession() {
      var session = v12 ? values['cmi.core.session_time'] : values['cmi.session_time'];
      var totalKey = v12 ? 'cmi.core.total_time' : 'cmi.total_time';
      var ms = (v12 ? timespan12Ms(values[totalKey] || '0000:00:00') : duration2004Ms(values[totalKey] || 'PT0S')) +
        (session ? (v12 ? timespan12Ms(session) : duration2004Ms(session)) : 0);
      values[totalKey] = v12 ? timespan12(ms) : duration2004(ms);
      if (v12) {
        var status = values['cmi.core.lesson_status'];
        var mode = values['cmi.core.lesson_mode'];
        // RTE 1.2 3.4.4 (cmi.core.lesson_status): the LMS decides from the mastery score
        var mastery = values['cmi.student_data.mastery_score'];
        var raw = values['cmi.core.score.raw'];
        if (mode === 'browse' && (status === undefined || status === 'not attempted')) values['cmi.core.lesson_status'] = 'browsed';
        else if (values['cmi.core.credit'] === 'credit' && mastery !== undefined && mastery !== '' && raw !== undefined && raw !== '') {
          values['cmi.core.lesson_status'] = parseFloat(raw) >= parseFloat(mastery) ? 'passed' : 'failed';
        } else if (status === undefined || status === 'not attempted') values['cmi.core.lesson_status'] = 'completed';
      } else {
        var completion = computed2004('cmi.completion_status');
        if (completion !== null) values['cmi.completion_status'] = completion;
        var success = computed2004('cmi.success_status');
        if (success !== null) values['cmi.success_status'] = success;
      }
      save();
    }

    return {
      api: v12 ? api12 : api2004,
      snapshot: snapshot,
      values: function () { return values; },
      state: function () { return state; },
      dirty: function () { return dirty; }
    };
  }

  // ---------- times ----------

  /** @param {string} v */
  function timespan12Ms(v) {
    var m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(v);
    return m ? Math.round(((+m[1] * 60 + +m[2]) * 60 + parseFloat(m[3])) * 1000) : 0;
  }

  /** @param {number} ms */
  function timespan12(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    /** @param {number} n */
    function two(n) { return (n < 10 ? '0' : '') + n; }
    var sec = s.toFixed(2);
    return (h < 10 ? '000' : h < 100 ? '00' : h < 1000 ? '0' : '') + Math.min(h, 9999) + ':' + two(m) + ':' + (s < 10 ? '0' : '') + sec;
  }

  /** @param {string} v */
  function duration2004Ms(v) {
    var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v);
    if (!m) return 0;
    var days = (+(m[1] || 0)) * 365 + (+(m[2] || 0)) * 30 + (+(m[3] || 0));
    return Math.round((((days * 24 + +(m[4] || 0)) * 60 + +(m[5] || 0)) * 60 + parseFloat(m[6] || '0')) * 1000);
  }

  /** @param {number} ms */
  function duration2004(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    var out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    out += (Math.round(s * 100) / 100) + 'S';
    return out;
  }

  // ---------- launches ----------

  /**
   * The run-time data of the next launch, from what the LMS stored after the
   * last session (null: none yet), the manifest's data for the SCO, and the
   * learner. Resume only after exit "suspend" (1.2: cmi.core.exit; 2004:
   * cmi.exit, or a suspendAll navigation request); otherwise a new attempt.
   * @param {'1.2' | '2004'} version
   * @param {Record<string, string> | null} stored
   * @param {PvLaunchData} launch
   * @param {{ id: string, name: string }} learner
   * @param {{ mode?: string }} [options]
   * @returns {Record<string, string>}
   */
  function nextLaunch(version, stored, launch, learner, options) {
    var v12 = version === '1.2';
    var mode = (options && options.mode) || 'normal';
    var resume = !!stored && (v12 ? stored['cmi.core.exit'] === 'suspend'
      : stored['cmi.exit'] === 'suspend' || stored['adl.nav.request'] === 'suspendAll');
    /** @type {Record<string, string>} */
    var cmi = {};
    if (resume && stored) {
      for (var k in stored) {
        // write-only and per-session elements do not carry over
        if (/^cmi\.(core\.)?(exit|session_time)$/.test(k) || k === 'adl.nav.request') continue;
        cmi[k] = stored[k];
      }
    }
    if (v12) {
      cmi['cmi.core.student_id'] = learner.id;
      cmi['cmi.core.student_name'] = learner.name;
      cmi['cmi.core.entry'] = resume ? 'resume' : 'ab-initio';
      cmi['cmi.core.credit'] = mode === 'normal' ? 'credit' : 'no-credit';
      cmi['cmi.core.lesson_mode'] = mode;
      if (!resume) {
        cmi['cmi.core.lesson_status'] = 'not attempted';
        cmi['cmi.core.total_time'] = '0000:00:00.00';
      }
      if (launch.masteryScore) cmi['cmi.student_data.mastery_score'] = launch.masteryScore;
      if (launch.launchData) cmi['cmi.launch_data'] = launch.launchData;
      if (launch.maxTimeAllowed) cmi['cmi.student_data.max_time_allowed'] = launch.maxTimeAllowed;
      if (launch.timeLimitAction) cmi['cmi.student_data.time_limit_action'] = launch.timeLimitAction;
    } else {
      cmi['cmi.learner_id'] = learner.id;
      cmi['cmi.learner_name'] = learner.name;
      cmi['cmi.entry'] = resume ? 'resume' : 'ab-initio';
      cmi['cmi.credit'] = mode === 'normal' ? 'credit' : 'no-credit';
      cmi['cmi.mode'] = mode;
      if (!resume) {
        cmi['cmi.completion_status'] = 'not attempted';
        cmi['cmi.success_status'] = 'unknown';
        cmi['cmi.total_time'] = 'PT0S';
      }
      cmi['cmi.time_limit_action'] = launch.timeLimitAction || 'continue,no message';
      if (launch.launchData) cmi['cmi.launch_data'] = launch.launchData;
      if (launch.maxTimeAllowed) cmi['cmi.max_time_allowed'] = launch.maxTimeAllowed;
      if (launch.completionThreshold) cmi['cmi.completion_threshold'] = launch.completionThreshold;
      if (launch.scaledPassingScore) cmi['cmi.scaled_passing_score'] = launch.scaledPassingScore;
    }
    return cmi;
  }

  root.CoursepackScormLms = {
    create: create,
    nextLaunch: nextLaunch,
    errors: { '1.2': ERRORS_12, '2004': ERRORS_2004 },
    model: { '1.2': MODEL_12, '2004': MODEL_2004 },
    timespan12: timespan12,
    duration2004: duration2004
  };
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
