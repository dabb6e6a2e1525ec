// Pure (no 'electron' import): the remembered window size/position, validated and clamped onto a
// display that exists now (a laptop undocked from its second monitor must not open the window off-screen).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** How much of the window (title bar area) must be on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

const isFiniteInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads what was saved (any JSON); null when it is not a usable state. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  const b = r.bounds;
  if (!b || !isFiniteInt(b.x) || !isFiniteInt(b.y) || !isFiniteInt(b.width) || !isFiniteInt(b.height)) return null;
  if (b.width <= 0 || b.height <= 0) return null;
  return { bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }, maximized: r.maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centeredIn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: area.x + Math.round((area.width - w) / 2), y: area.y + Math.round((area.height - h) / 2), width: w, height: h };
}

/**
 * Where to open the window: the saved bounds when enough of the window's top strip is on one of the
 * current displays' work areas (shrunk to fit that display); otherwise the default size centred on the
 * primary display. `workAreas[0]` is the primary display.
 */
export function clampToVisibleDisplay(saved: WindowState | null, workAreas: Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const fallback: WindowState = { bounds: centeredIn(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const b = saved.bounds;
  const titleStrip: Rect = { x: b.x, y: b.y, width: b.width, height: Math.min(b.height, 48) };
  let best: { area: Rect; visible: number } | null = null;
  for (const area of workAreas) {
    const o = overlap(titleStrip, area);
    if (o.width >= Math.min(MIN_VISIBLE.width, b.width) && o.height >= Math.min(MIN_VISIBLE.height, titleStrip.height)) {
      const visible = o.width * o.height;
      if (!best || visible > best.visible) best = { area, visible };
    }
  }
  if (!best) return fallback;
  const area = best.area;
  const width = Math.max(Math.min(b.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(b.height, area.height), Math.min(MIN_SIZE.height, area.height));
  // Keep the position, but pull the window fully inside the work area when it sticks out.
  const x = Math.min(Math.max(b.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(b.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
