// `ticket download` keeps memory flat whatever the size: a 200 MB attachment served the way RT's
// REST 2.0 serves it (JSON, the file in base64 with line breaks, sent in chunks by a loopback
// server), downloaded through the RT adapter's stream decoder and the download operation, and the
// peak RSS of this process reported next to the file size. Usage: node bench/download-memory.mjs [MB]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './local-lib.mjs';

const mb = Number(process.argv[2] ?? 200);
const size = mb * 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), 'ticket-dl-bench-'));
try {
  const entry = join(tmp, 'entry.ts');
  writeFileSync(
    entry,
    `export { downloadAttachments } from ${JSON.stringify(join(ROOT, 'src/operations/download.ts'))};\nexport { openRtAttachment } from ${JSON.stringify(join(ROOT, 'src/backends/rt/download.ts'))};\n`,
  );
  await build({ entryPoints: [entry], outfile: join(tmp, 'lib.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'error' });
  const { downloadAttachments, openRtAttachment } = await import(pathToFileURL(join(tmp, 'lib.mjs')).href);

  // 57 raw bytes → one 76-character base64 line, as RT (MIME::Base64) writes it.
  const block = Buffer.alloc(57 * 1024, 0xa5);
  const lines = block.toString('base64').replace(/(.{76})/g, '$1\\n');
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"Filename":"big.bin","Headers":"Content-Type: \\"x\\"","Content":"');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(block.length, size - sent);
        const chunk = n === block.length ? lines : Buffer.alloc(n, 0xa5).toString('base64').replace(/(.{76})/g, '$1\\n');
        sent += n;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('","id":1}');
    };
    pump();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const root = `http://127.0.0.1:${server.address().port}`;
  const backend = {
    kind: 'rt',
    getTicket: async () => ({ id: '1', comments: [{ id: 'c', public: true, attachments: [{ name: 'big.bin', size, url: `${root}/Ticket/Attachment/1/1/big.bin` }] }] }),
    openAttachment: (id, a) => openRtAttachment({ root, auth: () => ({}), ready: async () => {} }, id, a),
  };
  const before = process.memoryUsage().rss;
  const t0 = Date.now();
  const [f] = await downloadAttachments(backend, '1', { dir: tmp, force: false });
  const ms = Date.now() - t0;
  server.close();
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`downloaded ${(statSync(f.path).size / 1048576).toFixed(0)} MB in ${(ms / 1000).toFixed(1)} s; RSS before ${(before / 1048576).toFixed(0)} MB, peak ${(peak / 1048576).toFixed(0)} MB (the JSON answer was ${((size * 4) / 3 / 1048576).toFixed(0)} MB of base64)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
