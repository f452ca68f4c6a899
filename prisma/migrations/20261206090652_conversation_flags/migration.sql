-- AlterTable: new defaulted columns added in place (a redefinition would race other migrations).
ALTER TABLE "Conversation" ADD COLUMN "pinnedAt" DATETIME;
ALTER TABLE "Conversation" ADD COLUMN "muted" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Conversation" ADD COLUMN "markedUnread" BOOLEAN NOT NULL DEFAULT false;
