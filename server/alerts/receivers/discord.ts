import type { Notification } from '../../store/records';
import { messageText, type RenderedRequest } from './summary';

const RED = 0xd93f0b;
const GREEN = 0x2da44e;
const BLUE = 0x0969da;

/**
 * Discord execute-webhook with an embed (https://discord.com/developers/docs/resources/webhook#execute-webhook,
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits):
 * title ≤ 256, description ≤ 4096, ≤ 25 fields. The footer carries the idempotency key.
 */
export function renderDiscord(n: Notification): RenderedRequest {
  const m = messageText(n);
  const description = [m.headline, '', ...m.lines.map((l) => `[${l.text}](${l.link})`), ...(m.more ? [m.more] : [])].join('\n');
  return {
    headers: {},
    body: {
      username: 'fleetscope',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: m.title.slice(0, 256),
          url: m.link,
          description: description.slice(0, 4096),
          color: n.report ? BLUE : n.status === 'firing' ? RED : GREEN,
          timestamp: new Date(n.createdAt).toISOString(),
          footer: { text: `fleetscope · notification ${m.id}` },
        },
      ],
    },
  };
}
