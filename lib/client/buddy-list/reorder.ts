// Moving an item up or down a list: user tuples and contact groups are reordered this way.

/** The list with the item at `index` moved by `delta` places (clamped to the ends). */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = Math.min(items.length - 1, Math.max(0, index + delta));
  const item = items[index];
  if (item === undefined || target === index) return [...items];
  const rest = items.filter((_, position) => position !== index);
  rest.splice(target, 0, item);
  return rest;
}
