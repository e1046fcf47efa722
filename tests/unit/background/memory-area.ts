/** An in-memory stand-in for a browser storage area (session or local), with its map exposed to assert on. */
export function memoryArea() {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key: string) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key: string) => void data.delete(key),
  };
}
