import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import * as newCmd from './ticket/new.js';
import * as create from './ticket/create.js';
import * as list from './ticket/list.js';
import * as show from './ticket/show.js';
import * as reply from './ticket/reply.js';
import * as close from './ticket/close.js';
import * as reopen from './ticket/reopen.js';
import * as update from './ticket/update.js';
import * as bulk from './ticket/bulk.js';
import * as ciFailure from './ci-failure.js';
import * as categories from './ticket/categories.js';
import * as kb from './kb/index.js';
import * as doctor from './doctor.js';
import * as init from './init.js';
import * as config from './config/index.js';
import * as profile from './profile/index.js';
import * as drafts from './drafts/index.js';
import * as outbox from './outbox/index.js';
import * as status from './status.js';
import * as browse from './ticket/browse.js';
import * as download from './ticket/download.js';
import * as completion from './completion.js';
import * as mcp from './mcp.js';
import * as journal from './journal.js';
import * as schema from './schema.js';

/**
 * Every command, in the order `ticket --help` lists them. Command modules keep their top-level
 * imports light (types, flag parsing); the work is loaded when the action runs.
 */
export function registerCommands(program: Command, host: CommandHost): void {
  for (const m of [newCmd, create, list, show, reply, close, reopen, update, bulk, status, browse, download, ciFailure, categories, kb, doctor, init, config, profile, drafts, outbox, journal, mcp, schema, completion]) {
    m.register(program, host);
  }
}
