package egress.simulator.curl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a curl command line into a {@link CurlCommand}. Strips a {@code $ } prompt, a leading
 * {@code curl} word, and a wrapper such as {@code kubectl exec ... -- curl}.
 */
final class CurlLineParser {
    private final List<String> words;
    private int next;

    private final List<CurlUrl> urls = new ArrayList<>();
    private final Set<CurlFlag> flags = EnumSet.noneOf(CurlFlag.class);
    private final List<String> headerLines = new ArrayList<>();
    private final List<String> dataParts = new ArrayList<>();
    private final List<ResolveEntry> resolves = new ArrayList<>();
    private final List<ConnectToEntry> connectTos = new ArrayList<>();
    private Optional<String> method = Optional.empty();
    private Optional<String> output = Optional.empty();
    private CurlHttpVersion httpVersion = CurlHttpVersion.DEFAULT;
    private Optional<Duration> maxTime = Optional.empty();
    private Optional<Duration> connectTimeout = Optional.empty();
    private Optional<String> proxy = Optional.empty();
    private Optional<String> noProxy = Optional.empty();
    private Optional<String> userAgent = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<String> writeOut = Optional.empty();
    private int retry;

    private CurlLineParser(List<String> words) {
        this.words = words;
    }

    static CurlCommand parse(String commandLine) {
        String line = commandLine.strip();
        if (line.startsWith("$ ")) {
            line = line.substring(2);
        }
        return new CurlLineParser(commandWords(ShellWords.split(line))).command();
    }

    /** Drops everything up to {@code -- curl} (a kubectl exec wrapper) and a leading {@code curl}. */
    private static List<String> commandWords(List<String> words) {
        List<String> rest = words;
        if (!rest.isEmpty() && !isCurl(rest.get(0))) {
            for (int i = 0; i + 1 < rest.size(); i++) {
                if (rest.get(i).equals("--") && isCurl(rest.get(i + 1))) {
                    rest = rest.subList(i + 1, rest.size());
                    break;
                }
            }
        }
        if (!rest.isEmpty() && isCurl(rest.get(0))) {
            return rest.subList(1, rest.size());
        }
        if (!rest.isEmpty() && rest.get(0).chars().allMatch(Character::isLetterOrDigit)) {
            // a bare word such as "wget" or "kubectl" is a command name, not a URL
            throw new CurlParseException("not a curl command: " + rest.get(0));
        }
        return rest;
    }

    private static boolean isCurl(String word) {
        return word.equals("curl") || word.endsWith("/curl");
    }

    private CurlCommand command() {
        boolean optionsEnded = false;
        while (next < words.size()) {
            String word = words.get(next++);
            if (optionsEnded || !word.startsWith("-") || word.equals("-")) {
                urls.add(CurlUrl.parse(word));
            } else if (word.equals("--")) {
                optionsEnded = true;
            } else if (word.startsWith("--")) {
                longOption(word);
            } else {
                shortOptions(word);
            }
        }
        if (urls.isEmpty()) {
            throw new CurlParseException("no URL in curl command");
        }
        if (flags.contains(CurlFlag.HEAD) && !dataParts.isEmpty()) {
            throw new CurlParseException(
                    "you can only select one HTTP request method: -I (HEAD) and data (POST) were both given");
        }
        Optional<String> data = dataParts.isEmpty() ? Optional.empty() : Optional.of(String.join("&", dataParts));
        return new CurlCommand(
                urls,
                flags,
                method,
                headerLines,
                data,
                output,
                resolves,
                connectTos,
                httpVersion,
                maxTime,
                connectTimeout,
                proxy,
                noProxy,
                userAgent,
                user,
                writeOut,
                retry);
    }

    private void longOption(String word) {
        int equals = word.indexOf('=');
        String name = equals < 0 ? word : word.substring(0, equals);
        CurlOption option = CurlOption.byLongName(name.substring(2))
                .orElseThrow(() -> new CurlParseException("unknown curl option: " + name));
        if (!option.takesValue()) {
            if (equals >= 0) {
                throw new CurlParseException("option " + name + " takes no value");
            }
            apply(option, name, null);
        } else if (equals >= 0) {
            apply(option, name, word.substring(equals + 1));
        } else {
            apply(option, name, nextWord(name));
        }
    }

    /** A cluster such as {@code -sSfL}, {@code -XPOST}, {@code -sX POST} or {@code -m5}. */
    private void shortOptions(String word) {
        for (int i = 1; i < word.length(); i++) {
            char letter = word.charAt(i);
            String name = "-" + letter;
            CurlOption option = CurlOption.byShortName(letter)
                    .orElseThrow(() -> new CurlParseException("unknown curl option: " + name));
            if (!option.takesValue()) {
                apply(option, name, null);
            } else if (i + 1 < word.length()) {
                apply(option, name, word.substring(i + 1));
                return;
            } else {
                apply(option, name, nextWord(name));
                return;
            }
        }
    }

    private String nextWord(String name) {
        if (next >= words.size()) {
            throw new CurlParseException("option " + name + " needs a value");
        }
        return words.get(next++);
    }

    private void apply(CurlOption option, String name, String value) {
        switch (option) {
            case SILENT -> flags.add(CurlFlag.SILENT);
            case SHOW_ERROR -> flags.add(CurlFlag.SHOW_ERROR);
            case HEAD -> flags.add(CurlFlag.HEAD);
            case INCLUDE -> flags.add(CurlFlag.INCLUDE);
            case VERBOSE -> flags.add(CurlFlag.VERBOSE);
            case INSECURE -> flags.add(CurlFlag.INSECURE);
            case LOCATION -> flags.add(CurlFlag.LOCATION);
            case FAIL -> flags.add(CurlFlag.FAIL);
            case REQUEST -> method = Optional.of(nonEmpty(value, name));
            case HEADER -> {
                RequestHeaders.parse(value); // rejects a line that is not a header
                headerLines.add(value);
            }
            case DATA, DATA_ASCII, DATA_RAW, DATA_BINARY -> dataParts.add(value);
            case DATA_URLENCODE -> dataParts.add(OptionValues.urlEncodeData(value));
            case JSON -> {
                flags.add(CurlFlag.JSON);
                dataParts.add(value);
            }
            case OUTPUT -> output = Optional.of(nonEmpty(value, name));
            case RESOLVE -> resolves.add(ResolveEntry.parse(value));
            case CONNECT_TO -> connectTos.add(ConnectToEntry.parse(value));
            case HTTP1_0 -> httpVersion = CurlHttpVersion.HTTP_1_0;
            case HTTP1_1 -> httpVersion = CurlHttpVersion.HTTP_1_1;
            case HTTP2 -> httpVersion = CurlHttpVersion.HTTP_2;
            case MAX_TIME -> maxTime = Optional.of(OptionValues.seconds(value, name));
            case CONNECT_TIMEOUT -> connectTimeout = Optional.of(OptionValues.seconds(value, name));
            case PROXY -> proxy = Optional.of(value);
            case NOPROXY -> noProxy = Optional.of(value);
            case USER_AGENT -> userAgent = Optional.of(value);
            case USER -> user = Optional.of(value);
            case WRITE_OUT -> {
                WriteOut.check(value);
                writeOut = Optional.of(value);
            }
            case RETRY -> retry = OptionValues.count(value, name);
            default -> throw new IllegalStateException("unhandled option " + option);
        }
    }

    private static String nonEmpty(String value, String name) {
        if (value.isEmpty()) {
            throw new CurlParseException("option " + name + " needs a value");
        }
        return value;
    }
}
