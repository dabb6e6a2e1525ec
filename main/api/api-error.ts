import type { ApiErrorCode } from '../../shared/api-contract';
import type { FieldErrors } from '../../shared/settings';

/** An error a handler means to show the user; anything else becomes a generic 'internal' error. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
