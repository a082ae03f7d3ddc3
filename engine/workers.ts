// Runs registered job handlers against any Engine (port only): activation with a lease,
// zod validation of input and output, bounded concurrency and a graceful shutdown.
import { setMaxListeners } from 'node:events';
import type { Engine, Job, JobActionAcknowledgement, JobHandler } from './port';

export interface RunWorkersOptions {
  engine: Engine;
  handlers: JobHandler[];
  /** Jobs running at once, per handler. */
  concurrency?: number;
  worker?: string;
  /** Lease of an activated job unless the handler sets its own. */
  timeoutMs?: number;
  /** Long-poll wait when no job is ready. */
  pollMs?: number;
  onError?: (err: unknown, job: Job | null) => void;
}

export interface WorkerRunner {
  /** Stop activating, wait for running handlers (up to graceMs), then return. */
  stop(graceMs?: number): Promise<void>;
  /** Number of handler invocations so far. */
  readonly handled: number;
}

export function runWorkers(opts: RunWorkersOptions): WorkerRunner {
  const { engine } = opts;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const worker = opts.worker ?? `worker-${process.pid}`;
  const abort = new AbortController();
  // Every handler's loop long-polls with this one signal: one abort listener each at a time.
  setMaxListeners(opts.handlers.length + 10, abort.signal);
  const running = new Set<Promise<void>>();
  let handled = 0;
  const loops: Promise<void>[] = [];

  for (const h of opts.handlers) {
    loops.push(loop(h));
  }

  async function loop(h: JobHandler) {
    const inFlight = new Set<Promise<void>>();
    while (!abort.signal.aborted) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let jobs: Job[] = [];
      try {
        jobs = await engine.activateJobs({
          type: h.type,
          worker,
          maxJobsToActivate: free,
          timeoutMs: h.timeoutMs ?? opts.timeoutMs ?? 30_000,
          fetchVariables: h.fetchVariables,
          requestTimeoutMs: opts.pollMs ?? 1_000,
          signal: abort.signal,
        });
      } catch (err) {
        if (abort.signal.aborted) break;
        opts.onError?.(err, null);
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      for (const job of jobs) {
        const p = runOne(h, job).finally(() => {
          inFlight.delete(p);
          running.delete(p);
        });
        inFlight.add(p);
        running.add(p);
      }
    }
  }

  async function runOne(h: JobHandler, job: Job): Promise<void> {
    handled++;
    try {
      const input = h.input.safeParse(job.variables);
      if (!input.success) {
        await job.fail({ errorMessage: `invalid input: ${input.error.message}`, retries: 0 });
        return;
      }
      const typed: Job = {
        ...job,
        variables: input.data as Job['variables'],
        complete: async (vars) => {
          const out = h.output.safeParse(vars ?? {});
          if (!out.success) {
            return job.fail({ errorMessage: `invalid output: ${out.error.message}`, retries: 0 });
          }
          return job.complete(out.data as Job['variables']);
        },
      };
      const ack: JobActionAcknowledgement = await h.handler(typed);
      void ack;
    } catch (err) {
      opts.onError?.(err, job);
      await job
        .fail({
          errorMessage: err instanceof Error ? err.message : String(err),
          retryBackOff: 1_000,
        })
        .catch((e: unknown) => opts.onError?.(e, job));
    }
  }

  return {
    get handled() {
      return handled;
    },
    async stop(graceMs = 10_000) {
      abort.abort();
      await Promise.all(loops);
      const all = Promise.all([...running]);
      await Promise.race([all, new Promise((r) => setTimeout(r, graceMs))]);
      // Jobs still running keep their lease; it expires and another worker takes them.
    },
  };
}
