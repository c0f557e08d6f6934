package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Project;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code egress} speaks Japanese when the locale says so (LC_ALL, LC_MESSAGES, LANG) or {@code --lang ja}. */
class LanguageTest {
    private static final Path ROOT = Project.root();
    private static final Map<String, String> JA = Map.of("LANG", "ja_JP.UTF-8");
    private static final Map<String, String> C = Map.of("LANG", "C");
    private static final String NEAREST_MISS_JA =
            "最も近い不一致: 80 番ポートの httpbin.org は curl/httpbin-80 によって許可されているが、8080 番ポートは許可されていない";

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String[] simulate(String... lead) {
        String samples = ROOT.resolve("samples").toString();
        List<String> args = new java.util.ArrayList<>(List.of(lead));
        args.addAll(List.of(
                "simulate",
                "--resources",
                samples + "/curl.yaml",
                samples + "/egress-httpbin-80.yaml",
                "--from",
                "curl/curl",
                "--explain",
                "--",
                "curl",
                "-sI",
                "http://httpbin.org:8080/get"));
        return args.toArray(String[]::new);
    }

    @Test
    void simulateExplainsInJapaneseUnderAJapaneseLocale() {
        assertThat(Main.run(JA, simulate())).isEqualTo(52);
        assertThat(out())
                .startsWith("command terminated with exit code 52\n") // curl and kubectl stay as they print
                .contains("# deny (connection-closed): curl/curl に適用される Egress のどれもポート 8080 を指定していない。" + "接続は閉じられる\n")
                .contains("#   " + NEAREST_MISS_JA);
    }

    @Test
    void langOverridesTheEnvironmentBothWays() {
        assertThat(Main.run(JA, simulate("--lang", "en"))).isEqualTo(52);
        assertThat(out()).contains("nearest miss: httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080");
        out.reset();
        assertThat(Main.run(C, simulate("--lang=ja"))).isEqualTo(52);
        assertThat(out()).contains(NEAREST_MISS_JA);
    }

    @Test
    void lcAllWinsOverLang() {
        assertThat(Main.run(Map.of("LC_ALL", "C", "LANG", "ja_JP.UTF-8"), simulate()))
                .isEqualTo(52);
        assertThat(out()).contains("nearest miss: httpbin.org");
        out.reset();
        assertThat(Main.run(Map.of("LC_MESSAGES", "ja_JP.UTF-8", "LANG", "C"), simulate()))
                .isEqualTo(52);
        assertThat(out()).contains(NEAREST_MISS_JA);
    }

    @Test
    void validatePrintsLintsInJapaneseAndAdmissionVerbatim() throws Exception {
        Path f = dir.resolve("e.yaml");
        Files.writeString(f, """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: e, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ipAddresses: [10.0.0.0/8]
                  ports:
                    - {number: 80, protocol: http}
                """);
        assertThat(Main.run(JA, "validate", f.toString())).isZero();
        assertThat(out())
                .contains(f + ":9:7: warning EGR301 spec.ports[0]: http ポート 80 の ipAddresses は osm (Envoy) では無視され")
                .endsWith("マニフェスト 1 件: エラー 0 件、警告 1 件\n");
        out.reset();
        assertThat(Main.run(JA, "validate", "--output", "json", f.toString())).isZero();
        assertThat(out())
                .contains("\"code\" : \"EGR301\"")
                .contains("\"args\" : [ \"80\" ]")
                .contains("\"message\" : \"http ポート 80 の ipAddresses");
        out.reset();
        Files.writeString(f, Files.readString(f).replace("number: 80,", "number: 70000,"));
        assertThat(Main.run(JA, "validate", f.toString())).isEqualTo(1);
        assertThat(out())
                .contains(
                        "error EGR114 spec.ports[0].number: Invalid value: 70000: " // as the API server says it
                                + "spec.ports[0].number in body should be less than or equal to 65535");
    }

    @Test
    void testFailuresAreExplainedInJapanese() throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: t}
                cases:
                  - name: blocked
                    request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                    expect: {verdict: allow}
                """);
        int status = Main.run(JA, "test", f.toString());
        assertThat(out()).contains("FAIL " + f + ": blocked: verdict は allow のはずだが、deny だった (");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void commonErrorsInJapanese() {
        assertThat(Main.run(JA, "validate", dir.resolve("nothere.yaml").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("nothere.yaml:0:0: ファイルを読めない: ").contains("は存在しない");
        err.reset();
        assertThat(Main.run(
                        JA,
                        "validate",
                        "--engine",
                        "foo",
                        ROOT.resolve("samples").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("egress: 不明なエンジン 'foo': osm か pipy を指定すること");
        err.reset();
        assertThat(Main.run(JA, "validate", "--nope", "x")).isEqualTo(2);
        assertThat(err()).contains("validate: 不明なオプション: --nope").contains("使い方は 'egress validate --help' で表示される。");
        err.reset();
        assertThat(Main.run(JA, "simulate", "--from", "curl/curl")).isEqualTo(2);
        assertThat(err()).contains("必須の指定がない: --resources=FILE|DIR");
        err.reset();
        assertThat(Main.run(C, "--lang", "fr", "validate", "x")).isEqualTo(2);
        assertThat(err()).contains("egress: --lang takes en or ja, not 'fr'");
        err.reset();
        assertThat(Main.run(
                        C,
                        "validate",
                        "--engine",
                        "foo",
                        ROOT.resolve("samples").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("egress: unknown engine 'foo': expected osm or pipy");
    }

    /** The real command in a real process: LANG from the environment, output in the terminal's encoding. */
    @Test
    void theEgressScriptSpeaksJapaneseUnderLangJa() throws Exception {
        String samples = ROOT.resolve("samples").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        ROOT.resolve("egress").toString(),
                        "simulate",
                        "--resources",
                        samples + "/curl.yaml",
                        samples + "/egress-httpbin-80.yaml",
                        "--from",
                        "curl/curl",
                        "--explain",
                        "--",
                        "curl",
                        "-sI",
                        "http://httpbin.org:8080/get")
                .redirectErrorStream(true);
        pb.environment().remove("LC_ALL");
        pb.environment().remove("LC_MESSAGES");
        pb.environment().put("LANG", "ja_JP.UTF-8");
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains(NEAREST_MISS_JA);
        assertThat(p.exitValue()).as(text).isEqualTo(52);

        // picocli's own usage errors too, in the terminal's encoding rather than the JVM's (ASCII here)
        pb.command(ROOT.resolve("egress").toString(), "validate", "--nope", "x");
        Process usage = pb.start();
        String error = new String(usage.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(usage.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(error).contains("validate: 不明なオプション: --nope");
        assertThat(usage.exitValue()).as(error).isEqualTo(2);
    }
}
