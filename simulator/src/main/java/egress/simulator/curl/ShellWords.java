package egress.simulator.curl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell does, without expanding anything.
 *
 * <p>Handles single quotes, double quotes (where a backslash escapes only {@code $ ` " \} and
 * newline), backslash escapes outside quotes, backslash-newline continuation and {@code #}
 * comments. A command substitution {@code $(...)} is kept verbatim inside its word. Unquoted
 * control operators ({@code | & ; < >}) are rejected: a curl line is one simple command.
 */
final class ShellWords {
    private final String line;
    private int pos;

    private ShellWords(String line) {
        this.line = line;
    }

    static List<String> split(String line) {
        return new ShellWords(line).words();
    }

    private List<String> words() {
        List<String> words = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= line.length()) {
                return words;
            }
            if (line.charAt(pos) == '#') {
                skipComment();
                continue;
            }
            words.add(word());
        }
    }

    private void skipBlanks() {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < line.length() && line.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < line.length() && line.charAt(pos) != '\n') {
            pos++;
        }
    }

    private String word() {
        StringBuilder out = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            if ("|&;<>".indexOf(c) >= 0) {
                throw new CurlParseException("shell operator '" + c + "' is not supported in a curl line");
            }
            pos++;
            if (c == '\'') {
                singleQuoted(out);
            } else if (c == '"') {
                doubleQuoted(out);
            } else if (c == '\\') {
                backslash(out);
            } else if (c == '$' && pos < line.length() && line.charAt(pos) == '(') {
                out.append('$');
                substitution(out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void backslash(StringBuilder out) {
        if (pos >= line.length()) {
            return; // a trailing backslash escapes nothing
        }
        char next = line.charAt(pos++);
        if (next != '\n') {
            out.append(next);
        }
    }

    private void singleQuoted(StringBuilder out) {
        int end = line.indexOf('\'', pos);
        if (end < 0) {
            throw new CurlParseException("unterminated single quote");
        }
        out.append(line, pos, end);
        pos = end + 1;
    }

    private void doubleQuoted(StringBuilder out) {
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return;
            }
            if (c == '\\' && pos < line.length()) {
                char next = line.charAt(pos);
                if ("$`\"\\\n".indexOf(next) >= 0) {
                    pos++;
                    if (next != '\n') {
                        out.append(next);
                    }
                    continue;
                }
            }
            if (c == '$' && pos < line.length() && line.charAt(pos) == '(') {
                out.append('$');
                substitution(out);
                continue;
            }
            out.append(c);
        }
        throw new CurlParseException("unterminated double quote");
    }

    /** Copies a {@code $(...)} verbatim, including nested parentheses and quotes. */
    private void substitution(StringBuilder out) {
        int depth = 0;
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            out.append(c);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            } else if (c == '\'') {
                int end = line.indexOf('\'', pos);
                if (end < 0) {
                    throw new CurlParseException("unterminated single quote");
                }
                out.append(line, pos, end + 1);
                pos = end + 1;
            } else if (c == '\\' && pos < line.length()) {
                out.append(line.charAt(pos++));
            }
        }
        throw new CurlParseException("unterminated command substitution $(");
    }
}
