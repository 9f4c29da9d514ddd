#!/usr/bin/env node
// The CLI entry: runs the TypeScript sources through tsx, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
