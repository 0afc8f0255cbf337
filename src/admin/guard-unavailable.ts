// Wraps every method of an admin store so a backend that cannot be reached surfaces as StoreUnavailableError
// (the API answers 503 with Retry-After), like the event store, instead of an unexplained 500.
import type { AdminStore } from './admin-store.ts';

export function guardUnavailable(
  store: AdminStore,
  mapError: (error: unknown) => unknown,
  /** Runs each call: where a backend watches its outcomes (replaceable-client.ts). */
  around: <T>(operation: () => Promise<T>) => Promise<T> = (operation) => operation(),
): AdminStore {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as Array<[string, unknown]>) {
    guarded[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await around(() => (method as (...a: unknown[]) => Promise<unknown>).apply(store, args));
            } catch (error) {
              throw mapError(error);
            }
          }
        : method;
  }
  return guarded as unknown as AdminStore;
}
