#!/usr/bin/env -S node --max-semi-space-size=32
// The CLI entry: runs the TypeScript sources through tsx, so there is no build step for the server.
// The V8 flag above (also in package.json's `start`) doubles the young generation: scrape by scrape
// the server makes many objects that live for a moment, and in a larger young generation fewer of
// them are copied to the old one; see docs/performance.md ("Garbage collection").
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
