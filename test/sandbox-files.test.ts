import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import OpenAI, { toFile } from "openai";
import { beforeAll, describe, expect, test } from "vitest";
import { closeDatabase, db } from "@/lib/db/client";
import { JsonlValidator } from "@/lib/sandbox/files/jsonl";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { databaseKindUnderTest } from "./support/database";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { expectError, sandboxForThisFile, startSandboxServer, waitFor } from "./support/sandbox-server";

const sandbox = sandboxForThisFile();

const auth = () => ({ authorization: `Bearer ${sandbox.apiKey}` });
const filesDir = () => path.join(process.env.SWITCHBOARD_DATA_DIR as string, "sandbox", "files");
const blobsOnDisk = () => (fs.existsSync(filesDir()) ? fs.readdirSync(filesDir()).sort() : []);
const fileRows = async () => (await db()).sandboxFile.count();

async function postForm(form: FormData) {
  const response = await fetch(`${sandbox.baseURL}/files`, { method: "POST", headers: auth(), body: form });
  return { status: response.status, body: await response.json() };
}

function form(entries: [string, string | Blob, string?][]): FormData {
  const data = new FormData();
  for (const [name, value, filename] of entries) {
    if (typeof value === "string") data.append(name, value);
    else data.append(name, value, filename);
  }
  return data;
}

/** Every byte value, in a random order, so encoding mistakes cannot hide. */
function binaryContent(bytes: number): Buffer {
  const content = randomBytes(bytes);
  for (let i = 0; i < 256; i++) content[i] = i;
  return content;
}

describe.skipIf(skipWithoutSpec)("POST /files and reading files back", () => {
  test("a text file round-trips through the official client, shaped as OpenAIFile", async () => {
    const before = Math.floor(Date.now() / 1000);
    const file = await sandbox.client.files.create({
      file: await toFile(Buffer.from("hello sandbox\n"), "notes.txt"),
      purpose: "assistants",
    });
    const after = Math.ceil(Date.now() / 1000);
    expectSchema("OpenAIFile", file);
    expect(file).toMatchObject({ object: "file", bytes: 14, filename: "notes.txt", purpose: "assistants", status: "processed" });
    expect(file.id).toMatch(/^file-[A-Za-z0-9]{22}$/);
    expect(file.created_at).toBeGreaterThanOrEqual(before);
    expect(file.created_at).toBeLessThanOrEqual(after);
    expect(file.expires_at).toBeUndefined();

    const retrieved = await sandbox.client.files.retrieve(file.id);
    expectSchema("OpenAIFile", retrieved);
    expect(retrieved).toEqual(file);

    const content = await sandbox.client.files.content(file.id);
    expect(content.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await content.text()).toBe("hello sandbox\n");
  });

  test("binary content comes back byte for byte, with a type from the extension", async () => {
    const content = binaryContent(3 * 1024 * 1024 + 17);
    const file = await sandbox.client.files.create({ file: await toFile(content, "weights.bin"), purpose: "user_data" });
    expectSchema("OpenAIFile", file);
    expect(file.bytes).toBe(content.length);
    const response = await sandbox.client.files.content(file.id);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-length")).toBe(String(content.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);

    const image = await sandbox.client.files.create({ file: await toFile(binaryContent(4096), "chart.png"), purpose: "vision" });
    const served = await fetch(`${sandbox.baseURL}/files/${image.id}/content`, { headers: auth() });
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("content-disposition")).toContain('filename="chart.png"');
    expect((await served.arrayBuffer()).byteLength).toBe(4096);
  });

  test("expires_after sets expires_at from created_at; batch files expire after 30 days by default", async () => {
    const expiring = await sandbox.client.files.create({
      file: await toFile(Buffer.from("temporary"), "temp.txt"),
      purpose: "user_data",
      expires_after: { anchor: "created_at", seconds: 7200 },
    });
    expectSchema("OpenAIFile", expiring);
    expect(expiring.expires_at).toBe(expiring.created_at + 7200);

    const batch = await sandbox.client.files.create({
      file: await toFile(Buffer.from('{"custom_id":"1"}\n'), "in.jsonl"),
      purpose: "batch",
    });
    expectSchema("OpenAIFile", batch);
    expect(batch.expires_at).toBe(batch.created_at + 30 * 24 * 3600);

    const tooShort = await sandbox.client.files
      .create({ file: await toFile(Buffer.from("x"), "x.txt"), purpose: "user_data", expires_after: { anchor: "created_at", seconds: 60 } })
      .catch((e) => e);
    expect(tooShort).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: tooShort.error }, { param: "expires_after.seconds", code: "integer_below_min_value", message: />= 3600/ });
    const tooLong = await postForm(
      form([
        ["purpose", "user_data"],
        ["expires_after[anchor]", "created_at"],
        ["expires_after[seconds]", "2592001"],
        ["file", new Blob(["x"]), "x.txt"],
      ]),
    );
    expect(tooLong.status).toBe(400);
    expectError(tooLong.body, { param: "expires_after.seconds", code: "integer_above_max_value" });
    const badAnchor = await postForm(
      form([
        ["purpose", "user_data"],
        ["expires_after[anchor]", "last_active_at"],
        ["expires_after[seconds]", "3600"],
        ["file", new Blob(["x"]), "x.txt"],
      ]),
    );
    expectError(badAnchor.body, { param: "expires_after.anchor", code: "invalid_value" });
  });

  test("DELETE removes the row and the blob, and answers DeleteFileResponse", async () => {
    const file = await sandbox.client.files.create({ file: await toFile(Buffer.from("bye"), "bye.txt"), purpose: "assistants" });
    expect(blobsOnDisk()).toContain(file.id);
    const deleted = await sandbox.client.files.delete(file.id);
    expectSchema("DeleteFileResponse", deleted);
    expect(deleted).toEqual({ id: file.id, object: "file", deleted: true });
    expect(blobsOnDisk()).not.toContain(file.id);
    expect(await sandbox.client.files.retrieve(file.id).catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
  });

  test("unknown ids are 404 No such File object with param id, on every file endpoint", async () => {
    for (const [method, suffix] of [
      ["GET", ""],
      ["GET", "/content"],
      ["DELETE", ""],
    ]) {
      const response = await fetch(`${sandbox.baseURL}/files/file-doesnotexist${suffix}`, { method, headers: auth() });
      expect(response.status).toBe(404);
      expectError(await response.json(), { param: "id", code: null, message: /^No such File object: file-doesnotexist$/ });
    }
    const viaClient = await sandbox.client.files.retrieve("file-nope").catch((e) => e);
    expect(viaClient).toBeInstanceOf(OpenAI.NotFoundError);
  });

  test("a file past its expires_at disappears at once and the sweeper removes its blob", async () => {
    const file = await sandbox.client.files.create({
      file: await toFile(Buffer.from("short-lived"), "short.txt"),
      purpose: "user_data",
      expires_after: { anchor: "created_at", seconds: 3600 },
    });
    const prisma = await db();
    await prisma.sandboxFile.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sandbox.client.files.retrieve(file.id).catch((e) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const listed = await sandbox.client.files.list({ purpose: "user_data" });
    expect(listed.data.map((f) => f.id)).not.toContain(file.id);
    expect(blobsOnDisk()).toContain(file.id);
    await drainSandboxWorkers();
    expect(blobsOnDisk()).not.toContain(file.id);
    expect(await prisma.sandboxFile.findUnique({ where: { id: file.id } })).toBeNull();
  });
});

describe.skipIf(skipWithoutSpec)("bad uploads are refused and leave nothing behind", () => {
  test("an unknown purpose is the API's enum error on param purpose", async () => {
    const [rows, blobs] = [await fileRows(), blobsOnDisk()];
    const error = await sandbox.client.files
      .create({ file: await toFile(Buffer.from("x"), "x.txt"), purpose: "answers" as "assistants" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expectError(
      { error: error.error },
      { param: "purpose", message: /^'answers' is not one of \['assistants', 'batch', .*'evals'\] - 'purpose'$/ },
    );
    const missing = await postForm(form([["file", new Blob(["x"]), "x.txt"]]));
    expectError(missing.body, { param: "purpose", code: "missing_required_parameter" });
    expect(await fileRows()).toBe(rows);
    expect(blobsOnDisk()).toEqual(blobs);
  });

  test("a missing file, an empty file and a body that is not multipart are 400s", async () => {
    const missing = await postForm(form([["purpose", "assistants"]]));
    expect(missing.status).toBe(400);
    expectError(missing.body, { param: "file", code: "missing_required_parameter", message: /Missing required parameter: 'file'/ });

    const blobs = blobsOnDisk();
    const empty = await postForm(
      form([
        ["purpose", "assistants"],
        ["file", new Blob([]), "empty.txt"],
      ]),
    );
    expect(empty.status).toBe(400);
    expectError(empty.body, { param: "file", code: "empty_file" });
    expect(blobsOnDisk()).toEqual(blobs);

    const json = await fetch(`${sandbox.baseURL}/files`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ purpose: "assistants" }),
    });
    expect(json.status).toBe(400);
    expectError(await json.json(), { param: null, message: /expected multipart\/form-data/ });
  });

  test("batch and fine-tune files must be JSONL: the answer names the first bad line", async () => {
    const rows = await fileRows();
    const blobs = blobsOnDisk();
    const notObject = '{"custom_id":"a"}\n\n{"custom_id":"b"}\n[1, 2]\n{"custom_id":"c"}\n';
    const error = await sandbox.client.files
      .create({ file: await toFile(Buffer.from(notObject), "in.jsonl"), purpose: "batch" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: error.error }, { param: "file", code: "invalid_file_format", message: /Line 4 is not a JSON object/ });

    // The purpose sent before the file takes the other path through the validator.
    const brokenJson = '{"messages": []}\n{"messages": [\n';
    const fineTune = await postForm(
      form([
        ["purpose", "fine-tune"],
        ["file", new Blob([brokenJson]), "train.jsonl"],
      ]),
    );
    expect(fineTune.status).toBe(400);
    expectError(fineTune.body, { param: "file", code: "invalid_file_format", message: /Line 2 is not valid JSON/ });
    expect(await fileRows()).toBe(rows);
    expect(blobsOnDisk()).toEqual(blobs);

    // The same bytes are fine for a purpose that is not JSONL, and valid JSONL is fine for batch.
    const asData = await sandbox.client.files.create({ file: await toFile(Buffer.from(notObject), "in.jsonl"), purpose: "user_data" });
    expectSchema("OpenAIFile", asData);
    const valid = await sandbox.client.files.create({
      file: await toFile(Buffer.from('{"a":1}\r\n  \n{"b":[true,null,-1.5e3,"\\u00e9"]}'), "ok.jsonl"),
      purpose: "fine-tune",
    });
    expect(valid.status).toBe("processed");
  });

  test("the size limit (SANDBOX_MAX_FILE_BYTES here) refuses one byte more, keeping nothing", async () => {
    process.env.SANDBOX_MAX_FILE_BYTES = "1000";
    try {
      const rows = await fileRows();
      const blobs = blobsOnDisk();
      const error = await sandbox.client.files
        .create({ file: await toFile(Buffer.alloc(1001, 1), "big.bin"), purpose: "assistants" })
        .catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expectError({ error: error.error }, { param: "file", code: "file_too_large", message: /maximum file size is 1000 bytes/ });
      const huge = await sandbox.client.files
        .create({ file: await toFile(Buffer.alloc(300_000, 2), "huge.bin"), purpose: "assistants" })
        .catch((e) => e);
      expect(huge.status).toBe(400);
      expect(await fileRows()).toBe(rows);
      expect(blobsOnDisk()).toEqual(blobs);
      const exact = await sandbox.client.files.create({ file: await toFile(Buffer.alloc(1000, 3), "exact.bin"), purpose: "assistants" });
      expect(exact.bytes).toBe(1000);
    } finally {
      delete process.env.SANDBOX_MAX_FILE_BYTES;
    }
  });

  test("a client that goes away mid-upload leaves no row and no blob, partial or whole", async () => {
    const rows = await fileRows();
    const blobs = blobsOnDisk();
    const url = new URL(`${sandbox.baseURL}/files`);
    const boundary = "sandbox-abort-boundary";
    const start = (): http.ClientRequest => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...auth(), "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      request.on("error", () => undefined);
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nassistants\r\n`);
      request.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      request.write(randomBytes(512 * 1024));
      return request;
    };
    const partial = () => blobsOnDisk().filter((name) => name.endsWith(".partial"));

    // Gone in the middle of the file: the half-written blob is removed.
    const midFile = start();
    await waitFor(() => partial().length > 0, "the file to start streaming to disk");
    midFile.destroy();
    await waitFor(() => partial().length === 0, "the partial blob to be removed");

    // Gone after the whole file but before the form ended: the finished blob is removed too.
    const afterFile = start();
    afterFile.write(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nmore`);
    await waitFor(() => blobsOnDisk().length > blobs.length && partial().length === 0, "the file blob to be complete");
    afterFile.destroy();
    await waitFor(() => blobsOnDisk().length === blobs.length, "the stored blob to be discarded");

    // A form that simply ends early is answered, not left hanging.
    const truncated = start();
    const answer = new Promise<{ status: number; body: string }>((resolve) => {
      truncated.on("response", (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
    });
    truncated.end();
    const { status, body } = await answer;
    expect(status).toBe(400);
    expectError(JSON.parse(body), { param: null, message: /Could not parse the multipart form: Unexpected end of form/ });

    expect(blobsOnDisk()).toEqual(blobs);
    expect(await fileRows()).toBe(rows);
    // The sandbox is still fine afterwards.
    expect((await sandbox.client.files.list({ limit: 1 })).data.length).toBe(1);
  });
});

describe.skipIf(skipWithoutSpec)("GET /files pages through everything exactly once", () => {
  let all: { id: string; purpose: string }[];
  beforeAll(async () => {
    const purposes = ["assistants", "user_data", "vision"] as const;
    for (let i = 0; i < 26; i++) {
      await sandbox.client.files.create({ file: await toFile(Buffer.from(`file ${i}`), `page-${i}.txt`), purpose: purposes[i % 3] });
    }
    const prisma = await db();
    const now = new Date();
    all = await prisma.sandboxFile.findMany({
      where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, purpose: true },
    });
    expect(all.length).toBeGreaterThanOrEqual(26);
  });

  test("raw pages in both orders are ListFilesResponse and cover every file once", async () => {
    for (const order of ["asc", "desc"] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const query = new URLSearchParams({ limit: "4", order, ...(after ? { after } : {}) });
        const response = await fetch(`${sandbox.baseURL}/files?${query}`, { headers: auth() });
        const page = await response.json();
        expectSchema("ListFilesResponse", page);
        expect(page.data.length).toBeLessThanOrEqual(4);
        expect(page.first_id).toBe(page.data[0].id);
        expect(page.last_id).toBe(page.data.at(-1).id);
        seen.push(...page.data.map((f: { id: string }) => f.id));
        if (!page.has_more) break;
        after = page.last_id;
      }
      const expected = all.map((f) => f.id);
      expect(seen).toEqual(order === "asc" ? expected : [...expected].reverse());
    }
  });

  test("the official client's auto-pagination walks them all, with and without a purpose filter", async () => {
    const walked: string[] = [];
    for await (const file of sandbox.client.files.list({ limit: 5, order: "asc" })) walked.push(file.id);
    expect(walked).toEqual(all.map((f) => f.id));
    expect(new Set(walked).size).toBe(walked.length);

    const vision: string[] = [];
    for await (const file of sandbox.client.files.list({ limit: 3, purpose: "vision" })) {
      expect(file.purpose).toBe("vision");
      vision.push(file.id);
    }
    expect(vision).toEqual(
      all
        .filter((f) => f.purpose === "vision")
        .map((f) => f.id)
        .reverse(),
    );

    // The default page (limit 10000, newest first) holds them all at once.
    const whole = await sandbox.client.files.list();
    expect(whole.data.map((f) => f.id)).toEqual(all.map((f) => f.id).reverse());
    expect(whole.has_more).toBe(false);
  });

  test("bad list parameters are 400s naming the parameter", async () => {
    for (const [query, param] of [
      ["limit=0", "limit"],
      ["limit=10001", "limit"],
      ["order=sideways", "order"],
      ["after=file-unknown", "after"],
    ]) {
      const response = await fetch(`${sandbox.baseURL}/files?${query}`, { headers: auth() });
      expect(response.status).toBe(400);
      expectError(await response.json(), { param });
    }
  });
});

describe("the streaming JSONL check agrees with JSON.parse line by line", () => {
  function firstBadLine(text: string): string | null {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (/^[ \t\r]*$/.test(lines[i])) continue;
      try {
        const value = JSON.parse(lines[i]);
        if (typeof value !== "object" || value === null || Array.isArray(value)) return `${i + 1} not_object`;
      } catch {
        return `${i + 1} invalid_json`;
      }
    }
    return null;
  }

  function validate(bytes: Uint8Array, cuts: number[]): string | null {
    const validator = new JsonlValidator();
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      validator.push(bytes.subarray(at, cut));
      at = cut;
    }
    const problem = validator.end();
    return problem ? `${problem.line} ${problem.reason}` : null;
  }

  const GOOD = [
    "{}",
    '{"a":1}',
    ' {"k": [1, 2.5e-3, -0, 0.5E+10, true, false, null, "x\\u00e9\\n\\"q\\""], "o": {"n": {}}}  \r',
    '{"s":"é ünïcode 🚀", "e": []}',
    '{"deep":[[[[{"x":[{}]}]]]]}',
  ];
  const ODD = [
    "[1]",
    '"str"',
    "42",
    "-0.5e3",
    "null",
    "nul",
    "",
    "   ",
    "{",
    '{"a":}',
    '{"a":01}',
    '{"a":1,}',
    '{"a" 1}',
    "{'a':1}",
    '{"a":tru}',
    "[1,]",
    "{}}",
  ];
  const PALETTE = '{}[]",:0123456789-+.eE \t\\nulrfasu\n\r';

  test("hand-picked lines", () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    for (const line of [...GOOD, ...ODD]) {
      const text = `{"first":true}\n${line}\n{"last":true}`;
      expect(validate(encode(text), []), text).toBe(firstBadLine(text));
    }
    expect(validate(encode('{"a":"line\nbreak"}'), [])).toBe("1 invalid_json");
    expect(validate(encode('{"a":"\u0001"}'), [])).toBe("1 invalid_json");
    expect(validate(encode("{}\n{}\n[1]"), [])).toBe("3 not_object");
    expect(validate(encode("{}\nnot json\n"), [])).toBe("2 invalid_json");
    expect(validate(encode("{}\n12 \n"), [2, 4])).toBe("2 not_object");
  });

  test("thousands of mutated files, cut into random chunks", () => {
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
    for (let round = 0; round < 3000; round++) {
      const lines = Array.from({ length: 1 + Math.floor(Math.random() * 6) }, () => (Math.random() < 0.85 ? pick(GOOD) : pick(ODD)));
      let text = lines.join("\n");
      for (let edits = Math.floor(Math.random() * 3); edits > 0; edits--) {
        const at = Math.floor(Math.random() * (text.length + 1));
        const remove = Math.random() < 0.5 ? 1 : 0;
        text = text.slice(0, at) + (Math.random() < 0.7 ? pick([...PALETTE]) : "") + text.slice(at + remove);
      }
      const bytes = new TextEncoder().encode(text);
      const cuts = Array.from({ length: Math.floor(Math.random() * 4) }, () => Math.floor(Math.random() * bytes.length)).sort(
        (a, b) => a - b,
      );
      expect(validate(bytes, cuts), JSON.stringify(text)).toBe(firstBadLine(text));
    }
  });
});

// Last in this file: it closes the database under the running sandbox.
describe.skipIf(skipWithoutSpec)("files survive a restart", () => {
  test("rows and blobs are still there after the database is closed and opened again", async () => {
    await closeDatabase();
    // In-memory PGlite forgets everything on close; a file-backed one in the data dir does not.
    if (databaseKindUnderTest() === "pglite") process.env.DATABASE_URL = "";
    const content = binaryContent(200_000);
    const file = await sandbox.client.files.create({ file: await toFile(content, "durable.bin"), purpose: "assistants" });

    await sandbox.close();
    await closeDatabase();
    Object.assign(sandbox, await startSandboxServer());

    const retrieved = await sandbox.client.files.retrieve(file.id);
    expect(retrieved).toEqual(file);
    const response = await sandbox.client.files.content(file.id);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    const listed = await sandbox.client.files.list({ purpose: "assistants" });
    expect(listed.data.map((f) => f.id)).toContain(file.id);
  });
});
