/**
 * The plot of a live chart: its size (measured, like a responsive container), the axis
 * scales from the time and value domains, and a context its layers (lines, band, moments)
 * read them from. Plain functions of the domains: nothing here keeps a store that every
 * sample would have to update (recharts' chart store did, and cost a chart update a long
 * frame each second).
 */
import {
  createContext,
  useContext,
  useLayoutEffect,
  useMemo,
  useState,
  type RefObject,
} from 'react';

/** A function on numbers: time or value to pixels. */
export type Scale = (v: number) => number;

/** The drawing area inside the chart's margins, in the chart's pixels. */
export interface PlotArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What every layer of the chart draws with. */
export interface Plot {
  readonly x: Scale;
  readonly y: Scale;
  /** Pixels back to time (for hover and drag). */
  readonly timeAt: (px: number) => number;
  readonly plot: PlotArea;
  /** The whole chart's size. */
  readonly width: number;
  readonly height: number;
}

/** Space around the plot: moment labels above, time labels below, value labels left. */
export const PLOT_MARGIN = { top: 40, right: 16, bottom: 26, left: 68 } as const;

/** The straight line through (d0, r0) and (d1, r1); the middle of the range without a span. */
export function linearScale(domain: readonly number[], range: readonly [number, number]): Scale {
  const d0 = domain[0] ?? 0;
  const d1 = domain[1] ?? d0;
  const [r0, r1] = range;
  if (!(d1 !== d0) || !Number.isFinite(d0) || !Number.isFinite(d1)) {
    const mid = (r0 + r1) / 2;
    return () => mid;
  }
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The plot for a chart `width` × `height` showing `xDomain` × `yDomain`; null with no room. */
export function makePlot(
  width: number,
  height: number,
  xDomain: readonly number[],
  yDomain: readonly number[],
): Plot | null {
  const plot: PlotArea = {
    x: PLOT_MARGIN.left,
    y: PLOT_MARGIN.top,
    width: width - PLOT_MARGIN.left - PLOT_MARGIN.right,
    height: height - PLOT_MARGIN.top - PLOT_MARGIN.bottom,
  };
  if (!(plot.width > 0 && plot.height > 0)) {
    return null;
  }
  const x = linearScale(xDomain, [plot.x, plot.x + plot.width]);
  // Values grow upwards.
  const y = linearScale(yDomain, [plot.y + plot.height, plot.y]);
  const t0 = xDomain[0] ?? 0;
  const t1 = xDomain[1] ?? t0;
  const timeAt = (px: number) => (t1 === t0 ? t0 : t0 + ((px - plot.x) / plot.width) * (t1 - t0));
  return { x, y, timeAt, plot, width, height };
}

/** The width of `ref`'s element, kept current as it resizes (0 before the first layout). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) {
      return undefined;
    }
    setWidth(Math.floor(el.getBoundingClientRect().width));
    if (typeof ResizeObserver === 'undefined') {
      return undefined;
    }
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) {
        setWidth(Math.floor(w));
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** {@link makePlot}, the same object while its inputs are equal (layers are memoised on it). */
export function usePlotOf(
  width: number,
  height: number,
  xDomain: readonly number[],
  yDomain: readonly number[],
): Plot | null {
  return useMemo(
    () => makePlot(width, height, xDomain, yDomain),
    [width, height, xDomain, yDomain],
  );
}

const PlotContext = createContext<Plot | null>(null);

/** Provides the plot to the chart's layers. */
export const PlotProvider = PlotContext.Provider;

/** The plot of the chart around a layer, or null before its first layout. */
export function usePlot(): Plot | null {
  return useContext(PlotContext);
}
