import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectCi } from '../../../src/ci/detect.js';
import { fingerprint, firstErrorLine, idempotencyKeyFor, normalizeLine } from '../../../src/ci/fingerprint.js';

const SEED = Number(process.env.FC_SEED ?? 20261123);

describe('CI detection', () => {
  it.each([
    [
      'github',
      { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_REF_NAME: 'main', GITHUB_SHA: 'abc123', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'test', GITHUB_RUN_ID: '99', GITHUB_SERVER_URL: 'https://github.com' },
      { repository: 'acme/app', branch: 'main', commit: 'abc123', workflow: 'CI', job: 'test', runId: '99', runUrl: 'https://github.com/acme/app/actions/runs/99' },
    ],
    [
      'gitlab',
      { GITLAB_CI: 'true', CI_PROJECT_PATH: 'acme/app', CI_COMMIT_REF_NAME: 'dev', CI_COMMIT_SHA: 'def', CI_JOB_NAME: 'unit', CI_PIPELINE_ID: '7', CI_JOB_URL: 'https://gitlab.example/acme/app/-/jobs/70' },
      { repository: 'acme/app', branch: 'dev', commit: 'def', job: 'unit', runId: '7', runUrl: 'https://gitlab.example/acme/app/-/jobs/70' },
    ],
    [
      'jenkins',
      { JENKINS_URL: 'https://ci.example/', JOB_NAME: 'app/main', GIT_URL: 'git@example:acme/app.git', GIT_BRANCH: 'origin/main', GIT_COMMIT: 'f00', BUILD_TAG: 'jenkins-app-12', BUILD_URL: 'https://ci.example/job/app/12/' },
      { repository: 'git@example:acme/app.git', workflow: 'app/main', commit: 'f00', runId: 'jenkins-app-12', runUrl: 'https://ci.example/job/app/12/' },
    ],
    [
      'circleci',
      { CIRCLECI: 'true', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'app', CIRCLE_BRANCH: 'main', CIRCLE_SHA1: 'c1', CIRCLE_JOB: 'build', CIRCLE_WORKFLOW_ID: 'wf-1', CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/app/5' },
      { repository: 'acme/app', job: 'build', runId: 'wf-1', runUrl: 'https://circleci.com/gh/acme/app/5' },
    ],
    [
      'azure',
      { TF_BUILD: 'True', BUILD_REPOSITORY_NAME: 'app', BUILD_SOURCEBRANCHNAME: 'main', BUILD_SOURCEVERSION: 'a1', BUILD_DEFINITIONNAME: 'app-ci', SYSTEM_JOBDISPLAYNAME: 'Test', BUILD_BUILDID: '314', SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/', SYSTEM_TEAMPROJECT: 'Proj' },
      { repository: 'app', workflow: 'app-ci', job: 'Test', runId: '314', runUrl: 'https://dev.azure.com/acme/Proj/_build/results?buildId=314' },
    ],
    [
      'buildkite',
      { BUILDKITE: 'true', BUILDKITE_REPO: 'git@github.com:acme/app.git', BUILDKITE_BRANCH: 'main', BUILDKITE_COMMIT: 'bk', BUILDKITE_PIPELINE_SLUG: 'app', BUILDKITE_LABEL: ':test: unit', BUILDKITE_BUILD_ID: 'b-1', BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/app/builds/3', BUILDKITE_JOB_ID: 'j-9' },
      { workflow: 'app', job: ':test: unit', runId: 'b-1', runUrl: 'https://buildkite.com/acme/app/builds/3#j-9' },
    ],
    ['generic', { CI: 'true' }, { repository: null, runUrl: null }],
  ])('%s', (provider, env, expected) => {
    const info = detectCi(env as Record<string, string>);
    expect(info.provider).toBe(provider);
    expect(info).toMatchObject(expected);
  });

  it('is not CI without the variables', () => {
    expect(detectCi({ CI: 'false' }).provider).toBeNull();
  });
});

describe('fingerprint', () => {
  it('finds the first error line', () => {
    expect(firstErrorLine('\u001b[32mok\u001b[0m\nbuilding\nError: Cannot find module "x"\nnpm ERR! failed')).toBe('Error: Cannot find module "x"');
    expect(firstErrorLine('line a\nlast words\n\n')).toBe('last words');
  });

  const noisy = fc.record({
    ts: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    uuid: fc.uuid(),
    port: fc.integer({ min: 1024, max: 65535 }),
    ms: fc.integer({ min: 0, max: 100000 }),
    tmp: fc.stringMatching(/^[a-z0-9]{6,12}$/),
    sha: fc.stringMatching(/^[0-9a-f]{40}$/),
    line: fc.integer({ min: 1, max: 9999 }),
  });
  const render = (n: { ts: Date; uuid: string; port: number; ms: number; tmp: string; sha: string; line: number }) =>
    `${n.ts.toISOString()} Error: connect ECONNREFUSED 127.0.0.1:${n.port} after ${n.ms}ms in /tmp/${n.tmp}/app.test.ts:${n.line}:7 (request ${n.uuid}, commit ${n.sha})`;

  it('the same error with different noise gives the same fingerprint', () => {
    fc.assert(
      fc.property(noisy, noisy, (a, b) => {
        const base = { repository: 'acme/app', workflow: 'CI', job: 'test' };
        return fingerprint({ ...base, signature: normalizeLine(render(a)) }) === fingerprint({ ...base, signature: normalizeLine(render(b)) });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a different job, workflow, repository or error gives another fingerprint', () => {
    const sig = normalizeLine('Error: connect ECONNREFUSED 127.0.0.1:5432');
    const base = { repository: 'acme/app', workflow: 'CI', job: 'test', signature: sig };
    const fp = fingerprint(base);
    expect(fingerprint({ ...base, job: 'lint' })).not.toBe(fp);
    expect(fingerprint({ ...base, workflow: 'Nightly' })).not.toBe(fp);
    expect(fingerprint({ ...base, repository: 'acme/other' })).not.toBe(fp);
    expect(fingerprint({ ...base, signature: normalizeLine('TypeError: x is undefined') })).not.toBe(fp);
    expect(fp).toMatch(/^ci-[0-9a-f]{32}$/);
  });

  it('derives a stable UUID-shaped idempotency key that changes with the previous ticket', () => {
    const k = idempotencyKeyFor('ci-abc', null);
    expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKeyFor('ci-abc', null)).toBe(k);
    expect(idempotencyKeyFor('ci-abc', '42')).not.toBe(k);
  });
});
