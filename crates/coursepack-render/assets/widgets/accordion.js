// @ts-check
/* coursepack accordion and reveal blocks (docs/authoring.md, "Accordion" and "Reveal").
 *
 * The WAI-ARIA Authoring Practices Accordion and Disclosure patterns: the
 * text of each item's heading moves into a <button aria-expanded
 * aria-controls> inside that heading, and the panel under it is hidden until
 * the button opens it. In an accordion, Up and Down arrows move between the
 * buttons (wrapping), Home and End go to the first and last; Enter and Space
 * open and close (the button's own behaviour). Panels of accordions with up to
 * six items are regions labelled by their button (the pattern advises
 * against more landmarks than that).
 *
 * Which panels are open is kept in the learner's state as a bit mask
 * (coursepack.widgetState, under the block's data-state-id); the build proves
 * its largest value fits (blocks.rs, state_max_len). Without JavaScript, and
 * in print, every panel shows under its heading.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  var doc = root.document;
  if (!found || !doc) return;
  var cp = found;

  /**
   * @param {Element} block  a .cp-accordion or .cp-reveal element
   */
  function enhance(block) {
    var id = block.getAttribute('data-state-id') || '';
    var items = Array.prototype.slice.call(block.querySelectorAll(':scope > .cp-acc-item'));
    /** @type {HTMLButtonElement[]} */
    var buttons = [];
    /** @type {HTMLElement[]} */
    var panels = [];
    items.forEach(function (item, i) {
      var heading = item.querySelector(':scope > .cp-acc-heading');
      var panel = /** @type {HTMLElement|null} */ (item.querySelector(':scope > .cp-acc-panel'));
      if (!heading || !panel) return;
      var button = doc.createElement('button');
      button.type = 'button';
      button.className = 'cp-acc-button';
      button.id = heading.id + '-button';
      var label = doc.createElement('span');
      label.className = 'cp-acc-label';
      while (heading.firstChild) label.appendChild(heading.firstChild);
      var icon = doc.createElement('span');
      icon.className = 'cp-acc-icon';
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(label);
      button.appendChild(icon);
      button.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-controls', panel.id);
      heading.appendChild(button);
      panel.hidden = true;
      if (items.length <= 6) {
        panel.setAttribute('role', 'region');
        panel.setAttribute('aria-labelledby', button.id);
      }
      button.addEventListener('click', function () {
        set(i, button.getAttribute('aria-expanded') !== 'true');
        save();
      });
      buttons.push(button);
      panels.push(panel);
    });
    var all = (1 << buttons.length) - 1;

    /**
     * @param {number} i
     * @param {boolean} open
     */
    function set(i, open) {
      buttons[i].setAttribute('aria-expanded', open ? 'true' : 'false');
      panels[i].hidden = !open;
    }

    function mask() {
      var m = 0;
      buttons.forEach(function (b, i) { if (b.getAttribute('aria-expanded') === 'true') m |= 1 << i; });
      return m;
    }

    function save() { if (id) cp.widgetState.set(id, mask()); }

    block.addEventListener('keydown', function (event) {
      var e = /** @type {KeyboardEvent} */ (event);
      var at = buttons.indexOf(/** @type {HTMLButtonElement} */ (doc.activeElement));
      if (at < 0 || buttons.length < 2) return;
      var to = e.key === 'ArrowDown' ? (at + 1) % buttons.length
        : e.key === 'ArrowUp' ? (at + buttons.length - 1) % buttons.length
          : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      buttons[to].focus();
    });

    cp.on('ready', function () {
      if (!id) return;
      var saved = cp.widgetState.get(id);
      if (saved === undefined) return;
      var m = typeof saved === 'number' && saved >= 0 && Math.floor(saved) === saved ? saved & all : 0;
      buttons.forEach(function (_b, i) { set(i, (m & (1 << i)) !== 0); });
      if (m !== saved) save();
    });
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-accordion, .cp-reveal')).forEach(enhance);
})(typeof window !== 'undefined' ? window : this);
