-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "rateTat" TIMESTAMPTZ(3);
