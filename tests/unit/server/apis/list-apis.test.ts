import { describe, expect, it } from "vitest";
import { listApis } from "@/server/apis/list-apis";
import { putApi } from "@/server/apis/put-api";
import { apiProps as props, useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("listApis with a path filter", () => {
  it("finds the one API with that path, ignoring case, and counts only matches", () => {
    putApi(temp.db, "a", props({ path: "chat/v1" }));
    putApi(temp.db, "b", props({ path: "chat/v2" }));
    const found = listApis(temp.db, { top: 10, skip: 0 }, { path: "CHAT/v1" });
    expect(found.items.map((api) => api.id)).toEqual(["a"]);
    expect(found.count).toBe(1);
    expect(listApis(temp.db, { top: 10, skip: 0 }, { path: "chat" })).toEqual({ items: [], count: 0 });
  });
});

describe("listApis", () => {
  it("pages by id", () => {
    for (const id of ["c", "a", "b"]) putApi(temp.db, id, props({ path: id }));
    const page = listApis(temp.db, { top: 2, skip: 1 });
    expect(page.items.map((a) => a.id)).toEqual(["b", "c"]);
    expect(page.count).toBe(3);
  });
});
