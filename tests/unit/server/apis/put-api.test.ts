import { describe, expect, it } from "vitest";
import { deleteApi } from "@/server/apis/delete-api";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { countApis } from "@/server/apis/list-apis";
import { patchApi } from "@/server/apis/patch-api";
import { putApi } from "@/server/apis/put-api";
import { toApiContract } from "@/server/apis/to-api-contract";
import { ConflictError } from "@/server/http/errors";
import { configRevision } from "@/tests/helpers/temp-db";
import { apiProps as props, useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("putApi", () => {
  it("creates, then replaces every property", () => {
    expect(putApi(temp.db, "echo", props({ description: "first" })).created).toBe(true);
    const { api, created } = putApi(temp.db, "echo", props({ displayName: "Echo 2", protocols: ["wss"] }));
    expect(created).toBe(false);
    expect(toApiContract(api)).toEqual({
      id: "/apis/echo",
      name: "echo",
      properties: {
        displayName: "Echo 2",
        description: "",
        type: "websocket",
        serviceUrl: "wss://echo.example.com",
        path: "echo",
        protocols: ["wss"],
        subscriptionRequired: true,
        subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key", query: "subscription-key" },
      },
    });
  });

  it("refuses a path another API has, ignoring case", () => {
    putApi(temp.db, "chat", props({ path: "chat/v1" }));
    expect(() => putApi(temp.db, "chat-2", props({ path: "Chat/V1" }))).toThrow(
      new ConflictError("An API with path 'chat/v1' already exists: 'chat'.", {
        details: [{ target: "properties.path", message: "is already used by the API 'Echo' (chat)" }],
      }),
    );
    expect(countApis(temp.db)).toBe(1);
  });

  it("lets an API keep its own path on replace", () => {
    putApi(temp.db, "echo", props());
    expect(putApi(temp.db, "echo", props({ path: "ECHO" })).api.path).toBe("ECHO");
  });

  it("assigns no gateway: the managed one serves every API", () => {
    putApi(temp.db, "echo", props());
    expect(temp.db.$client.prepare("SELECT count(*) AS n FROM gateway_apis").get()).toEqual({ n: 0 });
  });

  it("bumps config_revision on every write", () => {
    const before = configRevision(temp.db);
    putApi(temp.db, "echo", props());
    patchApi(temp.db, "echo", { description: "x" });
    deleteApi(temp.db, "echo");
    expect(configRevision(temp.db)).toBe(before + 3);
  });
});

describe("putApi with createOnly", () => {
  it("creates a new API but never replaces an existing one", () => {
    expect(putApi(temp.db, "echo", props(), { createOnly: true }).created).toBe(true);
    expect(() => putApi(temp.db, "echo", props({ displayName: "Other", path: "other" }), { createOnly: true })).toThrow(
      new ConflictError("An API named 'echo' already exists.", {
        details: [{ target: "name", message: "is already used by the API 'Echo'" }],
      }),
    );
    expect(getApiOrThrow(temp.db, "echo").displayName).toBe("Echo");
  });
});
