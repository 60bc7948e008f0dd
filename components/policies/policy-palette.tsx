"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox, Radio } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { Field, Fieldset } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  buildCheckHeader,
  buildIdleTimeout,
  buildIpFilter,
  buildLimitMessageSize,
  buildMaxConnectionDuration,
  buildRateLimitByKey,
  buildRateLimitMessages,
  buildValidateJwt,
  CHECK_HEADER_FIELDS,
  IDLE_TIMEOUT_FIELDS,
  IP_FILTER_FIELDS,
  LIMIT_MESSAGE_SIZE_FIELDS,
  MAX_CONNECTION_DURATION_FIELDS,
  RATE_LIMIT_BY_KEY_FIELDS,
  RATE_LIMIT_MESSAGES_FIELDS,
  VALIDATE_JWT_FIELDS,
  type Built,
  type CheckHeaderFields,
  type Errors,
  type IpFilterFields,
  type LimitMessageSizeFields,
  type RateLimitByKeyFields,
  type RateLimitMessagesFields,
  type SecondsFields,
  type ValidateJwtFields,
} from "./policy-form-model";
import { COUNTER_KEY_PRESETS, type MessageDirection } from "./policy-snippets";

type FormProps<T, F extends string> = { value: T; onChange: (value: T) => void; errors: Errors<F> };

interface PaletteEntry<T, F extends string> {
  kind: string;
  group: "Access" | "Rate limits" | "Connection";
  summary: string;
  initial: T;
  build: (value: T) => Built<F>;
  Form: (props: FormProps<T, F>) => ReactNode;
}

function entry<T, F extends string>(e: PaletteEntry<T, F>): PaletteEntry<unknown, string> {
  return e as unknown as PaletteEntry<unknown, string>;
}

const DIRECTION_OPTIONS: { value: MessageDirection; label: string }[] = [
  { value: "both", label: "Both directions" },
  { value: "inbound", label: "Inbound (client → backend)" },
  { value: "outbound", label: "Outbound (backend → client)" },
];

/** The palette's policies, in the order shown. */
const PALETTE = [
  entry({ kind: "validate-jwt", group: "Access", summary: "Require a valid JWT (signature, audience, issuer, claims).", initial: VALIDATE_JWT_FIELDS, build: buildValidateJwt, Form: ValidateJwtForm }),
  entry({ kind: "ip-filter", group: "Access", summary: "Allow or forbid client IP addresses and ranges.", initial: IP_FILTER_FIELDS, build: buildIpFilter, Form: IpFilterForm }),
  entry({ kind: "check-header", group: "Access", summary: "Require a request header, optionally with given values.", initial: CHECK_HEADER_FIELDS, build: buildCheckHeader, Form: CheckHeaderForm }),
  entry({ kind: "rate-limit-by-key", group: "Rate limits", summary: "Limit handshakes per client IP, subscription or any key.", initial: RATE_LIMIT_BY_KEY_FIELDS, build: buildRateLimitByKey, Form: RateLimitByKeyForm }),
  entry({ kind: "rate-limit-messages", group: "Rate limits", summary: "Limit messages per connection; past it, close with 1008.", initial: RATE_LIMIT_MESSAGES_FIELDS, build: buildRateLimitMessages, Form: RateLimitMessagesForm }),
  entry({ kind: "limit-message-size", group: "Connection", summary: "Close with 1009 when a message is larger than this.", initial: LIMIT_MESSAGE_SIZE_FIELDS, build: buildLimitMessageSize, Form: LimitMessageSizeForm }),
  entry({ kind: "idle-timeout", group: "Connection", summary: "Close with 1001 after a time without messages.", initial: IDLE_TIMEOUT_FIELDS, build: buildIdleTimeout, Form: IdleTimeoutForm }),
  entry({ kind: "max-connection-duration", group: "Connection", summary: "Close with 1001 when a connection is this old.", initial: MAX_CONNECTION_DURATION_FIELDS, build: buildMaxConnectionDuration, Form: MaxDurationForm }),
];
const GROUPS = ["Access", "Rate limits", "Connection"] as const;

/**
 * "Add policy": pick a policy on the left, fill in its form on the right (the XML it will
 * insert is previewed under it), Insert puts it into `<inbound>`.
 */
export function PolicyPalette({ open, onClose, onInsert }: { open: boolean; onClose: () => void; onInsert: (xml: string, kind: string) => boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [kind, setKind] = useState(PALETTE[0]!.kind);
  const [values, setValues] = useState<Record<string, unknown>>(() => Object.fromEntries(PALETTE.map((p) => [p.kind, p.initial])));
  const [showErrors, setShowErrors] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const selected = PALETTE.find((p) => p.kind === kind)!;
  const value = values[kind];
  const built = selected.build(value);
  const errors = showErrors && !built.ok ? built.errors : {};

  const close = () => {
    setShowErrors(false);
    onClose();
  };
  const insert = () => {
    if (!built.ok) {
      setShowErrors(true);
      // Focus the first field the user must fix.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    if (onInsert(built.xml, kind)) {
      setValues((all) => ({ ...all, [kind]: selected.initial }));
      setShowErrors(false);
    }
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => {
        if (event.target === ref.current) close();
      }}
      className="m-auto h-[min(54rem,94dvh)] w-full max-w-5xl overflow-hidden rounded-xl bg-white p-0 text-left shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-black/40 backdrop:backdrop-blur-[2px]"
    >
      <form
        className="flex h-full flex-col"
        onSubmit={(event) => {
          event.preventDefault();
          insert();
        }}
      >
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
          <div>
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">
              Add policy
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">
              Fill in the form; the policy goes into <code className="font-mono text-[13px] text-slate-700">&lt;inbound&gt;</code> at the cursor, or at its end.
            </p>
          </div>
          <Button variant="ghost" size="sm" onClick={close}>
            Close
          </Button>
        </header>
        <div className="flex min-h-0 flex-1">
          <nav aria-label="Policies" className="w-64 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50/70 p-3">
            {GROUPS.map((group) => (
              <div key={group} className="mb-4 last:mb-0">
                <p className="px-2 pb-1.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{group}</p>
                <ul className="space-y-0.5" role="list">
                  {PALETTE.filter((p) => p.group === group).map((p) => {
                    const active = p.kind === kind;
                    return (
                      <li key={p.kind}>
                        <button
                          type="button"
                          aria-pressed={active}
                          onClick={() => {
                            setKind(p.kind);
                            setShowErrors(false);
                          }}
                          className={cn(
                            "w-full rounded-lg px-2.5 py-2 text-left transition-colors",
                            focusRing,
                            active ? "bg-white shadow-xs ring-1 ring-indigo-200" : "hover:bg-white/80",
                          )}
                        >
                          <span className={cn("block font-mono text-[13px] font-medium", active ? "text-indigo-700" : "text-slate-800")}>{p.kind}</span>
                          <span className="mt-0.5 block text-xs leading-4 text-slate-500">{p.summary}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </nav>
          <div className="flex min-w-0 flex-1 flex-col">
            <div ref={formRef} className="min-h-0 flex-1 space-y-5 overflow-y-auto px-6 py-5" data-testid="policy-form">
              <div>
                <h3 className="font-mono text-base font-semibold text-slate-900">&lt;{kind}&gt;</h3>
                <p className="mt-0.5 text-sm text-slate-500">{selected.summary}</p>
              </div>
              <selected.Form key={kind} value={value} onChange={(v) => setValues((all) => ({ ...all, [kind]: v }))} errors={errors} />
            </div>
            <div className="border-t border-slate-200 bg-code px-6 py-3" aria-label="XML to insert">
              <p className="mb-1.5 font-mono text-[11px] tracking-wide text-code-muted uppercase">Inserted XML</p>
              <pre tabIndex={0} className="max-h-32 overflow-y-auto font-mono text-[12.5px] leading-5 break-words whitespace-pre-wrap text-code-fg" data-testid="policy-preview">
                {built.ok ? built.xml : <span className="text-code-muted">Complete the required fields to see the XML.</span>}
              </pre>
            </div>
          </div>
        </div>
        <footer className="flex items-center justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit">Insert policy</Button>
        </footer>
      </form>
    </dialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Forms

function Grid({ children }: { children: ReactNode }) {
  return <div className="grid gap-5 sm:grid-cols-2">{children}</div>;
}

function NumberInput(props: React.ComponentProps<typeof Input>) {
  return <Input inputMode="numeric" autoComplete="off" {...props} />;
}

function DirectionSelect({ value, onChange }: { value: MessageDirection; onChange: (d: MessageDirection) => void }) {
  return (
    <Field label="Direction" hint="Inbound is client → backend.">
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value as MessageDirection)}>
          {DIRECTION_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

function ValidateJwtForm({ value: v, onChange, errors }: FormProps<ValidateJwtFields, string>) {
  const set = (patch: Partial<ValidateJwtFields>) => onChange({ ...v, ...patch });
  const setClaim = (i: number, patch: Partial<ValidateJwtFields["claims"][number]>) => set({ claims: v.claims.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <div className="space-y-6">
      <Fieldset legend="Token location">
        <div className="flex gap-6">
          <Radio name="jwt-source" label="Request header" checked={v.source === "header"} onChange={() => set({ source: "header" })} />
          <Radio name="jwt-source" label="Query parameter" checked={v.source === "query"} onChange={() => set({ source: "query" })} />
        </div>
      </Fieldset>
      {v.source === "header" ? (
        <Grid>
          <Field label="Header name" required error={errors.headerName}>
            {(control) => <Input {...control} value={v.headerName} onChange={(e) => set({ headerName: e.target.value })} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Scheme" aside="Optional" hint="require-scheme: the header must read “Bearer <token>”." error={errors.scheme}>
            {(control) => <Input {...control} value={v.scheme} onChange={(e) => set({ scheme: e.target.value })} autoComplete="off" spellCheck={false} />}
          </Field>
        </Grid>
      ) : (
        <Grid>
          <Field label="Query parameter name" required error={errors.queryParameterName}>
            {(control) => <Input {...control} value={v.queryParameterName} onChange={(e) => set({ queryParameterName: e.target.value })} autoComplete="off" spellCheck={false} />}
          </Field>
        </Grid>
      )}

      <Fieldset legend="Signing keys">
        <div className="flex gap-6">
          <Radio name="jwt-keys" label="Issuer signing key" checked={v.keySource === "signing-key"} onChange={() => set({ keySource: "signing-key" })} />
          <Radio name="jwt-keys" label="OpenID configuration URL" checked={v.keySource === "openid-config"} onChange={() => set({ keySource: "openid-config" })} />
        </div>
      </Fieldset>
      {v.keySource === "signing-key" ? (
        <Field label="Issuer signing key (base64)" required hint="The HMAC secret of HS256 tokens, base64-encoded." error={errors.signingKey}>
          {(control) => (
            <Input {...control} className="font-mono text-[13px]" value={v.signingKey} onChange={(e) => set({ signingKey: e.target.value })} autoComplete="off" spellCheck={false} />
          )}
        </Field>
      ) : (
        <Field label="OpenID configuration URL" required hint="The provider's metadata; its jwks_uri supplies the keys." error={errors.openIdConfigUrl}>
          {(control) => (
            <Input
              {...control}
              type="url"
              placeholder="https://login.example.com/.well-known/openid-configuration"
              value={v.openIdConfigUrl}
              onChange={(e) => set({ openIdConfigUrl: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}

      <Grid>
        <Field label="Audiences" aside="Optional" hint="One per line; the token's aud must be one of them.">
          {(control) => <Textarea {...control} rows={2} value={v.audiences} onChange={(e) => set({ audiences: e.target.value })} spellCheck={false} />}
        </Field>
        <Field label="Issuers" aside="Optional" hint="One per line; the token's iss must be one of them.">
          {(control) => <Textarea {...control} rows={2} value={v.issuers} onChange={(e) => set({ issuers: e.target.value })} spellCheck={false} />}
        </Field>
      </Grid>

      <Fieldset legend="Required claims">
        <p className="-mt-1 text-sm text-slate-500">Claims the token must carry, with the values allowed. Optional.</p>
        {v.claims.length > 0 ? (
          <ul className="space-y-3">
            {v.claims.map((claim, i) => (
              <li key={i} className="rounded-lg border border-slate-200 bg-slate-50/60 p-3">
                <div className="grid gap-3 sm:grid-cols-[1fr_1.4fr_9rem_auto] sm:items-start">
                  <Field label="Claim name" error={errors[`claim-${i}`]}>
                    {(control) => <Input {...control} value={claim.name} onChange={(e) => setClaim(i, { name: e.target.value })} placeholder="role" spellCheck={false} />}
                  </Field>
                  <Field label="Values" hint="One per line.">
                    {(control) => <Textarea {...control} rows={1} className="min-h-10" value={claim.values} onChange={(e) => setClaim(i, { values: e.target.value })} placeholder="admin" spellCheck={false} />}
                  </Field>
                  <Field label="Match">
                    {(control) => (
                      <Select {...control} value={claim.match} onChange={(e) => setClaim(i, { match: e.target.value as "all" | "any" })}>
                        <option value="all">All values</option>
                        <option value="any">Any value</option>
                      </Select>
                    )}
                  </Field>
                  <Button variant="ghost" size="sm" className="sm:mt-7" onClick={() => set({ claims: v.claims.filter((_, j) => j !== i) })} aria-label={`Remove claim ${claim.name || i + 1}`}>
                    Remove
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        <Button variant="secondary" size="sm" onClick={() => set({ claims: [...v.claims, { name: "", values: "", match: "all" }] })}>
          Add claim
        </Button>
      </Fieldset>

      <Grid>
        <Field label="Refusal status code" required hint="failed-validation-httpcode" error={errors.failedValidationHttpCode}>
          {(control) => <NumberInput {...control} value={v.failedValidationHttpCode} onChange={(e) => set({ failedValidationHttpCode: e.target.value })} />}
        </Field>
        <Field label="Refusal message" aside="Optional" hint="failed-validation-error-message">
          {(control) => <Input {...control} value={v.failedValidationErrorMessage} onChange={(e) => set({ failedValidationErrorMessage: e.target.value })} />}
        </Field>
      </Grid>
    </div>
  );
}

function IpFilterForm({ value: v, onChange, errors }: FormProps<IpFilterFields, string>) {
  return (
    <div className="space-y-6">
      <Fieldset legend="Action">
        <div className="space-y-2">
          <Radio name="ip-action" label="Allow only these addresses" checked={v.action === "allow"} onChange={() => onChange({ ...v, action: "allow" })} />
          <Radio name="ip-action" label="Forbid these addresses" checked={v.action === "forbid"} onChange={() => onChange({ ...v, action: "forbid" })} />
        </div>
      </Fieldset>
      <Field label="Addresses and ranges" required hint="One per line: 10.0.0.1, or a range 10.0.0.1-10.0.0.255. IPv6 too." error={errors.addresses}>
        {(control) => (
          <Textarea
            {...control}
            rows={5}
            className="font-mono text-[13px]"
            placeholder={"10.0.0.1\n192.168.1.1-192.168.1.255"}
            value={v.addresses}
            onChange={(e) => onChange({ ...v, addresses: e.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
    </div>
  );
}

function RateLimitByKeyForm({ value: v, onChange, errors }: FormProps<RateLimitByKeyFields, string>) {
  const set = (patch: Partial<RateLimitByKeyFields>) => onChange({ ...v, ...patch });
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Calls" required hint="Handshakes allowed per key in the period." error={errors.calls}>
          {(control) => <NumberInput {...control} value={v.calls} onChange={(e) => set({ calls: e.target.value })} />}
        </Field>
        <Field label="Renewal period (seconds)" required hint="The sliding window, at most 300." error={errors.renewalPeriod}>
          {(control) => <NumberInput {...control} value={v.renewalPeriod} onChange={(e) => set({ renewalPeriod: e.target.value })} />}
        </Field>
      </Grid>
      <Field label="Counter key" hint="Calls are counted separately for each value of the key.">
        {(control) => (
          <Select {...control} value={v.preset} onChange={(e) => set({ preset: e.target.value })}>
            {COUNTER_KEY_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label} — {p.value}
              </option>
            ))}
            <option value="custom">Custom expression…</option>
          </Select>
        )}
      </Field>
      {v.preset === "custom" ? (
        <Field label="Custom counter key" required hint={'A policy expression, e.g. @(context.Request.Headers.GetValueOrDefault("X-Client","anon")).'} error={errors.customKey}>
          {(control) => <Input {...control} className="font-mono text-[13px]" value={v.customKey} onChange={(e) => set({ customKey: e.target.value })} spellCheck={false} />}
        </Field>
      ) : null}
    </div>
  );
}

function CheckHeaderForm({ value: v, onChange, errors }: FormProps<CheckHeaderFields, string>) {
  const set = (patch: Partial<CheckHeaderFields>) => onChange({ ...v, ...patch });
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Header name" required error={errors.name}>
          {(control) => <Input {...control} value={v.name} onChange={(e) => set({ name: e.target.value })} placeholder="X-Client-Id" spellCheck={false} />}
        </Field>
        <Field label="Allowed values" aside="Optional" hint="One per line; empty: any value, the header must only be present.">
          {(control) => <Textarea {...control} rows={2} value={v.values} onChange={(e) => set({ values: e.target.value })} spellCheck={false} />}
        </Field>
      </Grid>
      <Checkbox label="Ignore case" description="Compare the values without regard to upper and lower case." checked={v.ignoreCase} onChange={(e) => set({ ignoreCase: e.target.checked })} />
      <Grid>
        <Field label="Refusal status code" required hint="failed-check-httpcode" error={errors.failedCheckHttpCode}>
          {(control) => <NumberInput {...control} value={v.failedCheckHttpCode} onChange={(e) => set({ failedCheckHttpCode: e.target.value })} />}
        </Field>
        <Field label="Refusal message" required hint="failed-check-error-message" error={errors.failedCheckErrorMessage}>
          {(control) => <Input {...control} value={v.failedCheckErrorMessage} onChange={(e) => set({ failedCheckErrorMessage: e.target.value })} />}
        </Field>
      </Grid>
    </div>
  );
}

function LimitMessageSizeForm({ value: v, onChange, errors }: FormProps<LimitMessageSizeFields, string>) {
  return (
    <Grid>
      <Field label="Largest message (bytes)" required hint="65536 is 64 KiB." error={errors.maxBytes}>
        {(control) => <NumberInput {...control} value={v.maxBytes} onChange={(e) => onChange({ ...v, maxBytes: e.target.value })} />}
      </Field>
      <DirectionSelect value={v.direction} onChange={(direction) => onChange({ ...v, direction })} />
    </Grid>
  );
}

function RateLimitMessagesForm({ value: v, onChange, errors }: FormProps<RateLimitMessagesFields, string>) {
  return (
    <div className="space-y-6">
      <Grid>
        <Field label="Messages" required hint="Allowed per connection in the period." error={errors.calls}>
          {(control) => <NumberInput {...control} value={v.calls} onChange={(e) => onChange({ ...v, calls: e.target.value })} />}
        </Field>
        <Field label="Renewal period (seconds)" required error={errors.renewalPeriod}>
          {(control) => <NumberInput {...control} value={v.renewalPeriod} onChange={(e) => onChange({ ...v, renewalPeriod: e.target.value })} />}
        </Field>
      </Grid>
      <Grid>
        <DirectionSelect value={v.direction} onChange={(direction) => onChange({ ...v, direction })} />
      </Grid>
    </div>
  );
}

function SecondsForm({ value: v, onChange, errors, label, hint }: FormProps<SecondsFields, string> & { label: string; hint: string }) {
  return (
    <Grid>
      <Field label={label} required hint={hint} error={errors.seconds}>
        {(control) => <NumberInput {...control} value={v.seconds} onChange={(e) => onChange({ seconds: e.target.value })} />}
      </Field>
    </Grid>
  );
}

function IdleTimeoutForm(props: FormProps<SecondsFields, string>) {
  return <SecondsForm {...props} label="Idle timeout (seconds)" hint="300 is five minutes." />;
}

function MaxDurationForm(props: FormProps<SecondsFields, string>) {
  return <SecondsForm {...props} label="Longest connection (seconds)" hint="7200 is two hours." />;
}
