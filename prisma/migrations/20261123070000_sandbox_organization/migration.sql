-- AlterTable
ALTER TABLE "SandboxApiKey" ADD COLUMN     "admin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "lastUsedAt" TIMESTAMP(3),
ADD COLUMN     "name" TEXT NOT NULL DEFAULT 'Secret key',
ADD COLUMN     "redactedValue" TEXT NOT NULL DEFAULT 'sk-sandbox-*****',
ADD COLUMN     "serviceAccountId" TEXT;

-- CreateTable
CREATE TABLE "SandboxProject" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "spendLimitCents" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxOrgUser" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxOrgUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxProjectUser" (
    "project" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxProjectUser_pkey" PRIMARY KEY ("project","userId")
);

-- CreateTable
CREATE TABLE "SandboxServiceAccount" (
    "id" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxServiceAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxRateLimit" (
    "project" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "maxRequestsPer1Minute" INTEGER NOT NULL,
    "maxTokensPer1Minute" INTEGER NOT NULL,
    "maxRequestsPer1Day" INTEGER,
    "batch1DayMaxInputTokens" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxRateLimit_pkey" PRIMARY KEY ("project","model")
);

-- CreateTable
CREATE TABLE "SandboxSpendAlert" (
    "id" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "thresholdAmount" INTEGER NOT NULL,
    "recipients" JSONB NOT NULL,
    "subjectPrefix" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxSpendAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SandboxProject_createdAt_id_idx" ON "SandboxProject"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxOrgUser_email_key" ON "SandboxOrgUser"("email");

-- CreateIndex
CREATE INDEX "SandboxProjectUser_project_createdAt_userId_idx" ON "SandboxProjectUser"("project", "createdAt", "userId");

-- CreateIndex
CREATE INDEX "SandboxServiceAccount_project_createdAt_id_idx" ON "SandboxServiceAccount"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxSpendAlert_project_createdAt_id_idx" ON "SandboxSpendAlert"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxApiKey_project_createdAt_id_idx" ON "SandboxApiKey"("project", "createdAt", "id");

