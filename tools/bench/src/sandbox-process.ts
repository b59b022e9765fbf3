// Child-process entry: runs the CC sandbox outside the bench process, so the sandbox's memory (a 200,000-contact
// scenario holds hundreds of MB) never inflates the peak RSS measured for the API. The parent (sandbox-client.ts)
// sends `start` with the SandboxOptions, then proxies control operations as request/response messages.
import { createSandbox, type RunningSandbox, type Sandbox } from '@ctct/sandbox';
import { currentRssMb, peakRssMb, resetPeakRss } from './process-memory';
import type { ChildMessage, ParentMessage } from './sandbox-protocol';

let sandbox: Sandbox | undefined;
let running: RunningSandbox | undefined;

function reply(message: ChildMessage): void {
  process.send?.(message);
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'start': {
      try {
        sandbox = createSandbox(message.options);
        running = await sandbox.listen(0, '127.0.0.1');
        reply({ type: 'ready', url: running.url });
      } catch (error) {
        reply({ type: 'start-failed', message: (error as Error).message });
      }
      return;
    }
    case 'call': {
      const started = performance.now();
      try {
        if (!sandbox) throw new Error('the sandbox has not started');
        const operation = sandbox.control[message.method] as (...args: unknown[]) => unknown;
        if (typeof operation !== 'function') throw new Error(`no control operation ${String(message.method)}`);
        const value = await operation(...message.args);
        reply({ type: 'result', id: message.id, ok: true, value, ms: performance.now() - started });
      } catch (error) {
        reply({ type: 'result', id: message.id, ok: false, message: (error as Error).message, ms: performance.now() - started });
      }
      return;
    }
    case 'memory': {
      const peak = peakRssMb();
      const peakResettable = message.resetPeak ? resetPeakRss() : true;
      reply({ type: 'memory', id: message.id, rssMb: currentRssMb(), peakRssMb: peak, peakResettable });
      return;
    }
  }
}

if (!process.send) {
  console.error('sandbox-process.js is started by the bench harness (sandbox-client.ts) over IPC, not by hand.');
  process.exit(2);
}
process.on('message', (message: ParentMessage) => void handle(message));
// The parent went away (finished, crashed or was killed): nothing left to serve.
process.on('disconnect', () => {
  void (running ? running.close() : Promise.resolve()).finally(() => process.exit(0));
});
