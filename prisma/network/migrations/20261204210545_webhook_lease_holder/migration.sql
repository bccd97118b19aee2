-- AlterTable
ALTER TABLE "webhook_delivery" ADD COLUMN     "leased_by" UUID;
