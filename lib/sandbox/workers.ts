import "server-only";

// Background work of the sandbox (vector-store ingestion now; batches and fine-tuning later).
// Each worker polls the database for due work and holds a lease on what it takes, so several
// processes can run them and a restart resumes where the last one stopped.
export interface SandboxWorker {
  name: string;
  /** Does one round of due work; returns true when it did something (poll again soon). */
  tick(): Promise<boolean>;
  /** At most one round per this many milliseconds when idle (sweepers); default every poll. */
  everyMs?: number;
}

const workers: SandboxWorker[] = [];
const lastRun = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;
let running: Promise<void> | undefined;
// Set while the loop should go on: a stop that lands during a round must keep that round from
// scheduling the next one, and a start during the first round must not begin a second loop.
let started = false;
const IDLE_MS = Number(process.env.SANDBOX_WORKER_POLL_MS || 250);

export function registerSandboxWorker(worker: SandboxWorker): void {
  if (!workers.some((w) => w.name === worker.name)) workers.push(worker);
}

export function startSandboxWorkers(): void {
  if (started || process.env.SANDBOX_WORKERS === "off") return;
  started = true;
  const loop = async () => {
    let busy = false;
    for (const worker of workers) {
      if (!started) return;
      if (worker.everyMs && Date.now() - (lastRun.get(worker.name) ?? 0) < worker.everyMs) continue;
      try {
        lastRun.set(worker.name, Date.now());
        busy = (await worker.tick()) || busy;
      } catch (error) {
        console.error(`[sandbox] worker ${worker.name} failed:`, error instanceof Error ? error.message : error);
      }
    }
    if (!started) return;
    timer = setTimeout(
      () => {
        running = loop();
      },
      busy ? 0 : IDLE_MS,
    );
    timer.unref();
  };
  running = loop();
}

export async function stopSandboxWorkers(): Promise<void> {
  started = false;
  if (timer) clearTimeout(timer);
  timer = undefined;
  await running;
}

/** Runs every worker until none has work left (tests use this instead of waiting on timers). */
export async function drainSandboxWorkers(maxRounds = 1000): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    let busy = false;
    for (const worker of workers) busy = (await worker.tick()) || busy;
    if (!busy) return;
  }
}
