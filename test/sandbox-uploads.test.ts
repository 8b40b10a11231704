import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import OpenAI, { toFile } from "openai";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { expectError, sandboxForThisFile, waitFor } from "./support/sandbox-server";

const sandbox = sandboxForThisFile();

const auth = () => ({ authorization: `Bearer ${sandbox.apiKey}` });
const blobs = (kind: "files" | "upload-parts") => {
  const dir = path.join(process.env.SWITCHBOARD_DATA_DIR as string, "sandbox", kind);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};
const counts = async () => {
  const prisma = await db();
  return { files: await prisma.sandboxFile.count(), parts: await prisma.sandboxUploadPart.count() };
};

async function post(pathname: string, body: unknown) {
  const response = await fetch(`${sandbox.baseURL}${pathname}`, {
    method: "POST",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A part sent by hand over node:http, so a test can pause, cut or finish it mid-body. */
function rawPart(uploadId: string) {
  const url = new URL(`${sandbox.baseURL}/uploads/${uploadId}/parts`);
  const boundary = "sandbox-part-boundary";
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: { ...auth(), "content-type": `multipart/form-data; boundary=${boundary}` },
  });
  request.on("error", () => undefined);
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
  request.write(`--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="part"\r\n\r\n`);
  return { request, answer, finish: () => request.end(`\r\n--${boundary}--\r\n`) };
}

const partialParts = () => blobs("upload-parts").filter((name) => name.endsWith(".partial"));

async function newUpload(bytes: number, purpose: OpenAI.FilePurpose = "assistants", filename = "assembled.bin") {
  return sandbox.client.uploads.create({ bytes, filename, mime_type: "application/octet-stream", purpose });
}

async function addPart(uploadId: string, data: Buffer) {
  return sandbox.client.uploads.parts.create(uploadId, { data: await toFile(data, "part") });
}

describe.skipIf(skipWithoutSpec)("an upload in parts through the official client", () => {
  test("create, add parts, complete in the listed order: the file's bytes are exact", async () => {
    const pieces = [randomBytes(1024 * 1024 + 3), randomBytes(700_001), randomBytes(256)];
    for (let i = 0; i < 256; i++) pieces[0][i] = i;
    const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const upload = await newUpload(total);
    expectSchema("Upload", upload);
    expect(upload).toMatchObject({ object: "upload", status: "pending", bytes: total, filename: "assembled.bin", purpose: "assistants" });
    expect(upload.id).toMatch(/^upload_/);
    expect(upload.expires_at).toBe(upload.created_at + 3600);
    expect(upload.file ?? null).toBeNull();

    const parts: OpenAI.Uploads.UploadPart[] = [];
    for (const piece of pieces) {
      const part = await addPart(upload.id, piece);
      expectSchema("UploadPart", part);
      expect(part).toMatchObject({ object: "upload.part", upload_id: upload.id });
      parts.push(part);
    }
    expect(blobs("upload-parts")).toEqual(expect.arrayContaining(parts.map((p) => p.id)));

    // Parts join in the order listed, not the order they arrived.
    const order = [2, 0, 1];
    const expected = Buffer.concat(order.map((i) => pieces[i]));
    const md5 = createHash("md5").update(expected).digest("hex");
    const completed = await sandbox.client.uploads.complete(upload.id, { part_ids: order.map((i) => parts[i].id), md5 });
    expectSchema("Upload", completed);
    expect(completed.status).toBe("completed");
    const file = completed.file as OpenAI.FileObject;
    expectSchema("OpenAIFile", file);
    expect(file).toMatchObject({ object: "file", bytes: total, filename: "assembled.bin", purpose: "assistants", status: "processed" });

    expect(await sandbox.client.files.retrieve(file.id)).toEqual(file);
    const content = Buffer.from(await (await sandbox.client.files.content(file.id)).arrayBuffer());
    expect(content.equals(expected)).toBe(true);
    for (const part of parts) expect(blobs("upload-parts")).not.toContain(part.id);
    expect(await (await db()).sandboxUploadPart.count({ where: { uploadId: upload.id } })).toBe(0);
  });

  test("cancel answers the Upload cancelled and frees its parts", async () => {
    const upload = await newUpload(10);
    const part = await addPart(upload.id, Buffer.from("0123456789"));
    const cancelled = await sandbox.client.uploads.cancel(upload.id);
    expectSchema("Upload", cancelled);
    expect(cancelled.status).toBe("cancelled");
    expect(blobs("upload-parts")).not.toContain(part.id);
  });

  test("a batch upload must assemble into JSONL; the error names the line and the upload stays pending", async () => {
    const first = Buffer.from('{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{}}\n');
    const second = Buffer.from('{"custom_id":"2"}\nnot json\n');
    const upload = await newUpload(first.length + second.length, "batch", "input.jsonl");
    const a = await addPart(upload.id, first);
    const b = await addPart(upload.id, second);
    const before = await counts();
    const filesBefore = blobs("files");
    const error = await sandbox.client.uploads.complete(upload.id, { part_ids: [a.id, b.id] }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: error.error }, { param: "file", code: "invalid_file_format", message: /Line 3 is not valid JSON/ });
    expect(await counts()).toEqual(before);
    expect(blobs("files")).toEqual(filesBefore);
    expect((await sandbox.client.uploads.cancel(upload.id)).status).toBe("cancelled");
  });
});

describe.skipIf(skipWithoutSpec)("uploads refuse bad input as the API does", () => {
  test("create checks bytes (at most 8 GB), purpose, filename and mime_type", async () => {
    const tooBig = await newUpload(8 * 1024 ** 3 + 1).catch((e) => e);
    expect(tooBig).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: tooBig.error }, { param: "bytes", code: "integer_above_max_value", message: /8589934592/ });
    const maximum = await newUpload(8 * 1024 ** 3);
    expect(maximum.bytes).toBe(8 * 1024 ** 3);

    const purpose = await post("/uploads", { bytes: 1, filename: "a.txt", mime_type: "text/plain", purpose: "answers" });
    expect(purpose.status).toBe(400);
    expectError(purpose.body, { param: "purpose", message: /^'answers' is not one of/ });
    const noMime = await post("/uploads", { bytes: 1, filename: "a.txt", purpose: "assistants" });
    expectError(noMime.body, { param: "mime_type", code: "missing_required_parameter" });
    const noName = await post("/uploads", { bytes: 1, mime_type: "text/plain", purpose: "assistants" });
    expectError(noName.body, { param: "filename", code: "missing_required_parameter" });
    const fractional = await post("/uploads", { bytes: 1.5, filename: "a.txt", mime_type: "text/plain", purpose: "assistants" });
    expectError(fractional.body, { param: "bytes", code: "invalid_type" });
  });

  test("unknown uploads are 404 on parts, complete and cancel", async () => {
    const routes: [string, () => Promise<unknown>][] = [
      ["parts", () => addPart("upload_nope", Buffer.from("x"))],
      ["complete", () => sandbox.client.uploads.complete("upload_nope", { part_ids: [] })],
      ["cancel", () => sandbox.client.uploads.cancel("upload_nope")],
    ];
    for (const [name, call] of routes) {
      const error = (await call().catch((e) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(error, name).toBeInstanceOf(OpenAI.NotFoundError);
      expectError({ error: error.error }, { param: "id", code: null, message: /^No such Upload object: upload_nope$/ });
    }
  });

  test("complete refuses a byte count that differs from the declared one, unknown and repeated parts", async () => {
    const upload = await newUpload(10);
    const part = await addPart(upload.id, Buffer.from("123456789"));
    const before = await counts();
    const filesBefore = blobs("files");

    const short = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id] }).catch((e) => e);
    expect(short).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: short.error }, { param: "part_ids", message: /\(9\) does not match .* \(10\)/ });
    const unknown = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id, "part_unknown"] }).catch((e) => e);
    expectError({ error: unknown.error }, { param: "part_ids", message: /part_unknown/ });
    const twice = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id, part.id] }).catch((e) => e);
    expectError({ error: twice.error }, { param: "part_ids", message: /more than once/ });
    const noList = await post(`/uploads/${upload.id}/complete`, {});
    expectError(noList.body, { param: "part_ids", code: "missing_required_parameter" });

    expect(await counts()).toEqual(before);
    expect(blobs("files")).toEqual(filesBefore);

    // Nothing above changed the upload: one more byte and it completes.
    const last = await addPart(upload.id, Buffer.from("0"));
    const done = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id, last.id] });
    expect(done.status).toBe("completed");
    expect(await (await sandbox.client.files.content((done.file as OpenAI.FileObject).id)).text()).toBe("1234567890");
  });

  test("a wrong md5 is refused and keeps nothing; the right one completes", async () => {
    const upload = await newUpload(4);
    const part = await addPart(upload.id, Buffer.from("abcd"));
    const filesBefore = blobs("files");
    const wrong = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id], md5: "0".repeat(32) }).catch((e) => e);
    expect(wrong).toBeInstanceOf(OpenAI.BadRequestError);
    expectError({ error: wrong.error }, { param: "md5" });
    expect(blobs("files")).toEqual(filesBefore);
    const right = await sandbox.client.uploads.complete(upload.id, {
      part_ids: [part.id],
      md5: createHash("md5").update("abcd").digest("hex"),
    });
    expect(right.status).toBe("completed");
  });

  test("expires_after of the upload is applied to the file it becomes", async () => {
    const upload = await sandbox.client.uploads.create({
      bytes: 4,
      filename: "short-lived.txt",
      mime_type: "text/plain",
      purpose: "user_data",
      expires_after: { anchor: "created_at", seconds: 3600 },
    });
    const part = await addPart(upload.id, Buffer.from("abcd"));
    const done = await sandbox.client.uploads.complete(upload.id, { part_ids: [part.id] });
    const file = await sandbox.client.files.retrieve(done.file?.id as string);
    expect(file.expires_at).toBe(file.created_at + 3600);
    const plain = await newUpload(4);
    const plainDone = await sandbox.client.uploads.complete(plain.id, { part_ids: [(await addPart(plain.id, Buffer.from("abcd"))).id] });
    expect((await sandbox.client.files.retrieve(plainDone.file?.id as string)).expires_at ?? null).toBeNull();
  });

  test("no parts, completion or cancel once an upload is completed, cancelled or expired", async () => {
    const completed = await newUpload(1);
    const only = await addPart(completed.id, Buffer.from("x"));
    await sandbox.client.uploads.complete(completed.id, { part_ids: [only.id] });
    const cancelled = await newUpload(1);
    await sandbox.client.uploads.cancel(cancelled.id);
    const expired = await newUpload(1);
    const stale = await addPart(expired.id, Buffer.from("y"));
    const prisma = await db();
    await prisma.sandboxUpload.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const cases: [string, string][] = [
      [completed.id, "already been completed"],
      [cancelled.id, "been cancelled"],
      [expired.id, "expired"],
    ];
    for (const [id, reason] of cases) {
      const part = await addPart(id, Buffer.from("z")).catch((e) => e);
      expect(part).toBeInstanceOf(OpenAI.BadRequestError);
      expectError({ error: part.error }, { param: null, message: new RegExp(`Cannot add parts to Upload ${id}: .*${reason}`) });
      const complete = await sandbox.client.uploads.complete(id, { part_ids: [] }).catch((e) => e);
      expectError({ error: complete.error }, { param: null, message: new RegExp(`Cannot complete Upload ${id}: .*${reason}`) });
      const cancel = await sandbox.client.uploads.cancel(id).catch((e) => e);
      expectError({ error: cancel.error }, { param: null, message: new RegExp(`Cannot cancel Upload ${id}: .*${reason}`) });
    }

    // The sweeper marks the expired upload and frees its parts.
    expect(blobs("upload-parts")).toContain(stale.id);
    await drainSandboxWorkers();
    expect((await prisma.sandboxUpload.findUniqueOrThrow({ where: { id: expired.id } })).status).toBe("expired");
    expect(blobs("upload-parts")).not.toContain(stale.id);
  });

  test("a part still streaming when its upload is cancelled is refused at the end and removed", async () => {
    const upload = await newUpload(2 * 1024 * 1024);
    const before = await counts();
    const partsBefore = blobs("upload-parts");
    const part = rawPart(upload.id);
    part.request.write(randomBytes(512 * 1024));
    await waitFor(() => partialParts().length > 0, "the part to start streaming to disk");
    expect((await sandbox.client.uploads.cancel(upload.id)).status).toBe("cancelled");
    part.request.write(randomBytes(512 * 1024));
    part.finish();
    const { status, body } = await part.answer;
    expect(status).toBe(400);
    expectError(JSON.parse(body), { param: null, message: new RegExp(`Cannot add parts to Upload ${upload.id}: it has been cancelled`) });
    expect(blobs("upload-parts")).toEqual(partsBefore);
    expect(await counts()).toEqual(before);
  });

  test("a part for an upload that is no longer pending is refused before its bytes are read", async () => {
    const upload = await newUpload(1);
    await sandbox.client.uploads.cancel(upload.id);
    const part = rawPart(upload.id);
    part.request.write(randomBytes(64 * 1024));
    // The body never ends: only an answer given up front arrives.
    const answered = await Promise.race([part.answer, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
    part.request.destroy();
    expect(answered?.status).toBe(400);
    expect(partialParts()).toEqual([]);
  });

  test("a part over the limit (SANDBOX_MAX_PART_BYTES here) or without data is refused, keeping nothing", async () => {
    const upload = await newUpload(100);
    const before = await counts();
    const partsBefore = blobs("upload-parts");
    process.env.SANDBOX_MAX_PART_BYTES = "64";
    try {
      const error = await addPart(upload.id, Buffer.alloc(65, 1)).catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expectError({ error: error.error }, { param: "data", code: "part_too_large", message: /64 bytes/ });
      const fits = await addPart(upload.id, Buffer.alloc(64, 1));
      expectSchema("UploadPart", fits);
    } finally {
      delete process.env.SANDBOX_MAX_PART_BYTES;
    }
    const form = new FormData();
    form.append("other", "value");
    const response = await fetch(`${sandbox.baseURL}/uploads/${upload.id}/parts`, { method: "POST", headers: auth(), body: form });
    expect(response.status).toBe(400);
    expectError(await response.json(), { param: "data", code: "missing_required_parameter" });
    expect((await counts()).parts).toBe(before.parts + 1);
    expect(blobs("upload-parts").length).toBe(partsBefore.length + 1);
  });

  test("a part whose client goes away mid-stream leaves no part row and no blob", async () => {
    const upload = await newUpload(4 * 1024 * 1024);
    const before = await counts();
    const partsBefore = blobs("upload-parts");
    const { request } = rawPart(upload.id);
    request.write(randomBytes(1024 * 1024));
    await waitFor(() => partialParts().length > 0, "the part to start streaming to disk");
    request.destroy();
    await waitFor(() => blobs("upload-parts").length === partsBefore.length, "the partial part to be removed");
    expect(blobs("upload-parts")).toEqual(partsBefore);
    expect(await counts()).toEqual(before);
    // The upload itself is untouched and still takes parts.
    expectSchema("UploadPart", await addPart(upload.id, Buffer.from("still open")));
  });
});
