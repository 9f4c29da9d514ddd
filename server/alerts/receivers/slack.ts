import type { Notification } from '../../store/records';
import { messageText, type RenderedRequest } from './summary';

/**
 * Slack incoming webhook with Block Kit (https://api.slack.com/messaging/webhooks,
 * https://api.slack.com/reference/block-kit/blocks). `text` is the fallback for
 * notifications; the header block's block_id carries the idempotency key.
 */
export function renderSlack(n: Notification): RenderedRequest {
  const m = messageText(n);
  const list = m.lines.map((l) => `• <${l.link}|${escape(l.text)}>`).join('\n');
  return {
    headers: {},
    body: {
      text: `${m.title}: ${m.headline}`,
      blocks: [
        { type: 'header', block_id: `fleetscope-${m.id}`.slice(0, 255), text: { type: 'plain_text', text: m.title.slice(0, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: `*${escape(m.headline)}*` } },
        { type: 'section', text: { type: 'mrkdwn', text: (list + (m.more ? `\n_${m.more}_` : '')).slice(0, 3000) } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in fleetscope' }, url: m.link }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `fleetscope · notification ${m.id}` }] },
      ],
    },
  };
}

/** Slack mrkdwn needs &, < and > escaped. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
