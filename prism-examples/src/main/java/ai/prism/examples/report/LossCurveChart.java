package ai.prism.examples.report;

import ai.prism.core.capture.BatchRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The loss-curve PNG: per-batch online loss (nats, left axis) and running bpb (right axis) against covered bytes. */
final class LossCurveChart {
  static final int WIDTH = 960;
  static final int HEIGHT = 540;

  private LossCurveChart() {}

  static byte[] png(String title, List<BatchRecord> records) {
    XYSeries loss = new XYSeries("online loss (nats/token)");
    XYSeries bpb = new XYSeries("running prequential bpb");
    for (BatchRecord r : records) {
      loss.add(r.cumulativeCoveredBytes(), r.loss());
      double running = r.runningBitsPerByte();
      if (Double.isFinite(running)) {
        bpb.add(r.cumulativeCoveredBytes(), running);
      }
    }
    NumberAxis bytes = new NumberAxis("covered bytes");
    NumberAxis nats = new NumberAxis("online loss (nats/token)");
    nats.setAutoRangeIncludesZero(true);
    NumberAxis bits = new NumberAxis("running bpb (bits/byte)");
    bits.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(new XYSeriesCollection(loss), bytes, nats, line(new Color(0x4C72B0), 1f));
    plot.setRangeAxis(1, bits);
    plot.setDataset(1, new XYSeriesCollection(bpb));
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, line(new Color(0xC44E52), 2f));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the loss curve: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static XYLineAndShapeRenderer line(Color color, float width) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, color);
    renderer.setSeriesStroke(0, new BasicStroke(width));
    return renderer;
  }
}
