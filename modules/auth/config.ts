// Login policy from the environment, with safe defaults.
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loginPolicy() {
  return {
    /** Failed attempts in a row that lock the account. */
    maxFailedLogins: positiveInt('LOGIN_MAX_FAILED', 5),
    lockMinutes: positiveInt('LOGIN_LOCK_MINUTES', 15),
    /** Absolute session lifetime. */
    sessionMaxAgeSeconds: positiveInt('SESSION_MAX_AGE_SECONDS', 8 * 60 * 60),
  };
}
