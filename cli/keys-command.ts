import { z } from "zod";
import { defineCommand, type Command } from "./command";
import { parseResponse } from "./http-client";
import { segment } from "./show-resource";

export interface KeysCommandSpec<A extends string> {
  /** The collection's word and path segment: `gateways` makes `gateways keys` and `/gateways/…`. */
  noun: string;
  summary: string;
  /** The resource's argument name (`gatewayId`). */
  arg: A;
  /** The POST action after the resource (`listKeys`). */
  action: string;
  /** The two key fields of the response, printed in this order. */
  fields: readonly [string, string];
}

/** `<noun> keys <id>`: POSTs `/<noun>/<id>/<action>` and prints the body with --json, else its two keys. */
export function defineKeysCommand<const A extends string>(spec: KeysCommandSpec<A>): Command<A, Record<never, never>> {
  const [first, second] = spec.fields;
  const keysSchema = z.object({ [first]: z.string(), [second]: z.string() });
  return defineCommand({
    words: [spec.noun, "keys"],
    summary: spec.summary,
    args: [spec.arg],
    options: {},
    json: true,
    async run(context, { args }) {
      const path = `/${spec.noun}/${segment(args[spec.arg])}/${spec.action}`;
      const response = await context.client().request("POST", path);
      if (context.json) return context.out.json(response.body);
      const keys = parseResponse(keysSchema, response.body, `POST ${path}`) as Record<string, string>;
      context.out.fields([
        [first, keys[first]],
        [second, keys[second]],
      ]);
    },
  });
}
