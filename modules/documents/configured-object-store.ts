// The process-wide object store (STORAGE=fs|s3), built once per process.
import { createObjectStore } from '../../storage/create-object-store';
import type { ObjectStore } from '../../storage/port';

const holder = globalThis as unknown as { __sosObjectStore?: ObjectStore };

export function configuredObjectStore(): ObjectStore {
  holder.__sosObjectStore ??= createObjectStore();
  return holder.__sosObjectStore;
}
