package egress.enforcer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentDecisionsTest {
    private static AccessRecord record(String path) {
        return new AccessRecord(
                Instant.parse("2026-01-02T03:04:05Z"),
                "curl/curl",
                "http",
                "httpbin.org",
                "10.0.0.1",
                80,
                null,
                "GET",
                path,
                null,
                1,
                0,
                0,
                0,
                0);
    }

    @Test
    void keepsTheLastRecordsNumberedAndServesThoseAfterASequenceNumber() {
        RecentDecisions recent = new RecentDecisions(3);
        assertThat(recent.since(0)).isEqualTo(new RecentDecisions.Page(1, 0, java.util.List.of()));
        for (int i = 1; i <= 5; i++) {
            recent.add(AccessLog.toJson(record("/" + i)));
        }

        RecentDecisions.Page all = recent.since(0);
        assertThat(all.oldest()).isEqualTo(3);
        assertThat(all.last()).isEqualTo(5);
        assertThat(all.lines()).hasSize(3);
        assertThat(all.lines().get(0)).contains("\"path\":\"/3\"").isEqualTo(AccessLog.toJson(record("/3")));

        RecentDecisions.Page newer = recent.since(4);
        assertThat(newer.lines()).singleElement().asString().contains("\"path\":\"/5\"");
        assertThat(recent.since(5)).isEqualTo(new RecentDecisions.Page(3, 5, java.util.List.of()));
        // a number from before a restart: everything held is new
        assertThat(recent.since(99).lines()).hasSize(3);
    }

    @Test
    void theAccessLogKeepsWhatItWrites() throws Exception {
        RecentDecisions recent = new RecentDecisions(10);
        AccessLog log = new AccessLog(line -> {});
        log.keepRecent(recent);
        log.log(record("/a"));
        assertThat(recent.since(0).lines()).singleElement().asString().contains("\"path\":\"/a\"");

        RecentDecisions fromAsync = new RecentDecisions(10);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (AccessLog async = AccessLog.async(out)) {
            async.keepRecent(fromAsync);
            async.log(record("/b"));
        } // close writes out what is queued
        assertThat(fromAsync.since(0).lines())
                .singleElement()
                .asString()
                .contains("\"path\":\"/b\"")
                .isEqualTo(out.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }
}
