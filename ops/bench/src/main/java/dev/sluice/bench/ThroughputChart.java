package dev.sluice.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The report's PNG, drawn with plain Java 2D (headless, no chart library): files/min of the contenders; of
 * Sluice against max.batch.files; and of bare and Sluice against the thread count. Without {@code --sweep} the two
 * line panels show the points the main run measured.
 */
final class ThroughputChart {

    private static final int PANEL_W = 420;
    private static final int H = 400;
    private static final Color LIMIT = new Color(0x8C8C8C);
    private static final Color BARE = new Color(0x4C72B0);
    private static final Color NAIVE = new Color(0xC44E52);
    private static final Color SLUICE = new Color(0x55A868);
    private static final Color PEER = new Color(0x8172B2);

    private record Series(String name, Color color, List<double[]> points, boolean dashed) {
    }

    private ThroughputChart() {
    }

    static void write(BenchResults r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(PANEL_W * 3, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), H);
        bars(g, 0, r);
        batchPanel(g, PANEL_W, r);
        threadPanel(g, 2 * PANEL_W, r);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void bars(Graphics2D g, int x0, BenchResults r) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        add(names, values, colors, "limit", r.limitMedian(), LIMIT);
        add(names, values, colors, "bare", r.bareMedian(), BARE);
        add(names, values, colors, r.naive != null && r.naive.capped() ? "naive*" : "naive", r.naive, NAIVE);
        add(names, values, colors, "sluice", r.sluiceMedian(), SLUICE);
        r.peers.forEach(p -> add(names, values, colors, p.job().peer().exactlyOnce() ? p.measurement().name()
                : p.measurement().name() + "†", p.measurement(), PEER));
        double max = niceMax(values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        Frame f = frame(g, x0, "Files per minute, " + r.corpusName + ", T=" + r.options.threads(), max);
        int n = Math.max(1, names.size());
        int slot = f.w / n;
        for (int i = 0; i < names.size(); i++) {
            int barH = (int) Math.round(values.get(i) / max * f.h);
            int bx = f.x + i * slot + slot / 5;
            g.setColor(colors.get(i));
            g.fillRect(bx, f.y + f.h - barH, slot * 3 / 5, barH);
            g.setColor(Color.DARK_GRAY);
            centred(g, names.get(i), bx + slot * 3 / 10, f.y + f.h + 16);
            centred(g, short3(values.get(i)), bx + slot * 3 / 10, f.y + f.h - barH - 4);
        }
        if (r.naive != null && r.naive.capped()) {
            g.drawString("* capped, extrapolated", f.x, H - 8);
        }
        if (r.peers.stream().anyMatch(p -> !p.job().peer().exactlyOnce())) {
            g.drawString("† at-least-once", f.x + f.w - 90, H - 8);
        }
    }

    private static void add(List<String> names, List<Double> values, List<Color> colors, String name, Measurement m,
                            Color color) {
        if (m != null) {
            names.add(name);
            values.add(m.filesPerMinute());
            colors.add(color);
        }
    }

    private static void batchPanel(Graphics2D g, int x0, BenchResults r) {
        List<double[]> sluice = new ArrayList<>();
        if (!r.batchSweep.isEmpty()) {
            r.batchSweep.forEach(p -> sluice.add(new double[] {p.x(), p.measurement().filesPerMinute()}));
        } else if (r.sluiceMedian() != null) {
            sluice.add(new double[] {batchSetting(r), r.sluiceMedian().filesPerMinute()});
        }
        List<Series> series = new ArrayList<>();
        series.add(new Series("sluice", SLUICE, sluice, false));
        if (r.bareMedian() != null) {
            double bare = r.bareMedian().filesPerMinute();
            series.add(new Series("bare (no batches)", BARE, List.of(new double[] {1, bare}, new double[] {1000, bare}),
                    true));
        }
        lines(g, x0, "Sluice against max.batch.files" + (r.batchSweep.isEmpty() ? " (run --sweep)" : ""), series,
                new double[] {1, 10, 50, 200, 1000}, true);
    }

    private static void threadPanel(Graphics2D g, int x0, BenchResults r) {
        List<double[]> bare = new ArrayList<>();
        if (r.bareOneThread != null) {
            bare.add(new double[] {1, r.bareOneThread.filesPerMinute()});
        }
        if (r.bareMedian() != null) {
            bare.add(new double[] {r.options.threads(), r.bareMedian().filesPerMinute()});
        }
        List<double[]> sluice = new ArrayList<>();
        if (!r.threadSweep.isEmpty()) {
            r.threadSweep.forEach(p -> sluice.add(new double[] {p.x(), p.measurement().filesPerMinute()}));
        } else if (r.sluiceMedian() != null) {
            sluice.add(new double[] {r.options.threads(), r.sluiceMedian().filesPerMinute()});
        }
        double[] ticks = r.options.threads() > 2 ? new double[] {1, 2, r.options.threads()} : new double[] {1, 2};
        lines(g, x0, "Against analysis threads", List.of(new Series("bare", BARE, bare, false),
                new Series("sluice", SLUICE, sluice, false)), ticks, false);
    }

    private static int batchSetting(BenchResults r) {
        String set = r.options.sluiceSettings().get("max.batch.files");
        return set == null ? 200 : Integer.parseInt(set);
    }

    private static void lines(Graphics2D g, int x0, String title, List<Series> series, double[] ticks, boolean logX) {
        double max = niceMax(series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max().orElse(1));
        Frame f = frame(g, x0, title, max);
        double lo = logX ? Math.log10(ticks[0]) : ticks[0];
        double hi = logX ? Math.log10(ticks[ticks.length - 1]) : ticks[ticks.length - 1];
        java.util.function.DoubleUnaryOperator px = x -> f.x + 10 + ((logX ? Math.log10(x) : x) - lo) / (hi - lo)
                * (f.w - 20);
        g.setColor(Color.DARK_GRAY);
        for (double t : ticks) {
            int tx = (int) px.applyAsDouble(t);
            g.drawLine(tx, f.y + f.h, tx, f.y + f.h + 4);
            centred(g, String.format(Locale.ROOT, "%.0f", t), tx, f.y + f.h + 16);
        }
        int legendY = f.y + 14;
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1,
                    new float[] {6, 4}, 0) : new BasicStroke(2));
            int[] prev = null;
            for (double[] p : s.points()) {
                int[] at = {(int) px.applyAsDouble(p[0]), f.y + f.h - (int) Math.round(p[1] / max * f.h)};
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], at[0], at[1]);
                }
                if (!s.dashed()) {
                    g.fillOval(at[0] - 4, at[1] - 4, 8, 8);
                    g.drawString(short3(p[1]), at[0] + 5, at[1] - 6);
                }
                prev = at;
            }
            g.setStroke(new BasicStroke(1));
            g.drawLine(f.x + f.w - 120, legendY - 4, f.x + f.w - 100, legendY - 4);
            g.drawString(s.name(), f.x + f.w - 95, legendY);
            legendY += 16;
        }
    }

    /** A panel's axes: title, y axis from 0 to {@code max} files/min with grid lines. */
    private record Frame(int x, int y, int w, int h) {
    }

    private static Frame frame(Graphics2D g, int x0, String title, double max) {
        Frame f = new Frame(x0 + 60, 40, PANEL_W - 80, H - 90);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        centred(g, title, x0 + PANEL_W / 2, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int gy = f.y + f.h - f.h * i / 4;
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(f.x, gy, f.x + f.w, gy);
            g.setColor(Color.DARK_GRAY);
            String label = short3(max * i / 4);
            g.drawString(label, f.x - 6 - g.getFontMetrics().stringWidth(label), gy + 4);
        }
        g.drawLine(f.x, f.y, f.x, f.y + f.h);
        g.drawLine(f.x, f.y + f.h, f.x + f.w, f.y + f.h);
        g.drawString("files/min", x0 + 8, f.y - 8);
        return f;
    }

    private static void centred(Graphics2D g, String s, int cx, int y) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least 10% above the largest value. */
    private static double niceMax(double value) {
        double v = Math.max(1, value * 1.1);
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String short3(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
