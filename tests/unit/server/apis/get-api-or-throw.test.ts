import { describe, expect, it } from "vitest";
import { getApiOrThrow } from "@/server/apis/get-api-or-throw";
import { listApiOperations } from "@/server/apis/list-api-operations";
import { NotFoundError } from "@/server/http/errors";
import { useTempDb } from "./api-fixture";

const temp = useTempDb();

describe("getApiOrThrow", () => {
  it("throws NotFound for an unknown id", () => {
    expect(() => getApiOrThrow(temp.db, "missing")).toThrow(new NotFoundError("API 'missing' not found."));
    expect(() => listApiOperations(temp.db, "missing")).toThrow(NotFoundError);
  });
});
