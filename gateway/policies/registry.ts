/**
 * Every policy Portcullis runs, by element name: an explicit list (STYLE.md habit 5), so a
 * policy exists when it is imported here and nowhere else. Keep it sorted by name.
 */
import { authenticationBasic } from "./authentication-basic";
import { checkHeader } from "./check-header";
import { choose } from "./choose";
import { idleTimeout } from "./idle-timeout";
import { ipFilter } from "./ip-filter";
import { limitMessageSize } from "./limit-message-size";
import { maxConnectionDuration } from "./max-connection-duration";
import type { PolicyDefinition } from "./policy";
import { quota } from "./quota";
import { quotaByKey } from "./quota-by-key";
import { rateLimit } from "./rate-limit";
import { rateLimitByKey } from "./rate-limit-by-key";
import { rateLimitMessages } from "./rate-limit-messages";
import { returnResponse } from "./return-response";
import { setBackendService } from "./set-backend-service";
import { setHeader } from "./set-header";
import { setQueryParameter } from "./set-query-parameter";
import { setVariable } from "./set-variable";
import { validateJwt } from "./validate-jwt";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own config type
export const POLICY_DEFINITIONS: readonly PolicyDefinition<any>[] = [
  authenticationBasic,
  checkHeader,
  choose,
  idleTimeout,
  ipFilter,
  limitMessageSize,
  maxConnectionDuration,
  quota,
  quotaByKey,
  rateLimit,
  rateLimitByKey,
  rateLimitMessages,
  returnResponse,
  setBackendService,
  setHeader,
  setQueryParameter,
  setVariable,
  validateJwt,
];
