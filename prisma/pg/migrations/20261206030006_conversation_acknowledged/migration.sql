-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "acknowledged" BOOLEAN NOT NULL DEFAULT true;
