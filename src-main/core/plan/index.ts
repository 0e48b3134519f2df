/** The plan format: parse, validate and resolve `ringside.yaml` into a RolloutPlan. */
export { parsePlanText, describePath, issueErrors, type ParsedPlan } from './parse';
export { makeLocator, type Locate, type DocPath } from './positions';
export { hostSchema } from './schema-fleet';
export { buildRolloutPlan, planFromText, bakeMs, type BuiltPlan } from './build';
export { estimateDuration, type DurationEstimate } from './estimate';
export {
  formatPlanError,
  sortPlanErrors,
  ok,
  fail,
  type PlanError,
  type Result,
  type SourcePos,
} from './errors';
export { matchesLabels, type InventoryHost, type InventoryHosts } from './fleet';
export { planSchema, type PlanDocument } from './schema';
export { inventoryFormats, type InventoryFormat } from './schema-fleet';
export { scanTemplate, type TemplateRef } from './template-vars';
export { checkAliasesAndDepth, documentData } from './yaml-guards';
export { hostListYaml, type ListedHostFields } from './host-list-text';
export { readBlockHostList, type BlockHostList } from './host-list-block';
