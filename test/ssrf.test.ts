import dc from "node:diagnostics_channel";
import dns from "node:dns";
import http from "node:http";
import { type AddressInfo, isIP, type LookupFunction, type Socket } from "node:net";
import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGuardedDispatcher, createGuardedLookup } from "@/lib/upstream/guarded-dispatcher";
import { assertNotRedirect, checkUpstreamUrl, isAddressAllowed, policyFromEnv, UpstreamUrlError } from "@/lib/upstream/ssrf";

// Nothing here may send a packet beyond loopback, even if the guard regresses: every socket the
// process opens is watched, and one about to connect to a non-loopback address is destroyed at its
// "lookup" event (which net emits before it connects) and recorded instead. Host names are never
// looked up for real: dispatchers get an injected resolver, and dns.lookup itself is replaced for
// the duration of the file, so a resolver that fails to reach the socket shows up as a failure.

const STRICT = { allowPrivateNetworks: false };
const PRIVATE_OK = { allowPrivateNetworks: true };
const PUBLIC_V4 = "93.184.215.14";
const PUBLIC_V6 = "2606:4700:4700::1111";

const wouldHaveConnected: string[] = [];
const watchSocket = ({ socket }: { socket: Socket }) => {
  socket.on("lookup", (_err: Error | null, address?: string) => {
    if (address && address !== "127.0.0.1" && address !== "::1") {
      wouldHaveConnected.push(address);
      socket.destroy(new Error(`test safety net: not connecting to ${address}`));
    }
  });
};
const systemDns = { calls: [] as string[], answers: {} as Record<string, string> };
const realLookup = dns.lookup;
const stubLookup = (hostname: string, options: unknown, callback?: (...args: unknown[]) => void) => {
  // server.listen("127.0.0.1") goes through dns.lookup too; an IP literal never leaves the process.
  if (isIP(hostname)) return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
  const done = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
  systemDns.calls.push(hostname);
  const address = systemDns.answers[hostname];
  if (!address) return done(Object.assign(new Error(`test safety net: no real DNS lookup of ${hostname}`), { code: "ENOTFOUND" }));
  const all = typeof options === "object" && (options as { all?: boolean }).all;
  done(null, all ? [{ address, family: address.includes(":") ? 6 : 4 }] : address, address.includes(":") ? 6 : 4);
};
const setLookup = (lookup: unknown) => {
  (dns as unknown as { lookup: unknown }).lookup = lookup;
};

beforeAll(() => {
  dc.subscribe("net.client.socket", watchSocket as (message: unknown) => void);
  setLookup(stubLookup);
});
afterAll(() => {
  dc.unsubscribe("net.client.socket", watchSocket as (message: unknown) => void);
  setLookup(realLookup);
});
afterEach(() => {
  wouldHaveConnected.length = 0;
  const unexpected = systemDns.calls.splice(0);
  systemDns.answers = {};
  expect(unexpected, "host names looked up with dns.lookup instead of the injected resolver").toEqual([]);
});

function fakeDns(answers: Record<string, string[]>) {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    calls.push(hostname);
    const addresses = answers[hostname];
    if (!addresses) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = "ENOTFOUND";
      return callback(error, []);
    }
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };
  return { lookup, calls };
}

/** Runs a guarded lookup the way net.connect does and returns what it handed back. */
function resolveThrough(lookup: LookupFunction, hostname: string, all = true) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
    lookup(hostname, { all, hints: 0 }, (error, address, family) => resolve({ error, address, family })),
  );
}

async function loopbackServer(handler: http.RequestListener = (_req, res) => res.end("ok")) {
  const server = http.createServer(handler);
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("policyFromEnv", () => {
  it("reads SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS, off unless exactly true", () => {
    expect(policyFromEnv({})).toEqual({ allowPrivateNetworks: false });
    expect(policyFromEnv({ SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "" })).toEqual({ allowPrivateNetworks: false });
    expect(policyFromEnv({ SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "false" })).toEqual({ allowPrivateNetworks: false });
    expect(policyFromEnv({ SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "true" })).toEqual({ allowPrivateNetworks: true });
    expect(policyFromEnv({ ALLOW_PRIVATE_UPSTREAMS: "true" })).toEqual({ allowPrivateNetworks: false });
  });

  it("refuses a value it does not understand instead of guessing", () => {
    expect(() => policyFromEnv({ SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "yes" })).toThrow(/must be "true" or "false"/);
    expect(() => policyFromEnv({ SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS: "1" })).toThrow(/must be "true" or "false"/);
  });
});

describe("isAddressAllowed", () => {
  // [address, allowed by default, allowed with private networks, part of the reason when refused]
  const table: [string, boolean, boolean, string][] = [
    [PUBLIC_V4, true, true, ""],
    ["8.8.8.8", true, true, ""],
    [PUBLIC_V6, true, true, ""],
    ["::ffff:8.8.8.8", true, true, ""],
    ["64:ff9b::808:808", true, true, ""],
    ["127.0.0.1", false, false, "127.0.0.0/8 (loopback) are never allowed"],
    ["127.255.255.254", false, false, "127.0.0.0/8 (loopback)"],
    ["::1", false, false, "::1/128 (loopback)"],
    ["0.0.0.0", false, false, "0.0.0.0/8"],
    ["::", false, false, "::/128 (unspecified)"],
    ["169.254.1.1", false, false, "Addresses in 169.254.0.0/16 (link-local, cloud metadata) are never allowed"],
    ["169.254.169.254", false, false, "169.254.169.254 is a cloud metadata address"],
    ["169.254.170.2", false, false, "cloud metadata address (AWS ECS"],
    ["100.100.100.200", false, false, "cloud metadata address (Alibaba"],
    ["168.63.129.16", false, false, "cloud metadata address (Azure WireServer)"],
    ["fd00:ec2::254", false, false, "cloud metadata address (AWS IMDS over IPv6)"],
    ["fd20:ce::254", false, false, "cloud metadata address (GCP"],
    ["fe80::1", false, false, "fe80::/10 (link-local)"],
    ["fe80::1%eth0", false, false, "fe80::/10 (link-local)"],
    ["224.0.0.1", false, false, "224.0.0.0/4 (multicast)"],
    ["ff02::1", false, false, "ff00::/8 (multicast)"],
    ["255.255.255.255", false, false, "(broadcast)"],
    ["240.0.0.1", false, false, "240.0.0.0/4 (reserved)"],
    ["192.0.2.10", false, false, "(documentation)"],
    ["2001:db8::1", false, false, "(documentation)"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", false, false, "Teredo"],
    ["100::1", false, false, "discard-only"],
    ["1:2:3:4:5:6:7:8", false, false, "outside 2000::/3"],
    [
      "10.0.0.1",
      false,
      true,
      "10.0.0.0/8 (private network) are allowed only when the instance owner sets SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS=true",
    ],
    ["172.16.0.1", false, true, "172.16.0.0/12"],
    ["172.31.255.255", false, true, "172.16.0.0/12"],
    ["172.32.0.1", true, true, ""],
    ["192.168.1.20", false, true, "192.168.0.0/16"],
    ["100.64.0.1", false, true, "100.64.0.0/10 (carrier-grade NAT)"],
    ["100.127.255.255", false, true, "100.64.0.0/10"],
    ["100.128.0.1", true, true, ""],
    ["fc00::1", false, true, "fc00::/7"],
    ["fd12:3456::1", false, true, "fc00::/7"],
    // IPv4 inside IPv6 is judged as the IPv4 it stands for or tunnels to.
    ["::ffff:169.254.169.254", false, false, "IPv4-mapped form of 169.254.169.254. 169.254.169.254 is a cloud metadata address"],
    ["::ffff:a9fe:a9fe", false, false, "IPv4-mapped form of 169.254.169.254"],
    ["0:0:0:0:0:ffff:7f00:1", false, false, "IPv4-mapped form of 127.0.0.1"],
    ["::ffff:10.0.0.1", false, true, "IPv4-mapped form of 10.0.0.1"],
    ["::ffff:100.100.100.200", false, false, "Alibaba"],
    ["64:ff9b::a9fe:a9fe", false, false, "NAT64 form of 169.254.169.254"],
    ["64:ff9b::10.1.2.3", false, true, "NAT64 form of 10.1.2.3"],
    ["2002:a9fe:a9fe::1", false, false, "6to4 form of 169.254.169.254"],
    ["2002:7f00:1::", false, false, "6to4 form of 127.0.0.1"],
    ["::7f00:1", false, false, "IPv4-compatible"],
    // Not addresses in the notation DNS gives: refused rather than guessed at.
    ["2852039166", false, false, "not an IP address"],
    ["0x7f.0.0.1", false, false, "not an IP address"],
    ["example.com", false, false, "not an IP address"],
    ["", false, false, "not an IP address"],
  ];

  it.each(table)("%s: allowed %s, with private networks %s", (address, strict, withPrivate, reason) => {
    const verdict = isAddressAllowed(address, STRICT);
    expect(verdict.allowed).toBe(strict);
    expect(isAddressAllowed(address, PRIVATE_OK).allowed).toBe(withPrivate);
    if (!strict) expect(verdict.reason).toContain(reason);
    else expect(verdict.reason).toBeUndefined();
  });

  it("keeps metadata addresses refused when private networks are allowed, though their ranges are allowed", () => {
    expect(isAddressAllowed("100.100.100.201", PRIVATE_OK).allowed).toBe(true);
    expect(isAddressAllowed("100.100.100.200", PRIVATE_OK).allowed).toBe(false);
    expect(isAddressAllowed("fd00:ec2::253", PRIVATE_OK).allowed).toBe(true);
    expect(isAddressAllowed("fd00:ec2::254", PRIVATE_OK).allowed).toBe(false);
  });
});

describe("checkUpstreamUrl", () => {
  const accepted: [string, string][] = [
    ["https://api.openai.com/v1", "https://api.openai.com/v1"],
    ["  https://api.openai.com/v1  ", "https://api.openai.com/v1"],
    ["HTTPS://API.OpenAI.com/v1", "https://api.openai.com/v1"],
    ["http://example.com.:8000/v1", "http://example.com.:8000/v1"],
    [`http://${PUBLIC_V4}/v1`, `http://${PUBLIC_V4}/v1`],
    [`http://[${PUBLIC_V6}]:8443/`, "http://[2606:4700:4700::1111]:8443/"],
    ["https://my-resource.openai.azure.com/openai", "https://my-resource.openai.azure.com/openai"],
  ];
  it.each(accepted)("accepts %s as %s", (raw, href) => {
    expect(checkUpstreamUrl(raw, STRICT).href).toBe(href);
  });

  // Every spelling WHATWG URL parsing turns into a blocked address.
  const blockedHosts: [string, string][] = [
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"],
    ["http://2852039166/", "169.254.169.254"],
    ["http://0251.0376.0251.0376/", "169.254.169.254"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"],
    ["http://0xA9FEA9FE/", "169.254.169.254"],
    ["http://169.254.43518/", "169.254.169.254"],
    ["http://169.16689662/", "169.254.169.254"],
    ["http://169.254.169.254./", "169.254.169.254"],
    ["http://%31%36%39.254.169.254/", "169.254.169.254"],
    ["http://[::ffff:169.254.169.254]/", "IPv4-mapped form of 169.254.169.254"],
    ["http://[::ffff:a9fe:a9fe]/", "IPv4-mapped form of 169.254.169.254"],
    ["http://[0:0:0:0:0:ffff:a9fe:a9fe]:80/", "IPv4-mapped form of 169.254.169.254"],
    ["http://[64:ff9b::a9fe:a9fe]/", "NAT64 form of 169.254.169.254"],
    ["http://[2002:a9fe:a9fe::]/", "6to4 form of 169.254.169.254"],
    ["http://[fd00:ec2::254]/", "AWS IMDS over IPv6"],
    ["http://127.0.0.1:8000/v1", "127.0.0.0/8 (loopback)"],
    ["http://127.1/", "127.0.0.0/8 (loopback)"],
    ["http://0x7f000001/", "127.0.0.0/8 (loopback)"],
    ["http://017700000001/", "127.0.0.0/8 (loopback)"],
    ["http://0/", "0.0.0.0/8"],
    ["http://[::1]:11434/", "::1/128 (loopback)"],
    ["http://[::]/", "::/128"],
    ["http://[fe80::1]/", "fe80::/10"],
    ["http://localhost:11434/v1", "loopback name"],
    ["http://LOCALHOST./", "loopback name"],
    ["http://ollama.localhost/", "loopback name"],
    ["http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host"],
    ["http://100.100.100.200/", "Alibaba"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
  ];
  it.each(blockedHosts)("refuses %s (%s)", (raw, reason) => {
    for (const policy of [STRICT, PRIVATE_OK]) {
      const error = catchError(() => checkUpstreamUrl(raw, policy));
      expect(error.code).toBe("blocked_address");
      expect(error.message).toContain(reason);
      expect(error.message).toMatch(/never allowed/);
    }
  });

  const privateHosts = [
    "http://10.0.0.5:8000/v1",
    "http://012.0.0.5/",
    "http://167772165/",
    "http://172.16.3.4/",
    "http://192.168.1.10:11434/v1",
    "http://100.64.1.1/",
    "http://[fd12:3456::1]:8000/",
    "http://[::ffff:192.168.1.10]/",
  ];
  it.each(privateHosts)("refuses %s unless private networks are allowed", (raw) => {
    const error = catchError(() => checkUpstreamUrl(raw, STRICT));
    expect(error.code).toBe("blocked_address");
    expect(error.message).toContain("SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS=true");
    expect(checkUpstreamUrl(raw, PRIVATE_OK).protocol).toBe("http:");
  });

  const malformed: [string, string, RegExp][] = [
    ["ftp://files.example.com/", "scheme", /Only http:\/\/ and https:\/\/ URLs are allowed, not ftp:/],
    ["file:///etc/passwd", "scheme", /not file:/],
    ["gopher://example.com:70/", "scheme", /not gopher:/],
    ["javascript:alert(1)", "scheme", /not javascript:/],
    ["api.openai.com/v1", "invalid_url", /not a valid URL/],
    ["localhost:11434", "scheme", /not localhost:/],
    ["https://user:secret@api.example.com/v1", "credentials", /user name or password/],
    ["https://user@api.example.com/v1", "credentials", /user name or password/],
    ["https://:secret@api.example.com/v1", "credentials", /user name or password/],
    ["http://", "host", /no host/],
    ["http:///v1", "host", /no host/],
    ["https://:443/v1", "host", /no host/],
    ["https://api.example.com/v1#frag", "fragment", /fragment/],
    ["https://api.example.com/v1#", "fragment", /fragment/],
    ["", "invalid_url", /Enter the upstream's base URL/],
    ["https://api.exa\nmple.com/", "invalid_url", /spaces or control characters/],
    ["https://api.example.com/v 1", "invalid_url", /spaces or control characters/],
    [`https://${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example.com/`, "host", /longer than 253/],
    [`https://${"a".repeat(64)}.example.com/`, "host", /longer than 63/],
    [`https://api.example.com/${"x".repeat(3000)}`, "invalid_url", /longer than 2048/],
    ["http://1.2.3.4.5/", "invalid_url", /not a valid URL/],
  ];
  const shorten = (raw: string) => JSON.stringify(raw.length > 70 ? `${raw.slice(0, 60)}…(${raw.length} chars)` : raw);
  it.each(malformed.map(([raw, code, message]) => ({ name: shorten(raw), raw, code, message })))(
    "refuses $name ($code)",
    ({ raw, code, message }) => {
      const error = catchError(() => checkUpstreamUrl(raw, PRIVATE_OK));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    },
  );
});

describe("guarded lookup", () => {
  it("hands the connection exactly the addresses it validated, and asks DNS once", async () => {
    // A rebinding resolver: a public answer the first time, metadata afterwards.
    const answers = [[PUBLIC_V4, PUBLIC_V6], ["169.254.169.254"]];
    const calls: string[] = [];
    const rebinding: LookupFunction = (hostname, _options, callback) => {
      calls.push(hostname);
      const next = answers.shift() ?? ["169.254.169.254"];
      callback(
        null,
        next.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      );
    };
    const guarded = createGuardedLookup(STRICT, rebinding);

    const all = await resolveThrough(guarded, "rebind.example");
    expect(all.error).toBeNull();
    expect(all.address).toEqual([
      { address: PUBLIC_V4, family: 4 },
      { address: PUBLIC_V6, family: 6 },
    ]);
    expect(calls).toEqual(["rebind.example"]);

    // The next connection is judged afresh: the rebinding is caught, not connected to.
    const second = await resolveThrough(guarded, "rebind.example");
    expect(second.error).toBeInstanceOf(UpstreamUrlError);
    expect(calls).toEqual(["rebind.example", "rebind.example"]);
  });

  it("answers in the single-address form when net asks for one", async () => {
    const { lookup } = fakeDns({ "api.example": [PUBLIC_V6, PUBLIC_V4] });
    const one = await resolveThrough(createGuardedLookup(STRICT, lookup), "api.example", false);
    expect(one).toEqual({ error: null, address: PUBLIC_V6, family: 6 });
  });

  it("refuses the whole answer when any address in it is not allowed", async () => {
    const { lookup } = fakeDns({ "mixed.example": [PUBLIC_V4, "10.0.0.1"], "meta.example": [PUBLIC_V4, "::ffff:169.254.169.254"] });
    const mixed = await resolveThrough(createGuardedLookup(STRICT, lookup), "mixed.example");
    expect(mixed.error).toBeInstanceOf(UpstreamUrlError);
    expect(mixed.error?.message).toBe(
      "The upstream host mixed.example resolves to an address that is not allowed: Addresses in 10.0.0.0/8 (private network) are allowed only when the instance owner sets SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS=true",
    );
    expect(mixed.address).toEqual([]);

    expect((await resolveThrough(createGuardedLookup(PRIVATE_OK, lookup), "mixed.example")).error).toBeNull();
    expect((await resolveThrough(createGuardedLookup(PRIVATE_OK, lookup), "meta.example")).error?.message).toMatch(
      /IPv4-mapped form of 169\.254\.169\.254/,
    );
  });

  it("passes resolver failures through, and treats an empty or malformed answer as a failure", async () => {
    const { lookup } = fakeDns({ "empty.example": [], "odd.example": ["not-an-address"] });
    const guarded = createGuardedLookup(STRICT, lookup);
    expect((await resolveThrough(guarded, "nowhere.example")).error?.code).toBe("ENOTFOUND");
    expect((await resolveThrough(guarded, "empty.example")).error?.code).toBe("ENOTFOUND");
    expect((await resolveThrough(guarded, "odd.example")).error?.message).toMatch(/"not-an-address" is not an IP address/);
  });

  it("recomputes the family rather than trusting the resolver's", async () => {
    const lying: LookupFunction = (_hostname, _options, callback) => callback(null, [{ address: PUBLIC_V4, family: 6 }]);
    expect((await resolveThrough(createGuardedLookup(STRICT, lying), "x.example")).address).toEqual([{ address: PUBLIC_V4, family: 4 }]);
  });
});

describe("guarded dispatcher", () => {
  it("refuses a host name that resolves to 169.254.169.254 before any connection", async () => {
    const dns = fakeDns({ "evil.example": ["169.254.169.254"] });
    const dispatcher = createGuardedDispatcher(STRICT, { lookup: dns.lookup });
    try {
      const error = await request("http://evil.example/latest/meta-data/", { dispatcher }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUrlError);
      expect((error as UpstreamUrlError).message).toBe(
        "The upstream host evil.example resolves to an address that is not allowed: 169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack) and is never allowed",
      );
      expect(dns.calls).toEqual(["evil.example"]);
      expect(wouldHaveConnected).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });

  it("refuses when any resolved address is not allowed ([public, 10.0.0.1])", async () => {
    const dns = fakeDns({ "mixed.example": [PUBLIC_V4, "10.0.0.1"] });
    const dispatcher = createGuardedDispatcher(STRICT, { lookup: dns.lookup });
    try {
      const error = await request("https://mixed.example/v1/models", { dispatcher }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUrlError);
      expect((error as Error).message).toMatch(/10\.0\.0\.0\/8 \(private network\)/);
      expect(wouldHaveConnected).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });

  it("keeps loopback refused when private networks are allowed: the server never sees a connection", async () => {
    const server = await loopbackServer();
    const dns = fakeDns({ "lan.example": ["127.0.0.1"] });
    const dispatcher = createGuardedDispatcher(PRIVATE_OK, { lookup: dns.lookup });
    try {
      const error = await request(`http://lan.example:${server.port}/v1/models`, { dispatcher }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUrlError);
      expect((error as Error).message).toMatch(/127\.0\.0\.0\/8 \(loopback\) are never allowed/);
      expect(dns.calls).toEqual(["lan.example"]);
      expect(server.connections()).toBe(0);
    } finally {
      await dispatcher.close();
      await server.close();
    }
  });

  it("resolves with dns.lookup when no resolver is injected, and judges its answer", async () => {
    systemDns.answers = { "metadata.example": "169.254.169.254" };
    const dispatcher = createGuardedDispatcher(STRICT);
    try {
      const error = await request("http://metadata.example/", { dispatcher }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUrlError);
      expect((error as Error).message).toMatch(/metadata\.example resolves to an address that is not allowed: 169\.254\.169\.254/);
      expect(systemDns.calls.splice(0)).toEqual(["metadata.example"]);
      expect(wouldHaveConnected).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });

  it("judges IP-literal hosts too, which never reach a lookup function", async () => {
    const server = await loopbackServer();
    const dns = fakeDns({});
    const dispatcher = createGuardedDispatcher(PRIVATE_OK, { lookup: dns.lookup });
    try {
      for (const origin of [
        `http://127.0.0.1:${server.port}`,
        `http://2130706433:${server.port}`,
        `http://[::ffff:127.0.0.1]:${server.port}`,
      ]) {
        const error = await request(`${origin}/v1/models`, { dispatcher }).catch((e: unknown) => e);
        expect(error, origin).toBeInstanceOf(UpstreamUrlError);
        expect((error as Error).message).toMatch(/loopback/);
      }
      expect(dns.calls).toEqual([]);
      expect(server.connections()).toBe(0);
    } finally {
      await dispatcher.close();
      await server.close();
    }
  });

  it("connects to exactly the address it validated, resolving once per connection", async () => {
    // A public answer, then a rebinding to metadata. The safety net stops the socket at the moment
    // net would connect and records where to: that must be the checked address, and nothing else.
    const answers = [[PUBLIC_V4], ["169.254.169.254"]];
    const calls: string[] = [];
    const rebinding: LookupFunction = (hostname, _options, callback) => {
      calls.push(hostname);
      callback(
        null,
        (answers.shift() ?? []).map((address) => ({ address, family: 4 })),
      );
    };
    const dispatcher = createGuardedDispatcher(STRICT, { lookup: rebinding });
    try {
      const first = await request("http://api.example/v1/models", { dispatcher }).catch((e: unknown) => e);
      expect((first as Error).message).toMatch(/test safety net: not connecting to 93\.184\.215\.14/);
      expect(wouldHaveConnected).toEqual([PUBLIC_V4]);

      const second = await request("http://api.example/v1/models", { dispatcher }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(UpstreamUrlError);
      expect(wouldHaveConnected).toEqual([PUBLIC_V4]);
      expect(calls).toEqual(["api.example", "api.example"]);
    } finally {
      await dispatcher.close();
    }
  });
});

describe("assertNotRedirect", () => {
  it("turns a real 302 to the metadata address into an error naming the blocked host", async () => {
    const server = await loopbackServer((_req, res) => {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
      res.end();
    });
    // The upstream here is on loopback, which the guard refuses, so this request uses a plain Agent:
    // the escape hatch tests use, in code. What matters is what a redirect looks like to a caller.
    const plain = new Agent();
    try {
      const requestUrl = `http://127.0.0.1:${server.port}/v1/models`;
      const response = await request(requestUrl, { dispatcher: plain });
      await response.body.dump();
      expect(response.statusCode).toBe(302);
      expect(server.connections()).toBe(1);

      const error = catchError(() => assertNotRedirect(response.statusCode, response.headers, { requestUrl, policy: PRIVATE_OK }));
      expect(error.code).toBe("redirect");
      expect(error.message).toBe(
        "The upstream answered 302, a redirect to 169.254.169.254, which is not allowed: 169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack) and is never allowed. Upstreams must not redirect",
      );
    } finally {
      await plain.close();
      await server.close();
    }
  });

  it("judges the Location host in every spelling, relative locations against the request", () => {
    const cases: [string, string][] = [
      ["http://2852039166/", "169.254.169.254"],
      ["http://[::ffff:a9fe:a9fe]/", "[::ffff:a9fe:a9fe]"],
      ["//localhost/admin", "localhost"],
      ["http://10.0.0.1/", "10.0.0.1"],
    ];
    for (const [location, host] of cases) {
      const error = catchError(() =>
        assertNotRedirect(307, { location }, { requestUrl: "https://api.example.com/v1/models", policy: STRICT }),
      );
      expect(error.message, location).toContain(`a redirect to ${host}, which is not allowed`);
    }
  });

  it("refuses every other redirect too, without calling it blocked", () => {
    const error = catchError(() =>
      assertNotRedirect(301, new Headers({ location: "https://api.example.com/v1/models" }), {
        requestUrl: "http://api.example.com/v1/models",
        policy: STRICT,
      }),
    );
    expect(error.code).toBe("redirect");
    expect(error.message).toBe(
      "The upstream answered 301, a redirect to https://api.example.com; upstreams must not redirect (use the address it points to as the base URL)",
    );
    expect(error.message).not.toMatch(/not allowed/);

    const others: [number, Record<string, string | string[]>][] = [
      [302, {}],
      [303, { location: "ftp://files.example.com/" }],
      [308, { location: ["https://a.example/", "https://b.example/"] }],
      [300, { location: "%%%" }],
    ];
    for (const [status, headers] of others) {
      expect(() => assertNotRedirect(status, headers, { policy: STRICT }), String(status)).toThrow(/upstreams must not redirect/);
    }
  });

  it("lets responses that are not redirects through", () => {
    for (const status of [200, 201, 204, 304, 400, 429, 500]) {
      expect(() => assertNotRedirect(status, { location: "http://169.254.169.254/" }, { policy: STRICT })).not.toThrow();
    }
  });
});

function catchError(run: () => unknown): UpstreamUrlError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamUrlError);
    return error as UpstreamUrlError;
  }
  throw new Error("expected an UpstreamUrlError, nothing was thrown");
}
