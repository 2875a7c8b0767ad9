/**
 * A small, strict XML 1.0 parser for tests: it throws on anything that is not well-formed (one root, tags
 * nested and closed in order, attributes quoted and unique, only the five predefined entities and valid
 * character references, no `<` or stray `&` in text, no characters XML forbids) and returns the tree.
 * No DTDs (we never write one). Enough to check what the API writes, without a dependency.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

export class XmlError extends Error {}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function checkChars(text: string) {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // a lone surrogate comes out of the iterator as itself (0xD800–0xDFFF)
    if (!isXmlChar(cp))
      throw new XmlError(`character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
  }
}

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new XmlError(`"<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`unterminated reference "${whole}" in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new XmlError(`unknown entity "&${ref};" in ${where}`);
    const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2]!, 10);
    if (!isXmlChar(cp)) throw new XmlError(`character reference to a forbidden character in ${where}`);
    return String.fromCodePoint(cp);
  });
}

export function parseXml(source: string): XmlElement {
  checkChars(source);
  let pos = 0;
  const rest = () => source.slice(pos);
  const skipSpace = () => {
    const m = /^[ \t\r\n]*/.exec(rest())!;
    pos += m[0].length;
  };

  // the XML declaration, only at the very start
  const decl =
    /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][-A-Za-z0-9._]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/.exec(
      source,
    );
  if (decl) pos = decl[0].length;
  else if (source.startsWith('<?xml')) throw new XmlError('malformed XML declaration');

  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (rest().startsWith('<!--')) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        if (source.slice(pos + 4, end).includes('--')) throw new XmlError('"--" inside a comment');
        pos = end + 3;
      } else if (rest().startsWith('<?')) {
        const end = source.indexOf('?>', pos);
        if (end < 0) throw new XmlError('unterminated processing instruction');
        if (/^<\?xml[ \t\r\n?]/i.test(rest())) throw new XmlError('XML declaration not at the start');
        pos = end + 2;
      } else if (rest().startsWith('<!DOCTYPE')) {
        throw new XmlError('DOCTYPE is not expected');
      } else return;
    }
  };

  function parseElement(): XmlElement {
    if (source[pos] !== '<') throw new XmlError(`expected "<" at ${pos}`);
    pos++;
    const nameMatch = NAME.exec(rest());
    if (!nameMatch) throw new XmlError(`bad element name at ${pos}`);
    const element: XmlElement = { name: nameMatch[0], attributes: {}, children: [] };
    pos += nameMatch[0].length;
    for (;;) {
      const before = pos;
      skipSpace();
      if (rest().startsWith('/>')) {
        pos += 2;
        return element;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) throw new XmlError(`expected whitespace before an attribute in <${element.name}>`);
      const attr = /^([A-Za-z_:][-A-Za-z0-9_:.]*)[ \t\r\n]*=[ \t\r\n]*("([^"]*)"|'([^']*)')/.exec(rest());
      if (!attr) throw new XmlError(`malformed attribute in <${element.name}> at ${pos}`);
      const attrName = attr[1]!;
      if (attrName in element.attributes) throw new XmlError(`attribute "${attrName}" twice in <${element.name}>`);
      element.attributes[attrName] = decode(attr[3] ?? attr[4] ?? '', `attribute ${attrName}`);
      pos += attr[0].length;
    }
    // content
    for (;;) {
      if (pos >= source.length) throw new XmlError(`<${element.name}> is not closed`);
      if (rest().startsWith('</')) {
        pos += 2;
        const close = NAME.exec(rest());
        if (!close || close[0] !== element.name) throw new XmlError(`</${close?.[0] ?? '?'}> closes <${element.name}>`);
        pos += close[0].length;
        skipSpace();
        if (source[pos] !== '>') throw new XmlError(`malformed end tag </${element.name}`);
        pos++;
        return element;
      }
      if (rest().startsWith('<!--')) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        pos = end + 3;
      } else if (rest().startsWith('<![CDATA[')) {
        const end = source.indexOf(']]>', pos);
        if (end < 0) throw new XmlError('unterminated CDATA section');
        element.children.push(source.slice(pos + 9, end));
        pos = end + 3;
      } else if (rest().startsWith('<?')) {
        const end = source.indexOf('?>', pos);
        if (end < 0) throw new XmlError('unterminated processing instruction');
        pos = end + 2;
      } else if (source[pos] === '<') {
        element.children.push(parseElement());
      } else {
        const next = source.indexOf('<', pos);
        const raw = source.slice(pos, next < 0 ? source.length : next);
        if (raw.includes(']]>')) throw new XmlError('"]]>" in text');
        element.children.push(decode(raw, `text of <${element.name}>`));
        pos += raw.length;
      }
    }
  }

  skipMisc();
  const root = parseElement();
  skipMisc();
  if (pos !== source.length) throw new XmlError(`content after the root element at ${pos}`);
  return root;
}

/** Child elements (text between them ignored), optionally only those with a name. */
export const elements = (el: XmlElement, name?: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));

/** The one child element with this name (throws when there is none or several). */
export function child(el: XmlElement, name: string): XmlElement {
  const found = elements(el, name);
  if (found.length !== 1) throw new XmlError(`<${el.name}> has ${found.length} <${name}> children`);
  return found[0]!;
}

/** All text inside an element. */
export const text = (el: XmlElement): string => el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');

/** The names of the child elements, in order. */
export const childNames = (el: XmlElement): string[] => elements(el).map((e) => e.name);
