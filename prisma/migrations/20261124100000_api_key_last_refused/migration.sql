-- AlterTable
ALTER TABLE "ApiKeyBudgetPeriod" ADD COLUMN     "lastRefusedAt" TIMESTAMP(3);

