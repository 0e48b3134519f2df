/**
 * Which parser reads a scraped body, chosen by its Content-Type as Prometheus chooses
 * (model/textparse/interface.go `New`): `application/openmetrics-text` is OpenMetrics,
 * `text/plain` the Prometheus text format. A body with no, an unparseable or an unknown
 * Content-Type is read as the Prometheus text format — what Prometheus 2 did, and what
 * Prometheus 3 does with `fallback_scrape_protocol: PrometheusText0.0.4`. Protobuf is refused:
 * Ringside never asks for it.
 */
import { parseOpenMetricsBytes } from './openmetrics-text';
import { parsePromBytes, type PromParseResult } from './prom-text';

/**
 * What a scrape asks for, as Prometheus' default `scrape_protocols` (OpenMetrics 1.0.0 and
 * 0.0.1, then the text format 0.0.4).
 */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** The format a Content-Type names. */
export type ExpositionFormat = 'openmetrics' | 'prometheus-text' | 'protobuf';

/** The media type of a Content-Type header, lower-cased, without parameters (RFC 9110). */
export function expositionFormat(contentType: string): ExpositionFormat {
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  switch (media) {
    case 'application/openmetrics-text':
      return 'openmetrics';
    case 'application/vnd.google.protobuf':
      return 'protobuf';
    default:
      return 'prometheus-text';
  }
}

/** Parses a scraped body with the parser its Content-Type names. Never throws. */
export function parseExposition(bytes: Uint8Array, contentType: string): PromParseResult {
  switch (expositionFormat(contentType)) {
    case 'openmetrics':
      return parseOpenMetricsBytes(bytes);
    case 'prometheus-text':
      return parsePromBytes(bytes);
    case 'protobuf':
      return {
        ok: false,
        errors: [
          {
            line: 1,
            column: 1,
            message: `the endpoint answered in protobuf (Content-Type "${contentType}"); expected OpenMetrics or Prometheus text`,
          },
        ],
      };
  }
}
