package egress.simulator.curl;

import java.util.Optional;

/**
 * Renders what curl prints for one outcome: an HTTP response, or a {@link CurlFailure}.
 *
 * <ul>
 *   <li>stdout: the body; with {@code -i} the status line and headers, a blank line, then the
 *       body; with {@code -I} the status line, headers and blank line only. Header lines end in
 *       CRLF, as curl copies them from the wire; the body is printed as received.</li>
 *   <li>{@code -o FILE}: what would go to stdout goes to {@link CurlResult#file()} instead.</li>
 *   <li>{@code -f} and a status of 400 or more: nothing on stdout, exit 22.</li>
 *   <li>stderr: the error line ({@code curl: (N) ...} plus LF) unless {@code -s} is given without
 *       {@code -S}; {@code -v} lines before it. The progress meter is never rendered.</li>
 *   <li>{@code -w}: expanded and appended to stdout, also after a failure.</li>
 * </ul>
 * {@code -L} is not followed here: pass the final response.
 */
public final class CurlOutput {
    private static final String CRLF = "\r\n";

    private CurlOutput() {}

    public static CurlResult render(CurlCommand command, HttpResponse response) {
        VerboseLog verbose = new VerboseLog(command);
        if (command.has(CurlFlag.VERBOSE)) {
            verbose.trying().connected().request(Optional.of(response)).response(response);
        }
        if (command.has(CurlFlag.FAIL) && response.status() >= 400) {
            String message = CurlFailure.httpErrorMessage(response.status());
            if (command.has(CurlFlag.VERBOSE)) {
                verbose.info(message.substring(message.indexOf(") ") + 2)).info("Closing connection");
            }
            return finish(command, Optional.of(response), "", 22, verbose, message);
        }
        if (command.has(CurlFlag.VERBOSE)) {
            verbose.info("Connection #0 to host " + command.connectTarget().host() + " left intact");
        }
        return finish(command, Optional.of(response), transferred(command, response), 0, verbose, null);
    }

    public static CurlResult render(CurlCommand command, CurlFailure failure) {
        if (failure == CurlFailure.HTTP_RETURNED_ERROR) {
            throw new IllegalArgumentException("HTTP_RETURNED_ERROR comes from a response: render the HttpResponse");
        }
        VerboseLog verbose = new VerboseLog(command);
        if (command.has(CurlFlag.VERBOSE)) {
            if (failure != CurlFailure.COULD_NOT_RESOLVE_HOST) {
                verbose.trying();
            }
            if (failure.afterConnect()) {
                verbose.connected();
                if (!command.tls()) {
                    verbose.request(Optional.empty());
                }
            }
            verbose.info(failure.text(command)).info("Closing connection");
        }
        String message = failure.message(command);
        if (failure == CurlFailure.PEER_FAILED_VERIFICATION) {
            message += "\nMore details here: https://curl.se/docs/sslcerts.html\n\n"
                    + "curl failed to verify the legitimacy of the server and therefore could not\n"
                    + "establish a secure connection to it. To learn more about this situation and\n"
                    + "how to fix it, please visit the web page mentioned above.";
        }
        return finish(command, Optional.empty(), "", failure.exitCode(), verbose, message);
    }

    /** The status line, headers and blank line, CRLF-terminated, as {@code -I} and {@code -i} print them. */
    public static String headerBlock(HttpResponse response) {
        StringBuilder out = new StringBuilder(response.statusLine()).append(CRLF);
        for (HttpHeader header : response.headers()) {
            out.append(header).append(CRLF);
        }
        return out.append(CRLF).toString();
    }

    private static String transferred(CurlCommand command, HttpResponse response) {
        if (command.has(CurlFlag.HEAD)) {
            return headerBlock(response);
        }
        String body = command.method().equals("HEAD") ? "" : response.body();
        return command.has(CurlFlag.INCLUDE) ? headerBlock(response) + body : body;
    }

    private static CurlResult finish(
            CurlCommand command,
            Optional<HttpResponse> response,
            String transferred,
            int exitCode,
            VerboseLog verbose,
            String errorMessage) {
        Optional<CurlResult.OutputFile> file =
                command.output().map(name -> new CurlResult.OutputFile(name, transferred));
        String stdout = file.isPresent() ? "" : transferred;
        String errorText = errorMessage == null
                ? ""
                : errorMessage
                        .substring(errorMessage.indexOf(") ") + 2)
                        .lines()
                        .findFirst()
                        .orElse("");
        if (command.writeOut().isPresent()) {
            stdout += WriteOut.expand(command.writeOut().get(), command, response, exitCode, errorText);
        }
        boolean showError = !command.has(CurlFlag.SILENT) || command.has(CurlFlag.SHOW_ERROR);
        String stderr = verbose + (errorMessage != null && showError ? errorMessage + "\n" : "");
        return new CurlResult(exitCode, stdout, stderr, file);
    }
}
