-- CreateTable
CREATE TABLE "CreatedObject" (
    "projectId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "createdById" TEXT,
    "apiKeyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatedObject_pkey" PRIMARY KEY ("projectId","objectId")
);

