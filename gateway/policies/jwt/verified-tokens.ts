import type { Candidate } from "./signing-keys";

/** Tokens already verified, most recent last; bounded so hostile traffic cannot grow it. */
export class VerifiedTokens {
  private static readonly CAPACITY = 128;
  private static readonly MAX_TOKEN_CHARS = 4096;
  private readonly entries = new Map<string, Pick<Candidate, "from">>();

  get(token: string): Pick<Candidate, "from"> | undefined {
    const entry = this.entries.get(token);
    if (entry !== undefined) {
      this.entries.delete(token);
      this.entries.set(token, entry);
    }
    return entry;
  }

  set(token: string, by: Candidate): void {
    if (token.length > VerifiedTokens.MAX_TOKEN_CHARS) return;
    this.entries.delete(token);
    this.entries.set(token, { from: by.from });
    if (this.entries.size > VerifiedTokens.CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }
}
