import { buildOpenApiDocument } from "@/server/openapi/build-openapi-document";

// The document describes the API, not its data: public, like APIM's exported specifications.
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** GET /api/management/openapi.json: the OpenAPI 3.1 description of this API; no credentials needed. */
export function GET(): Response {
  document ??= buildOpenApiDocument();
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
