// `npm run bench:gateway`: what the /v1 gateway costs, measured side by side in one run against a
// fixed-response upstream (scripts/bench/upstream.ts) called directly, through a bare undici
// pass-through (scripts/bench/pass-through.ts), and through Switchboard started as `npm start`
// starts it, with a real project API key: key check, rate limit, budget reservation and
// settlement, and usage recording all on. Prints requests/s, p50/p99 and ratios, with PASS/FAIL
// per target, and exits non-zero on a FAIL.
//
// As for bench:proxy, the upstream listens on a private address of this machine (Switchboard
// refuses loopback upstreams) with SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS; the rest on 127.0.0.1.
// The load rows run in rounds, the doors in turn within each round, and each door's figures
// are the median of its rounds: the machine's speed drifts by a third between minutes here, and a
// ratio of two rows measured a minute apart measured the drift as much as the doors.
// BENCH_SECONDS (default 3) sets each row's length, BENCH_ROUNDS (default 3) the rounds. The
// throughput target is judged on the median of each round's own ratio (gateway / pass-through,
// measured seconds apart), which the drift moves least.
//
// The gateway runs twice: on the embedded database (PGlite, the default) and, when one can be
// started here, on a throw-away PostgreSQL server (scripts/with-postgres.mjs), as a team runs it.
// Usage recording differs most between them: on PGlite each event's insert costs ~20–25 µs of the
// database thread, on the same two cores. BENCH_POSTGRES=off skips the second.
//
// BENCH_VARIANT_ENV (a JSON object of environment variables) adds a door "gateway, variant": a
// second PGlite server of the same build started with those variables too, loaded in the same
// rounds, and printed against "gateway" round by round. Two full runs minutes apart cannot tell a
// 5 % change from the machine's drift; rows seconds apart can (docs/performance/gateway.md). To
// compare code, put the change behind a variable for the run.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { checkUpstreamUrl, isAddressAllowed } from "@/lib/upstream/ssrf";
import { type LoadResult, percentile, runLoad } from "./bench/load";
import {
  cpuMs,
  findNodeProcessRunning,
  firstJsonLine,
  freePort,
  type Started,
  startProcess,
  threadsCpuMs,
  waitedMs,
} from "./bench/processes";
import { streamOnce } from "./bench/stream";
import { startPostgres } from "./with-postgres.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 3));
const WARMUP_SECONDS = 1;
const CONNECTIONS = [1, 8];
const STREAMS = 40;
const TARGET_ADDED_MS = 1;
const TARGET_THROUGHPUT = 0.6;
const NODE = process.execPath;
const TSX = ["--import", "tsx"];
const CHAT_BODY = JSON.stringify({ model: "bench-model", messages: [{ role: "user", content: "Say hello" }], max_tokens: 64 });
const OWNER = { name: "Bench Owner", email: "bench-owner@example.test", password: "bench-password-2024", projectName: "Bench" };

type Door = "direct" | "pass-through" | "gateway" | "gateway, variant" | "gateway, PostgreSQL";
const GATEWAYS: Door[] = ["gateway", "gateway, PostgreSQL"];

interface Endpoint {
  door: Door;
  base: string;
  headers: Record<string, string>;
  /** The process that answers at this door (the upstream itself for "direct"). */
  pid: number;
}

// A load row and the CPU time the answering process spent on it, per successful request: in all its
// threads, and in its main thread alone (the event loop, which is what runs out first); and how
// long that main thread was ready to run but waiting for a core (schedstat), per request.
type Measured = LoadResult & { cpuUsPerRequest: number; mainCpuUsPerRequest: number; mainWaitUsPerRequest: number };

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—");
const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");

/** A private address of this machine outside loopback (IPv4 preferred, else fc00::/7). */
function upstreamAddress(): { address: string; label: string } | undefined {
  const found: { address: string; family: string; label: string }[] = [];
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    for (const entry of addresses ?? []) {
      if (entry.internal) continue;
      if (isAddressAllowed(entry.address, { allowPrivateNetworks: true }).allowed)
        found.push({ address: entry.address, family: entry.family, label: `${name} ${entry.cidr ?? entry.address}` });
    }
  }
  return found.find((entry) => entry.family === "IPv4") ?? found[0];
}

const urlHost = (address: string) => (address.includes(":") ? `[${address}]` : address);

async function healthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function startSwitchboard(env: NodeJS.ProcessEnv): Promise<Started & { origin: string }> {
  const origin = `http://127.0.0.1:${env.PORT}`;
  const started = await startProcess(NODE, ["scripts/start.mjs"], {
    env: { ...env, NODE_ENV: "production" },
    ready: async () => healthy(origin),
    timeoutMs: 600_000,
    name: "Switchboard (npm start)",
  });
  return { ...started, origin };
}

/** Setup on a first start, then the project's connection and a key written while it is stopped; started again. */
async function prepareSwitchboard(env: NodeJS.ProcessEnv, upstreamBase: string, upstreamKey: string) {
  const first = await startSwitchboard(env);
  let owner: { id: string };
  let project: { id: string };
  try {
    const setup = await fetch(`${first.origin}/api/setup`, {
      method: "POST",
      headers: { origin: first.origin, "content-type": "application/json" },
      body: JSON.stringify(OWNER),
    });
    ({ owner, project } = (await setup.json()) as { owner: { id: string }; project: { id: string } });
  } finally {
    await first.stop();
  }
  instanceDatabase(env, ["connect", project.id, owner.id, upstreamBase, upstreamKey]);
  const { secret } = instanceDatabase(env, ["key", project.id, owner.id]) as { secret: string };
  return { switchboard: await startSwitchboard(env), secret };
}

/** A Switchboard that prepareSwitchboard set up and started, with the gateway key it wrote. */
type Prepared = Awaited<ReturnType<typeof prepareSwitchboard>>;

function instanceDatabase(env: NodeJS.ProcessEnv, args: string[]): Record<string, unknown> {
  const result = spawnSync(NODE, [...TSX, "--import", "./scripts/server-only-hook.mjs", "scripts/bench/instance-database.ts", ...args], {
    env,
    encoding: "utf8",
  });
  const parsed = firstJsonLine<Record<string, unknown>>(result.stdout ?? "");
  if (result.status !== 0 || !parsed) throw new Error(`instance-database.ts ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
  return parsed;
}

async function check(endpoint: Endpoint): Promise<void> {
  const response = await fetch(`${endpoint.base}/chat/completions`, {
    method: "POST",
    headers: { ...endpoint.headers, "content-type": "application/json" },
    body: CHAT_BODY,
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"usage"'))
    throw new Error(`${endpoint.door} answered ${response.status}: ${text.slice(0, 300)}`);
}

async function measureLoad(endpoint: Endpoint, connections: number, warmUp: boolean): Promise<Measured> {
  note(`${endpoint.door}: ${connections} connection(s), ${warmUp ? `${WARMUP_SECONDS} s warm-up + ` : ""}${SECONDS} s`);
  const target = {
    url: `${endpoint.base}/chat/completions`,
    headers: { ...endpoint.headers, "content-type": "application/json" },
    body: CHAT_BODY,
  };
  if (warmUp) await runLoad(target, connections, WARMUP_SECONDS);
  const cpuBefore = cpuMs(endpoint.pid);
  const mainBefore = cpuMs(endpoint.pid, endpoint.pid);
  const threadsBefore = threadsCpuMs(endpoint.pid);
  const waitBefore = waitedMs(endpoint.pid);
  const result = await runLoad(target, connections, SECONDS);
  const waitAfter = waitedMs(endpoint.pid);
  const threads = [...threadsCpuMs(endpoint.pid)]
    .map(([tid, { name, ms }]) => ({ tid, name, us: ((ms - (threadsBefore.get(tid)?.ms ?? 0)) * 1000) / Math.max(1, result.ok) }))
    .filter((thread) => thread.us >= 5)
    .sort((a, b) => b.us - a.us);
  const perRequest = (before: number, after: number) => ((after - before) * 1000) / Math.max(1, result.ok);
  const measured = {
    ...result,
    cpuUsPerRequest: perRequest(cpuBefore, cpuMs(endpoint.pid)),
    mainCpuUsPerRequest: perRequest(mainBefore, cpuMs(endpoint.pid, endpoint.pid)),
    mainWaitUsPerRequest: perRequest(waitBefore, waitAfter),
  };
  note(
    `  ${measured.requestsPerSecond.toFixed(0)} req/s, CPU ${measured.cpuUsPerRequest.toFixed(0)} µs/req (main thread ${measured.mainCpuUsPerRequest.toFixed(0)}, waited ${measured.mainWaitUsPerRequest.toFixed(0)})`,
  );
  if (threads.length > 1)
    note(
      `  by thread, µs/req: ${threads.map((t) => `${t.tid === endpoint.pid ? "main" : `${t.name} ${t.tid}`} ${t.us.toFixed(0)}`).join(", ")}`,
    );
  return measured;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/** Each figure's median over the rounds (failures added up). */
function median(rounds: Measured[]): Measured {
  const mid = (pick: (m: Measured) => number) => medianOf(rounds.map(pick));
  return {
    connections: rounds[0].connections,
    requestsPerSecond: mid((m) => m.requestsPerSecond),
    p50: mid((m) => m.p50),
    p99: mid((m) => m.p99),
    ok: rounds.reduce((sum, m) => sum + m.ok, 0),
    failed: rounds.reduce((sum, m) => sum + m.failed, 0),
    cpuUsPerRequest: mid((m) => m.cpuUsPerRequest),
    mainCpuUsPerRequest: mid((m) => m.mainCpuUsPerRequest),
    mainWaitUsPerRequest: mid((m) => m.mainWaitUsPerRequest),
  };
}

async function measureTtfb(endpoint: Endpoint): Promise<number> {
  note(`${endpoint.door}: ${STREAMS} streamed responses, time to first byte`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ model: "bench-model", input: "Count", stream: true, max_output_tokens: 1 });
  await streamOnce(`${endpoint.base}/responses`, endpoint.headers, body, agent);
  const ttfbs: number[] = [];
  for (let i = 0; i < STREAMS; i++) ttfbs.push((await streamOnce(`${endpoint.base}/responses`, endpoint.headers, body, agent)).ttfbMs);
  agent.destroy();
  ttfbs.sort((a, b) => a - b);
  return percentile(ttfbs, 0.5);
}

function nodePid(started: Started, entry: string): number {
  const pid = findNodeProcessRunning(started.child.pid as number, entry);
  if (!pid) throw new Error(`no node process running ${entry}`);
  return pid;
}

/** A Switchboard started by prepareSwitchboard, as a door: its /v1 with the key it was given. */
function switchboardDoor(door: Door, started: Prepared): Endpoint {
  return {
    door,
    base: `${started.switchboard.origin}/v1`,
    headers: { authorization: `Bearer ${started.secret}` },
    pid: nodePid(started.switchboard, "server.mjs"),
  };
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** BENCH_VARIANT_ENV: environment variables for the variant door, or undefined. */
function variantEnv(): Record<string, string> | undefined {
  const raw = process.env.BENCH_VARIANT_ENV;
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as unknown;
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string"))
    throw new Error(`BENCH_VARIANT_ENV must be a JSON object of strings, e.g. {"SOME_SETTING":"2000"}; got ${raw}`);
  return parsed as Record<string, string>;
}
const VARIANT_ENV = variantEnv();

/** The variant against "gateway", round by round (rows seconds apart), at each connection count. */
function variantLines(rounds: Map<string, Measured[]>): string[] {
  return CONNECTIONS.map((c) => {
    const base = rounds.get(`gateway/${c}`) as Measured[];
    const ratios = (rounds.get(`gateway, variant/${c}`) as Measured[]).map((m, i) => m.requestsPerSecond / base[i].requestsPerSecond);
    const ahead = ratios.filter((r) => r > 1).length;
    return (
      `variant / gateway, req/s at ${c} connection(s), round by round: ${ratios.map((r) => r.toFixed(2)).join(", ")}; ` +
      `median ${medianOf(ratios).toFixed(2)}, ahead in ${ahead} of ${ratios.length}`
    );
  });
}

async function main() {
  const upstreamAt = upstreamAddress();
  if (!upstreamAt) {
    console.error("bench:gateway needs a private address of this machine outside loopback (10/8, 192.168/16, fc00::/7…; see bench:proxy).");
    process.exitCode = 1;
    return;
  }
  const loadBefore = os.loadavg()[0];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gateway-"));
  const upstreamKey = `sk-bench-${randomBytes(16).toString("hex")}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.resolve("node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    HOST: "127.0.0.1",
    PORT: String(port),
    SWITCHBOARD_URL: `http://127.0.0.1:${port}`,
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_SECRET: randomBytes(36).toString("base64url"),
    SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "true",
    DATABASE_URL: "",
    SANDBOX_WORKERS: "off",
  };
  const running: Started[] = [];
  const stopAll = async () => {
    for (const started of running.splice(0).reverse()) await started.stop();
  };
  let stopPostgres = async () => {};
  const pgDataDir = path.join(dataDir, "postgres-door");
  try {
    const built = spawnSync(NODE, ["scripts/build-if-changed.mjs"], { env, stdio: ["ignore", 2, 2] });
    if (built.status !== 0) throw new Error("the build failed");
    const upstream = await startProcess(NODE, [...TSX, "scripts/bench/upstream.ts", upstreamAt.address, upstreamKey], {
      env,
      ready: (output) => firstJsonLine(output) !== undefined,
      timeoutMs: 30_000,
      name: "the bench upstream",
    });
    running.push(upstream);
    const upstreamOrigin = `http://${urlHost(upstreamAt.address)}:${(firstJsonLine(upstream.output()) as { port: number }).port}`;
    const upstreamBase = checkUpstreamUrl(`${upstreamOrigin}/v1`, { allowPrivateNetworks: true }).href.replace(/\/$/, "");
    const passThrough = await startProcess(NODE, [...TSX, "scripts/bench/pass-through.ts", upstreamOrigin], {
      env,
      ready: (output) => firstJsonLine(output) !== undefined,
      timeoutMs: 30_000,
      name: "the pass-through",
    });
    running.push(passThrough);
    const passPort = (firstJsonLine(passThrough.output()) as { port: number }).port;

    note("first start: setup, then the project's connection and a gateway key written while the server is stopped");
    const { switchboard, secret } = await prepareSwitchboard(env, upstreamBase, upstreamKey);
    running.push(switchboard);
    let variant: Prepared | undefined;
    if (VARIANT_ENV) {
      const variantPort = await freePort();
      const doorEnv: NodeJS.ProcessEnv = {
        ...env,
        PORT: String(variantPort),
        SWITCHBOARD_URL: `http://127.0.0.1:${variantPort}`,
        SWITCHBOARD_DATA_DIR: path.join(dataDir, "variant-door"),
        ...VARIANT_ENV,
      };
      note(`the variant, on PGlite, with ${JSON.stringify(VARIANT_ENV)}`);
      variant = await prepareSwitchboard(doorEnv, upstreamBase, upstreamKey);
      running.push(variant.switchboard);
    }
    let pgEnv: NodeJS.ProcessEnv | undefined;
    let pgGateway: Prepared | undefined;
    if (process.env.BENCH_POSTGRES !== "off") {
      try {
        const postgres = await startPostgres();
        stopPostgres = postgres.stop;
        const pgPort = await freePort();
        pgEnv = {
          ...env,
          PORT: String(pgPort),
          SWITCHBOARD_URL: `http://127.0.0.1:${pgPort}`,
          SWITCHBOARD_DATA_DIR: pgDataDir,
          DATABASE_URL: postgres.url,
        };
        note("the same on PostgreSQL");
        pgGateway = await prepareSwitchboard(pgEnv, upstreamBase, upstreamKey);
        running.push(pgGateway.switchboard);
      } catch (error) {
        note(`no PostgreSQL row: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
      }
    }
    const doors: Door[] = [
      "direct",
      "pass-through",
      "gateway",
      ...(variant ? (["gateway, variant"] as const) : []),
      ...(pgGateway ? (["gateway, PostgreSQL"] as const) : []),
    ];
    const upstreamAuth = { authorization: `Bearer ${upstreamKey}` };
    const endpoints: Partial<Record<Door, Endpoint>> = {
      direct: { door: "direct", base: upstreamBase, headers: upstreamAuth, pid: nodePid(upstream, "upstream.ts") },
      "pass-through": {
        door: "pass-through",
        base: `http://127.0.0.1:${passPort}/v1`,
        headers: upstreamAuth,
        pid: nodePid(passThrough, "pass-through.ts"),
      },
      gateway: switchboardDoor("gateway", { switchboard, secret }),
      ...(variant && { "gateway, variant": switchboardDoor("gateway, variant", variant) }),
      ...(pgGateway && { "gateway, PostgreSQL": switchboardDoor("gateway, PostgreSQL", pgGateway) }),
    };
    const endpoint = (door: Door) => endpoints[door] as Endpoint;
    for (const door of doors) await check(endpoint(door));

    const rounds = new Map<string, Measured[]>();
    for (const connections of CONNECTIONS)
      for (let round = 0; round < ROUNDS; round++)
        for (const door of doors) {
          const key = `${door}/${connections}`;
          rounds.set(key, [...(rounds.get(key) ?? []), await measureLoad(endpoint(door), connections, round === 0)]);
        }
    const loads = new Map([...rounds].map(([key, measured]) => [key, median(measured)]));
    const ttfb = new Map<Door, number>();
    for (const door of doors) ttfb.set(door, await measureTtfb(endpoint(door)));
    // The servers stop first (their last usage write), then each database counts what arrived.
    await stopAll();
    const usage = instanceDatabase(env, ["usage"]) as { rows: number; outboxLines: number };
    const pgUsage = pgEnv && pgGateway ? (instanceDatabase(pgEnv, ["usage"]) as { rows: number; outboxLines: number }) : undefined;

    const at = (door: Door, connections: number) => loads.get(`${door}/${connections}`) as Measured;
    const gateways = doors.filter((door) => GATEWAYS.includes(door));
    // Each round's gateway figure against the pass-through's of the same round, the median of those.
    const roundsRatio = (door: Door, connections: number) => {
      const passes = rounds.get(`pass-through/${connections}`) as Measured[];
      return medianOf(
        (rounds.get(`${door}/${connections}`) as Measured[]).map((m, i) => m.requestsPerSecond / passes[i].requestsPerSecond),
      );
    };
    const out: string[] = [
      `bench:gateway  Node ${process.version}, ${os.cpus().length} cores, upstream on ${upstreamAt.label}, the rest on 127.0.0.1; ` +
        `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
      `Gateway key with a rate limit, a monthly budget (each call reserves and settles), usage recording on; ` +
        `"gateway" on embedded PGlite${pgGateway ? `, "gateway, PostgreSQL" on a local PostgreSQL server` : ""}` +
        `${variant ? `; "gateway, variant" on PGlite with ${JSON.stringify(VARIANT_ENV)}` : ""}.`,
      "",
      `Non-streamed: POST /v1/chat/completions, autocannon; each row the median of ${ROUNDS} round(s) of ${SECONDS} s, the doors in turn,`,
      `after ${WARMUP_SECONDS} s of warm-up. CPU µs/req is the answering process's CPU time per request (the upstream's for direct):`,
      "in all its threads, and in its main thread, whose event loop is what a busy door runs out of first; main waited is the time",
      "that main thread was ready to run but waiting for a core.",
      ...table(
        ["door", "connections", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "main thread", "main waited", "failed"],
        CONNECTIONS.flatMap((c) =>
          doors.map((door) => {
            const r = at(door, c);
            return [
              door,
              String(c),
              r.requestsPerSecond.toFixed(0),
              ms(r.p50),
              ms(r.p99),
              r.cpuUsPerRequest.toFixed(0),
              r.mainCpuUsPerRequest.toFixed(0),
              r.mainWaitUsPerRequest.toFixed(0),
              String(r.failed),
            ];
          }),
        ),
      ),
      "",
      ...table(
        ["ratios", ...CONNECTIONS.map((c) => `${c} conn`)],
        [
          [
            "pass-through / direct, req/s",
            ...CONNECTIONS.map((c) => (at("pass-through", c).requestsPerSecond / at("direct", c).requestsPerSecond).toFixed(2)),
          ],
          [
            "gateway / direct, req/s",
            ...CONNECTIONS.map((c) => (at("gateway", c).requestsPerSecond / at("direct", c).requestsPerSecond).toFixed(2)),
          ],
          ["added p50 ms, pass-through", ...CONNECTIONS.map((c) => ms(at("pass-through", c).p50 - at("direct", c).p50))],
          ...gateways.flatMap((g) => [
            [
              `${g} / pass-through, req/s`,
              ...CONNECTIONS.map((c) => (at(g, c).requestsPerSecond / at("pass-through", c).requestsPerSecond).toFixed(2)),
            ],
            [`  the same, median of the rounds' ratios`, ...CONNECTIONS.map((c) => roundsRatio(g, c).toFixed(2))],
            [`added p50 ms, ${g}`, ...CONNECTIONS.map((c) => ms(at(g, c).p50 - at("direct", c).p50))],
            [
              `CPU per request, ${g} / pass-through`,
              ...CONNECTIONS.map((c) => (at(g, c).cpuUsPerRequest / at("pass-through", c).cpuUsPerRequest).toFixed(2)),
            ],
            [
              `main thread, ${g} / pass-through`,
              ...CONNECTIONS.map((c) => (at(g, c).mainCpuUsPerRequest / at("pass-through", c).mainCpuUsPerRequest).toFixed(2)),
            ],
          ]),
        ],
      ),
      ...(variant ? ["", ...variantLines(rounds)] : []),
      "",
      `Streamed: POST /v1/responses (stream: true), time to first byte p50 over ${STREAMS} calls`,
      ...table(
        ["door", "TTFB p50 ms"],
        doors.map((door) => [door, ms(ttfb.get(door) as number)]),
      ),
      "",
      `Usage: ${usage.rows} events stored, ${usage.outboxLines} left in the outbox after the server stopped` +
        (pgUsage ? `; on PostgreSQL ${pgUsage.rows} stored, ${pgUsage.outboxLines} left` : ""),
      "",
      "Targets",
    ];
    const fails: string[] = [];
    const target = (name: string, pass: boolean, detail: string) => {
      out.push(`  ${verdict(pass)}  ${name}: ${detail}`);
      if (!pass) fails.push(name);
    };
    for (const g of gateways) {
      const on = g === "gateway" ? "PGlite" : "PostgreSQL";
      const added = at(g, 1).p50 - at("direct", 1).p50;
      target(`${on}: added p50, non-streamed, 1 connection`, added <= TARGET_ADDED_MS, `${ms(added)} ms (target ≤ ${TARGET_ADDED_MS} ms)`);
      const addedTtfb = (ttfb.get(g) as number) - (ttfb.get("direct") as number);
      target(
        `${on}: added time to first streamed byte`,
        addedTtfb <= TARGET_ADDED_MS,
        `${ms(addedTtfb)} ms (target ≤ ${TARGET_ADDED_MS} ms)`,
      );
      const share = roundsRatio(g, 8);
      target(
        `${on}: throughput at 8 connections vs the pass-through`,
        share >= TARGET_THROUGHPUT,
        // One decimal: a ratio just under the target must not print as the target itself.
        `${(share * 100).toFixed(1)} % (median of ${ROUNDS} rounds; target ≥ ${TARGET_THROUGHPUT * 100} %)`,
      );
    }
    const failed = [...loads.entries()].filter(([, r]) => r.failed > 0);
    target("no failed requests", failed.length === 0, failed.length ? failed.map(([k, r]) => `${k}: ${r.failed}`).join(", ") : "none");
    console.log(out.join("\n"));
    if (fails.length) process.exitCode = 1;
  } finally {
    await stopAll();
    await stopPostgres().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
