import { describe, expect, it } from "vitest";
import { checkPolicyXml } from "@/gateway/policies/xml/parse-xml";

describe("checkPolicyXml accepts", () => {
  it.each([
    ["a minimal document", "<policies/>"],
    ["the APIM skeleton", "<policies><inbound><base /></inbound><backend><base /></backend><outbound /><on-error /></policies>"],
    ["an XML declaration, BOM, comments and whitespace", '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- policy -->\n<policies>\n</policies>\n<!-- end -->\n'],
    ["CDATA, processing instructions and references", "<policies><a>&lt;&gt;&amp;&quot;&apos;&#10;&#x1F600;<![CDATA[<not a tag>]]><?pi data?></a></policies>"],
    ["single-quoted attributes", "<policies><a b='1' c=\"2\"/></policies>"],
    ["expressions with generics and quotes in attributes", '<policies><when condition="@(context.Variables.GetValueOrDefault<bool>("isMobile"))"/></policies>'],
    ["expressions in text", '<policies><value>@(context.Request.Headers.GetValueOrDefault("a","<b>"))</value></policies>'],
    ["multi-statement expressions with braces in strings", '<policies><value>@{ var s = "}"; char c = \'"\'; return s + c; }</value></policies>'],
    ["verbatim strings", '<policies><value>@(@"C:\\path ""quoted""")</value></policies>'],
    ["namespaced names", '<policies xmlns:x="urn:x"><x:a x:b="1"/></policies>'],
  ])("%s", (_name, xml) => {
    expect(checkPolicyXml(xml)).toBeNull();
  });
});

describe("checkPolicyXml refuses, with line and column", () => {
  it.each([
    ["an empty document", "", 1, 1, "the document is empty: expected a <policies> element"],
    ["another root", "<inbound/>", 1, 2, "the root element must be <policies>, not <inbound>"],
    ["text before the root", "policies", 1, 1, "expected the <policies> element, found text"],
    ["a mismatched end tag", "<policies>\n  <inbound>\n  </outbound>\n</policies>", 3, 3, "expected </inbound>, found </outbound>"],
    ["an unclosed element", "<policies>\n<inbound>", 2, 1, "<inbound> is not closed: expected </inbound>"],
    ["two roots", "<policies/><policies/>", 1, 12, "only one root element is allowed"],
    ["text after the root", "<policies/>x", 1, 12, "text is not allowed after the root element"],
    ["a DOCTYPE", '<!DOCTYPE policies [<!ENTITY x "y">]><policies/>', 1, 1, "DOCTYPE declarations are not allowed"],
    ["a duplicate attribute", '<policies a="1" a="2"/>', 1, 17, "the attribute 'a' appears twice in <policies>"],
    ["an unquoted attribute", "<policies a=1/>", 1, 13, "the value of 'a' must be quoted"],
    ["attributes without whitespace", '<policies a="1"b="2"/>', 1, 16, "expected whitespace, '>' or '/>' in the start tag <policies>"],
    ["'<' in an attribute", '<policies a="<"/>', 1, 14, "'<' is not allowed in the value of 'a' (write &lt;)"],
    ["an undefined entity", "<policies>&nbsp;</policies>", 1, 11, "unknown entity &nbsp; (only &lt; &gt; &amp; &quot; &apos; and character references are defined)"],
    ["a bare ampersand", "<policies>a & b</policies>", 1, 13, "'&' must start an entity reference such as &amp; (write &amp; for a literal '&')"],
    ["an invalid character reference", "<policies>&#0;</policies>", 1, 11, "&#0; is not a valid XML character"],
    ["a control character", "<policies>\u0001</policies>", 1, 11, "character U+0001 is not allowed in XML"],
    ["'--' in a comment", "<policies><!-- a -- b --></policies>", 1, 18, "'--' is not allowed inside a comment"],
    ["an unclosed comment", "<policies><!-- a", 1, 11, "the comment is not closed: expected '-->'"],
    ["a late XML declaration", '<policies><?xml version="1.0"?></policies>', 1, 11, "the XML declaration is allowed only at the very start of the document"],
    ["']]>' in text", "<policies>]]></policies>", 1, 11, "']]>' is not allowed in text"],
    ["an unclosed expression", "<policies>@(a(b)</policies>", 1, 11, "the policy expression is not closed: expected ')'"],
    ["an expression with text after it in an attribute", '<policies a="@(x) y"/>', 1, 18, "expected \" to end the value of 'a' after its policy expression"],
    ["an unclosed string in an expression", '<policies>@("abc)</policies>', 1, 13, 'the string in the policy expression is not closed: expected "'],
  ])("%s", (_name, xml, line, column, message) => {
    expect(checkPolicyXml(xml)).toEqual({ line, column, message });
  });

  it("counts CRLF and CR line breaks once", () => {
    expect(checkPolicyXml("<policies>\r\n<a>\r</b></policies>")).toMatchObject({ line: 3, column: 1 });
  });
});
