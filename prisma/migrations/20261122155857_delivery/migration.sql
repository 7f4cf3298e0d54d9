-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "manual" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "failingSince" TIMESTAMPTZ(3);
