/*
 * Load generator for benchmarks/connect-deny-bench.sh: CONC connections at a time, each sending one request
 * (a file's bytes: a CONNECT line and a TLS ClientHello) through an HTTP proxy and reading until the proxy has
 * refused it. A refusal is either a non-200 answer to the CONNECT (squid: 403), or "200" followed by the proxy
 * closing the connection without a byte of the tunnel (the enforcer, as osm's sidecar: it decides on the server
 * name and closes). Anything from beyond the proxy after a 200 counts as "leaked": the tunnel was not refused.
 * Prints one line: refusals, leaked, errors, seconds, p50/p99 ms of a refusal (connect to close).
 *
 * usage: refusals HOST PORT SECONDS CONC REQUEST_FILE
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXC 1024
#define BUCKETS 100000 /* 10 us each: up to 1 s */

struct conn {
    int fd;
    int sent;
    int got;
    char buf[4096];
    double start;
};

static char *req;
static int reqlen;
static struct sockaddr_in addr;
static int ep;
static long refusals, leaked, errors;
static long hist[BUCKETS + 1];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void open_conn(struct conn *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->sent = 0;
    c->got = 0;
    c->start = now();
    if (connect(c->fd, (struct sockaddr *) &addr, sizeof addr) < 0 && errno != EINPROGRESS) {
        perror("connect");
        exit(2);
    }
    struct epoll_event e = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e);
}

/* 0 = still going, 1 = refused, 2 = leaked, 3 = error */
static int verdict(struct conn *c, int eof) {
    char *end = memmem(c->buf, c->got, "\r\n\r\n", 4);
    if (!end) {
        return eof ? 3 : 0;
    }
    int status = c->got >= 12 ? atoi(c->buf + 9) : 0;
    if (status != 200) {
        return 1; /* refused with a status (the body, if any, is not waited for) */
    }
    if (c->got > (end - c->buf) + 4) {
        return 2; /* bytes from beyond the proxy: the tunnel was open */
    }
    return eof ? 1 : 0;
}

static void finish(struct conn *c, int v) {
    close(c->fd);
    if (v == 1) {
        refusals++;
        long b = (long) ((now() - c->start) * 1e5);
        hist[b > BUCKETS ? BUCKETS : b]++;
    } else if (v == 2) {
        leaked++;
    } else {
        errors++;
    }
}

static double pct(double p) {
    long want = (long) (refusals * p), seen = 0;
    for (int i = 0; i <= BUCKETS; i++) {
        seen += hist[i];
        if (seen > want) {
            return i / 100.0;
        }
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: refusals HOST PORT SECONDS CONC REQUEST_FILE\n");
        return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    double seconds = atof(argv[3]);
    int conc = atoi(argv[4]);
    if (conc < 1 || conc > MAXC) {
        fprintf(stderr, "CONC must be 1..%d\n", MAXC);
        return 2;
    }
    FILE *f = fopen(argv[5], "rb");
    if (!f) {
        perror(argv[5]);
        return 2;
    }
    req = malloc(1 << 16);
    reqlen = fread(req, 1, 1 << 16, f);
    fclose(f);
    ep = epoll_create1(0);
    static struct conn conns[MAXC];
    double t0 = now(), stop = t0 + seconds;
    for (int i = 0; i < conc; i++) {
        open_conn(&conns[i]);
    }
    struct epoll_event evs[256];
    while (now() < stop) {
        int n = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (evs[i].events & EPOLLOUT && c->sent < reqlen) {
                ssize_t w = write(c->fd, req + c->sent, reqlen - c->sent);
                if (w > 0) {
                    c->sent += w;
                }
                if (c->sent == reqlen) {
                    struct epoll_event e = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
                } else if (w < 0 && errno != EAGAIN) {
                    finish(c, 3);
                    open_conn(c);
                    continue;
                }
            }
            if (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                int eof = 0, v = 0;
                for (;;) {
                    ssize_t r = read(c->fd, c->buf + c->got, sizeof c->buf - c->got);
                    if (r > 0) {
                        c->got += r;
                        if (c->got == (int) sizeof c->buf) {
                            break;
                        }
                    } else if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                        eof = 1; /* FIN or RST: the proxy closed */
                        break;
                    } else {
                        break;
                    }
                }
                v = verdict(c, eof);
                if (v) {
                    finish(c, v);
                    open_conn(c);
                }
            }
        }
    }
    double took = now() - t0;
    printf("refusals=%ld leaked=%ld errors=%ld seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f\n", refusals, leaked,
           errors, took, refusals / took, pct(0.50), pct(0.99));
    return 0;
}
