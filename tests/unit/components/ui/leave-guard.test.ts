import { describe, expect, it } from "vitest";
import { leavingHref } from "@/components/ui/leave-guard";

const here = "http://127.0.0.1:4180/admin/apis/echo?tab=policies";
const plain = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
const link = (href: string, extra: { target?: string; download?: boolean } = {}) => ({ href, target: extra.target ?? "", download: extra.download ?? false });

describe("leavingHref", () => {
  it("names the page a plain click on a sidebar link opens", () => {
    expect(leavingHref(plain, link("http://127.0.0.1:4180/admin/products"), here)).toBe("http://127.0.0.1:4180/admin/products");
    expect(leavingHref(plain, link("/admin/apis"), here)).toBe("http://127.0.0.1:4180/admin/apis");
  });

  it("counts another query string of the same path as another page", () => {
    expect(leavingHref(plain, link("/admin/apis/echo?tab=settings"), here)).toBe("http://127.0.0.1:4180/admin/apis/echo?tab=settings");
  });

  it("lets a jump within the page through", () => {
    expect(leavingHref(plain, link("/admin/apis/echo?tab=policies#problems"), here)).toBeNull();
  });

  it("lets new tabs, downloads and other sites through (the browser's own prompt covers leaving the portal)", () => {
    expect(leavingHref({ ...plain, ctrlKey: true }, link("/admin/products"), here)).toBeNull();
    expect(leavingHref({ ...plain, metaKey: true }, link("/admin/products"), here)).toBeNull();
    expect(leavingHref({ ...plain, shiftKey: true }, link("/admin/products"), here)).toBeNull();
    expect(leavingHref({ ...plain, button: 1 }, link("/admin/products"), here)).toBeNull();
    expect(leavingHref(plain, link("/admin/products", { target: "_blank" }), here)).toBeNull();
    expect(leavingHref(plain, link("/api/portal/apis/echo/asyncapi", { download: true }), here)).toBeNull();
    expect(leavingHref(plain, link("https://learn.microsoft.com/azure/api-management/"), here)).toBeNull();
  });

  it("leaves a click something else already handled alone", () => {
    expect(leavingHref({ ...plain, defaultPrevented: true }, link("/admin/products"), here)).toBeNull();
  });

  it("asks about a link that targets this tab by name", () => {
    expect(leavingHref(plain, link("/admin/products", { target: "_self" }), here)).toBe("http://127.0.0.1:4180/admin/products");
  });
});
