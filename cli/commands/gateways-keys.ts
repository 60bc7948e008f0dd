import { z } from "zod";
import { defineCommand } from "../command";
import { parseResponse } from "../http-client";
import { segment } from "../show-resource";

const keysSchema = z.object({ primary: z.string(), secondary: z.string() });

export const gatewaysKeys = defineCommand({
  words: ["gateways", "keys"],
  summary: "Show a gateway's primary and secondary keys (POST …/listKeys).",
  args: ["gatewayId"],
  options: {},
  json: true,
  async run(context, { args }) {
    const path = `/gateways/${segment(args.gatewayId)}/listKeys`;
    const response = await context.client().request("POST", path);
    if (context.json) return context.out.json(response.body);
    const keys = parseResponse(keysSchema, response.body, `POST ${path}`);
    context.out.fields([
      ["primary", keys.primary],
      ["secondary", keys.secondary],
    ]);
  },
});
