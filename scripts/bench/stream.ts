// One streamed call, timed event by event: the time to the first byte of the body, and for every
// server-sent event the lag between the upstream writing it (the `t` it carries) and its arrival
// here. A proxy that forwards each event as it comes keeps that lag flat; one that buffers shows
// events arriving late and together. "Together" is seen per HTTP chunk: node:http hands each chunk
// of a chunked body to 'data' on its own, so a chunk holding several events is a proxy (or the
// upstream) having written them in one go, whatever TCP did with the bytes.
import http from "node:http";

export interface StreamResult {
  ttfbMs: number;
  /** Per event: arrival minus the upstream's write time, in ms. */
  lags: number[];
  /** Body chunks that completed more than one event. */
  clumpedChunks: number;
  chunks: number;
}

const SENT_AT = /"t":([0-9.]+)\}\s*$/;
const wallClock = () => performance.timeOrigin + performance.now();

export function streamOnce(url: string, headers: Record<string, string>, body: string, agent: http.Agent): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method: "POST",
      agent,
      headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      if (response.statusCode !== 200) {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk;
        });
        response.on("end", () => reject(new Error(`stream answered ${response.statusCode}: ${text.slice(0, 300)}`)));
        return;
      }
      const result: StreamResult = { ttfbMs: Number.NaN, lags: [], clumpedChunks: 0, chunks: 0 };
      let pending = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        const now = wallClock();
        if (result.chunks++ === 0) result.ttfbMs = performance.now() - started;
        pending += chunk;
        let completed = 0;
        for (let end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
          const sentAt = SENT_AT.exec(pending.slice(0, end));
          if (sentAt) result.lags.push(now - Number(sentAt[1]));
          pending = pending.slice(end + 2);
          completed++;
        }
        if (completed > 1) result.clumpedChunks++;
      });
      response.on("end", () => resolve(result));
      response.on("error", reject);
    });
    request.end(body);
  });
}
