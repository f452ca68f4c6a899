-- CreateTable
CREATE TABLE "GroupMessageChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" TEXT NOT NULL,
    "messageSeq" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "groupSeq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "GroupMessageChange_groupId_seq_idx" ON "GroupMessageChange"("groupId", "seq");
