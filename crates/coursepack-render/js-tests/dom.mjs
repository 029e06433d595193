// A very small DOM, enough for player.js on the HTML that index.hbs renders
// (well-formed, double-quoted attributes). Selectors: tag, #id, .class,
// [attr], [attr="v"], compound and descendant combinators.
const VOID = new Set(['meta', 'link', 'input', 'br', 'img', 'hr', 'source', 'track']);

class Node {
  constructor(doc, tag, attrs = {}) {
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.attrs = { ...attrs };
    this.children = [];
    this.parentNode = null;
    this.text = '';
    this.listeners = {};
    this.value = tag === 'textarea' ? '' : undefined;
    this.classList = {
      add: (c) => { const s = new Set(this.classes()); s.add(c); this.attrs.class = [...s].join(' '); },
      contains: (c) => this.classes().includes(c),
    };
  }
  classes() { return (this.attrs.class || '').split(/\s+/).filter(Boolean); }
  get id() { return this.attrs.id || ''; }
  get className() { return this.attrs.class || ''; }
  set className(v) { this.attrs.class = v; }
  getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; }
  setAttribute(n, v) { this.attrs[n] = String(v); }
  removeAttribute(n) { delete this.attrs[n]; }
  hasAttribute(n) { return n in this.attrs; }
  get hidden() { return 'hidden' in this.attrs; }
  set hidden(v) { if (v) this.attrs.hidden = ''; else delete this.attrs.hidden; }
  get disabled() { return 'disabled' in this.attrs; }
  set disabled(v) { if (v) this.attrs.disabled = ''; else delete this.attrs.disabled; }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(''); }
  set textContent(v) { this.text = String(v); this.children = []; }
  appendChild(c) { // like the DOM: a node that has a parent moves
    if (c.parentNode) c.parentNode.children.splice(c.parentNode.children.indexOf(c), 1);
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  remove() {
    if (this.parentNode) this.parentNode.children.splice(this.parentNode.children.indexOf(this), 1);
    this.parentNode = null;
  }
  get nextSibling() {
    const siblings = this.parentNode ? this.parentNode.children : [];
    return siblings[siblings.indexOf(this) + 1] || null;
  }
  insertBefore(c, ref) { // ref null: append, as the DOM does
    if (!ref) return this.appendChild(c);
    if (c.parentNode) c.parentNode.children.splice(c.parentNode.children.indexOf(c), 1);
    c.parentNode = this;
    this.children.splice(this.children.indexOf(ref), 0, c);
    return c;
  }
  replaceChild(c, old) {
    this.insertBefore(c, old);
    this.children.splice(this.children.indexOf(old), 1);
    old.parentNode = null;
    return old;
  }
  focus() { this.ownerDocument.activeElement = this; }
  scrollIntoView() {}
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type, extra = {}) {
    const ev = { type, target: this, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
    for (const fn of this.listeners[type] || []) fn.call(this, ev);
    return ev;
  }
  *descendants() { for (const c of this.children) { yield c; yield* c.descendants(); } }
  matches(sel) { return matchComplex(this, parse(sel)); }
  closest(sel) { for (let n = this; n && n.tagName; n = n.parentNode) if (n.matches(sel)) return n; return null; }
  querySelectorAll(sel) {
    const groups = sel.split(',').map((s) => parse(s.trim()));
    return [...this.descendants()].filter((n) => groups.some((g) => matchComplex(n, g, this)));
  }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}

function parse(sel) {
  return sel.trim().split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((part) => {
    const c = { tag: null, id: null, classes: [], attrs: [] };
    const re = /([a-z0-9]+)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:="([^"]*)")?\]/gi;
    let m;
    while ((m = re.exec(part))) {
      if (m[1]) c.tag = m[1].toUpperCase();
      else if (m[2]) c.id = m[2];
      else if (m[3]) c.classes.push(m[3]);
      else c.attrs.push([m[4], m[5]]);
    }
    return c;
  });
}

function matchCompound(n, c) {
  if (!n.tagName) return false;
  if (c.tag && n.tagName !== c.tag) return false;
  if (c.id && n.id !== c.id) return false;
  if (c.classes.some((k) => !n.classes().includes(k))) return false;
  return c.attrs.every(([a, v]) => a in n.attrs && (v === undefined || n.attrs[a] === v));
}

function matchComplex(n, parts, scope) {
  if (!matchCompound(n, parts[parts.length - 1])) return false;
  let i = parts.length - 2;
  for (let p = n.parentNode; i >= 0 && p && p !== scope?.parentNode; p = p.parentNode) {
    if (matchCompound(p, parts[i])) i--;
  }
  return i < 0;
}

const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

/** Parses rendered HTML into a document with getElementById, querySelector(All), createElement, events. */
export function parseDocument(html) {
  const doc = new Node(null, '#document');
  doc.ownerDocument = doc;
  doc.readyState = 'complete';
  doc.visibilityState = 'visible';
  doc.activeElement = null;
  doc.createElement = (tag) => new Node(doc, tag);
  doc.getElementById = (id) => [...doc.descendants()].find((n) => n.id === id) || null;
  let cur = doc;
  const re = /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)/gi;
  let m;
  while ((m = re.exec(html))) {
    if (m[1]) { cur = cur.parentNode || doc; continue; }
    if (m[2]) {
      const attrs = {};
      for (const a of m[3].matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] === undefined ? '' : decode(a[2]);
      const el = cur.appendChild(new Node(doc, m[2].toLowerCase(), attrs));
      if (m[2].toLowerCase() === 'script') {
        const end = html.indexOf('</script>', re.lastIndex);
        el.text = html.slice(re.lastIndex, end);
        re.lastIndex = end + '</script>'.length;
      } else if (!VOID.has(m[2].toLowerCase())) cur = el;
      continue;
    }
    if (m[4] && cur !== doc) cur.text += decode(m[4]);
  }
  doc.documentElement = doc.children.find((n) => n.tagName === 'HTML');
  return doc;
}
