// Moved to src/operations/submit.ts.
export * from '../../../operations/submit.js';
