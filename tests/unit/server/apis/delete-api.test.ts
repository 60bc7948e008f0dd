import { describe, expect, it } from "vitest";
import { deleteApi } from "@/server/apis/delete-api";
import { putApi } from "@/server/apis/put-api";
import { apiProps as props, useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("deleteApi", () => {
  it("deletes an API with its API-scope policy and reports a miss", () => {
    putApi(temp.db, "echo", props());
    temp.db.$client.prepare("INSERT INTO policies (scope, scope_id, value, updated_at) VALUES ('api', 'echo', '<policies/>', 0)").run();
    expect(deleteApi(temp.db, "echo")).toBe(true);
    expect(deleteApi(temp.db, "echo")).toBe(false);
    expect(temp.db.$client.prepare("SELECT count(*) AS n FROM policies").get()).toEqual({ n: 0 });
  });
});
