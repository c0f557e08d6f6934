package egress.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedTrafficTest {
    @TempDir
    Path dir;

    static String enforcerLine(String time, String path, String verdict) {
        return "{\"time\":\"" + time + "\",\"source\":\"curl/curl\",\"protocol\":\"http\",\"host\":\"httpbin.org\","
                + "\"ip\":\"10.0.0.1\",\"port\":80,\"sni\":null,\"method\":\"GET\",\"path\":\"" + path
                + "\",\"verdict\":\""
                + verdict
                + "\",\"signal\":\"forwarded\",\"policy\":null,\"rule\":null,\"reason\":\"r\",\"snapshot\":1}";
    }

    @Test
    void keepsOneEntryPerDistinctRequestWithItsCountAndFirstAndLastSeen() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(
                log,
                String.join(
                        "\n",
                        enforcerLine("2026-01-02T03:04:07Z", "/get", "allow"),
                        enforcerLine("2026-01-02T03:04:05Z", "/get", "allow"),
                        enforcerLine("2026-01-02T03:04:06Z", "/headers", "allow"),
                        enforcerLine("2026-01-02T03:04:09Z", "/get", "allow"),
                        "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}",
                        "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}"));

        LoadedTraffic t = LoadedTraffic.read(List.of(log), null, null, 100);

        assertThat(t.total()).isEqualTo(6);
        assertThat(t.unreadable()).isZero();
        List<LoadedTraffic.Observed> seen = t.observed();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).count()).isEqualTo(3);
        assertThat(seen.get(0).sample().line()).isEqualTo(1);
        assertThat(seen.get(0).firstSeen())
                .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        assertThat(seen.get(0).lastSeen())
                .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:09Z").toEpochMilli());
        assertThat(seen.get(1).sample().request().path()).isEqualTo("/headers");
        assertThat(seen.get(2).count()).isEqualTo(2);
        assertThat(seen.get(2).firstSeen()).isEqualTo(-1); // the replay format records no time
    }

    @Test
    void countsUnreadableLinesAndKeepsTheFirstFewByFileAndLine() throws Exception {
        Path log = dir.resolve("mixed.log.gz");
        StringBuilder text = new StringBuilder(enforcerLine("2026-01-02T03:04:05Z", "/get", "allow")).append('\n');
        for (int i = 0; i < LoadedTraffic.MAX_PROBLEMS + 5; i++) {
            text.append("not json ").append(i).append('\n');
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }

        LoadedTraffic t = LoadedTraffic.read(List.of(log), TrafficFormat.AUTO, null, 100);

        assertThat(t.total()).isEqualTo(1);
        assertThat(t.unreadable()).isEqualTo(LoadedTraffic.MAX_PROBLEMS + 5);
        assertThat(t.problems()).hasSize(LoadedTraffic.MAX_PROBLEMS);
        assertThat(t.problems().get(0)).startsWith(log + ":2: not JSON");
    }

    @Test
    void keepsAtMostMaxDistinctEntriesAndCountsTheRest() throws Exception {
        LoadedTraffic t = new LoadedTraffic(2);
        long v0 = t.version();
        t.read(
                "in",
                new java.io.ByteArrayInputStream(String.join(
                                "\n",
                                enforcerLine("2026-01-02T03:04:05Z", "/a", "allow"),
                                enforcerLine("2026-01-02T03:04:05Z", "/b", "allow"),
                                enforcerLine("2026-01-02T03:04:05Z", "/c", "allow"),
                                enforcerLine("2026-01-02T03:04:05Z", "/a", "deny"))
                        .getBytes(StandardCharsets.UTF_8)),
                null,
                null);

        assertThat(t.distinct()).isEqualTo(2);
        assertThat(t.total()).isEqualTo(4);
        assertThat(t.notKept()).isEqualTo(1);
        assertThat(t.observed().get(0).count()).isEqualTo(2); // allowed and refused alike: the same request
        assertThat(t.version()).isGreaterThan(v0);
    }
}
