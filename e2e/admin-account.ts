// The administrator every e2e run starts with (scripts/e2e-server.ts creates it before the
// server listens). Kept apart from helpers.ts so the server does not load Playwright.
export const E2E_ADMIN = { username: "e2e_admin", password: "the e2e administrator 42" } as const;
