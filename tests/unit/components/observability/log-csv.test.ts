import { describe, expect, it } from "vitest";
import { LOG_COLUMNS, logsToCsv } from "@/components/observability/log-csv";
import { gatewayLogContractSchema, type GatewayLogContract } from "@/server/logs/log.schemas";

function row(values: Partial<GatewayLogContract>): GatewayLogContract {
  const empty = Object.fromEntries(Object.keys(gatewayLogContractSchema.shape).map((key) => [key, null]));
  return { ...empty, id: "l1", time: "2025-03-01T10:00:00.000Z", gatewayId: "managed", callerIp: "10.0.0.1", method: "GET", url: "/echo", responseCode: 101, totalTime: 3, ...values } as GatewayLogContract;
}

describe("the logs' CSV export (README: Gateway logs … exports the matches as CSV)", () => {
  it("has a header with every column of a log row, and one CRLF-ended line per row, nulls empty", () => {
    expect([...LOG_COLUMNS].sort()).toEqual(Object.keys(gatewayLogContractSchema.shape).sort());
    const lines = logsToCsv([row({}), row({ id: "l2" })]).split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(LOG_COLUMNS.join(","));
    expect(lines[1]!.split(",")[LOG_COLUMNS.indexOf("url")]).toBe("/echo");
    expect(lines[1]!.split(",")[LOG_COLUMNS.indexOf("closeReason")]).toBe("");
    expect(lines[3]).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    const csv = logsToCsv([row({ lastErrorMessage: 'Backend answered 500, "oops"\nbye' })]);
    expect(csv).toContain(',"Backend answered 500, ""oops""\nbye",');
  });

  it("defuses cells a spreadsheet would run as a formula, such as a client's close reason", () => {
    const csv = logsToCsv([row({ closeReason: '=HYPERLINK("http://evil.example","x")', lastErrorMessage: "+1", closedBy: "client" })]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain(",'+1,");
    expect(csv).toContain(",client,");
  });
});
