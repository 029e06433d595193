// A small LMS-side SCORM API (1.2 `API` or 2004 `API_1484_11`) for unit tests
// of the adapters: it stores values, records every call, and fails on demand.
// The strict checks of values against the standards are made by the browser
// tests with npm scorm-again; this fake only follows the call protocol.
import vm from 'node:vm';
import { readAsset } from './source.mjs';

const NAMES = {
  scorm12: {
    init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
    error: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic',
  },
  scorm2004: {
    init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
    error: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic',
  },
};

// Error codes the fake uses: [not initialised, after finish, already initialised, undefined element]
const CODES = { scorm12: ['301', '101', '101', '401'], scorm2004: ['132', '133', '103', '403'] };

/**
 * fakeLms('scorm12' | 'scorm2004', { values }) -> { api, calls, values, fail(method, code, { times, element }), ... }
 * `fail` makes the next `times` calls of `method` (init|finish|get|set|commit),
 * optionally only for elements starting with `element`, return failure with `code`.
 */
export function fakeLms(std, { values = {} } = {}) {
  const names = NAMES[std];
  const [notInit, afterFinish, already, undefinedElement] = CODES[std];
  const lms = { std, calls: [], values: { ...values }, phase: 'new', lastError: '0', rules: [], commits: 0, finishes: 0 };
  const failing = (method, element) => {
    const rule = lms.rules.find((r) => r.method === method && r.times > 0 && (!r.element || String(element).startsWith(r.element)));
    if (!rule) return null;
    rule.times--;
    return rule.code;
  };
  const fail = (code) => { lms.lastError = code; return 'false'; };
  const ok = (v = 'true') => { lms.lastError = '0'; return v; };
  const api = {
    [names.init](arg) {
      lms.calls.push(['init', arg]);
      const f = failing('init');
      if (f) return fail(f);
      if (lms.phase !== 'new') return fail(lms.phase === 'running' ? already : afterFinish);
      lms.phase = 'running';
      return ok();
    },
    [names.finish](arg) {
      lms.calls.push(['finish', arg]);
      const f = failing('finish');
      if (f) return fail(f);
      if (lms.phase !== 'running') return fail(lms.phase === 'new' ? notInit : afterFinish);
      lms.phase = 'finished';
      lms.finishes++;
      return ok();
    },
    [names.commit](arg) {
      lms.calls.push(['commit', arg]);
      const f = failing('commit');
      if (f) return fail(f);
      if (lms.phase !== 'running') return fail(lms.phase === 'new' ? notInit : afterFinish);
      lms.commits++;
      return ok();
    },
    [names.get](element) {
      lms.calls.push(['get', element]);
      const f = failing('get', element);
      if (f) { lms.lastError = f; return ''; }
      if (lms.phase !== 'running') { lms.lastError = lms.phase === 'new' ? notInit : afterFinish; return ''; }
      if (element.endsWith('._count')) {
        const prefix = element.slice(0, -'_count'.length);
        const n = new Set(Object.keys(lms.values).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('.')[0]));
        return ok(String(n.size));
      }
      if (!(element in lms.values)) { lms.lastError = undefinedElement; return ''; }
      return ok(lms.values[element]);
    },
    [names.set](element, value) {
      lms.calls.push(['set', element, value]);
      const f = failing('set', element);
      if (f) return fail(f);
      if (lms.phase !== 'running') return fail(lms.phase === 'new' ? notInit : afterFinish);
      if (typeof value !== 'string') return fail(std === 'scorm12' ? '405' : '406');
      lms.values[element] = value;
      return ok();
    },
    [names.error]() { return lms.lastError; },
    [names.errorString](code) { return `error ${code}`; },
    [names.diagnostic](code) { return `diagnostic ${code}`; },
  };
  lms.api = api;
  lms.fail = (method, code, { times = 1, element = '' } = {}) => { lms.rules.push({ method, code, times, element }); };
  lms.sets = () => lms.calls.filter((c) => c[0] === 'set').map((c) => [c[1], c[2]]);
  lms.count = (kind) => lms.calls.filter((c) => c[0] === kind).length;
  return lms;
}

const read = readAsset;
const PLAYER = read('player.js');
const CORE = read('adapters/scorm-core.js');
const ADAPTERS = { scorm12: read('adapters/scorm12.js'), scorm2004: read('adapters/scorm2004.js') };

/** The adapter scripts exactly as a package carries them (core first). */
export function adapterSource(std) {
  return `${CORE};\n${ADAPTERS[std]}`;
}

/**
 * Runs player.js (no document: the player does not start) then the SCORM
 * core and the `std` adapter in a fresh context whose window is `win`
 * (give it `parent`, `opener`, `localStorage`...). Returns
 * { win, cp, adapter, warnings } with the adapter the script registered.
 */
export function loadAdapter(std, { win = {}, lms: lmsData } = {}) {
  const warnings = [];
  Object.assign(win, { setTimeout, clearTimeout, console: { warn: (...a) => warnings.push(a.join(' ')), log() {}, error: (...a) => { throw new Error(`console.error: ${a.join(' ')}`); } } });
  win.window = win;
  vm.createContext(win);
  vm.runInContext(PLAYER, win, { filename: 'player.js' });
  const cp = win.coursepack;
  if (lmsData !== undefined) cp.data.lms = lmsData;
  let adapter = null;
  cp.registerAdapter = (a) => { adapter = a; };
  vm.runInContext(adapterSource(std), win, { filename: `${std}.js` });
  return { win, cp, adapter, warnings };
}
