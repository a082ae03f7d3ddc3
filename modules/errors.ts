// Errors that cross module borders carry a code the UI turns into text in the user's language.
export type AppErrorCode = 'unauthenticated' | 'forbidden' | 'not_found' | 'invalid_input';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
};
