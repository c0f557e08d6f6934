package egress.simulator.curl;

import java.util.Optional;

/**
 * The curl options the simulator understands: long name, short letter ({@code '\0'} for none), and
 * whether it takes a value.
 */
enum CurlOption {
    SILENT("silent", 's', false),
    SHOW_ERROR("show-error", 'S', false),
    HEAD("head", 'I', false),
    INCLUDE("include", 'i', false),
    VERBOSE("verbose", 'v', false),
    INSECURE("insecure", 'k', false),
    LOCATION("location", 'L', false),
    FAIL("fail", 'f', false),
    REQUEST("request", 'X', true),
    HEADER("header", 'H', true),
    DATA("data", 'd', true),
    DATA_ASCII("data-ascii", '\0', true),
    DATA_RAW("data-raw", '\0', true),
    DATA_BINARY("data-binary", '\0', true),
    DATA_URLENCODE("data-urlencode", '\0', true),
    JSON("json", '\0', true),
    OUTPUT("output", 'o', true),
    RESOLVE("resolve", '\0', true),
    CONNECT_TO("connect-to", '\0', true),
    HTTP1_0("http1.0", '0', false),
    HTTP1_1("http1.1", '\0', false),
    HTTP2("http2", '\0', false),
    MAX_TIME("max-time", 'm', true),
    CONNECT_TIMEOUT("connect-timeout", '\0', true),
    PROXY("proxy", 'x', true),
    NOPROXY("noproxy", '\0', true),
    USER_AGENT("user-agent", 'A', true),
    USER("user", 'u', true),
    WRITE_OUT("write-out", 'w', true),
    RETRY("retry", '\0', true);

    private final String longName;
    private final char shortName;
    private final boolean takesValue;

    CurlOption(String longName, char shortName, boolean takesValue) {
        this.longName = longName;
        this.shortName = shortName;
        this.takesValue = takesValue;
    }

    boolean takesValue() {
        return takesValue;
    }

    static Optional<CurlOption> byLongName(String name) {
        for (CurlOption option : values()) {
            if (option.longName.equals(name)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    static Optional<CurlOption> byShortName(char letter) {
        for (CurlOption option : values()) {
            if (letter != '\0' && option.shortName == letter) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
