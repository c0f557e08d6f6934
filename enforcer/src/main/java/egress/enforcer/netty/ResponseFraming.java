package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Where one upstream HTTP/1.x response ends in the bytes the upstream sends (RFC 9112 section 6.3), found
 * without decoding it: the proxy relays a response as the bytes it read, and only needs its status, whether
 * the connection stays open, and how its body is delimited. Requests are still decoded and decided one by one;
 * this only tells where the answer to the one in flight stops.
 *
 * <p>Fed in order: {@link #head(ByteBuf, ByteBufAllocator)} until it returns a complete head (interim 1xx heads
 * come first, each a head of its own), then {@link #body(ByteBuf)} until {@link #complete()}. Anything it cannot
 * frame exactly (a malformed status line, conflicting lengths, a folded or nameless header line, bad chunk
 * syntax) is an {@link #error()}: the proxy then stops relaying and closes, rather than guess where the response
 * ends and hand the client bytes of another.
 */
final class ResponseFraming {
    /** The largest response head accepted; larger is an error (Netty's decoder took 8 KiB; servers send more). */
    static final int MAX_HEAD = 64 * 1024;

    private enum Body {
        NONE,
        LENGTH,
        CHUNKED,
        UNTIL_CLOSE
    }

    private enum Chunk {
        SIZE,
        SIZE_REST,
        DATA,
        DATA_END,
        DATA_LF,
        TRAILER_LINE_START,
        TRAILER_LINE
    }

    private boolean headRequest;
    /** The head being parsed, copied out of its buffer: reused from one response to the next. */
    private byte[] scratch = new byte[1024];

    private ByteBuf partial; // the start of a head split over reads
    private boolean headInPlace;
    private int lfState; // 0 in a line, 1 right after LF, 2 after LF CR: the head ends at the next LF
    private int status;
    private boolean interim;
    private boolean finalHead;
    private boolean keepAlive;
    private Body body;
    private long remaining;
    private Chunk chunk;
    private int sizeDigits;
    private boolean complete;
    private String error;
    private long payload;

    /** Framing for one response; {@link #start} readies it for the next (one per client connection). */
    ResponseFraming() {}

    /** Forgets the last response (and any head still being gathered): the answer to a new request comes next. */
    void start(boolean headRequest) {
        release();
        this.headRequest = headRequest;
        lfState = 0;
        headInPlace = false;
        status = 0;
        interim = false;
        finalHead = false;
        keepAlive = false;
        body = null;
        remaining = 0;
        chunk = null;
        sizeDigits = 0;
        complete = false;
        error = null;
        payload = 0;
    }

    /**
     * Takes the bytes of a response head from {@code in} (advancing its reader index): the whole head, retained
     * for the caller to write, once its empty line has come; null while it is still incomplete (what came is kept
     * here) or on an {@link #error()}.
     */
    ByteBuf head(ByteBuf in, ByteBufAllocator alloc) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lf = headEnd(in, start, end);
        int seen = (partial == null ? 0 : partial.readableBytes()) + ((lf < 0 ? end : lf) - start);
        if (lf < 0) {
            if (seen > MAX_HEAD) {
                return fail("response head larger than " + MAX_HEAD + " bytes");
            }
            if (partial == null) {
                partial = alloc.buffer(Math.max(256, end - start));
            }
            partial.writeBytes(in, start, end - start);
            in.readerIndex(end);
            return null;
        }
        int length = lf + 1 - start;
        ByteBuf whole;
        headInPlace = partial == null;
        if (partial == null) {
            whole = in.retainedSlice(start, length);
        } else {
            whole = partial.writeBytes(in, start, length);
            partial = null;
        }
        in.readerIndex(start + length);
        lfState = 0;
        if (seen + 1 > MAX_HEAD) {
            whole.release();
            return fail("response head larger than " + MAX_HEAD + " bytes");
        }
        if (!parse(whole)) {
            whole.release();
            return null;
        }
        return whole;
    }

    /**
     * The index of the LF that ends the head (one right after an LF, or after LF CR), or -1 when this read has none;
     * {@link #lfState} carries an LF or LF CR at the end of a read into the next. Only the bytes after each LF are
     * looked at: the search for LF is Netty's own.
     */
    private int headEnd(ByteBuf in, int start, int end) {
        if (partial != null && lfState != 0 && start < end) {
            byte b = in.getByte(start);
            if (b == '\n') {
                return start;
            }
            if (lfState == 1 && b == '\r') {
                if (start + 1 == end) {
                    lfState = 2;
                    return -1;
                }
                if (in.getByte(start + 1) == '\n') {
                    return start + 1;
                }
            }
        }
        int from = start;
        while (from < end) {
            int lf = in.indexOf(from, end, (byte) '\n');
            if (lf < 0) {
                break;
            }
            if (lf + 1 == end) {
                lfState = 1;
                return -1;
            }
            byte b = in.getByte(lf + 1);
            if (b == '\n') {
                return lf + 1;
            }
            if (b == '\r') {
                if (lf + 2 == end) {
                    lfState = 2;
                    return -1;
                }
                if (in.getByte(lf + 2) == '\n') {
                    return lf + 2;
                }
            }
            from = lf + 1;
        }
        lfState = 0;
        return -1;
    }

    /** Whether the final response head has yet to come: {@link #head} is to be fed, not {@link #body}. */
    boolean awaitingHead() {
        return !finalHead && error == null;
    }

    /** Whether the head returned last is a slice of the buffer it was read from (not gathered over reads). */
    boolean headInPlace() {
        return headInPlace;
    }

    /** Whether the head returned last was an interim response (1xx but 101): another head follows. */
    boolean interim() {
        return interim;
    }

    /** The status code of the head returned last. */
    int status() {
        return status;
    }

    /** Whether the connection may carry another request once this response is complete. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the final response has ended: no body, or all of it seen. */
    boolean complete() {
        return complete;
    }

    /** Why the bytes cannot be framed; null while they can. */
    String error() {
        return error;
    }

    /** Body bytes seen so far, without chunk framing. */
    long payload() {
        return payload;
    }

    /**
     * How many of {@code in}'s readable bytes, from its reader index, belong to this response's body (the reader
     * index is left alone). Fewer than readable only when the response ends inside them or on an error.
     */
    int body(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        switch (body) {
            case NONE -> {
                return 0;
            }
            case UNTIL_CLOSE -> {
                payload += end - start;
                return end - start;
            }
            case LENGTH -> {
                int n = (int) Math.min(remaining, end - start);
                remaining -= n;
                payload += n;
                complete = remaining == 0;
                return n;
            }
            default -> {
                return chunked(in, start, end);
            }
        }
    }

    private int chunked(ByteBuf in, int start, int end) {
        int i = start;
        while (i < end && !complete && error == null) {
            if (chunk == Chunk.DATA) {
                int n = (int) Math.min(remaining, end - i);
                remaining -= n;
                payload += n;
                i += n;
                if (remaining == 0) {
                    chunk = Chunk.DATA_END;
                }
                continue;
            }
            byte b = in.getByte(i++);
            switch (chunk) {
                case SIZE -> {
                    int digit = Character.digit(b, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > 15) {
                            fail("chunk size too long");
                        }
                        remaining = remaining * 16 + digit;
                    } else if (sizeDigits == 0) {
                        fail("chunk size expected");
                    } else if (b == ';' || b == ' ' || b == '\t' || b == '\r') {
                        chunk = Chunk.SIZE_REST;
                    } else if (b == '\n') {
                        sizeLineDone();
                    } else {
                        fail("invalid chunk size");
                    }
                }
                case SIZE_REST -> { // an extension (ignored) or the CR before LF
                    if (b == '\n') {
                        sizeLineDone();
                    }
                }
                case DATA_END, DATA_LF -> { // CRLF (or a bare LF) after a chunk's data, and nothing else
                    if (b == '\r' && chunk == Chunk.DATA_END) {
                        chunk = Chunk.DATA_LF;
                    } else if (b == '\n') {
                        chunk = Chunk.SIZE;
                        sizeDigits = 0;
                        remaining = 0;
                    } else {
                        fail("chunk data not followed by CRLF");
                    }
                }
                case TRAILER_LINE_START -> {
                    if (b == '\n') {
                        complete = true;
                    } else if (b != '\r') {
                        chunk = Chunk.TRAILER_LINE;
                    }
                }
                case TRAILER_LINE -> {
                    if (b == '\n') {
                        chunk = Chunk.TRAILER_LINE_START;
                    }
                }
                default -> throw new IllegalStateException(chunk.name());
            }
        }
        return error == null ? i - start : 0;
    }

    private void sizeLineDone() {
        if (remaining == 0) {
            chunk = Chunk.TRAILER_LINE_START; // the last chunk: trailer lines, then an empty line
        } else {
            chunk = Chunk.DATA;
        }
    }

    private ByteBuf fail(String why) {
        if (error == null) {
            error = why;
        }
        if (partial != null) {
            partial.release();
            partial = null;
        }
        return null;
    }

    /** Releases a head still being gathered. */
    void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private boolean parse(ByteBuf buf) {
        int end = buf.readableBytes();
        if (scratch.length < end) {
            scratch = new byte[Math.min(MAX_HEAD + 2, Math.max(end, scratch.length * 2))];
        }
        byte[] head = scratch; // one copy: byte by byte, a ByteBuf checks its index and refcount
        buf.getBytes(buf.readerIndex(), head, 0, end);
        int i = 0;
        int eol = lineEnd(head, i, end);
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (eol - i < 12 || !startsWith(head, i, "HTTP/1.") || head[i + 8] != ' ') {
            fail("malformed status line");
            return false;
        }
        byte minor = head[i + 7];
        if (minor != '0' && minor != '1') {
            fail("unsupported HTTP version");
            return false;
        }
        int code = 0;
        for (int k = i + 9; k < i + 12; k++) {
            byte d = head[k];
            if (d < '0' || d > '9') {
                fail("malformed status code");
                return false;
            }
            code = code * 10 + (d - '0');
        }
        if (code < 100 || (eol > i + 12 && head[i + 12] != ' ')) {
            fail("malformed status line");
            return false;
        }
        boolean http11 = minor == '1';
        boolean close = false;
        boolean keepAliveToken = false;
        boolean chunked = false;
        boolean transferEncoding = false;
        long length = -1;
        i = next(head, eol, end);
        while (i < end) {
            eol = lineEnd(head, i, end);
            if (eol == i) {
                break; // the empty line
            }
            byte first = head[i];
            if (first == ' ' || first == '\t') {
                fail("folded header line (obs-fold)");
                return false;
            }
            int colon = indexOf(head, i, eol, (byte) ':');
            if (colon <= i || head[colon - 1] == ' ' || head[colon - 1] == '\t') {
                fail("malformed header line");
                return false;
            }
            int vs = colon + 1;
            int ve = eol;
            while (vs < ve && isSpace(head[vs])) {
                vs++;
            }
            while (ve > vs && isSpace(head[ve - 1])) {
                ve--;
            }
            int nameLength = colon - i;
            if (nameIs(head, i, nameLength, "content-length")) {
                long n = contentLength(head, vs, ve);
                if (n < 0 || (length >= 0 && n != length)) {
                    fail("invalid or conflicting Content-Length");
                    return false;
                }
                length = n;
            } else if (nameIs(head, i, nameLength, "transfer-encoding")) {
                transferEncoding = true;
                chunked = lastTokenIs(head, vs, ve, "chunked");
            } else if (nameIs(head, i, nameLength, "connection")) {
                close |= hasToken(head, vs, ve, "close");
                keepAliveToken |= hasToken(head, vs, ve, "keep-alive");
            }
            i = next(head, eol, end);
        }
        status = code;
        interim = code < 200 && code != 101;
        finalHead = !interim;
        keepAlive = !close && (http11 || keepAliveToken);
        if (interim) {
            body = Body.NONE;
            return true;
        }
        if (code == 101) {
            body = Body.UNTIL_CLOSE; // an upgrade: the connection is no longer HTTP, and is closed after
            keepAlive = false;
        } else if (headRequest || code == 204 || code == 304) {
            body = Body.NONE;
        } else if (transferEncoding) {
            // RFC 9112 6.3: Transfer-Encoding overrides Content-Length, and the connection closes after such a message
            if (length >= 0) {
                keepAlive = false;
            }
            body = chunked ? Body.CHUNKED : Body.UNTIL_CLOSE;
            if (!chunked) {
                keepAlive = false;
            }
            chunk = Chunk.SIZE;
        } else if (length >= 0) {
            body = Body.LENGTH;
            remaining = length;
        } else {
            body = Body.UNTIL_CLOSE;
            keepAlive = false;
        }
        complete = body == Body.NONE || (body == Body.LENGTH && remaining == 0);
        return true;
    }

    /**
     * The head rewritten to end the connection after it: without its Connection and Keep-Alive lines, with
     * {@code Connection: close} before the empty line. Used while the enforcer drains.
     */
    static ByteBuf closing(ByteBuf buf, ByteBufAllocator alloc) {
        byte[] head = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), head);
        ByteBuf out = alloc.buffer(head.length + 19);
        int i = 0;
        int end = head.length;
        boolean statusLine = true;
        while (i < end) {
            int eol = lineEnd(head, i, end);
            int next = next(head, eol, end);
            if (eol == i && !statusLine) {
                out.writeCharSequence("Connection: close\r\n", StandardCharsets.US_ASCII);
                out.writeBytes(head, i, next - i);
                break;
            }
            int colon = statusLine ? -1 : indexOf(head, i, eol, (byte) ':');
            boolean drop = colon > i
                    && (nameIs(head, i, colon - i, "connection")
                            || nameIs(head, i, colon - i, "keep-alive")
                            || nameIs(head, i, colon - i, "proxy-connection"));
            if (!drop) {
                out.writeBytes(head, i, next - i);
            }
            statusLine = false;
            i = next;
        }
        return out;
    }

    /** The index of the line's end: its CR of CRLF, or its LF. */
    private static int lineEnd(byte[] b, int from, int end) {
        int lf = indexOf(b, from, end, (byte) '\n');
        if (lf < 0) {
            return end;
        }
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int next(byte[] b, int eol, int end) {
        if (eol < end && b[eol] == '\r') {
            eol++;
        }
        return Math.min(end, eol + 1);
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int k = from; k < to; k++) {
            if (b[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (b[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive comparison of an ASCII header name with a lower-case one. */
    private static boolean nameIs(byte[] b, int at, int length, String lower) {
        if (length != lower.length()) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            int c = b[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A Content-Length value: digits, or a list of one value repeated (RFC 9110 8.6); -1 when invalid. */
    private static long contentLength(byte[] b, int from, int to) {
        long value = -1;
        int s = from;
        for (int k = from; k <= to; k++) {
            if (k < to && b[k] != ',') {
                continue;
            }
            int ts = s;
            int te = k;
            while (ts < te && isSpace(b[ts])) {
                ts++;
            }
            while (te > ts && isSpace(b[te - 1])) {
                te--;
            }
            if (te == ts || te - ts > 18) {
                return -1;
            }
            long n = 0;
            for (int j = ts; j < te; j++) {
                byte c = b[j];
                if (c < '0' || c > '9') {
                    return -1;
                }
                n = n * 10 + (c - '0');
            }
            if (value >= 0 && n != value) {
                return -1;
            }
            value = n;
            s = k + 1;
        }
        return value;
    }

    private static boolean hasToken(byte[] b, int from, int to, String lower) {
        int s = from;
        for (int k = from; k <= to; k++) {
            if (k == to || b[k] == ',') {
                int ts = s;
                int te = k;
                while (ts < te && isSpace(b[ts])) {
                    ts++;
                }
                while (te > ts && isSpace(b[te - 1])) {
                    te--;
                }
                if (nameIs(b, ts, te - ts, lower)) {
                    return true;
                }
                s = k + 1;
            }
        }
        return false;
    }

    private static boolean lastTokenIs(byte[] b, int from, int to, String lower) {
        int comma = to - 1;
        while (comma >= from && b[comma] != ',') {
            comma--;
        }
        int ts = comma + 1;
        while (ts < to && isSpace(b[ts])) {
            ts++;
        }
        return nameIs(b, ts, to - ts, lower);
    }
}
