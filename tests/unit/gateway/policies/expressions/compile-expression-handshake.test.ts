import { describe, expect, it } from "vitest";
import { compileExpression } from "@/gateway/policies/expressions/compile-expression";
import { fakeContext, run } from "./compile-expression-fixture";

describe("reading the handshake", () => {
  it("reads the request's address, method and URL parts", () => {
    expect(run("@(context.Request.IpAddress)")).toBe("203.0.113.7");
    expect(run("@(context.Request.Method)")).toBe("GET");
    expect(run("@(context.Request.Url.Scheme)")).toBe("wss");
    expect(run("@(context.Request.Url.Host)")).toBe("gw.example.com");
    expect(run("@(context.Request.Url.Path)")).toBe("/chat/rooms");
  });

  it("reads the API, product, subscription and user", () => {
    expect(run("@(context.Api.Id)")).toBe("chat");
    expect(run("@(context.Api.Path)")).toBe("chat");
    expect(run("@(context.Api.Name)")).toBe("Chat API");
    expect(run("@(context.Product.Id)")).toBe("starter");
    expect(run("@(context.Product.Name)")).toBe("Starter");
    expect(run("@(context.Subscription.Id)")).toBe("sub-1");
    expect(run("@(context.Subscription.Key)")).toBe("k-123");
    expect(run("@(context.Subscription.Name)")).toBe("Alice's key");
    expect(run("@(context.User.Id)")).toBe("u-1");
    expect(run("@(context.User.Email)")).toBe("alice@example.com");
  });

  it("reads members of a missing subscription, user or product as null instead of throwing as APIM does", () => {
    const anonymous = fakeContext({ subscription: null, user: null, product: null });
    expect(run("@(context.Subscription.Key)", anonymous)).toBeNull();
    expect(run("@(context.User.Email)", anonymous)).toBeNull();
    expect(run("@(context.Product.Name)", anonymous)).toBeNull();
    expect(run('@(context.User.Email ?? "anonymous")', anonymous)).toBe("anonymous");
  });

  it("accepts ?. as C# writes a null-safe read, with the same meaning as .", () => {
    expect(run("@(context.User?.Email)", fakeContext({ user: null }))).toBeNull();
    expect(run("@(context.User?.Email?.ToUpper())")).toBe("ALICE@EXAMPLE.COM");
  });

  it("reads headers by case-insensitive name, with the default or null when missing", () => {
    const ctx = fakeContext({ headers: { "X-Tenant": "acme" } });
    expect(run('@(context.Request.Headers.GetValueOrDefault("x-tenant", "none"))', ctx)).toBe("acme");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-TENANT"))', ctx)).toBe("acme");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-Region", "eu"))', ctx)).toBe("eu");
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-Region"))', ctx)).toBeNull();
  });

  it("reads query parameters by case-sensitive name, with the default or null when missing", () => {
    const ctx = fakeContext({ query: { room: "lobby" } });
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("room", "none"))', ctx)).toBe("lobby");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("Room", "none"))', ctx)).toBe("none");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("Room"))', ctx)).toBeNull();
  });

  it("reads a header whose name is computed", () => {
    const ctx = fakeContext({ headers: { "X-Acme-Id": "7" } });
    expect(run('@(context.Request.Headers.GetValueOrDefault("X-" + "Acme" + "-Id"))', ctx)).toBe("7");
  });

  it("reads typed variables, giving the default argument when missing", () => {
    const ctx = fakeContext({ variables: { tenant: "acme", retries: 3, trusted: true } });
    expect(run('@(context.Variables.GetValueOrDefault<string>("tenant"))', ctx)).toBe("acme");
    expect(run('@(context.Variables.GetValueOrDefault<int>("retries"))', ctx)).toBe(3);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("trusted"))', ctx)).toBe(true);
    expect(run('@(context.Variables.GetValueOrDefault<string>("region", "eu"))', ctx)).toBe("eu");
    expect(run('@(context.Variables.GetValueOrDefault<int>("missing", 5))', ctx)).toBe(5);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("missing", true))', ctx)).toBe(true);
  });

  it("gives C#'s default(T) for a missing variable without a default argument", () => {
    expect(run('@(context.Variables.GetValueOrDefault<string>("missing"))')).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<int>("missing"))')).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<bool>("missing"))')).toBe(false);
  });

  it("gives the default for a variable of another type (APIM would throw an invalid cast)", () => {
    const ctx = fakeContext({ variables: { n: "5", s: 5, huge: 2 ** 40, half: 1.5, object: { a: 1 } } });
    expect(run('@(context.Variables.GetValueOrDefault<int>("n", 7))', ctx)).toBe(7);
    expect(run('@(context.Variables.GetValueOrDefault<string>("s"))', ctx)).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<int>("huge"))', ctx)).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<int>("half"))', ctx)).toBe(0);
    expect(run('@(context.Variables.GetValueOrDefault<string>("object", "x"))', ctx)).toBe("x");
  });

  it("infers the variable's type from a typed default, as C# does without <T>", () => {
    const ctx = fakeContext({ variables: { tenant: "acme", retries: 3 } });
    expect(run('@(context.Variables.GetValueOrDefault("tenant", "none"))', ctx)).toBe("acme");
    expect(run('@(context.Variables.GetValueOrDefault("retries", 0) + 1)', ctx)).toBe(4);
  });

  it("finds no variable, header or query parameter under Object.prototype's names", () => {
    expect(run('@(context.Variables.GetValueOrDefault<string>("__proto__"))')).toBeNull();
    expect(run('@(context.Variables.GetValueOrDefault<string>("constructor", "none"))')).toBe("none");
    expect(run('@(context.Request.Url.Query.GetValueOrDefault("toString"))')).toBeNull();
  });

  it("compiles once and evaluates against each handshake it is given", () => {
    const result = compileExpression('@(context.Request.Headers.GetValueOrDefault("X-Tenant", "none"))');
    if (!result.ok) throw new Error(result.message);
    expect(result.evaluate(fakeContext({ headers: { "X-Tenant": "a" } }))).toBe("a");
    expect(result.evaluate(fakeContext({ headers: { "X-Tenant": "b" } }))).toBe("b");
    expect(result.evaluate(fakeContext())).toBe("none");
  });
});
