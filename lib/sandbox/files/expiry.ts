import "server-only";
import { registerSandboxWorker } from "../workers";
import { sweepExpiredFiles } from "./store";

// Files past their expires_at are already invisible (findFile and the list skip them); this
// worker removes their rows and blobs, as the real API deletes expired files.
registerSandboxWorker({
  everyMs: 60_000,
  name: "files-expiry",
  tick: async () => (await sweepExpiredFiles()) > 0,
});
