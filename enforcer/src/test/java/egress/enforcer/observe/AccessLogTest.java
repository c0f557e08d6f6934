package egress.enforcer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import egress.fixtures.GuideManifests;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    private static final Identity CURL = new Identity("curl", "curl");

    /** A record of curl/curl's GET of {@code path} on {@code host}, port 80, decided by {@code d} under snapshot 1. */
    private static AccessRecord getRecord(
            Instant time, String host, String path, Decision d, int status, long bytesUp) {
        return new AccessRecord(
                time, "curl/curl", "http", host, null, 80, null, "GET", path, d, 1, status, bytesUp, 0, 0);
    }

    /** The decision for a GET of / on {@code host}, port 80, from curl/curl. */
    private static Decision get(String host) throws Exception {
        return decide(EgressRequest.http(CURL, Ipv4.parse("10.0.0.1"), 80, host, "GET", "/", Map.of()));
    }

    private static Decision decide(EgressRequest r) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("t.yaml", GuideManifests.HTTPBIN_80));
        CompiledPolicySet compiled = PolicyCompiler.compile(set, set.meshConfigOrDefault(), Engine.OSM);
        return compiled.decide(r);
    }

    @Test
    void writesOneJsonLinePerDecisionWithEveryField() throws Exception {
        Decision d = decide(
                EgressRequest.http(CURL, Ipv4.parse("10.0.0.1"), 80, "httpbin.org", "GET", "/get?a=1", Map.of()));
        List<String> lines = new ArrayList<>();
        new AccessLog(lines::add)
                .log(new AccessRecord(
                        Instant.parse("2026-01-02T03:04:05Z"),
                        "curl/curl",
                        "http",
                        "httpbin.org",
                        "10.0.0.1",
                        80,
                        null,
                        "GET",
                        "/get",
                        d,
                        3,
                        200,
                        0,
                        313,
                        12));
        assertThat(lines)
                .containsExactly("{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"curl/curl\",\"protocol\":\"http\","
                        + "\"host\":\"httpbin.org\",\"ip\":\"10.0.0.1\",\"port\":80,\"sni\":null,\"method\":\"GET\","
                        + "\"path\":\"/get\",\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/httpbin-80\","
                        + "\"rule\":\"" + d.rule() + "\",\"reason\":\""
                        + d.reason().replace("\"", "\\\"") + "\","
                        + "\"snapshot\":3,\"status\":200,\"bytes_up\":0,\"bytes_down\":313,\"duration_ms\":12}");
    }

    @Test
    void aRefusalNamesItsSignalAndReason() throws Exception {
        Decision d = decide(EgressRequest.tls(CURL, Ipv4.parse("10.0.0.1"), 443, "evil.example"));
        String line = AccessLog.toJson(new AccessRecord(
                Instant.EPOCH,
                "curl/curl",
                "tls",
                "evil.example",
                "10.0.0.1",
                443,
                "evil.example",
                null,
                null,
                d,
                1,
                0,
                0,
                0,
                0));
        assertThat(line)
                .contains(
                        "\"verdict\":\"deny\"",
                        "\"signal\":\"connection-closed\"",
                        "\"policy\":null",
                        "\"sni\":\"evil.example\"")
                .doesNotContain("\"status\"");
    }

    @Test
    void reportOnlyAndAStagedDisagreementAreTheirOwnFieldsWithBothDecisions() throws Exception {
        Decision live = get("example.org");
        Decision staged = get("httpbin.org");
        String line = AccessLog.toJson(new AccessRecord(
                Instant.EPOCH,
                "curl/curl",
                "http",
                "example.org",
                "10.0.0.1",
                80,
                null,
                "GET",
                "/",
                live,
                1,
                200,
                0,
                10,
                1,
                new TrialNote(false, staged)));
        assertThat(line)
                .contains("\"verdict\":\"deny\",\"signal\":\"http-404\",\"policy\":null,")
                .contains(
                        "\"snapshot\":1,\"enforced\":false,\"staged\":{\"verdict\":\"allow\",\"signal\":\"forwarded\","
                                + "\"policy\":\"curl/httpbin-80\",\"rule\":\"" + staged.rule() + "\",\"reason\":")
                .endsWith("},\"status\":200,\"bytes_up\":0,\"bytes_down\":10,\"duration_ms\":1}");
        assertThat(AccessLog.toJson(new AccessRecord(
                        Instant.EPOCH,
                        "curl/curl",
                        "http",
                        "example.org",
                        "10.0.0.1",
                        80,
                        null,
                        "GET",
                        "/",
                        live,
                        1,
                        404,
                        0,
                        0,
                        1)))
                .doesNotContain("enforced", "staged");
    }

    @Test
    void aRequestTooBrokenToDecideIsLoggedAsInvalid() {
        String line = AccessLog.toJson(new AccessRecord(
                Instant.EPOCH, "curl/curl", "http", null, null, 0, null, null, null, null, 1, 400, 0, 0, 0));
        assertThat(line).contains("\"verdict\":\"invalid\"", "\"signal\":null", "\"status\":400");
    }

    @Test
    void theAsynchronousLogWritesEveryLineOnceClosedAndEscapesAsJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.async(out);
        for (int i = 0; i < 1000; i++) {
            log.log(getRecord(Instant.EPOCH, "h" + i, "/a\"b\\c\n\u0001", null, 400, 0));
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1000);
        assertThat(lines.get(999)).contains("\"host\":\"h999\"", "\"path\":\"/a\\\"b\\\\c\\n\\u0001\"");
        String path = null;
        try (JsonParser p = new JsonFactory().createParser(lines.get(0))) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("path")) {
                    p.nextToken();
                    path = p.getText();
                }
            }
        }
        assertThat(path).as("what a JSON parser reads back").isEqualTo("/a\"b\\c\n\u0001");
        assertThat(log.dropped()).isZero();
    }

    @Test
    void linesFromManyThreadsAreEachWrittenOnceAsTheirRecordsFormatAloneAndInTheirThreadsOrder() throws Exception {
        // several event loops log at once: the writer sees their runs of decisions interleaved, and its memory of the
        // last decision's bytes must still give each record its own line, each written once, in its thread's order
        Decision allow = get("httpbin.org");
        Decision deny = get("example.org");
        int threads = 4;
        int each = 3000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.async(out);
        List<List<String>> expected = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            List<String> mine = new ArrayList<>();
            expected.add(mine);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    Decision d = (i / (thread + 1)) % 3 == 0 ? deny : allow; // runs of different lengths per thread
                    AccessRecord r = getRecord(Instant.EPOCH.plusNanos(i), "t" + thread + "-" + i, "/", d, 200, 0);
                    mine.add(AccessLog.toJson(r));
                    log.log(r);
                }
            });
            running.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : running) {
            th.join();
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            String prefix = "\"host\":\"t" + t + "-";
            assertThat(lines.stream().filter(l -> l.contains(prefix)).toList())
                    .as("thread %d's lines, in its order", t)
                    .containsExactlyElementsOf(expected.get(t));
        }
        assertThat(log.dropped()).isZero();
    }

    @Test
    void theWriterWritesEveryLineAsItsRecordFormatsAloneWhateverDecisionCameBefore() throws Exception {
        // the writer keeps the last decision's fields as bytes: runs of one decision, alternations, a refusal made per
        // request, none at all, and a staged disagreement after each must still give each record's own line
        Decision allow = get("httpbin.org");
        Decision deny = get("example.org");
        List<Decision> order = new ArrayList<>(List.of(allow, allow, deny, allow, deny, deny));
        order.add(null);
        order.add(allow);
        order.add(Decision.refused(egress.policy.match.Signal.HTTP_403, "one \"refusal\""));
        order.add(Decision.refused(egress.policy.match.Signal.HTTP_403, "another"));
        order.add(allow);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.async(out);
        List<AccessRecord> records = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            AccessRecord r = getRecord(Instant.EPOCH, "h" + i, "/" + i, order.get(i), 200, i);
            records.add(r);
            log.log(r);
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(lines.get(i)).as("line %d", i).isEqualTo(AccessLog.toJson(records.get(i)));
        }
        assertThat(lines.get(2)).contains("\"verdict\":\"deny\"");
        assertThat(lines.get(6)).contains("\"verdict\":\"invalid\"");
    }

    @Test
    void linesAreUtf8AndABatchLargerThanTheWriteBufferIsWrittenWhole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.async(out);
        String path = "/caf\u00e9/\u65e5\u672c/\ud83d\ude00/" + "x".repeat(3000) + "\u007f\ud800";
        for (int i = 0; i < 100; i++) {
            log.log(getRecord(Instant.EPOCH, "h" + i, path, null, 400, 0));
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(100); // 100 lines of 3 KB: more than one 64 KiB write
        for (int i = 0; i < 100; i++) {
            assertThat(lines.get(i)).isEqualTo(AccessLog.toJson(getRecord(Instant.EPOCH, "h" + i, path, null, 400, 0)));
        }
        try (JsonParser p = new JsonFactory().createParser(lines.get(0))) {
            String read = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("path")) {
                    p.nextToken();
                    read = p.getText();
                }
            }
            // a lone surrogate has no UTF-8 form: '?' as String.getBytes writes it
            assertThat(read).isEqualTo(path.substring(0, path.length() - 1) + "?");
        }
    }

    @Test
    void timesAreWrittenExactlyAsInstantWritesThem() {
        List<Instant> cases = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.parse("2026-12-04T23:25:01Z"),
                Instant.parse("2026-12-04T23:25:01.120Z"),
                Instant.parse("2026-12-04T23:25:01.000001Z"),
                Instant.parse("2026-12-04T23:25:01.000000001Z"),
                Instant.parse("2028-02-29T00:00:00.5Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.5Z")));
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextInt(4) == 0
                    ? 1_764_890_000L + random.nextInt(3) // runs of the same second: the cached prefix is reused
                    : (long) (random.nextDouble() * 253_402_300_800L);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(second, nanos));
        }
        LineBuffer b = new LineBuffer(16);
        for (Instant t : cases) {
            b.clear();
            assertThat(b.instant(t).toString()).isEqualTo(t.toString());
        }
    }
}
