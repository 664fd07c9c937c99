// The web chat on the channel contract: the page and its JSON API, and the mailbox agents' replies wait in.
import { channelModule } from '../channel.ts';
import { type WebSettings, webSettings } from './web-settings.ts';

/** The web chat: on unless WEB_CHAT=off; during a handoff, messages for its users wait in the mailbox. */
export const webModule = channelModule<WebSettings>({
  name: 'web',
  label: 'web chat',
  settings: webSettings,
  async create({ settings, bot, log, mailbox, handoffs }) {
    const [{ createWebChatRouter }, { createWebUserChannel }] = await Promise.all([
      import('./web-chat-router.ts'),
      import('./web-inbox.ts'),
    ]);
    return {
      name: 'web',
      router: createWebChatRouter({ bot, log, mailbox, access: settings.access }),
      users: handoffs && mailbox ? { web: createWebUserChannel(mailbox) } : undefined,
    };
  },
});
