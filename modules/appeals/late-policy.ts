// How a request for reconsideration that arrived after the 30-day period is handled
// (APPEAL_LATE_POLICY): `examine` (default) prepares and rules on it like any other, the ruling
// stating the lateness; `dismiss` skips the preparation and gives a signed ruling that does not
// examine it. The appeal model's gateway after registration reads the policy the register step
// wrote into the instance, so a running appeal keeps the policy it was registered under.
export const LATE_APPEAL_POLICIES = ['examine', 'dismiss'] as const;
export type LateAppealPolicy = (typeof LATE_APPEAL_POLICIES)[number];

export class LateAppealPolicyError extends Error {
  override name = 'LateAppealPolicyError';
}

export function lateAppealPolicy(env: NodeJS.ProcessEnv = process.env): LateAppealPolicy {
  const raw = env.APPEAL_LATE_POLICY?.trim();
  if (!raw) return 'examine';
  if ((LATE_APPEAL_POLICIES as readonly string[]).includes(raw)) return raw as LateAppealPolicy;
  throw new LateAppealPolicyError(
    `APPEAL_LATE_POLICY must be one of ${LATE_APPEAL_POLICIES.join(', ')} (got "${raw}")`,
  );
}
