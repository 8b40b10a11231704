// Child processes for the benches: start one in its own process group and wait until it is ready,
// stop it (and everything it started) by that group, find the node process that does the work
// below a launcher, and read its resident memory.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";

export interface Started {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawns `command` in its own process group; resolves once `ready` (polled every 100 ms) says so. */
export async function startProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; ready: (output: string) => boolean | Promise<boolean>; timeoutMs: number; name: string },
): Promise<Started> {
  const child = spawn(command, args, { env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = once(child, "exit");
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    }
    if (await options.ready(output)) return { child, output: () => output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready after ${options.timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first JSON object printed on a line of `output`, once there is one. */
export function firstJsonLine<T>(output: string): T | undefined {
  for (const line of output.split("\n")) {
    if (line.startsWith("{") && line.endsWith("}")) return JSON.parse(line) as T;
  }
  return undefined;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** The node process at or below `rootPid` whose command line satisfies `match` (launchers sit in between). */
export function findNodeProcess(rootPid: number, match: (args: string[]) => boolean): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift() as number;
    let args: string[] = [];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      // The process ended while we looked.
    }
    if (args[0]?.endsWith("node") && match(args)) return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  return undefined;
}

// Clock ticks per second of /proc/<pid>/stat's times: 100 on Linux (USER_HZ) everywhere we run.
const TICKS_PER_SECOND = 100;

/** CPU time of a process (all its threads), or of one of its threads when `thread` is given, in milliseconds (10 ms steps). */
export function cpuMs(pid: number, thread?: number): number {
  const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * How long a thread (the main one by default) has been ready to run but waiting for a core, in ms:
 * the second field of its schedstat. On a machine whose cores are all busy it is part of every
 * call's time that the thread's own CPU time does not show.
 */
export function waitedMs(pid: number, thread = pid): number {
  const fields = fs.readFileSync(`/proc/${pid}/task/${thread}/schedstat`, "utf8").trim().split(" ");
  return Number(fields[1]) / 1e6;
}

/** CPU time of each thread of a process so far, by thread id, with the thread's name. */
export function threadsCpuMs(pid: number): Map<number, { name: string; ms: number }> {
  const threads = new Map<number, { name: string; ms: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      threads.set(tid, { name, ms: cpuMs(pid, tid) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/** The node process at or below `rootPid` whose entry point (an argument) ends with `entry`. */
export function findNodeProcessRunning(rootPid: number, entry: string): number | undefined {
  return findNodeProcess(rootPid, (args) => args.some((arg) => arg.endsWith(entry)));
}

export function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0);
}

/** Samples a process's VmRSS every 50 ms until stopped; answers the peak. */
export function sampleRss(pid: number) {
  let peak = rssKb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssKb(pid));
    } catch {
      clearInterval(timer);
    }
  }, 50);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, rssKb(pid));
    },
  };
}

// Idle V8 collects start-up and earlier-phase garbage whenever it likes, so a baseline taken "when
// idle" can hold hundreds of MB, and a collection mid-measurement then hides growth behind it.
// This preload, active only in the node process whose entry point ends with `entry`, runs a full
// collection on SIGUSR2 and prints `GC_MARKER` once it listens (an unhandled SIGUSR2 would end
// the process, so signal only after seeing it).
export const GC_MARKER = "[bench] full GC on SIGUSR2";

export function gcPreloadOption(entry: string): string {
  const source = [
    'import v8 from "node:v8"; import vm from "node:vm";',
    `if (process.argv.some((a) => a.endsWith(${JSON.stringify(entry)}))) {`,
    'v8.setFlagsFromString("--expose-gc"); const gc = vm.runInNewContext("gc");',
    `process.on("SIGUSR2", () => gc()); console.log(${JSON.stringify(GC_MARKER)}); }`,
  ].join(" ");
  return `--import=data:text/javascript,${encodeURIComponent(source)}`;
}

/** Runs a full collection in a process started with gcPreloadOption, then answers its RSS. */
export async function rssAfterGc(pid: number): Promise<number> {
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return rssKb(pid);
}
