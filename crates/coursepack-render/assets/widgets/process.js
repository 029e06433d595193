// @ts-check
/* coursepack process blocks (docs/authoring.md, "Process").
 *
 * One step at a time: the block's steps stay an ordered list, all but the
 * current one hidden; under them, "Step 2 of 5" (a polite live region) and
 * Previous step / Next step buttons (Start again on the last step). When the
 * learner moves, the focus goes to the new step's heading, so they read on
 * from there.
 *
 * The current step is kept in the learner's state (its index). Without
 * JavaScript, and in print, every step shows, in order.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  var doc = root.document;
  if (!found || !doc) return;
  var cp = found;
  var S = cp.strings || {};

  /**
   * @param {string} cls
   * @param {string} text
   */
  function button(cls, text) {
    var b = doc.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = text;
    return b;
  }

  /** @param {Element} block */
  function enhance(block) {
    var id = block.getAttribute('data-state-id') || '';
    var list = block.querySelector(':scope > .cp-steps');
    if (!list) return;
    /** @type {HTMLElement[]} */
    var steps = Array.prototype.slice.call(list.querySelectorAll(':scope > .cp-step'));
    var headings = steps.map(function (step) {
      var h = /** @type {HTMLElement} */ (step.querySelector(':scope > .cp-step-title'));
      h.tabIndex = -1;
      return h;
    });
    var nav = doc.createElement('div');
    nav.className = 'cp-step-nav';
    var count = doc.createElement('p');
    count.className = 'cp-step-count';
    count.setAttribute('aria-live', 'polite');
    var prev = button('cp-step-prev', S.previous_step || 'Previous step');
    var next = button('cp-step-next', S.next_step || 'Next step');
    var again = button('cp-step-again', S.start_again || 'Start again');
    nav.appendChild(count);
    nav.appendChild(prev);
    nav.appendChild(next);
    nav.appendChild(again);
    block.insertBefore(nav, list.nextSibling);
    var current = 0;

    /**
     * @param {number} i
     * @param {boolean} moved  the learner moved: focus the step's heading and save
     */
    function show(i, moved) {
      current = i;
      steps.forEach(function (step, n) { step.hidden = n !== i; });
      count.textContent = cp.format(S.step_count || 'Step {current} of {total}', { current: i + 1, total: steps.length });
      prev.disabled = i === 0;
      next.hidden = i === steps.length - 1;
      again.hidden = i !== steps.length - 1;
      if (!moved) return;
      headings[i].focus();
      if (id) cp.widgetState.set(id, i);
    }

    prev.addEventListener('click', function () { if (current > 0) show(current - 1, true); });
    next.addEventListener('click', function () { if (current < steps.length - 1) show(current + 1, true); });
    again.addEventListener('click', function () { show(0, true); });
    show(0, false);
    cp.on('ready', function () {
      if (!id) return;
      var saved = cp.widgetState.get(id);
      if (saved === undefined) return;
      var i = typeof saved === 'number' && saved >= 0 && saved < steps.length && Math.floor(saved) === saved ? saved : 0;
      show(i, false);
      if (i !== saved) cp.widgetState.set(id, i);
    });
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-process')).forEach(enhance);
})(typeof window !== 'undefined' ? window : this);
