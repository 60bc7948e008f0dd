/**
 * The password rule's lengths, apart from the rule itself (server/auth/password-rule.ts) so that
 * forms can check them as the user types without shipping the rule's dictionaries to the browser.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
