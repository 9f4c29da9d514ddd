import type { ReceiverType } from '../../config/schema/alerts';
import type { Notification } from '../../store/records';
import { renderDiscord } from './discord';
import { renderGoogleChat } from './googlechat';
import { renderSlack } from './slack';
import type { RenderedRequest } from './summary';
import { renderTeams } from './teams';
import { renderWebhook } from './webhook';

/** One renderer per platform: a pure function from a notification to the request body. */
export const RENDERERS: Record<ReceiverType, (n: Notification) => RenderedRequest> = {
  slack: renderSlack,
  teams: renderTeams,
  discord: renderDiscord,
  googlechat: renderGoogleChat,
  webhook: renderWebhook,
};
