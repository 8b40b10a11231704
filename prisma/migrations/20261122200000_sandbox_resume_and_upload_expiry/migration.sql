-- AlterTable
ALTER TABLE "SandboxUpload" ADD COLUMN     "fileExpiresAfterSeconds" INTEGER;

-- AlterTable
ALTER TABLE "SandboxResponse" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "request" JSONB;

-- CreateIndex
CREATE INDEX "SandboxResponse_status_leaseUntil_idx" ON "SandboxResponse"("status", "leaseUntil");

