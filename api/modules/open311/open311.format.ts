/**
 * One serialiser for Open311 GeoReport v2: the routes build plain objects once, and this file writes them
 * as XML (the format the spec requires) or JSON (optional, advertised in discovery).
 *
 * The JSON follows the spec's "Spark convention" (Service_Discovery.md): a list element (`<services>`,
 * `<formats>`, `<values>`) becomes a JSON array of its items, an element with children becomes an object,
 * a leaf becomes a string, number, boolean or null. `XmlList` records the item element name that XML needs
 * and JSON drops (`<services><service>…</service></services>` ⇄ `[{…}]`).
 */
import type { Context } from 'hono';
import type { ApiError } from '../../lib/errors';

export type Open311Format = 'xml' | 'json';

export type Open311Value = string | number | boolean | null | undefined | Open311Object | XmlList;
export interface Open311Object {
  [element: string]: Open311Value;
}

/** A list: in XML, one `<itemTag>` element per item inside the parent; in JSON, an array. */
export class XmlList {
  constructor(
    readonly itemTag: string,
    readonly items: readonly Open311Value[],
  ) {}
}

export const list = (itemTag: string, items: readonly Open311Value[]) => new XmlList(itemTag, items);

export const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Element names we write: letters, digits, `_`; never from user input, but checked all the same. */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Characters XML 1.0 does not allow even escaped (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF;
 * lone surrogates). Text from a young person or a partner system may contain them; they become U+FFFD so
 * the document stays well-formed.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function leafText(value: string | number | boolean): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Open311: a number must be finite');
  return escapeXml(String(value));
}

function writeXml(tag: string, value: Open311Value, indent: string, out: string[]) {
  if (!ELEMENT_NAME.test(tag)) throw new Error(`Open311: "${tag}" is not an element name we write`);
  if (value === undefined) return;
  if (value === null || value === '') {
    out.push(`${indent}<${tag}></${tag}>`);
  } else if (value instanceof XmlList) {
    if (value.items.length === 0) {
      out.push(`${indent}<${tag}></${tag}>`);
      return;
    }
    out.push(`${indent}<${tag}>`);
    for (const item of value.items) writeXml(value.itemTag, item, `${indent}  `, out);
    out.push(`${indent}</${tag}>`);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.push(`${indent}<${tag}></${tag}>`);
      return;
    }
    out.push(`${indent}<${tag}>`);
    for (const [child, v] of entries) writeXml(child, v, `${indent}  `, out);
    out.push(`${indent}</${tag}>`);
  } else {
    out.push(`${indent}<${tag}>${leafText(value)}</${tag}>`);
  }
}

/** `<?xml …?>` and the root element, indented by two spaces. */
export function toXml(rootTag: string, value: Open311Value): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeXml(rootTag, value, '', out);
  return `${out.join('\n')}\n`;
}

function toPlain(value: Open311Value): unknown {
  if (value instanceof XmlList) return value.items.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) plain[key] = toPlain(v);
    return plain;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Open311: a number must be finite');
  return value;
}

export function toJson(value: Open311Value): string {
  return JSON.stringify(toPlain(value), null, 2);
}

/** The body and content type of one answer. The root tag is used only by XML (JSON has no root name). */
export function serialise(format: Open311Format, rootTag: string, value: Open311Value) {
  return {
    body: format === 'xml' ? toXml(rootTag, value) : toJson(value),
    contentType: CONTENT_TYPES[format],
  };
}

/** One Open311 error: `code` is the HTTP status (the spec allows a more specific code; we keep it simple). */
export interface Open311Error {
  code: number;
  description: string;
}

/** `<errors><error><code/><description/></error></errors>` or `[{ "code": 400, "description": "…" }]`. */
export function serialiseErrors(format: Open311Format, errors: readonly Open311Error[]) {
  return serialise(
    format,
    'errors',
    list(
      'error',
      errors.map((e) => ({ code: e.code, description: e.description })),
    ),
  );
}

/** A refusal from the app's request limits (429, 413 …), written as the spec's error list (format by suffix). */
export function open311Refusal(c: Context, error: ApiError): Response {
  const { body, contentType } = serialiseErrors(/\.json$/i.test(c.req.path) ? 'json' : 'xml', [
    { code: error.status, description: error.message },
  ]);
  return c.body(body, error.status, { ...error.headers, 'Content-Type': contentType, 'Cache-Control': 'no-store' });
}
