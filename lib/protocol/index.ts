// The protocol shared by the browser, bots and the server. Nothing here may import
// server-only code: the client bundle includes it.
export * from "./attachments";
export * from "./buddy-list";
export * from "./commands";
export * from "./errors";
export * from "./events";
export * from "./im";
export * from "./message-changes";
export * from "./presence";
export * from "./privacy";
export * from "./quiet-hours";
export * from "./schemas";
export * from "./text";
export * from "./scopes";
