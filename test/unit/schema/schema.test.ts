// `ticket schema` is generated from the real definitions: every commander command, flag and argument
// is in it, the values it documents are the ones the CLI parsers accept, and the MCP tools' inputs
// are the flags' names in camelCase.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { Command, Option } from 'commander';
import Ajv2020Module from 'ajv/dist/2020.js';
import { createProgram } from '../../../src/cli/program.js';
import { allCommands, cliSchema, commandPath } from '../../../src/schema/cli.js';
import { collect, filterFrom, parsePriority, parseStatus, parseStatuses, parseType, parseSince } from '../../../src/commands/shared/options.js';
import { TOOLS } from '../../../src/schema/tools.js';
import { VALUES } from '../../../src/schema/json.js';
import { PRIORITIES, STATUSES, TICKET_TYPES } from '../../../src/model.js';
import { runCli, tempHome } from '../../helpers/run-cli.js';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => {
  validateSchema(s: object): boolean;
  compile(s: object): (v: unknown) => boolean;
  errors?: unknown;
};

function program(): Command {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  return createProgram({ argv: [], io, env: {}, getContext: () => { throw new Error('no context in this test'); } });
}
const repeatable = (o: Option) => (o as unknown as { parseArg?: unknown }).parseArg === collect;

describe('ticket schema', () => {
  const p = program();
  const doc = cliSchema(p, repeatable) as any;

  it('is a valid draft 2020-12 document describing every command, flag and argument of the program', () => {
    const ajv = new Ajv2020({ strict: false });
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(doc), JSON.stringify(ajv.errors)).toBe(true);
    const cmds = allCommands(p);
    expect(Object.keys(doc.commands).sort()).toEqual(cmds.map(commandPath).sort());
    for (const c of cmds) {
      const entry = doc.commands[commandPath(c)];
      const flags = (c.options as Option[]).filter((o) => o.long !== '--help').map((o) => o.attributeName());
      expect(Object.keys(entry.flags.properties), commandPath(c)).toEqual(flags);
      expect(entry.arguments.map((a: { name: string }) => a.name)).toEqual(c.registeredArguments.map((a) => a.name()));
      for (const o of c.options as Option[]) {
        if (o.long === '--help') continue;
        const s = entry.flags.properties[o.attributeName()];
        expect(s['x-flag']).toBe(o.flags);
        expect(s.type === 'array', `${commandPath(c)} ${o.flags}`).toBe(repeatable(o));
        if (o.isBoolean() || o.negate) expect(s.type).toBe('boolean');
      }
      for (const code of entry.exitCodes) expect(Object.keys(doc.exitCodes)).toContain(String(code));
    }
    // Global flags, --fields included.
    expect(Object.keys(doc.globalFlags.properties)).toEqual(expect.arrayContaining(['profile', 'json', 'fields', 'input', 'color', 'debug', 'lang']));
    // Every $ref resolves: each output compiles with the shared definitions.
    for (const [name, c] of Object.entries<any>(doc.commands)) {
      if (c.output) expect(() => ajv.compile({ ...c.output, $defs: doc.$defs }), name).not.toThrow();
    }
  });

  it('documents exactly the values the CLI parsers accept', () => {
    const upd = doc.commands.update.flags.properties;
    expect(upd.status.enum).toEqual([...STATUSES]);
    for (const s of upd.status.enum) expect(parseStatus(s)).toBe(s);
    expect(() => parseStatus('finished')).toThrow();
    expect(upd.priority.enum).toEqual([...PRIORITIES]);
    for (const s of upd.priority.enum) expect(parsePriority(s)).toBe(s);
    expect(doc.commands.create.flags.properties.type.enum).toEqual([...TICKET_TYPES]);
    for (const t of TICKET_TYPES) expect(parseType(t)).toBe(t);
    const list = doc.commands.list.flags.properties;
    const statuses = new RegExp(list.status.pattern);
    for (const ok of ['open', 'open,pending', 'new, solved']) {
      expect(statuses.test(ok)).toBe(true);
      expect(() => parseStatuses(ok)).not.toThrow();
    }
    expect(statuses.test('open,finished')).toBe(false);
    expect(() => parseStatuses('open,finished')).toThrow();
    expect(list.sort.enum).toEqual(['created', 'updated']);
    for (const s of list.sort.enum) expect(filterFrom({ sort: s }, new Date()).sort).toBe(s);
    expect(() => filterFrom({ sort: 'priority' }, new Date())).toThrow();
    const since = new RegExp(list.since.pattern);
    for (const ok of ['7d', '12h', '2w', '30m', '2026-11-01']) {
      expect(since.test(ok), ok).toBe(true);
      expect(() => parseSince(ok, new Date())).not.toThrow();
    }
    expect(since.test('yesterday')).toBe(false);
    expect(doc.commands.close.flags.properties.status.enum).toEqual(['solved', 'closed']);
    expect(doc.commands.close.flags.properties.status.default).toBe('solved');
  });

  it('MCP tool inputs are the flags\' names in camelCase (or the contract\'s own names), with the same value schemas', () => {
    // The contract's names that are not a flag of the command: list/set forms of repeatable flags,
    // the bulk target forms, and what agents give instead of a file or a prompt.
    const renamed: Record<string, string[]> = {
      ticket_list: ['fields'],
      ticket_show: ['id', 'fields'],
      ticket_create: ['fields', 'tags', 'justification', 'dryRun'],
      ticket_reply: ['id', 'dryRun'],
      ticket_update: ['id', 'fields', 'comment', 'dryRun'],
      ticket_close: ['id', 'dryRun'],
      ticket_reopen: ['id', 'dryRun'],
      ticket_bulk: ['ids', 'filter'],
      categories_list: [],
      category_show: ['id'],
      kb_search: ['query'],
      kb_show: ['id'],
    };
    for (const t of TOOLS) {
      const flags = Object.keys(doc.commands[t.command].flags.properties);
      for (const k of Object.keys(t.input.properties as object)) {
        expect(flags.includes(k) || renamed[t.name]!.includes(k), `${t.name}.${k}`).toBe(true);
      }
    }
    const upd = TOOLS.find((t) => t.name === 'ticket_update')!.input.properties as any;
    expect(upd.status).toEqual(VALUES.status);
    expect(doc.commands.update.flags.properties.status.enum).toEqual(upd.status.enum);
  });

  it('`ticket schema [command]` prints it, and refuses an unknown command with exit 2', async () => {
    const home = tempHome();
    const all = await runCli(['schema'], { home, env: { TICKET_HOME: home } });
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual(JSON.parse(JSON.stringify(doc)));
    const one = await runCli(['schema', 'kb', 'search'], { home, env: { TICKET_HOME: home } });
    expect(Object.keys(JSON.parse(one.stdout).commands)).toEqual(['kb search']);
    const bad = await runCli(['schema', 'frobnicate'], { home, env: { TICKET_HOME: home } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('update');
  });
});
