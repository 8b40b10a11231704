// `npm run bench:proxy`: what the console proxy (/api/projects/{id}/openai/v1/*) costs, measured
// side by side in one run against a fixed-response upstream (scripts/bench/upstream.ts) called
// directly, through a bare undici pass-through (scripts/bench/pass-through.ts: the least a proxy
// hop costs here), through Switchboard started as `npm start` starts it, and through the same
// build under `next start`, where the proxy is a Next.js route handler: what the lean path in
// server.ts saves. Prints one report with PASS/FAIL per target and exits non-zero on a FAIL.
//
// Switchboard refuses loopback upstreams with no switch to turn that off, so the upstream listens
// on a private address of this machine and Switchboard runs with SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS,
// as it would in front of vLLM on the LAN. Everything else listens on 127.0.0.1.
//
// BENCH_SECONDS (default 5) sets each load row's length, BENCH_UPLOAD_MB (default 500) the upload.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { checkUpstreamUrl, isAddressAllowed } from "@/lib/upstream/ssrf";
import { type LoadResult, type LoadTarget, percentile, runLoad } from "./bench/load";
import {
  findNodeProcessRunning,
  firstJsonLine,
  freePort,
  GC_MARKER,
  gcPreloadOption,
  rssAfterGc,
  type Started,
  sampleRss,
  startProcess,
} from "./bench/processes";
import { type StreamResult, streamOnce } from "./bench/stream";
import { type UploadResult, uploadFile } from "./bench/upload";

const MB = 1024 * 1024;
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const WARMUP_SECONDS = 1;
const CONNECTIONS = [1, 8];
const STREAM_EVENTS = 1000;
const LONG_STREAMS = 5;
const SHORT_STREAMS = 20;
const UPLOAD_BYTES = Number(process.env.BENCH_UPLOAD_MB || 500) * MB;
const TARGET_ADDED_MS = 5;
const TARGET_RSS_GROWTH_MB = 64;
const NODE = process.execPath;
const TSX = ["--import", "tsx"];
const CHAT_BODY = JSON.stringify({ model: "bench-model", messages: [{ role: "user", content: "Say hello" }] });
const OWNER = { name: "Bench Owner", email: "bench-owner@example.test", password: "bench-password-2024", projectName: "Bench" };

type Door = "direct" | "pass-through" | "proxy (lean)" | "proxy (via Next)";
const DOORS: Door[] = ["direct", "pass-through", "proxy (lean)", "proxy (via Next)"];

interface Endpoint {
  door: Door;
  /** Origin plus the path prefix the API paths go under (…/v1). */
  base: string;
  headers: Record<string, string>;
}

interface StreamSummary {
  ttfbP50: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  clumpedChunks: number;
  chunks: number;
}

const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—");
const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");

/** The first address of this machine, outside loopback, that Switchboard's guard allows once private networks are. */
function upstreamAddress(): { address: string; family: string; label: string } | undefined {
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

function urlHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

async function healthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

interface Instance extends Started {
  origin: string;
  pid: number;
}

/** Switchboard as `npm start` runs it ("lean"), or the same build served by Next.js alone ("next"). */
async function startSwitchboard(how: "lean" | "next", env: NodeJS.ProcessEnv): Promise<Instance> {
  const port = Number(env.PORT);
  const origin = `http://127.0.0.1:${port}`;
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const args = how === "lean" ? ["scripts/start.mjs"] : [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"];
  const entry = how === "lean" ? "server.mjs" : nextBin;
  const started = await startProcess(NODE, args, {
    env: { ...env, NODE_ENV: "production", NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} ${gcPreloadOption(entry)}`.trim() },
    ready: async (output) => output.includes(GC_MARKER) && (await healthy(origin)),
    timeoutMs: 600_000,
    name: how === "lean" ? "Switchboard (npm start)" : "Switchboard (next start)",
  });
  // `next start` serves in the process we spawned (and renames it next-server); start.mjs spawns the server bundle.
  const pid = how === "next" ? started.child.pid : findNodeProcessRunning(started.child.pid as number, entry);
  if (!pid) {
    await started.stop();
    throw new Error(`could not find the node process running ${entry}`);
  }
  return { ...started, origin, pid };
}

async function firstRunSetup(origin: string): Promise<{ ownerId: string; projectId: string }> {
  const response = await fetch(`${origin}/api/setup`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify(OWNER),
  });
  const body = (await response.json()) as { owner?: { id: string }; project?: { id: string } };
  if (response.status !== 201 || !body.owner || !body.project)
    throw new Error(`setup answered ${response.status}: ${JSON.stringify(body)}`);
  return { ownerId: body.owner.id, projectId: body.project.id };
}

function instanceDatabase(env: NodeJS.ProcessEnv, args: string[]): Record<string, unknown> {
  const result = spawnSync(NODE, [...TSX, "--import", "./scripts/server-only-hook.mjs", "scripts/bench/instance-database.ts", ...args], {
    env,
    encoding: "utf8",
  });
  const parsed = firstJsonLine<Record<string, unknown>>(result.stdout ?? "");
  if (result.status !== 0 || !parsed) throw new Error(`instance-database.ts ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
  return parsed;
}

async function checkAnswers(endpoint: Endpoint): Promise<void> {
  const response = await fetch(`${endpoint.base}/chat/completions`, {
    method: "POST",
    headers: { ...endpoint.headers, "content-type": "application/json" },
    body: CHAT_BODY,
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"usage"'))
    throw new Error(`${endpoint.door} answered ${response.status}: ${text.slice(0, 300)}`);
}

function loadTarget(endpoint: Endpoint): LoadTarget {
  return {
    url: `${endpoint.base}/chat/completions`,
    headers: { ...endpoint.headers, "content-type": "application/json" },
    body: CHAT_BODY,
  };
}

async function measureLoad(endpoint: Endpoint, connections: number): Promise<{ result: LoadResult; answered: number }> {
  note(`${endpoint.door}: ${connections} connection(s), ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`);
  const warm = await runLoad(loadTarget(endpoint), connections, WARMUP_SECONDS);
  const result = await runLoad(loadTarget(endpoint), connections, SECONDS);
  return { result, answered: warm.ok + warm.failed + result.ok + result.failed };
}

async function measureStreams(endpoint: Endpoint): Promise<StreamSummary> {
  note(`${endpoint.door}: ${LONG_STREAMS} streams of ${STREAM_EVENTS} events, ${SHORT_STREAMS} short ones`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${endpoint.base}/responses`;
  const body = (events: number) => JSON.stringify({ model: "bench-model", input: "Count", stream: true, max_output_tokens: events });
  await streamOnce(url, endpoint.headers, body(10), agent);
  const results: StreamResult[] = [];
  for (let i = 0; i < LONG_STREAMS; i++) results.push(await streamOnce(url, endpoint.headers, body(STREAM_EVENTS), agent));
  const ttfbs = results.map((result) => result.ttfbMs);
  for (let i = 0; i < SHORT_STREAMS; i++) ttfbs.push((await streamOnce(url, endpoint.headers, body(1), agent)).ttfbMs);
  agent.destroy();
  for (const result of results) {
    if (result.lags.length !== STREAM_EVENTS + 2)
      throw new Error(`${endpoint.door}: ${result.lags.length} events arrived of ${STREAM_EVENTS + 2}`);
  }
  const lags = results.flatMap((result) => result.lags).sort((a, b) => a - b);
  ttfbs.sort((a, b) => a - b);
  return {
    ttfbP50: percentile(ttfbs, 0.5),
    lagP50: percentile(lags, 0.5),
    lagP99: percentile(lags, 0.99),
    lagMax: lags[lags.length - 1],
    clumpedChunks: results.reduce((sum, result) => sum + result.clumpedChunks, 0),
    chunks: results.reduce((sum, result) => sum + result.chunks, 0),
  };
}

async function measureUpload(endpoint: Endpoint, pid?: number): Promise<UploadResult & { baselineKb?: number; peakKb?: number }> {
  note(`${endpoint.door}: upload of ${UPLOAD_BYTES / MB} MB`);
  const url = `${endpoint.base}/files`;
  // A small upload first, so the baseline includes every code path the large one takes.
  await uploadFile(url, endpoint.headers, MB);
  const baselineKb = pid ? await rssAfterGc(pid) : undefined;
  const sampler = pid ? sampleRss(pid) : undefined;
  const result = await uploadFile(url, endpoint.headers, UPLOAD_BYTES);
  const peakKb = sampler?.stop();
  if (result.status !== 200 || result.receivedBytes !== result.sentBytes) {
    throw new Error(
      `${endpoint.door}: upload answered ${result.status}, upstream received ${result.receivedBytes} of ${result.sentBytes} bytes`,
    );
  }
  return { ...result, baselineKb, peakKb };
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

async function main() {
  const upstreamAt = upstreamAddress();
  if (!upstreamAt) {
    console.error(
      "bench:proxy needs an address of this machine outside loopback that Switchboard may call with " +
        "SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS=true (a private IPv4 such as 10.x or 192.168.x, or an IPv6 in fc00::/7), " +
        "because the forwarding core refuses loopback upstreams by design. This machine has none: " +
        JSON.stringify(os.networkInterfaces()),
    );
    process.exitCode = 1;
    return;
  }

  const loadBefore = os.loadavg()[0];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-proxy-"));
  const secret = randomBytes(36).toString("base64url");
  const apiKey = `sk-bench-${randomBytes(16).toString("hex")}`;
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.resolve("node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    HOST: "127.0.0.1",
    SWITCHBOARD_SECRET: secret,
    SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "true",
    DATABASE_URL: "",
    SANDBOX_WORKERS: "off",
  };
  // Two instances side by side, so their rows are measured in turn under the same conditions: the
  // lean one as npm start runs it, and one under `next start` on a copy of its data directory.
  const instanceEnv = (name: string, port: number): NodeJS.ProcessEnv => ({
    ...baseEnv,
    PORT: String(port),
    SWITCHBOARD_URL: `http://127.0.0.1:${port}`,
    SWITCHBOARD_DATA_DIR: path.join(dataDir, name),
  });
  const leanEnv = instanceEnv("lean", await freePort());
  const nextEnv = instanceEnv("next", await freePort());
  const running: Started[] = [];
  const stopAll = async () => {
    for (const started of running.splice(0).reverse()) await started.stop();
  };

  try {
    const built = spawnSync(NODE, ["scripts/build-if-changed.mjs"], { env: baseEnv, stdio: ["ignore", 2, 2] });
    if (built.status !== 0) throw new Error("the build failed");

    const upstream = await startProcess(NODE, [...TSX, "scripts/bench/upstream.ts", upstreamAt.address, apiKey], {
      env: baseEnv,
      ready: (output) => firstJsonLine(output) !== undefined,
      timeoutMs: 30_000,
      name: "the bench upstream",
    });
    running.push(upstream);
    const upstreamOrigin = `http://${urlHost(upstreamAt.address)}:${(firstJsonLine(upstream.output()) as { port: number }).port}`;
    const upstreamBase = checkUpstreamUrl(`${upstreamOrigin}/v1`, { allowPrivateNetworks: true }).href.replace(/\/$/, "");
    const passThrough = await startProcess(NODE, [...TSX, "scripts/bench/pass-through.ts", upstreamOrigin], {
      env: baseEnv,
      ready: (output) => firstJsonLine(output) !== undefined,
      timeoutMs: 30_000,
      name: "the pass-through",
    });
    running.push(passThrough);
    const passPort = (firstJsonLine(passThrough.output()) as { port: number }).port;

    note("first start: setup through POST /api/setup");
    const first = await startSwitchboard("lean", leanEnv);
    running.push(first);
    const { ownerId, projectId } = await firstRunSetup(first.origin);
    await first.stop();
    running.pop();
    const { sessionToken } = instanceDatabase(leanEnv, ["connect", projectId, ownerId, upstreamBase, apiKey]) as { sessionToken: string };
    fs.cpSync(leanEnv.SWITCHBOARD_DATA_DIR as string, nextEnv.SWITCHBOARD_DATA_DIR as string, { recursive: true });

    note("starting Switchboard (npm start) and the same build under `next start`");
    const lean = await startSwitchboard("lean", leanEnv);
    running.push(lean);
    const viaNext = await startSwitchboard("next", nextEnv);
    running.push(viaNext);
    const authorization = { authorization: `Bearer ${apiKey}` };
    const proxy = (door: Door, instance: Instance): Endpoint => ({
      door,
      base: `${instance.origin}/api/projects/${encodeURIComponent(projectId)}/openai/v1`,
      headers: { origin: instance.origin, cookie: `next-auth.session-token=${sessionToken}` },
    });
    const endpoints: Record<Door, Endpoint> = {
      direct: { door: "direct", base: upstreamBase, headers: authorization },
      "pass-through": { door: "pass-through", base: `http://127.0.0.1:${passPort}/v1`, headers: authorization },
      "proxy (lean)": proxy("proxy (lean)", lean),
      "proxy (via Next)": proxy("proxy (via Next)", viaNext),
    };
    const pids: Partial<Record<Door, number>> = { "proxy (lean)": lean.pid, "proxy (via Next)": viaNext.pid };
    for (const door of DOORS) await checkAnswers(endpoints[door]);
    let proxiedCalls = 1;
    // autocannon stops with calls in flight: each run may leave up to one per connection answered
    // by the proxy (and recorded) but never read by the client.
    let cutAtEnd = 0;

    const loadAverage: Record<string, string> = {};
    const phase = (name: string) => {
      loadAverage[name] = os.loadavg()[0].toFixed(1);
    };
    phase("non-streamed");
    const loads = new Map<string, LoadResult>();
    for (const connections of CONNECTIONS) {
      for (const door of DOORS) {
        const { result, answered } = await measureLoad(endpoints[door], connections);
        loads.set(`${door}/${connections}`, result);
        if (door === "proxy (lean)") {
          proxiedCalls += answered;
          cutAtEnd += 2 * connections;
        }
      }
    }
    phase("streamed");
    const streams = new Map<Door, StreamSummary>();
    for (const door of DOORS) streams.set(door, await measureStreams(endpoints[door]));
    proxiedCalls += 1 + LONG_STREAMS + SHORT_STREAMS;
    phase("upload");
    const uploads = new Map<Door, Awaited<ReturnType<typeof measureUpload>>>();
    for (const door of DOORS) uploads.set(door, await measureUpload(endpoints[door], pids[door]));
    proxiedCalls += 2;
    await stopAll();
    const usage = instanceDatabase(leanEnv, ["usage"]) as { table: boolean; rows: number; outboxLines: number };

    // ----- report -----
    const out: string[] = [];
    const fails: string[] = [];
    const check = (name: string, pass: boolean, detail: string) => {
      out.push(`  ${verdict(pass)}  ${name}: ${detail}`);
      if (!pass) fails.push(name);
    };
    out.push(
      `bench:proxy  Node ${process.version}, ${os.cpus().length} cores, upstream on ${upstreamAt.label} (private, allowed by ` +
        `SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS), everything else on 127.0.0.1; ` +
        `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after (other work on this machine makes figures noisy)`,
      "",
      `Non-streamed: POST /v1/chat/completions (fixed JSON answer with usage), autocannon ${SECONDS} s per row after ${WARMUP_SECONDS} s warm-up ` +
        `(load average ${loadAverage["non-streamed"]} at the start)`,
    );
    const loadRows: string[][] = [];
    for (const connections of CONNECTIONS) {
      for (const door of DOORS) {
        const result = loads.get(`${door}/${connections}`) as LoadResult;
        loadRows.push([
          door,
          String(connections),
          result.requestsPerSecond.toFixed(0),
          ms(result.p50),
          ms(result.p99),
          String(result.failed),
        ]);
      }
    }
    out.push(...table(["door", "connections", "req/s", "p50 ms", "p99 ms", "failed"], loadRows));
    const at = (door: Door, connections: number) => loads.get(`${door}/${connections}`) as LoadResult;
    const ratio = (label: string, value: (connections: number) => string) => [label, ...CONNECTIONS.map(value)];
    out.push("");
    out.push(
      ...table(
        ["ratios (non-streamed)", ...CONNECTIONS.map((connections) => `${connections} conn`)],
        [
          ratio("pass-through / direct, req/s", (c) =>
            (at("pass-through", c).requestsPerSecond / at("direct", c).requestsPerSecond).toFixed(2),
          ),
          ratio("proxy / direct, req/s", (c) => (at("proxy (lean)", c).requestsPerSecond / at("direct", c).requestsPerSecond).toFixed(2)),
          ratio("proxy / pass-through, req/s", (c) =>
            (at("proxy (lean)", c).requestsPerSecond / at("pass-through", c).requestsPerSecond).toFixed(2),
          ),
          ratio("added p50 ms, pass-through", (c) => ms(at("pass-through", c).p50 - at("direct", c).p50)),
          ratio("added p50 ms, proxy", (c) => ms(at("proxy (lean)", c).p50 - at("direct", c).p50)),
          ratio("lean / via Next, req/s", (c) =>
            (at("proxy (lean)", c).requestsPerSecond / at("proxy (via Next)", c).requestsPerSecond).toFixed(2),
          ),
          ratio("p50 ms saved by the lean path", (c) => ms(at("proxy (via Next)", c).p50 - at("proxy (lean)", c).p50)),
        ],
      ),
    );

    out.push(
      "",
      `Streamed: POST /v1/responses, ${STREAM_EVENTS} output_text.delta events ~1 ms apart (+ created, completed); ` +
        `lag over ${LONG_STREAMS} streams, TTFB over those and ${SHORT_STREAMS} short ones ` +
        `(load average ${loadAverage.streamed})`,
    );
    out.push(
      ...table(
        ["door", "TTFB p50 ms", "event lag p50 ms", "p99 ms", "max ms", "chunks with >1 event"],
        DOORS.map((door) => {
          const s = streams.get(door) as StreamSummary;
          return [door, ms(s.ttfbP50), ms(s.lagP50), ms(s.lagP99), ms(s.lagMax), `${s.clumpedChunks} of ${s.chunks}`];
        }),
      ),
    );

    out.push(
      "",
      `Upload: ${UPLOAD_BYTES / MB} MB multipart POST /v1/files, generated as it is sent; the upstream counts the bytes ` +
        `(load average ${loadAverage.upload})`,
    );
    out.push(
      ...table(
        ["door", "seconds", "MB/s", "server RSS before (after GC)", "peak", "growth"],
        DOORS.map((door) => {
          const u = uploads.get(door) as Awaited<ReturnType<typeof measureUpload>>;
          const rss = u.baselineKb !== undefined && u.peakKb !== undefined;
          return [
            door,
            (u.ms / 1000).toFixed(2),
            ((u.sentBytes / MB) * (1000 / u.ms)).toFixed(0),
            rss ? `${((u.baselineKb as number) / 1024).toFixed(1)} MB` : "",
            rss ? `${((u.peakKb as number) / 1024).toFixed(1)} MB` : "",
            rss ? `+${(((u.peakKb as number) - (u.baselineKb as number)) / 1024).toFixed(1)} MB` : "",
          ];
        }),
      ),
    );

    out.push("", "Usage recording");
    if (usage.table) {
      out.push(
        `  ${usage.rows} usage events stored and ${usage.outboxLines} still in the outbox after the server stopped, for ` +
          `${proxiedCalls} calls answered through the proxy (+ up to ${cutAtEnd} cut off in flight when a load run ended)`,
      );
    } else {
      out.push(
        "  not measured: this build has no UsageEvent table; lib/usage/record.ts is a placeholder that records nothing, " +
          "so these figures are without usage recording",
      );
    }

    out.push("", "Targets (console proxy on the lean path, as npm start serves it)");
    const addedP50 = at("proxy (lean)", 1).p50 - at("direct", 1).p50;
    check("added p50, non-streamed, 1 connection", addedP50 <= TARGET_ADDED_MS, `${ms(addedP50)} ms (target ≤ ${TARGET_ADDED_MS} ms)`);
    const failed = [...loads.entries()].filter(([, result]) => result.failed > 0);
    check(
      "no failed requests under load",
      failed.length === 0,
      failed.length === 0 ? "none" : failed.map(([key, result]) => `${key}: ${result.failed}`).join(", "),
    );
    const streamDirect = streams.get("direct") as StreamSummary;
    const streamProxy = streams.get("proxy (lean)") as StreamSummary;
    const addedTtfb = streamProxy.ttfbP50 - streamDirect.ttfbP50;
    check("added time to first byte, streamed", addedTtfb <= TARGET_ADDED_MS, `${ms(addedTtfb)} ms (target ≤ ${TARGET_ADDED_MS} ms)`);
    const addedLag = streamProxy.lagP99 - streamDirect.lagP99;
    check(
      "no batching: each event forwarded in a chunk of its own",
      streamProxy.clumpedChunks <= streamDirect.clumpedChunks,
      `${streamProxy.clumpedChunks} of ${streamProxy.chunks} chunks held more than one event (direct: ${streamDirect.clumpedChunks})`,
    );
    check(
      "every event forwarded as it arrives",
      addedLag <= TARGET_ADDED_MS,
      `p99 event lag ${ms(streamProxy.lagP99)} ms vs ${ms(streamDirect.lagP99)} ms direct, added ${ms(addedLag)} ms ` +
        `(target ≤ ${TARGET_ADDED_MS} ms; max ${ms(streamProxy.lagMax)} ms)`,
    );
    const upload = uploads.get("proxy (lean)") as Awaited<ReturnType<typeof measureUpload>>;
    const growthMb = ((upload.peakKb as number) - (upload.baselineKb as number)) / 1024;
    check(
      `${UPLOAD_BYTES / MB} MB upload, server RSS growth`,
      growthMb <= TARGET_RSS_GROWTH_MB,
      `+${growthMb.toFixed(1)} MB (target ≤ ${TARGET_RSS_GROWTH_MB} MB), ${((upload.sentBytes / MB) * (1000 / upload.ms)).toFixed(0)} MB/s`,
    );
    if (usage.table) {
      const recorded = usage.rows + usage.outboxLines;
      check(
        "one usage event per call",
        recorded >= proxiedCalls && recorded <= proxiedCalls + cutAtEnd,
        `${recorded} events for ${proxiedCalls}–${proxiedCalls + cutAtEnd} calls`,
      );
    } else {
      out.push("  ----  one usage event per call, throughput with recording: not measured (no usage recorder in this build)");
    }
    console.log(out.join("\n"));
    if (fails.length) process.exitCode = 1;
  } finally {
    await stopAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
