// @ts-check
/* coursepack SCORM 2004 4th edition adapter (ADAPTERS.md, "SCORM adapters").
 * Built on scorm-core.js, which is prepended to it: this file only says what
 * SCORM 2004 calls things and how its values are written. */
(function (root) {
  'use strict';

  var cp = root.coursepack;
  if (!cp || !cp.scorm) return;
  var S = cp.scorm;
  var lmsCompletion = '';

  /** @param {boolean | null} correct */
  function result(correct) {
    return correct === true ? 'correct' : correct === false ? 'incorrect' : 'neutral';
  }

  /**
   * A localized string must not start with '{' unless it is a {lang=} delimiter.
   * @param {string} text
   */
  function plain(text) {
    return String(text || '').replace(/^\{/, '(');
  }

  cp.registerAdapter(S.createAdapter({
    name: 'scorm2004',
    std: 'scorm2004',
    apiName: 'API_1484_11',
    names: {
      init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
      error: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic'
    },
    alreadyInitialized: '103',
    elements: {
      entry: 'cmi.entry', mode: 'cmi.mode', suspend: 'cmi.suspend_data', location: 'cmi.location',
      learner: 'cmi.learner_id', status: 'cmi.completion_status', count: 'cmi.interactions._count', exit: 'cmi.exit'
    },
    locationLimit: 1000,
    uniqueIds: true,
    interactionId: function (n) { return 'cmi.interactions.' + n + '.id'; },

    initialStatus: function (status) {
      lmsCompletion = status;
      return status === 'not attempted' || status === 'unknown' || status === ''
        ? [['cmi.completion_status', 'incomplete']] : [];
    },

    /** @returns {ScormPair[]} */
    report: function (summary) {
      /** @type {ScormPair[]} */
      var pairs = [];
      if (summary.completed || lmsCompletion !== 'completed') {
        pairs.push(['cmi.completion_status', summary.completed ? 'completed' : 'incomplete']);
      }
      pairs.push(['cmi.progress_measure', S.decimal(summary.progress, 2)]);
      if (summary.passed === true || summary.passed === false) {
        pairs.push(['cmi.success_status', summary.passed ? 'passed' : 'failed']);
      }
      /* raw is the percentage out of 0-100, as in SCORM 1.2: Moodle grades a
       * SCORM 2004 attempt from raw alone, out of 100 (docs/lms-profiles.md). */
      if (summary.score) {
        var score = S.percentScore(summary.score);
        pairs.push(
          ['cmi.score.scaled', S.decimal(summary.score.scaled, 4)],
          ['cmi.score.min', score.min],
          ['cmi.score.max', score.max],
          ['cmi.score.raw', score.raw]
        );
      }
      return pairs;
    },

    /* id first, then type (responses depend on it), as the data model requires. */
    /** @returns {ScormPair[]} */
    interaction: function (record, i, n, id) {
      var base = 'cmi.interactions.' + n + '.';
      /** @type {ScormPair[]} */
      var pairs = [[base + 'id', id], [base + 'type', i.type]];
      if (i.description) pairs.push([base + 'description', plain(i.description)]);
      pairs.push([base + 'timestamp', S.timestamp2004(record.timestamp)]);
      if (typeof record.weighting === 'number') pairs.push([base + 'weighting', S.decimal(record.weighting, 2)]);
      var patterns = i.correctResponses || [];
      for (var k = 0; k < patterns.length; k++) pairs.push([base + 'correct_responses.' + k + '.pattern', patterns[k]]);
      if (i.learnerResponse) pairs.push([base + 'learner_response', i.learnerResponse]);
      pairs.push([base + 'result', result(record.correct)]);
      pairs.push([base + 'latency', S.duration2004((record.latencySeconds || 0) * 1000)]);
      return pairs;
    },

    /* On an explicit exit, tell the LMS what comes next: the next module when
     * there is one and this one is complete, otherwise end (complete) or
     * suspend (not yet complete) the whole attempt. Only an LMS that knows
     * its navigation (adl.nav.request_valid.continue is "true" or "false")
     * is asked: one that answers "unknown" or an error does not sequence,
     * and Moodle 4.5 answers a request it cannot process with an error page
     * that makes Terminate throw (docs/lms-profiles.md). Closing the window
     * leaves navigation to the LMS. */
    close: function (summary, reason, conn, settings) {
      /** @type {ScormPair[]} */
      var pairs = [
        ['cmi.session_time', S.duration2004(summary.sessionMs)],
        ['cmi.exit', summary.completed ? 'normal' : 'suspend']
      ];
      if (reason === 'explicit' && settings.navRequest) {
        var next = conn.get('adl.nav.request_valid.continue');
        var known = next.ok && (next.value === 'true' || next.value === 'false');
        if (known) {
          var request = 'suspendAll';
          if (summary.completed) request = next.value === 'true' ? 'continue' : 'exitAll';
          pairs.push(['adl.nav.request', request]);
        }
      }
      return pairs;
    }
  }));
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
