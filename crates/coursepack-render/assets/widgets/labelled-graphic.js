// @ts-check
/* coursepack labelled graphic blocks (docs/authoring.md, "Labelled graphic").
 *
 * The image gets a numbered marker button for each note, placed at the
 * note's `at:` position, in reading order, named "1: Reception desk"
 * (aria-expanded, aria-controls). The notes stay an ordered list under the
 * image, each a disclosure (its heading's text moved into a button, as in an
 * accordion). A marker opens its note and moves the focus to it, so the note
 * is read next; "Back to the image" at the end of the note returns the focus
 * to the marker. A marker of an open note closes it. Markers of notes already
 * read are marked with a tick.
 *
 * Which notes have been opened is kept in the learner's state as a bit
 * mask. Without JavaScript, and in print, the image is followed by every
 * note in order (in print, the markers show their numbers on the image too).
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  var doc = root.document;
  if (!found || !doc) return;
  var cp = found;
  var S = cp.strings || {};

  /** @param {Element} block */
  function enhance(block) {
    var id = block.getAttribute('data-state-id') || '';
    var stageEl = /** @type {HTMLElement|null} */ (block.querySelector(':scope > .cp-graphic-stage'));
    if (!stageEl) return;
    var stage = stageEl;
    /** @type {HTMLElement[]} */
    var notes = Array.prototype.slice.call(block.querySelectorAll(':scope > .cp-graphic-notes > .cp-graphic-note'));
    /** @type {HTMLButtonElement[]} */
    var markers = [];
    /** @type {HTMLButtonElement[]} */
    var toggles = [];
    /** @type {HTMLElement[]} */
    var panels = [];
    var visited = 0;

    notes.forEach(function (note, i) {
      var heading = /** @type {HTMLElement} */ (note.querySelector(':scope > .cp-graphic-label'));
      var panel = /** @type {HTMLElement} */ (note.querySelector(':scope > .cp-graphic-text'));
      var label = (heading.textContent || '').replace(/\s+/g, ' ').trim();
      var marker = doc.createElement('button');
      marker.type = 'button';
      marker.className = 'cp-graphic-marker';
      marker.textContent = String(i + 1);
      marker.setAttribute('aria-label', (i + 1) + ': ' + label);
      marker.setAttribute('aria-expanded', 'false');
      marker.setAttribute('aria-controls', panel.id);
      /* positions come from the compiler (numbers from 0 to 100); set through
       * the CSSOM, which a Content-Security-Policy allows */
      marker.style.left = clamp(note.getAttribute('data-x')) + '%';
      marker.style.top = clamp(note.getAttribute('data-y')) + '%';
      stage.appendChild(marker);

      var toggle = doc.createElement('button');
      toggle.type = 'button';
      toggle.className = 'cp-graphic-toggle';
      toggle.id = heading.id + '-button';
      var number = doc.createElement('span');
      number.className = 'cp-graphic-number';
      number.setAttribute('aria-hidden', 'true');
      number.textContent = String(i + 1);
      var text = doc.createElement('span');
      while (heading.firstChild) text.appendChild(heading.firstChild);
      toggle.appendChild(number);
      toggle.appendChild(text);
      toggle.setAttribute('aria-expanded', 'false');
      toggle.setAttribute('aria-controls', panel.id);
      heading.appendChild(toggle);
      panel.hidden = true;
      panel.setAttribute('role', 'region');
      panel.setAttribute('aria-labelledby', toggle.id);
      var back = doc.createElement('button');
      back.type = 'button';
      back.className = 'cp-graphic-back';
      back.textContent = S.back_to_image || 'Back to the image';
      panel.appendChild(back);

      marker.addEventListener('click', function () {
        var open = !isOpen(i);
        set(i, open);
        if (open) {
          toggle.scrollIntoView({ block: 'nearest' });
          toggle.focus();
        }
      });
      toggle.addEventListener('click', function () { set(i, !isOpen(i)); });
      back.addEventListener('click', function () { marker.focus(); });
      markers.push(marker);
      toggles.push(toggle);
      panels.push(panel);
    });
    var all = (1 << notes.length) - 1;

    /** @param {string|null} v */
    function clamp(v) { return Math.max(0, Math.min(100, Number(v) || 0)); }

    /** @param {number} i */
    function isOpen(i) { return toggles[i].getAttribute('aria-expanded') === 'true'; }

    /**
     * @param {number} i
     * @param {boolean} open
     */
    function set(i, open) {
      toggles[i].setAttribute('aria-expanded', open ? 'true' : 'false');
      markers[i].setAttribute('aria-expanded', open ? 'true' : 'false');
      panels[i].hidden = !open;
      if (open && !(visited & (1 << i))) {
        visited |= 1 << i;
        showVisited();
        if (id) cp.widgetState.set(id, visited);
      }
    }

    function showVisited() {
      markers.forEach(function (m, i) { m.classList.toggle('cp-graphic-visited', (visited & (1 << i)) !== 0); });
    }

    cp.on('ready', function () {
      if (!id) return;
      var saved = cp.widgetState.get(id);
      if (saved === undefined) return;
      visited = typeof saved === 'number' && saved >= 0 && Math.floor(saved) === saved ? saved & all : 0;
      showVisited();
      if (visited !== saved) cp.widgetState.set(id, visited);
    });
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-labelled-graphic')).forEach(enhance);
})(typeof window !== 'undefined' ? window : this);
