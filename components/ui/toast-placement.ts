/** A box on the screen, in viewport pixels. */
export interface ScreenBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The toast column's gap to the viewport's bottom edge (Tailwind's bottom-4) and to a bar it clears. */
export const TOAST_MARGIN = 16;
const GAP = 12;

/**
 * How far above the viewport's bottom edge the toast column sits so that it covers none of the
 * action bars on screen (`data-toast-avoid`, e.g. the policy editor's Save/Reset bar): the
 * usual margin, or just above the highest bar it would otherwise overlap. A bar too high to
 * clear (the column would leave the screen) is not avoided.
 */
export function toastBottomOffset(column: { left: number; right: number; height: number }, viewportHeight: number, bars: readonly ScreenBox[]): number {
  let offset = TOAST_MARGIN;
  // Lifting above one bar can bring the column over another one higher up: settle in a few passes.
  for (let pass = 0; pass < bars.length; pass++) {
    const top = viewportHeight - offset - column.height;
    const bottom = viewportHeight - offset;
    const hit = bars.filter((b) => b.right > column.left && b.left < column.right && b.bottom > top && b.top < bottom && b.bottom > 0 && b.top < viewportHeight);
    if (hit.length === 0) return offset;
    const lifted = viewportHeight - Math.min(...hit.map((b) => b.top)) + GAP;
    if (lifted + column.height > viewportHeight - TOAST_MARGIN || lifted <= offset) return offset;
    offset = lifted;
  }
  return offset;
}
