/**
 * A `RingsideApi` whose every method answers "engine not wired yet": lets `ringside serve`
 * and the Electron shell run before the app facade exists, with an honest error in the UI.
 */
import type { RingsideApi } from './api';
import { methodNames } from './names';
import { createPushHub } from './push-hub';

/** Builds the placeholder API; pushes never fire. */
export function createNotWiredApi(): RingsideApi {
  const methods = Object.fromEntries(
    methodNames.map((m) => [
      m,
      async () => {
        throw new Error(`${m}: engine not wired yet (the app facade lands in the next wave)`);
      },
    ]),
  );
  return { ...methods, ...createPushHub().subscriptions } as RingsideApi;
}
