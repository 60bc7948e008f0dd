import { describe, expect, it } from "vitest";
import { generatePassword } from "@/server/auth/password";
import { checkPassword, passwordSchema } from "@/server/auth/password-rule";

const guessable = (because: string) => ({
  ok: false,
  reason: `is too easy to guess: ${because}. Choose a longer one that is harder to guess, such as a few unrelated words`,
});

describe("the password rule", () => {
  it("refuses passwords shorter than 12 characters and longer than 1024", () => {
    expect(checkPassword("a-b-c-d-e-f")).toEqual({ ok: false, reason: "must be at least 12 characters long" });
    expect(checkPassword("x".repeat(1025))).toEqual({ ok: false, reason: "must be at most 1024 characters long" });
  });

  it("refuses blank, repeated, sequential, common and keyboard-pattern passwords, saying why", () => {
    expect(checkPassword(" ".repeat(12))).toEqual({ ok: false, reason: "must not be only spaces" });
    expect(checkPassword("\t \n".repeat(4))).toEqual({ ok: false, reason: "must not be only spaces" });
    expect(checkPassword("aaaaaaaaaaaa")).toEqual(guessable("it repeats characters (like 'aaaa')"));
    expect(checkPassword("abcdefghijkl")).toEqual(guessable("it follows a sequence (like 'abcd' or '1234')"));
    expect(checkPassword("password1234")).toEqual(guessable("it is a common password, or very close to one"));
    expect(checkPassword("qwertyuiop12")).toEqual(guessable("it is a common password, or very close to one"));
    expect(checkPassword("123456789012")).toEqual(guessable("it is a common password"));
  });

  it("refuses a password built from the user's own email or names", () => {
    expect(checkPassword("zwyrtlenko12", ["ada@example.com", "Ada", "Zwyrtlenko"])).toEqual(guessable("it contains your name or email address"));
    expect(checkPassword("zwyrtlenko12").ok).toBe(true);
  });

  it("accepts long, unpredictable passwords: the fixtures', a passphrase and the generated first-administrator password", () => {
    for (const password of ["e2e-admin-password", "e2e-developer-password", "management-admin-password", "correct horse battery", generatePassword()]) {
      expect({ password, verdict: checkPassword(password) }).toEqual({ password, verdict: { ok: true } });
    }
  });

  it("is a zod schema whose message is the reason, or a sentence made of it", () => {
    expect(passwordSchema().safeParse("aaaaaaaaaaaa").error?.issues.map((i) => i.message)).toEqual([guessable("it repeats characters (like 'aaaa')").reason]);
    const sentence = passwordSchema((reason) => `The password ${reason}.`).safeParse("short");
    expect(sentence.error?.issues.map((i) => i.message)).toEqual(["The password must be at least 12 characters long."]);
    expect(passwordSchema().safeParse("correct horse battery").success).toBe(true);
  });
});
