import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockAgent } from 'undici';
import { mockAgent } from '../../helpers/mock-agent.js';
import { MemoryBackend, DMS } from '../../helpers/memory-backend.js';
import { FakePrompter } from '../../helpers/fake-prompter.js';
import { created, home, runTty } from '../../helpers/wizard.js';
import type { CheckCommand, HealthReport } from '../../../src/model.js';
import type { DoctorReport } from '../../../src/doctor/types.js';

const node = process.execPath;

function setHealth(b: MemoryBackend, h: HealthReport): void {
  (b as unknown as { health: () => Promise<HealthReport> }).health = async () => h;
}

function withChecks(checks: CheckCommand[]): MemoryBackend {
  const b = new MemoryBackend();
  b.categories = [{ ...DMS, checks }];
  return b;
}

function profile(h: string, p: Record<string, unknown>): void {
  mkdirSync(join(h, 'config'), { recursive: true });
  writeFileSync(join(h, 'config', 'config.json'), JSON.stringify({ schemaVersion: 1, currentProfile: 'p', profiles: { p: { backend: 'local', ...p } } }), { mode: 0o600 });
}

async function doctor(args: string[], opts: { backend: MemoryBackend; h?: string; env?: Record<string, string>; dispatcher?: unknown }) {
  const r = await runTty(['--json', 'doctor', ...args], { prompter: new FakePrompter([]), backend: opts.backend, home: opts.h ?? home(), env: opts.env, dispatcher: opts.dispatcher, tty: false });
  return { ...r, report: JSON.parse(r.stdout) as DoctorReport };
}

describe('ticket doctor: check commands', () => {
  it('runs each program without a shell, judges exit code and output, and fails with exit 1', async () => {
    const backend = withChecks([
      { name: 'version', program: node, args: ['-e', "console.log('agent ok-123')"], timeoutMs: 5000, expectOutput: 'ok-\\d+' },
      { name: 'exit', program: node, args: ['-e', 'process.exit(3)'], timeoutMs: 5000 },
      { name: 'exit3', program: node, args: ['-e', 'process.exit(3)'], timeoutMs: 5000, expectExit: 3 },
      { name: 'literal', program: node, args: ['-e', 'console.log(process.argv[1])', '$(echo injected) && rm -rf /'], timeoutMs: 5000, expectOutput: '^\\$\\(echo injected\\) && rm -rf /$' },
      { name: 'shell-line', program: 'echo hi', args: [], timeoutMs: 5000 },
      { name: 'pattern', program: node, args: ['-e', "console.log('nope')"], timeoutMs: 5000, expectOutput: 'ok' },
    ]);
    const { code, report, stderr } = await doctor([], { backend });
    const byName = Object.fromEntries(report.checks.filter((c) => c.id.startsWith('check:')).map((c) => [c.id.slice(6), c]));
    expect(byName.version.status).toBe('ok');
    expect(byName.exit.status).toBe('fail');
    expect(byName.exit.summary).toMatch(/exit code 3, expected 0/);
    expect(byName.exit3.status).toBe('ok');
    expect(byName.literal.status).toBe('ok');
    expect(byName['shell-line'].summary).toMatch(/program not found/);
    expect(byName.pattern.summary).toMatch(/output does not match \/ok\//);
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
    expect(JSON.parse(stderr.trim().split('\n').pop()!).error.message).toMatch(/3 check\(s\) failed/);
  });

  it('stops a command at its timeout', async () => {
    const backend = withChecks([{ name: 'slow', program: node, args: ['-e', 'setTimeout(() => {}, 20000)'], timeoutMs: 300 }]);
    const { report } = await doctor([], { backend });
    const c = report.checks.find((x) => x.id === 'check:slow')!;
    expect(c.status).toBe('fail');
    expect(c.summary).toMatch(/timed out after 300 ms/);
  });

  it('redacts secrets and truncates long output; the profile token never reaches the command', async () => {
    const token = 'tok_9f8e7d6c5b4a3210';
    const backend = withChecks([
      {
        name: 'leaky',
        program: node,
        args: ['-e', "console.log('password=hunter22 Authorization: Bearer abcdefghijklmnop'); console.log('inherited ' + (process.env.TICKET_TOKEN || 'absent')); console.log('argv ' + process.argv[1])", token],
        timeoutMs: 5000,
      },
      { name: 'long', program: node, args: ['-e', "for (let i = 0; i < 100; i++) console.log('line ' + i)"], timeoutMs: 5000 },
    ]);
    const { report, stdout } = await doctor([], { backend, env: { TICKET_TOKEN: token } });
    expect(stdout).not.toContain(token);
    expect(stdout).not.toContain('hunter22');
    expect(stdout).not.toContain('abcdefghijklmnop');
    const leaky = report.checks.find((x) => x.id === 'check:leaky')!;
    expect(leaky.details!.join('\n')).toContain('inherited absent');
    const long = report.checks.find((x) => x.id === 'check:long')!.details!.join('\n');
    expect(long).toContain('line 99');
    expect(long).not.toContain('line 10\n');
    expect(long).toMatch(/80 earlier lines cut/);
  });

  it('--category runs only that category, --no-checks none', async () => {
    const backend = withChecks([{ name: 'dms', program: node, args: ['-e', '0'], timeoutMs: 5000 }]);
    backend.categories.push({ id: 'IT', name: 'IT', fields: [], checks: [{ name: 'it', program: node, args: ['-e', '0'], timeoutMs: 5000 }] });
    const ids = (r: DoctorReport) => r.checks.filter((c) => c.id.startsWith('check:')).map((c) => c.id);
    expect(ids((await doctor(['--category', 'it'], { backend })).report)).toEqual(['check:it']);
    expect(ids((await doctor([], { backend })).report)).toEqual(['check:dms', 'check:it']);
    expect(ids((await doctor(['--no-checks'], { backend })).report)).toEqual([]);
  });
});

describe('ticket doctor: backend, clock, status page', () => {
  let agent: MockAgent | null = null;

  it('reports an unreachable backend with exit 5 and refused credentials with exit 4', async () => {
    const down = new MemoryBackend();
    setHealth(down, { reachable: false, latencyMs: null, authenticated: null, message: 'ECONNREFUSED 127.0.0.1:9' });
    const a = await doctor([], { backend: down });
    expect(a.code).toBe(5);
    expect(a.report.checks.find((c) => c.id === 'backend')).toMatchObject({ status: 'fail', summary: 'ECONNREFUSED 127.0.0.1:9' });
    const refused = new MemoryBackend();
    setHealth(refused, { reachable: true, latencyMs: 12, authenticated: false });
    const b = await doctor([], { backend: refused });
    expect(b.code).toBe(4);
    expect(b.report.checks.find((c) => c.id === 'auth')!.status).toBe('fail');
  });

  it('shows proxy settings without their credentials', async () => {
    const { report, stdout } = await doctor(['--no-checks'], { backend: new MemoryBackend(), env: { HTTPS_PROXY: 'http://bob:s3cr3t-pw@proxy.corp:3128', NO_PROXY: 'localhost' } });
    expect(stdout).not.toContain('s3cr3t-pw');
    expect(report.environment.proxy).toEqual({ HTTPS_PROXY: 'http://bob:********@proxy.corp:3128', NO_PROXY: 'localhost' });
  });

  it('measures clock skew against the server date', async () => {
    const b = new MemoryBackend();
    setHealth(b, { reachable: true, latencyMs: 5, authenticated: true, serverDate: new Date(Date.now() - 600_000).toUTCString() });
    const { report, code } = await doctor([], { backend: b });
    expect(code).toBe(0);
    const clock = report.checks.find((c) => c.id === 'clock')!;
    expect(clock.status).toBe('warn');
    expect(clock.summary).toMatch(/^(599|600|601) s ahead of the server$/);
    expect(report.environment.clockSkewSeconds).toBeGreaterThanOrEqual(599);
  });

  function statusPage(indicator: string, incidents: unknown[]): MockAgent {
    const a = mockAgent();
    const pool = a.get('https://status.example.com');
    pool.intercept({ path: '/api/v2/status.json', method: 'GET' }).reply(200, { status: { indicator, description: indicator === 'none' ? 'All Systems Operational' : 'Partial outage' } });
    pool.intercept({ path: '/api/v2/incidents/unresolved.json', method: 'GET' }).reply(200, { incidents });
    return a;
  }

  it('shows active incidents from a Statuspage-compatible URL', async () => {
    const h = home();
    profile(h, { statusPageUrl: 'https://status.example.com' });
    agent = statusPage('minor', [{ id: 'x1', name: 'Invoicing is slow', status: 'investigating', impact: 'minor', shortlink: 'https://stspg.io/x1' }]);
    const { report, code } = await doctor(['--no-checks'], { backend: new MemoryBackend(), h, dispatcher: agent });
    expect(code).toBe(0);
    expect(report.incidents).toEqual([{ id: 'x1', name: 'Invoicing is slow', status: 'investigating', impact: 'minor', url: 'https://stspg.io/x1', updatedAt: null }]);
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'warn', summary: 'Partial outage' });
  });

  it('the wizard asks whether an incident is the problem; yes ends without a ticket and is counted', async () => {
    const h = home();
    profile(h, { statusPageUrl: 'https://status.example.com' });
    agent = statusPage('major', [{ id: 'x2', name: 'DMS invoicing down', status: 'identified', impact: 'major', shortlink: 'https://stspg.io/x2' }]);
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Which category', 'DMS'],
      ['Is this incident your problem', true],
    ]);
    const r = await runTty(['new'], { prompter: p, backend, home: h, dispatcher: agent });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual([]);
    expect(r.stderr).toContain('Active incident at your vendor: DMS invoicing down (major, identified).');
    expect(r.stderr).toContain('https://stspg.io/x2');
    expect(created(backend)).toEqual([]);
    const d = await doctor(['--no-checks'], { backend, h, dispatcher: statusPage('none', []) });
    expect(d.report.deflections).toBe(1);
  });

  it('an incident that is not the problem goes into the Diagnostics section', async () => {
    const h = home();
    profile(h, { statusPageUrl: 'https://status.example.com/' });
    agent = statusPage('minor', [{ id: 'x3', name: 'E-mail delays', status: 'monitoring', impact: 'minor', shortlink: null }]);
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Which category', 'IT'],
      ['Is this incident your problem', false],
      ['Subject', 'Printer jam'],
      ['What did you want to do', 'Print'],
      ['What result did you expect', ''],
      ['What happened instead', ''],
      ['Steps to reproduce', ''],
      ['Since when', ''],
      ['How many users', 'me'],
      ['another machine', 'untried'],
      ['already tried', ''],
      ['How much does this stop you', 'normal'],
      ['What kind of request', 'incident'],
      ['File to attach', ''],
      ['Copy someone', ''],
      ['Your name', ''],
      ['Your e-mail', ''],
      ['Your phone', ''],
      ['What now?', 'submit'],
    ]);
    const r = await runTty(['new', '--no-kb'], { prompter: p, backend, home: h, dispatcher: agent });
    expect(r.code, r.stderr).toBe(0);
    expect(created(backend)[0].body).toMatch(/## Diagnostics[\s\S]*\[warn\] Service status: Partial outage[\s\S]*E-mail delays \(minor, monitoring\)/);
  });
});

describe('ticket doctor --json: write capabilities', () => {
  it('lists what writes can set on the backend (statuses with their own labels, types, CC, reopen window)', async () => {
    const { runCli } = await import('../../helpers/run-cli.js');
    const r = await runCli(['doctor', '--json', '--no-checks']);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.capabilities).toMatchObject({ types: ['incident', 'question', 'feature'], cc: true, internalNotes: true, reopenWindowDays: 14, solve: 'always' });
    expect(report.capabilities!.statuses.map((s) => s.status)).toEqual(['new', 'open', 'pending', 'on-hold', 'solved', 'closed']);
  });
});
