import type { ApiBridge, ArgOf, Channel, EventChannel, Events, ResultOf } from '../../shared/api-contract';
import type { FieldErrors } from '../../shared/settings';

declare global {
  interface Window {
    api: ApiBridge;
  }
}

/** A failed call, with the core's error code and, for validation errors, a message per field. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The renderer's only way to reach the core: `window.api`, unwrapped into a value or an ApiCallError. */
export async function call<K extends Channel>(channel: K, ...arg: ArgOf<K> extends undefined ? [] : [ArgOf<K>]): Promise<ResultOf<K>> {
  const result = await window.api.invoke(channel, ...arg);
  if (result.ok) return result.value;
  throw new ApiCallError(result.error.code, result.error.message, result.error.fieldErrors);
}

export function subscribe<K extends EventChannel>(channel: K, listener: (payload: Events[K]) => void): () => void {
  return window.api.on(channel, listener);
}
