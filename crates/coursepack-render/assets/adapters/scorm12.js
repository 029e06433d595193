// @ts-check
/* coursepack SCORM 1.2 adapter (ADAPTERS.md, "SCORM adapters"). Built on
 * scorm-core.js, which is prepended to it: this file only says what SCORM 1.2
 * calls things and how its values are written. */
(function (root) {
  'use strict';

  var cp = root.coursepack;
  if (!cp || !cp.scorm) return;
  var S = cp.scorm;
  /** @type {Record<string, number>} the statuses an LMS holds as final */
  var FINAL = { passed: 1, completed: 1, failed: 1 };
  var lmsStatus = '';

  /**
   * One lesson_status carries completion and success: failed as soon as the
   * assessment is failed, passed or completed once the module's rule is met.
   * @param {CpSummary} summary
   */
  function lessonStatus(summary) {
    if (summary.passed === false) return 'failed';
    if (summary.completed) return summary.passed === true ? 'passed' : 'completed';
    return 'incomplete';
  }

  /** @param {boolean | null} correct */
  function result(correct) {
    return correct === true ? 'correct' : correct === false ? 'wrong' : 'neutral';
  }

  cp.registerAdapter(S.createAdapter({
    name: 'scorm12',
    std: 'scorm12',
    apiName: 'API',
    names: {
      init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
      error: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic'
    },
    elements: {
      entry: 'cmi.core.entry', mode: 'cmi.core.lesson_mode', suspend: 'cmi.suspend_data',
      location: 'cmi.core.lesson_location', learner: 'cmi.core.student_id', status: 'cmi.core.lesson_status',
      count: 'cmi.interactions._count', exit: 'cmi.core.exit'
    },
    locationLimit: 255,

    initialStatus: function (status) {
      lmsStatus = status;
      return status === 'not attempted' || status === '' ? [['cmi.core.lesson_status', 'incomplete']] : [];
    },

    /* The score goes with a final status only: with a mastery score, an LMS
     * turns any status into passed/failed from score.raw on LMSFinish (SCORM
     * 1.2 RTE; Moodle does), which would pass a learner who has not yet seen
     * every page the module requires. */
    /** @returns {ScormPair[]} */
    report: function (summary) {
      var status = lessonStatus(summary);
      /** @type {ScormPair[]} */
      var pairs = [];
      if (!(status === 'incomplete' && FINAL[lmsStatus])) pairs.push(['cmi.core.lesson_status', status]);
      if (summary.score && status !== 'incomplete') {
        var score = S.percentScore(summary.score);
        pairs.push(['cmi.core.score.min', score.min], ['cmi.core.score.max', score.max], ['cmi.core.score.raw', score.raw]);
      }
      return pairs;
    },

    /** @returns {ScormPair[]} */
    interaction: function (record, i, n, id) {
      var base = 'cmi.interactions.' + n + '.';
      /** @type {ScormPair[]} */
      var pairs = [[base + 'id', id], [base + 'time', S.clock12(new Date(record.timestamp || Date.now()))], [base + 'type', i.type]];
      var patterns = i.correctResponses || [];
      for (var k = 0, at = 0; k < patterns.length; k++) {
        if (patterns[k] !== '') pairs.push([base + 'correct_responses.' + (at++) + '.pattern', patterns[k]]);
      }
      if (typeof record.weighting === 'number') pairs.push([base + 'weighting', S.decimal(record.weighting, 2)]);
      if (i.learnerResponse) pairs.push([base + 'student_response', i.learnerResponse]);
      pairs.push([base + 'result', result(record.correct)]);
      pairs.push([base + 'latency', S.timespan12((record.latencySeconds || 0) * 1000)]);
      return pairs;
    },

    close: function (summary) {
      return [
        ['cmi.core.session_time', S.timespan12(summary.sessionMs)],
        ['cmi.core.exit', summary.completed ? '' : 'suspend']
      ];
    }
  }));
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
