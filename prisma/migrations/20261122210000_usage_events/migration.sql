-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "projectId" TEXT,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "inputMicrosPerMillion" INTEGER NOT NULL,
    "cachedInputMicrosPerMillion" INTEGER,
    "outputMicrosPerMillion" INTEGER NOT NULL,
    "batchDiscountPercent" INTEGER NOT NULL DEFAULT 50,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageEvent" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT,
    "apiKeyId" TEXT,
    "source" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "model" TEXT,
    "status" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "cachedTokens" INTEGER NOT NULL,
    "outputTokens" INTEGER NOT NULL,
    "reasoningTokens" INTEGER NOT NULL,
    "usageReported" BOOLEAN NOT NULL,
    "batch" BOOLEAN NOT NULL,
    "costNanoUsd" BIGINT,
    "priced" BOOLEAN NOT NULL,
    "priceId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "upstreamRequestId" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelPrice_model_effectiveFrom_idx" ON "ModelPrice"("model", "effectiveFrom");

-- CreateIndex
CREATE INDEX "UsageEvent_projectId_startedAt_idx" ON "UsageEvent"("projectId", "startedAt");

-- CreateIndex
CREATE INDEX "UsageEvent_apiKeyId_startedAt_idx" ON "UsageEvent"("apiKeyId", "startedAt");


-- Default prices, USD per 1M tokens in micro-dollars (input / cached input / output), effective
-- from long before any usage so that every event finds them. Admins change a price by adding a
-- newer row. The sandbox-… prices are the sandbox's own made-up prices (its models are not sold
-- by anyone), chosen so that its usage shows plausible costs; the others are OpenAI's list prices.
INSERT INTO "ModelPrice" ("id", "model", "effectiveFrom", "inputMicrosPerMillion", "cachedInputMicrosPerMillion", "outputMicrosPerMillion") VALUES
  ('price_default_sandbox-chat',            'sandbox-chat',            '2020-01-01 00:00:00',  400000, 100000, 1600000),
  ('price_default_sandbox-chat-mini',       'sandbox-chat-mini',       '2020-01-01 00:00:00',  100000,  25000,  400000),
  ('price_default_sandbox-reasoning',       'sandbox-reasoning',       '2020-01-01 00:00:00', 1100000, 275000, 4400000),
  ('price_default_sandbox-embed-small',     'sandbox-embed-small',     '2020-01-01 00:00:00',   20000,   NULL,       0),
  ('price_default_gpt-5',                   'gpt-5',                   '2020-01-01 00:00:00', 1250000, 125000, 10000000),
  ('price_default_gpt-5-mini',              'gpt-5-mini',              '2020-01-01 00:00:00',  250000,  25000, 2000000),
  ('price_default_gpt-5-nano',              'gpt-5-nano',              '2020-01-01 00:00:00',   50000,   5000,  400000),
  ('price_default_gpt-4.1',                 'gpt-4.1',                 '2020-01-01 00:00:00', 2000000, 500000, 8000000),
  ('price_default_gpt-4.1-mini',            'gpt-4.1-mini',            '2020-01-01 00:00:00',  400000, 100000, 1600000),
  ('price_default_gpt-4.1-nano',            'gpt-4.1-nano',            '2020-01-01 00:00:00',  100000,  25000,  400000),
  ('price_default_gpt-4o',                  'gpt-4o',                  '2020-01-01 00:00:00', 2500000, 1250000, 10000000),
  ('price_default_gpt-4o-mini',             'gpt-4o-mini',             '2020-01-01 00:00:00',  150000,  75000,  600000),
  ('price_default_o3',                      'o3',                      '2020-01-01 00:00:00', 2000000, 500000, 8000000),
  ('price_default_o4-mini',                 'o4-mini',                 '2020-01-01 00:00:00', 1100000, 275000, 4400000),
  ('price_default_text-embedding-3-small',  'text-embedding-3-small',  '2020-01-01 00:00:00',   20000,   NULL,       0),
  ('price_default_text-embedding-3-large',  'text-embedding-3-large',  '2020-01-01 00:00:00',  130000,   NULL,       0),
  ('price_default_text-embedding-ada-002',  'text-embedding-ada-002',  '2020-01-01 00:00:00',  100000,   NULL,       0);
