import { handler } from '../dispatcher.ts';
import { mayRead, readsAllMessages } from '../messages.ts';

/**
 * sendMessage: the room's text channel. Stored before anyone sees it; then a question to the
 * chủ trì reaches the chairs, the secretary and the sending body's own sites, a note to all
 * reaches every site in the room.
 */
export const sendMessage = handler('sendMessage', 'admitted', async ({ app, live, peer }, p) => {
  await live.messages.ready();
  const message = await live.messages.store({
    userId: peer.user.id, siteId: peer.siteId, siteName: peer.siteName,
    senderName: peer.substituteName ?? peer.displayName, to: p.to, text: p.text.trim(),
  });
  if (message.to === 'all') {
    live.emitAll('message', message);
  } else {
    for (const reader of live.admitted()) {
      if (mayRead(message, { siteId: reader.siteId, readsAll: readsAllMessages(app.units, reader.user, live.resource) })) live.emitTo(reader, 'message', message);
    }
  }
  return { message };
});
