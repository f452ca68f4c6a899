-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "replyToSeq" INTEGER,
ADD COLUMN     "retractedAt" TIMESTAMP(3),
ADD COLUMN     "senderBody" TEXT,
ADD COLUMN     "senderEditedAt" TIMESTAMP(3),
ADD COLUMN     "senderRetractedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MessageReaction" (
    "messageSeq" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageReaction_pkey" PRIMARY KEY ("messageSeq","userId","emoji")
);

-- CreateTable
CREATE TABLE "MessageChange" (
    "seq" SERIAL NOT NULL,
    "messageSeq" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "clientId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "MessageChange_actorId_seq_idx" ON "MessageChange"("actorId", "seq");

-- CreateIndex
CREATE INDEX "MessageChange_peerId_seq_idx" ON "MessageChange"("peerId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MessageChange_actorId_clientId_key" ON "MessageChange"("actorId", "clientId");

-- AddForeignKey
ALTER TABLE "MessageReaction" ADD CONSTRAINT "MessageReaction_messageSeq_fkey" FOREIGN KEY ("messageSeq") REFERENCES "Message"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageChange" ADD CONSTRAINT "MessageChange_messageSeq_fkey" FOREIGN KEY ("messageSeq") REFERENCES "Message"("seq") ON DELETE CASCADE ON UPDATE CASCADE;
