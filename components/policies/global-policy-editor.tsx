"use client";

import { PolicyEditor } from "./policy-editor";

/** The "All APIs" document's editor (a client boundary for the server page). */
export function GlobalPolicyEditor() {
  return (
    <PolicyEditor
      target={{ scope: "global" }}
      title="All APIs"
      description={
        <>
          The global document: every API inherits it. Nothing is above it, so it takes no <code className="font-mono text-[13px]">&lt;base /&gt;</code>; only{" "}
          <code className="font-mono text-[13px]">&lt;inbound&gt;</code> runs at a handshake.
        </>
      }
      inheritsFrom="no global policies"
    />
  );
}
