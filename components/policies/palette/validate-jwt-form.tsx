"use client";

import { Button } from "@/components/ui/button";
import { Radio } from "@/components/ui/checkbox";
import { Field, Fieldset } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ValidateJwtFields } from "../policy-form-model";
import { Grid, NumberInput, type FormProps } from "./form-parts";

/** The `<validate-jwt>` form: token location, keys, audiences, issuers, required claims, refusal. */
export function ValidateJwtForm({ value: v, onChange, errors }: FormProps<ValidateJwtFields, string>) {
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
