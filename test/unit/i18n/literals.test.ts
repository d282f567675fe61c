import { describe, expect, it } from 'vitest';
import { countByFile, englishLiterals } from '../../helpers/literals.js';

// English prose written into src/ instead of the catalogue. ALLOWANCE is what is left to move
// (file → count); it may only shrink. Text that is not for people (protocol strings sent to a
// server, log lines for --debug) belongs in ALLOWED_FILES with the reason.
// Not prose, and not counted (see literals.ts): commander's position argument addHelpText('after',
// ...), JSON error codes given as an error's first argument, the `[debug]` trace prefix, and the
// code inside the ${…} holes of a template (the piped `id<TAB>url` line of io/created.ts).

const ALLOWANCE: Record<string, number> = {};

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
