// The command's body, the same in the sources (run through tsx) and in the build (dist/server/fleetscope.mjs).
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2));
