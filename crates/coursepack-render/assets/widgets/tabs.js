// @ts-check
/* coursepack tabs blocks (docs/authoring.md, "Tabs").
 *
 * The WAI-ARIA Authoring Practices Tabs pattern, with automatic activation:
 * a role=tablist (named by the block's `label:`, or the section heading it
 * sits under) of role=tab buttons is built from the panels' headings; one tab
 * is in the Tab order at a time (roving tabindex); Left and Right arrows move
 * to the previous and next tab (wrapping) and show its panel, Home and End go
 * to the first and last. Each panel is a role=tabpanel labelled by its tab,
 * and focusable, so keyboard users reach its content next. The heading inside
 * each panel is what the tab shows, so it is visually hidden while tabs are
 * shown (screen readers still find it when they move by heading).
 *
 * The selected tab is kept in the learner's state (its index). Without
 * JavaScript, and in print, every panel shows under its heading.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  var doc = root.document;
  if (!found || !doc) return;
  var cp = found;

  /** @param {Element} block */
  function enhance(block) {
    var id = block.getAttribute('data-state-id') || '';
    /** @type {HTMLElement[]} */
    var panels = Array.prototype.slice.call(block.querySelectorAll(':scope > .cp-tab-panel'));
    if (panels.length < 2) return;
    var list = doc.createElement('div');
    list.className = 'cp-tablist';
    list.setAttribute('role', 'tablist');
    list.setAttribute('aria-label', block.getAttribute('data-label') || '');
    /** @type {HTMLButtonElement[]} */
    var tabs = panels.map(function (panel, i) {
      var heading = /** @type {HTMLElement} */ (panel.querySelector(':scope > .cp-tab-title'));
      var tab = doc.createElement('button');
      tab.type = 'button';
      tab.className = 'cp-tab';
      tab.id = panel.id + '-tab';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      /* the heading's text and inline markup, copied (it stays in the panel for print) */
      Array.prototype.forEach.call(heading.childNodes, function (/** @type {Node} */ n) { tab.appendChild(n.cloneNode(true)); });
      heading.classList.add('cp-tab-title-hidden');
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.tabIndex = 0;
      tab.addEventListener('click', function () { select(i, false); });
      list.appendChild(tab);
      return tab;
    });
    block.insertBefore(list, panels[0]);
    var current = 0;

    /**
     * @param {number} i
     * @param {boolean} focus  move the focus to the tab (keyboard)
     */
    function select(i, focus) {
      current = i;
      tabs.forEach(function (tab, n) {
        tab.setAttribute('aria-selected', n === i ? 'true' : 'false');
        tab.tabIndex = n === i ? 0 : -1;
        panels[n].hidden = n !== i;
      });
      if (focus) tabs[i].focus();
      if (id) cp.widgetState.set(id, i);
    }

    list.addEventListener('keydown', function (event) {
      var e = /** @type {KeyboardEvent} */ (event);
      var n = tabs.length;
      var to = e.key === 'ArrowRight' ? (current + 1) % n
        : e.key === 'ArrowLeft' ? (current + n - 1) % n
          : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      select(to, true);
    });

    /* shown at once, without saving; the saved tab when the state is restored */
    tabs.forEach(function (tab, n) {
      tab.setAttribute('aria-selected', n === 0 ? 'true' : 'false');
      tab.tabIndex = n === 0 ? 0 : -1;
      panels[n].hidden = n !== 0;
    });
    cp.on('ready', function () {
      if (!id) return;
      var saved = cp.widgetState.get(id);
      if (saved === undefined) return;
      var i = typeof saved === 'number' && saved >= 0 && saved < tabs.length && Math.floor(saved) === saved ? saved : 0;
      select(i, false);
    });
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-tabs')).forEach(enhance);
})(typeof window !== 'undefined' ? window : this);
