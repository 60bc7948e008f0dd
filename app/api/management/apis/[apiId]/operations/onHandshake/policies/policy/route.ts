// APIM's operation-level address of the same document: a WebSocket API's only operation is
// onHandshake, so its policy is the API's policy (one row, one id: /apis/{apiId}/policies/policy).
export { GET, PUT, DELETE, POST, PATCH } from "../../../../policies/policy/route";
