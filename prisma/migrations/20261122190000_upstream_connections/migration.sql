-- CreateEnum
CREATE TYPE "UpstreamKind" AS ENUM ('openai', 'azure', 'compatible', 'sandbox');

-- CreateTable
CREATE TABLE "UpstreamConnection" (
    "projectId" TEXT NOT NULL,
    "kind" "UpstreamKind" NOT NULL,
    "baseUrl" TEXT,
    "apiKeySealed" TEXT,
    "apiKeyLast4" TEXT,
    "organization" TEXT,
    "openaiProject" TEXT,
    "azureApiVersion" TEXT,
    "azureDeployments" JSONB,
    "adminKeySealed" TEXT,
    "adminKeyLast4" TEXT,
    "capabilities" JSONB,
    "testedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UpstreamConnection_pkey" PRIMARY KEY ("projectId")
);

-- AddForeignKey
ALTER TABLE "UpstreamConnection" ADD CONSTRAINT "UpstreamConnection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

