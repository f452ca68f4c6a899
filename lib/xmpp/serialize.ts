// Elements to text for the wire. Attributes in single quotes, as Prosody and ejabberd write them
// (clients and load generators that look for `type='result'` find it), escaped for either quote;
// text with &, < and > escaped. One string built in one pass, without ltx's writer callbacks.
import type { Element } from "@xmpp/xml";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" };
const escapeOne = (character: string) => ESCAPES[character]!;

export const escapeAttribute = (value: string) => (/["&'<>]/.test(value) ? value.replace(/["&'<>]/g, escapeOne) : value);
export const escapeText = (value: string) => (/[&<>]/.test(value) ? value.replace(/[&<>]/g, escapeOne) : value);

export function serialize(element: Element): string {
  let text = `<${element.name}`;
  for (const name in element.attrs) {
    const value = element.attrs[name];
    if (value !== undefined && value !== null) text += ` ${name}='${escapeAttribute(String(value))}'`;
  }
  if (element.children.length === 0) return `${text}/>`;
  text += ">";
  for (const child of element.children) text += typeof child === "string" ? escapeText(child) : serialize(child);
  return `${text}</${element.name}>`;
}
