// POST /api/accounts — sign-up for API clients and bots; the same rules (and the same limit
// per address) as the sign-up form.
import { NextResponse } from "next/server";
import { type CreatedAccount, signUpSchema } from "@/lib/protocol/account";
import { requestMeta } from "@/lib/auth/request-meta";
import { readJson, route } from "@/lib/http/route";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const POST = route(async (request: Request) => {
  const { invite, ...input } = await readJson(request, signUpSchema);
  const result = await getServices().accounts.signUp(input, { invite, address: requestMeta(request.headers).ipAddress });
  if (!result.ok) {
    if (result.retryAfter !== undefined) {
      throw new ServiceError(ErrorCode.rate_limited, result.message, { retryAfter: result.retryAfter });
    }
    if (result.field === "form") throw new ServiceError(ErrorCode.forbidden, result.message);
    const code = result.field === "username" ? ErrorCode.conflict : ErrorCode.invalid_payload;
    throw new ServiceError(code, result.message, { issues: [{ path: result.field, message: result.message }] });
  }
  return NextResponse.json({ user: { id: result.userId, username: input.username } } satisfies CreatedAccount, { status: 201 });
});
