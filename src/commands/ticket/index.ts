import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';

export function registerTicketCommands(program: Command, host: CommandHost): void {
  void program;
  void host;
}
