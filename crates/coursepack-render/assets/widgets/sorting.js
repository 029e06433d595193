// @ts-check
/* coursepack sorting activities (docs/authoring.md, "Sorting activity").
 *
 * A ```sorting block is a matching question (coursepack-quiz html.rs): each
 * item has a <select> of the categories, which quiz.js reads, checks, saves,
 * restores and reports. This script lays the same question out as cards in
 * boxes: "Not sorted yet", then one box per category. Every card keeps a list
 * of the categories of its own (WCAG 2.2 SC 2.5.7: a single-pointer, keyboard
 * way to do what a drag does), and can be dragged with a mouse into a box.
 * Every move is announced in a polite live region, and the focus stays on the
 * card's list.
 *
 * The quiz's own selects stay the source of truth, in their authored order
 * (quiz.js reads them in document order), hidden after the board: a card's
 * list writes to its item's select, and each select's `value` and `disabled`
 * setters are wrapped on the element, so when quiz.js restores an answer or
 * locks the question after checking, the board follows.
 *
 * Without JavaScript, and in print before this runs, the question shows the
 * categories as a list and the items as a list, each with its select.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  var doc = root.document;

  /**
   * The order cards are laid out in: the block's scrambled order, without
   * repeats or indices out of range, then any item it left out.
   * @param {string} attr the `data-sorting` attribute: indices separated by spaces
   * @param {number} n number of items
   * @returns {number[]}
   */
  function cardOrder(attr, n) {
    /** @type {number[]} */
    var order = [];
    attr.split(' ').forEach(function (s) {
      var i = Number(s);
      if (s !== '' && Math.floor(i) === i && i >= 0 && i < n && order.indexOf(i) < 0) order.push(i);
    });
    for (var i = 0; i < n; i++) if (order.indexOf(i) < 0) order.push(i);
    return order;
  }

  /**
   * Which box each card is in: the items of each box (0: not sorted yet,
   * k + 1: category k), in card order. A value that names no category
   * leaves the item unsorted.
   * @param {string[]} values each item's select value ('' or a category index)
   * @param {number[]} order card order (cardOrder)
   * @param {number} categories number of categories
   * @returns {number[][]}
   */
  function layout(values, order, categories) {
    /** @type {number[][]} */
    var boxes = [];
    for (var k = 0; k <= categories; k++) boxes.push([]);
    order.forEach(function (i) {
      var v = values[i], c = Number(v);
      var box = v !== '' && v !== undefined && Math.floor(c) === c && c >= 0 && c < categories ? c + 1 : 0;
      boxes[box].push(i);
    });
    return boxes;
  }

  /** For the unit tests (js-tests/sorting.test.mjs). */
  root.coursepackSorting = { cardOrder: cardOrder, layout: layout };

  if (!found || !doc || typeof HTMLSelectElement === 'undefined') return;
  var cp = found;
  var S = cp.strings || {};
  var valueProp = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value');
  var disabledProp = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'disabled');
  if (!valueProp || !valueProp.get || !valueProp.set || !disabledProp || !disabledProp.get || !disabledProp.set) return;
  var getValue = valueProp.get, setValue = valueProp.set, getDisabled = disabledProp.get, setDisabled = disabledProp.set;

  /**
   * @param {keyof HTMLElementTagNameMap} tag
   * @param {string} cls
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** @param {Element} box the question's .cp-q-sorting */
  function enhance(box) {
    var question = box.closest('.cp-question');
    var base = question ? question.id : '';
    /** @type {HTMLSelectElement[]} */
    var sources = Array.prototype.slice.call(box.querySelectorAll('select.cp-q-match'));
    if (!sources.length) return;
    /** @type {Array<{ value: string, text: string }>} */
    var categories = [];
    Array.prototype.slice.call(sources[0].options).forEach(function (/** @type {HTMLOptionElement} */ o) {
      if (o.value !== '') categories.push({ value: o.value, text: o.textContent || '' });
    });
    categories.sort(function (a, b) { return Number(a.value) - Number(b.value); });
    var order = cardOrder(box.getAttribute('data-sorting') || '', sources.length);

    var board = el('div', 'cp-sort-board');
    var help = el('p', 'cp-sort-help', S.sort_help || 'Drag each item into its category, or choose the category from the item\'s list.');
    help.id = base + '-sort-help';
    var live = el('p', 'cp-visually-hidden');
    live.setAttribute('aria-live', 'polite');
    board.appendChild(help);
    /** @type {HTMLElement[]} */
    var lists = [];
    /** @type {Array<number | null>} */
    var dragged = [null];
    [{ value: '', text: S.sort_unsorted || 'Not sorted yet' }].concat(categories).forEach(function (c, k) {
      var zone = el('div', k === 0 ? 'cp-sort-zone cp-sort-pool' : 'cp-sort-zone');
      zone.setAttribute('role', 'group');
      var title = el('p', 'cp-sort-title', c.text);
      title.id = base + '-zone' + k;
      zone.setAttribute('aria-labelledby', title.id);
      var list = el('ul', 'cp-sort-list');
      zone.appendChild(title);
      zone.appendChild(list);
      board.appendChild(zone);
      lists.push(list);
      zone.addEventListener('dragover', function (e) {
        if (dragged[0] === null) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
        zone.classList.add('cp-sort-over');
      });
      zone.addEventListener('dragleave', function (e) {
        if (!(e.relatedTarget instanceof Node && zone.contains(e.relatedTarget))) zone.classList.remove('cp-sort-over');
      });
      zone.addEventListener('drop', function (e) {
        zone.classList.remove('cp-sort-over');
        var i = dragged[0];
        if (i === null) return;
        e.preventDefault();
        move(i, c.value);
      });
    });
    board.appendChild(live);

    /** @type {HTMLLIElement[]} */
    var cards = [];
    /** @type {HTMLSelectElement[]} */
    var choices = [];
    sources.forEach(function (source, i) {
      var card = /** @type {HTMLLIElement} */ (el('li', 'cp-sort-card'));
      card.draggable = true;
      var text = el('span', 'cp-sort-text');
      text.id = base + '-card' + i;
      var label = box.querySelector('label[for="' + source.id + '"]');
      if (label) Array.prototype.slice.call(label.childNodes).forEach(function (/** @type {Node} */ n) { text.appendChild(n.cloneNode(true)); });
      var choice = /** @type {HTMLSelectElement} */ (el('select', 'cp-sort-choice'));
      choice.setAttribute('aria-labelledby', text.id);
      choice.setAttribute('aria-describedby', help.id);
      [{ value: '', text: S.sort_unsorted || 'Not sorted yet' }].concat(categories).forEach(function (c) {
        var o = /** @type {HTMLOptionElement} */ (el('option', '', c.text));
        o.value = c.value;
        choice.appendChild(o);
      });
      card.appendChild(text);
      card.appendChild(choice);
      cards.push(card);
      choices.push(choice);
      choice.addEventListener('change', function () { move(i, choice.value); });
      card.addEventListener('dragstart', function (e) {
        if (getDisabled.call(source)) { e.preventDefault(); return; }
        dragged[0] = i;
        if (e.dataTransfer) {
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', text.textContent || '');
        }
        card.classList.add('cp-sort-dragging');
      });
      card.addEventListener('dragend', function () {
        dragged[0] = null;
        card.classList.remove('cp-sort-dragging');
        board.querySelectorAll('.cp-sort-over').forEach(function (z) { z.classList.remove('cp-sort-over'); });
      });
      /* quiz.js restores and clears answers through `value`, and locks the
       * question through `disabled`: the board follows both. */
      Object.defineProperty(source, 'value', {
        configurable: true,
        get: function () { return getValue.call(this); },
        set: function (v) { setValue.call(this, v); place(); }
      });
      Object.defineProperty(source, 'disabled', {
        configurable: true,
        get: function () { return getDisabled.call(this); },
        set: function (v) { setDisabled.call(this, v); card.draggable = !v; card.classList.toggle('cp-sort-locked', Boolean(v)); }
      });
    });

    /** Put every card in the box its item's select names, in card order. */
    function place() {
      var focused = doc.activeElement;
      var boxes = layout(sources.map(function (s) { return getValue.call(s); }), order, categories.length);
      boxes.forEach(function (items, k) {
        lists[k].classList.toggle('cp-sort-empty', !items.length);
        items.forEach(function (i) {
          lists[k].appendChild(cards[i]);
          choices[i].value = k === 0 ? '' : categories[k - 1].value;
        });
      });
      if (focused instanceof HTMLElement && focused !== doc.activeElement && board.contains(focused)) focused.focus();
    }

    /**
     * The learner put item `i` in the category whose value is `value` ('' = not sorted).
     * @param {number} i
     * @param {string} value
     */
    function move(i, value) {
      if (getDisabled.call(sources[i])) return;
      sources[i].value = value;
      sources[i].dispatchEvent(new Event('change', { bubbles: true }));
      var name = value === '' ? (S.sort_unsorted || 'Not sorted yet') : (categories.filter(function (c) { return c.value === value; })[0] || { text: '' }).text;
      var text = cards[i].querySelector('.cp-sort-text');
      live.textContent = cp.format(S.sort_moved || '{item}: moved to {category}', { item: text ? text.textContent || '' : '', category: name });
    }

    /* Once the feedback shows the outcome (not when the answer is only saved
     * until the end of the quiz), each card says whether it is in the right
     * box, in words and a symbol; Try again clears the feedback and the marks. */
    var feedback = question ? question.querySelector('.cp-q-feedback') : null;
    var qid = question ? question.getAttribute('data-question-id') : null;
    var quiz = cp.data && cp.data.quiz;
    var data = quiz ? quiz.questions.filter(function (q) { return q.id === qid; })[0] : undefined;
    var pairs = data && data.pairs;
    function mark() {
      var shown = Boolean(feedback && feedback.querySelector('.cp-q-correct, .cp-q-partial, .cp-q-incorrect'));
      cards.forEach(function (card, i) {
        var old = card.querySelector('.cp-sort-mark');
        if (old) card.removeChild(old);
        card.classList.remove('cp-sort-right', 'cp-sort-wrong');
        if (!shown || !pairs || !pairs[i]) return;
        var value = getValue.call(sources[i]);
        var right = value !== '' && Number(value) === pairs[i].target;
        var m = el('span', 'cp-sort-mark', (right ? '\u2713 ' : '\u2717 ') + (right ? S.correct || 'Correct' : S.incorrect || 'Incorrect'));
        card.insertBefore(m, card.querySelector('select'));
        card.classList.add(right ? 'cp-sort-right' : 'cp-sort-wrong');
      });
    }
    if (feedback && typeof MutationObserver !== 'undefined') new MutationObserver(mark).observe(feedback, { childList: true });

    box.insertBefore(board, box.firstChild);
    box.classList.add('cp-sort-ready');
    place();
    mark();
  }

  Array.prototype.slice.call(doc.querySelectorAll('.cp-q-sorting')).forEach(enhance);
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
