-- CreateTable
CREATE TABLE "GroupMessageChange" (
    "seq" SERIAL NOT NULL,
    "groupId" TEXT NOT NULL,
    "messageSeq" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "groupSeq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupMessageChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "GroupMessageChange_groupId_seq_idx" ON "GroupMessageChange"("groupId", "seq");
