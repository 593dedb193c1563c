/**
 * The Explorer's sunburst data: the dataset's own task hierarchy (task_type → task_subtype →
 * task_subsubtype), sized by instruction count. Built from the loaded list rather than tasks.json,
 * so sizes are real and every instruction is somewhere.
 */
export interface HierarchyNode {
  name: string;
  value?: number;
  children?: HierarchyNode[];
}

export function taskHierarchy(items: readonly { task_type?: string; task_subtype?: string; task_subsubtype?: string }[], rootName = 'POLLUX'): HierarchyNode {
  const root = new Map<string, Map<string, Map<string, number>>>();
  for (const i of items) {
    const a = i.task_type || '—';
    const b = i.task_subtype || '—';
    const c = i.task_subsubtype || '';
    const l1 = root.get(a) ?? new Map<string, Map<string, number>>();
    root.set(a, l1);
    const l2 = l1.get(b) ?? new Map<string, number>();
    l1.set(b, l2);
    l2.set(c, (l2.get(c) ?? 0) + 1);
  }
  return {
    name: rootName,
    children: [...root].map(([a, l1]) => ({
      name: a,
      children: [...l1].map(([b, l2]) => {
        // A subtype without sub-subtypes is a leaf itself (no "—" ring).
        if (l2.size === 1 && l2.has('')) return { name: b, value: l2.get('') };
        return { name: b, children: [...l2].map(([c, n]) => ({ name: c || '—', value: n })) };
      }),
    })),
  };
}
