import zlib from 'node:zlib';

// Pure (no 'electron' import): the tray icon drawn in code as a PNG, one colour per state, so no image
// files have to be found inside the asar at run time (a classic cause of an invisible Linux tray icon).

export type TrayIconState = 'idle' | 'running' | 'error';

const COLOURS: Record<TrayIconState, [number, number, number]> = {
  idle: [37, 99, 235], // blue
  running: [217, 119, 6], // amber
  error: [220, 38, 38], // red
};

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A filled disc in the state's colour with a white "two arrows" sync ring, anti-aliased by 4×4
 * supersampling. Sizes 16–512 work; the tray uses 32 (and the packager's app icon 512).
 */
export function trayIconPng(state: TrayIconState, size = 32): Buffer {
  const [r, g, b] = COLOURS[state];
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  const outer = size * 0.47;
  const ringOuter = size * 0.32;
  const ringInner = size * 0.2;
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const dx = x + (sx + 0.5) / S - c;
          const dy = y + (sy + 0.5) / S - c;
          const d = Math.hypot(dx, dy);
          if (d > outer) continue;
          cover++;
          // The ring has two gaps (upper-right and lower-left), which reads as "sync".
          const angle = Math.atan2(dy, dx);
          const inGap = (angle > -Math.PI / 2 && angle < -Math.PI / 4) || (angle > Math.PI / 2 && angle < (3 * Math.PI) / 4);
          if (d <= ringOuter && d >= ringInner && !inGap) white++;
        }
      }
      const i = (y * size + x) * 4;
      const a = cover / (S * S);
      const w = cover ? white / cover : 0;
      px[i] = Math.round(r + (255 - r) * w);
      px[i + 1] = Math.round(g + (255 - g) * w);
      px[i + 2] = Math.round(b + (255 - b) * w);
      px[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, size, px);
}
