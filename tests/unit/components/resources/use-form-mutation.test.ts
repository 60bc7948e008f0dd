import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ManagementRequestError } from "@/components/admin/management-fetch";
import { DATABASE_STILL_BUSY, formErrorsFor, type FormErrors } from "@/components/resources/form-errors";
import { formMutationOptions, type FormMutationConfig } from "@/components/resources/use-form-mutation";

const FIELDS = ["displayName", "role"] as const;
type Field = (typeof FIELDS)[number];

/** Runs a form mutation as the hook does, on a bare QueryClient; returns every errors value the form was given. */
async function run<TData>(config: FormMutationConfig<string, TData, Field>, queryClient = new QueryClient()) {
  const seen: FormErrors<Field>[] = [];
  const observer = new MutationObserver(queryClient, formMutationOptions(queryClient, config, (errors) => seen.push(errors)));
  const outcome = await observer.mutate("vars").then(
    (data) => ({ ok: true as const, data }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { outcome, seen };
}

describe("formErrorsFor", () => {
  it("puts each detail beside its field and the rest above the form", () => {
    const error = new ManagementRequestError(400, "ValidationError", "One or more fields are invalid.", [
      { target: "properties.displayName", message: "must not be empty" },
      { target: "properties.expiry", message: "must be in the future" },
    ]);
    expect(formErrorsFor(error, FIELDS)).toEqual({ fields: { displayName: "Must not be empty." }, form: "properties.expiry must be in the future." });
  });

  it("says a database that stayed busy saved nothing, rather than the server's 503 text", () => {
    const busy = new ManagementRequestError(503, "DatabaseBusy", "The database is busy (another process holds a write lock); retry shortly.");
    expect(formErrorsFor(busy, FIELDS)).toEqual({ fields: {}, form: DATABASE_STILL_BUSY });
    expect(DATABASE_STILL_BUSY).toBe("The database stayed busy, so nothing was saved. Send the form again in a moment.");
  });

  it("says the portal could not be reached when the request never got an answer", () => {
    expect(formErrorsFor(new TypeError("Failed to fetch"), FIELDS)).toEqual({ fields: {}, form: "The portal could not be reached. Check your connection and try again." });
  });
});

describe("formMutationOptions (useFormMutation's behaviour)", () => {
  it("clears the errors when it starts, refetches the listed queries, then calls onSuccess", async () => {
    const queryClient = new QueryClient();
    const order: string[] = [];
    let fetches = 0;
    const list = new QueryObserver(queryClient, {
      queryKey: ["things"],
      queryFn: async () => {
        fetches++;
        order.push(`fetch ${fetches}`);
        return [];
      },
    });
    const unsubscribe = list.subscribe(() => {});
    await list.refetch();

    const { outcome, seen } = await run(
      {
        mutationFn: async (v) => `saved ${v}`,
        fields: FIELDS,
        invalidate: [["things"]],
        onSuccess: (data) => {
          order.push(`onSuccess ${data}`);
        },
      },
      queryClient,
    );
    unsubscribe();

    expect(outcome).toEqual({ ok: true, data: "saved vars" });
    expect(seen).toEqual([{ fields: {}, form: null }]);
    expect(order).toEqual(["fetch 1", "fetch 2", "onSuccess saved vars"]);
  });

  it("shows a refusal beside its field and does not call onSuccess", async () => {
    let succeeded = false;
    const { outcome, seen } = await run({
      mutationFn: () => Promise.reject(new ManagementRequestError(400, "ValidationError", "Invalid.", [{ target: "properties.role", message: "must be one of administrator, publisher, developer" }])),
      fields: FIELDS,
      onSuccess: () => {
        succeeded = true;
      },
    });
    expect(outcome.ok).toBe(false);
    expect(succeeded).toBe(false);
    expect(seen).toEqual([{ fields: {}, form: null }, { fields: { role: "Must be one of administrator, publisher, developer." }, form: null }]);
  });

  it("lets the form word a refusal itself (409: already exists) and falls back for the others", async () => {
    const conflict = () => Promise.reject(new ManagementRequestError(409, "Conflict", "A user with this email already exists."));
    const errorsFor = (error: unknown) =>
      error instanceof ManagementRequestError && error.status === 409 ? { fields: { displayName: "Taken already." }, form: null } : null;
    expect((await run({ mutationFn: conflict, fields: FIELDS, errorsFor })).seen.at(-1)).toEqual({ fields: { displayName: "Taken already." }, form: null });
    const busy = () => Promise.reject(new ManagementRequestError(503, "DatabaseBusy", "busy"));
    expect((await run({ mutationFn: busy, fields: FIELDS, errorsFor })).seen.at(-1)).toEqual({ fields: {}, form: DATABASE_STILL_BUSY });
  });
});
