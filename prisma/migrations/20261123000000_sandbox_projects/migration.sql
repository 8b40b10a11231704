-- DropIndex
DROP INDEX "SandboxFile_createdAt_id_idx";

-- DropIndex
DROP INDEX "SandboxFile_purpose_createdAt_id_idx";

-- DropIndex
DROP INDEX "SandboxResponse_createdAt_id_idx";

-- DropIndex
DROP INDEX "SandboxChatCompletion_createdAt_id_idx";

-- DropIndex
DROP INDEX "SandboxVectorStore_createdAt_id_idx";

-- AlterTable
ALTER TABLE "SandboxApiKey" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SandboxFile" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SandboxUpload" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SandboxResponse" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SandboxChatCompletion" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "SandboxVectorStore" ADD COLUMN     "project" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "SandboxFile_project_createdAt_id_idx" ON "SandboxFile"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxFile_project_purpose_createdAt_id_idx" ON "SandboxFile"("project", "purpose", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxResponse_project_createdAt_id_idx" ON "SandboxResponse"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxChatCompletion_project_createdAt_id_idx" ON "SandboxChatCompletion"("project", "createdAt", "id");

-- CreateIndex
CREATE INDEX "SandboxVectorStore_project_createdAt_id_idx" ON "SandboxVectorStore"("project", "createdAt", "id");


-- Keys issued to console projects were labelled "project <id>" (and "project <id> connection test").
UPDATE "SandboxApiKey" SET "project" = split_part("label", ' ', 2) WHERE "label" LIKE 'project %';

-- Objects the console created are known by project; the rest stay with the standalone key ("").
UPDATE "SandboxFile" AS o SET "project" = c."projectId" FROM "CreatedObject" AS c WHERE c."objectId" = o."id";
UPDATE "SandboxUpload" AS o SET "project" = c."projectId" FROM "CreatedObject" AS c WHERE c."objectId" = o."id";
UPDATE "SandboxVectorStore" AS o SET "project" = c."projectId" FROM "CreatedObject" AS c WHERE c."objectId" = o."id";
