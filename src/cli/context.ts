// Moved to src/context: the shared types every layer below the CLI uses.
export * from '../context/index.js';
