import type { Notification } from '../../store/records';
import { messageText, type RenderedRequest } from './summary';

/**
 * Google Chat incoming webhook with a card (cardsV2; https://developers.google.com/workspace/chat/api/reference/rest/v1/cards).
 * The idempotency key goes in as `messageId=client-…`: Chat refuses a second
 * message with the same id, so a retried delivery cannot post twice.
 */
export function renderGoogleChat(n: Notification): RenderedRequest {
  const m = messageText(n);
  return {
    headers: {},
    query: { messageId: `client-${m.id}`.slice(0, 63), messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' },
    body: {
      text: m.title,
      cardsV2: [
        {
          cardId: `fleetscope-${m.id}`,
          card: {
            header: { title: m.title, subtitle: m.headline },
            sections: [
              {
                widgets: [
                  ...m.lines.map((l) => ({
                    decoratedText: {
                      topLabel: l.status === 'firing' ? 'Firing' : l.status === 'resolved' ? 'Resolved' : '',
                      text: l.text,
                      wrapText: true,
                      button: { text: 'Open', onClick: { openLink: { url: l.link } } },
                    },
                  })),
                  ...(m.more ? [{ textParagraph: { text: m.more } }] : []),
                  { buttonList: { buttons: [{ text: 'Open in fleetscope', onClick: { openLink: { url: m.link } } }] } },
                ],
              },
            ],
          },
        },
      ],
    },
  };
}
