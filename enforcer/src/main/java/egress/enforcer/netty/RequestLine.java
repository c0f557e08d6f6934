package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;

/** Recognises the start of an HTTP/1 request line: a method token of capital letters, then a space. */
final class RequestLine {
    private static final int MAX_METHOD = 20;

    enum Sniff {
        NEED_MORE,
        HTTP,
        OTHER
    }

    private RequestLine() {}

    static Sniff sniff(ByteBuf in) {
        int n = Math.min(in.readableBytes(), MAX_METHOD + 1);
        for (int i = 0; i < n; i++) {
            byte c = in.getByte(in.readerIndex() + i);
            if (c == ' ') {
                return i > 0 ? Sniff.HTTP : Sniff.OTHER;
            }
            if (c < 'A' || c > 'Z') {
                return Sniff.OTHER;
            }
        }
        return n > MAX_METHOD ? Sniff.OTHER : Sniff.NEED_MORE;
    }
}
