import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from './test-helpers/parse-xml.js';
import { openTag, xmlAttribute, xmlText } from './xml.js';

describe('parseXml (test helper) accepts only well-formed XML', () => {
  it.each([
    ['<a/>', 'a'],
    ['<?xml version="1.0" encoding="UTF-8"?>\n<a x="1" y=\'2\'><b/>t&amp;&#60;&#x3e;</a>\n', 'a'],
    ['<!-- c --><a><!-- d --></a>', 'a'],
  ])('%j', (source, root) => {
    expect(parseXml(source).name).toBe(root);
  });

  it.each([
    ['', /expected "<"/],
    ['<a>', /unclosed element <a>/],
    ['<a></b>', /<\/b> closes <a>/],
    ['<a x="1" x="2"/>', /duplicate attribute x/],
    ['<a x=1/>', /quoted attribute value/],
    ['<a x="<"/>', /"<" in an attribute value/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a>& b</a>', /expected a name/],
    ['<a>&#1;</a>', /not allowed in XML/],
    ['<a>\u0001</a>', /U\+1 .* not allowed/],
    ['<a/><b/>', /content after the root/],
    ['<a>]]></a>', /"]]>" in text/],
    ['<a x="1"y="2"/>', /whitespace before an attribute/],
  ])('rejects %j', (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlError);
    expect(() => parseXml(source)).toThrow(message);
  });
});

describe('XML escaping round-trips through a strict parser', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['<tag> & "q" \'a\'', '<tag> & "q" \'a\'', '<tag> & "q" \'a\''],
    ['line1\nline2\ttab\r', 'line1\nline2\ttab\r', 'line1\nline2\ttab\r'],
    ['ansi \u001b[31mred\u001b[0m', 'ansi \\u001b[31mred\\u001b[0m', 'ansi \\u001b[31mred\\u001b[0m'],
    ['nul\u0000 bell\u0007 vt\u000b', 'nul\\u0000 bell\\u0007 vt\\u000b', 'nul\\u0000 bell\\u0007 vt\\u000b'],
    ['lone \ud800 surrogate, \uffff', 'lone \ufffd surrogate, \ufffd', 'lone \ufffd surrogate, \ufffd'],
    ['emoji 😀 ok', 'emoji 😀 ok', 'emoji 😀 ok'],
    [']]> end', ']]> end', ']]> end'],
  ])('%j', (input, attribute, text) => {
    const doc = parseXml(`${openTag('e', { v: input })}>${xmlText(input)}</e>`);
    expect(doc.attributes.v).toBe(attribute);
    expect(doc.text).toBe(text);
  });

  it('leaves undefined attributes out and keeps their order', () => {
    expect(openTag('t', { b: 1, a: undefined, c: 'x' })).toBe('<t b="1" c="x"');
    expect(xmlAttribute('a\nb')).toBe('a&#10;b');
  });
});
