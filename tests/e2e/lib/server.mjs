// A static file server for packages under test, on 127.0.0.1 and a random port.
//
// Serves `root` with the MIME types a browser needs (and `nosniff`, so a wrong
// type is a real failure, as on a strict LMS), never outside `root`, and lets a
// test add its own routes: an LMS page hosting scorm-again, an xAPI endpoint...
//
//   const server = await startServer({
//     root: dir,
//     routes: {
//       'GET /lms.html': (req, res) => send(res, 200, html, 'text/html'),
//       'POST /xapi/statements': async (req, res) => { ... await readBody(req) ... },
//       '/xapi/*': handler,            // any method, any path under /xapi/
//     },
//   });
//   await page.goto(server.url('index.html'));
//   await server.close();

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** File extension (lower case, without dot) to Content-Type. */
export const MIME_TYPES = Object.freeze({
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  xsd: 'application/xml; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  zip: 'application/zip',
});

/**
 * The Content-Type for a file name, from its extension.
 * @param {string} name
 * @returns {string} `application/octet-stream` when the extension is unknown
 */
export function mimeType(name) {
  const ext = path.extname(name).slice(1).toLowerCase();
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * @callback RouteHandler
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ url: URL, server: TestServer }} ctx
 * @returns {void | Promise<void>}
 */

/**
 * @typedef {object} ServedRequest
 * @property {string} method
 * @property {string} path   pathname and query, as received
 * @property {number} status
 */

/**
 * @typedef {object} TestServer
 * @property {string} origin              e.g. `http://127.0.0.1:43121`
 * @property {number} port
 * @property {(p?: string) => string} url  absolute URL of a path relative to the root
 * @property {ServedRequest[]} requests   every request answered, in order
 * @property {() => Promise<void>} close
 */

/**
 * Start an HTTP server on 127.0.0.1 and a random free port.
 *
 * Routes are matched before files. A key is `"METHOD /path"` or `"/path"` (any
 * method); a path ending in `/*` matches everything under it. Exact keys win
 * over prefixes, longer prefixes over shorter ones. A handler that throws
 * answers 500 and the error is printed to stderr.
 *
 * Without `root`, only routes are served.
 *
 * @param {{ root?: string, routes?: Record<string, RouteHandler> }} [options]
 * @returns {Promise<TestServer>}
 */
export async function startServer({ root, routes = {} } = {}) {
  const realRoot = root ? await fsp.realpath(root) : undefined;
  const table = compileRoutes(routes);
  /** @type {ServedRequest[]} */
  const requests = [];

  /** @type {TestServer} */
  const api = {
    origin: '',
    port: 0,
    url: (p = '') => new URL(String(p).replace(/^\/+/, ''), api.origin + '/').href,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };

  const server = http.createServer(async (req, res) => {
    res.on('finish', () => requests.push({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode }));
    try {
      const url = new URL(req.url ?? '/', api.origin);
      const handler = findRoute(table, req.method ?? 'GET', url.pathname);
      if (handler) {
        await handler(req, res, { url, server: api });
        if (!res.writableEnded) res.end();
        return;
      }
      if (!realRoot) return send(res, 404, 'no such route\n');
      await serveFile(realRoot, url.pathname, req, res);
    } catch (err) {
      process.stderr.write(`test server: ${req.method} ${req.url}: ${err?.stack ?? err}\n`);
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  api.port = port;
  api.origin = `http://127.0.0.1:${port}`;
  return api;
}

/**
 * Write a complete response.
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string | Buffer | object} [body]  objects are sent as JSON
 * @param {string} [contentType]  defaults to text/plain, or JSON for objects
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, body = '', contentType, headers = {}) {
  let data = body;
  let type = contentType;
  if (typeof body === 'object' && !Buffer.isBuffer(body)) {
    data = JSON.stringify(body);
    type ??= MIME_TYPES.json;
  }
  res.writeHead(status, {
    'Content-Type': type ?? MIME_TYPES.txt,
    'Content-Length': Buffer.byteLength(/** @type {string|Buffer} */ (data)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(data);
}

/**
 * Read a request body.
 * @param {http.IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Read a JSON request body.
 * @param {http.IncomingMessage} req
 * @returns {Promise<any>}
 */
export async function readJson(req) {
  return JSON.parse((await readBody(req)).toString('utf8'));
}

/**
 * Resolve a URL path inside `root`, or return null when it would leave it
 * (`..`, encoded slashes or backslashes, NUL bytes, bad percent-encoding).
 * Exported for the harness self-test.
 * @param {string} root  an absolute, real path
 * @param {string} urlPath  the URL's pathname, still percent-encoded
 * @returns {string | null}
 */
export function resolveInRoot(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

async function serveFile(root, urlPath, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', undefined, { Allow: 'GET, HEAD' });
  }
  let file = resolveInRoot(root, urlPath);
  if (!file) return send(res, 400, 'bad path\n');
  let stat = await fsp.stat(file).catch(() => null);
  if (stat?.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      return send(res, 301, '', undefined, { Location: urlPath + '/' });
    }
    file = path.join(file, 'index.html');
    stat = await fsp.stat(file).catch(() => null);
  }
  if (!stat?.isFile()) return send(res, 404, 'not found\n');
  // A symlink inside the package must not lead outside it either.
  const real = await fsp.realpath(file);
  if (real !== root && !real.startsWith(root + path.sep)) return send(res, 403, 'forbidden\n');

  res.writeHead(200, {
    'Content-Type': mimeType(file),
    'Content-Length': stat.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  await new Promise((resolve, reject) => {
    fs.createReadStream(real).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

function compileRoutes(routes) {
  return Object.entries(routes).map(([key, handler]) => {
    if (typeof handler !== 'function') throw new TypeError(`route ${key}: handler is not a function`);
    const m = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(key.trim());
    if (!m) throw new TypeError(`route ${key}: expected "METHOD /path" or "/path"`);
    const [, method, p] = m;
    const prefix = p.endsWith('/*') ? p.slice(0, -1) : null;
    return { method: method ?? null, path: p, prefix, handler };
  });
}

function findRoute(table, method, pathname) {
  const fits = (r) => r.method === null || r.method === method || (method === 'HEAD' && r.method === 'GET');
  const exact = table.find((r) => !r.prefix && r.path === pathname && fits(r));
  if (exact) return exact.handler;
  const prefixed = table
    .filter((r) => r.prefix && pathname.startsWith(r.prefix) && fits(r))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return prefixed[0]?.handler ?? null;
}
