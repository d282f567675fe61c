// Which CI are we running in, and what identifies this run? Read from the environment only.

export type CiProvider = 'github' | 'gitlab' | 'jenkins' | 'circleci' | 'azure' | 'buildkite' | 'generic';

export interface CiInfo {
  provider: CiProvider | null;
  /** owner/name, project path or clone URL. */
  repository: string | null;
  branch: string | null;
  commit: string | null;
  /** Workflow / pipeline name (stable across runs). */
  workflow: string | null;
  /** Job name (stable across runs). */
  job: string | null;
  /** This pipeline run (changes every run; never part of the fingerprint). */
  runId: string | null;
  runAttempt: string | null;
  runUrl: string | null;
}

type Env = Record<string, string | undefined>;
const v = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);
const join = (...parts: (string | null)[]) => (parts.every(Boolean) ? parts.join('') : null);

export function detectCi(env: Env): CiInfo {
  const empty: CiInfo = {
    provider: null,
    repository: null,
    branch: null,
    commit: null,
    workflow: null,
    job: null,
    runId: null,
    runAttempt: null,
    runUrl: null,
  };
  if (env.GITHUB_ACTIONS === 'true') {
    const server = v(env.GITHUB_SERVER_URL) ?? 'https://github.com';
    return {
      provider: 'github',
      repository: v(env.GITHUB_REPOSITORY),
      branch: v(env.GITHUB_HEAD_REF) ?? v(env.GITHUB_REF_NAME),
      commit: v(env.GITHUB_SHA),
      workflow: v(env.GITHUB_WORKFLOW),
      job: v(env.GITHUB_JOB),
      runId: v(env.GITHUB_RUN_ID),
      runAttempt: v(env.GITHUB_RUN_ATTEMPT),
      runUrl: join(server, '/', v(env.GITHUB_REPOSITORY), '/actions/runs/', v(env.GITHUB_RUN_ID)),
    };
  }
  if (env.GITLAB_CI) {
    return {
      provider: 'gitlab',
      repository: v(env.CI_PROJECT_PATH) ?? v(env.CI_PROJECT_URL),
      branch: v(env.CI_COMMIT_REF_NAME) ?? v(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME),
      commit: v(env.CI_COMMIT_SHA),
      workflow: v(env.CI_PIPELINE_NAME) ?? v(env.CI_PIPELINE_SOURCE) ?? 'pipeline',
      job: v(env.CI_JOB_NAME),
      runId: v(env.CI_PIPELINE_ID),
      runAttempt: null,
      runUrl: v(env.CI_JOB_URL) ?? v(env.CI_PIPELINE_URL),
    };
  }
  if (env.BUILDKITE === 'true') {
    return {
      provider: 'buildkite',
      repository: v(env.BUILDKITE_REPO),
      branch: v(env.BUILDKITE_BRANCH),
      commit: v(env.BUILDKITE_COMMIT),
      workflow: v(env.BUILDKITE_PIPELINE_SLUG),
      job: v(env.BUILDKITE_STEP_KEY) ?? v(env.BUILDKITE_LABEL),
      runId: v(env.BUILDKITE_BUILD_ID) ?? v(env.BUILDKITE_BUILD_NUMBER),
      runAttempt: v(env.BUILDKITE_RETRY_COUNT),
      runUrl: v(env.BUILDKITE_BUILD_URL) ? `${env.BUILDKITE_BUILD_URL}${env.BUILDKITE_JOB_ID ? '#' + env.BUILDKITE_JOB_ID : ''}` : null,
    };
  }
  if (env.CIRCLECI === 'true') {
    const user = v(env.CIRCLE_PROJECT_USERNAME);
    const repo = v(env.CIRCLE_PROJECT_REPONAME);
    return {
      provider: 'circleci',
      repository: user && repo ? `${user}/${repo}` : v(env.CIRCLE_REPOSITORY_URL),
      branch: v(env.CIRCLE_BRANCH) ?? v(env.CIRCLE_TAG),
      commit: v(env.CIRCLE_SHA1),
      // CircleCI exposes no workflow name, only its per-run id: the job name is what is stable.
      workflow: null,
      job: v(env.CIRCLE_JOB),
      runId: v(env.CIRCLE_WORKFLOW_ID) ?? v(env.CIRCLE_BUILD_NUM),
      runAttempt: null,
      runUrl: v(env.CIRCLE_BUILD_URL),
    };
  }
  if (env.TF_BUILD && env.TF_BUILD.toLowerCase() === 'true') {
    const coll = v(env.SYSTEM_COLLECTIONURI);
    const proj = v(env.SYSTEM_TEAMPROJECT);
    const id = v(env.BUILD_BUILDID);
    return {
      provider: 'azure',
      repository: v(env.BUILD_REPOSITORY_NAME),
      branch: v(env.SYSTEM_PULLREQUEST_SOURCEBRANCH) ?? v(env.BUILD_SOURCEBRANCHNAME),
      commit: v(env.BUILD_SOURCEVERSION),
      workflow: v(env.BUILD_DEFINITIONNAME),
      job: v(env.SYSTEM_JOBDISPLAYNAME) ?? v(env.AGENT_JOBNAME) ?? v(env.SYSTEM_JOBNAME),
      runId: id,
      runAttempt: v(env.SYSTEM_JOBATTEMPT),
      runUrl: coll && proj && id ? `${coll.replace(/\/?$/, '/')}${encodeURIComponent(proj)}/_build/results?buildId=${id}` : null,
    };
  }
  if (env.JENKINS_URL || env.JENKINS_HOME) {
    return {
      provider: 'jenkins',
      repository: v(env.GIT_URL) ?? v(env.CHANGE_URL),
      branch: v(env.BRANCH_NAME) ?? v(env.GIT_BRANCH),
      commit: v(env.GIT_COMMIT),
      workflow: v(env.JOB_NAME),
      job: v(env.STAGE_NAME) ?? v(env.JOB_BASE_NAME),
      runId: v(env.BUILD_TAG) ?? v(env.BUILD_NUMBER),
      runAttempt: null,
      runUrl: v(env.BUILD_URL),
    };
  }
  const ci = env.CI;
  if (ci && ci !== '0' && ci.toLowerCase() !== 'false') {
    return { ...empty, provider: 'generic', commit: v(env.GIT_COMMIT) ?? v(env.COMMIT_SHA) };
  }
  return empty;
}
