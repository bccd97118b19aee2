/** A response position as a linked list (cheap to extend while walking; an array only when needed). */
export interface ResponsePath {
  readonly prev: ResponsePath | undefined;
  readonly key: string | number;
}

export function addPath(prev: ResponsePath | undefined, key: string | number): ResponsePath {
  return { prev, key };
}

export function pathToArray(path: ResponsePath | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let current = path; current !== undefined; current = current.prev) keys.push(current.key);
  return keys.reverse();
}
