// A large multipart upload (POST /v1/files) whose file bytes are generated as they are written:
// one 1 MB buffer sent again and again, so the client holds 1 MB however large the file.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";

const CHUNK = randomBytes(1024 * 1024);

export interface UploadResult {
  ms: number;
  status: number;
  /** Bytes of the request body the client sent. */
  sentBytes: number;
  /** Bytes the upstream says it received (the `bytes` of the file object it answers). */
  receivedBytes: number;
}

export async function uploadFile(url: string, headers: Record<string, string>, fileBytes: number): Promise<UploadResult> {
  const boundary = `bench-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    [
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nuser_data\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ].join(""),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const sentBytes = head.length + fileBytes + tail.length;
  const started = performance.now();
  const request = http.request(url, {
    method: "POST",
    agent: false,
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": sentBytes },
  });
  const answered = once(request, "response") as Promise<[http.IncomingMessage]>;
  let answeredEarly = false;
  answered.then(
    () => {
      answeredEarly = true;
    },
    () => undefined,
  );
  request.write(head);
  for (let sent = 0; sent < fileBytes; sent += CHUNK.length) {
    const piece = fileBytes - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, fileBytes - sent);
    if (!request.write(piece)) await Promise.race([once(request, "drain"), answered]);
    // Refused before the end (an error answer): stop generating.
    if (answeredEarly || request.destroyed) break;
  }
  request.end(tail);
  const [response] = await answered;
  let text = "";
  for await (const chunk of response) text += chunk;
  const ms = performance.now() - started;
  let receivedBytes = 0;
  try {
    receivedBytes = Number((JSON.parse(text) as { bytes?: number }).bytes ?? 0);
  } catch {
    // Not the upstream's file object; the status says what happened.
  }
  return { ms, status: response.statusCode ?? 0, sentBytes, receivedBytes };
}
