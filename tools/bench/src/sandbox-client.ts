import type { SandboxControl, SandboxOptions } from '@ctct/sandbox';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildMessage, ControlMethod, ParentMessage } from './sandbox-protocol';

/** Every SandboxControl operation, answered asynchronously by the child process. */
export type AsyncSandboxControl = {
  [K in ControlMethod]: SandboxControl[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export interface SandboxProcessOptions extends SandboxOptions {
  /** Extra flags for the child's Node, e.g. ['--max-old-space-size=4096']. */
  execArgv?: string[];
  /** How long the child may take to create the sandbox (a scenario in `options.scenario` loads then). Default 120 s. */
  startTimeoutMs?: number;
}

export interface SandboxProcess {
  url: string;
  pid: number;
  /** The sandbox's control API, proxied over IPC: `await sandbox.control.stats()`. */
  control: AsyncSandboxControl;
  /** Runs one control operation and also returns how long it took inside the child (no IPC time). */
  timed<K extends ControlMethod>(
    method: K,
    ...args: Parameters<SandboxControl[K]>
  ): Promise<{ value: Awaited<ReturnType<SandboxControl[K]>>; ms: number }>;
  /**
   * The child's RSS now and its peak (kernel high-water mark) since the last reset, in MB; `resetPeak` restarts
   * the high-water mark afterwards (Linux), so a measured phase can be bracketed.
   */
  memory(options?: { resetPeak?: boolean }): Promise<{ rssMb: number; peakRssMb: number; peakResettable: boolean }>;
  stop(): Promise<void>;
}

const CHILD_ENTRY = 'sandbox-process.js';

/**
 * Starts the CC sandbox in a child process (the compiled sandbox-process.js next to this file) on a random
 * loopback port. The sandbox defaults apply (CC's real 4 requests/s) unless `options` say otherwise.
 */
export async function startSandboxProcess(options: SandboxProcessOptions = {}): Promise<SandboxProcess> {
  const { execArgv = [], startTimeoutMs = 120_000, ...sandboxOptions } = options;
  const entry = join(__dirname, CHILD_ENTRY);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the benches through \`npm run bench\`, which compiles them`);
  // The child's stdout goes to our stderr: our stdout carries only result lines.
  const child = fork(entry, [], { stdio: ['ignore', 2, 2, 'ipc'], serialization: 'advanced', execArgv });
  const pending = new Map<number, { resolve(message: ChildMessage): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited = false;

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  child.on('exit', (code, signal) => {
    exited = true;
    failAll(new Error(`the sandbox process exited (${code ?? signal})`));
  });
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'result' && message.type !== 'memory') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    waiter?.resolve(message);
  });

  const request = (build: (id: number) => ParentMessage): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('the sandbox process has exited'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send(build(id));
    });

  // `never` as the value: the answer's type is the one the caller's signature gives (AsyncSandboxControl, timed).
  const call = async (method: ControlMethod, args: unknown[]): Promise<{ value: never; ms: number }> => {
    const message = await request((id) => ({ type: 'call', id, method, args }));
    if (message.type !== 'result') throw new Error(`unexpected answer ${message.type}`);
    if (!message.ok) throw new Error(`sandbox control ${method}: ${message.message}`);
    return { value: message.value as never, ms: message.ms };
  };

  const url = await waitUntilReady(child, sandboxOptions, startTimeoutMs);
  const control = new Proxy({} as AsyncSandboxControl, {
    // Not `then`: the proxy must not look like a promise when returned from an async function.
    get: (_target, method) =>
      typeof method === 'string' && method !== 'then'
        ? (...args: unknown[]) => call(method as ControlMethod, args).then((r) => r.value)
        : undefined,
  });

  return {
    url,
    pid: child.pid!,
    control,
    timed: (method, ...args) => call(method, args),
    async memory({ resetPeak = false } = {}) {
      const message = await request((id) => ({ type: 'memory', id, resetPeak }));
      if (message.type !== 'memory') throw new Error(`unexpected answer ${message.type}`);
      return { rssMb: message.rssMb, peakRssMb: message.peakRssMb, peakResettable: message.peakResettable };
    },
    stop: () => stopChild(child),
  };
}

function waitUntilReady(child: ChildProcess, options: SandboxOptions, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the sandbox process did not start within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type !== 'ready' && message.type !== 'start-failed') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message.type === 'ready') resolve(message.url);
      else {
        child.kill();
        reject(new Error(`the sandbox could not start: ${message.message}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox process exited before it was ready (${code ?? signal})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'start', options } satisfies ParentMessage);
  });
}

/** Disconnecting makes the child close its server and exit; SIGKILL if it has not after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill();
  });
}
