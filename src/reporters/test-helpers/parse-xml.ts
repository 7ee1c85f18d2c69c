/**
 * A small strict XML 1.0 parser for tests: it accepts only well-formed documents (one root, matched
 * tags, quoted unique attributes, `&` only in the five named or numeric references, no `<` in text or
 * attribute values, only characters XML allows) and returns the element tree with decoded text.
 * Hand-written scanner, no regular expressions, so it cannot share a blind spot with the escaper.
 * Throws `XmlError` with the offset of the first problem. No DTDs, no CDATA, no namespaces checks.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside the element, concatenated. */
  text: string;
}

export class XmlError extends Error {}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const isNameStart = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':' || c > '\u00bf';
const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string, hex: boolean) =>
  (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));

export function parseXml(source: string): XmlElement {
  for (let i = 0; i < source.length; i++) {
    const code = source.codePointAt(i)!;
    if (!isXmlChar(code))
      throw new XmlError(`character U+${code.toString(16)} at ${i} is not allowed in XML`);
    if (code > 0xffff) i++;
  }
  let pos = 0;
  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${pos}: ${JSON.stringify(source.slice(pos, pos + 30))}`);
  };
  const startsWith = (s: string) => source.startsWith(s, pos);
  const expect = (s: string) => {
    if (!startsWith(s)) fail(`expected ${JSON.stringify(s)}`);
    pos += s.length;
  };
  const skipSpace = () => {
    while (isSpace(source[pos])) pos++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (!startsWith('<!--')) return;
      const end = source.indexOf('-->', pos + 4);
      if (end === -1) fail('unterminated comment');
      pos = end + 3;
    }
  };
  const name = (): string => {
    const start = pos;
    if (pos >= source.length || !isNameStart(source[pos]!)) fail('expected a name');
    while (pos < source.length && isNameChar(source[pos]!)) pos++;
    return source.slice(start, pos);
  };
  const reference = (): string => {
    expect('&');
    if (startsWith('#')) {
      pos++;
      const hex = startsWith('x');
      if (hex) pos++;
      const start = pos;
      while (pos < source.length && isDigit(source[pos]!, hex)) pos++;
      if (pos === start) fail('empty character reference');
      const code = Number.parseInt(source.slice(start, pos), hex ? 16 : 10);
      expect(';');
      if (!isXmlChar(code)) fail(`character reference to U+${code.toString(16)}, not allowed in XML`);
      return String.fromCodePoint(code);
    }
    const entity = name();
    expect(';');
    const value = NAMED[entity];
    if (value === undefined) fail(`unknown entity &${entity};`);
    return value!;
  };
  const attributeValue = (): string => {
    const quote = source[pos];
    if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
    pos++;
    let value = '';
    for (;;) {
      const c = source[pos];
      if (c === undefined) fail('unterminated attribute value');
      if (c === quote) break;
      if (c === '<') fail('"<" in an attribute value');
      if (c === '&') value += reference();
      else {
        // Attribute-value normalization: literal whitespace becomes a space.
        value += isSpace(c) ? ' ' : c;
        pos++;
      }
    }
    pos++;
    return value;
  };
  const element = (): XmlElement => {
    expect('<');
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(source[pos]);
      skipSpace();
      if (startsWith('/>')) {
        pos += 2;
        return el;
      }
      if (startsWith('>')) {
        pos++;
        break;
      }
      if (!hadSpace) fail('expected whitespace before an attribute');
      const key = name();
      if (Object.hasOwn(el.attributes, key)) fail(`duplicate attribute ${key}`);
      skipSpace();
      expect('=');
      skipSpace();
      el.attributes[key] = attributeValue();
    }
    for (;;) {
      if (pos >= source.length) fail(`unclosed element <${el.name}>`);
      if (startsWith('</')) {
        pos += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        expect('>');
        return el;
      }
      if (startsWith('<!--')) {
        skipMisc();
        continue;
      }
      if (startsWith('<![CDATA[') || startsWith('<!') || startsWith('<?')) fail('unsupported markup');
      if (startsWith('<')) {
        el.children.push(element());
        continue;
      }
      if (startsWith(']]>')) fail('"]]>" in text');
      if (startsWith('&')) {
        el.text += reference();
        continue;
      }
      el.text += source[pos];
      pos++;
    }
  };

  if (startsWith('\ufeff')) pos++;
  if (startsWith('<?xml')) {
    const end = source.indexOf('?>', pos);
    if (end === -1) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** Child elements with a given name. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);
