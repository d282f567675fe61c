// The detectors of src/redact: token shapes at least as broad as gitleaks' default rule set (one
// rule per vendor format, with the same prefixes and lengths), plus contextual rules (key=value,
// Authorization, URLs with a password, sshpass). Measured against secretlint's recommended preset
// on the same corpus (bench/hardening/redact-rules.mjs): the preset found 19 of 69 kinds, these
// rules find them all, so ticket keeps its own rules and no dependency.
//
// Every pattern is linear-time on long lines: a fixed prefix, bounded quantifiers, and a guard
// before the match so the engine does not retry from every position of a long run.

export interface Rule {
  name: string;
  re: RegExp;
  /** Replacement; default: the whole match becomes the marker. Receives the marker. */
  replace?: (mark: string, m: string, ...groups: string[]) => string;
}

const NOT_MARK = '(?!\\[REDACTED)';
/** Not preceded by a token character: the match starts at the start of a token. */
const B = '(?<![A-Za-z0-9_])';
/** Not followed by a token character. */
const E = '(?![A-Za-z0-9_])';

const tok = (name: string, body: string, flags = 'g'): Rule => ({ name, re: new RegExp(`${B}${body}`, flags) });
/** Keep group 1 (the context), mask group 2. */
const ctx = (name: string, re: RegExp): Rule => ({ name, re, replace: (mark, _m, pre) => `${pre}${mark}` });

// Order matters: whole blocks first, then the most specific token shapes, then contextual rules.
export const RULES: Rule[] = [
  {
    name: 'pem-private-key',
    re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
  },
  // The tail of a key whose BEGIN line was cut off by the log window.
  { name: 'pem-private-key', re: /^[\s\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g },
  tok('age-secret-key', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  // GitHub, GitLab
  tok('github-token', 'github_pat_[A-Za-z0-9_]{20,255}'),
  tok('github-token', 'gh[pousr]_[A-Za-z0-9_]{20,255}'),
  tok('gitlab-token', 'gl(?:pat|ptt|rt|dt|ft|imt|oas|cbt|soat|agent|ffct|sa)-[A-Za-z0-9_-]{20,100}'),
  tok('gitlab-token', 'GR1348941[A-Za-z0-9_-]{20,50}'),
  // Cloud providers
  { name: 'aws-access-key', re: /(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  ctx('aws-secret-key', /(aws[\w.-]{0,30}(?:secret|private)[\w.-]{0,30}["']?\s{0,5}[:=]\s{0,5}["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi),
  tok('gcp-api-key', `AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])`),
  ctx('azure-storage-key', /((?:AccountKey|SharedAccessKey|sig)=)([A-Za-z0-9+/%]{20,200}={0,2})/g),
  { name: 'azure-ad-client-secret', re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g },
  tok('alibaba-key', 'LTAI[a-zA-Z0-9]{20}' + E),
  tok('digitalocean-token', 'do[opr]_v1_[a-f0-9]{64}'),
  tok('heroku-key', 'HRKU-[A-Za-z0-9_-]{60}'),
  ctx('heroku-key', /(heroku[\w .:=/"'-]{0,30}?)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi),
  tok('databricks-token', 'dapi[a-f0-9]{32}(?:-\\d)?' + E),
  tok('planetscale-token', 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}'),
  tok('terraform-token', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'),
  tok('pulumi-token', 'pul-[a-f0-9]{40}' + E),
  tok('doppler-token', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9_-]{40,44}'),
  tok('dynatrace-token', 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  tok('fly-token', '(?:fo1|fm1r|fm2)_[A-Za-z0-9+/=_-]{40,}'),
  tok('vault-token', 'hv[sbr]\\.[A-Za-z0-9_-]{24,300}'),
  tok('docker-token', 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}'),
  tok('npm-token', 'npm_[A-Za-z0-9]{36}' + E),
  tok('pypi-token', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'),
  tok('rubygems-token', 'rubygems_[a-f0-9]{48}' + E),
  tok('clojars-token', 'CLOJARS_[a-z0-9]{60}'),
  tok('huggingface-token', '(?:hf_|api_org_)[A-Za-z]{34}' + E),
  // AI vendors
  tok('anthropic-key', 'sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,120}'),
  tok('openai-key', 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{0,150}T3BlbkFJ[A-Za-z0-9_-]{10,150}'),
  tok('openai-key', 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}'),
  // Payments, messaging, SaaS
  tok('stripe-key', '(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}'),
  tok('square-token', '(?:sq0atp|sq0csp|EAAA)[0-9A-Za-z_-]{22,60}'),
  tok('shopify-token', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  tok('sendgrid-key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  tok('sendinblue-key', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  tok('twilio-key', 'SK[0-9a-fA-F]{32}' + E),
  tok('mailgun-key', 'key-[0-9a-f]{32}' + E),
  tok('mailchimp-key', '[0-9a-f]{32}-us\\d{1,2}' + E),
  tok('postman-key', 'PMAK-[A-Fa-f0-9]{24}-[A-Fa-f0-9]{34}'),
  tok('linear-key', 'lin_(?:api|oauth)_[A-Za-z0-9]{40}'),
  tok('newrelic-key', 'NR(?:AK|II|JS|AA)-[A-Za-z0-9]{27}'),
  tok('grafana-token', 'glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  tok('grafana-token', 'glc_[A-Za-z0-9+/]{32,400}={0,2}'),
  tok('atlassian-token', 'ATATT3[A-Za-z0-9_=-]{100,300}'),
  tok('sentry-token', 'sntr[ysu]_[A-Za-z0-9+/=_-]{30,200}'),
  tok('prefect-token', 'pnu_[A-Za-z0-9]{36}'),
  tok('readme-key', 'rdme_[a-z0-9]{70}'),
  tok('scalingo-token', 'tk-us-[A-Za-z0-9_-]{48}'),
  tok('easypost-key', 'EZ[AT]K[A-Za-z0-9]{54}'),
  tok('shippo-token', 'shippo_(?:live|test)_[a-f0-9]{40}'),
  // Telegram bot tokens: the numeric bot id, a colon, then 35 characters starting with A.
  { name: 'telegram-bot-token', re: /(?<![0-9])\d{5,16}:A[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/g },
  // Chat
  { name: 'slack-webhook', re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{10,}/g },
  { name: 'discord-webhook', re: /discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{20,100}/g },
  { name: 'slack-token', re: /xox[abposre]-[A-Za-z0-9-]{10,}/g },
  { name: 'slack-token', re: /xapp-\d-[A-Za-z0-9]+-\d+-[A-Za-z0-9]+/gi },
  // From the start of a run only: a long run of base64url without the dots fails in linear time.
  { name: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  // Contextual
  ctx('sshpass', new RegExp(`(\\bsshpass\\s{1,5}(?:-[a-zA-Z]\\s{1,5}){0,5}-p\\s{0,5})${NOT_MARK}('[^'\\n]{1,200}'|"[^"\\n]{1,200}"|[^\\s'"]{1,200})`, 'g')),
  ctx('url-password', new RegExp(`([a-z][a-z0-9+.-]{1,20}://[^\\s:@/?#"'<>]{0,200}:)${NOT_MARK}([^\\s@/?#"'<>]{1,300})(?=@)`, 'gi')),
  {
    name: 'authorization',
    re: new RegExp(
      `(\\b(?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)(?:(basic|bearer|token|digest|negotiate|ntlm|aws4-hmac-sha256)\\s+)?${NOT_MARK}(?!(?:basic|bearer|token|digest|negotiate|ntlm|aws4-hmac-sha256)\\s)([^\\s"',;]+)`,
      'gi',
    ),
    replace: (mark, _m, pre, scheme) => `${pre}${scheme ? scheme + ' ' : ''}${mark}`,
  },
  ctx('bearer', new RegExp(`(\\bbearer\\s+)${NOT_MARK}([A-Za-z0-9._~+/=-]{8,})`, 'gi')),
  ctx('cookie', new RegExp(`(\\b(?:set-)?cookie:\\s*)${NOT_MARK}([^\\n]+)`, 'gi')),
];
