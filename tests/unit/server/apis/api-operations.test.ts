import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiPropertiesSchema, type ApiProperties } from "@/server/apis/api.schemas";
import { deleteApi } from "@/server/apis/delete-api";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { countApis, listApis } from "@/server/apis/list-apis";
import { listApiOperations } from "@/server/apis/list-api-operations";
import { patchApi } from "@/server/apis/patch-api";
import { putApi } from "@/server/apis/put-api";
import { toApiContract } from "@/server/apis/to-api-contract";
import { ConflictError, NotFoundError } from "@/server/http/errors";
import { configRevision, openTempDb } from "../temp-db";

let temp: ReturnType<typeof openTempDb>;
let db: Db;
beforeEach(() => {
  temp = openTempDb();
  db = temp.db;
});
afterEach(() => temp.close());

const props = (overrides: Partial<ApiProperties> = {}): ApiProperties =>
  apiPropertiesSchema.parse({ displayName: "Echo", serviceUrl: "wss://echo.example.com", path: "echo", ...overrides });

describe("putApi", () => {
  it("creates, then replaces every property", () => {
    expect(putApi(db, "echo", props({ description: "first" })).created).toBe(true);
    const { api, created } = putApi(db, "echo", props({ displayName: "Echo 2", protocols: ["wss"] }));
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
    putApi(db, "chat", props({ path: "chat/v1" }));
    expect(() => putApi(db, "chat-2", props({ path: "Chat/V1" }))).toThrow(
      new ConflictError("An API with path 'chat/v1' already exists: 'chat'.", {
        details: [{ target: "properties.path", message: "is already used by the API 'Echo' (chat)" }],
      }),
    );
    expect(countApis(db)).toBe(1);
  });

  it("lets an API keep its own path on replace", () => {
    putApi(db, "echo", props());
    expect(putApi(db, "echo", props({ path: "ECHO" })).api.path).toBe("ECHO");
  });

  it("assigns no gateway: the managed one serves every API", () => {
    putApi(db, "echo", props());
    expect(db.$client.prepare("SELECT count(*) AS n FROM gateway_apis").get()).toEqual({ n: 0 });
  });

  it("bumps config_revision on every write", () => {
    const before = configRevision(db);
    putApi(db, "echo", props());
    patchApi(db, "echo", { description: "x" });
    deleteApi(db, "echo");
    expect(configRevision(db)).toBe(before + 3);
  });
});

describe("patchApi", () => {
  it("changes only the given properties, key names one by one", () => {
    putApi(db, "echo", props({ description: "keep" }));
    const api = patchApi(db, "echo", { serviceUrl: "ws://other:9000", subscriptionKeyParameterNames: { query: "key" } });
    expect(api).toMatchObject({
      description: "keep",
      serviceUrl: "ws://other:9000",
      subscriptionKeyHeaderName: "Ocp-Apim-Subscription-Key",
      subscriptionKeyQueryName: "key",
    });
  });

  it("throws NotFound for an unknown API and Conflict for a taken path", () => {
    putApi(db, "a", props({ path: "a" }));
    putApi(db, "b", props({ path: "b" }));
    expect(() => patchApi(db, "nope", { description: "x" })).toThrow(new NotFoundError("API 'nope' not found."));
    expect(() => patchApi(db, "b", { path: "A" })).toThrow(
      new ConflictError("An API with path 'a' already exists: 'a'.", {
        details: [{ target: "properties.path", message: "is already used by the API 'Echo' (a)" }],
      }),
    );
  });
});

describe("putApi with createOnly", () => {
  it("creates a new API but never replaces an existing one", () => {
    expect(putApi(db, "echo", props(), { createOnly: true }).created).toBe(true);
    expect(() => putApi(db, "echo", props({ displayName: "Other", path: "other" }), { createOnly: true })).toThrow(
      new ConflictError("An API named 'echo' already exists.", {
        details: [{ target: "name", message: "is already used by the API 'Echo'" }],
      }),
    );
    expect(getApiOrThrow(db, "echo").displayName).toBe("Echo");
  });
});

describe("listApis with a path filter", () => {
  it("finds the one API with that path, ignoring case, and counts only matches", () => {
    putApi(db, "a", props({ path: "chat/v1" }));
    putApi(db, "b", props({ path: "chat/v2" }));
    const found = listApis(db, { top: 10, skip: 0 }, { path: "CHAT/v1" });
    expect(found.items.map((api) => api.id)).toEqual(["a"]);
    expect(found.count).toBe(1);
    expect(listApis(db, { top: 10, skip: 0 }, { path: "chat" })).toEqual({ items: [], count: 0 });
  });
});

describe("getApiOrThrow, listApis, deleteApi, listApiOperations", () => {
  it("throws NotFound for an unknown id", () => {
    expect(() => getApiOrThrow(db, "missing")).toThrow(new NotFoundError("API 'missing' not found."));
    expect(() => listApiOperations(db, "missing")).toThrow(NotFoundError);
  });

  it("pages by id", () => {
    for (const id of ["c", "a", "b"]) putApi(db, id, props({ path: id }));
    const page = listApis(db, { top: 2, skip: 1 });
    expect(page.items.map((a) => a.id)).toEqual(["b", "c"]);
    expect(page.count).toBe(3);
  });

  it("deletes an API with its API-scope policy and reports a miss", () => {
    putApi(db, "echo", props());
    db.$client.prepare("INSERT INTO policies (scope, scope_id, value, updated_at) VALUES ('api', 'echo', '<policies/>', 0)").run();
    expect(deleteApi(db, "echo")).toBe(true);
    expect(deleteApi(db, "echo")).toBe(false);
    expect(db.$client.prepare("SELECT count(*) AS n FROM policies").get()).toEqual({ n: 0 });
  });

  it("lists the single onHandshake operation", () => {
    putApi(db, "echo", props());
    expect(listApiOperations(db, "echo")).toEqual([
      {
        id: "/apis/echo/operations/onHandshake",
        name: "onHandshake",
        properties: { displayName: "onHandshake", method: "GET", urlTemplate: "/" },
      },
    ]);
  });
});
