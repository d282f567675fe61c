#!/usr/bin/env node
// Thin shim: all logic, and the only process exit, live in src/cli.
import { main } from '../dist/cli.js';

await main();
