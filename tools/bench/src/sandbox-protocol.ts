// The messages between the bench process and the sandbox child (sandbox-process.ts). Node's "advanced"
// IPC serialization (structured clone) carries them, so big inputs such as 40,000 matching emails, Maps and
// Dates cross as they are.
import type { SandboxControl, SandboxOptions } from '@ctct/sandbox';

export type ControlMethod = keyof SandboxControl;

export type ParentMessage =
  | { type: 'start'; options: SandboxOptions }
  | { type: 'call'; id: number; method: ControlMethod; args: unknown[] }
  | { type: 'memory'; id: number; resetPeak: boolean };

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'start-failed'; message: string }
  /** `ms`: how long the control operation took inside the child (no IPC time). */
  | { type: 'result'; id: number; ok: true; value: unknown; ms: number }
  | { type: 'result'; id: number; ok: false; message: string; ms: number }
  | { type: 'memory'; id: number; rssMb: number; peakRssMb: number; peakResettable: boolean };
