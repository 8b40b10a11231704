-- CreateTable
CREATE TABLE "UsageHourly" (
    "hour" TIMESTAMP(3) NOT NULL,
    "projectId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "unpriced" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "cachedTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "costNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "lat0" INTEGER NOT NULL DEFAULT 0,
    "lat1" INTEGER NOT NULL DEFAULT 0,
    "lat2" INTEGER NOT NULL DEFAULT 0,
    "lat3" INTEGER NOT NULL DEFAULT 0,
    "lat4" INTEGER NOT NULL DEFAULT 0,
    "lat5" INTEGER NOT NULL DEFAULT 0,
    "lat6" INTEGER NOT NULL DEFAULT 0,
    "lat7" INTEGER NOT NULL DEFAULT 0,
    "lat8" INTEGER NOT NULL DEFAULT 0,
    "lat9" INTEGER NOT NULL DEFAULT 0,
    "lat10" INTEGER NOT NULL DEFAULT 0,
    "lat11" INTEGER NOT NULL DEFAULT 0,
    "lat12" INTEGER NOT NULL DEFAULT 0,
    "lat13" INTEGER NOT NULL DEFAULT 0,
    "lat14" INTEGER NOT NULL DEFAULT 0,
    "lat15" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageHourly_pkey" PRIMARY KEY ("projectId","hour","model","apiKeyId","userId","endpoint","source")
);

-- CreateTable
CREATE TABLE "UsageHourlyByModel" (
    "hour" TIMESTAMP(3) NOT NULL,
    "projectId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "unpriced" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "cachedTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "costNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "lat0" INTEGER NOT NULL DEFAULT 0,
    "lat1" INTEGER NOT NULL DEFAULT 0,
    "lat2" INTEGER NOT NULL DEFAULT 0,
    "lat3" INTEGER NOT NULL DEFAULT 0,
    "lat4" INTEGER NOT NULL DEFAULT 0,
    "lat5" INTEGER NOT NULL DEFAULT 0,
    "lat6" INTEGER NOT NULL DEFAULT 0,
    "lat7" INTEGER NOT NULL DEFAULT 0,
    "lat8" INTEGER NOT NULL DEFAULT 0,
    "lat9" INTEGER NOT NULL DEFAULT 0,
    "lat10" INTEGER NOT NULL DEFAULT 0,
    "lat11" INTEGER NOT NULL DEFAULT 0,
    "lat12" INTEGER NOT NULL DEFAULT 0,
    "lat13" INTEGER NOT NULL DEFAULT 0,
    "lat14" INTEGER NOT NULL DEFAULT 0,
    "lat15" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageHourlyByModel_pkey" PRIMARY KEY ("projectId","hour","model")
);

-- CreateTable
CREATE TABLE "ProjectUsageSettings" (
    "projectId" TEXT NOT NULL,
    "monthlyBudgetMicros" BIGINT,
    "requestLog" TEXT NOT NULL DEFAULT 'metadata',
    "bodyRetentionDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectUsageSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "RequestLogBody" (
    "eventId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "requestBody" TEXT,
    "responseBody" TEXT,
    "truncated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RequestLogBody_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "SandboxServedCall" (
    "id" BIGSERIAL NOT NULL,
    "project" TEXT NOT NULL DEFAULT '',
    "keyId" TEXT,
    "kind" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "cachedTokens" INTEGER NOT NULL,
    "outputTokens" INTEGER NOT NULL,
    "batch" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxServedCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UsageHourly_hour_idx" ON "UsageHourly"("hour");

-- CreateIndex
CREATE INDEX "UsageHourlyByModel_hour_idx" ON "UsageHourlyByModel"("hour");

-- CreateIndex
CREATE INDEX "RequestLogBody_projectId_startedAt_idx" ON "RequestLogBody"("projectId", "startedAt");

-- CreateIndex
CREATE INDEX "RequestLogBody_startedAt_idx" ON "RequestLogBody"("startedAt");

-- CreateIndex
CREATE INDEX "SandboxServedCall_createdAt_idx" ON "SandboxServedCall"("createdAt");

-- CreateIndex
CREATE INDEX "SandboxServedCall_project_createdAt_idx" ON "SandboxServedCall"("project", "createdAt");

-- CreateIndex
CREATE INDEX "UsageEvent_projectId_model_startedAt_idx" ON "UsageEvent"("projectId", "model", "startedAt");

-- AddForeignKey
ALTER TABLE "ProjectUsageSettings" ADD CONSTRAINT "ProjectUsageSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Rollups of the events recorded before this migration (later ones are added as they are inserted).
INSERT INTO "UsageHourly" ("projectId", "hour", "model", "apiKeyId", "userId", "endpoint", "source", "requests", "errors", "unpriced", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "costNanoUsd", "lat0", "lat1", "lat2", "lat3", "lat4", "lat5", "lat6", "lat7", "lat8", "lat9", "lat10", "lat11", "lat12", "lat13", "lat14", "lat15")
    SELECT "projectId", date_trunc('hour', "startedAt"), coalesce("model", ''), coalesce("apiKeyId", ''), coalesce("userId", ''), "endpoint", "source", count(*), count(*) FILTER (WHERE "outcome" IN ('upstream_error', 'network_error', 'timeout')), count(*) FILTER (WHERE NOT "priced"), sum("inputTokens"), sum("cachedTokens"), sum("outputTokens"), sum("reasoningTokens"), coalesce(sum("costNanoUsd") FILTER (WHERE "priced"), 0), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 0), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 1), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 2), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 3), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 4), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 5), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 6), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 7), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 8), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 9), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 10), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 11), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 12), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 13), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 14), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 15) FROM "UsageEvent" GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ("projectId", "hour", "model", "apiKeyId", "userId", "endpoint", "source") DO UPDATE SET "requests" = "UsageHourly"."requests" + EXCLUDED."requests", "errors" = "UsageHourly"."errors" + EXCLUDED."errors", "unpriced" = "UsageHourly"."unpriced" + EXCLUDED."unpriced", "inputTokens" = "UsageHourly"."inputTokens" + EXCLUDED."inputTokens", "cachedTokens" = "UsageHourly"."cachedTokens" + EXCLUDED."cachedTokens", "outputTokens" = "UsageHourly"."outputTokens" + EXCLUDED."outputTokens", "reasoningTokens" = "UsageHourly"."reasoningTokens" + EXCLUDED."reasoningTokens", "costNanoUsd" = "UsageHourly"."costNanoUsd" + EXCLUDED."costNanoUsd", "lat0" = "UsageHourly"."lat0" + EXCLUDED."lat0", "lat1" = "UsageHourly"."lat1" + EXCLUDED."lat1", "lat2" = "UsageHourly"."lat2" + EXCLUDED."lat2", "lat3" = "UsageHourly"."lat3" + EXCLUDED."lat3", "lat4" = "UsageHourly"."lat4" + EXCLUDED."lat4", "lat5" = "UsageHourly"."lat5" + EXCLUDED."lat5", "lat6" = "UsageHourly"."lat6" + EXCLUDED."lat6", "lat7" = "UsageHourly"."lat7" + EXCLUDED."lat7", "lat8" = "UsageHourly"."lat8" + EXCLUDED."lat8", "lat9" = "UsageHourly"."lat9" + EXCLUDED."lat9", "lat10" = "UsageHourly"."lat10" + EXCLUDED."lat10", "lat11" = "UsageHourly"."lat11" + EXCLUDED."lat11", "lat12" = "UsageHourly"."lat12" + EXCLUDED."lat12", "lat13" = "UsageHourly"."lat13" + EXCLUDED."lat13", "lat14" = "UsageHourly"."lat14" + EXCLUDED."lat14", "lat15" = "UsageHourly"."lat15" + EXCLUDED."lat15";

INSERT INTO "UsageHourlyByModel" ("projectId", "hour", "model", "requests", "errors", "unpriced", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "costNanoUsd", "lat0", "lat1", "lat2", "lat3", "lat4", "lat5", "lat6", "lat7", "lat8", "lat9", "lat10", "lat11", "lat12", "lat13", "lat14", "lat15")
    SELECT "projectId", date_trunc('hour', "startedAt"), coalesce("model", ''), count(*), count(*) FILTER (WHERE "outcome" IN ('upstream_error', 'network_error', 'timeout')), count(*) FILTER (WHERE NOT "priced"), sum("inputTokens"), sum("cachedTokens"), sum("outputTokens"), sum("reasoningTokens"), coalesce(sum("costNanoUsd") FILTER (WHERE "priced"), 0), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 0), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 1), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 2), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 3), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 4), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 5), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 6), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 7), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 8), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 9), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 10), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 11), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 12), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 13), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 14), count(*) FILTER (WHERE width_bucket("latencyMs", ARRAY[100,200,300,500,750,1000,1500,2000,3000,5000,7500,10000,20000,30000,60000]) = 15) FROM "UsageEvent" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("projectId", "hour", "model") DO UPDATE SET "requests" = "UsageHourlyByModel"."requests" + EXCLUDED."requests", "errors" = "UsageHourlyByModel"."errors" + EXCLUDED."errors", "unpriced" = "UsageHourlyByModel"."unpriced" + EXCLUDED."unpriced", "inputTokens" = "UsageHourlyByModel"."inputTokens" + EXCLUDED."inputTokens", "cachedTokens" = "UsageHourlyByModel"."cachedTokens" + EXCLUDED."cachedTokens", "outputTokens" = "UsageHourlyByModel"."outputTokens" + EXCLUDED."outputTokens", "reasoningTokens" = "UsageHourlyByModel"."reasoningTokens" + EXCLUDED."reasoningTokens", "costNanoUsd" = "UsageHourlyByModel"."costNanoUsd" + EXCLUDED."costNanoUsd", "lat0" = "UsageHourlyByModel"."lat0" + EXCLUDED."lat0", "lat1" = "UsageHourlyByModel"."lat1" + EXCLUDED."lat1", "lat2" = "UsageHourlyByModel"."lat2" + EXCLUDED."lat2", "lat3" = "UsageHourlyByModel"."lat3" + EXCLUDED."lat3", "lat4" = "UsageHourlyByModel"."lat4" + EXCLUDED."lat4", "lat5" = "UsageHourlyByModel"."lat5" + EXCLUDED."lat5", "lat6" = "UsageHourlyByModel"."lat6" + EXCLUDED."lat6", "lat7" = "UsageHourlyByModel"."lat7" + EXCLUDED."lat7", "lat8" = "UsageHourlyByModel"."lat8" + EXCLUDED."lat8", "lat9" = "UsageHourlyByModel"."lat9" + EXCLUDED."lat9", "lat10" = "UsageHourlyByModel"."lat10" + EXCLUDED."lat10", "lat11" = "UsageHourlyByModel"."lat11" + EXCLUDED."lat11", "lat12" = "UsageHourlyByModel"."lat12" + EXCLUDED."lat12", "lat13" = "UsageHourlyByModel"."lat13" + EXCLUDED."lat13", "lat14" = "UsageHourlyByModel"."lat14" + EXCLUDED."lat14", "lat15" = "UsageHourlyByModel"."lat15" + EXCLUDED."lat15";

-- Default prices of current OpenAI models missing until now, from OpenAI's public price list as
-- best known when written (USD per 1M tokens, in micro-dollars). Admins should check them under
-- Admin → Prices and add a newer row where they differ.
INSERT INTO "ModelPrice" ("id", "model", "effectiveFrom", "inputMicrosPerMillion", "cachedInputMicrosPerMillion", "outputMicrosPerMillion") VALUES
  ('price_default_gpt-5.4',               'gpt-5.4',               '2020-01-01 00:00:00',  2500000,  250000,  15000000),
  ('price_default_gpt-5.4-mini',          'gpt-5.4-mini',          '2020-01-01 00:00:00',   750000,   75000,   4500000),
  ('price_default_gpt-5.4-nano',          'gpt-5.4-nano',          '2020-01-01 00:00:00',   200000,   20000,   1250000),
  ('price_default_gpt-5.4-pro',           'gpt-5.4-pro',           '2020-01-01 00:00:00', 30000000,    NULL, 180000000),
  ('price_default_gpt-5.2',               'gpt-5.2',               '2020-01-01 00:00:00',  1750000,  175000,  14000000),
  ('price_default_gpt-5.2-chat-latest',   'gpt-5.2-chat-latest',   '2020-01-01 00:00:00',  1750000,  175000,  14000000),
  ('price_default_gpt-5.2-pro',           'gpt-5.2-pro',           '2020-01-01 00:00:00', 21000000,    NULL, 168000000),
  ('price_default_gpt-5.1',               'gpt-5.1',               '2020-01-01 00:00:00',  1250000,  125000,  10000000),
  ('price_default_gpt-5-chat-latest',     'gpt-5-chat-latest',     '2020-01-01 00:00:00',  1250000,  125000,  10000000),
  ('price_default_gpt-5-pro',             'gpt-5-pro',             '2020-01-01 00:00:00', 15000000,    NULL, 120000000),
  ('price_default_o3-pro',                'o3-pro',                '2020-01-01 00:00:00', 20000000,    NULL,  80000000),
  ('price_default_o3-mini',               'o3-mini',               '2020-01-01 00:00:00',  1100000,  550000,   4400000),
  ('price_default_o1',                    'o1',                    '2020-01-01 00:00:00', 15000000, 7500000,  60000000);
