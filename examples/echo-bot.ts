// An echo bot: a buddylist account driven by a program. It signs in with a personal access
// token (Settings → Access tokens, with the "Send and read messages" scope), appears online
// like any device, and answers every instant message it receives with the same text. Bots use
// the very protocol the browser uses, with the same rules: the recipient's delivery rules,
// rate limits, access rules.
//
//   BUDDYLIST_URL=http://localhost:3000 BUDDYLIST_TOKEN=blt_… npx tsx examples/echo-bot.ts
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../lib/protocol";

const url = process.env.BUDDYLIST_URL ?? "http://localhost:3000";
const token = process.env.BUDDYLIST_TOKEN;
if (!token) throw new Error("Set BUDDYLIST_TOKEN to a personal access token of the bot's account.");

// The token goes in the handshake's `auth`; `client` names the device tuple watchers see.
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
  auth: { token, client: "echo-bot" },
  transports: ["websocket"],
});

socket.on("session:ready", ({ user }) => console.log(`echo-bot: online as @${user.username}`));
socket.on("connect_error", (error) => console.error(`echo-bot: cannot connect: ${error.message}`));

// Answers go out one at a time, so they come back in the order the messages arrived.
let answering = Promise.resolve();

socket.on("im:received", ({ message }) => {
  // Our own sends (from another connection of this account) come back too: skip them.
  if (message.direction !== "incoming") return;
  // Tell the sender its message reached a device, then answer.
  socket.emit("im:confirm-delivery", { ids: [message.id] }, () => {});
  answering = answering.then(async () => {
    // A client-chosen id makes a retried send safe: the server stores it at most once.
    const reply = await socket
      .timeout(5_000)
      .emitWithAck("im:send", { to: message.peer, clientId: randomUUID(), body: message.body })
      .catch(() => null);
    if (!reply?.ok) console.error(`echo-bot: could not answer @${message.peer}: ${reply?.error.message ?? "no answer"}`);
  });
});

// Stop cleanly on Ctrl-C (or when a test stops the bot).
process.on("SIGTERM", () => socket.close());
process.on("SIGINT", () => socket.close());
