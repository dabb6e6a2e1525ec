import type { ApiResult, Channel } from '../../shared/api-contract';
import { isChannel } from '../../shared/api-contract';
import { ApiError } from './api-error';
import type { Handlers } from './handlers';
import { describeIssues, validators } from './validators';

export interface DispatchLogger {
  error(message: string, detail?: unknown): void;
}

/**
 * The single entry point every transport calls: checks the channel, validates the argument, runs the
 * handler, and turns any failure into a typed `ApiResult` (never a raw stack trace across the boundary).
 */
export async function dispatch(handlers: Handlers, channel: unknown, arg: unknown, logger: DispatchLogger = { error: (m, d) => console.error(m, d) }): Promise<ApiResult<unknown>> {
  if (!isChannel(channel)) {
    // Describe the channel without String(): a hostile object's toString may throw or lie.
    const shown = typeof channel === 'string' ? JSON.stringify(channel).slice(0, 80) : `(${channel === null ? 'null' : typeof channel})`;
    return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${shown}` } };
  }
  const parsed = validators[channel].safeParse(arg);
  if (!parsed.success) {
    const { message, fieldErrors } = describeIssues(parsed.error);
    return { ok: false, error: { code: 'invalid-argument', message: `Invalid argument for ${channel}: ${message}`, fieldErrors } };
  }
  try {
    const handler = handlers[channel as Channel] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) {
      return { ok: false, error: { code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) } };
    }
    const described = describeUnexpected(error);
    logger.error(`Handler ${channel} failed: ${described}`);
    return { ok: false, error: { code: 'internal', message: `Something went wrong (${channel}): ${described}` } };
  }
}

function describeUnexpected(error: unknown): string {
  if (error && typeof error === 'object' && 'userMessage' in error && typeof error.userMessage === 'string') return error.userMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}
