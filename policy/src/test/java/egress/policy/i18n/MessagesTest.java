package egress.policy.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.validate.Codes;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Linter;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final String EGRESS = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ipAddresses: [10.0.0.0/8]
              ports: [{number: 80, protocol: http}]
            """;

    /** One bundle file as written, without the English parent a ResourceBundle would add. */
    private static Properties file(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/egress/policy/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothBundlesHaveTheSameKeysAndPlaceholders() throws IOException {
        Properties en = file("messages.properties");
        Properties ja = file("messages_ja.properties");
        Set<String> enKeys = new TreeSet<>(en.stringPropertyNames());
        assertThat(new TreeSet<>(ja.stringPropertyNames())).isEqualTo(enKeys);
        for (String key : enKeys) {
            String e = en.getProperty(key);
            String j = ja.getProperty(key);
            assertThat(placeholders(j)).as(key).isEqualTo(placeholders(e));
            new MessageFormat(e, Locale.ENGLISH); // well-formed
            new MessageFormat(j, Locale.JAPANESE);
            if (!key.equals("verbatim") && !key.startsWith("routes.")) {
                assertThat(j).as("%s is translated", key).isNotEqualTo(e);
            }
        }
    }

    @Test
    void theParsedPatternsRenderEveryTextAsMessageFormatDoes() throws IOException {
        String[] args = {"a0", "b'1", "{2}", "d3", "e4", "f5"};
        for (String name : new String[] {"messages.properties", "messages_ja.properties"}) {
            Properties p = file(name);
            Locale locale = name.contains("_ja") ? Locale.JAPANESE : Locale.ENGLISH;
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                assertThat(CompiledPattern.compile(pattern, locale).format(args))
                        .as(name + " " + key)
                        .isEqualTo(new MessageFormat(pattern, locale).format(args));
            }
        }
        assertThat(CompiledPattern.compile("'{0}' is {0}, it''s {1}", Locale.ENGLISH)
                        .format(new String[] {"x"}))
                .isEqualTo(new MessageFormat("'{0}' is {0}, it''s {1}", Locale.ENGLISH).format(new Object[] {"x"}));
    }

    @Test
    void theJapaneseBundleIsItsOwnNotTheEnglishFallback() {
        // every Japanese key is defined in messages_ja itself (a missing one would silently fall back to English)
        ResourceBundle ja = Messages.bundle(Locale.JAPANESE);
        assertThat(ja.getLocale()).isEqualTo(Locale.JAPANESE);
        assertThat(ja.getString("reason.closed")).contains("接続は閉じられる");
    }

    @Test
    void everyLintCodeHasATextInBothLanguages() {
        for (String code : Codes.all().keySet()) {
            if (code.startsWith("EGR3")) {
                assertThat(Messages.bundle(Locale.ENGLISH).containsKey(code))
                        .as(code)
                        .isTrue();
            }
        }
    }

    @Test
    void argumentsArePlacedAsTextWithoutGroupingAndNestedMessagesInTheSameLanguage() {
        Message m = Message.of("reason.closed", Message.of("reason.no-egress-for-port", "curl/curl", 8080));
        assertThat(m.english()).isEqualTo("no Egress for curl/curl lists port 8080; the connection is closed");
        assertThat(m.render(Locale.JAPANESE)).isEqualTo("curl/curl に適用される Egress のどれもポート 8080 を指定していない。接続は閉じられる");
        assertThat(m.textArgs(Locale.ENGLISH)).containsExactly("no Egress for curl/curl lists port 8080");
        assertThat(Message.of("miss.protocol-unknown", "curl/x", 80, "HTTP", "osm")
                        .english())
                .isEqualTo("curl/x lists port 80 with protocol 'HTTP', which the osm engine does not recognise");
        assertThat(Message.of("verbatim", "it's {0} as is").render(Locale.JAPANESE))
                .isEqualTo("it's {0} as is");
    }

    @Test
    void anUnknownCodeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Message.of("reason.nope").english()).hasMessageContaining("reason.nope");
    }

    @Test
    void aRefusalExplainsItselfInJapaneseWithTheSameCodeAndArguments() throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("<test>", EGRESS));
        Decision d = PolicyCompiler.compile(set, MeshConfig.DEFAULT, Engine.OSM)
                .decide(EgressRequest.http(
                        new Identity("curl", "curl"), 0x0A000001, 8080, "httpbin.org:8080", "GET", "/get", Map.of()));
        assertThat(d.reasonMessage().code()).isEqualTo("reason.closed");
        assertThat(d.reason()).isEqualTo("no Egress for curl/curl lists port 8080; the connection is closed");
        assertThat(d.reason(Locale.JAPANESE)).isEqualTo("curl/curl に適用される Egress のどれもポート 8080 を指定していない。接続は閉じられる");
        assertThat(d.nearestMissMessage().code()).isEqualTo("miss.port");
        assertThat(d.nearestMiss()).isEqualTo("httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080");
        assertThat(d.nearestMiss(Locale.JAPANESE))
                .isEqualTo("80 番ポートの httpbin.org は curl/httpbin-80 によって許可されているが、8080 番ポートは許可されていない");
    }

    @Test
    void lintsCarryTheirCodeAndArgumentsAndAdmissionStaysVerbatim() throws Exception {
        Diagnostic lint = Linter.lint(PolicySet.of(ManifestReader.read("<test>", EGRESS)), Engine.OSM).stream()
                .filter(x -> x.code().equals(Codes.IP_ON_HTTP))
                .findFirst()
                .orElseThrow();
        assertThat(lint.detail().code()).isEqualTo(Codes.IP_ON_HTTP);
        assertThat(lint.args()).containsExactly("80");
        assertThat(lint.message(Locale.JAPANESE)).startsWith("http ポート 80 の ipAddresses は osm (Envoy) では無視され");
        assertThat(lint.format(Locale.JAPANESE)).contains("warning EGR301 spec.ports[0]: http ポート 80");
        assertThat(lint.message(Locale.ENGLISH)).isEqualTo(lint.message());
        Diagnostic admission =
                new Diagnostic(lint.severity(), "EGR110", "f", lint.position(), "o", "spec.sources", "Required value");
        assertThat(admission.message(Locale.JAPANESE)).isEqualTo("Required value");
        assertThat(admission.args()).isEmpty();
    }

    @Test
    void theLanguageComesFromTheEnvironmentAsPosixSays() {
        assertThat(Messages.fromEnvironment(Map.of())).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.fromEnvironment(Map.of("LANG", "ja_JP.UTF-8"))).isEqualTo(Locale.JAPANESE);
        assertThat(Messages.fromEnvironment(Map.of("LANG", "ja"))).isEqualTo(Locale.JAPANESE);
        assertThat(Messages.fromEnvironment(Map.of("LANG", "C"))).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.fromEnvironment(Map.of("LANG", "POSIX"))).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.fromEnvironment(Map.of("LC_MESSAGES", "ja_JP.UTF-8", "LANG", "C")))
                .isEqualTo(Locale.JAPANESE);
        assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "C", "LC_MESSAGES", "ja_JP.UTF-8")))
                .isEqualTo(Locale.ENGLISH);
        assertThat(Messages.fromEnvironment(Map.of("LC_ALL", "", "LANG", "ja_JP.eucJP")))
                .isEqualTo(Locale.JAPANESE);
        assertThat(Messages.fromEnvironment(Map.of("LANG", "jav_ID"))).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.parseLang("ja")).isEqualTo(Locale.JAPANESE);
        assertThat(Messages.parseLang("en-US")).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.parseLang("fr")).isNull();
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
