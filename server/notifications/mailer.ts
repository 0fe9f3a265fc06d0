import type { FastifyBaseLogger } from 'fastify';
import type { NotificationKind } from './schemas.ts';

/** Who a message is for: one account, or every account of a body. */
export type Recipient = { userId: string } | { bodyId: string };

export interface MailMessage {
  to: Recipient[];
  subject: string;
  text: string;
  /** What it is about: decides the attachments (an invitation carries its .ics and Giấy mời). */
  kind?: NotificationKind;
  meetingId?: string | null;
}

/**
 * E-mail delivery behind an interface, so a real transport (SMTP, the government mail
 * gateway) can replace the development one without touching the callers. Addresses are
 * the transport's business: it resolves recipients to mailboxes.
 */
export interface Mailer {
  /** Takes the message; delivery (and its retries) happens after this resolves. */
  send(message: MailMessage): Promise<void>;
  /** Stops retrying and waits (bounded) for deliveries under way. */
  close?(): Promise<void>;
}

/** Development transport: writes each message to the log instead of sending it. */
export class LogMailer implements Mailer {
  private readonly log: FastifyBaseLogger;
  constructor(log: FastifyBaseLogger) {
    this.log = log;
  }

  async send(message: MailMessage): Promise<void> {
    const sample = message.to.slice(0, 5).map((r) => ('userId' in r ? `user:${r.userId}` : `body:${r.bodyId}`));
    this.log.info({ mail: { recipients: message.to.length, sample, subject: message.subject } }, 'mail (development transport, not sent)');
  }
}
