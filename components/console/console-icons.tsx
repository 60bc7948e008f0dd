/** The console's own outline icons (24×24, 1.5 stroke, as components/ui/icons.tsx draws them), decorative. */
import type { ReactNode } from "react";
import { Icon as OutlineIcon } from "@/components/ui/icons";

function Icon({ className = "h-4 w-4", children }: { className?: string; children: ReactNode }) {
  return <OutlineIcon className={className}>{children}</OutlineIcon>;
}

type P = { className?: string };

export const XMarkIcon = (p: P) => (
  <Icon {...p}>
    <path d="M6 18 18 6M6 6l12 12" />
  </Icon>
);
export const EyeIcon = (p: P) => (
  <Icon {...p}>
    <path d="M2.036 12.322a1.012 1.012 0 0 1 0-.639C3.423 7.51 7.36 4.5 12 4.5c4.638 0 8.573 3.007 9.963 7.178.07.207.07.431 0 .639C20.577 16.49 16.64 19.5 12 19.5c-4.638 0-8.573-3.007-9.963-7.178Z" />
    <path d="M15 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0Z" />
  </Icon>
);
export const EyeSlashIcon = (p: P) => (
  <Icon {...p}>
    <path d="M3.98 8.223A10.477 10.477 0 0 0 1.934 12C3.226 16.338 7.244 19.5 12 19.5c.993 0 1.953-.138 2.863-.395M6.228 6.228A10.451 10.451 0 0 1 12 4.5c4.756 0 8.773 3.162 10.065 7.498a10.522 10.522 0 0 1-4.293 5.774M6.228 6.228 3 3m3.228 3.228 3.65 3.65m7.894 7.894L21 21m-3.228-3.228-3.65-3.65m0 0a3 3 0 1 0-4.243-4.243m4.242 4.242L9.88 9.88" />
  </Icon>
);
export const PaperAirplaneIcon = (p: P) => (
  <Icon {...p}>
    <path d="M6 12 3.269 3.125A59.769 59.769 0 0 1 21.485 12 59.768 59.768 0 0 1 3.27 20.875L5.999 12Zm0 0h7.5" />
  </Icon>
);
export const ArrowPathIcon = (p: P) => (
  <Icon {...p}>
    <path d="M16.023 9.348h4.992v-.001M2.985 19.644v-4.992m0 0h4.992m-4.993 0 3.181 3.183a8.25 8.25 0 0 0 13.803-3.7M4.031 9.865a8.25 8.25 0 0 1 13.803-3.7l3.181 3.182m0-4.991v4.99" />
  </Icon>
);
export const ArrowDownIcon = (p: P) => (
  <Icon {...p}>
    <path d="M19.5 13.5 12 21m0 0-7.5-7.5M12 21V3" />
  </Icon>
);
export const ExclamationIcon = (p: P) => (
  <Icon {...p}>
    <path d="M12 9v3.75m-9.303 3.376c-.866 1.5.217 3.374 1.948 3.374h14.71c1.73 0 2.813-1.874 1.948-3.374L13.949 3.378c-.866-1.5-3.032-1.5-3.898 0L2.697 16.126ZM12 15.75h.007v.008H12v-.008Z" />
  </Icon>
);
export const SparklesIcon = (p: P) => (
  <Icon {...p}>
    <path d="M3.75 6.75h16.5M3.75 12h16.5m-16.5 5.25H12" />
  </Icon>
);
