package egress.simulator.curl;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Checks and converts option values; every error names the option and the value. */
final class OptionValues {
    private OptionValues() {}

    static int port(String text, String option, String value) {
        if (text.isEmpty()
                || text.length() > 5
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) > 65535) {
            throw new CurlParseException("bad port '" + text + "' in " + option + " " + value);
        }
        return Integer.parseInt(text);
    }

    /** Seconds as curl takes them for {@code --max-time}: a non-negative decimal number. */
    static Duration seconds(String text, String option) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() < 0 || text.startsWith("+") || text.contains("e") || text.contains("E")) {
                throw new NumberFormatException(text);
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new CurlParseException("option " + option + " needs a number of seconds, got '" + text + "'");
        }
    }

    static int count(String text, String option) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CurlParseException("option " + option + " needs a whole number, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** {@code --data-urlencode}: {@code content}, {@code =content} or {@code name=content}. */
    static String urlEncodeData(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            return percentEncode(value);
        }
        String name = value.substring(0, equals);
        String encoded = percentEncode(value.substring(equals + 1));
        return name.isEmpty() ? encoded : name + "=" + encoded;
    }

    /** Percent-encodes every byte except the unreserved characters, as curl_easy_escape does. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
