/** Every list is a Relay connection: `first` defaults to this many items, and may ask for at most this many. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
