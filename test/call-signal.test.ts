import { describe, expect, it, vi } from "vitest";
import { CallAbort, toAbortSignal } from "@/lib/upstream/call-signal";

// The lean doors' cheap stand-in for an AbortSignal: it must behave as one where the forwarding
// core relies on it (test/upstream-proxy-http.test.ts hangs up on a real call through it).

describe("CallAbort", () => {
  it("calls each listener once, in order, with the reason set, and forgets removed ones", () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    const first = () => seen.push(`first ${abort.aborted}`);
    const removed = () => seen.push("removed");
    abort.addEventListener("abort", first, { once: true });
    abort.addEventListener("abort", first);
    abort.addEventListener("abort", removed);
    abort.addEventListener("abort", () => seen.push("second"));
    abort.removeEventListener("abort", removed);
    expect(abort.aborted).toBe(false);
    abort.abort();
    abort.abort(new Error("again"));
    expect(seen).toEqual(["first true", "second"]);
    expect(abort.reason).toBeInstanceOf(DOMException);
    expect((abort.reason as DOMException).name).toBe("AbortError");
  });

  it("keeps the reason it was given, and calls the others when one listener throws", () => {
    const abort = new CallAbort();
    const reason = new Error("the caller went away");
    let called = false;
    abort.addEventListener("abort", () => {
      throw new Error("listener broke");
    });
    abort.addEventListener("abort", () => {
      called = true;
    });
    // The failure is thrown again on its own, as an EventTarget does: caught here, not by the runner.
    const later = vi.spyOn(globalThis, "queueMicrotask").mockImplementation(() => undefined);
    try {
      abort.abort(reason);
      expect(later).toHaveBeenCalledTimes(1);
      expect(() => later.mock.calls[0][0]()).toThrow("listener broke");
    } finally {
      later.mockRestore();
    }
    expect(called).toBe(true);
    expect(abort.reason).toBe(reason);
  });
});

describe("toAbortSignal", () => {
  it("gives a real signal back as it is", () => {
    const signal = new AbortController().signal;
    expect(toAbortSignal(signal)).toBe(signal);
  });

  it("makes a real signal that aborts with a CallAbort, or already has", () => {
    const abort = new CallAbort();
    const signal = toAbortSignal(abort);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
    abort.abort(new Error("gone"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("gone");
    expect(toAbortSignal(abort).aborted).toBe(true);
  });
});
