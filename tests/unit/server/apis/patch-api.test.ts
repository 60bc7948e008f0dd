import { describe, expect, it } from "vitest";
import { patchApi } from "@/server/apis/patch-api";
import { putApi } from "@/server/apis/put-api";
import { ConflictError, NotFoundError } from "@/server/http/errors";
import { apiProps as props, useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("patchApi", () => {
  it("changes only the given properties, key names one by one", () => {
    putApi(temp.db, "echo", props({ description: "keep" }));
    const api = patchApi(temp.db, "echo", { serviceUrl: "ws://other:9000", subscriptionKeyParameterNames: { query: "key" } });
    expect(api).toMatchObject({
      description: "keep",
      serviceUrl: "ws://other:9000",
      subscriptionKeyHeaderName: "Ocp-Apim-Subscription-Key",
      subscriptionKeyQueryName: "key",
    });
  });

  it("throws NotFound for an unknown API and Conflict for a taken path", () => {
    putApi(temp.db, "a", props({ path: "a" }));
    putApi(temp.db, "b", props({ path: "b" }));
    expect(() => patchApi(temp.db, "nope", { description: "x" })).toThrow(new NotFoundError("API 'nope' not found."));
    expect(() => patchApi(temp.db, "b", { path: "A" })).toThrow(
      new ConflictError("An API with path 'a' already exists: 'a'.", {
        details: [{ target: "properties.path", message: "is already used by the API 'Echo' (a)" }],
      }),
    );
  });
});
