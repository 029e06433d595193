// A small PNG reader and writer for the screenshot tests: enough for what
// Chromium writes (8-bit greyscale, RGB, RGBA, grey+alpha or palette,
// non-interlaced) and for writing RGBA diff images. Node's zlib does the
// compression; nothing else is needed, so the harness adds no npm package
// (and no lock-file churn) for it.
//
//   const { width, height, data } = decodePng(fs.readFileSync('a.png'));  // data: RGBA bytes
//   fs.writeFileSync('b.png', encodePng({ width, height, data }));

import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * @typedef {object} Image
 * @property {number} width
 * @property {number} height
 * @property {Uint8Array} data  RGBA, 4 bytes per pixel, rows top to bottom
 */

/** Channels per pixel of each PNG colour type. */
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Decode a PNG file into RGBA pixels.
 * @param {Buffer} file
 * @returns {Image}
 */
export function decodePng(file) {
  if (file.length < 8 || !file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = -1;
  let interlace = 0;
  /** @type {Buffer | null} */
  let palette = null;
  /** @type {Buffer | null} */
  let transparency = null;
  /** @type {Buffer[]} */
  const idat = [];
  while (pos + 8 <= file.length) {
    const length = file.readUInt32BE(pos);
    const kind = file.toString('latin1', pos + 4, pos + 8);
    const body = file.subarray(pos + 8, pos + 8 + length);
    pos += 12 + length;
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      type = body[9];
      interlace = body[12];
    } else if (kind === 'PLTE') palette = body;
    else if (kind === 'tRNS') transparency = body;
    else if (kind === 'IDAT') idat.push(body);
    else if (kind === 'IEND') break;
  }
  const channels = CHANNELS[/** @type {0|2|3|4|6} */ (type)];
  if (!channels || depth !== 8 || interlace !== 0) {
    throw new Error(`unsupported PNG (colour type ${type}, bit depth ${depth}, interlace ${interlace})`);
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(width * height * channels);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      out[x] = v & 0xff;
    }
    prev = out;
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const o = i * 4;
    if (type === 6) {
      data.set(pixels.subarray(j, j + 4), o);
    } else if (type === 2) {
      data[o] = pixels[j];
      data[o + 1] = pixels[j + 1];
      data[o + 2] = pixels[j + 2];
      data[o + 3] = 255;
    } else if (type === 0 || type === 4) {
      data[o] = data[o + 1] = data[o + 2] = pixels[j];
      data[o + 3] = type === 4 ? pixels[j + 1] : 255;
    } else {
      const k = pixels[j];
      if (!palette || k * 3 + 2 >= palette.length) throw new Error('PNG palette index out of range');
      data[o] = palette[k * 3];
      data[o + 1] = palette[k * 3 + 1];
      data[o + 2] = palette[k * 3 + 2];
      data[o + 3] = transparency && k < transparency.length ? transparency[k] : 255;
    }
  }
  return { width, height, data };
}

/**
 * @param {string} kind
 * @param {Buffer} body
 */
function chunk(kind, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * Encode RGBA pixels as a PNG file (no filtering; deflate does the rest).
 * @param {Image} image
 * @returns {Buffer}
 */
export function encodePng({ width, height, data }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * @typedef {object} Comparison
 * @property {boolean} sameSize
 * @property {number} differing   pixels whose colour differs by more than `threshold` in a channel
 * @property {number} total       pixels compared
 * @property {number} maxDelta    the largest channel difference seen
 * @property {Image | null} diff  the reference, faded, with differing pixels in magenta (null when sizes differ)
 */

/**
 * Compare two images pixel by pixel. A pixel differs when one of its
 * channels (alpha included) differs by more than `threshold` (0-255):
 * anti-aliasing noise stays under it, a moved or recoloured element does not.
 * @param {Image} actual
 * @param {Image} expected
 * @param {{ threshold?: number }} [options]
 * @returns {Comparison}
 */
export function comparePixels(actual, expected, { threshold = 40 } = {}) {
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { sameSize: false, differing: Infinity, total: 0, maxDelta: 255, diff: null };
  }
  const n = actual.width * actual.height;
  const out = new Uint8Array(n * 4);
  let differing = 0;
  let maxDelta = 0;
  for (let i = 0; i < n * 4; i += 4) {
    let delta = 0;
    for (let k = 0; k < 4; k++) delta = Math.max(delta, Math.abs(actual.data[i + k] - expected.data[i + k]));
    maxDelta = Math.max(maxDelta, delta);
    if (delta > threshold) {
      differing++;
      out[i] = 255;
      out[i + 1] = 0;
      out[i + 2] = 255;
    } else {
      // the reference, faded to a light grey, as context
      const grey = (expected.data[i] * 0.3 + expected.data[i + 1] * 0.59 + expected.data[i + 2] * 0.11) | 0;
      out[i] = out[i + 1] = out[i + 2] = 180 + ((grey * 75) / 255) | 0;
    }
    out[i + 3] = 255;
  }
  return { sameSize: true, differing, total: n, maxDelta, diff: { width: actual.width, height: actual.height, data: out } };
}
