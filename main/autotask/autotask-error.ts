// The one error type the client throws. Every string in it has passed through the redactor, so it is
// safe to log, to show, and to store in a run's JSON details.

export type AutotaskErrorKind =
  | 'unknown-username'
  | 'bad-integration-code'
  | 'bad-secret'
  | 'missing-credentials'
  | 'permission'
  | 'threshold'
  | 'budget'
  | 'thread-limit'
  | 'unreachable'
  | 'bad-response'
  | 'validation'
  | 'invalid-query'
  | 'not-found'
  | 'page-cap'
  | 'unsafe-url'
  | 'aborted'
  | 'server';

export interface AutotaskErrorInit {
  kind: AutotaskErrorKind;
  userMessage: string;
  method: string;
  url: string;
  status?: number;
  errors?: string[];
  retryable?: boolean;
  /** What actually arrived or happened, for the log (a body excerpt, a socket error code). */
  detail?: string;
  /** When the server (or our own budget) says when to try again. */
  retryAfterMs?: number;
}

export class AutotaskError extends Error {
  readonly kind: AutotaskErrorKind;
  readonly status?: number;
  readonly errors: string[];
  readonly method: string;
  readonly url: string;
  readonly userMessage: string;
  readonly retryable: boolean;
  readonly detail?: string;
  readonly retryAfterMs?: number;

  constructor(init: AutotaskErrorInit) {
    super(technicalMessage(init));
    this.name = 'AutotaskError';
    this.kind = init.kind;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.method = init.method;
    this.url = init.url;
    this.userMessage = init.userMessage;
    this.retryable = init.retryable ?? false;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      userMessage: this.userMessage,
      status: this.status,
      errors: this.errors,
      method: this.method,
      url: this.url,
      retryable: this.retryable,
      detail: this.detail,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

function technicalMessage(init: AutotaskErrorInit): string {
  const where = [init.status !== undefined ? `HTTP ${init.status}` : null, init.method, init.url].filter(Boolean).join(' ');
  return where ? `${init.userMessage} [${where}]` : init.userMessage;
}

export function isAutotaskError(e: unknown): e is AutotaskError {
  return e instanceof AutotaskError;
}
