// The storage port: content-addressed, write-once object storage shared by every adapter.
import type { Readable } from 'node:stream';

/** Where the bytes of a put come from: a Node stream, or any (async) iterable of byte chunks. */
export type ObjectSource = Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface PutOptions {
  /** Declared size in bytes; when given, a different actual size refuses the put. */
  size?: number;
  /** Media type hint; the documents table owns the authoritative value. */
  contentType?: string;
}

export interface StoredObject {
  /** The object's key: `aa/bb/<sha256>`; never reused for other bytes. */
  key: string;
  /** Lower-case hex SHA-256 of the whole object. */
  sha256: string;
  size: number;
}

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start?: number;
  end?: number;
}

export interface DeleteOptions {
  /** Id of the approved disposal (hävittämispäätös) that allows this deletion. */
  disposalApprovalId: string;
}

export interface ObjectStore {
  /** Stores bytes; identical content returns the existing key and is not written again. */
  put(source: ObjectSource, options?: PutOptions): Promise<StoredObject>;
  /**
   * Streams the object or a byte range of it. A read of the whole object verifies the
   * SHA-256 at the end and fails the stream with an IntegrityError on a mismatch.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<StoredObject>;
  exists(key: string): Promise<boolean>;
  /** Every stored key, in no particular order. */
  list(): AsyncIterable<string>;
  /** The only deletion path: requires the id of an approved disposal. */
  delete(key: string, options: DeleteOptions): Promise<void>;
}

export type StorageErrorCode =
  | 'integrity'
  | 'not_found'
  | 'invalid_key'
  | 'invalid_range'
  | 'size_mismatch'
  | 'disposal_approval_required';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** The stored bytes no longer hash to their key: corruption or tampering. */
export class IntegrityError extends StorageError {
  constructor(
    readonly key: string,
    readonly actualSha256: string,
    readonly actualSize: number,
  ) {
    super('integrity', `Object ${key} is corrupt: its bytes hash to ${actualSha256}`);
    this.name = 'IntegrityError';
  }
}

const KEY_SHAPE = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function keyForSha256(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Returns the SHA-256 a key stands for, or throws `invalid_key` for anything else. */
export function sha256OfKey(key: string): string {
  const match = KEY_SHAPE.exec(key);
  if (!match || match[1] !== match[3]!.slice(0, 2) || match[2] !== match[3]!.slice(2, 4)) {
    throw new StorageError('invalid_key', `Not a storage key: ${JSON.stringify(key)}`);
  }
  return match[3]!;
}

export function isStorageKey(key: string): boolean {
  try {
    sha256OfKey(key);
    return true;
  } catch {
    return false;
  }
}

export function requireDisposalApproval(options: DeleteOptions | undefined): void {
  const id = options?.disposalApprovalId;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new StorageError(
      'disposal_approval_required',
      'Objects are deleted only through an approved disposal; pass its disposalApprovalId',
    );
  }
}

/** `exists` in terms of `stat`: only `not_found` means no. */
export async function existsByStat(
  stat: (key: string) => Promise<StoredObject>,
  key: string,
): Promise<boolean> {
  try {
    await stat(key);
    return true;
  } catch (error) {
    if (error instanceof StorageError && error.code === 'not_found') return false;
    throw error;
  }
}
