/**
 * The incident timeline: a projection of the rollout journal into plain-language entries
 * (time, who, ring, kind, text) and pure exporters (Markdown, JSON, CSV, HTML) that return
 * strings. Events carry no secrets, so neither do the exports.
 */
export * from './project';
export * from './document';
export * from './export';
export * from './chart-markers';
export * from './chart-style';
