package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe report's page as a person sees it: rendered by headless Chromium. */
class ReportChromiumTest {
  @TempDir Path dir;

  @Test
  void renderedPageShowsChartsAndTheTablesRealFigures() throws Exception {
    ReportTables t = ReportTables.events(dir);
    Path page = dir.resolve("report.html");
    CliRun run = CliRun.floe("report", "ml.events", "-w", t.warehouse(), "--out", page.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    HeadlessChromium chromium = new HeadlessChromium(dir);

    Path png = dir.resolve("report.png");
    chromium.screenshot(page, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        inked += rgb == 0xffffff ? 0 : 1;
      }
    }
    // Text alone anti-aliases into greys; the charts add the palette's colours.
    assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
    assertThat(inked)
        .as("non-white pixels")
        .isGreaterThan(image.getWidth() * image.getHeight() / 200);
    assertThat(colours).contains(0x2563eb, 0xf59e0b); // bar fills: files at size, small files

    String dom = chromium.dumpDom(page);
    assertThat(dom).contains("data files<b>10</b>").contains("snapshots<b>5</b>");
    assertThat(dom).contains("<span id=\"head\">" + t.mainSnapshots().get(4) + "</span>");
    for (long id : t.mainSnapshots()) {
      assertThat(dom).contains("<td>" + id + "</td>");
    }
    assertThat(dom).contains("<td>ingest-alpha</td><td class=\"n\">3</td>");
    assertThat(dom).contains("<td>ingest-beta</td><td class=\"n\">2</td>");
    assertThat(dom).contains("<td>0/country=DE</td><td class=\"n\">5</td>");
    assertThat(dom)
        .contains("<td>exp-1</td><td>branch</td>")
        .contains("<td>train-1</td><td>tag</td>");
    assertThat(dom).contains("<td>floe-pin-" + t.tagged() + "</td><td>" + t.tagged() + "</td>");
    assertThat(dom).contains("5 profiled appends");
  }
}
