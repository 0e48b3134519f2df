/** Azure's tag semantics: names compare case-insensitively, values exactly. */

/** A tag filter of an Azure inventory: each name must have one of its values. */
export type TagFilter = Readonly<Record<string, string | readonly string[]>>;

/** Does a resource's tag set pass `filter` (every filter name present with an allowed value)? */
export function matchesTags(
  tags: Readonly<Record<string, string>> | undefined,
  filter: TagFilter | undefined,
): boolean {
  if (filter === undefined) {
    return true;
  }
  const byName = new Map<string, string>();
  for (const [k, v] of Object.entries(tags ?? {})) {
    byName.set(k.toLowerCase(), v);
  }
  return Object.entries(filter).every(([name, want]) => {
    const have = byName.get(name.toLowerCase());
    return have !== undefined && (typeof want === 'string' ? have === want : want.includes(have));
  });
}
