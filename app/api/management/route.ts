// The base URL itself is no resource; same answers as the catch-all beside it.
export { GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS } from "./[...path]/route";
