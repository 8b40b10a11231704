-- CreateTable
CREATE TABLE "SandboxBatch" (
    "id" TEXT NOT NULL,
    "project" TEXT NOT NULL DEFAULT '',
    "endpoint" TEXT NOT NULL,
    "model" TEXT,
    "inputFileId" TEXT NOT NULL,
    "completionWindow" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'validating',
    "errors" JSONB,
    "metadata" JSONB,
    "outputExpiresAfter" INTEGER,
    "outputFileId" TEXT,
    "errorFileId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "nextLine" INTEGER NOT NULL DEFAULT 0,
    "nextOffset" BIGINT NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "cachedTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "reasoningTokens" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "inProgressAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "finalizingAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "expiredAt" TIMESTAMP(3),
    "cancellingAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "SandboxBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxBatchLine" (
    "batchId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "customId" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "SandboxBatchLine_pkey" PRIMARY KEY ("batchId","line")
);

-- CreateIndex
CREATE INDEX "SandboxBatch_project_createdAt_id_idx" ON "SandboxBatch"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxBatch_status_leaseUntil_idx" ON "SandboxBatch"("status", "leaseUntil");

-- AddForeignKey
ALTER TABLE "SandboxBatchLine" ADD CONSTRAINT "SandboxBatchLine_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "SandboxBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

