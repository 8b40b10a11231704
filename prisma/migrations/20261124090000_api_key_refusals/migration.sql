-- AlterTable
ALTER TABLE "ApiKeyBudgetPeriod" ADD COLUMN     "overBudget" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rateLimited" INTEGER NOT NULL DEFAULT 0;
