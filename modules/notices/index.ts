// Public surface of the notices module: e-mail notices over SMTP and the client's consent to
// electronic delivery.
export { composeNotice, type ComposedNotice } from './compose-notice';
export { currentDeliveryConsent, type DeliveryConsent } from './current-delivery-consent';
export {
  claimNotices,
  drainNoticeOutbox,
  maskAddresses,
  type ClaimedNotice,
  type DrainResult,
} from './drain-notice-outbox';
export { listNoticeProblems, type FailedNotice } from './list-notice-problems';
export { loadNoticeSettings, type NoticeSettingsView } from './load-notice-settings';
export { noticeSettings, DEFAULT_NOTICE_SETTINGS, type NoticeSettings } from './notice-settings';
export { recordDeliveryConsent } from './record-delivery-consent';
export { startNoticeDrain, type NoticeDrain } from './run-notice-drain';
export { EMAIL_MAX_LENGTH, setNoticeEmail } from './set-notice-email';
export { createSmtpSender, type NoticeSender, type OutgoingNotice } from './smtp-sender';
