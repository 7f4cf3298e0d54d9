-- CreateEnum
CREATE TYPE "DeliveryOrdering" AS ENUM ('UNORDERED', 'FIFO');

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "lineSeq" BIGINT;

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "ordering" "DeliveryOrdering" NOT NULL DEFAULT 'UNORDERED';

-- CreateTable
CREATE TABLE "DeliveryLine" (
    "webhookId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "head" UUID,

    CONSTRAINT "DeliveryLine_pkey" PRIMARY KEY ("webhookId","url")
);

-- CreateIndex
CREATE INDEX "Delivery_parked_idx" ON "Delivery"("webhookId", "url", "lineSeq") WHERE (status = 'PENDING' AND "lineSeq" IS NOT NULL AND "nextAttemptAt" IS NULL);

-- AddForeignKey
ALTER TABLE "DeliveryLine" ADD CONSTRAINT "DeliveryLine_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- FIFO order: taken in the fan-out (and by retries/replays that join a line), so a line's order is
-- the database's order of publishes, whatever the API processes' clocks say. Prisma has no
-- attribute for a sequence that is not a column default (only FIFO rows draw from it).
CREATE SEQUENCE "Delivery_lineSeq_seq" AS BIGINT;
