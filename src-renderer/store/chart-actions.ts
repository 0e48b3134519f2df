/** Store updates for the charts: their history and the zoomed time range. */
import type { ChartHistory } from '../../src-main/core/contract';
import { useAppStore } from './app-store';
import { historyFrom } from './chart-history';

/** Replaces the charts' history with what main read from the journals. */
export function setChartHistory(h: ChartHistory): void {
  useAppStore.setState({ chartHistory: historyFrom(h) });
}

/** Zooms every chart to [from, to] (ordered whichever way it was dragged), or back out. */
export function setZoom(range: { from: number; to: number } | null): void {
  useAppStore.setState({
    zoom:
      range === null
        ? null
        : { from: Math.min(range.from, range.to), to: Math.max(range.from, range.to) },
  });
}
