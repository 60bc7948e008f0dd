"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { ApiContract } from "@/server/apis/api.schemas";

/**
 * Picks one API out of `candidates` and hands it to `onAdd` (products and gateways link APIs
 * this way). `onAdd` reports its own success or failure; the choice clears after a success.
 */
export function AddApiPicker(props: {
  id: string;
  label: string;
  buttonLabel: string;
  candidates: ApiContract[];
  loading: boolean;
  /** Placeholder when every API is already linked. */
  noneLeftText: string;
  onAdd: (apiId: string) => Promise<boolean>;
}) {
  const [choice, setChoice] = useState("");
  const { candidates, loading } = props;
  const add = useMutation({
    mutationFn: props.onAdd,
    onSuccess: (added) => {
      if (added) setChoice("");
    },
  });
  return (
    <div className="flex w-full min-w-0 items-end gap-2 sm:w-auto">
      <div className="min-w-0 flex-1 sm:w-64 sm:flex-none">
        <label htmlFor={props.id} className="sr-only">
          {props.label}
        </label>
        <Select id={props.id} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={loading || candidates.length === 0}>
          <option value="">{loading ? "Loading APIs…" : candidates.length === 0 ? props.noneLeftText : "Choose an API…"}</option>
          {candidates.map((api) => (
            <option key={api.name} value={api.name}>
              {api.properties.displayName} (/{api.properties.path})
            </option>
          ))}
        </Select>
      </div>
      <Button onClick={() => add.mutate(choice)} disabled={!choice} loading={add.isPending}>
        {props.buttonLabel}
      </Button>
    </div>
  );
}
