// The hardening harness: hostile input, faults and secrets, tried against a built `ticket`, counted
// per family (cases tried, cases failing). Re-run to get the figures:
//   npm run build && node bench/hardening/run.mjs [--bin path/to/bin/ticket.js] [--only family] [--verbose]
// RT cases use the RT server of the environment when RT_URL / RT_CUSTOMER_USER / RT_CUSTOMER_TOKEN /
// RT_CUSTOMER_PASSWORD are set, and are skipped otherwise.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, statSync, symlinkSync, chmodSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startFake, HOSTILE } from './fake.mjs';
import { SECRET_CORPUS, ENV_CORPUS, SECRET_ENV } from './secret-corpus.mjs';

const args = process.argv.slice(2);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const BIN = opt('--bin') ?? fileURLToPath(new URL('../../bin/ticket.js', import.meta.url));
const ONLY = opt('--only');
const VERBOSE = args.includes('--verbose');
const RT = process.env.RT_URL && process.env.RT_CUSTOMER_TOKEN ? process.env : null;

const home = () => mkdtempSync(join(tmpdir(), 'ticket-harden-'));
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Run the binary; `pty` runs it under `script` (a pseudo-terminal with 0 columns, as CI wrappers give). */
function ticket(argv, { env = {}, input, timeout = 20_000, pty = false, h = home(), killAfter, killWhen = () => true, signal = 'SIGTERM' } = {}) {
  const fullEnv = { PATH: process.env.PATH, HOME: h, TICKET_HOME: h, LANG: 'C', ...env };
  const started = Date.now();
  const cmd = pty ? 'script' : process.execPath;
  const argl = pty ? ['-qefc', [process.execPath, BIN, ...argv].map(q).join(' '), '/dev/null'] : [BIN, ...argv];
  return new Promise((resolve) => {
    const child = spawn(cmd, argl, { env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.on('error', () => undefined);
    if (input !== undefined) child.stdin.end(input);
    else if (!pty) child.stdin.end();
    let timedOut = false;
    let signalledAt = null;
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    const t = setTimeout(() => {
      timedOut = true;
      kill('SIGKILL');
    }, timeout);
    let k;
    if (killAfter !== undefined) {
      const fire = () => {
        // Once the process is where the case wants it (e.g. its request reached the server).
        if (!killWhen()) return void (k = setTimeout(fire, 50));
        signalledAt = Date.now();
        // Signal the node process itself (under `script`, the child of the shell).
        if (pty) {
          try {
            const pids = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
            for (const p of pids) process.kill(Number(p), signal);
          } catch {
            kill(signal);
          }
        } else child.kill(signal);
      };
      k = setTimeout(fire, killAfter);
    }
    child.on('close', (code, sig) => {
      clearTimeout(t);
      clearTimeout(k);
      resolve({ code, sig, stdout, stderr, ms: Date.now() - started, timedOut, afterSignalMs: signalledAt ? Date.now() - signalledAt : null, home: h });
    });
  });
}

function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  try {
    walk(dir);
  } catch {
    /* none */
  }
  return out;
}
const anyFileContains = (dir, s) => filesUnder(dir).some((f) => readFileSync(f, 'latin1').includes(s));
// Raw control characters a terminal interprets (C0 but \t \n, DEL, C1, bidi controls).
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const noRawControl = (s) => !RAW_CONTROL.test(s.replace(/\r\n/g, '\n'));
const clearError = (r) => !/Unexpected error|report it|\n\s+at /.test(r.stderr);

const fake = await startFake();
const ZD = (extra = {}) => ({ TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: 'ann@example.com', TICKET_TOKEN: 'zd-secret-token-123456', ...extra });
const RTF = (extra = {}) => ({ TICKET_BACKEND: 'rt', TICKET_URL: fake.url, TICKET_USER: 'ann', TICKET_TOKEN: 'rt-secret-token-123456', ...extra });
const RTREAL = () => ({ TICKET_BACKEND: 'rt', TICKET_URL: RT.RT_URL, TICKET_USER: RT.RT_CUSTOMER_USER, TICKET_TOKEN: RT.RT_CUSTOMER_TOKEN });

const FORMS_REDOS = `categories:\n  - id: APP\n    name: App\n    fields:\n      - key: code\n        label: Code\n        pattern: "^(a+)+$"\n`;
const FORMS_PROTO = `categories:\n  - id: APP\n    name: App\n    fields:\n      - key: constructor\n        label: Constructor\n        required: true\n`;
function withForms(text) {
  const h = home();
  mkdirSync(join(h, 'config'), { recursive: true });
  writeFileSync(join(h, 'config', 'forms.yaml'), text);
  return { h };
}
async function configSet(h, key, value) {
  return ticket(['config', 'set', key, value], { h });
}
const create = (extra, o = {}) => ticket(['create', '-c', 'IT', '-s', 'Printer down', '-b', 'It jams', '--yes', ...extra], o);

/** [family, name, async () => boolean (true = behaves as documented)] */
const CASES = [];
const add = (family, name, fn) => CASES.push([family, name, fn]);

// ---------- hangs and unbounded work ----------
for (const cmd of [['list'], ['show', '1'], ['create', '-c', 'default', '-s', 'Printer down', '-b', 'It jams', '--yes']]) {
  add('hangs', `0-column pty: zendesk ${cmd[0]} ends`, async () => {
    fake.reset();
    fake.state.delayMs = 300;
    const r = await ticket(cmd, { env: ZD(), pty: true, timeout: 15_000 });
    return !r.timedOut && r.code === 0;
  });
  if (RT)
    add('hangs', `0-column pty: RT ${cmd[0]} ends`, async () => {
      const c = cmd[0] === 'create' ? ['create', '-c', 'IT', '-s', 'pty harness', '-b', 'It jams', '--yes'] : cmd[0] === 'show' ? ['show', '1'] : cmd;
      // The shared RT server can be slow under load: the case is about ending, not speed.
      const r = await ticket(c, { env: RTREAL(), pty: true, timeout: 90_000 });
      return !r.timedOut && r.code === 0;
    });
}
add('hangs', '0-column pty: SIGTERM during a slow list ends promptly', async () => {
  fake.reset();
  fake.state.delayMs = 8000;
  const r = await ticket(['list'], { env: ZD(), pty: true, timeout: 15_000, killAfter: 500, killWhen: () => fake.state.seen.length > 0 });
  return !r.timedOut && r.afterSignalMs !== null && r.afterSignalMs < 3000;
});
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  add('hangs', `${sig} during a slow request: exit 130 promptly`, async () => {
    fake.reset();
    fake.state.delayMs = 8000;
    const r = await ticket(['list'], { env: ZD(), timeout: 15_000, killAfter: 300, killWhen: () => fake.state.seen.length > 0, signal: sig });
    return !r.timedOut && r.afterSignalMs < 3000 && r.code === 130;
  });
}
for (const [name, env] of [['zendesk (undici)', ZD], ['RT (node:http)', RTF]]) {
  add('hangs', `trickling server: ${name} list gives up (exit 5, says timed out)`, async () => {
    fake.reset('trickle');
    const h = home();
    await configSet(h, 'timeoutMs', '3000');
    const r = await ticket(['list'], { env: env(), h, timeout: 60_000 });
    return !r.timedOut && r.code === 5 && /timed out/i.test(r.stderr) && !/\(\d+\)/.test(r.stderr);
  });
  add('hangs', `200 MB response: ${name} list is exit 5 with a clear message`, async () => {
    fake.reset('huge');
    const r = await ticket(['list'], { env: env(), timeout: 60_000 });
    return !r.timedOut && r.code === 5 && /too large|larger than|MB/i.test(r.stderr);
  });
}
for (const [key, value] of [['timeoutMs', '0'], ['timeoutMs', '1e12'], ['timeoutMs', '-5'], ['timeoutMs', '1.5'], ['reopenWindowDays', '1e9'], ['reopenWindowDays', '-1']]) {
  add('hangs', `config set ${key} ${value} refused (exit 2, names the range)`, async () => {
    const r = await ticket(['config', 'set', key, value]);
    return r.code === 2 && /between|range|from .* to/i.test(r.stderr);
  });
}
add('hangs', 'config set timeoutMs 30000 still accepted', async () => (await ticket(['config', 'set', 'timeoutMs', '30000'])).code === 0);
add('hangs', 'forms pattern ^(a+)+$ does not hang create', async () => {
  const { h } = withForms(FORMS_REDOS);
  const r = await ticket(['create', '-c', 'APP', '-s', 'x', '-b', 'y', '-f', 'code=' + 'a'.repeat(40) + '!', '--yes'], { h, timeout: 20_000 });
  return !r.timedOut && (r.code === 2 || r.code === 4) && /code/i.test(r.stderr);
});

// ---------- integrity ----------
for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
  add('integrity', `config set ${key} x refused (exit 2)`, async () => {
    const h = home();
    const r = await ticket(['config', 'set', key, 'x'], { h });
    const cfg = existsSync(join(h, 'config', 'config.json')) ? readFileSync(join(h, 'config', 'config.json'), 'utf8') : '';
    return r.code === 2 && !cfg.includes(key);
  });
  add('integrity', `config get ${key} refused (exit 2)`, async () => {
    const r = await ticket(['config', 'get', key]);
    return r.code === 2 && !/function|native code/.test(r.stdout);
  });
}
add('integrity', 'forms field keyed constructor: required field still required', async () => {
  const { h } = withForms(FORMS_PROTO);
  const r = await ticket(['create', '-c', 'APP', '-s', 'x', '-b', 'y', '--yes', '--json'], { h });
  return r.code === 2 && !anyFileContains(h, 'native code');
});
const fifoDir = home();
try {
  execFileSync('mkfifo', [join(fifoDir, 'pipe')]);
} catch {
  /* no mkfifo */
}
symlinkSync('/dev/zero', join(fifoDir, 'zero-link'));
for (const [name, p] of [['/proc/self/environ', '/proc/self/environ'], ['a FIFO', join(fifoDir, 'pipe')], ['/dev/zero', '/dev/zero'], ['a symlink to /dev/zero', join(fifoDir, 'zero-link')]]) {
  add('integrity', `--attach ${name} refused (exit 2, nothing stored)`, async () => {
    const r = await create(['--attach', p, '--json'], { timeout: 15_000 });
    return !r.timedOut && r.code === 2 && !/"id"/.test(r.stdout);
  });
}
add('integrity', 'create killed after the server accepted it: a re-run finds it (no duplicate)', async () => {
  fake.reset('hang-after-create');
  const h = home();
  const argv = ['create', '-c', 'default', '-s', 'Kill me once', '-b', 'It jams', '--yes', '--json'];
  await ticket(argv, { env: ZD(), h, timeout: 15_000, killAfter: 300, killWhen: () => fake.state.created > 0, signal: 'SIGKILL' });
  const first = fake.state.created;
  const firstKey = fake.state.seen.find((s) => s.method === 'POST')?.headers['idempotency-key'];
  fake.state.mode = 'ok';
  fake.state.seen = [];
  await ticket(argv, { env: ZD(), h, timeout: 15_000 });
  const second = fake.state.seen.find((s) => s.method === 'POST' && s.path === '/api/v2/tickets');
  // Zendesk honours Idempotency-Key: the re-run must resend the very same key.
  return first === 1 && !!firstKey && second?.headers['idempotency-key'] === firstKey;
});
// A home that cannot be written (running as root, permissions do not stop anything: /sys refuses
// every new file, like a read-only mount).
add('integrity', 'unwritable home: local create is exit 4 and says what to do', async () => {
  const r = await create([], { h: '/sys/ticket-harness-home', env: { HOME: '/tmp' } });
  return r.code === 4 && clearError(r) && /TICKET_HOME|writable/.test(r.stderr);
});
add('integrity', 'unwritable home: config set is exit 4 and says what to do', async () => {
  const r = await ticket(['config', 'set', 'name', 'Ann'], { h: '/sys/ticket-harness-home', env: { HOME: '/tmp' } });
  return r.code === 4 && clearError(r) && /TICKET_HOME|writable/.test(r.stderr);
});

// ---------- secrets ----------
for (const [kind, line, secret, env] of [...SECRET_CORPUS.map((c) => [...c, {}]), ...ENV_CORPUS.map((c) => [...c, SECRET_ENV])]) {
  add('secrets', `ci-failure: ${kind} never reaches the ticket`, async () => {
    const h = home();
    const log = join(h, 'job.log');
    writeFileSync(log, `step 1\nError: deploy failed: ${line}\n${line}\nexit 1\n`);
    const r = await ticket(['ci-failure', '--log', log, '--repository', 'o/r', '--workflow', 'w', '--job', 'j', '--run-id', '1', '--json'], { h, env });
    return r.code === 0 && !r.stdout.includes(secret) && !r.stderr.includes(secret) && !filesUnder(h).filter((f) => f !== log).some((f) => readFileSync(f, 'utf8').includes(secret));
  });
}
for (const [kind, out, secret, env] of [
  ['DB_PASSWORD=', `DB_PASSWORD=${'s3cr3t-' + 'x'.repeat(10)}`, 's3cr3t-' + 'x'.repeat(10), {}],
  ['*_TOKEN env value', `using ${SECRET_ENV.GITLAB_TOKEN}`, SECRET_ENV.GITLAB_TOKEN, { GITLAB_TOKEN: SECRET_ENV.GITLAB_TOKEN }],
  ['Stripe key', SECRET_CORPUS.find((c) => c[0] === 'stripe-secret')[1], SECRET_CORPUS.find((c) => c[0] === 'stripe-secret')[2], {}],
  ['Google key', SECRET_CORPUS.find((c) => c[0] === 'gcp-api-key')[1], SECRET_CORPUS.find((c) => c[0] === 'gcp-api-key')[2], {}],
  ['AWS key id', SECRET_CORPUS[0][1], SECRET_CORPUS[0][2], {}],
]) {
  add('secrets', `doctor check output: ${kind} redacted`, async () => {
    const { h } = withForms(`categories:\n  - id: APP\n    name: App\n    checks:\n      - name: env\n        program: sh\n        args: ["-c", ${JSON.stringify(`echo '${out}'; exit 1`)}]\n`);
    const r = await ticket(['doctor', '--json'], { h, env });
    return !r.stdout.includes(secret) && !r.stderr.includes(secret);
  });
}
if (RT && RT.RT_CUSTOMER_PASSWORD)
  add('secrets', 'RT session file is not named by a hash of the password', async () => {
    const h = home();
    await ticket(['list', '--limit', '1'], { h, env: { TICKET_BACKEND: 'rt', TICKET_URL: RT.RT_URL, TICKET_USER: RT.RT_CUSTOMER_USER, TICKET_PASSWORD: RT.RT_CUSTOMER_PASSWORD } });
    const bad = createHash('sha256').update(`${RT.RT_URL.replace(/\/+$/, '')}\0${RT.RT_CUSTOMER_USER}\0${RT.RT_CUSTOMER_PASSWORD}`).digest('hex').slice(0, 24);
    const names = filesUnder(h).map((f) => f.split('/').pop());
    return names.some((n) => n.startsWith('rt-')) && !names.some((n) => n.includes(bad));
  });
add('secrets', '--debug trace shows no token', async () => {
  fake.reset();
  const r = await ticket(['list', '--debug'], { env: ZD() });
  return r.code === 0 && !r.stderr.includes('zd-secret-token-123456') && !r.stderr.includes(Buffer.from('ann@example.com/token:zd-secret-token-123456').toString('base64'));
});

// ---------- terminal and output safety ----------
for (const fmt of ['csv', 'json', 'jsonl', 'table']) {
  add('terminal', `list --format ${fmt}: control characters neutralised`, async () => {
    fake.reset();
    fake.state.subjects = [HOSTILE];
    const r = await ticket(['list', '--format', fmt], { env: ZD() });
    return r.code === 0 && noRawControl(r.stdout) && !/[\u009b\u202e\u2066]/.test(r.stdout);
  });
}
add('terminal', 'list --json: U+009B and U+202E escaped', async () => {
  fake.reset();
  fake.state.subjects = [HOSTILE];
  const r = await ticket(['list', '--json'], { env: ZD() });
  return r.code === 0 && !/[\u009b\u202e\u2066]/.test(r.stdout) && JSON.parse(r.stdout).length === 1;
});
add('terminal', 'show: control characters neutralised', async () => {
  fake.reset();
  fake.state.subjects = [HOSTILE];
  const r = await ticket(['show', '1'], { env: ZD() });
  return r.code === 0 && noRawControl(r.stdout);
});
for (const [name, env, cmd] of [['Zendesk 422', ZD, ['create', '-c', 'default', '-s', 'x', '-b', 'y', '--yes']], ['RT 500', RTF, ['list']]]) {
  for (const json of [false, true]) {
    add('terminal', `${name} error text on stderr neutralised${json ? ' (--json)' : ''}`, async () => {
      fake.reset('hostile-error');
      const r = await ticket([...cmd, ...(json ? ['--json'] : [])], { env: env() });
      return r.code !== 0 && r.stderr.length > 0 && noRawControl(r.stderr) && !/[\u009b\u202e\u2066]/.test(r.stderr);
    });
  }
}

// ---------- bad input ----------
const bad = (name, argv, o = {}, codes = [2]) =>
  add('bad-input', name, async () => {
    const r = await ticket(argv, { timeout: 30_000, ...o });
    return !r.timedOut && codes.includes(r.code) && clearError(r) && r.stderr.trim().length > 0;
  });
bad('list --since 2026-02-30', ['list', '--since', '2026-02-30']);
bad("list --since ''", ['list', '--since', '']);
bad('list --since 99999999999999999999d', ['list', '--since', '99999999999999999999d']);
bad('list --since 2026-13-01', ['list', '--since', '2026-13-01']);
bad("create with an empty body (-b '')", ['create', '-c', 'IT', '-s', 'x', '-b', '', '--yes']);
bad('create with a blank body (-b "  ")', ['create', '-c', 'IT', '-s', 'x', '-b', '  \n ', '--yes']);
bad('create, subject of control characters only', ['create', '-c', 'IT', '-s', '\u0001\u0002\u001b', '-b', 'y', '--yes']);
bad('create, subject of zero-width characters only', ['create', '-c', 'IT', '-s', '\u200b\u200d\ufeff', '-b', 'y', '--yes']);
bad('create, NUL byte in the body', ['create', '-c', 'IT', '-s', 'x', '--body-file', '-', '--yes'], { input: 'a\u0000b' });
bad("create --tag ''", ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--tag', '', '--yes']);
bad("create --tag 'a b'", ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--tag', 'a b', '--yes']);
bad("create --dedupe-key ''", ['create', '-c', 'IT', '-s', 'x', '-b', 'y', '--dedupe-key', '', '--yes']);
bad('config set lang klingon', ['config', 'set', 'lang', 'klingon']);
bad("config set email 'not an email'", ['config', 'set', 'email', 'not an email']);
bad('config set defaultCategory NOPE', ['config', 'set', 'defaultCategory', 'NOPE']);
bad('ci-failure --log-lines 1e99', ['ci-failure', '--log', '-', '--log-lines', '1e99', '--dry-run'], { input: 'Error: x\n' });
bad("ci-failure --fingerprint ''", ['ci-failure', '--log', '-', '--fingerprint', '', '--dry-run'], { input: 'Error: x\n' });
bad('outbox send nosuchid', ['outbox', 'send', 'nosuchid'], {}, [2, 3]);
bad('bulk: a 30 MB line on stdin', ['bulk', '--status', 'solved', '--yes'], { input: 'x'.repeat(30 * 1024 * 1024) + '\n' });
add('bad-input', 'Zendesk POST answered 302: a clear error, not exit 1', async () => {
  fake.reset('redirect-post');
  const r = await ticket(['create', '-c', 'default', '-s', 'x', '-b', 'y', '--yes'], { env: ZD() });
  return r.code !== 1 && r.code !== 0 && /redirect/i.test(r.stderr) && clearError(r);
});

// ---------- run ----------
const families = new Map();
for (const [family, name, fn] of CASES) {
  if (ONLY && family !== ONLY) continue;
  let ok = false;
  try {
    ok = await fn();
  } catch (e) {
    if (VERBOSE) console.error(e);
  }
  const f = families.get(family) ?? { tried: 0, failing: [] };
  f.tried++;
  if (!ok) f.failing.push(name);
  families.set(family, f);
  if (VERBOSE) console.error(`${ok ? 'ok  ' : 'FAIL'} ${family}: ${name}`);
}
await fake.close();
let tried = 0;
let failing = 0;
console.log(`bin: ${BIN}`);
for (const [family, f] of families) {
  tried += f.tried;
  failing += f.failing.length;
  console.log(`${family.padEnd(10)} tried ${String(f.tried).padStart(3)}  failing ${String(f.failing.length).padStart(3)}`);
  for (const n of f.failing) console.log(`    ✗ ${n}`);
}
console.log(`${'total'.padEnd(10)} tried ${String(tried).padStart(3)}  failing ${String(failing).padStart(3)}`);
