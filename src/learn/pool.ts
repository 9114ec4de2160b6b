/**
 * A pool of worker threads running "kernels" over shared memory (SharedArrayBuffer).
 *
 * A kernel is a synchronous function `fn(params, share, nShares)` exported by a module; `run` calls it
 * once per share, share 0 on the calling thread and the others on the workers, and blocks until all
 * are done (Atomics.wait: no event-loop turn, so learners stay plain synchronous code). Params are
 * structured-cloned, so typed arrays over SharedArrayBuffers reach the workers as views of the same
 * memory. Kernels that split work by share must give results independent of nShares (the learner's
 * do: features or rows are split, never a floating-point sum), so any thread count gives the same model.
 *
 * Workers run the TypeScript sources through tsx, so the pool works under `node bin/sf.js`, vitest
 * and tsx alike.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type KernelFn<P> = (params: P, share: number, nShares: number) => void;

export interface Kernel<P> {
  /** URL of the module exporting the kernel (its `import.meta.url`). */
  module: string;
  /** Name of the export. */
  name: string;
  fn: KernelFn<P>;
}

/** Declares a kernel: `export const myKernel = kernel(import.meta.url, 'myKernel', (p, share, n) => …)`. */
export function kernel<P>(module: string, name: string, fn: KernelFn<P>): Kernel<P> {
  return { module, name, fn };
}

/** Message from the pool to a worker. */
export interface KernelCall {
  module: string;
  name: string;
  params: unknown;
  share: number;
  nShares: number;
  /** [done count, failed flag, error message length], then the UTF-8 error message. */
  control: Int32Array;
  message: Uint8Array;
}

const MESSAGE_BYTES = 4096;

/**
 * Worker bootstrap: registers tsx in the worker, then loads `worker.ts`. (Node 20 ignores `--import`
 * in a worker's execArgv, so the loader is registered from code; tsx is located from this file,
 * which works whatever the current directory.)
 */
function bootstrap(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const api = require(pkgPath).exports['./esm/api'].import.default as string;
  const tsxApi = new URL(api, pathToFileURL(pkgPath)).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

export class WorkerPool {
  readonly threads: number;
  private readonly control = new Int32Array(new SharedArrayBuffer(16));
  private readonly message = new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES));
  private closed = false;

  private constructor(
    threads: number,
    private readonly workers: Worker[],
  ) {
    this.threads = threads;
  }

  /**
   * Starts a pool of `threads` threads counting the calling one (threads − 1 workers); default: the
   * number of cores. Resolves once every worker is ready, so a worker that cannot start is an error
   * here rather than a hang later.
   */
  static async create(threads: number = availableParallelism()): Promise<WorkerPool> {
    const n = Math.max(1, Math.floor(threads));
    const code = n > 1 ? bootstrap() : '';
    const workers = Array.from({ length: n - 1 }, () => new Worker(code, { eval: true }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`worker said ${m}`))));
              w.once('error', reject);
              w.once('exit', (code) => reject(new Error(`worker exited with code ${code} while starting`)));
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    for (const w of workers) {
      w.removeAllListeners();
      w.unref();
    }
    return new WorkerPool(n, workers);
  }

  /** A pool without workers: everything runs on the calling thread. */
  static serial(): WorkerPool {
    return new WorkerPool(1, []);
  }

  run<P>(k: Kernel<P>, params: P): void {
    if (this.closed) throw new Error('worker pool is closed');
    const nShares = this.threads;
    const c = this.control;
    Atomics.store(c, 0, 0);
    Atomics.store(c, 1, 0);
    this.workers.forEach((w, i) => {
      const call: KernelCall = {
        module: k.module,
        name: k.name,
        params,
        share: i + 1,
        nShares,
        control: c,
        message: this.message,
      };
      w.postMessage(call);
    });
    let error: unknown = null;
    try {
      k.fn(params, 0, nShares);
    } catch (e) {
      error = e;
    }
    const expected = this.workers.length;
    for (let done = Atomics.load(c, 0); done < expected; done = Atomics.load(c, 0)) Atomics.wait(c, 0, done);
    if (error) throw error;
    if (Atomics.load(c, 1)) {
      const text = new TextDecoder().decode(this.message.slice(0, Atomics.load(c, 2)));
      throw new Error(`kernel ${k.name} failed in a worker: ${text}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
