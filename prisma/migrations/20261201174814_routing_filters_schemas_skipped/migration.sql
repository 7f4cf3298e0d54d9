-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'SKIPPED';

-- AlterTable
ALTER TABLE "EventType" ADD COLUMN     "schema" JSONB;

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "filter" JSONB,
ADD COLUMN     "filterPath" TEXT;
