/**
 * The JS relay's socket listeners, shared by every tunnel (`this` is the socket): per-connection
 * closures would cost a function object each, and under tsx (keepNames) a property dictionary
 * each as well.
 */
import type { Socket } from "node:net";
import type { Tunnel } from "./tunnel";

const kTunnel = Symbol("tunnel");
type TunnelSocket = Socket & { [kTunnel]: Tunnel };

/** Attaches `tunnel`'s two sockets to it: data (plain or limited per direction), drain, end, close, errors ignored. */
export function listenToTunnelSockets(tunnel: Tunnel, inLimited: boolean, outLimited: boolean): void {
  const client = tunnel.client as TunnelSocket;
  const backend = tunnel.backend as TunnelSocket;
  client[kTunnel] = tunnel;
  backend[kTunnel] = tunnel;
  client.on("data", inLimited ? onClientDataLimited : onClientData);
  backend.on("data", outLimited ? onBackendDataLimited : onBackendData);
  client.on("drain", onClientDrain);
  backend.on("drain", onBackendDrain);
  client.on("end", onClientEnd);
  backend.on("end", onBackendEnd);
  client.on("close", onClientClose);
  backend.on("close", onBackendClose);
  client.on("error", noop);
  backend.on("error", noop);
}

function noop(): void {}

function onClientData(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].clientData(chunk);
}
function onBackendData(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].backendData(chunk);
}
function onClientDataLimited(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].clientDataLimited(chunk);
}
function onBackendDataLimited(this: TunnelSocket, chunk: Buffer): void {
  this[kTunnel].backendDataLimited(chunk);
}
function onClientDrain(this: TunnelSocket): void {
  this[kTunnel].clientDrain();
}
function onBackendDrain(this: TunnelSocket): void {
  this[kTunnel].backendDrain();
}
function onClientEnd(this: TunnelSocket): void {
  this[kTunnel].clientEnd();
}
function onBackendEnd(this: TunnelSocket): void {
  this[kTunnel].backendEnd();
}
function onClientClose(this: TunnelSocket): void {
  this[kTunnel].clientClose();
}
function onBackendClose(this: TunnelSocket): void {
  this[kTunnel].backendClose();
}
