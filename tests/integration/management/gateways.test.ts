/** Gateways and their API assignments through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, apiJson, createApi, DEVELOPER_TOKEN, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

describe("gateways", () => {
  it("lists the managed gateway that always exists", async () => {
    const list = await apiJson("GET", "/gateways");
    expect(list.body).toEqual({
      value: [
        {
          id: "/gateways/managed",
          name: "managed",
          properties: {
            displayName: "Managed gateway",
            description: "The gateway co-deployed with the portal",
            locationData: null,
            managed: true,
            lastHeartbeatAt: null,
          },
        },
      ],
      count: 1,
      nextLink: null,
    });
  });

  it("creates (201), replaces (200), patches, reads and deletes (200, then 204) a self-hosted gateway", async () => {
    const created = await apiJson("PUT", "/gateways/edge", { body: { properties: { displayName: "Edge" } } });
    expect(created).toEqual({
      status: 201,
      body: {
        id: "/gateways/edge",
        name: "edge",
        properties: { displayName: "Edge", description: "", locationData: null, managed: false, lastHeartbeatAt: null },
      },
    });
    expect((await api("PUT", "/gateways/edge", { body: { properties: { displayName: "Edge EU", description: "Frankfurt" } } })).status).toBe(200);
    const patched = await apiJson("PATCH", "/gateways/edge", { body: { properties: { description: "Paris" } } });
    expect(patched.body.properties).toMatchObject({ displayName: "Edge EU", description: "Paris" });
    expect((await apiJson("GET", "/gateways/edge")).body.properties.description).toBe("Paris");
    expect((await api("DELETE", "/gateways/edge")).status).toBe(200);
    expect((await api("DELETE", "/gateways/edge")).status).toBe(204);
    expect(await apiJson("GET", "/gateways/edge")).toEqual({ status: 404, body: { error: { code: "NotFound", message: "Gateway 'edge' not found." } } });
  });

  it("refuses to delete the managed gateway with 422", async () => {
    expect(await apiJson("DELETE", "/gateways/managed")).toEqual({
      status: 422,
      body: {
        error: {
          code: "UnprocessableEntity",
          message: "The managed gateway cannot be deleted: it is the gateway co-deployed with the portal and always exists.",
        },
      },
    });
    expect((await api("GET", "/gateways/managed")).status).toBe(200);
  });

  it("takes APIM's body: no display name needed, locationData kept and answered", async () => {
    const location = { name: "London office", city: "London", district: "Westminster", countryOrRegion: "United Kingdom" };
    const created = await apiJson("PUT", "/gateways/london", { body: { properties: { description: "Edge in London", locationData: location } } });
    expect(created).toEqual({
      status: 201,
      body: {
        id: "/gateways/london",
        name: "london",
        properties: { displayName: "London office", description: "Edge in London", locationData: location, managed: false, lastHeartbeatAt: null },
      },
    });
    expect((await apiJson("PUT", "/gateways/bare", { body: { properties: {} } })).body.properties).toEqual({
      displayName: "bare",
      description: "",
      locationData: null,
      managed: false,
      lastHeartbeatAt: null,
    });
    const patched = await apiJson("PATCH", "/gateways/london", { body: { properties: { locationData: null } } });
    expect(patched.body.properties).toMatchObject({ displayName: "London office", locationData: null });
  });

  it("answers 400 for a location without a name", async () => {
    expect(await apiJson("PUT", "/gateways/edge", { body: { properties: { locationData: { city: "Paris" } } } })).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "properties.locationData.name is required.",
          details: [{ target: "properties.locationData.name", message: "is required" }],
        },
      },
    });
  });

  it("lets publishers read gateways but not change them; developers get 403", async () => {
    expect((await api("GET", "/gateways", { token: PUBLISHER_TOKEN })).status).toBe(200);
    expect(await apiJson("PUT", "/gateways/edge", { token: PUBLISHER_TOKEN, body: { properties: { displayName: "E" } } })).toEqual({
      status: 403,
      body: { error: { code: "Forbidden", message: "The publisher role cannot PUT this resource; it requires administrator." } },
    });
    expect((await api("GET", "/gateways", { token: DEVELOPER_TOKEN })).status).toBe(403);
  });
});

describe("gateway APIs", () => {
  it("assigns (201, then 200), lists and unassigns (200, then 204) APIs of a self-hosted gateway, as a publisher", async () => {
    await api("PUT", "/gateways/edge", { body: { properties: { displayName: "Edge" } } });
    await createApi("echo");
    await createApi("chat");
    const assigned = await apiJson("PUT", "/gateways/edge/apis/echo", { token: PUBLISHER_TOKEN });
    expect(assigned.status).toBe(201);
    expect(assigned.body.id).toBe("/apis/echo");
    expect((await api("PUT", "/gateways/edge/apis/echo", { token: PUBLISHER_TOKEN })).status).toBe(200);
    const list = await apiJson("GET", "/gateways/edge/apis");
    expect(list.body.value.map((a: { name: string }) => a.name)).toEqual(["echo"]);
    expect((await api("DELETE", "/gateways/edge/apis/echo", { token: PUBLISHER_TOKEN })).status).toBe(200);
    expect((await api("DELETE", "/gateways/edge/apis/echo")).status).toBe(204);
    expect((await apiJson("GET", "/gateways/edge/apis")).body.count).toBe(0);
  });

  it("shows every API as served by the managed gateway, and refuses assignments there with 422", async () => {
    await createApi("echo");
    await createApi("chat");
    expect((await apiJson("GET", "/gateways/managed/apis")).body.value.map((a: { name: string }) => a.name)).toEqual(["chat", "echo"]);
    expect(await apiJson("PUT", "/gateways/managed/apis/echo")).toEqual({
      status: 422,
      body: {
        error: { code: "UnprocessableEntity", message: "The managed gateway serves every API; API assignments apply to self-hosted gateways only." },
      },
    });
  });

  it("answers 404 for an unknown gateway or API", async () => {
    await createApi("echo");
    expect((await apiJson("PUT", "/gateways/ghost/apis/echo")).body).toEqual({ error: { code: "NotFound", message: "Gateway 'ghost' not found." } });
    await api("PUT", "/gateways/edge", { body: { properties: { displayName: "Edge" } } });
    expect((await apiJson("PUT", "/gateways/edge/apis/ghost")).body).toEqual({ error: { code: "NotFound", message: "API 'ghost' not found." } });
    expect((await api("GET", "/gateways/ghost/apis")).status).toBe(404);
  });
});
