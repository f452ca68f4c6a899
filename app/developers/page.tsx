// A readable page of the HTTP API, rendered from the generated OpenAPI description: one
// section per tag, in the description's order, each operation with who may call it.
import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/http/openapi";

export const metadata: Metadata = { title: "API for developers" };

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-available/15 text-emerald-800 dark:text-emerald-300",
  post: "bg-brand/15 text-indigo-800 dark:text-indigo-300",
  patch: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  delete: "bg-red-500/15 text-red-800 dark:text-red-300",
};

const SCHEME_NAMES: Record<string, string> = { session: "the session cookie", accessToken: "a personal access token" };

/** The security requirements in words: "the session cookie or a personal access token". */
function whoMayCall(security: Operation["security"]): string {
  if (!security || security.length === 0) return "No sign-in needed.";
  const alternatives = security.map((requirement) =>
    Object.entries(requirement)
      .map(([scheme, roles]) => `${SCHEME_NAMES[scheme] ?? scheme}${roles.length > 0 ? ` of an ${roles.join(" or ")}` : ""}`)
      .join(" and "),
  );
  return `Needs ${alternatives.join(" or ")}.`;
}

/** Descriptions are CommonMark, of which they use only `code`: shown as such, not as backticks. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="font-mono text-[0.9em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

const anchor = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export default function DevelopersPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  const sections = (document.tags ?? []).map((tag) => ({
    ...tag,
    operations: operations.filter(({ operation }) => operation.tags?.[0] === tag.name),
  }));
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
        (OpenAPI {document.openapi}). Each operation says what it accepts: the session cookie,{" "}
        <code className="rounded bg-zinc-200 px-1 dark:bg-zinc-800">Authorization: Bearer blt_…</code> (a personal access
        token from Settings), or nothing.
      </p>
      <nav aria-label="Sections" className="mt-4 text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {sections.map((section) => (
            <li key={section.name}>
              <a className="text-brand underline-offset-4 hover:underline dark:text-indigo-300" href={`#${anchor(section.name)}`}>
                {section.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map((section) => (
        <section key={section.name} id={anchor(section.name)} className="mt-8">
          <h2 className="text-lg font-semibold">{section.name}</h2>
          {section.description ? (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              <Prose text={section.description} />
            </p>
          ) : null}
          <ol className="mt-3 grid gap-4">
            {section.operations.map(({ path, method, operation }) => (
              <li key={`${method} ${path}`} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
                <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                  <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
                  {path}
                </h3>
                {operation.summary ? <p className="mt-1 text-sm">{operation.summary}</p> : null}
                {operation.description ? (
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    <Prose text={operation.description} />
                  </p>
                ) : null}
                <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{whoMayCall(operation.security)}</p>
                {operation.parameters?.length ? (
                  <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                    Parameters:{" "}
                    {operation.parameters.map((parameter, index) => (
                      <span key={`${parameter.in} ${parameter.name}`}>
                        {index > 0 ? ", " : null}
                        <code className="font-mono">{parameter.name}</code> ({parameter.in}
                        {parameter.required ? "" : ", optional"})
                      </span>
                    ))}
                  </p>
                ) : null}
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
                          <Prose text={response.description ?? ""} />
                          {response.content ? (
                            <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">({Object.keys(response.content).join(", ")})</span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </li>
            ))}
          </ol>
        </section>
      ))}
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
