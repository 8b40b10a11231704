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
    fineTuningJobs: (projectId: string) => ["projects", projectId, "upstream", "fine-tuning"] as const,
    fineTuningJob: (projectId: string, jobId: string) => ["projects", projectId, "upstream", "fine-tuning", jobId] as const,
    fineTuningEvents: (projectId: string, jobId: string) => ["projects", projectId, "upstream", "fine-tuning", jobId, "events"] as const,
    fineTuningCheckpoints: (projectId: string, jobId: string) =>
      ["projects", projectId, "upstream", "fine-tuning", jobId, "checkpoints"] as const,
    fineTuneFiles: (projectId: string) => ["projects", projectId, "upstream", "fine-tune-files"] as const,
  },
  admin: {
    users: ["admin", "users"] as const,
    audit: ["admin", "audit"] as const,
  },
};
