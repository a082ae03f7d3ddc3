// The e-mail notice in the client's language. It says only that something new waits in the
// e-service and links to its login: never a case number, name, amount or document title, so
// the function takes nothing that could carry them.
import { messages, fill, type Locale } from '@/modules/i18n';

export interface ComposedNotice {
  subject: string;
  text: string;
  html: string;
  link: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function composeNotice(locale: Locale, baseUrl: string): ComposedNotice {
  const t = messages(locale).notices.email;
  const link = `${baseUrl.replace(/\/+$/, '')}/${locale}/login`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head><body>`,
    `<p>${escapeHtml(t.intro)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(t.login)}</a></p>`,
    `<p>${escapeHtml(t.noReply)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: t.subject, text: fill(t.text, { link }), html, link };
}
