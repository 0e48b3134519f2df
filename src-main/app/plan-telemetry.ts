/**
 * The telemetry the facade wires by default: the plan's own sources and gates through the
 * runtime's telemetry monitor (scrapes, sequential and baseline gates, halt summaries),
 * pointed at the simulator's metrics endpoints in the demo, with its series store feeding
 * the charts.
 */
import { monitorForPlan } from '../runtime/telemetry/monitor-for-plan';
import { createSeriesStore } from '../runtime/series/series-store';
import type { TelemetryFactory } from './telemetry-port';

/** Points kept per series: an hour at 1 Hz. */
const MAX_POINTS = 3600;

/** Gate monitor and series from the plan's telemetry section. */
export const planTelemetry: TelemetryFactory = (built, ctx) => {
  const series = createSeriesStore({ clock: ctx.clock, maxPoints: MAX_POINTS });
  const monitor = monitorForPlan(built, {
    clock: ctx.clock,
    executor: ctx.executor,
    plan: built.plan,
    series,
    env: ctx.env,
    aws: ctx.aws,
    ...(ctx.sim ? { sim: ctx.sim } : {}),
  });
  return { monitor, series: monitor.telemetry?.series ?? series, close: async () => {} };
};
