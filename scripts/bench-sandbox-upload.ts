// `npm run bench:sandbox-upload`: pushes a large file through the standalone sandbox's /uploads
// (parts of 64 MB, generated on the fly), completes it, downloads it again, and prints throughput
// and how far the sandbox process's resident memory grew. Streaming means the growth stays flat
// whatever the file size. BENCH_UPLOAD_MB changes the size (default 300).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";

const MB = 1024 * 1024;
const TOTAL_BYTES = Number(process.env.BENCH_UPLOAD_MB || 300) * MB;
const PART_BYTES = 64 * MB;
const CHUNK_BYTES = MB;
const API_KEY = `sk-sandbox-bench-${randomBytes(12).toString("hex")}`;
const GC_MARKER = "[bench] full GC on SIGUSR2";

// Idle V8 collects start-up garbage (migrations, module loading) whenever it likes: a baseline
// taken "when idle" may still hold hundreds of MB, and a collection mid-run then hides any growth
// behind it. This preload, active only in the sandbox's own node process, runs a full collection
// on SIGUSR2, so the baseline and the retained figure are both taken right after one. The bench
// signals only once it has seen the marker (an unhandled SIGUSR2 would end the process).
const GC_PRELOAD = [
  'import v8 from "node:v8"; import vm from "node:vm";',
  'if (process.argv.some((a) => a.endsWith("scripts/sandbox.ts"))) {',
  'v8.setFlagsFromString("--expose-gc"); const gc = vm.runInNewContext("gc");',
  `process.on("SIGUSR2", () => gc()); console.log(${JSON.stringify(GC_MARKER)}); }`,
].join(" ");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `node … scripts/sandbox.ts` process below `npm run sandbox` (npm and sh sit in between). */
function findSandboxPid(rootPid: number): number | undefined {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift() as number;
    const cmdline = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
    if (cmdline.startsWith("node") && cmdline.includes("scripts/sandbox.ts")) return pid;
    for (const [child, parent] of parents) if (parent === pid) queue.push(child);
  }
  return undefined;
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0);
}

async function collectGarbage(pid: number): Promise<number> {
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return rssKb(pid);
}

/** Samples VmRSS every 100 ms; `phase()` returns the peak since the last call. */
function sampleRss(pid: number) {
  let peak = rssKb(pid);
  let overall = peak;
  let lowest = peak;
  const timer = setInterval(() => {
    try {
      const now = rssKb(pid);
      peak = Math.max(peak, now);
      overall = Math.max(overall, now);
      lowest = Math.min(lowest, now);
    } catch {
      clearInterval(timer);
    }
  }, 100);
  return {
    phase(): number {
      const last = Math.max(peak, rssKb(pid));
      peak = rssKb(pid);
      return last;
    },
    stop(): { peak: number; lowest: number } {
      clearInterval(timer);
      return { peak: Math.max(overall, rssKb(pid)), lowest };
    },
  };
}

async function startSandbox(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn("npm", ["run", "--silent", "sandbox", "--", "--port", String(port)], {
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SANDBOX_API_KEY: API_KEY,
      DATABASE_URL: "",
      SANDBOX_WORKERS: "off",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=data:text/javascript,${encodeURIComponent(GC_PRELOAD)}`.trim(),
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so npm, sh and node all stop together at the end.
    detached: true,
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`the sandbox did not start:\n${output}`)), 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Sandbox upstream on") && output.includes(GC_MARKER)) {
        clearTimeout(timeout);
        resolve();
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}):\n${output}`)));
  });
  return child;
}

/** Sends one part as multipart/form-data, generating its bytes as they are written. */
async function sendPart(
  baseURL: string,
  uploadId: string,
  bytes: number,
  seed: Buffer,
  hash: ReturnType<typeof createHash>,
  index: number,
) {
  const boundary = `bench-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="part-${index}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${baseURL}/uploads/${uploadId}/parts`);
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": head.length + bytes + tail.length,
    },
  });
  const response = once(request, "response") as Promise<[http.IncomingMessage]>;
  request.write(head);
  for (let sent = 0; sent < bytes; sent += CHUNK_BYTES) {
    const chunk = Buffer.from(seed.subarray(0, Math.min(CHUNK_BYTES, bytes - sent)));
    chunk.writeUInt32LE(index, 0);
    chunk.writeUInt32LE(sent / CHUNK_BYTES, 4);
    hash.update(chunk);
    if (!request.write(chunk)) await once(request, "drain");
  }
  request.end(tail);
  const [answer] = await response;
  let body = "";
  for await (const piece of answer) body += piece;
  if (answer.statusCode !== 200) throw new Error(`part ${index}: ${answer.statusCode} ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}

/** Streams a download through a hash (node:http, like the parts, to keep client overhead low). */
async function download(url: string, hash: ReturnType<typeof createHash>): Promise<number> {
  const [response] = (await once(http.get(url, { headers: { authorization: `Bearer ${API_KEY}` } }), "response")) as [http.IncomingMessage];
  if (response.statusCode !== 200) throw new Error(`download: ${response.statusCode}`);
  let bytes = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  return bytes;
}

const mbps = (bytes: number, ms: number) => (((bytes / MB) * 1000) / ms).toFixed(1);
const mb = (kb: number) => (kb / 1024).toFixed(1);
const growth = (kb: number) => `${kb >= 0 ? "+" : "-"}${mb(Math.abs(kb))} MB`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sandbox-upload-"));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}/v1`;
  let child: ChildProcess | undefined;
  try {
    child = await startSandbox(dataDir, port);
    const pid = findSandboxPid(child.pid as number);
    if (!pid) throw new Error("could not find the sandbox's node process");
    const client = new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0, timeout: 600_000 });

    // Warm up every code path with a small file. Not a large one: that would grow the heap just
    // as buffering would, and mask exactly the regression this is meant to catch.
    const seed = randomBytes(CHUNK_BYTES);
    const warm = await client.uploads.create({
      bytes: 4096,
      filename: "warm.bin",
      mime_type: "application/octet-stream",
      purpose: "assistants",
    });
    const warmPart = await sendPart(baseURL, warm.id, 4096, seed, createHash("sha256"), 0);
    const warmFile = await client.uploads.complete(warm.id, { part_ids: [warmPart] });
    await download(`${baseURL}/files/${warmFile.file?.id}/content`, createHash("sha256"));
    const baseline = await collectGarbage(pid);
    const rss = sampleRss(pid);

    const sent = createHash("sha256");
    const upload = await client.uploads.create({
      bytes: TOTAL_BYTES,
      filename: "bench.bin",
      mime_type: "application/octet-stream",
      purpose: "assistants",
    });
    let started = performance.now();
    const partIds: string[] = [];
    for (let offset = 0; offset < TOTAL_BYTES; offset += PART_BYTES) {
      partIds.push(await sendPart(baseURL, upload.id, Math.min(PART_BYTES, TOTAL_BYTES - offset), seed, sent, partIds.length));
    }
    const partsMs = performance.now() - started;
    const partsPeak = rss.phase();

    started = performance.now();
    const completed = await client.uploads.complete(upload.id, { part_ids: partIds });
    const completeMs = performance.now() - started;
    const completePeak = rss.phase();
    const file = completed.file as OpenAI.FileObject;
    if (completed.status !== "completed" || file.bytes !== TOTAL_BYTES)
      throw new Error(`unexpected completion: ${JSON.stringify(completed)}`);

    started = performance.now();
    const received = createHash("sha256");
    const receivedBytes = await download(`${baseURL}/files/${file.id}/content`, received);
    const downloadMs = performance.now() - started;
    const downloadPeak = rss.phase();
    const { peak, lowest } = rss.stop();
    const retained = await collectGarbage(pid);

    const same = sent.digest("hex") === received.digest("hex");
    const rows: [string, string][] = [
      ["file", `${TOTAL_BYTES / MB} MB in ${partIds.length} parts of up to ${PART_BYTES / MB} MB (sandbox pid ${pid}, PGlite on disk)`],
      ["parts upload", `${(partsMs / 1000).toFixed(2)} s, ${mbps(TOTAL_BYTES, partsMs)} MB/s`],
      ["complete (assemble)", `${(completeMs / 1000).toFixed(2)} s, ${mbps(TOTAL_BYTES, completeMs)} MB/s`],
      ["download content", `${(downloadMs / 1000).toFixed(2)} s, ${mbps(receivedBytes, downloadMs)} MB/s`],
      [
        "downloaded bytes",
        `${receivedBytes} (${receivedBytes === TOTAL_BYTES ? "size matches" : "SIZE MISMATCH"}), sha256 ${same ? "matches" : "DIFFERS"}`,
      ],
      ["sandbox RSS baseline", `${mb(baseline)} MB after a small warm-up and a full GC (lowest during the run: ${mb(lowest)} MB)`],
      ["peak during parts", `${mb(partsPeak)} MB (${growth(partsPeak - baseline)})`],
      ["peak during complete", `${mb(completePeak)} MB (${growth(completePeak - baseline)})`],
      ["peak during download", `${mb(downloadPeak)} MB (${growth(downloadPeak - baseline)})`],
      ["peak RSS growth", `${growth(peak - baseline)} (target: well under 100 MB)`],
      ["retained after GC", `${mb(retained)} MB (${growth(retained - baseline)})`],
    ];
    for (const [name, value] of rows) console.log(`${name.padEnd(22)} ${value}`);
    if (receivedBytes !== TOTAL_BYTES || !same) process.exitCode = 1;
  } finally {
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, "SIGTERM");
      await once(child, "exit");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
