/** The plain-language halt summary (pure). */
export {
  writeHaltSummary,
  value as formatMetricValue,
  type HaltSummaryInput,
  type SummaryDomain,
  type SummarySide,
  type SummarySignature,
} from './halt-summary';
