// Builds an ICC v2 sRGB display profile from the published IEC 61966-2-1 values, for the
// PDF/A output intent: no installed package ships an sRGB profile (pdfjs-dist has CMYK only).

const D50 = [0.9642, 1.0, 0.8249] as const;
const D65_WHITE = [0.9505, 1.0, 1.0891] as const;
/** sRGB primaries adapted to the D50 PCS with the Bradford transform. */
const RED = [0.4361, 0.2225, 0.0139] as const;
const GREEN = [0.3851, 0.7169, 0.0971] as const;
const BLUE = [0.1431, 0.0606, 0.7141] as const;
const CURVE_POINTS = 1024;

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function s15Fixed16(values: readonly number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => out.writeInt32BE(Math.round(value * 65536), index * 4));
  return out;
}

function xyzTag(values: readonly number[]): Buffer {
  return Buffer.concat([ascii('XYZ '), Buffer.alloc(4), s15Fixed16(values)]);
}

function textDescriptionTag(text: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length + 1);
  // No Unicode or ScriptCode variants: counts of 0, then the fixed 67-byte ScriptCode field.
  return Buffer.concat([
    ascii('desc'),
    Buffer.alloc(4),
    length,
    ascii(text),
    Buffer.alloc(1),
    Buffer.alloc(4 + 4 + 2 + 1 + 67),
  ]);
}

function textTag(text: string): Buffer {
  return Buffer.concat([ascii('text'), Buffer.alloc(4), ascii(text), Buffer.alloc(1)]);
}

/** The sRGB transfer function sampled into a v2 `curv` table. */
function srgbCurveTag(): Buffer {
  const out = Buffer.alloc(12 + CURVE_POINTS * 2);
  out.write('curv', 0, 'latin1');
  out.writeUInt32BE(CURVE_POINTS, 8);
  for (let index = 0; index < CURVE_POINTS; index++) {
    const encoded = index / (CURVE_POINTS - 1);
    const linear = encoded <= 0.04045 ? encoded / 12.92 : ((encoded + 0.055) / 1.055) ** 2.4;
    out.writeUInt16BE(Math.round(linear * 65535), 12 + index * 2);
  }
  return out;
}

const pad4 = (buffer: Buffer) =>
  buffer.length % 4 === 0 ? buffer : Buffer.concat([buffer, Buffer.alloc(4 - (buffer.length % 4))]);

let cached: Uint8Array | undefined;

export function srgbIccProfile(): Uint8Array {
  if (cached) return cached;
  const curve = srgbCurveTag();
  // Tags that share data (the three TRCs) point at the same bytes, as ICC allows.
  const tags: [string, Buffer][] = [
    ['desc', textDescriptionTag('sRGB IEC61966-2.1')],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(D65_WHITE)],
    ['rXYZ', xyzTag(RED)],
    ['gXYZ', xyzTag(GREEN)],
    ['bXYZ', xyzTag(BLUE)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const tableSize = 4 + tags.length * 12;
  let offset = 128 + tableSize;
  const table = Buffer.alloc(tableSize);
  table.writeUInt32BE(tags.length, 0);
  const blobs: Buffer[] = [];
  const placed = new Map<Buffer, number>();
  tags.forEach(([signature, data], index) => {
    let at = placed.get(data);
    if (at === undefined) {
      at = offset;
      placed.set(data, at);
      const padded = pad4(data);
      blobs.push(padded);
      offset += padded.length;
    }
    table.write(signature, 4 + index * 12, 'latin1');
    table.writeUInt32BE(at, 8 + index * 12);
    table.writeUInt32BE(data.length, 12 + index * 12);
  });

  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0);
  header.writeUInt32BE(0x02100000, 8);
  header.write('mntr', 12, 'latin1');
  header.write('RGB ', 16, 'latin1');
  header.write('XYZ ', 20, 'latin1');
  [2026, 1, 1, 0, 0, 0].forEach((part, index) => header.writeUInt16BE(part, 24 + index * 2));
  header.write('acsp', 36, 'latin1');
  s15Fixed16(D50).copy(header, 68);
  cached = new Uint8Array(Buffer.concat([header, table, ...blobs]));
  return cached;
}
