/** The palette's `<check-header>`: a required request header, optionally with allowed values. */
import { element, textElement } from "./xml-writer";

export interface CheckHeaderInput {
  name: string;
  failedCheckHttpCode: number;
  failedCheckErrorMessage: string;
  ignoreCase: boolean;
  values: string[];
}

export const CHECK_HEADER_DEFAULTS: CheckHeaderInput = {
  name: "",
  failedCheckHttpCode: 401,
  failedCheckErrorMessage: "",
  ignoreCase: true,
  values: [],
};

/** `<check-header>`: the header must be present and, with values, hold one of them. */
export function checkHeaderXml(input: CheckHeaderInput): string {
  return element(
    "check-header",
    [
      ["name", input.name.trim()],
      ["failed-check-httpcode", input.failedCheckHttpCode],
      ["failed-check-error-message", input.failedCheckErrorMessage],
      ["ignore-case", input.ignoreCase],
    ],
    input.values.map((v) => v.trim()).filter(Boolean).map((v) => textElement("value", v)),
  );
}
