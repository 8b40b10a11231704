// `npm run bench:proxy`: what the console proxy (/api/projects/{id}/openai/v1/*) costs, measured
// side by side in one run against a fixed-response upstream (scripts/bench/upstream.ts) called
// directly, through a bare undici pass-through (scripts/bench/pass-through.ts: the least a proxy
// hop costs here), and through Switchboard started as `npm start` starts it. Then the same proxy
// once more as a Next.js route handler (`next start` on the same build), to show what the lean path
// in server.ts saves. Prints one report with PASS/FAIL per target and exits non-zero on a FAIL.
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
  findNodeProcess,
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
  clumpedReads: number;
  reads: number;
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
      const verdict = isAddressAllowed(entry.address, { allowPrivateNetworks: true });
      if (verdict.allowed) found.push({ address: entry.address, family: entry.family, label: `${name} ${entry.cidr ?? entry.address}` });
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
  const entry = how === "lean" ? "server.ts" : nextBin;
  const started = await startProcess(NODE, args, {
    env: { ...env, NODE_ENV: "production", NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} ${gcPreloadOption(entry)}`.trim() },
    ready: async (output) => output.includes(GC_MARKER) && (await healthy(origin)),
    timeoutMs: 600_000,
    name: how === "lean" ? "Switchboard (npm start)" : "Switchboard (next start)",
  });
  // `next start` serves in the process we spawned (and renames it next-server); start.mjs spawns server.ts.
  const pid =
    how === "next" ? started.child.pid : findNodeProcess(started.child.pid as number, (argv) => argv.some((arg) => arg.endsWith(entry)));
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
    clumpedReads: results.reduce((sum, result) => sum + result.clumpedReads, 0),
    reads: results.reduce((sum, result) => sum + result.reads, 0),
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

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-proxy-"));
  const secret = randomBytes(36).toString("base64url");
  const apiKey = `sk-bench-${randomBytes(16).toString("hex")}`;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.resolve("node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    PORT: String(port),
    HOST: "127.0.0.1",
    SWITCHBOARD_URL: origin,
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_SECRET: secret,
    SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "true",
    DATABASE_URL: "",
    SANDBOX_WORKERS: "off",
  };
  const running: Started[] = [];
  const stopAll = async () => {
    for (const started of running.splice(0).reverse()) await started.stop();
  };

  try {
    const built = spawnSync(NODE, ["scripts/build-if-changed.mjs"], { env, stdio: ["ignore", 2, 2] });
    if (built.status !== 0) throw new Error("the build failed");

    const upstream = await startProcess(NODE, [...TSX, "scripts/bench/upstream.ts", upstreamAt.address, apiKey], {
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

    note("first start: setup through POST /api/setup");
    let switchboard = await startSwitchboard("lean", env);
    running.push(switchboard);
    const { ownerId, projectId } = await firstRunSetup(origin);
    await switchboard.stop();
    running.pop();
    const { sessionToken } = instanceDatabase(env, ["connect", projectId, ownerId, upstreamBase, apiKey]) as { sessionToken: string };

    note("second start: measuring");
    switchboard = await startSwitchboard("lean", env);
    running.push(switchboard);
    const authorization = { authorization: `Bearer ${apiKey}` };
    const proxyHeaders = { origin, cookie: `next-auth.session-token=${sessionToken}` };
    const proxyBase = `${origin}/api/projects/${encodeURIComponent(projectId)}/openai/v1`;
    const endpoints: Record<Door, Endpoint> = {
      direct: { door: "direct", base: upstreamBase, headers: authorization },
      "pass-through": { door: "pass-through", base: `http://127.0.0.1:${passPort}/v1`, headers: authorization },
      "proxy (lean)": { door: "proxy (lean)", base: proxyBase, headers: proxyHeaders },
      "proxy (via Next)": { door: "proxy (via Next)", base: proxyBase, headers: proxyHeaders },
    };
    const lean: Door[] = ["direct", "pass-through", "proxy (lean)"];
    for (const door of lean) await checkAnswers(endpoints[door]);
    let proxiedCalls = 1;

    const loads = new Map<string, LoadResult>();
    for (const connections of CONNECTIONS) {
      for (const door of lean) {
        const { result, answered } = await measureLoad(endpoints[door], connections);
        loads.set(`${door}/${connections}`, result);
        if (door === "proxy (lean)") proxiedCalls += answered;
      }
    }
    const streams = new Map<Door, StreamSummary>();
    for (const door of lean) streams.set(door, await measureStreams(endpoints[door]));
    proxiedCalls += 1 + LONG_STREAMS + SHORT_STREAMS;
    const uploads = new Map<Door, Awaited<ReturnType<typeof measureUpload>>>();
    for (const door of lean) uploads.set(door, await measureUpload(endpoints[door], door === "proxy (lean)" ? switchboard.pid : undefined));
    proxiedCalls += 2;
    await switchboard.stop();
    running.pop();
    const usage = instanceDatabase(env, ["usage"]) as { table: boolean; rows: number; outboxLines: number };

    note("third start: the same build under `next start`, the proxy as a route handler");
    const viaNext = await startSwitchboard("next", env);
    running.push(viaNext);
    const nextDoor = endpoints["proxy (via Next)"];
    await checkAnswers(nextDoor);
    for (const connections of CONNECTIONS) loads.set(`${nextDoor.door}/${connections}`, (await measureLoad(nextDoor, connections)).result);
    streams.set(nextDoor.door, await measureStreams(nextDoor));
    uploads.set(nextDoor.door, await measureUpload(nextDoor, viaNext.pid));
    await stopAll();

    // ----- report -----
    const out: string[] = [];
    const fails: string[] = [];
    const check = (name: string, pass: boolean, detail: string) => {
      out.push(`  ${verdict(pass)}  ${name}: ${detail}`);
      if (!pass) fails.push(name);
    };
    const doors: Door[] = [...lean, "proxy (via Next)"];
    out.push(
      `bench:proxy  Node ${process.version}, ${os.cpus().length} cores, upstream on ${upstreamAt.label} (private, allowed by ` +
        `SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS), everything else on 127.0.0.1`,
      "",
      `Non-streamed: POST /v1/chat/completions (fixed JSON answer with usage), autocannon ${SECONDS} s per row after ${WARMUP_SECONDS} s warm-up`,
    );
    const loadRows: string[][] = [];
    for (const connections of CONNECTIONS) {
      for (const door of doors) {
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
    out.push("", "Ratios (non-streamed)");
    for (const connections of CONNECTIONS) {
      const get = (door: Door) => loads.get(`${door}/${connections}`) as LoadResult;
      const [direct, pass, proxy, next] = doors.map(get);
      out.push(
        `  ${connections} conn: proxy/direct req/s ${(proxy.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}, ` +
          `proxy/pass-through ${(proxy.requestsPerSecond / pass.requestsPerSecond).toFixed(2)}, ` +
          `pass-through/direct ${(pass.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}; ` +
          `added p50: pass-through ${ms(pass.p50 - direct.p50)} ms, proxy ${ms(proxy.p50 - direct.p50)} ms; ` +
          `lean/via-Next req/s ${(proxy.requestsPerSecond / next.requestsPerSecond).toFixed(2)}, p50 ${ms(proxy.p50)} vs ${ms(next.p50)} ms`,
      );
    }

    out.push(
      "",
      `Streamed: POST /v1/responses, ${STREAM_EVENTS} output_text.delta events ~1 ms apart (+ created, completed); ` +
        `lag over ${LONG_STREAMS} streams, TTFB over those and ${SHORT_STREAMS} short ones`,
    );
    out.push(
      ...table(
        ["door", "TTFB p50 ms", "event lag p50 ms", "p99 ms", "max ms", "reads with >1 event"],
        doors.map((door) => {
          const s = streams.get(door) as StreamSummary;
          return [door, ms(s.ttfbP50), ms(s.lagP50), ms(s.lagP99), ms(s.lagMax), `${s.clumpedReads} of ${s.reads}`];
        }),
      ),
    );

    out.push("", `Upload: ${UPLOAD_BYTES / MB} MB multipart POST /v1/files, generated as it is sent; the upstream counts the bytes`);
    out.push(
      ...table(
        ["door", "seconds", "MB/s", "server RSS before (after GC)", "peak", "growth"],
        doors.map((door) => {
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
        `  ${usage.rows} usage events stored and ${usage.outboxLines} still in the outbox, for ${proxiedCalls} calls answered through the proxy`,
      );
    } else {
      out.push(
        "  not measured: this build has no UsageEvent table; lib/usage/record.ts is a placeholder that records nothing, " +
          "so these figures are without usage recording",
      );
    }

    out.push("", "Targets (console proxy on the lean path, as npm start serves it)");
    const one = (door: Door) => loads.get(`${door}/1`) as LoadResult;
    const addedP50 = one("proxy (lean)").p50 - one("direct").p50;
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
      check("one usage event per call", recorded >= proxiedCalls, `${recorded} events for ${proxiedCalls} calls answered`);
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
