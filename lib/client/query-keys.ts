// One key factory for every console query, so invalidation after a change is never a guess.
export const queryKeys = {
  me: ["me"] as const,
  projects: {
    all: ["projects"] as const,
    list: (includeArchived: boolean) => ["projects", "list", { includeArchived }] as const,
    detail: (projectId: string) => ["projects", projectId] as const,
    members: (projectId: string) => ["projects", projectId, "members"] as const,
    audit: (projectId: string) => ["projects", projectId, "audit"] as const,
    connection: (projectId: string) => ["projects", projectId, "connection"] as const,
    apiKeys: (projectId: string) => ["projects", projectId, "api-keys"] as const,
    serviceAccounts: (projectId: string) => ["projects", projectId, "service-accounts"] as const,
    usage: (projectId: string, params: Record<string, string>) => ["projects", projectId, "usage", params] as const,
    reconcile: (projectId: string, params: Record<string, string>) => ["projects", projectId, "usage", "reconcile", params] as const,
    usageSettings: (projectId: string) => ["projects", projectId, "usage-settings"] as const,
    logs: (projectId: string, params: Record<string, string>) => ["projects", projectId, "logs", params] as const,
    logEntry: (projectId: string, eventId: string) => ["projects", projectId, "logs", "entry", eventId] as const,
  },
  // What the browser reads from the upstream through the console proxy.
  upstream: {
    models: (projectId: string) => ["projects", projectId, "upstream", "models"] as const,
    files: (projectId: string) => ["projects", projectId, "upstream", "files"] as const,
    fileList: (projectId: string, params: { purpose: string; order: "asc" | "desc" }) =>
      ["projects", projectId, "upstream", "files", "list", params] as const,
    file: (projectId: string, fileId: string) => ["projects", projectId, "upstream", "files", "detail", fileId] as const,
    fileUsage: (projectId: string, fileId: string) => ["projects", projectId, "upstream", "files", "usage", fileId] as const,
    vectorStores: (projectId: string) => ["projects", projectId, "upstream", "vector-stores"] as const,
    vectorStore: (projectId: string, vectorStoreId: string) => ["projects", projectId, "upstream", "vector-stores", vectorStoreId] as const,
    vectorStoreFiles: (projectId: string, vectorStoreId: string) =>
      ["projects", projectId, "upstream", "vector-stores", vectorStoreId, "files"] as const,
    vectorStoreBatch: (projectId: string, vectorStoreId: string, batchId: string) =>
      ["projects", projectId, "upstream", "vector-stores", vectorStoreId, "batches", batchId] as const,
    // A file that may have been deleted since (null then), for names in vector store tables.
    fileOrGone: (projectId: string, fileId: string) => ["projects", projectId, "upstream", "files", "or-gone", fileId] as const,
    attachableFiles: (projectId: string) => ["projects", projectId, "upstream", "attachable-files"] as const,
    batches: (projectId: string) => ["projects", projectId, "upstream", "batches"] as const,
    batch: (projectId: string, batchId: string) => ["projects", projectId, "upstream", "batches", "detail", batchId] as const,
    batchResults: (projectId: string, batchId: string) => ["projects", projectId, "upstream", "batches", "results", batchId] as const,
    batchInputFiles: (projectId: string) => ["projects", projectId, "upstream", "batches", "input-files"] as const,
    fineTuningJobs: (projectId: string) => ["projects", projectId, "upstream", "fine-tuning"] as const,
    fineTuningJob: (projectId: string, jobId: string) => ["projects", projectId, "upstream", "fine-tuning", jobId] as const,
    fineTuningEvents: (projectId: string, jobId: string) => ["projects", projectId, "upstream", "fine-tuning", jobId, "events"] as const,
    fineTuningCheckpoints: (projectId: string, jobId: string) =>
      ["projects", projectId, "upstream", "fine-tuning", jobId, "checkpoints"] as const,
    fineTuneFiles: (projectId: string) => ["projects", projectId, "upstream", "fine-tune-files"] as const,
  },
  // Who made upstream objects from here (our own table, not the upstream).
  creators: (projectId: string, ids: string[]) => ["projects", projectId, "creators", ids] as const,
  playground: {
    prices: (projectId: string, models: string[]) => ["projects", projectId, "prices", { models }] as const,
    prompts: (projectId: string) => ["projects", projectId, "prompts"] as const,
    prompt: (projectId: string, promptId: string, version: number | null) =>
      ["projects", projectId, "prompts", promptId, { version }] as const,
  },
  // The batch rate of models, for a batch's estimated cost (our own prices table).
  batchRates: (projectId: string, models: string[]) => ["projects", projectId, "batch-rates", models] as const,
  admin: {
    users: ["admin", "users"] as const,
    audit: ["admin", "audit"] as const,
    // Admin → OpenAI organization, read through the connection `via` (a Switchboard project id).
    openaiConnections: ["admin", "openai", "connections"] as const,
    openaiProjects: (via: string, includeArchived: boolean) => ["admin", "openai", via, "projects", { includeArchived }] as const,
    openaiProject: (via: string, projectId: string) => ["admin", "openai", via, "project", projectId] as const,
    openaiSection: (via: string, projectId: string, section: string) => ["admin", "openai", via, "project", projectId, section] as const,
    invitations: ["admin", "invitations"] as const,
    usage: (params: Record<string, string>) => ["admin", "usage", params] as const,
    prices: ["admin", "prices"] as const,
  },
};
