import { describe, expect, it } from 'vitest';
import { countByFile, englishLiterals } from '../../helpers/literals.js';

// English prose written into src/ instead of the catalogue. ALLOWANCE is what is left to move
// (file → count); it may only shrink. Text that is not for people (protocol strings sent to a
// server, log lines for --debug) belongs in ALLOWED_FILES with the reason.
// Not prose, left in the counts: commander's position argument addHelpText('after', ...) (commands
// whose help has an epilogue), JSON error codes given to `new TicketError('internal' | 'not-applied'
// | 'unavailable', ...)` (operations/bulk.ts, undo.ts, write.ts), the piped `id<TAB>url` line and
// the nested template of the confirmation (io/created.ts), the `[debug]` trace prefix (io/output.ts).

const ALLOWANCE: Record<string, number> = {
  'src/io/created.ts': 2,
  'src/wizard/steps/kb.ts': 1,
};

const ALLOWED_FILES: Record<string, string> = {
  'src/mcp/tools.ts': 'tool descriptions for agents, read by a model, in English like the protocol itself',
};

describe('user-facing text comes from the catalogue', () => {
  it('no file has more English literals than its allowance', () => {
    const counts = countByFile(englishLiterals());
    const over = Object.entries(counts)
      .filter(([f, n]) => !(f in ALLOWED_FILES) && n > (ALLOWANCE[f] ?? 0))
      .map(([f, n]) => `${f}: ${n} (allowed ${ALLOWANCE[f] ?? 0})`);
    if (process.env.PRINT_LITERALS) console.log(JSON.stringify(counts, null, 1), englishLiterals().length);
    expect(over).toEqual([]);
  });
});
