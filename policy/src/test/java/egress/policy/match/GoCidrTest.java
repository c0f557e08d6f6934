package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one CIDR parser against Go's {@code net.ParseCIDR} (Go 1.22+: {@code netip.ParseAddr}, then {@code dtoi}
 * for the prefix). The third column is what Go returns as the network, "reject" when it returns an error; the
 * fourth is the IPv4 range that network holds for {@code IPNet.Contains}, "none" when it holds no IPv4 address.
 */
class GoCidrTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // IPv4: four decimal octets 0-255, no leading zero in an octet (Go >= 1.17)
                "10.0.0.0/8          | 10.0.0.0/8        | 10.0.0.0/8",
                "10.0.0.5/24         | 10.0.0.0/24       | 10.0.0.0/24",
                "0.0.0.0/0           | 0.0.0.0/0         | 0.0.0.0/0",
                "255.255.255.255/32  | 255.255.255.255/32 | 255.255.255.255/32",
                "1.2.3.4/33          | reject            | -",
                "999.1.1.1/24        | reject            | -",
                "1.2.3.256/24        | reject            | -",
                "abc1.2.3.4/8        | reject            | -",
                "1.2.3/8             | reject            | -",
                "1.2.3.4.5/8         | reject            | -",
                "1..3.4/8            | reject            | -",
                ".1.2.3/8            | reject            | -",
                "01.2.3.4/8          | reject            | -",
                "1.2.3.00/8          | reject            | -",
                "1.2.3.0/8           | 1.0.0.0/8         | 1.0.0.0/8",
                "1.2.3.4             | reject            | -",
                "1.2.3.4/            | reject            | -",
                "' 1.2.3.4/8'        | reject            | -",
                "1.2.3.4/ 8          | reject            | -",
                "1.2.3.4/8           | 1.0.0.0/8         | 1.0.0.0/8",
                "1.2.3.4/+8          | reject            | -",
                "1.2.3.4/-1          | reject            | -",
                "1.2.3.4/8/8         | reject            | -",
                // the prefix goes through dtoi: leading zeros are read away, the value decides
                "10.0.0.0/08         | 10.0.0.0/8        | 10.0.0.0/8",
                "10.0.0.0/008        | 10.0.0.0/8        | 10.0.0.0/8",
                "10.0.0.0/00         | 0.0.0.0/0         | 0.0.0.0/0",
                "10.0.0.0/032        | 10.0.0.0/32       | 10.0.0.0/32",
                "10.0.0.0/033        | reject            | -",
                "10.0.0.0/99999999   | reject            | -",
                // IPv6, up to /128; the network keeps 16 bytes
                "2001:db8::/32       | 2001:db8::/32     | none",
                "2001:DB8::1/128     | 2001:db8::1/128   | none",
                "::/0                | ::/0              | none",
                "0001:0db8::/32      | 1:db8::/32       | none",
                "12345::/32          | reject            | -",
                "2001:db8::/129      | reject            | -",
                "2001:db8:::/32      | reject            | -",
                "2001::db8::/32      | reject            | -",
                "1:2:3:4:5:6:7:8:9/64 | reject           | -",
                "1:2:3:4:5:6:7::8/64 | reject            | -",
                "1:2:3:4:5:6:7:8/64  | 1:2:3:4::/64      | none",
                "fe80::1%eth0/64     | reject            | -",
                "%eth0/64            | reject            | -",
                "2001:db8:/32        | reject            | -",
                // embedded IPv4 (an IPv4-mapped address is IPv6 to Go: 128 bits; it holds IPv4 addresses from /96 on)
                "::ffff:10.0.0.0/104 | ::ffff:10.0.0.0/104 | 10.0.0.0/8",
                "::ffff:10.0.0.0/96  | ::ffff:0.0.0.0/96 | 0.0.0.0/0",
                "::ffff:10.0.0.0/24  | ::/24             | none",
                "::ffff:10.0.0.0/8   | ::/8              | none",
                "::ffff:010.0.0.0/104 | reject           | -",
                "1:2:3:4:5:6:1.2.3.4/128 | 1:2:3:4:5:6:102:304/128 | none",
                "1:2:3:4:5:1.2.3.4/128 | reject          | -",
                "::ffff:1.2.3/104    | reject            | -",
            })
    void readsAsGoNetParseCidr(String text, String go, String ipv4) {
        GoCidr c = GoCidr.tryParse(text);
        if (go.equals("reject")) {
            assertThat(c).as(text).isNull();
            assertThat(GoCidr.rejection(text)).isNotBlank();
            return;
        }
        assertThat(c).as(text).isNotNull();
        assertThat(format(c)).isEqualTo(go);
        Cidr v4 = c.ipv4Range();
        assertThat(v4 == null ? "none" : v4.toString()).isEqualTo(ipv4);
    }

    @Test
    void aRejectionSaysWhatGoObjectsTo() {
        assertThat(GoCidr.rejection("010.0.0.0/8")).contains("leading zero");
        assertThat(GoCidr.rejection("10.0.0.0/33")).contains("over 32");
        assertThat(GoCidr.rejection("10.0.0.0/8")).isNull();
    }

    private static final Identity CURL = new Identity("curl", "curl");

    /** A tcp Egress on port 5432 for curl/curl with these ipAddresses, compiled for an engine. */
    private static CompiledPolicySet tcpPolicy(String ipAddress, Engine engine) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("e.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: db, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ipAddresses: ["%s"]
                  ports: [{number: 5432, protocol: tcp}]
                """.formatted(ipAddress)));
        return PolicyCompiler.compile(set, MeshConfig.DEFAULT, engine);
    }

    private static boolean allowed(CompiledPolicySet c, String ip) {
        return c.decide(EgressRequest.tcp(CURL, Ipv4.parse(ip), 5432, false)).allowed();
    }

    @Test
    void aPrefixWithLeadingZerosRestrictsTheRuleInsteadOfBeingDropped() throws Exception {
        for (Engine engine : Engine.values()) {
            CompiledPolicySet c = tcpPolicy("10.0.0.0/08", engine);
            assertThat(allowed(c, "10.1.2.3")).as(engine.id()).isTrue();
            assertThat(allowed(c, "8.8.8.8"))
                    .as(engine.id() + ": 8.8.8.8 is outside 10.0.0.0/8")
                    .isFalse();
        }
    }

    @Test
    void anIpv6RangeRestrictsTheRuleToNoIpv4Destination() throws Exception {
        for (Engine engine : Engine.values()) {
            assertThat(allowed(tcpPolicy("::ffff:10.0.0.0/24", engine), "10.0.0.1"))
                    .as(engine.id())
                    .isFalse();
            assertThat(allowed(tcpPolicy("::ffff:10.0.0.0/104", engine), "10.0.0.1"))
                    .as(engine.id())
                    .isTrue();
        }
    }

    private static String format(GoCidr c) {
        if (!c.isIpv6()) {
            return c.ipv4Range().toString();
        }
        byte[] b = c.network();
        if (c.ipv4Range() != null || isMapped(b)) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff) + "/"
                    + c.prefix();
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out + "/" + c.prefix();
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
