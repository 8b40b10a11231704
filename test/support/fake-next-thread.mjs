// Stands in for the server bundle's Next.js thread in test/next-thread.test.ts: the same messages
// (ready, stop) and an HTTP server on the socket it is given. FAKE_NEXT picks a failure, and the
// socket's path is written to FAKE_NEXT_REPORT for the test to look at.
import fs from "node:fs";
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const behaviour = process.env.FAKE_NEXT;
if (behaviour === "fail") {
  parentPort.postMessage({ failed: "no build found" });
} else {
  const server = http.createServer((req, res) => res.end(`pages for ${req.url}`));
  server.listen(workerData.socketPath, () => {
    fs.writeFileSync(process.env.FAKE_NEXT_REPORT, workerData.socketPath);
    parentPort.postMessage({ ready: true });
    if (behaviour === "die") setTimeout(() => process.exit(3), 50);
  });
  parentPort.on("message", (message) => {
    if (message.stop) server.close(() => process.exit(0));
  });
}
