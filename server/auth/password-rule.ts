import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-limits";

/**
 * The one password rule, for every way a password is set (sign-up, an administrator setting
 * one, a reset link, a user changing their own, the first administrator): at least
 * MIN_PASSWORD_LENGTH characters, not only whitespace, and not easy to guess. "Easy to guess"
 * is zxcvbn's estimate (common and breached passwords, repeats, sequences, keyboard patterns,
 * dates, the user's own name and email) below MIN_SCORE. Length beats composition rules
 * (NIST SP 800-63B), so there are none.
 */

/** zxcvbn's 0–4 scale: 3 is "safely unguessable" (about 10^8 guesses or more). */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment that startup should not pay. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/** Why a guessable password is guessable, in words a user can act on, by zxcvbn's warning. */
const GUESSABLE_BECAUSE: Record<string, string> = {
  simpleRepeat: "it repeats characters (like 'aaaa')",
  extendedRepeat: "it repeats a pattern (like 'abcabc')",
  sequences: "it follows a sequence (like 'abcd' or '1234')",
  straightRow: "it is a row of keys on the keyboard (like 'qwerty')",
  keyPattern: "it is a keyboard pattern",
  recentYears: "it is built around a recent year",
  dates: "it is built around a date",
  topTen: "it is one of the most common passwords",
  topHundred: "it is one of the most common passwords",
  common: "it is a common password",
  similarToCommon: "it is a common password, or very close to one",
  pwned: "it has appeared in data breaches",
  userInputs: "it contains your name or email address",
};

/** The outcome of checking a password against the rule; `reason` reads after "The password …". */
export type PasswordVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks `password` against the rule. `userInputs` are the user's own words (email, names),
 * which a password should not be built from.
 */
export function checkPassword(password: string, userInputs: readonly string[] = []): PasswordVerdict {
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, reason: `must be at least ${MIN_PASSWORD_LENGTH} characters long` };
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, reason: `must be at most ${MAX_PASSWORD_LENGTH} characters long` };
  if (password.trim() === "") return { ok: false, reason: "must not be only spaces" };
  const result: ZxcvbnResult = zxcvbn().check(password, inputWords(userInputs));
  if (result.score >= MIN_SCORE) return { ok: true };
  const because = GUESSABLE_BECAUSE[result.feedback.warning ?? ""] ?? "it is made of common words or patterns";
  return { ok: false, reason: `is too easy to guess: ${because}. Choose a longer one that is harder to guess, such as a few unrelated words` };
}

/** The user's email, its parts and names, as zxcvbn's user inputs. */
function inputWords(userInputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of userInputs) {
    const value = input.trim().toLowerCase();
    if (!value) continue;
    words.add(value);
    for (const part of value.split(/[@.\s_+-]+/)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/** What the rule asks, for API documentation and form hints. */
export const PASSWORD_RULE_DESCRIPTION = `At least ${MIN_PASSWORD_LENGTH} characters, not easy to guess (no common passwords, repeats, sequences or keyboard patterns).`;

/**
 * A zod schema for a password field: the rule, its reason the issue's message. By default the
 * message is the bare predicate ("must be at least 12 characters long", which the management
 * API puts after the field's name); forms pass `message` to make a sentence of it. The user's
 * own words are not known to a schema: operations that know them check again with them.
 */
export function passwordSchema(message: (reason: string) => string = (reason) => reason, required = "is required"): z.ZodString {
  return z
    .string({ error: required })
    .check((ctx) => {
      const verdict = checkPassword(ctx.value);
      if (!verdict.ok) ctx.issues.push({ code: "custom", message: message(verdict.reason), input: ctx.value, continue: false });
    });
}
