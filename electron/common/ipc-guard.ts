// The pure heart of the main process's `handle()` (STYLE.md rule 3): check who is asking, check what they
// sent against the contract's validator, run the handler, and always answer with an IpcResult envelope —
// errors cross to the renderer as data, never as rejected promises with main-process internals.
// No `electron` import, so it is unit-tested directly (ipc-guard.test.ts).

import {
  ipcValidators,
  type IpcChannel,
  type IpcErrorCode,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
} from '../../domain/ipc';
import { APP_ORIGIN } from './app-identity';

/** What the main process knows about the frame that sent an IPC message. */
export interface IpcSender {
  /** The frame's origin (`WebFrameMain.origin`). */
  origin: string;
  /** Top-level frame? The app has no sub-frames, so a message from one is refused. */
  isMainFrame: boolean;
}

export type IpcHandler<C extends IpcChannel> = (
  request: IpcRequest<C>,
) => IpcResponse<C> | Promise<IpcResponse<C>>;

/** An error a handler throws on purpose; its code is sent to the renderer. Any other error is logged and
 *  reported as 'internal-error', so stack traces and file paths stay in the main process. */
export class IpcError extends Error {
  constructor(readonly code: IpcErrorCode) {
    super(code);
    this.name = 'IpcError';
  }
}

export type IpcErrorLogger = (channel: IpcChannel, error: unknown) => void;

const fail = (error: IpcErrorCode): { ok: false; error: IpcErrorCode } => ({ ok: false, error });

/** Refusal reason for a sender, or null when it is the app's own top-level frame. */
export function senderRefusal(sender: IpcSender | null | undefined): IpcErrorCode | null {
  if (sender === null || sender === undefined) return 'forbidden';
  // Exact comparison: Chromium reports a frame's origin in its serialized form, so anything else —
  // another scheme, a lookalike host, an opaque "null" origin of a sandboxed or data: frame — is not us.
  if (!sender.isMainFrame || sender.origin !== APP_ORIGIN) return 'forbidden';
  return null;
}

/** True when `request` satisfies the channel's validator; a validator that throws counts as a no. */
export function isValidRequest<C extends IpcChannel>(channel: C, request: unknown): request is IpcRequest<C> {
  if (!Object.prototype.hasOwnProperty.call(ipcValidators, channel)) return false;
  try {
    return ipcValidators[channel](request);
  } catch {
    return false;
  }
}

export async function runGuarded<C extends IpcChannel>(
  channel: C,
  sender: IpcSender | null,
  request: unknown,
  handler: IpcHandler<C>,
  logError: IpcErrorLogger = () => {},
): Promise<IpcResult<IpcResponse<C>>> {
  const refusal = senderRefusal(sender);
  if (refusal !== null) {
    logError(channel, `refused a message from ${JSON.stringify(sender?.origin ?? null)}`);
    return fail(refusal);
  }
  if (!isValidRequest(channel, request)) return fail('invalid-request');
  try {
    return { ok: true, value: await handler(request) };
  } catch (error) {
    if (error instanceof IpcError) return fail(error.code);
    logError(channel, error);
    return fail('internal-error');
  }
}
