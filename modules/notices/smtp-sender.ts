// Sends one composed notice over SMTP (nodemailer). The drain talks to this small interface.
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface OutgoingNotice {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Our Message-ID: the same for every attempt of one notice, so a resend can be recognised. */
  messageId: string;
}

export interface NoticeSender {
  send(notice: OutgoingNotice): Promise<{ messageId: string }>;
  close(): void;
}

export function createSmtpSender(smtpUrl: string): NoticeSender {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Short limits: a hanging server must not outlive the claim's lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } satisfies SMTPTransport.Options);
  return {
    async send(notice) {
      const info = await transport.sendMail(notice);
      return { messageId: info.messageId || notice.messageId };
    },
    close() {
      transport.close();
    },
  };
}
