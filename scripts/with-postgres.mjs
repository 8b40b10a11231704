// A throw-away PostgreSQL server for tests, from Debian's packages (no network but apt).
//
//   node scripts/with-postgres.mjs -- npx vitest run    runs the command with TEST_POSTGRES_URL set
//   const { url, stop } = await startPostgres();          the same from code
//
// The cluster lives in a fresh temp folder and is deleted when the command ends, fails or is
// interrupted. initdb refuses to run as root, so under root the server runs as the `postgres` user.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PG_ROOT = "/usr/lib/postgresql";

// Durability is worthless for a cluster that lives for one test run; these make it fast.
const FAST_SETTINGS = [
  "fsync = off",
  "synchronous_commit = off",
  "full_page_writes = off",
  "wal_level = minimal",
  "max_wal_senders = 0",
  "autovacuum = off",
  "checkpoint_timeout = 1h",
  "max_connections = 200",
  "shared_buffers = 128MB",
];

function findBinDir() {
  if (!fs.existsSync(PG_ROOT)) return undefined;
  const versions = fs
    .readdirSync(PG_ROOT)
    .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(PG_ROOT, versions[0], "bin") : undefined;
}

function installPostgres() {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `No PostgreSQL server found under ${PG_ROOT}/<version>/bin. Install Debian's server package: sudo apt-get install -y postgresql`,
    );
  }
  console.error("with-postgres: installing Debian's postgresql package…");
  const apt = (...args) =>
    spawnSync("apt-get", args, {
      stdio: ["ignore", 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  // A fresh container has empty package lists; update only then, or when the install fails.
  const lists = "/var/lib/apt/lists";
  const haveLists = fs.existsSync(lists) && fs.readdirSync(lists).some((f) => f.endsWith("_Packages"));
  if (!haveLists) apt("update");
  if (!apt("install", "-y", "postgresql") && !(apt("update") && apt("install", "-y", "postgresql"))) {
    throw new Error("apt-get install -y postgresql failed (see the output above)");
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server on a free loopback port; resolves to its superuser URL and a `stop()`. */
export async function startPostgres() {
  let bin = findBinDir();
  if (!bin) {
    installPostgres();
    bin = findBinDir();
    if (!bin) throw new Error(`apt-get installed postgresql, but no server binaries appeared under ${PG_ROOT}`);
  }

  // Root may not run initdb; the server's files must then belong to the user that runs it.
  const owner = process.getuid?.() === 0 ? userIds("postgres") : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "with-postgres-"));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const run = (tool, args, options = {}) => {
    const [cmd, argv] = owner ? ["runuser", ["-u", "postgres", "--", tool, ...args]] : [tool, args];
    return spawnSync(cmd, argv, { cwd: dir, encoding: "utf8", ...options });
  };

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stopSync);
    for (const signal of ["SIGINT", "SIGTERM"]) process.off(signal, onSignal);
    if (fs.existsSync(path.join(data, "postmaster.pid"))) {
      run(path.join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"], { stdio: "ignore" });
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  // Exit with the usual 128+n after cleaning up; a CLI caller forwards the signal to its child first.
  const onSignal = (signal) => {
    stopSync();
    process.exit(128 + os.constants.signals[signal]);
  };
  process.on("exit", stopSync);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, onSignal);

  try {
    const initdb = ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"];
    const init = run(path.join(bin, "initdb"), initdb);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
    // Trust is fine only because nothing but this machine's own processes can reach the server.
    fs.writeFileSync(path.join(data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    const settings = [...FAST_SETTINGS, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`];
    fs.appendFileSync(path.join(data, "postgresql.conf"), `\n${settings.join("\n")}\n`);

    // The free port can be taken between probing and binding; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // -w waits until the server accepts connections. pg_ctl puts the server in a session of its
      // own, so a terminal's Ctrl-C reaches only us and the command, and we stop the server.
      const start = run(path.join(bin, "pg_ctl"), ["start", "-w", "-D", data, "-l", log, "-o", `-p ${port}`]);
      if (start.status === 0) {
        const version = run(path.join(bin, "postgres"), ["--version"]).stdout.trim();
        console.error(`with-postgres: ${version} on 127.0.0.1:${port}`);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          stop: async () => stopSync(),
        };
      }
      if (attempt === 3) {
        const output = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
        throw new Error(`pg_ctl start failed:\n${start.stdout}${start.stderr}${output}`);
      }
    }
  } catch (error) {
    stopSync();
    throw error;
  }
}

function userIds(name) {
  const id = (flag) => Number(spawnSync("id", [flag, name], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  if (!Number.isInteger(uid) || uid === 0) throw new Error(`No "${name}" user to run the server as (initdb refuses root)`);
  return { uid, gid: id("-g") };
}

async function main(argv) {
  const dash = argv.indexOf("--");
  const [command, ...args] = dash === -1 ? argv : argv.slice(dash + 1);
  if (!command) {
    console.error("usage: node scripts/with-postgres.mjs -- <command> [args…]");
    return 2;
  }
  // Registered before startPostgres's own handlers, so the child hears the signal before cleanup.
  let child;
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child?.kill(signal));
  const { url, stop } = await startPostgres();
  try {
    child = spawn(command, args, { stdio: "inherit", env: { ...process.env, TEST_POSTGRES_URL: url } });
    return await new Promise((resolve) => {
      child.once("error", (error) => {
        console.error(`with-postgres: cannot run ${command}: ${error.message}`);
        resolve(127);
      });
      child.once("exit", (code, signal) => resolve(code ?? 128 + os.constants.signals[signal]));
    });
  } finally {
    await stop();
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`with-postgres: ${error.message}`);
      process.exit(1);
    },
  );
}
