// The real component, rendered to markup: bodies are text and links, never HTML.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageText } from "@/components/chat/message-text";

const render = (body: string) => renderToStaticMarkup(createElement(MessageText, { body }));

describe("MessageText", () => {
  it("shows <script> and <img onerror> as the characters they are", () => {
    const html = render(`<img src=x onerror="alert(1)"><script>alert(2)</script>`);
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
  });

  it("makes web links clickable in a new tab that cannot reach back, and nothing else", () => {
    const html = render("docs: https://example.com/a?b=1&c=2. javascript:alert(1)");
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer" class="font-medium underline underline-offset-2">https://example.com/a?b=1&amp;c=2</a>',
    );
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain(". javascript:alert(1)");
  });
});
