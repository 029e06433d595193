// @ts-check
/* coursepack flashcards blocks (docs/authoring.md, "Flashcards").
 *
 * Each card shows its front (the item's heading); a "Turn card" button
 * (aria-pressed: true while the back shows, described by the card's front)
 * turns it over, and so does a click or tap anywhere on the card that is not
 * a link or a control. Turning never moves the focus: the side that comes up
 * is read out through the block's polite live region ("Back: ..."). The turn
 * is a short fade, and none at all under prefers-reduced-motion.
 *
 * Which cards show their back is kept in the learner's state as a bit mask.
 * Without JavaScript, and in print, both sides of every card show.
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
    /** @type {HTMLElement[]} */
    var cards = Array.prototype.slice.call(block.querySelectorAll(':scope > .cp-cards > .cp-card'));
    var live = doc.createElement('p');
    live.className = 'cp-visually-hidden';
    live.setAttribute('aria-live', 'polite');
    block.appendChild(live);
    /** @type {HTMLButtonElement[]} */
    var buttons = [];
    cards.forEach(function (card, i) {
      var back = /** @type {HTMLElement} */ (card.querySelector(':scope > .cp-card-back'));
      var title = card.querySelector(':scope > .cp-card-front .cp-card-title');
      if (title && !title.id) title.id = card.id + '-title';
      var button = doc.createElement('button');
      button.type = 'button';
      button.className = 'cp-card-turn';
      button.textContent = S.turn_card || 'Turn card';
      button.setAttribute('aria-pressed', 'false');
      if (title) button.setAttribute('aria-describedby', title.id);
      card.appendChild(button);
      back.hidden = true;
      button.addEventListener('click', function (e) {
        e.stopPropagation();
        turn(i, !isTurned(i), true);
      });
      card.addEventListener('click', function (e) {
        var t = /** @type {Element} */ (e.target);
        if (t.closest('a, button, input, select, textarea, audio, video, summary')) return;
        turn(i, !isTurned(i), true);
      });
      buttons.push(button);
    });
    var all = (1 << cards.length) - 1;

    /** @param {number} i */
    function isTurned(i) { return buttons[i].getAttribute('aria-pressed') === 'true'; }

    /**
     * @param {number} i
     * @param {boolean} toBack
     * @param {boolean} announce  read the side that comes up, and save
     */
    function turn(i, toBack, announce) {
      var card = cards[i];
      var front = /** @type {HTMLElement} */ (card.querySelector(':scope > .cp-card-front'));
      var back = /** @type {HTMLElement} */ (card.querySelector(':scope > .cp-card-back'));
      buttons[i].setAttribute('aria-pressed', toBack ? 'true' : 'false');
      front.hidden = toBack;
      back.hidden = !toBack;
      card.classList.toggle('cp-card-turned', toBack);
      if (!announce) return;
      var side = toBack ? back : front;
      live.textContent = (side.textContent || '').replace(/\s+/g, ' ').trim();
      if (id) {
        var m = 0;
        buttons.forEach(function (_b, n) { if (isTurned(n)) m |= 1 << n; });
        cp.widgetState.set(id, m);
      }
    }

    cp.on('ready', function () {
      if (!id) return;
      var saved = cp.widgetState.get(id);
      if (saved === undefined) return;
      var m = typeof saved === 'number' && saved >= 0 && Math.floor(saved) === saved ? saved & all : 0;
      cards.forEach(function (_c, i) { turn(i, (m & (1 << i)) !== 0, false); });
      if (m !== saved) cp.widgetState.set(id, m);
    });
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-flashcards')).forEach(enhance);
})(typeof window !== 'undefined' ? window : this);
