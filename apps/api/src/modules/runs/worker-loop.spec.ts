import type { Logger } from '@nestjs/common';
import { WorkerLoop, WorkerLoopOptions } from './worker-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quietLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const error = (_: unknown, message: string) => errors.push(message);
  return { warnings, errors, warn, error } as never;
}

/** A queue in memory: claim() hands out up to `batch` items, as a leased table would. */
function queueLoop(items: string[], options: Partial<WorkerLoopOptions<string>> & { batch?: number } = {}) {
  const worked: string[] = [];
  const logger = quietLogger();
  const loop = new WorkerLoop<string>({
    name: 'items',
    enabled: true,
    pollMs: 60_000,
    claim: async () => items.splice(0, options.batch ?? 1),
    work: async (item) => {
      worked.push(item);
    },
    logger,
    ...options,
  });
  return { loop, worked, logger };
}

describe('WorkerLoop', () => {
  it('works off everything due, then resolves the poke', async () => {
    const { loop, worked } = queueLoop(['a', 'b', 'c', 'd', 'e'], { batch: 2 });
    await loop.poke();
    expect(worked).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('goes round again for an item added while it was draining, instead of leaving it to the next poll', async () => {
    const items = ['first'];
    const worked: string[] = [];
    // The work callback pokes the loop it belongs to; it only runs after the assignment, so the reference is set.
    const loop: WorkerLoop<string> = new WorkerLoop<string>({
      name: 'items',
      enabled: true,
      pollMs: 60_000,
      claim: async () => items.splice(0, 1),
      work: async (item) => {
        worked.push(item);
        if (item === 'first') {
          // Claimed empty just before this item was added: the wake-up for it must not be lost.
          items.push('added meanwhile');
          void loop.poke();
        }
      },
      logger: quietLogger(),
    });
    await loop.poke();
    expect(worked).toEqual(['first', 'added meanwhile']);
  });

  it('renews the lease while an item is worked, and stops renewing once it is settled', async () => {
    let renewals = 0;
    const { loop } = queueLoop(['long'], {
      // Works until three renewals arrived (a loaded machine may fire the 20 ms timer late, never not at all).
      work: async () => {
        for (let waited = 0; renewals < 3 && waited < 5_000; waited += 10) await sleep(10);
      },
      heartbeat: { everyMs: 20, renew: async () => renewals++ },
    });
    await loop.poke();
    expect(renewals).toBeGreaterThanOrEqual(3);
    const atEnd = renewals;
    await sleep(100);
    expect(renewals).toBe(atEnd);
  });

  it('on stop, finishes the item in hand and claims nothing more', async () => {
    const items = ['a', 'b', 'c'];
    const worked: string[] = [];
    const loop = new WorkerLoop<string>({
      name: 'items',
      enabled: true,
      pollMs: 60_000,
      claim: async () => items.splice(0, 1),
      work: async (item) => {
        await sleep(30);
        worked.push(item);
      },
      logger: quietLogger(),
    });
    void loop.poke();
    await sleep(5);
    await loop.stop();
    expect(worked).toEqual(['a']);
    expect(items).toEqual(['b', 'c']);
    await loop.poke();
    expect(worked).toEqual(['a']);
  });

  it('keeps working when settling an item fails, and logs it', async () => {
    const { loop, worked, logger } = queueLoop(['bad', 'good'], {
      work: async (item) => {
        if (item === 'bad') throw new Error('database gone');
        worked.push(item);
      },
    });
    await loop.poke();
    expect(worked).toEqual(['good']);
    expect(logger.errors).toEqual(['could not settle one of the items']);
  });

  it('logs a failed claim and resolves, to try again on the next poke', async () => {
    const logger = quietLogger();
    const loop = new WorkerLoop<string>({
      name: 'items',
      enabled: true,
      pollMs: 60_000,
      claim: () => Promise.reject(new Error('connection refused')),
      work: async () => undefined,
      logger,
    });
    await loop.poke();
    expect(logger.warnings).toEqual(['could not claim items: connection refused']);
  });

  it('never claims on a replica where the worker is turned off', async () => {
    const claim = jest.fn(async () => ['a']);
    const loop = new WorkerLoop<string>({
      name: 'items',
      enabled: false,
      pollMs: 10,
      claim,
      work: async () => undefined,
      logger: quietLogger(),
    });
    await loop.start();
    await loop.poke();
    await sleep(30);
    expect(claim).not.toHaveBeenCalled();
    await loop.stop();
  });
});
