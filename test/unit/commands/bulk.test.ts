// `ticket bulk` and `ticket ci-failure` through the CLI (in-process, local backend): flag wiring,
// stdin, exit codes.
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../helpers/run-cli.js';

async function seed(home: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await runCli(['create', '-c', 'IT', '-s', `s${i}`, '-b', 'b', '--json'], { home });
    expect(r.code).toBe(0);
  }
}

describe('bulk and ci-failure through the CLI', () => {
  it('bulk: --where-status filter, --status change, stdin targets, --max, exit codes', async () => {
    const home = tempHome('ticket-bulk-cli-');
    await seed(home, 3);
    const r = await runCli(['bulk', '--where-status', 'new', '--status', 'pending', '--yes', '--json'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).action)).toEqual(['updated', 'updated', 'updated']);
    expect(r.stderr).toMatch(/3 updated/);

    const viaStdin = await runCli(['bulk', '--json'], { home, stdin: '1\n{"id":"2","status":"solved"}\n' + '{"id":"77","status":"solved"}\n' });
    expect(viaStdin.code).toBe(2); // line 1 has no change: a usage error before anything is sent
    const fixed = await runCli(['bulk', '--priority', 'high', '--json'], { home, stdin: '1\n{"id":"2","status":"solved"}\n{"id":"77","status":"solved"}\n' });
    expect(fixed.code).toBe(8);
    const lines = fixed.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.id === '77')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(lines.find((l) => l.id === '2')).toMatchObject({ ok: true, action: 'updated', from: 'pending', to: 'solved' });

    const tooMany = await runCli(['bulk', '--ids', '1,2,3', '--status', 'closed', '--max', '2'], { home });
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/more than --max 2/);
  });

  it('ci-failure: flags and log on stdin, JSON line, no exit code from filing', async () => {
    const home = tempHome('ticket-ci-cli-');
    const log = 'building\nError: cannot connect to db at 10:00:01 (token=abcd1234efgh)\n';
    const args = ['ci-failure', '--log', '-', '--log-lines', '50', '--category', 'IT', '--job', 'unit', '--workflow', 'CI', '--repository', 'acme/app', '--max-new', '3'];
    const first = await runCli([...args, '--run-id', '1'], { home, stdin: log, env: { CI: 'true' } });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, action: 'created' });
    const second = await runCli([...args, '--run-id', '2'], { home, stdin: log, env: { CI: 'true' } });
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, action: 'commented' });
    const shown = await runCli(['show', JSON.parse(first.stdout).id, '--json'], { home });
    expect(shown.stdout).not.toContain('abcd1234efgh');
    expect(shown.stdout).toContain('acme/app');
    const bad = await runCli(['ci-failure', '--log-lines', 'many'], { home });
    expect(bad.code).toBe(2);
  });
});
