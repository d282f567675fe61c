// Secrets in the shapes of the default rules of the common secret scanners (gitleaks' default
// config, secretlint's recommended preset), generated from a hash: never real credentials. Shared by
// the redaction tests (test/unit/redact/) and the hardening harness (bench/hardening/run.mjs).
import { createHash } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const LOWER_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `n` characters of `alphabet`, derived from `seed`. */
export function gen(seed, n, alphabet = ALNUM) {
  let out = '';
  let i = 0;
  while (out.length < n) {
    const d = createHash('sha256').update(`${seed}:${i++}`).digest();
    for (const b of d) if (out.length < n) out += alphabet[b % alphabet.length];
  }
  return out;
}

// AWS key ids with the digits 0/1/8/9 that a base32-only rule ([A-Z2-7]) misses.
const akia = 'AKIA' + gen('akia-digits', 12, UPPER_DIGITS).slice(0, 12) + '0189';

/**
 * [kind, a log line carrying it, the secret part that must not survive redaction].
 * One entry per kind of credential; the line is how it typically shows up in CI output.
 */
export const SECRET_CORPUS = [
  ['aws-access-key-id', `export AWS_ACCESS_KEY_ID ${akia}`, akia],
  ['aws-access-key-asia', `using ASIA${gen('asia', 16, UPPER_DIGITS)} for the session`, `ASIA${gen('asia', 16, UPPER_DIGITS)}`],
  ['aws-secret-access-key', `aws_secret_access_key = ${gen('awss', 40, B64)}`, gen('awss', 40, B64)],
  ['github-pat', `git clone https://x:ghp_${gen('ghp', 36)}@github.com/o/r`, `ghp_${gen('ghp', 36)}`],
  ['github-oauth', `token gho_${gen('gho', 36)}`, `gho_${gen('gho', 36)}`],
  ['github-app', `GH ghs_${gen('ghs', 36)} used`, `ghs_${gen('ghs', 36)}`],
  ['github-refresh', `refresh ghr_${gen('ghr', 36)}`, `ghr_${gen('ghr', 36)}`],
  ['github-fine-grained', `github_pat_${gen('pat', 82, ALNUM + '_')}`, gen('pat', 82, ALNUM + '_')],
  ['gitlab-pat', `curl --header "PRIVATE: glpat-${gen('glpat', 20, ALNUM + '-_')}"`, `glpat-${gen('glpat', 20, ALNUM + '-_')}`],
  ['gitlab-pipeline-trigger', `trigger glptt-${gen('glptt', 40, HEX)}`, `glptt-${gen('glptt', 40, HEX)}`],
  ['gitlab-runner', `runner glrt-${gen('glrt', 20, ALNUM + '-_')}`, `glrt-${gen('glrt', 20, ALNUM + '-_')}`],
  ['slack-bot', `xoxb-1234567890123-1234567890123-${gen('slack', 24)}`, `xoxb-1234567890123-1234567890123-${gen('slack', 24)}`],
  ['slack-user', `xoxp-1234567890-1234567890-1234567890-${gen('slackp', 32, HEX)}`, gen('slackp', 32, HEX)],
  ['slack-app', `xapp-1-A${gen('xappa', 10, UPPER_DIGITS)}-1234567890123-${gen('xapp', 64, HEX)}`, gen('xapp', 64, HEX)],
  ['slack-webhook', `POST https://hooks.slack.com/services/T${gen('t', 8, UPPER_DIGITS)}/B${gen('b', 8, UPPER_DIGITS)}/${gen('hook', 24)}`, gen('hook', 24)],
  ['stripe-secret', `Stripe.api_key = sk_live_${gen('stripe', 24)}`, `sk_live_${gen('stripe', 24)}`],
  ['stripe-restricted', `key rk_live_${gen('rk', 24)} refused`, `rk_live_${gen('rk', 24)}`],
  ['gcp-api-key', `maps key=AIza${gen('gcp', 35, ALNUM + '-_')}`, `AIza${gen('gcp', 35, ALNUM + '-_')}`],
  ['npm-token', `//registry.npmjs.org/:_authToken=npm_${gen('npm', 36)}`, `npm_${gen('npm', 36)}`],
  ['pypi-token', `twine upload -p pypi-AgEIcHlwaS5vcmc${gen('pypi', 60, ALNUM + '-_')}`, `pypi-AgEIcHlwaS5vcmc${gen('pypi', 60, ALNUM + '-_')}`],
  ['azure-storage-key', `DefaultEndpointsProtocol=https;AccountName=ci;AccountKey=${gen('azure', 86, B64)}==;EndpointSuffix=core.windows.net`, gen('azure', 86, B64)],
  ['openai-legacy', `OpenAI key sk-${gen('oa1', 20)}T3BlbkFJ${gen('oa2', 20)}`, `sk-${gen('oa1', 20)}T3BlbkFJ${gen('oa2', 20)}`],
  ['openai-project', `openai sk-proj-${gen('oap', 74, ALNUM + '-_')}T3BlbkFJ${gen('oap2', 74, ALNUM + '-_')}`, `T3BlbkFJ${gen('oap2', 74, ALNUM + '-_')}`],
  ['anthropic', `x-api-key sk-ant-api03-${gen('ant', 93, ALNUM + '-_')}AA`, `sk-ant-api03-${gen('ant', 93, ALNUM + '-_')}AA`],
  ['sendgrid', `SG.${gen('sg1', 22, ALNUM + '-_')}.${gen('sg2', 43, ALNUM + '-_')}`, `SG.${gen('sg1', 22, ALNUM + '-_')}.${gen('sg2', 43, ALNUM + '-_')}`],
  ['twilio', `twilio SK${gen('twilio', 32, HEX)}`, `SK${gen('twilio', 32, HEX)}`],
  ['shopify-access', `X-Shopify-Access: shpat_${gen('shpat', 32, HEX)}`, `shpat_${gen('shpat', 32, HEX)}`],
  ['shopify-shared-secret', `secret shpss_${gen('shpss', 32, HEX)}`, `shpss_${gen('shpss', 32, HEX)}`],
  ['digitalocean-pat', `doctl auth init -t dop_v1_${gen('do', 64, HEX)}`, `dop_v1_${gen('do', 64, HEX)}`],
  ['digitalocean-oauth', `doo_v1_${gen('doo', 64, HEX)}`, `doo_v1_${gen('doo', 64, HEX)}`],
  ['vault-service-token', `VAULT hvs.${gen('vault', 90, ALNUM + '-_')}`, `hvs.${gen('vault', 90, ALNUM + '-_')}`],
  ['vault-batch-token', `hvb.${gen('hvb', 138, ALNUM + '-_')}`, `hvb.${gen('hvb', 138, ALNUM + '-_')}`],
  ['docker-pat', `docker login -u ci -p dckr_pat_${gen('docker', 27, ALNUM + '-_')}`, `dckr_pat_${gen('docker', 27, ALNUM + '-_')}`],
  ['telegram-bot', `telegram bot 1234567890:AA${gen('tg', 33, ALNUM + '-_')}`, `AA${gen('tg', 33, ALNUM + '-_')}`],
  ['age-secret-key', `AGE-SECRET-KEY-1${gen('age', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`, `AGE-SECRET-KEY-1${gen('age', 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`],
  ['heroku-api-key', `heroku auth token ${'8f2c1d3e-' + gen('hk1', 4, HEX)}-4${gen('hk2', 3, HEX)}-a${gen('hk3', 3, HEX)}-${gen('hk4', 12, HEX)}`, `-${gen('hk4', 12, HEX)}`],
  ['mailchimp', `mailchimp key ${gen('mc', 32, HEX)}-us20`, `${gen('mc', 32, HEX)}-us20`],
  ['sshpass', `sshpass -p '${gen('sshpass', 14)}' ssh deploy@host`, gen('sshpass', 14)],
  ['private-key-pem', `-----BEGIN OPENSSH PRIVATE KEY-----\n${gen('pem1', 64, B64)}\n${gen('pem2', 64, B64)}\n-----END OPENSSH PRIVATE KEY-----`, gen('pem1', 64, B64)],
  ['jwt', `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from('{"sub":"ci","iat":1}').toString('base64url')}.${gen('jwtsig', 43, B64URL)}`, gen('jwtsig', 43, B64URL)],
  ['generic-api-key', `api_key: "${gen('generic', 32)}"`, gen('generic', 32)],
  ['mailgun', `mailgun key-${gen('mailgun', 32, HEX)}`, `key-${gen('mailgun', 32, HEX)}`],
  ['postman', `PMAK-${gen('pm1', 24, HEX)}-${gen('pm2', 34, HEX)}`, `PMAK-${gen('pm1', 24, HEX)}-${gen('pm2', 34, HEX)}`],
  ['pulumi', `PULUMI pul-${gen('pulumi', 40, HEX)}`, `pul-${gen('pulumi', 40, HEX)}`],
  ['linear', `linear lin_api_${gen('linear', 40)}`, `lin_api_${gen('linear', 40)}`],
  ['databricks', `token dapi${gen('dapi', 32, HEX)}`, `dapi${gen('dapi', 32, HEX)}`],
  ['doppler', `doppler dp.pt.${gen('doppler', 43)}`, `dp.pt.${gen('doppler', 43)}`],
  ['dynatrace', `dt0c01.${gen('dt1', 24, UPPER_DIGITS)}.${gen('dt2', 64, UPPER_DIGITS)}`, `dt0c01.${gen('dt1', 24, UPPER_DIGITS)}.${gen('dt2', 64, UPPER_DIGITS)}`],
  ['grafana-service-account', `glsa_${gen('glsa', 32)}_${gen('glsa2', 8, HEX)}`, `glsa_${gen('glsa', 32)}_${gen('glsa2', 8, HEX)}`],
  ['terraform-cloud', `TFE ${gen('tfe', 14)}.atlasv1.${gen('atlas', 67, ALNUM + '-_=')}`, `atlasv1.${gen('atlas', 67, ALNUM + '-_=')}`],
  ['huggingface', `HF hf_${gen('hf', 34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, `hf_${gen('hf', 34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`],
  ['new-relic', `NRAK-${gen('nr', 27, UPPER_DIGITS)}`, `NRAK-${gen('nr', 27, UPPER_DIGITS)}`],
  ['square', `square sq0atp-${gen('sq', 22, ALNUM + '-_')}`, `sq0atp-${gen('sq', 22, ALNUM + '-_')}`],
  ['planetscale', `pscale_tkn_${gen('ps', 43, ALNUM + '-_.')}`, `pscale_tkn_${gen('ps', 43, ALNUM + '-_.')}`],
  ['alibaba', `LTAI${gen('ali', 20, LOWER_DIGITS)}`, `LTAI${gen('ali', 20, LOWER_DIGITS)}`],
  ['sendinblue', `xkeysib-${gen('sib', 64, HEX)}-${gen('sib2', 16)}`, `xkeysib-${gen('sib', 64, HEX)}-${gen('sib2', 16)}`],
  ['rubygems', `rubygems_${gen('gem', 48, HEX)}`, `rubygems_${gen('gem', 48, HEX)}`],
  ['azure-ad-client-secret', `client secret abC8Q~${gen('aad', 34, ALNUM + '_~.-')}`, `8Q~${gen('aad', 34, ALNUM + '_~.-')}`],
  ['url-password', `https://deploy:${gen('urlpw', 16)}@registry.example.com/v2/`, gen('urlpw', 16)],
  ['db-connection-string', `DATABASE postgres://app:${gen('pg', 18)}@db.internal:5432/app`, gen('pg', 18)],
  ['basic-auth-header', `Authorization: Basic ${Buffer.from('ci:' + gen('basic', 12)).toString('base64')}`, Buffer.from('ci:' + gen('basic', 12)).toString('base64')],
  ['bearer', `curl -H "Authorization: Bearer ${gen('bearer', 30)}" https://api`, gen('bearer', 30)],
  ['kv-password-underscore', `DB_PASSWORD=${gen('dbpw', 14)}`, gen('dbpw', 14)],
  ['kv-json-secret', `{"client_secret": "${gen('cs', 20)}"}`, gen('cs', 20)],
];

/** Values given through the environment of the job (matched by the variable's name). */
export const SECRET_ENV = {
  DEPLOY_PASSWORD: 'hunter2-Sup3r-S3cret-Value!',
  GITLAB_TOKEN: 'tok-' + gen('envtok', 24),
  MY_API_KEY: 'k3y-' + gen('apikey', 24),
};
const envValue = SECRET_ENV.DEPLOY_PASSWORD;
/** [kind, line, secret] for the env values in their encodings. */
export const ENV_CORPUS = [
  ['env-raw', `password is ${envValue} here`, envValue],
  ['env-base64', `b64 ${Buffer.from(envValue).toString('base64')}`, Buffer.from(envValue).toString('base64')],
  ['env-urlencoded', `url ?p=${encodeURIComponent(envValue)}`, encodeURIComponent(envValue)],
  ['env-token-raw', `using ${SECRET_ENV.GITLAB_TOKEN} now`, SECRET_ENV.GITLAB_TOKEN],
  ['env-apikey-base64', `hdr ${Buffer.from(SECRET_ENV.MY_API_KEY).toString('base64')}`, Buffer.from(SECRET_ENV.MY_API_KEY).toString('base64')],
];

/** Technical text without secrets: redaction must leave it alone. */
export const BENIGN_CORPUS = [
  'commit 3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098',
  'request id 123e4567-e89b-12d3-a456-426614174000 took 42 ms',
  'Tests: 12 passed, 1 failed',
  'npm ERR! code ELIFECYCLE',
  'at Object.<anonymous> (/home/runner/work/app/src/index.ts:10:5)',
  'Downloading https://registry.npmjs.org/undici/-/undici-7.30.2.tgz',
  'tokens processed: 1500',
  'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'FAIL src/auth/token.test.ts > refreshes the session',
  'Error: expected 200, got 503 (Service Unavailable)',
];
