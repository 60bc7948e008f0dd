import { PayloadTooLargeError, ValidationError } from "@/server/http/errors";

/**
 * The request's JSON body, read no further than `maxBytes`: PayloadTooLargeError past it
 * (by Content-Length before reading, or while reading a body that did not say), ValidationError
 * when it is not JSON.
 */
export async function readCappedJson(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new PayloadTooLargeError(`The request body must be at most ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ValidationError("The request body must be JSON.", { details: [{ target: "body", message: "is not valid JSON" }] });
  }
}
