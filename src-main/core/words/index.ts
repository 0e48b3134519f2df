/** The words a person reads: one vocabulary for states, events, actions and messages. */
export * from './state-words';
export * from './status-views';
export * from './messages';
export * from './gate-comparison';
export * from './clock-time';
export * from './notification-words';
export * from './team-words';
export * from './approval-words';
export * from './alarm-words';
