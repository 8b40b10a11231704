import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { sleep } from "@/lib/sandbox/sse";

// The sandbox paces a stream with one sleep per token on the stream's signal.

describe("the sandbox's sleep", () => {
  it("leaves no listener on the signal once it has waited", async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) await sleep(1, signal);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("ends at once when the signal aborts, or already has", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort();
    await waiting;
    await sleep(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
