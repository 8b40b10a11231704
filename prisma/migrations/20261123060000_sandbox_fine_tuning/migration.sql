-- CreateTable
CREATE TABLE "SandboxFineTuningJob" (
    "id" TEXT NOT NULL,
    "project" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "plan" JSONB,
    "stepsDone" INTEGER NOT NULL DEFAULT 0,
    "fineTunedModel" TEXT,
    "body" JSONB NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFineTuningJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxFineTuningEvent" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "step" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFineTuningEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "SandboxFineTuningCheckpoint" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "project" TEXT NOT NULL DEFAULT '',
    "stepNumber" INTEGER NOT NULL,
    "fineTunedModelCheckpoint" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFineTuningCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SandboxFineTuningJob_project_createdAt_id_idx" ON "SandboxFineTuningJob"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxFineTuningJob_status_nextRunAt_idx" ON "SandboxFineTuningJob"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "SandboxFineTuningJob_project_fineTunedModel_idx" ON "SandboxFineTuningJob"("project", "fineTunedModel");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxFineTuningEvent_id_key" ON "SandboxFineTuningEvent"("id");

-- CreateIndex
CREATE INDEX "SandboxFineTuningEvent_jobId_seq_idx" ON "SandboxFineTuningEvent"("jobId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxFineTuningEvent_jobId_step_key" ON "SandboxFineTuningEvent"("jobId", "step");

-- CreateIndex
CREATE INDEX "SandboxFineTuningCheckpoint_project_fineTunedModelCheckpoin_idx" ON "SandboxFineTuningCheckpoint"("project", "fineTunedModelCheckpoint");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxFineTuningCheckpoint_jobId_stepNumber_key" ON "SandboxFineTuningCheckpoint"("jobId", "stepNumber");

