/** Worker entry of `pool.ts`: runs one share of each kernel it is sent, then signals the pool. */
import { parentPort } from 'node:worker_threads';
import type { KernelCall, KernelFn } from './pool.ts';

const kernels = new Map<string, KernelFn<unknown>>();

async function load(module: string, name: string): Promise<KernelFn<unknown>> {
  const key = `${module}#${name}`;
  let fn = kernels.get(key);
  if (!fn) {
    const mod = (await import(module)) as Record<string, { fn?: KernelFn<unknown> }>;
    const k = mod[name];
    if (!k || typeof k.fn !== 'function') throw new Error(`${module} exports no kernel ${name}`);
    fn = k.fn;
    kernels.set(key, fn);
  }
  return fn;
}

parentPort?.on('message', async (call: KernelCall) => {
  const c = call.control;
  try {
    const fn = await load(call.module, call.name);
    fn(call.params, call.share, call.nShares);
  } catch (e) {
    if (Atomics.compareExchange(c, 1, 0, 1) === 0) {
      const bytes = new TextEncoder().encode(e instanceof Error ? (e.stack ?? e.message) : String(e));
      const n = Math.min(bytes.length, call.message.length);
      call.message.set(bytes.subarray(0, n));
      Atomics.store(c, 2, n);
    }
  }
  Atomics.add(c, 0, 1);
  Atomics.notify(c, 0);
});

parentPort?.postMessage('ready');
