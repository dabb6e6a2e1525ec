import { vi } from 'vitest';
import type { ApiBridge, ApiResult } from '../../shared/api-contract';

export type Responder = (channel: string, arg: unknown) => ApiResult<unknown> | Promise<ApiResult<unknown>>;

/** A `window.api` whose answers the test decides; records every call. */
export function installFakeApi(responder: Responder): { calls: { channel: string; arg: unknown }[]; invoke: ReturnType<typeof vi.fn> } {
  const calls: { channel: string; arg: unknown }[] = [];
  const invoke = vi.fn(async (channel: string, arg?: unknown) => {
    calls.push({ channel, arg });
    return responder(channel, arg);
  });
  (window as unknown as { api: ApiBridge }).api = {
    invoke: invoke as unknown as ApiBridge['invoke'],
    on: (() => () => undefined) as ApiBridge['on'],
  };
  return { calls, invoke };
}
