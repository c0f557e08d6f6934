package egress.enforcer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTableTest {
    @Test
    void firstMatchingEntryWinsAndEmptyFieldsMatchAnyOrKeepTheRequest() {
        HostsTable t =
                HostsTable.parse(List.of("httpbin.org:80:127.0.0.1:8080", ":443:127.0.0.1:", "other.org::10.0.0.1:"));
        assertThat(t.lookup("HTTPBIN.org", 80)).hasToString("127.0.0.1:8080");
        assertThat(t.lookup("httpbin.org", 443)).hasToString("127.0.0.1:443");
        assertThat(t.lookup("other.org", 25)).hasToString("10.0.0.1:25");
        assertThat(t.lookup("example.org", 80)).hasToString("example.org:80");
    }

    @Test
    void badPortsAreNamed() {
        assertThatThrownBy(() -> ConnectTo.parse("a:99999:b:1"))
                .hasMessage("port '99999' in --connect-to 'a:99999:b:1' is not 1-65535");
    }
}
