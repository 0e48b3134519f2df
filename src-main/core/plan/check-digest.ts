/**
 * `{{digest}}` stands for the release's pinned content digest. A template that names it in a
 * plan that pins none could render only for no host at all: refuse it where it is written.
 */
import type { PlanError } from './errors';
import type { Locate } from './positions';
import type { PlanDocument } from './schema';
import { templateSites } from './check-references';
import { scanTemplate } from './template-vars';

/** Templates naming {{digest}} when `release.digest` is not set. */
export function checkDigestUse(doc: PlanDocument, file: string, locate: Locate): PlanError[] {
  if (doc.release.digest !== undefined) {
    return [];
  }
  const errors: PlanError[] = [];
  for (const site of templateSites(doc)) {
    const scan = scanTemplate(site.template);
    if (!scan.ok) {
      continue;
    }
    scan.refs.forEach((ref, nth) => {
      if (ref.name === 'digest') {
        const p = locate(site.path, 'value', nth);
        errors.push({
          file,
          line: p.line,
          col: p.col,
          message:
            "template variable '{{digest}}' needs the release's digest: expected release.digest " +
            "(e.g. digest: 'sha256:…') in the plan",
        });
      }
    });
  }
  return errors;
}
