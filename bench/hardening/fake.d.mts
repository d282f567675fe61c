export declare const HOSTILE: string;
export interface FakeState {
  mode: 'ok' | 'trickle' | 'huge' | 'hostile-error' | 'redirect-post' | 'hang-after-create' | string;
  delayMs: number;
  seen: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string }[];
  created: number;
  /** Delayed answers (delayMs) whose time came: 0 while a slow answer is still held back. */
  delayedDue: number;
  subjects: string[];
}
export declare function startFake(): Promise<{ url: string; state: FakeState; reset(mode?: string): void; close(): Promise<void> }>;
