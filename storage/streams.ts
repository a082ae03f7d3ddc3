// Stream helpers shared by the adapters: hashing while spooling, verifying while reading.
import { createHash, randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import {
  IntegrityError,
  StorageError,
  type ByteRange,
  type ObjectSource,
  type PutOptions,
} from './port';

export interface SpooledFile {
  path: string;
  sha256: string;
  size: number;
  /** Base64 MD5, when asked for (S3's Content-MD5 lets the server check the transfer). */
  md5?: string;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  if (typeof chunk === 'string') return Buffer.from(chunk);
  throw new TypeError('Object sources must yield bytes');
}

/**
 * Writes the source to a new temp file in `dir` (created exclusively, fsynced), hashing as
 * it goes; memory use is one chunk. The caller moves or removes the file.
 */
export async function spoolToTempFile(
  source: ObjectSource,
  dir: string,
  options: PutOptions = {},
  withMd5 = false,
): Promise<SpooledFile> {
  const tempPath = path.join(dir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
  const handle = await open(tempPath, 'wx', 0o600);
  const hash = createHash('sha256');
  const md5 = withMd5 ? createHash('md5') : undefined;
  let size = 0;
  try {
    for await (const chunk of source) {
      const bytes = toBuffer(chunk);
      hash.update(bytes);
      md5?.update(bytes);
      size += bytes.length;
      if (options.size !== undefined && size > options.size) break;
      await handle.write(bytes);
    }
    if (options.size !== undefined && size !== options.size) {
      throw new StorageError(
        'size_mismatch',
        `Declared size ${options.size} bytes, but the source gave ${size > options.size ? 'more' : size}`,
      );
    }
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  return { path: tempPath, sha256: hash.digest('hex'), size, md5: md5?.digest('base64') };
}

/** Passes bytes through and fails at the end if they do not hash to `sha256`. */
export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(
    private readonly key: string,
    private readonly sha256: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback) {
    const actual = this.hash.digest('hex');
    callback(actual === this.sha256 ? null : new IntegrityError(this.key, actual, this.size));
  }
}

/**
 * The stream a caller gets for a whole-object read: `body` (nothing for an empty object)
 * passed through a VerifyingStream; read errors are forwarded to it by pipeline().
 */
export function verifiedBody(key: string, sha256: string, body?: Readable): Readable {
  const verifier = new VerifyingStream(key, sha256);
  if (body) pipeline(body, verifier, () => undefined);
  else verifier.end();
  return verifier;
}

export interface ResolvedRange {
  start: number;
  end: number;
  /** The range covers the whole object, so the read can be verified. */
  whole: boolean;
}

/** Checks a requested inclusive range against the object size; `end` is clamped to the last byte. */
export function resolveRange(range: ByteRange | undefined, size: number): ResolvedRange {
  const start = range?.start ?? 0;
  const requestedEnd = range?.end ?? size - 1;
  if (size === 0 && start === 0) return { start: 0, end: -1, whole: true };
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(requestedEnd) ||
    start < 0 ||
    start >= size ||
    requestedEnd < start
  ) {
    throw new StorageError(
      'invalid_range',
      `Range ${start}-${range?.end ?? ''} is outside an object of ${size} bytes`,
    );
  }
  const end = Math.min(requestedEnd, size - 1);
  return { start, end, whole: start === 0 && end === size - 1 };
}
