import { describe, expect, it } from 'vitest';
import { FormatError } from './errors.js';
import { MAX_Y4M_PIXELS, Y4mReader, frameRateFraction, parseY4mHeader, readY4m, writeY4m, y4mFrameBytes, type Y4mChroma } from './y4m.js';
import { createRandom } from '../math/random.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function randomFrames(width: number, height: number, count: number, seed: number): Uint8Array[] {
  const r = createRandom(seed);
  return Array.from({ length: count }, () => Uint8Array.from({ length: width * height }, () => r.int(256)));
}

describe('Y4M writer and reader', () => {
  it('round-trips grey frames of odd and even sizes, bit for bit, in every chroma layout', () => {
    for (const [w, h] of [[4, 2], [5, 3], [33, 17]] as const) {
      const frames = randomFrames(w, h, 3, w * h);
      for (const chroma of ['420jpeg', '420mpeg2', '422', '444', '444alpha', 'mono'] as Y4mChroma[]) {
        const bytes = writeY4m({ width: w, height: h, fps: 30, frames }, { chroma });
        const video = readY4m(bytes, 'rt.y4m');
        expect(video.header).toMatchObject({ width: w, height: h, fps: 30, chroma, interlace: 'p', aspect: '1:1' });
        expect(video.frames).toEqual(frames);
      }
    }
  });

  it('sizes frames by the chroma tag: the file length is the header plus (6 + planes) per frame, planes counted by hand', () => {
    // 5×3: luma 15; 4:2:0 chroma ⌈5/2⌉·⌈3/2⌉ = 6 per plane; 4:2:2 3·3 = 9; 4:4:4 15.
    const expected: Record<string, number> = { '420jpeg': 15 + 12, '422': 15 + 18, '444': 45, '444alpha': 60, mono: 15 };
    for (const [chroma, planes] of Object.entries(expected)) {
      expect(y4mFrameBytes({ width: 5, height: 3, chroma: chroma as Y4mChroma })).toBe(planes);
      const bytes = writeY4m({ width: 5, height: 3, fps: 25, frames: randomFrames(5, 3, 2, 1) }, { chroma: chroma as Y4mChroma });
      const header = `YUV4MPEG2 W5 H3 F25:1 Ip A1:1 C${chroma}\n`;
      expect(bytes.length).toBe(header.length + 2 * (6 + planes));
    }
  });

  it('streams: any chunking gives the frames of a whole read, each as soon as its bytes are in', () => {
    const frames = randomFrames(7, 5, 4, 9);
    const bytes = writeY4m({ width: 7, height: 5, fps: 30, frames });
    const random = createRandom(4);
    for (const chunk of [1, 2, 7, 53, 1000]) {
      const reader = new Y4mReader('chunks.y4m');
      const got: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; ) {
        const n = chunk === 7 ? 1 + random.int(40) : chunk; // 7: irregular chunks
        got.push(...reader.push(bytes.subarray(i, i + n)));
        i += n;
      }
      reader.end();
      expect(got).toEqual(frames);
    }
    // A frame comes out with the chunk that completes it.
    const reader = new Y4mReader('early.y4m');
    const headerLength = bytes.indexOf(0x0a) + 1;
    const oneFrame = headerLength + 6 + y4mFrameBytes({ width: 7, height: 5, chroma: '420jpeg' });
    expect(reader.push(bytes.subarray(0, oneFrame - 1))).toEqual([]);
    expect(reader.push(bytes.subarray(oneFrame - 1, oneFrame))).toEqual([frames[0]]);
  });

  it('reads FRAME parameters, comments, NTSC rates, interlace and aspect, and ignores the chroma planes', () => {
    const luma = Uint8Array.from([10, 20, 30, 40]);
    const chroma = Uint8Array.from([1, 2]); // 2×2 at 4:2:0: one U and one V sample, not neutral
    const bytes = concat(
      ascii('YUV4MPEG2 W2 H2 F30000:1001 It A128:117 C420paldv XYSCSS=420PALDV XCOLORRANGE=LIMITED\n'),
      ascii('FRAME Ixyz XFOO=1\n'),
      luma,
      chroma,
      ascii('FRAME\n'),
      luma.map((v) => 255 - v),
      chroma,
    );
    const video = readY4m(bytes, 'params.y4m');
    expect(video.header.fps).toBeCloseTo(30000 / 1001, 12);
    expect(video.header).toMatchObject({ interlace: 't', aspect: '128:117', chroma: '420paldv', comments: ['YSCSS=420PALDV', 'COLORRANGE=LIMITED'] });
    expect(Array.from(video.frames[1]!)).toEqual([245, 235, 225, 215]);
  });

  it('writes frame rates as exact fractions', () => {
    expect(frameRateFraction(30)).toEqual([30, 1]);
    expect(frameRateFraction(30000 / 1001)).toEqual([30000, 1001]);
    expect(frameRateFraction(12.5)).toEqual([12500, 1000]);
    expect(parseY4mHeader(`YUV4MPEG2 W2 H2 F${frameRateFraction(29.97).join(':')}`, 'x').fps).toBeCloseTo(29.97, 9);
  });
});

describe('Y4M broken input', () => {
  const good = writeY4m({ width: 4, height: 4, fps: 30, frames: randomFrames(4, 4, 2, 3) });
  const frameSize = 6 + y4mFrameBytes({ width: 4, height: 4, chroma: '420jpeg' });
  const corpus: Array<[string, Uint8Array, RegExp]> = [
    ['empty file', new Uint8Array(0), /empty file/],
    ['missing magic', ascii('YUV4MPEG W4 H4 F30:1\nFRAME\n'), /does not start with "YUV4MPEG2 "/],
    ['another format (PNG bytes)', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not a Y4M stream/],
    ['binary without a newline', new Uint8Array(5000).fill(65), /not a Y4M stream/],
    ['header not terminated', ascii('YUV4MPEG2 W4 H4 F30:1'), /header line is not terminated/],
    ['width 0', ascii('YUV4MPEG2 W0 H4 F30:1\n'), /width must be at least 1/],
    ['width not a number', ascii('YUV4MPEG2 Wabc H4 F30:1\n'), /width "abc" is not a whole number/],
    ['negative height', ascii('YUV4MPEG2 W4 H-4 F30:1\n'), /height "-4" is not a whole number/],
    ['no height', ascii('YUV4MPEG2 W4 F30:1\n'), /lacks its width \(W\) or height \(H\)/],
    ['rate without denominator', ascii('YUV4MPEG2 W4 H4 F30\n'), /frame rate "F30" is not a positive fraction/],
    ['zero rate', ascii('YUV4MPEG2 W4 H4 F0:1\n'), /not a positive fraction/],
    ['zero denominator', ascii('YUV4MPEG2 W4 H4 F30:0\n'), /not a positive fraction/],
    ['no rate', ascii('YUV4MPEG2 W4 H4\n'), /lacks its frame rate/],
    ['10-bit chroma', ascii('YUV4MPEG2 W4 H4 F30:1 C420p10\n'), /chroma "C420p10" is not supported/],
    ['unknown parameter', ascii('YUV4MPEG2 W4 H4 F30:1 Q7\n'), /unknown parameter "Q7"/],
    ['absurd size', ascii('YUV4MPEG2 W100000 H100000 F30:1\nFRAME\n'), /larger than the 40000000 pixels/],
    ['zero frames', ascii('YUV4MPEG2 W4 H4 F30:1 C420jpeg\n'), /has no frames/],
    ['truncated frame', good.subarray(0, good.length - 5), /frame 2 is truncated: 19 of its 24 bytes/],
    ['stops inside a FRAME line', good.subarray(0, good.length - frameSize + 3), /ends inside the FRAME line of frame 2/],
    ['garbage instead of FRAME', concat(good.subarray(0, good.length - frameSize), ascii('FRAMX\n'), new Uint8Array(24)), /frame 2 starts with "FRAMX" instead of FRAME/],
    ['trailing bytes', concat(good, ascii('junk')), /ends inside the FRAME line of frame 3/],
  ];
  it.each(corpus)('%s → one clear FormatError naming the file', (_name, bytes, message) => {
    let error: unknown;
    try {
      readY4m(bytes, 'broken.y4m');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    const text = (error as Error).message;
    expect(text).toMatch(/^broken\.y4m: /);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('refuses an absurd size from the header alone, before any frame memory is taken', () => {
    const reader = new Y4mReader('huge.y4m');
    expect(() => reader.push(ascii(`YUV4MPEG2 W${MAX_Y4M_PIXELS} H2 F30:1\n`))).toThrow(/larger than/);
  });
});
