import type { Notification } from '../../store/records';
import { messageText, type RenderedRequest } from './summary';

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: a message with
 * one Adaptive Card attachment (https://adaptivecards.io/explorer/AdaptiveCard.html;
 * "Post to a channel when a webhook request is received"). The card's first
 * TextBlock has the idempotency key as its id.
 */
const LINE_TITLE = { firing: 'Firing', resolved: 'Resolved', info: '•' } as const;

export function renderTeams(n: Notification): RenderedRequest {
  const m = messageText(n);
  return {
    headers: {},
    body: {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              {
                type: 'TextBlock',
                id: `fleetscope-${m.id}`,
                text: m.title,
                weight: 'Bolder',
                size: 'Medium',
                wrap: true,
                color: n.report ? 'Accent' : n.status === 'firing' ? 'Attention' : 'Good',
              },
              { type: 'TextBlock', text: m.headline, wrap: true },
              { type: 'FactSet', facts: m.lines.map((l) => ({ title: LINE_TITLE[l.status], value: l.text })) },
              ...(m.more ? [{ type: 'TextBlock', text: m.more, isSubtle: true, wrap: true }] : []),
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open in fleetscope', url: m.link }],
          },
        },
      ],
    },
  };
}
