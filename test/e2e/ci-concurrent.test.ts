// 20 concurrent `ticket ci-failure` processes (the built binary, local backend) reporting the same
// failure from 20 pipeline runs: exactly one ticket, the other 19 are comments on it.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { BIN, ticket } from '../helpers/bin.js';
import { tempHome } from '../helpers/run-cli.js';

describe('ci-failure under concurrency', () => {
  it('20 concurrent runs of the same failure give exactly one ticket, the rest comments', async () => {
    const home = tempHome('ticket-ci20-');
    // Every process starts and blocks reading its log on stdin; the logs are then released at the
    // same instant, so the 20 check-then-create sequences really overlap.
    const children = Array.from({ length: 20 }, (_, i) =>
      execa('node', [BIN, 'ci-failure', '--log', '-', '--category', 'IT', '--json'], {
        reject: false,
        extendEnv: false,
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          TICKET_HOME: home,
          GITHUB_ACTIONS: 'true',
          GITHUB_REPOSITORY: 'acme/app',
          GITHUB_WORKFLOW: 'CI',
          GITHUB_JOB: 'test',
          GITHUB_RUN_ID: String(1000 + i),
          GITHUB_SHA: 'abc',
          GITHUB_SERVER_URL: 'https://github.com',
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 2500));
    children.forEach((c, i) => c.stdin!.end(`2026-11-23T10:00:${String(i).padStart(2, '0')}Z npm test\nError: connect ECONNREFUSED 127.0.0.1:${6000 + i}\n  at /tmp/build-${i}/db.test.ts:12:3\n`));
    const results = await Promise.all(children);
    for (const r of results) expect(r.exitCode, String(r.stderr)).toBe(0);
    const lines = results.map((r) => JSON.parse(String(r.stdout).trim().split('\n').pop()!));
    expect(lines.filter((l) => l.action === 'created')).toHaveLength(1);
    expect(lines.filter((l) => l.action === 'commented')).toHaveLength(19);
    expect(new Set(lines.map((l) => l.id)).size).toBe(1);
    const all = JSON.parse((await ticket(['list', '--json', '--limit', '0'], { home })).stdout) as { id: string }[];
    expect(all).toHaveLength(1);
    const shown = JSON.parse((await ticket(['show', all[0]!.id, '--json'], { home })).stdout) as { comments: unknown[] };
    expect(shown.comments).toHaveLength(20);
  }, 180_000);
});
