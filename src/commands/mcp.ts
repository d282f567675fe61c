import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('mcp')
    .description('Model Context Protocol server over stdio, for AI agents (the profile: --profile or the current one)')
    .addHelpText(
      'after',
      `
Tools: ticket_list ticket_show ticket_create ticket_reply ticket_update ticket_close ticket_reopen
       ticket_bulk categories_list category_show kb_search kb_show
Resources: ticket://categories, ticket://categories/{id}, ticket://profile/allowed-operations
Only protocol messages go to stdout; see docs/agents.md for the client set-up.`,
    )
    .action(async () => {
      const { runMcpServer } = await import('../mcp/server.js');
      await runMcpServer(host.context());
    });
}
