/** The console contract: one API, its view model, and what every transport derives from it. */
export * from './names';
export * from './view-model';
export * from './settings';
export * from './methods';
export * from './history';
export * from './team';
export * from './pushes';
export * from './api';
export * from './dispatch';
export * from './remote-api';
export * from './wire';
export * from './push-hub';
export * from './not-wired-api';
export * from './snapshot-patch';
