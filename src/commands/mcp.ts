import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('mcp')
    .description(host.t('adm.help.mcp'))
    .addHelpText('after', '\n' + host.t('adm.help.mcp.after'))
    .action(async () => {
      const { runMcpServer } = await import('../mcp/server.js');
      await runMcpServer(host.context());
    });
}
