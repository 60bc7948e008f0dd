/**
 * `<authentication-basic username password />`: sends the backend
 * `Authorization: Basic base64(username:password)` (RFC 7617, UTF-8), replacing any
 * Authorization header the client sent. A username cannot contain ':' (the password would
 * start early): refused when saved, or, from an expression, at the handshake with 500.
 */
import { expressionFailure } from "./dynamic-values";
import { isExpression } from "./expressions/compile-expression";
import { CONTINUE, definePolicy, type Dynamic } from "./policy";

const NAME = "authentication-basic";

interface AuthenticationBasicConfig {
  username: Dynamic<string>;
  password: Dynamic<string>;
}

export const authenticationBasic = definePolicy<AuthenticationBasicConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const { username, password } = reader.attributes(element, {
      username: { type: "string", required: true, dynamic: true },
      password: { type: "string", required: true, dynamic: true },
    });
    const usernameAttribute = element.attributes.find((a) => a.name === "username");
    if (usernameAttribute !== undefined && !isExpression(usernameAttribute.value) && usernameAttribute.value.includes(":")) {
      reader.error(usernameAttribute, "'username' of <authentication-basic> cannot contain ':' (Basic authentication separates the username from the password with it)");
      return null;
    }
    if (username === undefined || password === undefined) return null;
    return { username, password };
  },
  apply(config, ctx) {
    const username = config.username(ctx);
    if (username.includes(":")) return expressionFailure(NAME, "authentication-basic: the username expression gave a value containing ':'");
    ctx.request.headers.set("Authorization", [`Basic ${base64Utf8(`${username}:${config.password(ctx)}`)}`]);
    return CONTINUE;
  },
});

/** Base64 of the UTF-8 bytes of `text`, without Node's Buffer (this file runs in the browser too). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
