import { z } from "zod";
import { defineCommand } from "../command";
import { parseResponse } from "../http-client";
import { segment } from "../show-resource";

const secretsSchema = z.object({ primaryKey: z.string(), secondaryKey: z.string() });

export const subscriptionsKeys = defineCommand({
  words: ["subscriptions", "keys"],
  summary: "Show a subscription's primary and secondary keys (POST …/listSecrets).",
  args: ["subscriptionId"],
  options: {},
  json: true,
  async run(context, { args }) {
    const path = `/subscriptions/${segment(args.subscriptionId)}/listSecrets`;
    const response = await context.client().request("POST", path);
    if (context.json) return context.out.json(response.body);
    const keys = parseResponse(secretsSchema, response.body, `POST ${path}`);
    context.out.fields([
      ["primaryKey", keys.primaryKey],
      ["secondaryKey", keys.secondaryKey],
    ]);
  },
});
