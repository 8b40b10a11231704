import { expect, test } from "vitest";
import { registerSandboxWorker, startSandboxWorkers, stopSandboxWorkers } from "@/lib/sandbox/workers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a stop during a round ends the loop; no start, even one right after a stop, runs two loops at once", async () => {
  let ticks = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  let hold: Promise<void> | null = null;
  let release = () => {};
  const holdNext = () => {
    hold = new Promise<void>((resolve) => (release = resolve));
  };
  registerSandboxWorker({
    name: "counted",
    tick: async () => {
      ticks++;
      const held = hold;
      hold = null;
      if (held) await held;
      else {
        // Rounds that take a moment, so that two loops would be seen overlapping.
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await sleep(2);
        inFlight--;
      }
      // Always work to do: the loop polls again at once.
      return true;
    },
  });

  holdNext();
  startSandboxWorkers();
  startSandboxWorkers();
  const stopped = stopSandboxWorkers();
  release();
  await stopped;
  await sleep(100);
  expect(ticks).toBe(1);

  // Stopped during a held round and started again before that round ends.
  holdNext();
  startSandboxWorkers();
  const held = ticks;
  void stopSandboxWorkers();
  startSandboxWorkers();
  release();
  await expect.poll(() => ticks).toBeGreaterThan(held + 20);
  await stopSandboxWorkers();
  const after = ticks;
  await sleep(100);
  expect(ticks).toBe(after);
  expect(mostInFlight).toBe(1);
});
