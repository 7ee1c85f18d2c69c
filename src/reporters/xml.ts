/**
 * XML 1.0 escaping for the JUnit reporter. Characters XML cannot hold at all (C0 controls other than
 * tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF) are written visibly instead:
 * controls as `\u001b`, the others as U+FFFD.
 */
function sanitize(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if ((code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      out += '\ufffd';
    } else {
      out += char;
    }
  }
  return out;
}

const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE: Record<string, string> = {
  ...TEXT,
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Character data: `&`, `<`, `>` escaped, carriage returns kept as a reference, invalid characters made visible. */
export function xmlText(value: string): string {
  return sanitize(value).replace(/[&<>\r]/g, (c) => TEXT[c]!);
}

/** A double-quoted attribute value: quotes and whitespace that parsers would normalize escaped too. */
export function xmlAttribute(value: string): string {
  return sanitize(value).replace(/[&<>"'\r\n\t]/g, (c) => ATTRIBUTE[c]!);
}

/** `<name a="1" b="2"` (no closing bracket): attributes in the given order, undefined ones left out. */
export function openTag(name: string, attributes: Record<string, string | number | undefined>): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('');
  return `<${name}${attrs}`;
}
