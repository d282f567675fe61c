// Secrets of every kind `ci-failure` must redact, generated (never real credentials).
import { createHash } from 'node:crypto';

const h = (seed: string, n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => {
  let out = '';
  let i = 0;
  while (out.length < n) {
    const d = createHash('sha256').update(`${seed}:${i++}`).digest();
    for (const b of d) if (out.length < n) out += alphabet[b % alphabet.length];
  }
  return out;
};

export const ENV_SECRET = 'hunter2-Sup3r-S3cret-Value!';
export const ENV = { DEPLOY_PASSWORD: ENV_SECRET, MY_API_KEY: 'k3y-' + h('apikey', 24), HOME: '/home/ci', CI: 'true' };

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const pem = `-----BEGIN RSA PRIVATE KEY-----\n${h('pem1', 64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n${h('pem2', 64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n-----END RSA PRIVATE KEY-----`;

/** [kind, how it appears in a log, the secret part that must not survive]. */
export const CORPUS: [string, string, string][] = [
  ['ghp', `ghp_${h('ghp', 36)}`, `ghp_${h('ghp', 36)}`],
  ['gho', `gho_${h('gho', 36)}`, `gho_${h('gho', 36)}`],
  ['ghu', `ghu_${h('ghu', 36)}`, `ghu_${h('ghu', 36)}`],
  ['ghs', `ghs_${h('ghs', 36)}`, `ghs_${h('ghs', 36)}`],
  ['ghr', `ghr_${h('ghr', 36)}`, `ghr_${h('ghr', 36)}`],
  ['github_pat', `github_pat_${h('pat', 82, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')}`, h('pat', 82, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')],
  ['akia', `AKIA${h('akia', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, `AKIA${h('akia', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`],
  ['asia', `ASIA${h('asia', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, `ASIA${h('asia', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`],
  ['aws-secret', `aws_secret_access_key = ${h('awss', 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')}`, h('awss', 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')],
  ['slack-bot', `xoxb-1234567890123-1234567890123-${h('slack', 24)}`, `xoxb-1234567890123-1234567890123-${h('slack', 24)}`],
  ['slack-user', `xoxp-1234567890-1234567890-1234567890-${h('slackp', 32, 'abcdef0123456789')}`, h('slackp', 32, 'abcdef0123456789')],
  ['jwt', `eyJ${b64url('{"alg":"HS256","typ":"JWT"}').slice(3)}.${b64url('{"sub":"1234567890","name":"CI"}')}.${h('jwtsig', 43)}`, h('jwtsig', 43)],
  ['pem', pem, h('pem1', 64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')],
  ['url-password', `https://deploy:${h('urlpw', 16)}@registry.example.com/v2/`, h('urlpw', 16)],
  ['authorization', `Authorization: Basic ${Buffer.from('ci:' + h('basic', 12)).toString('base64')}`, Buffer.from('ci:' + h('basic', 12)).toString('base64')],
  ['bearer', `curl -H "Authorization: Bearer ${h('bearer', 30)}" https://api`, h('bearer', 30)],
  ['bearer-bare', `using bearer ${h('bearer2', 30)} for upload`, h('bearer2', 30)],
  ['kv-password', `DB_PASSWORD=${h('dbpw', 14)}`, h('dbpw', 14)],
  ['kv-json', `{"client_secret": "${h('cs', 20)}"}`, h('cs', 20)],
  ['kv-token', `npm_config_token: ${h('npmtok', 20)}`, h('npmtok', 20)],
  ['env-raw', `password is ${ENV_SECRET} here`, ENV_SECRET],
  ['env-base64', `b64 ${Buffer.from(ENV_SECRET).toString('base64')}`, Buffer.from(ENV_SECRET).toString('base64')],
  ['env-urlencoded', `url ?p=${encodeURIComponent(ENV_SECRET)}`, encodeURIComponent(ENV_SECRET)],
  ['env-apikey', `key ${ENV.MY_API_KEY} used`, ENV.MY_API_KEY],
];

/** Text that looks technical but holds no secret: redaction should leave most of it alone. */
export const BENIGN = [
  'commit 3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098',
  'request id 123e4567-e89b-12d3-a456-426614174000 took 42 ms',
  'Tests: 12 passed, 1 failed',
  'npm ERR! code ELIFECYCLE',
  'at Object.<anonymous> (/home/runner/work/app/src/index.ts:10:5)',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'Downloading https://registry.npmjs.org/undici/-/undici-7.30.2.tgz',
  'tokens processed: 1500',
];
