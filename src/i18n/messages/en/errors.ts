// English, errors and their hints from backends, HTTP, config, stores, the knowledge base, forms and MCP.
export const errors = {
  'err.label': 'error:',
  'err.hint.label': 'hint:',
  'err.cancelled': 'Cancelled.',
  'err.internal': 'Unexpected error: {message}',
  'err.internal.hint': 'Run again with --debug for details, and report it if it persists.',
  'err.local.notFound': 'Ticket {id} not found.',
  'err.local.notFound.hint': 'List tickets with `ticket list` (ids are whole numbers).',
} as const;
