// A virtual clock for tests: sleep() moves time forward instead of waiting, so a test of pauses,
// retries and deadlines takes no real time and asserts the waits through the clock.
export interface VirtualTime {
  now: () => Date;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in ms, in order. */
  sleeps: number[];
  /** Virtual ms since the start. */
  elapsed: () => number;
}

export function virtualTime(start = Date.parse('2026-11-23T10:00:00Z')): VirtualTime {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    clock: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      const until = t + ms;
      await Promise.resolve();
      t = Math.max(t, until);
    },
    sleeps,
    elapsed: () => t - start,
  };
}
