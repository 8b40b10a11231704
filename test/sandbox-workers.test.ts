import { expect, test } from "vitest";
import { registerSandboxWorker, startSandboxWorkers, stopSandboxWorkers } from "@/lib/sandbox/workers";

test("a stop that lands during a round ends the loop, and a start during the first round begins no second one", async () => {
  let ticks = 0;
  let release = () => {};
  registerSandboxWorker({
    name: "held",
    tick: () => {
      ticks++;
      // The first round waits to be let go; later ones would find work at once (poll again soon).
      return ticks === 1 ? new Promise<boolean>((resolve) => (release = () => resolve(true))) : Promise.resolve(true);
    },
  });
  startSandboxWorkers();
  startSandboxWorkers();
  const stopped = stopSandboxWorkers();
  release();
  await stopped;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(ticks).toBe(1);
  // And it starts again after a stop.
  startSandboxWorkers();
  await expect.poll(() => ticks).toBeGreaterThan(1);
  await stopSandboxWorkers();
  const after = ticks;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(ticks).toBe(after);
});
