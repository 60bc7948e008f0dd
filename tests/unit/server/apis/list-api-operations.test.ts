import { describe, expect, it } from "vitest";
import { listApiOperations } from "@/server/apis/list-api-operations";
import { putApi } from "@/server/apis/put-api";
import { apiProps as props, useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("listApiOperations", () => {
  it("lists the single onHandshake operation", () => {
    putApi(temp.db, "echo", props());
    expect(listApiOperations(temp.db, "echo")).toEqual([
      {
        id: "/apis/echo/operations/onHandshake",
        name: "onHandshake",
        properties: { displayName: "onHandshake", method: "GET", urlTemplate: "/" },
      },
    ]);
  });
});
