interface PathTrieNode {
  covered: boolean;
  readonly children: Map<string | number, PathTrieNode>;
}

/** A set of response positions that answers "is this position, or one above it, in the set?". */
export class PathSet {
  private readonly root: PathTrieNode = { covered: false, children: new Map() };

  add(path: readonly (string | number)[]): void {
    let node = this.root;
    for (const key of path) {
      let child = node.children.get(key);
      if (child === undefined) {
        child = { covered: false, children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.covered = true;
  }

  /** Whether `path` or one of its ancestors (the empty path included) was added. */
  covers(path: readonly (string | number)[]): boolean {
    let node: PathTrieNode | undefined = this.root;
    for (const key of path) {
      if (node.covered) return true;
      node = node.children.get(key);
      if (node === undefined) return false;
    }
    return node.covered;
  }
}
