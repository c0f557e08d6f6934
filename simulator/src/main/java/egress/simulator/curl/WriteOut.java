package egress.simulator.curl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code -w/--write-out}: expands {@code %{variable}}, {@code %%} and the escapes {@code \n \r \t \\}.
 * Only the variables below are known; another one is an error when the command is parsed.
 */
final class WriteOut {
    static final List<String> VARIABLES = List.of(
            "http_code",
            "response_code",
            "exitcode",
            "url_effective",
            "method",
            "http_version",
            "content_type",
            "size_download",
            "scheme",
            "errormsg");

    private WriteOut() {}

    static void check(String format) {
        int at = 0;
        while ((at = format.indexOf("%{", at)) >= 0) {
            int end = format.indexOf('}', at);
            if (end < 0) {
                return; // curl prints an unterminated %{ as written
            }
            String name = format.substring(at + 2, end);
            if (!VARIABLES.contains(name)) {
                throw new CurlParseException("unsupported --write-out variable: " + name);
            }
            at = end + 1;
        }
    }

    /** Expands the format for a finished transfer; {@code response} is empty when it failed. */
    static String expand(
            String format, CurlCommand command, Optional<HttpResponse> response, int exitCode, String errorMessage) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && format.startsWith("%{", i) && format.indexOf('}', i) > 0) {
                int end = format.indexOf('}', i);
                out.append(value(format.substring(i + 2, end), command, response, exitCode, errorMessage));
                i = end;
            } else if (c == '%' && format.startsWith("%%", i)) {
                out.append('%');
                i++;
            } else if (c == '\\' && i + 1 < format.length() && "nrt\\".indexOf(format.charAt(i + 1)) >= 0) {
                char e = format.charAt(++i);
                out.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : '\\');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String value(
            String name, CurlCommand command, Optional<HttpResponse> response, int exitCode, String errorMessage) {
        return switch (name) {
            case "http_code", "response_code" ->
                String.format("%03d", response.map(HttpResponse::status).orElse(0));
            case "exitcode" -> Integer.toString(exitCode);
            case "url_effective" -> command.url().effective();
            case "method" -> command.method();
            case "http_version" ->
                response.map(r -> r.version().replace("HTTP/", "")).orElse("0");
            case "content_type" ->
                response.flatMap(r -> r.header("Content-Type")).orElse("");
            case "size_download" ->
                Integer.toString(response.filter(
                                r -> !command.method().equals("HEAD") && !command.has(CurlFlag.HEAD) && exitCode == 0)
                        .map(HttpResponse::bodyLength)
                        .orElse(0));
            case "scheme" -> command.url().scheme().toUpperCase(Locale.ROOT);
            case "errormsg" -> errorMessage;
            default -> throw new IllegalStateException("unchecked --write-out variable " + name);
        };
    }
}
