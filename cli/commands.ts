import type { Command } from "./command";
import { apisCreate } from "./commands/apis-create";
import { apisDelete } from "./commands/apis-delete";
import { apisList } from "./commands/apis-list";
import { apisShow } from "./commands/apis-show";
import { applyCommand } from "./commands/apply";
import { exportCommand } from "./commands/export";
import { gatewaysCreate } from "./commands/gateways-create";
import { gatewaysDelete } from "./commands/gateways-delete";
import { gatewaysKeys } from "./commands/gateways-keys";
import { gatewaysList } from "./commands/gateways-list";
import { gatewaysRegenerateKey } from "./commands/gateways-regenerate-key";
import { gatewaysGet, gatewaysShow } from "./commands/gateways-show";
import { gatewaysToken } from "./commands/gateways-token";
import { policyDelete } from "./commands/policy-delete";
import { policyGet } from "./commands/policy-get";
import { policySet } from "./commands/policy-set";
import { productsAddApi } from "./commands/products-add-api";
import { productsCreate } from "./commands/products-create";
import { productsDelete } from "./commands/products-delete";
import { productsList } from "./commands/products-list";
import { productsRemoveApi } from "./commands/products-remove-api";
import { productsShow } from "./commands/products-show";
import { subscriptionsApprove } from "./commands/subscriptions-approve";
import { subscriptionsCancel } from "./commands/subscriptions-cancel";
import { subscriptionsCreate } from "./commands/subscriptions-create";
import { subscriptionsDelete } from "./commands/subscriptions-delete";
import { subscriptionsKeys } from "./commands/subscriptions-keys";
import { subscriptionsList } from "./commands/subscriptions-list";
import { subscriptionsShow } from "./commands/subscriptions-show";
import { subscriptionsSuspend } from "./commands/subscriptions-suspend";

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  apisList,
  apisShow,
  apisCreate,
  apisDelete,
  productsList,
  productsShow,
  productsCreate,
  productsDelete,
  productsAddApi,
  productsRemoveApi,
  subscriptionsList,
  subscriptionsShow,
  subscriptionsCreate,
  subscriptionsApprove,
  subscriptionsSuspend,
  subscriptionsCancel,
  subscriptionsDelete,
  subscriptionsKeys,
  gatewaysList,
  gatewaysShow,
  gatewaysGet,
  gatewaysCreate,
  gatewaysDelete,
  gatewaysKeys,
  gatewaysRegenerateKey,
  gatewaysToken,
  policyGet,
  policySet,
  policyDelete,
  exportCommand,
  applyCommand,
] as readonly Command[];
