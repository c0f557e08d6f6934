package egress.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.match.AppProtocol;
import egress.policy.match.Verdict;
import egress.policy.model.Identity;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficReaderTest {
    /** Lines as the enforcer's AccessLog writes them today (see AccessLogTest). */
    static final String ENFORCER_HTTP =
            "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"curl/curl\",\"protocol\":\"http\","
                    + "\"host\":\"httpbin.org\",\"ip\":\"10.0.0.1\",\"port\":80,\"sni\":null,\"method\":\"GET\","
                    + "\"path\":\"/get\",\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/httpbin-80\","
                    + "\"rule\":\"r\",\"reason\":\"ok\",\"snapshot\":3,\"status\":200,\"bytes_up\":0,\"bytes_down\":313,\"duration_ms\":12}";

    static final String ENFORCER_TLS_DENY =
            "{\"time\":\"1970-01-01T00:00:00Z\",\"source\":\"curl/curl\",\"protocol\":\"tls\","
                    + "\"host\":\"evil.example\",\"ip\":\"10.0.0.1\",\"port\":443,\"sni\":\"evil.example\",\"method\":null,\"path\":null,"
                    + "\"verdict\":\"deny\",\"signal\":\"connection-closed\",\"policy\":null,\"rule\":null,\"reason\":\"no\",\"snapshot\":1,"
                    + "\"bytes_up\":0,\"bytes_down\":0,\"duration_ms\":0}";
    /** Envoy's default JSON access log, with "-" and null for operators without a value. */
    static final String ENVOY_HTTP =
            "{\"start_time\":\"2026-01-02T03:04:05.123Z\",\"method\":\"GET\",\"path\":\"/get?a=1\","
                    + "\"protocol\":\"HTTP/1.1\",\"response_code\":\"200\",\"response_code_details\":\"via_upstream\","
                    + "\"time_to_first_byte\":\"12\",\"upstream_cluster\":\"httpbin.org:8080\",\"response_flags\":\"-\","
                    + "\"bytes_received\":\"0\",\"bytes_sent\":\"313\",\"duration\":\"13\",\"upstream_service_time\":\"12\","
                    + "\"x_forwarded_for\":null,\"user_agent\":\"curl/7.88.1\",\"request_id\":\"abc\",\"requested_server_name\":null,"
                    + "\"authority\":\"httpbin.org:8080\",\"upstream_host\":\"203.0.113.10:8080\"}";

    static final String ENVOY_NO_ROUTE =
            "{\"start_time\":\"2026-01-02T03:04:06Z\",\"method\":\"GET\",\"path\":\"/status/200\","
                    + "\"protocol\":\"HTTP/1.1\",\"response_code\":\"404\",\"response_code_details\":\"route_not_found\","
                    + "\"upstream_cluster\":null,\"response_flags\":\"NR\",\"authority\":\"httpbin.org\",\"upstream_host\":null}";
    static final String ENVOY_TLS =
            "{\"start_time\":\"2026-01-02T03:04:07Z\",\"method\":null,\"path\":null,\"protocol\":null,"
                    + "\"response_code\":\"0\",\"upstream_cluster\":\"httpbin.org:443\",\"response_flags\":\"-\","
                    + "\"requested_server_name\":\"httpbin.org\",\"authority\":null,\"upstream_host\":\"203.0.113.10:443\"}";
    static final String ENVOY_TCP =
            "{\"start_time\":\"2026-01-02T03:04:08Z\",\"method\":\"-\",\"path\":\"-\",\"protocol\":\"-\","
                    + "\"response_code\":\"0\",\"upstream_cluster\":\"10.1.2.3:5432\",\"response_flags\":\"-\","
                    + "\"requested_server_name\":\"-\",\"authority\":\"-\",\"upstream_host\":\"10.1.2.3:5432\"}";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<RecordedRequest> read(TrafficFormat format, Identity from, Path file, TrafficReader[] readerOut)
            throws Exception {
        TrafficReader reader = new TrafficReader(format, from, new PrintStream(err, true, StandardCharsets.UTF_8));
        List<RecordedRequest> out = new ArrayList<>();
        reader.read(file.toString(), out::add, null);
        if (readerOut != null) {
            readerOut[0] = reader;
        }
        return out;
    }

    @Test
    void readsTheThreeFormatsMixedLineByLineAndReportsUnreadableLinesByNumber() throws Exception {
        Path file = dir.resolve("mixed.jsonl");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                ENFORCER_HTTP,
                                "{\"from\":\"shop/api\",\"curl\":\"curl -s https://api.example.com/v1\"}",
                                "not json",
                                "",
                                ENVOY_HTTP,
                                "{\"from\":\"shop/api\",\"protocol\":\"tcp\",\"ip\":\"10.0.0.5\",\"port\":5432}",
                                "{\"something\":1}",
                                ENFORCER_TLS_DENY)
                        + "\n");
        TrafficReader[] reader = new TrafficReader[1];
        List<RecordedRequest> got = read(TrafficFormat.AUTO, Identity.parse("curl/curl"), file, reader);

        assertThat(got).extracting(RecordedRequest::line).containsExactly(1L, 2L, 5L, 6L, 8L);
        assertThat(got)
                .extracting(RecordedRequest::format)
                .containsExactly(
                        TrafficFormat.ENFORCER,
                        TrafficFormat.REPLAY,
                        TrafficFormat.ENVOY,
                        TrafficFormat.REPLAY,
                        TrafficFormat.ENFORCER);
        assertThat(reader[0].unreadable()).isEqualTo(2);
        assertThat(reader[0].requests()).isEqualTo(5);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors)
                .contains(file + ":3: not JSON: ")
                .contains(file + ":7: not a recorded request in a known format");
        assertThat(errors.lines()).hasSize(2);

        RecordedRequest http = got.get(0);
        assertThat(http.request().from()).isEqualTo(Identity.parse("curl/curl"));
        assertThat(http.request().protocol()).isEqualTo(AppProtocol.HTTP);
        assertThat(http.request().host()).isEqualTo("httpbin.org");
        assertThat(http.request().ip()).isEqualTo("10.0.0.1");
        assertThat(http.request().port()).isEqualTo(80);
        assertThat(http.request().method()).isEqualTo("GET");
        assertThat(http.request().path()).isEqualTo("/get");
        assertThat(http.recorded()).isEqualTo(Verdict.ALLOW);
        assertThat(http.policy()).isEqualTo("curl/httpbin-80");
        assertThat(http.time())
                .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());

        RecordedRequest tls = got.get(4);
        assertThat(tls.request().protocol()).isEqualTo(AppProtocol.TLS);
        assertThat(tls.request().sni()).isEqualTo("evil.example");
        assertThat(tls.allowedWhenRecorded()).isFalse();

        assertThat(got.get(1).request().curl()).isNotNull();
        assertThat(got.get(1).recorded())
                .as("the replay format says nothing about the verdict")
                .isNull();
        assertThat(got.get(1).allowedWhenRecorded()).isTrue();
    }

    @Test
    void readsEnvoysAccessLogAsTheGivenClientWithPortsFromAuthorityOrUpstream() throws Exception {
        Path file = dir.resolve("envoy.log");
        Files.writeString(file, String.join("\n", ENVOY_HTTP, ENVOY_NO_ROUTE, ENVOY_TLS, ENVOY_TCP) + "\n");
        List<RecordedRequest> got = read(TrafficFormat.ENVOY, Identity.parse("shop/api"), file, null);

        assertThat(got).hasSize(4);
        assertThat(got).allSatisfy(r -> assertThat(r.request().from()).isEqualTo(Identity.parse("shop/api")));
        var http = got.get(0).request();
        assertThat(http.protocol()).isEqualTo(AppProtocol.HTTP);
        assertThat(http.host()).isEqualTo("httpbin.org");
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.ip()).isEqualTo("203.0.113.10");
        assertThat(http.path()).isEqualTo("/get?a=1");
        assertThat(got.get(0).recorded()).isEqualTo(Verdict.ALLOW);

        assertThat(got.get(1).recorded()).as("no route: the guide's 404").isEqualTo(Verdict.DENY);
        assertThat(got.get(1).request().port()).isEqualTo(80);
        assertThat(got.get(1).request().ip())
                .as("Envoy connected nowhere; the simulated DNS answers")
                .isNull();

        var tls = got.get(2).request();
        assertThat(tls.protocol()).isEqualTo(AppProtocol.TLS);
        assertThat(tls.sni()).isEqualTo("httpbin.org");
        assertThat(tls.port()).isEqualTo(443);

        var tcp = got.get(3).request();
        assertThat(tcp.protocol()).isEqualTo(AppProtocol.TCP);
        assertThat(tcp.ip()).isEqualTo("10.1.2.3");
        assertThat(tcp.port()).isEqualTo(5432);
    }

    @Test
    void anEnvoyLogWithoutAClientIsUnreadableLineByLineNeverFatal() throws Exception {
        Path file = dir.resolve("envoy.log");
        Files.writeString(file, ENVOY_HTTP + "\n" + ENVOY_TCP + "\n");
        TrafficReader[] reader = new TrafficReader[1];
        assertThat(read(TrafficFormat.AUTO, null, file, reader)).isEmpty();
        assertThat(reader[0].unreadable()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + ":1: an Envoy access log names no client: give --from NS/SA");
    }

    @Test
    void aGivenFormatIsNotGuessed() throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, ENFORCER_HTTP + "\n");
        TrafficReader[] reader = new TrafficReader[1];
        assertThat(read(TrafficFormat.REPLAY, null, file, reader)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(":1: missing \"from\"");
    }

    @Test
    void readsGzipFilesAsTheyAreToldByTheirMagicBytesNotTheirName() throws Exception {
        Path file = dir.resolve("access.log"); // no .gz: the bytes say it
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < 10_000; i++) {
                out.write((ENFORCER_HTTP + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        long[] n = new long[1];
        TrafficReader r =
                new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(err, true, StandardCharsets.UTF_8));
        r.read(file.toString(), x -> n[0]++, null);
        assertThat(n[0]).isEqualTo(10_000);
        assertThat(r.unreadable()).isZero();
    }

    @Test
    void badFieldsAreNamedInTheMessage() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                ENFORCER_HTTP.replace("\"port\":80", "\"port\":70000"),
                                ENFORCER_HTTP.replace("\"source\":\"curl/curl\"", "\"source\":\"curl\""),
                                ENFORCER_HTTP.replace("\"verdict\":\"allow\"", "\"verdict\":\"invalid\""))
                        + "\n");
        TrafficReader[] reader = new TrafficReader[1];
        assertThat(read(TrafficFormat.AUTO, null, file, reader)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(":1: \"port\": port 70000 is outside 1-65535")
                .contains(":2: \"source\": expected namespace/serviceAccount, got 'curl'")
                .contains(":3: the enforcer could not read this request (verdict invalid)");
    }

    @Test
    void theQuickReaderAndJacksonReadTheSameFieldsAndJacksonTakesWhatTheQuickOneLeaves() throws Exception {
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
        for (String line : List.of(
                ENFORCER_HTTP,
                ENFORCER_TLS_DENY,
                ENVOY_HTTP,
                ENVOY_NO_ROUTE,
                ENVOY_TLS,
                ENVOY_TCP,
                "{\"from\":\"a/b\",\"protocol\":\"http\",\"headers\":{\"x-a\":\"1\"},\"serverFirst\":true,\"port\":-1.5e3}")) {
            LineFields quick = QuickJson.read(line);
            assertThat(quick).as(line).isNotNull();
            assertThat(quick).usingRecursiveComparison().isEqualTo(LineFields.parseWithJackson(json, line));
        }
        assertThat(QuickJson.read("{\"path\":\"/a\\\"b\"}"))
                .as("an escape goes to Jackson")
                .isNull();
        assertThat(LineFields.parse(json, "{\"path\":\"/a\\\"b\",\"from\":\"a/b\"}").path)
                .isEqualTo("/a\"b");
        assertThat(QuickJson.read("{\"port\":01}")).isNull();
        assertThat(QuickJson.read("{\"a\":[1]}")).isNull();
    }

    @Test
    void utcTimesAreReadQuicklyAndExactly() {
        for (String t : List.of(
                "2026-01-02T03:04:05Z",
                "2026-01-02T03:04:05.1Z",
                "2026-01-02T03:04:05.123Z",
                "2026-01-02T03:04:05.123456789Z",
                "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z")) {
            assertThat(TrafficReader.utc(t))
                    .as(t)
                    .isEqualTo(java.time.Instant.parse(t).toEpochMilli());
        }
        assertThat(TrafficReader.utc("2026-02-30T00:00:00Z")).isEqualTo(Long.MIN_VALUE);
        assertThat(TrafficReader.time("2026-01-02T04:04:05+01:00"))
                .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
    }

    @Test
    void aConnectRefusedBeforeAnyByteIsReadAsTheTcpConnectionTheEnforcerDecided() throws Exception {
        Path file = dir.resolve("connect.jsonl");
        // as ConnectRequest.refuse logs it: protocol "connect", method CONNECT, no path
        Files.writeString(
                file,
                "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"curl/curl\",\"protocol\":\"connect\","
                        + "\"host\":\"httpbin.org\",\"ip\":\"10.0.0.1\",\"port\":443,\"sni\":null,\"method\":\"CONNECT\","
                        + "\"path\":null,\"verdict\":\"deny\",\"signal\":\"connection-refused\",\"policy\":null}\n");
        List<RecordedRequest> got = read(TrafficFormat.AUTO, null, file, null);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).request().protocol()).isEqualTo(AppProtocol.TCP);
        assertThat(got.get(0).request().host()).isEqualTo("httpbin.org");
        assertThat(got.get(0).request().port()).isEqualTo(443);
        assertThat(got.get(0).allowedWhenRecorded()).isFalse();
    }
}
