import type { CommandContext } from "../command";
import { defineCommand } from "../command";
import { segment, showResource } from "../show-resource";

async function showGateway(context: CommandContext, gatewayId: string): Promise<void> {
  const client = context.client();
  const gateway = await client.getResource(`/gateways/${segment(gatewayId)}`);
  if (context.json) return context.out.json(gateway);
  const apis = await client.listResources(`/gateways/${segment(gatewayId)}/apis`);
  const instances = (await client.request("GET", `/gateways/${segment(gatewayId)}/instances`)).body as { value?: { host: string; instanceId: string; lastHeartbeatAt: string; stale: boolean }[] };
  showResource(context, gateway, [
    ["apis", apis.map((a) => a.name)],
    ["instances", (instances.value ?? []).map((i) => `${i.host} (${i.instanceId}, ${i.stale ? "stale" : "live"}, last heartbeat ${i.lastHeartbeatAt})`)],
  ]);
}

export const gatewaysShow = defineCommand({
  words: ["gateways", "show"],
  summary: "Show one gateway, the APIs it serves and its instances.",
  args: ["gatewayId"],
  options: {},
  json: true,
  run: (context, { args }) => showGateway(context, args.gatewayId),
});

/** `gateways get`: the same as `gateways show`, under the verb APIM's CLIs use. */
export const gatewaysGet = defineCommand({
  words: ["gateways", "get"],
  summary: "Same as gateways show.",
  args: ["gatewayId"],
  options: {},
  json: true,
  run: (context, { args }) => showGateway(context, args.gatewayId),
});
