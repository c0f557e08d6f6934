package egress.enforcer.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the server name from a TLS ClientHello without consuming anything, however the bytes were
 * split into TCP segments or TLS records. Fails soft: a malformed or oversized hello gives a finished
 * result with no server name, never an exception (as Netty's {@code AbstractSniHandler} does).
 */
public final class ClientHello {
    /** Largest handshake message accepted; a longer one is treated as having no server name. */
    public static final int MAX_HELLO = 64 * 1024;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE = 0x16;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;

    private ClientHello() {}

    /** A parse outcome: {@link #needMore} while the hello is incomplete, else the server name or null. */
    public record Result(boolean needMore, String serverName) {
        static final Result NEED_MORE = new Result(true, null);
        static final Result NO_NAME = new Result(false, null);
    }

    /** Whether bytes that start like this can be a TLS handshake record. */
    public static boolean looksLikeTls(ByteBuf in) {
        return in.readableBytes() > 0 && in.getUnsignedByte(in.readerIndex()) == HANDSHAKE;
    }

    /** Parses the readable bytes of {@code in}; the buffer is left as it was. */
    public static Result parse(ByteBuf in) {
        ByteBuf handshake = Unpooled.buffer();
        try {
            int at = in.readerIndex();
            int end = in.writerIndex();
            while (true) {
                if (handshake.readableBytes() >= 4) {
                    int length = handshake.getUnsignedMedium(1);
                    if (handshake.getUnsignedByte(0) != CLIENT_HELLO || length > MAX_HELLO) {
                        return Result.NO_NAME;
                    }
                    if (handshake.readableBytes() >= 4 + length) {
                        return new Result(false, serverName(handshake.slice(4, length)));
                    }
                }
                if (end - at < RECORD_HEADER) {
                    return Result.NEED_MORE;
                }
                if (in.getUnsignedByte(at) != HANDSHAKE || in.getUnsignedByte(at + 1) != 3) {
                    return Result.NO_NAME;
                }
                int recordLength = in.getUnsignedShort(at + 3);
                int available = Math.min(recordLength, end - at - RECORD_HEADER);
                handshake.writeBytes(in, at + RECORD_HEADER, available);
                if (available < recordLength) {
                    return handshake.readableBytes() >= 4 && handshake.getUnsignedByte(0) != CLIENT_HELLO
                            ? Result.NO_NAME
                            : Result.NEED_MORE;
                }
                at += RECORD_HEADER + recordLength;
            }
        } finally {
            handshake.release();
        }
    }

    private static String serverName(ByteBuf hello) {
        int i = 2 + 32; // version, random
        if (!fits(hello, i, 1)) {
            return null;
        }
        i += 1 + hello.getUnsignedByte(i); // session id
        if (!fits(hello, i, 2)) {
            return null;
        }
        i += 2 + hello.getUnsignedShort(i); // cipher suites
        if (!fits(hello, i, 1)) {
            return null;
        }
        i += 1 + hello.getUnsignedByte(i); // compression methods
        if (!fits(hello, i, 2)) {
            return null;
        }
        int extensionsEnd = Math.min(hello.writerIndex(), i + 2 + hello.getUnsignedShort(i));
        i += 2;
        while (i + 4 <= extensionsEnd) {
            int type = hello.getUnsignedShort(i);
            int length = hello.getUnsignedShort(i + 2);
            i += 4;
            if (i + length > extensionsEnd) {
                return null;
            }
            if (type == SERVER_NAME) {
                return hostName(hello, i, i + length);
            }
            i += length;
        }
        return null;
    }

    private static String hostName(ByteBuf b, int start, int end) {
        int i = start + 2; // server name list length
        while (i + 3 <= end) {
            int type = b.getUnsignedByte(i);
            int length = b.getUnsignedShort(i + 1);
            i += 3;
            if (i + length > end) {
                return null;
            }
            if (type == 0) {
                return b.toString(i, length, StandardCharsets.US_ASCII).toLowerCase(Locale.US);
            }
            i += length;
        }
        return null;
    }

    private static boolean fits(ByteBuf b, int index, int length) {
        return index + length <= b.writerIndex();
    }
}
