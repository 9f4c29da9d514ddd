import { z } from 'zod';
import { fleetscopeConfig } from './schema/root';

/** The config's JSON schema as editors read it (input side: durations are strings). */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(fleetscopeConfig, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'fleetscope configuration' }, null, 2)}\n`;
}
