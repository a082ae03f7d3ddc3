// Wraps a store so that every detected corruption reaches a reporter (audit row, incident)
// in addition to failing the read that found it.
import { IntegrityError, type ObjectStore } from './port';

export type IntegrityReporter = (error: IntegrityError) => void | Promise<void>;

export function withIntegrityReporting(store: ObjectStore, report: IntegrityReporter): ObjectStore {
  const notify = (error: unknown) => {
    if (!(error instanceof IntegrityError)) return;
    // A failing reporter must not hide the corruption from the reader, nor crash the process.
    Promise.resolve()
      .then(() => report(error))
      .catch((failure: unknown) => {
        console.error('Integrity reporter failed', failure);
      });
  };
  return {
    ...store,
    async get(key, range) {
      const stream = await store.get(key, range);
      stream.once('error', notify);
      return stream;
    },
  };
}
