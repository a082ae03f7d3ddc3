// Statutory time limits of income support (DOMAIN.md "Time limits"). Working days for the
// decision deadline, calendar days for notification, the period-counting rule for appeals.
import { addDays, addWorkingDays, periodEnd, type IsoDate } from './finnish-calendar';

export const DECISION_WORKING_DAYS = 7;
export const APPEAL_PERIOD_DAYS = 30;

/**
 * Toimeentulotukilaki 14 a §: decide at the latest on the 7th working day after a complete
 * application arrived; urgent cases the same or the next working day (the later is the limit).
 */
export function decisionDeadline(completeOn: IsoDate, options: { urgent?: boolean } = {}): IsoDate {
  // The same day is the aim; the next working day is the limit either way.
  if (options.urgent) return addWorkingDays(completeOn, 1);
  return addWorkingDays(completeOn, DECISION_WORKING_DAYS);
}

export type DeliveryChannel = 'electronic' | 'post';

/** Days after sending on which the client is deemed notified (hallintolaki 59 §; 13/2003 19 §). */
export const NOTIFICATION_DAYS: Record<DeliveryChannel, number> = { electronic: 3, post: 7 };

/** The date the client is deemed to have received the decision, unless shown otherwise. */
export function deemedNotificationDate(sentOn: IsoDate, channel: DeliveryChannel): IsoDate {
  return addDays(sentOn, NOTIFICATION_DAYS[channel]);
}

/**
 * Oikaisuvaatimus within 30 days of notification (hallintolaki 49 c §): the notification day
 * is not counted, and a last day that is not a working day moves to the next one.
 */
export function appealDeadline(notifiedOn: IsoDate): IsoDate {
  return periodEnd(addDays(notifiedOn, APPEAL_PERIOD_DAYS));
}

/** A reply deadline given to the client (default 7 days), extended like any statutory period. */
export function replyDeadline(requestSentOn: IsoDate, days = 7): IsoDate {
  return periodEnd(addDays(requestSentOn, days));
}
