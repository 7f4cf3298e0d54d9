-- CreateEnum
CREATE TYPE "HttpMethod" AS ENUM ('POST');

-- CreateEnum
CREATE TYPE "TestStatus" AS ENUM ('SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AttemptOutcome" AS ENUM ('SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "AttemptTrigger" AS ENUM ('SCHEDULED', 'MANUAL', 'TEST');

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventType" (
    "id" UUID NOT NULL,
    "tenantId" TEXT,
    "name" TEXT NOT NULL,
    "group" TEXT,
    "description" TEXT,
    "source" TEXT,
    "example" JSONB,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthCredential" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEncrypted" TEXT NOT NULL,
    "scope" TEXT,
    "audience" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "applicationId" UUID,
    "name" TEXT,
    "liveName" TEXT,
    "description" TEXT,
    "urls" TEXT[],
    "events" TEXT[],
    "eventGroup" TEXT,
    "method" "HttpMethod" NOT NULL DEFAULT 'POST',
    "bodyTemplate" TEXT,
    "oauthCredentialId" UUID,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "retrySchedule" INTEGER[],
    "rateLimitPerSecond" INTEGER,
    "lastTestAt" TIMESTAMPTZ(3),
    "lastTestStatus" "TestStatus",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookHeader" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "WebhookHeader_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookSecret" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "encrypted" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "applicationId" UUID,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "idempotencyKey" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "eventId" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMPTZ(3),
    "leasedBy" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "deliveryId" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" "AttemptTrigger" NOT NULL DEFAULT 'SCHEDULED',
    "outcome" "AttemptOutcome" NOT NULL,
    "url" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "requestHeaders" JSONB NOT NULL,
    "responseStatus" INTEGER,
    "responseHeaders" JSONB,
    "responseBody" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Application_tenantId_id_idx" ON "Application"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Application_tenantId_name_key" ON "Application"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Application_tenantId_externalId_key" ON "Application"("tenantId", "externalId");

-- CreateIndex
CREATE INDEX "EventType_name_idx" ON "EventType"("name");

-- CreateIndex
CREATE UNIQUE INDEX "EventType_tenantId_name_key" ON "EventType"("tenantId", "name");

-- CreateIndex
CREATE INDEX "OAuthCredential_tenantId_id_idx" ON "OAuthCredential"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthCredential_tenantId_name_key" ON "OAuthCredential"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Webhook_tenantId_id_idx" ON "Webhook"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Webhook_tenantId_applicationId_id_idx" ON "Webhook"("tenantId", "applicationId", "id");

-- CreateIndex
CREATE INDEX "Webhook_events_idx" ON "Webhook" USING GIN ("events");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_tenantId_liveName_key" ON "Webhook"("tenantId", "liveName");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookHeader_webhookId_position_key" ON "WebhookHeader"("webhookId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookSecret_webhookId_version_key" ON "WebhookSecret"("webhookId", "version");

-- CreateIndex
CREATE INDEX "Event_tenantId_createdAt_idx" ON "Event"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_tenantId_idempotencyKey_key" ON "Event"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_webhookId_id_idx" ON "Delivery"("webhookId", "id");

-- CreateIndex
CREATE INDEX "Delivery_eventId_id_idx" ON "Delivery"("eventId", "id");

-- CreateIndex
CREATE INDEX "Delivery_tenantId_createdAt_idx" ON "Delivery"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_deliveryId_number_idx" ON "DeliveryAttempt"("deliveryId", "number");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_webhookId_id_idx" ON "DeliveryAttempt"("webhookId", "id");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_eventId_id_idx" ON "DeliveryAttempt"("eventId", "id");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_tenantId_createdAt_idx" ON "DeliveryAttempt"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_oauthCredentialId_fkey" FOREIGN KEY ("oauthCredentialId") REFERENCES "OAuthCredential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookHeader" ADD CONSTRAINT "WebhookHeader_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookSecret" ADD CONSTRAINT "WebhookSecret_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
