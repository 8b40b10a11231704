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
// The running loop's token: a round whose loop is no longer current (stopped, even if started
// again since) schedules nothing more, and a start while one is current begins no second loop.
let current: symbol | null = null;
const IDLE_MS = Number(process.env.SANDBOX_WORKER_POLL_MS || 250);

export function registerSandboxWorker(worker: SandboxWorker): void {
  if (!workers.some((w) => w.name === worker.name)) workers.push(worker);
}

export function startSandboxWorkers(): void {
  if (current || process.env.SANDBOX_WORKERS === "off") return;
  const self = Symbol("sandbox workers");
  current = self;
  const loop = async () => {
    let busy = false;
    for (const worker of workers) {
      if (current !== self) return;
      if (worker.everyMs && Date.now() - (lastRun.get(worker.name) ?? 0) < worker.everyMs) continue;
      try {
        lastRun.set(worker.name, Date.now());
        busy = (await worker.tick()) || busy;
      } catch (error) {
        console.error(`[sandbox] worker ${worker.name} failed:`, error instanceof Error ? error.message : error);
      }
    }
    if (current !== self) return;
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
  current = null;
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
