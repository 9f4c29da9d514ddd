// Writes config/fleetscope.schema.json for editors (yaml-language-server, VS Code). Run: npm run schema
import { writeFile } from 'node:fs/promises';
import { configJsonSchema } from './json-schema';

const target = new URL('../../config/fleetscope.schema.json', import.meta.url);
await writeFile(target, configJsonSchema());
console.log(`wrote ${target.pathname}`);
