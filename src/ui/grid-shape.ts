/**
 * How call tiles are laid out: a few tiles per page, in a grid that suits the screen.
 * `wide` means the stage is wider than tall (landscape, a desktop window).
 *
 * - 1 tile: the whole stage.  2: side by side (stacked when the stage is tall).
 * - 3–4: 2×2.  5–6: 3×2 (2×3 when tall).  7–9: 3×3.
 * - A phone-sized stage shows at most PHONE_TILES per page; a larger one DESKTOP_TILES.
 */
export const PHONE_TILES = 4
export const DESKTOP_TILES = 9
/** Below this stage width (CSS px), the stage counts as phone-sized. */
export const PHONE_MAX_WIDTH = 640

export interface GridShape {
  columns: number
  rows: number
}

export function tilesPerPage(stageWidth: number): number {
  return stageWidth < PHONE_MAX_WIDTH ? PHONE_TILES : DESKTOP_TILES
}

export function gridShape(count: number, wide: boolean): GridShape {
  if (count <= 1) return { columns: 1, rows: 1 }
  if (count === 2) return wide ? { columns: 2, rows: 1 } : { columns: 1, rows: 2 }
  if (count <= 4) return { columns: 2, rows: 2 }
  if (count <= 6) return wide ? { columns: 3, rows: 2 } : { columns: 2, rows: 3 }
  return { columns: 3, rows: 3 }
}

/** The page count and the tiles of page `page` (clamped to the last page). */
export function paginate<T>(items: readonly T[], perPage: number, page: number) {
  const pages = Math.max(1, Math.ceil(items.length / perPage))
  const current = Math.min(Math.max(0, page), pages - 1)
  return { pages, page: current, items: items.slice(current * perPage, (current + 1) * perPage) }
}

/**
 * The grid's order with `id` brought onto the page whose items are `onPage` (someone off the
 * page started speaking): it takes the place of the last member shown there, who takes its
 * place. `fixed` ids (this device's own tile) never move. The same order when `id` is shown or
 * unknown.
 */
export function bringOntoPage(
  order: readonly string[],
  id: string,
  onPage: readonly string[],
  fixed: readonly string[] = [],
): string[] {
  const from = order.indexOf(id)
  const swapWith = [...onPage].reverse().find((x) => !fixed.includes(x))
  if (from < 0 || onPage.includes(id) || swapWith === undefined) return [...order]
  const to = order.indexOf(swapWith)
  const next = [...order]
  next[to] = id
  next[from] = swapWith
  return next
}
