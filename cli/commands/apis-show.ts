import { defineCommand } from "../command";
import { segment, showResource } from "../show-resource";

export const apisShow = defineCommand({
  words: ["apis", "show"],
  summary: "Show one API.",
  args: ["apiId"],
  options: {},
  json: true,
  async run(context, { args }) {
    showResource(context, await context.client().getResource(`/apis/${segment(args.apiId)}`));
  },
});
