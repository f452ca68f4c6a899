// A readable page of the HTTP API, rendered from the generated OpenAPI description.
import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/http/openapi";

export const metadata: Metadata = { title: "API for developers" };

type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-available/15 text-emerald-800 dark:text-emerald-300",
  post: "bg-brand/15 text-indigo-800 dark:text-indigo-300",
};

export default function DevelopersPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <p className="text-sm">
        <Link href="/" className="text-brand underline-offset-4 hover:underline dark:text-indigo-300">
          ← buddylist
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">HTTP API</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{document.info.description}</p>
      <p className="mt-2 text-sm">
        Machine-readable description:{" "}
        <a className="font-mono text-brand underline dark:text-indigo-300" href="/api/openapi.json">
          /api/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi}). Authenticate with the session cookie or{" "}
        <code className="rounded bg-zinc-200 px-1 dark:bg-zinc-800">Authorization: Bearer blt_…</code> (a personal access
        token from Settings).
      </p>
      <ol className="mt-6 grid gap-4">
        {operations.map(({ path, method, operation }) => (
          <li key={`${method} ${path}`} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 className="flex flex-wrap items-center gap-2 font-mono text-sm">
              <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
              {path}
            </h2>
            {operation.summary ? <p className="mt-1 text-sm">{operation.summary}</p> : null}
            {operation.security ? <p className="mt-1 text-xs text-zinc-500">Needs a session or an access token.</p> : null}
            {operation.requestBody ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">Request body ({Object.keys(operation.requestBody.content).join(", ")})</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
                  {JSON.stringify(Object.values(operation.requestBody.content)[0]?.schema, null, 2)}
                </pre>
              </details>
            ) : null}
            <table className="mt-2 w-full text-left text-sm">
              <caption className="sr-only">Responses</caption>
              <tbody>
                {Object.entries(operation.responses).map(([status, response]) => (
                  <tr key={status} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="w-16 py-1 pr-2 font-mono font-medium">
                      {status}
                    </th>
                    <td className="py-1">
                      {response.description}
                      {response.content ? (
                        <span className="ml-1 text-xs text-zinc-500">({Object.keys(response.content).join(", ")})</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
      {document.components?.schemas ? (
        <section className="mt-8">
          <h2 className="text-lg font-semibold">Schemas</h2>
          {Object.entries(document.components.schemas).map(([name, schema]) => (
            <details key={name} className="mt-2 text-sm">
              <summary className="cursor-pointer font-mono">{name}</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(schema, null, 2)}</pre>
            </details>
          ))}
        </section>
      ) : null}
    </main>
  );
}
