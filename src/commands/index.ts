import type { Command } from 'commander';
import type { CommandHost } from '../cli/program.js';
import { registerTicketCommands } from './ticket/index.js';

/** Every command, in the order `ticket --help` lists them. */
export function registerCommands(program: Command, host: CommandHost): void {
  registerTicketCommands(program, host);
}
