// One redaction for every sink, at least as broad as gitleaks' default rules: every kind of the
// corpus is caught by redact(), by the diagnostics scrubber, and end to end through ci-failure.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_CORPUS, ENV_CORPUS, SECRET_ENV, BENIGN_CORPUS } from '../../../bench/hardening/secret-corpus.mjs';
import { createScrubber, redact, WITHHELD } from '../../../src/redact/index.js';
import { secretScrubber } from '../../../src/doctor/redact.js';
import { runCli, tempHome } from '../../helpers/run-cli.js';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

describe('the secret corpus', () => {
  it.each(SECRET_CORPUS)('%s is redacted', (_kind, line, secret) => {
    expect(redact(`step 3\n${line}\nexit 1`).text).not.toContain(secret);
  });
  it.each(ENV_CORPUS)('%s (a secret-named variable) is redacted', (_kind, line, secret) => {
    expect(redact(line, { env: SECRET_ENV }).text).not.toContain(secret);
  });
  it('benign technical text is left alone', () => {
    for (const b of BENIGN_CORPUS) expect(redact(b, { env: SECRET_ENV }).text).toBe(b);
  });
});

describe('every sink uses it', () => {
  it('diagnostics: DB_PASSWORD=, *_TOKEN values, Stripe and Google keys', () => {
    const scrub = secretScrubber([], { GITLAB_TOKEN: SECRET_ENV.GITLAB_TOKEN });
    const stripe = SECRET_CORPUS.find((c) => c[0] === 'stripe-secret')!;
    const google = SECRET_CORPUS.find((c) => c[0] === 'gcp-api-key')!;
    const out = scrub(`DB_PASSWORD=hunter22x\nusing ${SECRET_ENV.GITLAB_TOKEN}\n${stripe[1]}\n${google[1]}`);
    for (const s of ['hunter22x', SECRET_ENV.GITLAB_TOKEN, stripe[2], google[2]]) expect(out).not.toContain(s);
    expect(out).toContain('DB_PASSWORD=********');
  });

  it('fails closed: text too large to check is withheld', () => {
    expect(createScrubber()('x'.repeat(9 * 1024 * 1024))).toBe(WITHHELD);
  });

  it('error text: a server echoing a key never prints it', async () => {
    const key = SECRET_CORPUS.find((c) => c[0] === 'npm-token')![2];
    const home = tempHome();
    const r = await runCli(['create', '-c', 'IT', '-s', 'x', '--body-file', join(home, `missing-${key}.txt`)], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(key);
  });

  it('ci-failure: no kind of the corpus reaches the ticket (body, subject, local files)', async () => {
    const home = tempHome();
    const log = join(home, 'job.log');
    const all = [...SECRET_CORPUS, ...ENV_CORPUS];
    writeFileSync(log, `Error: deploy failed: ${all[0][1]}\n${all.map((c) => c[1]).join('\n')}\nexit 1\n`);
    const r = await runCli(['ci-failure', '--log', log, '--repository', 'o/r', '--workflow', 'w', '--job', 'j', '--run-id', '1', '--json'], { home, env: SECRET_ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stored = files(home).filter((f) => f !== log).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(stored).toMatch(/REDACTED/);
    for (const [kind, , secret] of all) {
      expect(stored.includes(secret), kind).toBe(false);
      expect(r.stdout.includes(secret), kind).toBe(false);
    }
  });
});
