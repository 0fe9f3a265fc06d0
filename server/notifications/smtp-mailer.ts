import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { MeetingAttachments, type MailAttachment } from './mail-attachments.ts';
import { resolveMailboxes } from './mail-recipients.ts';
import type { MailMessage, Mailer } from './mailer.ts';

type SmtpSettings = Pick<Config, 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'MAIL_FROM' | 'MAIL_ATTEMPTS' | 'MAIL_RETRY_SECONDS'>;

/** Whether the settings name an SMTP server at all (otherwise mail only goes to the log). */
export const smtpConfigured = (config: SmtpSettings) => Boolean(config.SMTP_URL || config.SMTP_HOST);

interface Envelope {
  to: string[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

/** Waits before try n+1 after n failures: base, 2·base, 4·base … capped at an hour. */
export const retryDelayMs = (baseSeconds: number, failures: number) => Math.min(3_600_000, baseSeconds * 1000 * 2 ** (failures - 1));

/** An SMTP reply in the 5xx range is a refusal that trying again will not change. */
const permanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * Real mail over SMTP (a pooled nodemailer transport). `send` returns once the message is
 * taken: recipients are resolved and each mailbox gets its own message in the background,
 * tried again with doubling waits when the server cannot be reached or answers 4xx. The
 * request that caused it never waits for mail. The log names counts, never addresses.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private readonly db: Db;
  private readonly settings: SmtpSettings;
  private readonly baseUrl: string;
  private readonly log: FastifyBaseLogger;

  constructor(db: Db, settings: SmtpSettings, baseUrl: string, log: FastifyBaseLogger) {
    this.db = db;
    this.settings = settings;
    this.baseUrl = baseUrl;
    this.log = log;
    const auth = settings.SMTP_USER ? { auth: { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? '' } } : {};
    this.transport = settings.SMTP_URL
      ? nodemailer.createTransport(`${settings.SMTP_URL}${settings.SMTP_URL.includes('?') ? '&' : '?'}pool=true`)
      : nodemailer.createTransport({ pool: true, host: settings.SMTP_HOST, port: settings.SMTP_PORT, secure: settings.SMTP_SECURE, ...auth });
  }

  async send(message: MailMessage): Promise<void> {
    if (this.closed) return;
    this.track((async () => {
      const boxes = await resolveMailboxes(this.db, message.to);
      if (boxes.length === 0) return;
      const attachments = await MeetingAttachments.load(this.db, message.kind, message.meetingId);
      const link = message.meetingId ? `\n\nXem chi tiết / Details: ${this.baseUrl}/meetings/${message.meetingId}` : '';
      for (const box of boxes) {
        this.deliver({ to: box.addresses, subject: message.subject, text: `${message.text}${link}`, attachments: await attachments.for(box.bodyId, this.baseUrl) }, 1);
      }
      this.log.info({ mail: { kind: message.kind, mailboxes: boxes.length } }, 'mail queued');
    })().catch((err: unknown) => this.log.error({ err }, 'mail not prepared')));
  }

  private deliver(envelope: Envelope, attempt: number): void {
    if (this.closed) return;
    this.track(this.transport.sendMail({ from: this.settings.MAIL_FROM, ...envelope }).then(
      () => undefined,
      (err: unknown) => {
        const last = attempt >= this.settings.MAIL_ATTEMPTS || permanent(err);
        const summary = { attempt, code: (err as { code?: string }).code, responseCode: (err as { responseCode?: number }).responseCode };
        if (last || this.closed) {
          this.log.error({ mail: summary }, 'mail given up');
          return;
        }
        const wait = retryDelayMs(this.settings.MAIL_RETRY_SECONDS, attempt);
        this.log.warn({ mail: { ...summary, retryInMs: wait } }, 'mail delivery failed, will retry');
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.deliver(envelope, attempt + 1);
        }, wait);
        timer.unref();
        this.timers.add(timer);
      },
    ));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Messages being prepared or sent, and those waiting for a retry. */
  get backlog(): number {
    return this.pending.size + this.timers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    if (this.timers.size > 0) this.log.warn({ mail: { dropped: this.timers.size } }, 'mail retries dropped at shutdown');
    this.timers.clear();
    // Deliveries under way get a few seconds; the SMTP pool is closed either way.
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    this.transport.close();
  }
}
