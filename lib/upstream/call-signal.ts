// The forwarding core learns that a caller went away through a signal. A real AbortSignal is one,
// but making one is dear on Node 20: ~7 µs each, as the runtime sets its prototype after building
// it, and ~1 µs for each listener added and removed. The lean doors make one per call, almost
// always for nothing (the caller waits for its answer), so they use CallAbort: the same few
// members, as plain fields. A real signal is made from it only where an API insists on one.

/** What the forwarding core uses of an AbortSignal; an AbortSignal is one. */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** A cheap signal and its abort(), for one call. Listeners are called once, in the order added. */
export class CallAbort implements CallSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] = [];

  // Every listener is called once anyway: a call is aborted once.
  addEventListener(_type: "abort", listener: () => void, _options?: { once?: boolean }): void {
    if (!this.aborted && !this.listeners.includes(listener)) this.listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const at = this.listeners.indexOf(listener);
    if (at !== -1) this.listeners.splice(at, 1);
  }

  abort(reason: unknown = new DOMException("This operation was aborted", "AbortError")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As an EventTarget does: one listener's failure neither stops the others nor the caller.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** A real AbortSignal that follows `signal`, for APIs that take only that (fetch's Request). */
export function toAbortSignal(signal: CallSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
