package egress.simulator.curl;

import java.util.Optional;

/**
 * What a curl run ends with: its exit code, what it printed, and what {@code -o} would have written.
 *
 * @param file the {@code -o} file and the content curl would write there; never written to disk
 */
public record CurlResult(int exitCode, String stdout, String stderr, Optional<OutputFile> file) {

    public CurlResult(int exitCode, String stdout, String stderr) {
        this(exitCode, stdout, stderr, Optional.empty());
    }

    /** The content {@code -o NAME} sends to a file instead of stdout. */
    public record OutputFile(String name, String content) {}
}
