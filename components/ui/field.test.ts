// The field parts rendered to markup: the label names the control, an error marks it and
// describes it, a hint describes it while there is no error.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkbox } from "./checkbox";
import { Field, FieldError, FieldHint, Label, TextField } from "./field";
import { Input } from "./input";
import { Select } from "./select";
import { Textarea } from "./textarea";

const parse = (markup: string) => {
  const attribute = (tag: string, name: string) => new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(markup)?.[1];
  return { markup, attribute };
};

describe("Field", () => {
  it("ties the label, the select and the error together", () => {
    const { markup, attribute } = parse(
      renderToStaticMarkup(
        h(Field, { error: "Pick one." }, h(Label, null, "Who"), h(Select, null, h("option", null, "A")), h(FieldError)),
      ),
    );
    const id = attribute("select", "id");
    expect(id).toBeTruthy();
    expect(attribute("label", "for")).toBe(id);
    expect(attribute("select", "aria-invalid")).toBe("true");
    expect(attribute("select", "aria-describedby")).toBe(attribute("p", "id"));
    expect(markup).toContain('role="alert"');
    expect(markup).toContain("Pick one.");
  });

  it("describes a textarea by its hint while there is no error, and keeps the control's own descriptions first", () => {
    const { markup, attribute } = parse(
      renderToStaticMarkup(
        h(Field, { hint: "Be brief." }, h(Label, null, "Body"), h(Textarea, { "aria-describedby": "counter" }), h(FieldHint), h(FieldError)),
      ),
    );
    const hintId = attribute("p", "id");
    expect(attribute("label", "for")).toBe(attribute("textarea", "id"));
    expect(attribute("textarea", "aria-describedby")).toBe(`counter ${hintId}`);
    expect(attribute("textarea", "aria-invalid")).toBeUndefined();
    expect(markup).not.toContain('role="alert"');
  });

  it("uses the id it is given, and a checkbox takes it too", () => {
    const { attribute } = parse(renderToStaticMarkup(h(Field, { id: "scope" }, h(Checkbox), h(Label, null, "Read"))));
    expect(attribute("input", "id")).toBe("scope");
    expect(attribute("label", "for")).toBe("scope");
  });

  it("leaves a control outside a field as it is", () => {
    const markup = renderToStaticMarkup(h(Input, { "aria-label": "Search" }));
    expect(markup).not.toContain("id=");
    expect(markup).not.toContain("aria-describedby");
  });
});

describe("TextField", () => {
  it("shows the error instead of the hint, and says so to screen readers", () => {
    const { markup, attribute } = parse(renderToStaticMarkup(h(TextField, { label: "Username", hint: "Lowercase.", error: "Taken." })));
    expect(attribute("label", "for")).toBe(attribute("input", "id"));
    expect(attribute("input", "aria-invalid")).toBe("true");
    expect(attribute("input", "aria-describedby")).toBe(attribute("p", "id"));
    expect(markup).toContain("Taken.");
    expect(markup).not.toContain("Lowercase.");
  });
});
