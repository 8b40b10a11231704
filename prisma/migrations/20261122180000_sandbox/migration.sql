-- CreateTable
CREATE TABLE "SandboxApiKey" (
    "id" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxFile" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'processed',
    "statusDetails" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxUpload" (
    "id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "fileId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxUploadPart" (
    "id" TEXT NOT NULL,
    "uploadId" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxUploadPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxResponse" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "inputItems" JSONB NOT NULL,
    "previousResponseId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxChatCompletion" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "messages" JSONB NOT NULL,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxChatCompletion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxVectorStore" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metadata" JSONB,
    "expiresAfter" JSONB,
    "expiresAt" TIMESTAMP(3),
    "lastActiveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxVectorStore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxVectorStoreFile" (
    "vectorStoreId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "lastError" JSONB,
    "attributes" JSONB,
    "chunkingStrategy" JSONB NOT NULL,
    "usageBytes" BIGINT NOT NULL DEFAULT 0,
    "batchId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxVectorStoreFile_pkey" PRIMARY KEY ("vectorStoreId","fileId")
);

-- CreateTable
CREATE TABLE "SandboxFileBatch" (
    "id" TEXT NOT NULL,
    "vectorStoreId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFileBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxChunk" (
    "id" BIGSERIAL NOT NULL,
    "vectorStoreId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "embedding" BYTEA NOT NULL,

    CONSTRAINT "SandboxChunk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxApiKey_keyHash_key" ON "SandboxApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "SandboxFile_createdAt_id_idx" ON "SandboxFile"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxFile_purpose_createdAt_id_idx" ON "SandboxFile"("purpose", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxUploadPart_uploadId_idx" ON "SandboxUploadPart"("uploadId");

-- CreateIndex
CREATE INDEX "SandboxResponse_createdAt_id_idx" ON "SandboxResponse"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxChatCompletion_createdAt_id_idx" ON "SandboxChatCompletion"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxVectorStore_createdAt_id_idx" ON "SandboxVectorStore"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxVectorStoreFile_status_leaseUntil_idx" ON "SandboxVectorStoreFile"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "SandboxVectorStoreFile_vectorStoreId_createdAt_idx" ON "SandboxVectorStoreFile"("vectorStoreId", "createdAt");

-- CreateIndex
CREATE INDEX "SandboxVectorStoreFile_batchId_idx" ON "SandboxVectorStoreFile"("batchId");

-- CreateIndex
CREATE INDEX "SandboxFileBatch_vectorStoreId_idx" ON "SandboxFileBatch"("vectorStoreId");

-- CreateIndex
CREATE INDEX "SandboxChunk_vectorStoreId_fileId_idx" ON "SandboxChunk"("vectorStoreId", "fileId");

-- AddForeignKey
ALTER TABLE "SandboxUploadPart" ADD CONSTRAINT "SandboxUploadPart_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "SandboxUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxVectorStoreFile" ADD CONSTRAINT "SandboxVectorStoreFile_vectorStoreId_fkey" FOREIGN KEY ("vectorStoreId") REFERENCES "SandboxVectorStore"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxFileBatch" ADD CONSTRAINT "SandboxFileBatch_vectorStoreId_fkey" FOREIGN KEY ("vectorStoreId") REFERENCES "SandboxVectorStore"("id") ON DELETE CASCADE ON UPDATE CASCADE;

