import type { ReactNode } from "react";
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
} from "../policy-form-model";
import { CheckHeaderForm } from "./check-header-form";
import type { FormProps } from "./form-parts";
import { IpFilterForm } from "./ip-filter-form";
import { LimitMessageSizeForm } from "./limit-message-size-form";
import { RateLimitByKeyForm } from "./rate-limit-by-key-form";
import { RateLimitMessagesForm } from "./rate-limit-messages-form";
import { IdleTimeoutForm, MaxDurationForm } from "./seconds-forms";
import { ValidateJwtForm } from "./validate-jwt-form";

/** One policy the palette offers: its form, defaults and builder. */
export interface PaletteEntry<T, F extends string> {
  kind: string;
  group: "Access" | "Rate limits" | "Connection";
  summary: string;
  initial: T;
  build: (value: T) => Built<F>;
  Form: (props: FormProps<T, F>) => ReactNode;
}

/** Erases an entry's field types so the list holds every policy. */
function entry<T, F extends string>(e: PaletteEntry<T, F>): PaletteEntry<unknown, string> {
  return e as unknown as PaletteEntry<unknown, string>;
}

/** The palette's policies, in the order shown. */
export const PALETTE = [
  entry({ kind: "validate-jwt", group: "Access", summary: "Require a valid JWT (signature, audience, issuer, claims).", initial: VALIDATE_JWT_FIELDS, build: buildValidateJwt, Form: ValidateJwtForm }),
  entry({ kind: "ip-filter", group: "Access", summary: "Allow or forbid client IP addresses and ranges.", initial: IP_FILTER_FIELDS, build: buildIpFilter, Form: IpFilterForm }),
  entry({ kind: "check-header", group: "Access", summary: "Require a request header, optionally with given values.", initial: CHECK_HEADER_FIELDS, build: buildCheckHeader, Form: CheckHeaderForm }),
  entry({ kind: "rate-limit-by-key", group: "Rate limits", summary: "Limit handshakes per client IP, subscription or any key.", initial: RATE_LIMIT_BY_KEY_FIELDS, build: buildRateLimitByKey, Form: RateLimitByKeyForm }),
  entry({ kind: "rate-limit-messages", group: "Rate limits", summary: "Limit messages per connection; past it, close with 1008.", initial: RATE_LIMIT_MESSAGES_FIELDS, build: buildRateLimitMessages, Form: RateLimitMessagesForm }),
  entry({ kind: "limit-message-size", group: "Connection", summary: "Close with 1009 when a message is larger than this.", initial: LIMIT_MESSAGE_SIZE_FIELDS, build: buildLimitMessageSize, Form: LimitMessageSizeForm }),
  entry({ kind: "idle-timeout", group: "Connection", summary: "Close with 1001 after a time without messages.", initial: IDLE_TIMEOUT_FIELDS, build: buildIdleTimeout, Form: IdleTimeoutForm }),
  entry({ kind: "max-connection-duration", group: "Connection", summary: "Close with 1001 when a connection is this old.", initial: MAX_CONNECTION_DURATION_FIELDS, build: buildMaxConnectionDuration, Form: MaxDurationForm }),
];
/** The palette's groups, in the order shown. */
export const GROUPS = ["Access", "Rate limits", "Connection"] as const;
